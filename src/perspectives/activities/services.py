"""Writes of activities and registrations. Only these functions change the tables of this app."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from functools import partial

from django.db import connection, transaction
from django.utils import timezone

from perspectives.core.imports import insert_rows
from perspectives.core.services import (
    audit_entry,
    diff_fields,
    log_action,
    log_actions,
    log_changes,
    log_entries,
)
from perspectives.core.transactions import queue_with_transaction
from perspectives.people.models import ParticipantType, Person
from perspectives.people.services import (
    affiliate_person,
    find_or_create_person,
    get_or_create_organisation,
    import_affiliations,
    import_organisations,
    import_people,
    normalise_name,
)

from . import notifications, tasks
from .models import Activity, Registration, RegistrationSource, RegistrationStatus
from .selectors import list_waiting_list, seats_left

ACTIVITY_FIELDS = (
    "code",
    "title",
    "description",
    "type",
    "pillar",
    "category",
    "starts_on",
    "ends_on",
    "location",
    "is_closed",
    "is_online",
    "capacity",
    "registration_closes_at",
    "price_amount",
    "freelancer_price_amount",
    "organiser",
)


class RegistrationError(Exception):
    """A registration cannot be made or changed as asked."""


class RegistrationClosed(RegistrationError):
    """The activity takes no sign-ups now: its registration has closed, or it is a closed meeting."""


@transaction.atomic
def create_activity(*, created_by=None, **fields) -> Activity:
    """Create an activity; raises ValidationError on invalid or duplicate data."""
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"create_activity() got unknown fields {sorted(unknown)}")
    activity = Activity(**fields)
    activity.full_clean()
    activity.save()
    log_action(
        action="activities.activity.created",
        actor=created_by,
        target=activity,
        data={"changes": diff_fields(None, activity, ACTIVITY_FIELDS)},
    )
    return activity


@transaction.atomic
def update_activity(*, activity: Activity, changed_by=None, **fields) -> Activity:
    """Change an activity; the audit log keeps each changed field's old and new value."""
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"update_activity() got unknown fields {sorted(unknown)}")
    before = Activity.objects.select_for_update().get(pk=activity.pk)
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    activity.save()
    log_changes(
        action="activities.activity.changed",
        actor=changed_by,
        target=activity,
        before=before,
        fields=ACTIVITY_FIELDS,
    )
    if activity.capacity != before.capacity:
        # A raised (or removed) capacity frees seats that the waiting list is owed.
        fill_free_seats(activity=activity, changed_by=changed_by)
    return activity


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
    locked = _lock_activity(activity_id=activity.pk)
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
    activity = _lock_activity(activity_id=registration.activity_id)
    registration.status = status
    registration.save(update_fields=["status", "updated_at"])
    log_action(
        action="activities.registration.status_changed",
        actor=changed_by,
        target=registration,
        data={"changes": {"status": [old, status]}},
    )
    if old in SEAT_STATUSES and status in FREED_SEAT_STATUSES:
        _promote_waiting(activity=activity, changed_by=changed_by)
    return registration


SEAT_STATUSES = {RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED}
FREED_SEAT_STATUSES = {RegistrationStatus.CANCELLED, RegistrationStatus.WAITLISTED}


ATTENDANCE_STATUSES = {
    RegistrationStatus.ATTENDED,
    RegistrationStatus.NO_SHOW,
    RegistrationStatus.REGISTERED,
}


@transaction.atomic
def mark_attendance(
    *, activity: Activity, registration_ids: Iterable[int], status: str, changed_by=None
) -> int:
    """Mark many registrations of one activity attended or no-show; returns how many changed.

    Cancelled and waitlisted registrations are left alone: they had no seat to attend.
    """
    if status not in ATTENDANCE_STATUSES:
        raise RegistrationError(f"attendance cannot be set to {status!r}")
    registrations = list(
        Registration.objects.select_for_update()
        .filter(activity=activity, pk__in=list(registration_ids))
        .exclude(status__in=[RegistrationStatus.CANCELLED, RegistrationStatus.WAITLISTED])
        .exclude(status=status)
    )
    if not registrations:
        return 0
    old_statuses = {r.pk: r.status for r in registrations}
    Registration.objects.filter(pk__in=old_statuses).update(
        status=status, updated_at=timezone.now()
    )
    log_actions(
        action="activities.registration.status_changed",
        actor=changed_by,
        targets=registrations,
        data={"status": status, "bulk": True},
    )
    return len(registrations)


