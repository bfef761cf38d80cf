"""Bulk imports (perspectives.activities.imports).

They return counts and write no audit entries of their own: the import framework records one
entry per file (docs/decisions/0003-audit-of-imports.md). Both must be called inside a
transaction.
"""

from decimal import Decimal

from django.utils import timezone

from perspectives.core.imports import insert_rows
from perspectives.core.transactions import queue_with_transaction
from perspectives.people.services import (
    import_affiliations,
    import_organisations,
    import_people,
    normalise_name,
)

from .. import tasks
from ..models import SEAT_STATUSES, Activity, Registration, RegistrationSource, RegistrationStatus
from .seats import fill_free_seats

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
    new registration pays the person's price (Activity.price_for); an existing one changes only its
    status and registered_at. Every activity code must exist. Returns counts.
    """
    activities: dict[str, Activity] = {}
    for chunk in _chunks(list({row["activity_code"] for row in rows})):
        activities.update(
            (a.code, a)
            for a in Activity.objects.filter(code__in=chunk).only(
                "pk",
                "code",
                "price_amount",
                "freelancer_price_amount",
                "capacity",
                "starts_on",
                "registration_closes_at",
                "is_closed",
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
    # The seat rule holds for imported sign-ups too: a new `registered` row gets a seat while
    # the activity has one free, else it joins the waiting list (attendance is history and is
    # recorded as the file says).
    seats_taken: dict[int, int] = {}
    for (activity_id, _person_id), (_pk, old_status, _at) in existing.items():
        if old_status in SEAT_STATUSES:
            seats_taken[activity_id] = seats_taken.get(activity_id, 0) + 1
    waitlisted = 0
    freed_seats: set[int] = set()
    for row in rows:
        activity = activities[row["activity_code"]]
        person_id, participant_type = people[row["email"]]
        status = row.get("status") or None
        registered_at = row.get("registered_at")
        found = existing.get((activity.pk, person_id))
        if found is None:
            price = activity.price_for(participant_type)
            status = status or RegistrationStatus.REGISTERED
            if status == RegistrationStatus.REGISTERED and (
                activity.seats_left_of(seats_taken.get(activity.pk, 0)) == 0
            ):
                status = RegistrationStatus.WAITLISTED
                waitlisted += 1
            if status in SEAT_STATUSES:
                seats_taken[activity.pk] = seats_taken.get(activity.pk, 0) + 1
            new.append(
                (
                    activity.pk,
                    person_id,
                    status,
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
        if old_status in SEAT_STATUSES and new_status not in SEAT_STATUSES:
            freed_seats.add(activity.pk)
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
    # Seats that the file freed go to the waiting list, where sign-up is still open.
    by_id = {activity.pk: activity for activity in activities.values()}
    for activity_id in sorted(freed_seats):
        if by_id[activity_id].is_registration_open(now):
            fill_free_seats(activity=by_id[activity_id])
    # The report tallies are recounted in the background rather than by the next report.
    queue_with_transaction(tasks.refresh_tallies_task.enqueue)
    return {
        "created": len(new),
        "waitlisted": waitlisted,
        "updated": len(changed),
        "unchanged": unchanged,
        "people_created": people_created,
        "people_updated": people_updated,
        "organisations_created": organisations_created,
        "affiliations_created": affiliations_created,
    }
