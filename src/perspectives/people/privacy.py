"""People's part of the personal-data inventory, export, erasure and retention."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from perspectives.core.privacy import (
    AS_LONG_AS_RECORD,
    BACK_OFFICE,
    BOOKKEEPING,
    COACH,
    CONTRACT,
    IDENTIFYING,
    LEGITIMATE_INTEREST,
    NONE,
    NOT_APPLICABLE,
    PARTICIPANT,
    PSEUDONYMOUS,
    FieldUse,
    export_fields,
    placeholder_email_column,
    uses,
)

from .models import Affiliation, Person

PERSON_RETENTION = "RETENTION_PERSON_INACTIVE_DAYS"
WHO_SEES_PEOPLE = (*BACK_OFFICE, COACH, PARTICIPANT)

PERSON_FIELDS = {
    **uses(["id", "created_at", "updated_at"], BOOKKEEPING),
    "first_name": FieldUse(
        IDENTIFYING,
        gettext_noop("address the person, tell people apart"),
        CONTRACT,
        PERSON_RETENTION,
        WHO_SEES_PEOPLE,
    ),
    "last_name": FieldUse(
        IDENTIFYING,
        gettext_noop("address the person, tell people apart"),
        CONTRACT,
        PERSON_RETENTION,
        WHO_SEES_PEOPLE,
    ),
    "email": FieldUse(
        IDENTIFYING,
        gettext_noop("reach the person about their activities; count each person once"),
        CONTRACT,
        PERSON_RETENTION,
        WHO_SEES_PEOPLE,
    ),
    "participant_type": FieldUse(
        PSEUDONYMOUS,
        gettext_noop("report participants per target group to funders"),
        LEGITIMATE_INTEREST,
        AS_LONG_AS_RECORD,
        WHO_SEES_PEOPLE,
    ),
    "birth_year": FieldUse(
        PSEUDONYMOUS,
        gettext_noop("report participants per age group to funders"),
        LEGITIMATE_INTEREST,
        PERSON_RETENTION,
        WHO_SEES_PEOPLE,
    ),
    "erased_at": FieldUse(
        NONE,
        gettext_noop("show that a person's data were erased"),
        NOT_APPLICABLE,
        AS_LONG_AS_RECORD,
        BACK_OFFICE,
    ),
}

AFFILIATION_FIELDS = {
    **uses(["id", "created_at", "updated_at"], BOOKKEEPING),
    **uses(
        ["person", "organisation", "started_on", "ended_on"],
        FieldUse(
            PSEUDONYMOUS,
            gettext_noop("know where a participant works or studies, report per sector"),
            LEGITIMATE_INTEREST,
            PERSON_RETENTION,
            WHO_SEES_PEOPLE,
        ),
    ),
}

ORGANISATION_FIELDS = {
    **uses(["id", "created_at", "updated_at"], BOOKKEEPING),
    **uses(
        ["name", "kind", "is_hr_network_member"],
        FieldUse(
            NONE,
            gettext_noop("the organisations the foundation works with"),
            NOT_APPLICABLE,
            AS_LONG_AS_RECORD,
            WHO_SEES_PEOPLE,
        ),
    ),
}


def export_person(*, person: Person) -> dict[str, Any]:
    """The person's own row and their affiliations (with the organisation's name)."""
    affiliations = []
    for affiliation in Affiliation.objects.filter(person=person).select_related("organisation"):
        row = export_fields(affiliation, AFFILIATION_FIELDS)
        row["organisation_name"] = affiliation.organisation.name
        affiliations.append(row)
    return {"person": export_fields(person, PERSON_FIELDS), "affiliations": affiliations}


def erase_person_rows(*, people: QuerySet[Person], now: dt.datetime) -> None:
    """Scrub the Person rows and drop their affiliations; the rows and their ids stay.

    A queryset update leaves `updated_at` alone: the counted inputs of reports look unchanged.
    """
    Affiliation.objects.filter(person__in=people).delete()
    people.update(
        first_name="",
        last_name="",
        email=placeholder_email_column(),
        birth_year=None,
        erased_at=now,
    )


def recent_person_ids(*, since: dt.date):
    """People added or changed on or after `since`."""
    return Person.objects.filter(updated_at__date__gte=since).values("id")