@transaction.atomic
def mark_rest_no_show(*, activity: Activity, changed_by=None, today: dt.date | None = None) -> int:
    """After the event has begun, mark everyone still `registered` as no-show; returns how many.

    Raises RegistrationError before the start date: nobody can have stayed away yet.
    """
    today = today or timezone.localdate()
    if today < activity.starts_on:
        raise RegistrationError("the activity has not started yet")
    _lock_activity(activity_id=activity.pk)
    ids = Registration.objects.filter(
        activity=activity, status=RegistrationStatus.REGISTERED
    ).values_list("pk", flat=True)
    changed = mark_attendance(
        activity=activity,
        registration_ids=list(ids),
        status=RegistrationStatus.NO_SHOW,
        changed_by=changed_by,
    )
    log_action(
        action="activities.activity.rest_marked_no_show",
        actor=changed_by,
        target=activity,
        data={"count": changed},
    )
    return changed


# Bulk imports (perspectives.activities.imports). They return counts and write no audit entries
# of their own: the import framework records one entry per file
# (docs/decisions/0003-audit-of-imports.md). Both must be called inside a transaction.

IMPORT_CHUNK = 2000
IMPORTED_ACTIVITY_FIELDS = (
    "title",
    "type",
    "pillar",
    "category",
    "starts_on",
    "ends_on",
    "is_closed",
    "is_online",
    "capacity",
    "price_amount",
    "freelancer_price_amount",
    "organiser_id",
)


