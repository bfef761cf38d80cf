"""Writes of people and organisations. Only these functions change the tables of this app."""

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from perspectives.accounts.models import User
from perspectives.core.emails import normalise_email
from perspectives.core.imports import insert_rows
from perspectives.core.models import AuditEntry
from perspectives.core.services import audit_entry, diff_fields, log_action

from .models import Affiliation, Organisation, Person
from .selectors import find_person_by_email

PERSON_FIELDS = ("first_name", "last_name", "email", "participant_type", "birth_year")


def normalise_name(name: str) -> str:
    """Organisation names: inner whitespace collapsed, ends trimmed."""
    return " ".join((name or "").split())


@transaction.atomic
def create_person(
    *,
    email: str,
    first_name: str = "",
    last_name: str = "",
    participant_type: str = "other",
    birth_year: int | None = None,
    organisation: Organisation | None = None,
    actor: User | None = None,
) -> Person:
    """Create a person; raises ValidationError when the data are invalid or the e-mail is taken."""
    person = Person(
        email=normalise_email(email),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        participant_type=participant_type,
        birth_year=birth_year,
    )
    person.full_clean()
    person.save()
    if organisation is not None:
        Affiliation.objects.create(person=person, organisation=organisation)
    log_action(action="people.person.created", actor=actor, target=person)
    return person


def validated_person(
    *, email: str, first_name: str, last_name: str, participant_type: str
) -> Person:
    """A new person, normalised and with its fields checked, not saved; raises ValidationError.

    Field checks only: the unique index settles the e-mail when the person is inserted, and the
    one check constraint (birth year) cannot fail without a birth year; their queries would cost
    two round trips.
    """
    person = Person(
        email=normalise_email(email),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        participant_type=participant_type,
    )
    person.full_clean(validate_unique=False, validate_constraints=False)
    return person


def find_or_create_person(
    *, email: str, first_name: str, last_name: str, participant_type: str, actor: User | None = None
) -> tuple[Person, AuditEntry | None]:
    """The person with this e-mail, created when new; an existing person's data stay as they are.

    Returns (person, entry): for a new person the unsaved `people.person.created` audit entry,
    which the caller must save with its own entries (`log_entries`, one INSERT); None when the
    person existed. Must be called inside a transaction. Raises ValidationError for invalid
    data. A sign-up is one statement for a new address: the insert that the unique e-mail turns
    into nothing when the address is known, also when a concurrent sign-up inserted it first.
    """
    person = validated_person(
        email=email, first_name=first_name, last_name=last_name, participant_type=participant_type
    )
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO people_person (email, first_name, last_name, participant_type,"
            " created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (email) DO NOTHING RETURNING id",
            [person.email, person.first_name, person.last_name, participant_type, stamp, stamp],
        )
        row = cursor.fetchone()
    if row is None:
        existing = find_person_by_email(email=person.email)
        if existing is None:
            raise RuntimeError("a person's e-mail was refused as taken but is not found")
        return existing, None
    person.pk, person.created_at, person.updated_at = row[0], now, now
    person._state.adding = False
    person._state.db = connection.alias
    return person, audit_entry(action="people.person.created", actor=actor, target=person)


@transaction.atomic
def update_person(*, person: Person, actor: User | None = None, **fields) -> Person:
    """Change a person's fields; the audit log keeps which fields changed (not their values)."""
    before = Person.objects.get(pk=person.pk)
    for name, value in fields.items():
        if name not in PERSON_FIELDS:
            raise TypeError(f"update_person() cannot change {name!r}")
        setattr(person, name, normalise_email(value) if name == "email" else value)
    person.full_clean()
    person.save()
    changed = sorted(diff_fields(before, person, PERSON_FIELDS))
    if changed:
        # Personal values stay out of the audit log; the names of the changed fields suffice.
        log_action(
            action="people.person.changed",
            actor=actor,
            target=person,
            data={"fields": changed},
        )
    return person


@transaction.atomic
def get_or_create_organisation(
    *, name: str, kind: str = "other", actor: User | None = None
) -> Organisation:
    """The organisation with this name (case-insensitive), created when it is new."""
    clean = normalise_name(name)
    existing = Organisation.objects.filter(name__iexact=clean).first()
    if existing:
        return existing
    organisation = Organisation(name=clean, kind=kind)
    organisation.full_clean()
    organisation.save()
    log_action(action="people.organisation.created", actor=actor, target=organisation)
    return organisation


