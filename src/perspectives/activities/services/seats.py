"""Who holds a seat: registering by staff, status changes, cancelling and the waiting list.

Every change to who holds a seat of an activity happens while holding a lock on that
activity's row, so counting the seats and taking one is a single step: on PostgreSQL
`select_for_update()` serialises them; on SQLite, where it is a no-op, the settings begin every
transaction IMMEDIATE, which takes the database's write lock at BEGIN.
"""

from decimal import Decimal
from functools import partial

from django.db import transaction
from django.utils import timezone

from perspectives.core.services import (
    log_action,
)
from perspectives.core.transactions import queue_with_transaction
from perspectives.people.models import ParticipantType, Person

from .. import notifications
from ..models import Activity, Registration, RegistrationSource, RegistrationStatus
from ..selectors import list_waiting_list, seats_left


class RegistrationError(Exception):
    """A registration cannot be made or changed as asked."""


class RegistrationClosed(RegistrationError):
    """The activity takes no sign-ups now: its registration has closed, or it is a closed meeting."""


def price_for(*, activity: Activity, person: Person) -> Decimal:
    """What this person pays: freelancers pay the freelancer price where there is one."""
    if (
        person.participant_type == ParticipantType.FREELANCER
        and activity.freelancer_price_amount is not None
    ):
        return activity.freelancer_price_amount
    return activity.price_amount


@transaction.atomic
def register_participant(
    *,
    activity: Activity,
    person: Person,
    registered_by=None,
    source: str = RegistrationSource.STAFF,
    status: str = RegistrationStatus.REGISTERED,
) -> Registration:
    """Register a person for an activity once; a second call returns the existing registration."""
    existing = Registration.objects.filter(activity=activity, person=person).first()
    if existing is not None:
        return existing
    # Staff add people under the same rule as the public form: no seat that does not exist.
    locked = lock_activity(activity_id=activity.pk)
    if status == RegistrationStatus.REGISTERED and seats_left(activity=locked) == 0:
        status = RegistrationStatus.WAITLISTED
    registration = Registration(
        activity=activity,
        person=person,
        status=status,
        price_amount=price_for(activity=activity, person=person),
        source=source,
        registered_at=timezone.now(),
    )
    registration.full_clean()
    registration.save()
    log_action(
        action="activities.registration.created",
        actor=registered_by,
        target=registration,
        data={"activity": activity.pk, "status": status, "source": source},
    )
    return registration


@transaction.atomic
def set_registration_status(
    *, registration: Registration, status: str, changed_by=None
) -> Registration:
    """Move one registration to another status; a seat it frees goes to the waiting list."""
    if status not in RegistrationStatus.values:
        raise RegistrationError(f"unknown status {status!r}")
    old = registration.status
    if old == status:
        return registration
    activity = lock_activity(activity_id=registration.activity_id)
    registration.status = status
    registration.save(update_fields=["status", "updated_at"])
    log_action(
        action="activities.registration.status_changed",
        actor=changed_by,
        target=registration,
        data={"changes": {"status": [old, status]}},
    )
    if old in SEAT_STATUSES and status in FREED_SEAT_STATUSES:
        promote_waiting(activity=activity, changed_by=changed_by)
    return registration


SEAT_STATUSES = {RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED}
FREED_SEAT_STATUSES = {RegistrationStatus.CANCELLED, RegistrationStatus.WAITLISTED}


def lock_activity(*, activity_id: int) -> Activity:
    """The activity's row, fresh and locked until the transaction ends; must run inside one."""
    return Activity.objects.select_for_update().get(pk=activity_id)


def promote_waiting(
    *, activity: Activity, changed_by=None, except_id: int | None = None
) -> list[Registration]:
    """Give every free seat to the waiting list in its order; must hold the activity's lock.

    `except_id`: a registration that waits behind everyone else whatever its place (a sign-up
    that is being seated itself).
    """
    free = seats_left(activity=activity)
    waiting = list_waiting_list(activity=activity).exclude(pk=except_id)
    promoted = list(waiting if free is None else waiting[:free])
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        log_action(
            action="activities.registration.promoted",
            actor=changed_by,
            target=registration,
            data={"activity": activity.pk},
        )
        queue_with_transaction(
            partial(notifications.notify_promoted, registration_id=registration.pk)
        )
    return promoted


CANCELLABLE_STATUSES = {RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED}


def cancel_registration(*, registration: Registration, cancelled_by=None) -> Registration | None:
    """Cancel a registration and give the freed seat to the first on the waiting list.

    Returns the promoted registration, or None. Cancelling twice changes nothing; attendance
    that has been recorded (attended, no-show) cannot be cancelled: raises RegistrationError.
    """
    with transaction.atomic():
        activity = lock_activity(activity_id=registration.activity_id)
        current = Registration.objects.get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            registration.status = current.status
            return None
        if current.status not in CANCELLABLE_STATUSES:
            raise RegistrationError(f"a registration that is {current.status} cannot be cancelled")
        old = current.status
        current.status = RegistrationStatus.CANCELLED
        current.save(update_fields=["status", "updated_at"])
        log_action(
            action="activities.registration.cancelled",
            actor=cancelled_by,
            target=current,
            data={"activity": activity.pk, "changes": {"status": [old, current.status]}},
        )
        queue_with_transaction(partial(notifications.notify_cancelled, registration_id=current.pk))
        promoted = promote_waiting(activity=activity, changed_by=cancelled_by)
    registration.status = current.status
    registration.updated_at = current.updated_at
    return promoted[0] if promoted else None


def fill_free_seats(*, activity: Activity, changed_by=None) -> list[Registration]:
    """Promote from the waiting list into every free seat, e.g. after the capacity was raised."""
    with transaction.atomic():
        locked = lock_activity(activity_id=activity.pk)
        return promote_waiting(activity=locked, changed_by=changed_by)
