"""The public activity API: the catalogue and sign-up (`/api/v1/activities`).

Both operations are public (`auth=None`) and limited per client address. Sign-up answers 201
for a new registration and 200 with the existing one for the same person; an Idempotency-Key
header makes a retry return the first answer, whatever happened in between.
"""

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from ninja import Field, Header, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from perspectives.core.pagination import BoundedLimitOffset
from perspectives.core.ratelimit import rate_limited
from perspectives.core.services import IdempotencyKeyReused, respond_once
from perspectives.people.models import ParticipantType

from . import selectors, services
from .models import Activity, Registration, RegistrationSource
from .privacy import SIGN_UP_ANSWER_SCOPE

router = Router(tags=["activities"])

REGISTRATION_GROUP = SIGN_UP_ANSWER_SCOPE


class ActivityOut(Schema):
    code: str
    title: str
    type: str
    pillar: str
    category: str
    starts_on: dt.date
    ends_on: dt.date | None
    is_online: bool
    location: str
    price: Decimal = Field(..., alias="price_amount")
    freelancer_price: Decimal | None = Field(..., alias="freelancer_price_amount")
    seats_left: int | None = Field(None, description="Free seats; null when unlimited.")
    waiting_list: bool = Field(False, description="Full: new sign-ups go on the waiting list.")
    registration_open: bool = False

    @staticmethod
    def resolve_seats_left(activity: Activity) -> int | None:
        return activity.seats_left_of(activity.confirmed_count)

    @staticmethod
    def resolve_waiting_list(activity: Activity) -> bool:
        return activity.seats_left_of(activity.confirmed_count) == 0

    @staticmethod
    def resolve_registration_open(activity: Activity) -> bool:
        return activity.is_registration_open(timezone.now())


# No NUL characters: PostgreSQL cannot store them (the forms refuse them too).
NO_NUL = r"^[^\x00]*$"


class RegistrationIn(Schema):
    email: str = Field(..., min_length=3, max_length=254, pattern=NO_NUL)
    first_name: str = Field(..., min_length=1, max_length=100, pattern=NO_NUL)
    last_name: str = Field(..., min_length=1, max_length=150, pattern=NO_NUL)
    participant_type: Literal[tuple(ParticipantType.values)]  # type: ignore[valid-type]
    organisation: str = Field("", max_length=200, pattern=NO_NUL)


class RegistrationOut(Schema):
    id: int
    activity: str
    status: str = Field(..., description="registered or waitlisted (later also attended, ...)")
    price: Decimal
    registered_at: dt.datetime


class SignUpMailedOut(Schema):
    activity: str
    detail: str = Field(
        ..., description="What happens next: the person was sent an e-mail; nothing is revealed."
    )


MAILED_DETAIL = {
    services.PublicOutcome.MAILED: "This address was signed up already; its person has been sent"
    " an e-mail about the registration.",
    services.PublicOutcome.CONFIRMATION_SENT: "An e-mail with a confirmation link has been sent;"
    " the sign-up holds a place once that link is followed (within 48 hours).",
}


class FieldErrorsOut(Schema):
    errors: dict[str, list[str]]


class DetailOut(Schema):
    detail: str


@router.get(
    "/activities",
    auth=None,
    response={200: list[ActivityOut], 400: FieldErrorsOut, 429: DetailOut},
    summary="Upcoming public activities",
    description="Activities that are not closed meetings and start today or later, soonest first.",
)
@paginate(BoundedLimitOffset)
@decorate_view(
    rate_limited(group="activities.catalogue", rate_setting="RATELIMIT_API", methods=("GET",))
)
def list_activities(request: HttpRequest):
    return selectors.list_upcoming_public_activities(today=timezone.localdate())


