"""Who holds a seat: status changes, cancelling and the waiting list.

The one seat rule: free seats go to the waiting list in its order (first registered first), and
a newcomer joins the back of that list (`status_for_newcomer`). Every service that frees seats
gives them out through `promote_waiting`, so no seat stays free while someone waits.

Every change to who holds a seat of an activity happens while holding a lock on that
activity's row, so counting the seats and taking one is a single step: on PostgreSQL
`select_for_update()` serialises them; on SQLite, where it is a no-op, the settings begin every
transaction IMMEDIATE, which takes the database's write lock at BEGIN.
"""

import datetime as dt
from functools import partial

from django.db import connection, transaction
from django.utils import timezone

from perspectives.accounts.models import User
from perspectives.core.services import log_action
from perspectives.core.transactions import queue_with_transaction

from .. import notifications
from ..models import (
    CANCELLABLE_STATUSES,
    SEAT_STATUSES,
    Activity,
    Registration,
    RegistrationStatus,
    is_allowed_transition,
    needs_free_seat,
)
from ..selectors import (
    count_seats_and_waiting,
    list_next_in_line,
    list_waiting_list,
    seats_left,
)


class RegistrationError(Exception):
    """A registration cannot be made or changed as asked."""


class RegistrationClosed(RegistrationError):
    """The activity takes no sign-ups now: its registration has closed, or it is a closed meeting."""


class CancellationClosed(RegistrationError):
    """A participant can no longer cancel: the activity has started."""


class NoFreeSeat(RegistrationError):
    """The change would take a seat, and none is free (or others wait for it)."""


def lock_activity(*, activity_id: int) -> Activity:
    """The activity's row, locked until the transaction ends, with what the seat rule and the
    deadlines read (other fields load on first use); must run inside a transaction."""
    return (
        Activity.objects.select_for_update()
        .only(
            "id", "code", "capacity", "starts_on", "registration_closes_at", "is_closed", "is_draft"
        )
        .get(pk=activity_id)
    )


def lock_for_sign_up(*, activity: Activity) -> None:
    """Take the activity's lock and read its capacity afresh into `activity`; must run inside a
    transaction. One fixed statement: every sign-up of the activity queues here, and building
    the ORM's statement cost more than the database took to answer it."""
    with connection.cursor() as cursor:
        cursor.execute(
            LOCK_FOR_UPDATE if connection.features.has_select_for_update else LOCK_SQLITE,
            [activity.pk],
        )
        row = cursor.fetchone()
    if row is None:
        raise Activity.DoesNotExist(activity.pk)
    activity.capacity = row[0]


LOCK_FOR_UPDATE = "SELECT capacity FROM activities_activity WHERE id = %s FOR UPDATE"
# SQLite has no row locks: its transactions take the database's write lock at BEGIN (IMMEDIATE).
LOCK_SQLITE = "SELECT capacity FROM activities_activity WHERE id = %s"


def status_for_newcomer(*, activity: Activity, actor: User | None = None) -> str:
    """The status a newcomer joins in: a seat when one is free and nobody waits, else the back
    of the waiting list. Seats free while others wait (a capacity raised but not yet filled)
    go to them first. Must hold the activity's lock."""
    taken, waiting = count_seats_and_waiting(activity=activity)
    if waiting and activity.seats_left_of(taken) != 0:
        promote_waiting(activity=activity, actor=actor)
        taken, waiting = count_seats_and_waiting(activity=activity)
    if waiting or activity.seats_left_of(taken) == 0:
        return RegistrationStatus.WAITLISTED
    return RegistrationStatus.REGISTERED


def promote_waiting(*, activity: Activity, actor: User | None = None) -> list[Registration]:
    """Give every free seat to the waiting list in its order; returns who moved up. Must hold
    the activity's lock."""
    promoted = list_next_in_line(activity=activity)
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        log_action(
            action="activities.registration.promoted",
            actor=actor,
            target=registration,
            data={"activity": activity.pk},
        )
        queue_with_transaction(
            partial(notifications.notify_promoted, registration_id=registration.pk)
        )
    return promoted


