"""Sign-up through the public form and the API: a seat while capacity lasts, else the waiting list."""

import datetime as dt
from functools import partial

from django.db import connection, transaction
from django.utils import timezone

from perspectives.core.services import (
    audit_entry,
    log_entries,
)
from perspectives.core.transactions import queue_with_transaction
from perspectives.people.services import (
    affiliate_person,
    find_or_create_person,
    get_or_create_organisation,
)

from .. import notifications
from ..models import Activity, Registration, RegistrationStatus
from ..selectors import seats_left
from .seats import RegistrationClosed, lock_activity, price_for, promote_waiting


def register_for_activity(
    *,
    activity: Activity | None = None,
    code: str = "",
    email: str,
    first_name: str,
    last_name: str,
    participant_type: str,
    organisation: str = "",
    source: str,
    registered_by=None,
    now: dt.datetime | None = None,
) -> tuple[Registration, bool]:
    """Sign a person up by e-mail: a seat while capacity lasts, else the waiting list.

    The activity is given, or the `code` of a public one (not a closed meeting), which saves
    reading it before the transaction; an unknown code raises Activity.DoesNotExist (checked
    after the person's data: an invalid sign-up for an unknown code raises ValidationError).
    Returns (registration, created). The same person again gets their registration back with
    created=False; a cancelled one is taken up again at the back of the queue (created=True).
    Raises RegistrationClosed, or ValidationError for invalid data.
    """
    if (activity is None) == (not code):
        raise TypeError("register_for_activity() takes either an activity or a code")
    now = now or timezone.now()
    with transaction.atomic():
        # The person is found or made before the activity is locked: under a rush every sign-up
        # queues for that one lock, so it is held only for the seat itself. Should registration
        # be closed, the exception below rolls the new person back with the rest. A public form
        # must not let anyone rename someone else by typing their address: an existing person's
        # data stay as they are.
        person, new_person_entry = find_or_create_person(
            email=email,
            first_name=first_name,
            last_name=last_name,
            participant_type=participant_type,
            created_by=registered_by,
        )
        if organisation.strip():
            affiliate_person(
                person=person,
                organisation=get_or_create_organisation(name=organisation),
                created_by=registered_by,
            )
        if activity is not None:
            locked = lock_activity(activity_id=activity.pk)
        else:
            locked = Activity.objects.select_for_update().get(code=code, is_closed=False)
        if not locked.is_registration_open(now):
            raise RegistrationClosed(locked.code)
        # A person inserted by this transaction cannot have a registration yet.
        registration = None
        if new_person_entry is None:
            # Through the relation, so the registration knows its (locked) activity unasked.
            registration = locked.registrations.filter(person=person).first()
            if registration is not None and registration.status != RegistrationStatus.CANCELLED:
                return registration, False
        action = "activities.registration.created"
        if registration is None:
            registration = Registration(activity=locked, person=person)
        else:
            action = "activities.registration.reactivated"
        registration.price_amount = price_for(activity=locked, person=person)
        registration.source = source
        # The back of the queue: the waiting list is ordered by registered_at, then id.
        registration.registered_at = now
        # Uniqueness was settled above under the lock, and both foreign keys were just read;
        # the database still enforces all of them.
        registration.full_clean(
            exclude=["activity", "person"], validate_unique=False, validate_constraints=False
        )
        if registration.pk is None and _insert_with_seat_or_on_waiting_list(
            registration=registration, capacity=locked.capacity, now=now
        ):
            status = registration.status
        else:
            free = seats_left(activity=locked)
            if free is None or free > 0:
                # Normally nobody waits while a seat is free; after a capacity was raised
                # someone may, and they go before the newcomer.
                promoted = promote_waiting(activity=locked, changed_by=registered_by)
                free = None if free is None else free - len(promoted)
            status = (
                RegistrationStatus.REGISTERED
                if free is None or free > 0
                else RegistrationStatus.WAITLISTED
            )
            registration.status = status
            registration.save()
        log_entries(
            entries=[
                new_person_entry,
                audit_entry(
                    action=action,
                    actor=registered_by,
                    target=registration,
                    data={"activity": locked.pk, "status": status, "source": source},
                ),
            ]
        )
        queue_with_transaction(
            partial(notifications.notify_registered, registration_id=registration.pk)
        )
    return registration, True


def _insert_with_seat_or_on_waiting_list(
    *, registration: Registration, capacity: int | None, now: dt.datetime
) -> bool:
    """Insert a new registration, registered while a seat is free, else waitlisted; True if done.

    Counting the seats and inserting is one statement, run after the activity's lock was taken
    (a statement that waited for the lock would count from before the wait). When a seat is free
    while people wait, it inserts nothing and returns False: they go first (promote_waiting).
    """
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO activities_registration (activity_id, person_id, status, price_amount,"
            " source, registered_at, created_at, updated_at)"
            " SELECT %(activity)s, %(person)s,"
            " CASE WHEN %(capacity)s IS NULL OR seats.taken < %(capacity)s"
            " THEN %(registered)s ELSE %(waitlisted)s END,"
            " %(price)s, %(source)s, %(registered_at)s, %(now)s, %(now)s"
            " FROM (SELECT"
            " COUNT(CASE WHEN status IN (%(registered)s, %(attended)s) THEN 1 END) AS taken,"
            " COUNT(CASE WHEN status = %(waitlisted)s THEN 1 END) AS waiting"
            " FROM activities_registration WHERE activity_id = %(activity)s) AS seats"
            " WHERE seats.waiting = 0 OR seats.taken >= %(capacity)s"
            " RETURNING id, status",
            {
                "activity": registration.activity_id,
                "person": registration.person_id,
                "capacity": capacity,
                "registered": RegistrationStatus.REGISTERED.value,
                "attended": RegistrationStatus.ATTENDED.value,
                "waitlisted": RegistrationStatus.WAITLISTED.value,
                "price": ops.adapt_decimalfield_value(registration.price_amount),
                "source": registration.source,
                "registered_at": ops.adapt_datetimefield_value(registration.registered_at),
                "now": stamp,
            },
        )
        row = cursor.fetchone()
    if row is None:
        return False
    registration.pk, registration.status = row
    registration.created_at = registration.updated_at = now
    registration._state.adding = False
    registration._state.db = connection.alias
    return True
