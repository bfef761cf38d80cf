"""Activities' part of the personal-data inventory, export, erasure and retention.

A registration links a person to an activity and holds nothing else about them, so erasure
leaves registrations as they are: they keep every report's figures, unique persons included.
Erasure deletes only the API's stored answers about them.
"""

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_noop

from perspectives.core.privacy import (
    AS_LONG_AS_RECORD,
    BACK_OFFICE,
    BOOKKEEPING,
    COACH,
    CONTRACT,
    EVERYONE,
    FUNDER,
    LEGITIMATE_INTEREST,
    NONE,
    NOT_APPLICABLE,
    PARTICIPANT,
    PSEUDONYMOUS,
    FieldUse,
    export_fields,
    uses,
)
from perspectives.core.services import forget_idempotent_responses

from .models import Registration

# The scope of the sign-up API's stored answers (and its rate-limit group), followed by
# ":<activity id>" (activities.api).
SIGN_UP_ANSWER_SCOPE = "activities.registration"

ACTIVITY_FIELDS = {
    **uses(["id", "created_at", "updated_at"], BOOKKEEPING),
    **uses(
        [
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
            "is_draft",
            "is_online",
            "capacity",
            "registration_closes_at",
            "requires_email_confirmation",
            "price_amount",
            "freelancer_price_amount",
            "organiser",
        ],
        FieldUse(
            NONE,
            gettext_noop("plan and announce activities, report on them"),
            NOT_APPLICABLE,
            AS_LONG_AS_RECORD,
            EVERYONE,
        ),
    ),
}

REGISTRATION_FIELDS = {
    **uses(["id", "created_at", "updated_at"], BOOKKEEPING),
    **uses(
        ["activity", "person", "status", "price_amount", "source", "registered_at", "language"],
        FieldUse(
            PSEUDONYMOUS,
            gettext_noop(
                "run the activity (seats, attendance, payment); count participants for funders"
            ),
            CONTRACT,
            AS_LONG_AS_RECORD,
            (*BACK_OFFICE, COACH, PARTICIPANT),
        ),
    ),
}

# The report tallies (models.py) are derived from registrations and follow them: a person's
# rows change when their registrations do, and hold no more than the registrations say.
TALLY_OF_PERSON = FieldUse(
    PSEUDONYMOUS,
    gettext_noop(
        "count participants and unique persons for funders without rescanning every registration"
    ),
    LEGITIMATE_INTEREST,
    AS_LONG_AS_RECORD,
    BACK_OFFICE,
)
TALLY_FIELDS = {
    "activities.TallyChange": {
        **uses(["id"], BOOKKEEPING),
        **uses(["person_id", "day"], TALLY_OF_PERSON),
    },
    "activities.FirstAttendance": {
        **uses(["id"], BOOKKEEPING),
        **uses(["person_id", "category", "year", "first_on"], TALLY_OF_PERSON),
    },
    **{
        model: {
            **uses(["id"], BOOKKEEPING),
            **uses(
                fields,
                FieldUse(
                    NONE,
                    gettext_noop("report participations and unique persons per day"),
                    NOT_APPLICABLE,
                    AS_LONG_AS_RECORD,
                    (*BACK_OFFICE, FUNDER),
                ),
            ),
        }
        for model, fields in (
            ("activities.DailyAttendance", ["category", "day", "participations"]),
            ("activities.DailyFirstAttendance", ["category_set", "day", "persons"]),
        )
    },
}


def export_registrations(*, person) -> dict[str, Any]:
    """The person's registrations, each with the activity's code, title and start date."""
    rows = []
    for registration in Registration.objects.filter(person=person).select_related("activity"):
        row = export_fields(registration, REGISTRATION_FIELDS)
        row["activity_code"] = registration.activity.code
        row["activity_title"] = registration.activity.title
        row["activity_starts_on"] = registration.activity.starts_on.isoformat()
        rows.append(row)
    return {"registrations": rows}


def erase_stored_sign_up_answers(*, people, now: dt.datetime) -> None:
    """Answers kept for retries of API sign-ups (Idempotency-Key) that name the people's
    registrations; those kept under their addresses go with core's eraser."""
    forget_idempotent_responses(
        scope_prefix=f"{SIGN_UP_ANSWER_SCOPE}:",
        body_ids=Registration.objects.filter(person__in=people).values_list("pk", flat=True),
    )


def recent_person_ids(*, since: dt.date):
    """People registered on or after `since`, or for an activity that starts on or after it."""
    return (
        Registration.objects.filter(
            Q(registered_at__date__gte=since) | Q(activity__starts_on__gte=since)
        )
        .values("person_id")
        .distinct()
    )
