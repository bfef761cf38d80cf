"""Sign-up through the public form and the API: a seat while capacity lasts, else the waiting list."""

import datetime as dt
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from perspectives.core.models import AuditEntry
from perspectives.core.services import (
    audit_entry,
    log_entries,
)
from perspectives.core.sql import fetch_instance, run_in_one_round_trip
from perspectives.core.transactions import database_queue_row, queue_with_transaction
from perspectives.people.models import Person
from perspectives.people.services import (
    affiliate_person,
    find_or_create_person,
    get_or_create_organisation,
    validated_person,
)

from .. import notifications, tasks
from ..mail import RegistrationMail
from ..models import Activity, Registration, RegistrationSource, RegistrationStatus
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

    The activity is given, or the `code` of a public one (not a closed meeting); an unknown code
    raises Activity.DoesNotExist. Whether it takes sign-ups is read when the sign-up begins.
    Returns (registration, created). The same person again gets their registration back with
    created=False; a cancelled one is taken up again at the back of the queue (created=True).
    Raises RegistrationClosed, or ValidationError for invalid data.
    """
    if (activity is None) == (not code):
        raise TypeError("register_for_activity() takes either an activity or a code")
    now = now or timezone.now()
    activity_id = activity.pk if activity is not None else None
    if connection.vendor == "postgresql" and not organisation.strip():
        try:
            person = validated_person(
                email=email,
                first_name=first_name,
                last_name=last_name,
                participant_type=participant_type,
            )
        except ValidationError:
            # An unknown activity answers before invalid data, as below.
            _read_activity(code=code, activity_id=activity_id)
            raise
        signed_up = _sign_up_in_one_statement(
            code=code,
            activity=activity,
            person=person,
            source=source,
            registered_by=registered_by,
            now=now,
        )
        if signed_up is not None:
            return signed_up
        # A cancelled registration taken up again, or a seat free while others wait: the steps
        # below, in a transaction of their own.
    with transaction.atomic():
        activity = _read_activity(code=code, activity_id=activity_id)
        if not activity.is_registration_open(now):
            raise RegistrationClosed(activity.code)
        # A public form must not let anyone rename someone else by typing their address: an
        # existing person's data stay as they are.
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
        registration = Registration(
            activity=activity,
            person=person,
            status=RegistrationStatus.WAITLISTED,
            price_amount=price_for(activity=activity, person=person),
            source=source,
            # The back of the queue: the waiting list is ordered by registered_at, then id.
            registered_at=now,
        )
        # Both foreign keys were just read and the database enforces uniqueness below.
        registration.full_clean(
            exclude=["activity", "person"], validate_unique=False, validate_constraints=False
        )
        # Under a rush every sign-up queues for the activity's one lock, so everything that can
        # be done before it is: the new registration goes in on the waiting list and its
        # confirmation is queued. Under the lock, one statement decides on the seat.
        if _insert_on_waiting_list(registration=registration, now=now):
            action = "activities.registration.created"
            queue_with_transaction(
                partial(notifications.notify_registered, registration_id=registration.pk)
            )
            if not _lock_and_take_seat_unless_others_wait(registration=registration):
                _seat_after_those_waiting(
                    registration=registration,
                    activity=lock_activity(activity_id=activity.pk),
                    changed_by=registered_by,
                )
        else:
            locked = lock_activity(activity_id=activity.pk)
            registration = locked.registrations.get(person=person)
            if registration.status != RegistrationStatus.CANCELLED:
                return registration, False
            action = "activities.registration.reactivated"
            registration.price_amount = price_for(activity=activity, person=person)
            registration.source = source
            registration.registered_at = now
            registration.full_clean(
                exclude=["activity", "person"], validate_unique=False, validate_constraints=False
            )
            _seat_after_those_waiting(
                registration=registration, activity=locked, changed_by=registered_by
            )
            queue_with_transaction(
                partial(notifications.notify_registered, registration_id=registration.pk)
            )
        log_entries(
            entries=[
                new_person_entry,
                _registration_entry(action=action, registration=registration, actor=registered_by),
            ]
        )
    return registration, True


def _registration_entry(*, action: str, registration: Registration, actor) -> AuditEntry:
    """The audit entry of a sign-up (the database function writes the same; decision 0012)."""
    return audit_entry(
        action=action,
        actor=actor,
        target=registration,
        data={
            "activity": registration.activity_id,
            "status": registration.status,
            "source": registration.source,
        },
    )


def _sign_up_in_one_statement(
    *,
    code: str,
    activity: Activity | None,
    person: Person,
    source: str,
    registered_by,
    now: dt.datetime,
) -> tuple[Registration, bool] | None:
    """PostgreSQL: a sign-up as one call of the database function `activities_sign_up`
    (migrations 0005 and 0006, docs/decisions/0012), in autocommit unless a transaction is open.

    The function reads the activity and judges whether it takes sign-ups, makes the person,
    takes the activity's lock, decides the seat, inserts the registration, queues the
    confirmation when tasks are queued in this database, and writes the audit entries. It
    finishes alone unless the person was registered and cancelled, or a seat is free while
    others wait; then it writes no registration and this returns None for the steps in Python.
    Returns (registration, created) otherwise. Raises Activity.DoesNotExist and
    RegistrationClosed as the steps in Python do.
    """
    if source not in RegistrationSource.values:
        raise ValidationError({"source": [f"unknown source {source!r}"]})
    task = database_queue_row(tasks.send_registration_email_task) or {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT outcome, activity_id, activity_code, registration_id, registration_status,"
            " registration_price, registration_registered_at, registration_source, person_id"
            " FROM activities_sign_up(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
            " %s, %s, %s, %s)",
            [
                activity.pk if activity is not None else None,
                code,
                person.email,
                person.first_name,
                person.last_name,
                person.participant_type,
                source,
                now,
                timezone.localdate(now),
                registered_by.pk if getattr(registered_by, "is_authenticated", False) else None,
                ContentType.objects.get_for_model(Person).pk,
                ContentType.objects.get_for_model(Registration).pk,
                task.get("task_path"),
                task.get("queue_name"),
                task.get("backend_name"),
                task.get("priority"),
                task.get("run_after"),
                RegistrationMail.CONFIRMATION.value,
            ],
        )
        row = cursor.fetchone()
    if row is None:
        raise Activity.DoesNotExist(f"no public activity {code!r}" if code else activity.pk)
    (
        outcome,
        found_id,
        found_code,
        pk,
        status,
        price,
        registered_at,
        registered_source,
        person_id,
    ) = row
    if outcome == "closed":
        raise RegistrationClosed(found_code)
    if outcome == "others_wait" or status == RegistrationStatus.CANCELLED:
        return None
    if activity is None:
        # Only what the answer needs; other fields load on first use.
        activity = Activity.from_db(connection.alias, ["id", "code"], [found_id, found_code])
    registration = Registration.from_db(
        connection.alias,
        ["id", "activity_id", "person_id", "status", "price_amount", "source", "registered_at"],
        [pk, found_id, person_id, status, price, registered_source, registered_at],
    )
    registration.activity = activity
    if outcome == "existing":
        return registration, False
    registration.created_at = registration.updated_at = now
    if not task:
        queue_with_transaction(
            partial(notifications.notify_registered, registration_id=registration.pk)
        )
    return registration, True


def _read_activity(*, code: str, activity_id: int | None) -> Activity:
    """The fields of the activity that a sign-up needs, read fresh: by id, or a public one by
    code. Raises Activity.DoesNotExist.

    Without the ORM (`core.sql.fetch_instance`): on this hottest of paths, building the ORM's
    statement costs several times what the database takes to answer it. Other fields load on
    first use.
    """
    if activity_id is None:
        return fetch_instance(
            Activity,
            SIGN_UP_FIELDS,
            "SELECT id, code, starts_on, is_closed, registration_closes_at, price_amount,"
            " freelancer_price_amount FROM activities_activity WHERE code = %s AND NOT is_closed",
            [code],
        )
    return fetch_instance(
        Activity,
        SIGN_UP_FIELDS,
        "SELECT id, code, starts_on, is_closed, registration_closes_at, price_amount,"
        " freelancer_price_amount FROM activities_activity WHERE id = %s",
        [activity_id],
    )


SIGN_UP_FIELDS = (
    "id",
    "code",
    "starts_on",
    "is_closed",
    "registration_closes_at",
    "price_amount",
    "freelancer_price_amount",
)


def _insert_on_waiting_list(*, registration: Registration, now: dt.datetime) -> bool:
    """Insert the new registration as waitlisted; False when the person already has one."""
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO activities_registration (activity_id, person_id, status, price_amount,"
            " source, registered_at, created_at, updated_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (activity_id, person_id) DO NOTHING RETURNING id",
            [
                registration.activity_id,
                registration.person_id,
                registration.status,
                ops.adapt_decimalfield_value(registration.price_amount),
                registration.source,
                ops.adapt_datetimefield_value(registration.registered_at),
                stamp,
                stamp,
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return False
    registration.pk = row[0]
    registration.created_at = registration.updated_at = now
    registration._state.adding = False
    registration._state.db = connection.alias
    return True


def _lock_and_take_seat_unless_others_wait(*, registration: Registration) -> bool:
    """Lock the activity, then seat the waitlisted newcomer if a seat is free and nobody else
    waits for it; False (still locked, nothing changed) when others wait while a seat is free.

    The decision is a statement of its own after the lock: a statement that waited for the lock
    would count from before the wait. It reads the capacity under the lock too, and counts only
    what it needs: the seats taken (at most the capacity) and whether anyone else waits. The row
    is written only for a seat; the last statement reads the outcome. On PostgreSQL the three
    travel together (run_in_one_round_trip), so the lock is held for one round trip and the
    commit.
    """
    with connection.cursor() as cursor:
        run_in_one_round_trip(
            cursor,
            [
                # SQLite has no row locks: there the transaction holds the database's write lock
                # from its start (see seats.py).
                *(
                    ["SELECT id FROM activities_activity WHERE id = %(activity)s FOR UPDATE"]
                    if connection.features.has_select_for_update
                    else []
                ),
                "UPDATE activities_registration SET status = %(registered)s"
                " WHERE id = %(id)s AND EXISTS (SELECT 1 FROM activities_activity a"
                " WHERE a.id = %(activity)s AND (a.capacity IS NULL OR a.capacity >"
                " (SELECT COUNT(*) FROM activities_registration t WHERE t.activity_id = a.id"
                " AND t.status IN (%(registered)s, %(attended)s)))"
                " AND NOT EXISTS (SELECT 1 FROM activities_registration w"
                " WHERE w.activity_id = a.id AND w.status = %(waitlisted)s AND w.id <> %(id)s))",
                # Still waiting with a seat free: others wait for it.
                "SELECT r.status, r.status = %(waitlisted)s AND EXISTS (SELECT 1"
                " FROM activities_activity a WHERE a.id = r.activity_id"
                " AND (a.capacity IS NULL OR a.capacity >"
                " (SELECT COUNT(*) FROM activities_registration t WHERE t.activity_id = a.id"
                " AND t.status IN (%(registered)s, %(attended)s))))"
                " FROM activities_registration r WHERE r.id = %(id)s",
            ],
            {
                "id": registration.pk,
                "activity": registration.activity_id,
                "registered": RegistrationStatus.REGISTERED.value,
                "attended": RegistrationStatus.ATTENDED.value,
                "waitlisted": RegistrationStatus.WAITLISTED.value,
            },
        )
        status, others_wait_for_a_free_seat = cursor.fetchone()
    registration.status = status
    return not others_wait_for_a_free_seat


def _seat_after_those_waiting(
    *, registration: Registration, activity: Activity, changed_by
) -> None:
    """Seat a (new or returning) registration behind everyone waiting; the activity is locked.

    Normally nobody waits while a seat is free; after a capacity was raised someone may, and
    they go before the newcomer.
    """
    free = seats_left(activity=activity)
    if free is None or free > 0:
        promoted = promote_waiting(
            activity=activity, changed_by=changed_by, except_id=registration.pk
        )
        free = None if free is None else free - len(promoted)
    registration.status = (
        RegistrationStatus.REGISTERED if free is None or free > 0 else RegistrationStatus.WAITLISTED
    )
    registration.save()