@router.post(
    "/activities/{code}/registrations",
    auth=None,
    response={
        200: SignUpMailedOut,
        201: RegistrationOut,
        202: SignUpMailedOut,
        400: FieldErrorsOut,
        404: DetailOut,
        409: DetailOut,
        422: DetailOut,
        429: DetailOut,
    },
    summary="Sign up for an activity",
    description=(
        "201 with a new registration (a seat while capacity lasts, else the waiting list); 200 "
        "when this e-mail address is signed up already: nothing changes, the answer holds "
        "nothing of the stored registration, and its person is e-mailed (with a link to sign up "
        "again after a cancellation); 202 when the activity requires e-mail confirmation: "
        "nothing is stored until the link in the e-mail is followed; 400 with the "
        "errors per field; 404 for an unknown activity or a closed meeting; 409 when "
        "registration has closed. With an `Idempotency-Key` header a retry of the same request "
        "gets the first answer again (same status and body, header `Idempotent-Replayed: "
        "true`); the same key with a different body answers 422. Keys are kept for "
        "RETENTION_IDEMPOTENCY_KEYS_DAYS (default 1 day)."
    ),
)
@decorate_view(rate_limited(group=REGISTRATION_GROUP, rate_setting="RATELIMIT_REGISTRATION"))
def register(
    request: HttpRequest,
    code: str,
    payload: RegistrationIn,
    response: HttpResponse,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200),
):
    data = payload.dict()
    if not idempotency_key:
        return Status(*register_answer(code=code, data=data, language=request_language(request)))
    try:
        activity = selectors.get_public_activity_to_sign_up(code=code)
    except Activity.DoesNotExist:
        return Status(404, {"detail": "Not found"})

    def respond() -> tuple[int, dict]:
        status, body = register_answer(
            activity=activity, data=data, language=request_language(request)
        )
        # What is kept for a replay is JSON.
        return status, body.model_dump(mode="json") if isinstance(body, Schema) else body

    request_hash = hashlib.sha256(
        json.dumps([code, data], sort_keys=True).encode("utf-8")
    ).hexdigest()
    try:
        status, body, replayed = respond_once(
            key=idempotency_key,
            scope=f"{REGISTRATION_GROUP}:{activity.pk}",
            request_hash=request_hash,
            respond=respond,
            # Erasing the person who signed up deletes the answer kept for retries.
            subject=str(data.get("email") or ""),
        )
    except IdempotencyKeyReused:
        return Status(422, {"detail": "This Idempotency-Key was used for a different request."})
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(status, body)


def register_answer(
    *, activity: Activity | None = None, code: str = "", data: dict, language: str = ""
) -> tuple[int, RegistrationOut | dict]:
    """Sign up through the service and turn its outcome into (status code, body).

    For an activity given by its code, 404 for an unknown one comes before 400 for bad data.
    """
    if activity is None:
        try:
            activity = selectors.get_public_activity_to_sign_up(code=code)
        except Activity.DoesNotExist:
            return 404, {"detail": "Not found"}
    try:
        outcome, result = services.request_sign_up(
            activity=activity, source=RegistrationSource.API, language=language, **data
        )
    except services.RegistrationClosed:
        return 409, {"detail": "Registration for this activity is closed."}
    except ValidationError as error:
        return 400, {"errors": field_errors(error)}
    if result is None:
        status = 200 if outcome == services.PublicOutcome.MAILED else 202
        return status, {"activity": activity.code, "detail": MAILED_DETAIL[outcome]}
    return 201, registration_out(result.registration)


def registration_out(registration: Registration) -> RegistrationOut:
    """What a sign-up answers (and an Idempotency-Key keeps): no names, no address."""
    return RegistrationOut(
        id=registration.pk,
        activity=registration.activity.code,
        status=registration.status,
        price=registration.price_amount,
        registered_at=registration.registered_at,
    )


def request_language(request: HttpRequest) -> str:
    """The caller's language (Accept-Language, or the site's language cookie) for its mail."""
    return translation.get_language_from_request(request)


def field_errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}