@transaction.atomic
def affiliate_person(
    *, person: Person, organisation: Organisation, actor: User | None = None
) -> Affiliation:
    """Link a person to an organisation once."""
    affiliation, created = Affiliation.objects.get_or_create(
        person=person, organisation=organisation
    )
    if created:
        log_action(
            action="people.affiliation.created",
            actor=actor,
            target=affiliation,
            data={"organisation": organisation.pk},
        )
    return affiliation


# Bulk writes for imports. They write no audit entries of their own: the import that calls them
# records one entry for the whole file (docs/decisions/0003-audit-of-imports.md).

IMPORT_CHUNK = 2000


def import_organisations(*, names: Iterable[str]) -> tuple[dict[str, int], int]:
    """Ids of the organisations with these names (case-insensitive), creating missing ones.

    Returns ({lower-case normalised name: id}, number created). Must be called inside a
    transaction (the import's).
    """
    wanted = {normalise_name(name).lower(): normalise_name(name) for name in names if name}
    wanted.pop("", None)
    found: dict[str, int] = {}
    keys = list(wanted)
    for start in range(0, len(keys), IMPORT_CHUNK):
        for pk, lower_name in (
            Organisation.objects.annotate(lower_name=Lower("name"))
            .filter(lower_name__in=keys[start : start + IMPORT_CHUNK])
            .values_list("pk", "lower_name")
        ):
            found[lower_name] = pk
    new = [Organisation(name=wanted[key]) for key in keys if key not in found]
    Organisation.objects.bulk_create(new, batch_size=1000)
    for organisation in new:
        found[organisation.name.lower()] = organisation.pk
    return found, len(new)


def import_people(
    *, people: dict[str, dict[str, Any]], default_participant_type: str = "other"
) -> tuple[dict[str, tuple[int, str]], int, int]:
    """Find or create people by e-mail; update the given non-empty fields that differ.

    `people` maps a normalised e-mail to {"first_name", "last_name", "participant_type"} (any
    subset). Returns ({email: (id, participant_type)}, created, updated). Must be called inside
    a transaction (the import's).
    """
    fields = ("first_name", "last_name", "participant_type")
    emails = list(people)
    result: dict[str, tuple[int, str]] = {}
    changed: list[Person] = []
    now = timezone.now()
    for start in range(0, len(emails), IMPORT_CHUNK):
        for pk, email, *old in Person.objects.filter(
            email__in=emails[start : start + IMPORT_CHUNK]
        ).values_list("pk", "email", *fields):
            wanted = people[email]
            current = dict(zip(fields, old, strict=True))
            updates = {
                name: wanted[name]
                for name in fields
                if wanted.get(name) and wanted[name] != current[name]
            }
            if updates:
                current.update(updates)
                changed.append(Person(pk=pk, email=email, updated_at=now, **current))
            result[email] = (pk, current["participant_type"])
    Person.objects.bulk_update(changed, [*fields, "updated_at"], batch_size=1000)
    new = [
        (
            email,
            values.get("first_name") or "",
            values.get("last_name") or "",
            values.get("participant_type") or default_participant_type,
            now,
            now,
        )
        for email, values in people.items()
        if email not in result
    ]
    insert_rows(
        model=Person,
        fields=("email", "first_name", "last_name", "participant_type", "created_at", "updated_at"),
        rows=new,
    )
    new_emails = [row[0] for row in new]
    for start in range(0, len(new_emails), IMPORT_CHUNK):
        for pk, email, participant_type in Person.objects.filter(
            email__in=new_emails[start : start + IMPORT_CHUNK]
        ).values_list("pk", "email", "participant_type"):
            result[email] = (pk, participant_type)
    return result, len(new), len(changed)


def import_affiliations(*, pairs: set[tuple[int, int]]) -> int:
    """Link (person id, organisation id) pairs that are not linked yet; returns how many new."""
    if not pairs:
        return 0
    person_ids = sorted({person_id for person_id, _ in pairs})
    existing: set[tuple[int, int]] = set()
    for start in range(0, len(person_ids), IMPORT_CHUNK):
        existing.update(
            Affiliation.objects.filter(
                person_id__in=person_ids[start : start + IMPORT_CHUNK]
            ).values_list("person_id", "organisation_id")
        )
    now = timezone.now()
    return insert_rows(
        model=Affiliation,
        fields=("person_id", "organisation_id", "created_at", "updated_at"),
        rows=[
            (person_id, organisation_id, now, now)
            for person_id, organisation_id in sorted(pairs - existing)
        ],
    )
