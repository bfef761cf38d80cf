"""Writes of people and organisations. Only these functions change the tables of this app."""

from django.db import transaction

from perspectives.core.services import diff_fields, log_action

from .models import Affiliation, Organisation, Person

PERSON_FIELDS = ("first_name", "last_name", "email", "participant_type", "birth_year")


def normalise_email(email: str) -> str:
    """E-mail addresses are compared trimmed and case-insensitive, so they are stored that way."""
    return (email or "").strip().lower()


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
    created_by=None,
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
    log_action(action="people.person.created", actor=created_by, target=person)
    return person


@transaction.atomic
def update_person(*, person: Person, changed_by=None, **fields) -> Person:
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
            actor=changed_by,
            target=person,
            data={"fields": changed},
        )
    return person


@transaction.atomic
def get_or_create_organisation(*, name: str, kind: str = "other", created_by=None) -> Organisation:
    """The organisation with this name (case-insensitive), created when it is new."""
    clean = normalise_name(name)
    existing = Organisation.objects.filter(name__iexact=clean).first()
    if existing:
        return existing
    organisation = Organisation(name=clean, kind=kind)
    organisation.full_clean()
    organisation.save()
    log_action(action="people.organisation.created", actor=created_by, target=organisation)
    return organisation


@transaction.atomic
def affiliate_person(*, person: Person, organisation: Organisation, created_by=None) -> Affiliation:
    """Link a person to an organisation once."""
    affiliation, created = Affiliation.objects.get_or_create(
        person=person, organisation=organisation
    )
    if created:
        log_action(
            action="people.affiliation.created",
            actor=created_by,
            target=affiliation,
            data={"organisation": organisation.pk},
        )
    return affiliation
