"""Writes of activities and registrations. Only these functions change the tables of this app."""

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from perspectives.core.imports import insert_rows
from perspectives.core.services import diff_fields, log_action, log_actions, log_changes
from perspectives.people.models import ParticipantType, Person
from perspectives.people.services import (
    import_affiliations,
    import_organisations,
    import_people,
    normalise_name,
)

from .models import Activity, Registration, RegistrationSource, RegistrationStatus

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
    "price_amount",
    "freelancer_price_amount",
    "organiser",
)


class RegistrationError(Exception):
    """A registration cannot be made or changed as asked."""


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
    """Move one registration to another status."""
    if status not in RegistrationStatus.values:
        raise RegistrationError(f"unknown status {status!r}")
    old = registration.status
    if old == status:
        return registration
    registration.status = status
    registration.save(update_fields=["status", "updated_at"])
    log_action(
        action="activities.registration.status_changed",
        actor=changed_by,
        target=registration,
        data={"changes": {"status": [old, status]}},
    )
    return registration


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
    return {
        "created": len(new),
        "updated": len(changed),
        "unchanged": unchanged,
        "people_created": people_created,
        "people_updated": people_updated,
        "organisations_created": organisations_created,
        "affiliations_created": affiliations_created,
    }