def _chunks(items: list, size: int = IMPORT_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def import_activities(*, rows: list[dict]) -> dict[str, int]:
    """Create or update activities keyed by `code`; only the fields present in a row are set.

    A row holds `code` and any of IMPORTED_ACTIVITY_FIELDS, with `organiser` (a name) instead of
    `organiser_id`. Returns counts: created, updated, unchanged, organisations_created.
    """
    organisation_ids, organisations_created = import_organisations(
        names=[row["organiser"] for row in rows if row.get("organiser")]
    )
    existing: dict[str, Activity] = {}
    for chunk in _chunks([row["code"] for row in rows]):
        existing.update((a.code, a) for a in Activity.objects.filter(code__in=chunk))
    now = timezone.now()
    new: list[Activity] = []
    changed: list[Activity] = []
    unchanged = 0
    for row in rows:
        fields = {name: value for name, value in row.items() if name in IMPORTED_ACTIVITY_FIELDS}
        if "organiser" in row:
            name = normalise_name(row["organiser"]).lower()
            fields["organiser_id"] = organisation_ids[name] if name else None
        for name in ("is_closed", "is_online", "price_amount"):
            if name in fields and fields[name] is None:
                fields[name] = Decimal("0") if name == "price_amount" else False
        if "category" in fields and fields["category"] is None:
            fields["category"] = ""
        activity = existing.get(row["code"])
        if activity is None:
            new.append(Activity(code=row["code"], **fields))
            continue
        dirty = False
        for name, value in fields.items():
            if getattr(activity, name) != value:
                setattr(activity, name, value)
                dirty = True
        if dirty:
            activity.updated_at = now
            changed.append(activity)
        else:
            unchanged += 1
    Activity.objects.bulk_create(new, batch_size=500)
    Activity.objects.bulk_update(changed, [*IMPORTED_ACTIVITY_FIELDS, "updated_at"], batch_size=500)
    if changed:
        # A moved, recategorised or closed activity changes its registrations' tallies.
        queue_with_transaction(tasks.refresh_tallies_task.enqueue)
    return {
        "created": len(new),
        "updated": len(changed),
        "unchanged": unchanged,
        "organisations_created": organisations_created,
    }


def import_registrations(*, rows: list[dict]) -> dict[str, int]:
    """Create or update registrations keyed by activity code and e-mail, people and all.

    A row holds `activity_code`, `email` (normalised) and any of `first_name`, `last_name`,
    `participant_type`, `organisation`, `status`, `registered_at`. People are found or created
    by e-mail (the last row of a person gives their name and type), organisations by name. A
    new registration pays the person's price (price_for); an existing one changes only its
    status and registered_at. Every activity code must exist. Returns counts.
    """
    activities: dict[str, Activity] = {}
    for chunk in _chunks(list({row["activity_code"] for row in rows})):
        activities.update(
            (a.code, a)
            for a in Activity.objects.filter(code__in=chunk).only(
                "pk", "code", "price_amount", "freelancer_price_amount"
            )
        )
    organisation_names = {row.get("organisation") for row in rows}
    organisation_names.discard(None)
    organisation_names.discard("")
    organisation_ids, organisations_created = import_organisations(names=organisation_names)
    # Each distinct spelling once: {name as written: organisation id}.
    organisation_by_name = {
        name: organisation_ids[normalise_name(name).lower()] for name in organisation_names
    }
    people_values: dict[str, dict] = {}
    for row in rows:
        values = people_values.setdefault(row["email"], {})
        for name in ("first_name", "last_name", "participant_type"):
            if row.get(name):
                values[name] = row[name]
    people, people_created, people_updated = import_people(people=people_values)
    affiliations_created = import_affiliations(
        pairs={
            (people[row["email"]][0], organisation_by_name[row["organisation"]])
            for row in rows
            if row.get("organisation")
        }
    )

    activity_ids = sorted({a.pk for a in activities.values()})
    existing: dict[tuple[int, int], tuple] = {}
    for chunk in _chunks(activity_ids, 500):
        for (
            pk,
            activity_id,
            person_id,
            old_status,
            old_registered_at,
        ) in Registration.objects.filter(activity_id__in=chunk).values_list(
            "pk", "activity_id", "person_id", "status", "registered_at"
        ):
            existing[(activity_id, person_id)] = (pk, old_status, old_registered_at)
    now = timezone.now()
    new: list[tuple] = []
    changed: list[Registration] = []
    unchanged = 0
    for row in rows:
        activity = activities[row["activity_code"]]
        person_id, participant_type = people[row["email"]]
        status = row.get("status") or None
        registered_at = row.get("registered_at")
        found = existing.get((activity.pk, person_id))
        if found is None:
            if participant_type == ParticipantType.FREELANCER and (
                activity.freelancer_price_amount is not None
            ):
                price = activity.freelancer_price_amount
            else:
                price = activity.price_amount
            new.append(
                (
                    activity.pk,
                    person_id,
                    status or RegistrationStatus.REGISTERED,
                    price,
                    RegistrationSource.IMPORT.value,
                    registered_at or now,
                    now,
                    now,
                )
            )
            continue
        pk, old_status, old_registered_at = found
        new_status = status or old_status
        new_registered_at = registered_at or old_registered_at
        if new_status != old_status or new_registered_at != old_registered_at:
            changed.append(
                Registration(
                    pk=pk,
                    status=new_status,
                    registered_at=new_registered_at,
                    updated_at=now,
                )
            )
        else:
            unchanged += 1
    insert_rows(
        model=Registration,
        fields=(
            "activity_id",
            "person_id",
            "status",
            "price_amount",
            "source",
            "registered_at",
            "created_at",
            "updated_at",
        ),
        rows=new,
    )
    Registration.objects.bulk_update(
        changed, ["status", "registered_at", "updated_at"], batch_size=1000
    )
    # The report tallies are recounted in the background rather than by the next report.
    queue_with_transaction(tasks.refresh_tallies_task.enqueue)
    return {
        "created": len(new),
        "updated": len(changed),
        "unchanged": unchanged,
        "people_created": people_created,
        "people_updated": people_updated,
        "organisations_created": organisations_created,
        "affiliations_created": affiliations_created,
    }


# Sign-up with a capacity. Every change to who holds a seat of an activity happens while holding
# a lock on that activity's row, so counting the seats and taking one is a single step: on
# PostgreSQL `select_for_update()` serialises them; on SQLite, where it is a no-op, the settings
# begin every transaction IMMEDIATE, which takes the database's write lock at BEGIN.


def _lock_activity(*, activity_id: int) -> Activity:
    """The activity's row, fresh and locked until the transaction ends; must run inside one."""
    return Activity.objects.select_for_update().get(pk=activity_id)


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
            locked = _lock_activity(activity_id=activity.pk)
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
                promoted = _promote_waiting(activity=locked, changed_by=registered_by)
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
    while people wait, it inserts nothing and returns False: they go first (_promote_waiting).
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


def _promote_waiting(*, activity: Activity, changed_by=None) -> list[Registration]:
    """Give every free seat to the waiting list in its order; must hold the activity's lock."""
    free = seats_left(activity=activity)
    waiting = list_waiting_list(activity=activity)
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
        activity = _lock_activity(activity_id=registration.activity_id)
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
        promoted = _promote_waiting(activity=activity, changed_by=cancelled_by)
    registration.status = current.status
    registration.updated_at = current.updated_at
    return promoted[0] if promoted else None


def fill_free_seats(*, activity: Activity, changed_by=None) -> list[Registration]:
    """Promote from the waiting list into every free seat, e.g. after the capacity was raised."""
    with transaction.atomic():
        locked = _lock_activity(activity_id=activity.pk)
        return _promote_waiting(activity=locked, changed_by=changed_by)