@transaction.atomic
def set_registration_status(
    *, registration: Registration, status: str, actor: User | None = None
) -> list[Registration]:
    """Move one registration to another status, as ALLOWED_TRANSITIONS permits; returns who
    moved up from the waiting list into a seat it freed.

    A move into a seat from the waiting list or a cancellation needs a free seat that nobody
    waits for before this registration (NoFreeSeat); a seat it frees goes to the waiting list.
    Raises RegistrationError for a move the table does not allow. `registration` is updated
    in place.
    """
    activity = lock_activity(activity_id=registration.activity_id)
    current = Registration.objects.get(pk=registration.pk)
    old = current.status
    if old == status:
        registration.status = current.status
        return []
    if not is_allowed_transition(old, status):
        raise RegistrationError(f"a registration that is {old} cannot become {status}")
    if needs_free_seat(old, status) and not _is_next_for_a_seat(
        activity=activity, registration=current
    ):
        raise NoFreeSeat(activity.code)
    current.status = status
    current.save(update_fields=["status", "updated_at"])
    log_action(
        action="activities.registration.status_changed",
        actor=actor,
        target=current,
        data={"changes": {"status": [old, status]}},
    )
    promoted = []
    if old in SEAT_STATUSES and status not in SEAT_STATUSES:
        promoted = promote_waiting(activity=activity, actor=actor)
    registration.status, registration.updated_at = current.status, current.updated_at
    return promoted


def _is_next_for_a_seat(*, activity: Activity, registration: Registration) -> bool:
    """Whether a seat is free and nobody on the waiting list is ahead of this registration."""
    free = seats_left(activity=activity)
    if free == 0:
        return False
    ahead = list_waiting_list(activity=activity).exclude(pk=registration.pk)
    if registration.status == RegistrationStatus.WAITLISTED:
        ahead = ahead.filter(registered_at__lte=registration.registered_at).exclude(
            registered_at=registration.registered_at, pk__gt=registration.pk
        )
    return free is None or ahead.count() < free


def cancel_registration(
    *,
    registration: Registration,
    actor: User | None = None,
    by_participant: bool = False,
    now: dt.datetime | None = None,
) -> list[Registration]:
    """Cancel a registration and give the freed seat to the waiting list; returns who moved up.

    Cancelling twice changes nothing. Attendance that has been recorded (attended, no-show)
    cannot be cancelled (RegistrationError). A participant cancelling themselves may do so
    through the start date only (CancellationClosed); staff may cancel later.
    """
    now = now or timezone.now()
    with transaction.atomic():
        activity = lock_activity(activity_id=registration.activity_id)
        current = Registration.objects.get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            registration.status = current.status
            return []
        if current.status not in CANCELLABLE_STATUSES:
            raise RegistrationError(f"a registration that is {current.status} cannot be cancelled")
        if by_participant and not activity.is_cancellation_open(now):
            raise CancellationClosed(activity.code)
        old = current.status
        current.status = RegistrationStatus.CANCELLED
        current.save(update_fields=["status", "updated_at"])
        log_action(
            action="activities.registration.cancelled",
            actor=actor,
            target=current,
            data={"activity": activity.pk, "changes": {"status": [old, current.status]}},
        )
        queue_with_transaction(partial(notifications.notify_cancelled, registration_id=current.pk))
        promoted = promote_waiting(activity=activity, actor=actor)
    registration.status = current.status
    registration.updated_at = current.updated_at
    return promoted


def fill_free_seats(*, activity: Activity, actor: User | None = None) -> list[Registration]:
    """Promote from the waiting list into every free seat, e.g. after the capacity was raised."""
    with transaction.atomic():
        locked = lock_activity(activity_id=activity.pk)
        return promote_waiting(activity=locked, actor=actor)
