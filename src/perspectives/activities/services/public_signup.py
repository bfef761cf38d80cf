"""Sign-up by anyone on the public site or the API: what they learn, and what they are mailed.

The answer to an anonymous caller tells nothing stored about an address: a sign-up for an
address that has a registration already changes nothing and mails its person instead (with a
link to sign up again if they had cancelled). An activity that requires e-mail confirmation
stores nothing until the link in the confirmation mail is followed, so invented addresses hold
no seat and no place in the queue.
"""

import datetime as dt
from enum import StrEnum
from functools import partial

from django.utils import timezone

from perspectives.core.transactions import queue_with_transaction
from perspectives.people.services import validated_person

from .. import notifications
from ..models import Activity
from ..selectors import get_public_activity_to_sign_up
from ..tokens import make_sign_up_token
from .seats import RegistrationClosed
from .signup import Outcome, SignUp, sign_up


class PublicOutcome(StrEnum):
    # A new registration (or, never for the public, one taken up again).
    SIGNED_UP = "signed_up"
    # The address had a registration: its person was mailed, nothing changed.
    MAILED = "mailed"
    # The sign-up waits for the link in the confirmation mail; nothing was stored.
    CONFIRMATION_SENT = "confirmation_sent"


def request_sign_up(
    *,
    activity: Activity,
    email: str,
    first_name: str,
    last_name: str,
    participant_type: str,
    organisation: str = "",
    source: str,
    language: str = "",
    now: dt.datetime | None = None,
) -> tuple[PublicOutcome, SignUp | None]:
    """Sign up from the public form or the API; returns the outcome and, for SIGNED_UP only,
    the sign-up. Raises RegistrationClosed, or ValidationError for invalid data."""
    now = now or timezone.now()
    if activity.requires_email_confirmation:
        if not activity.is_registration_open(now):
            raise RegistrationClosed(activity.code)
        person = validated_person(
            email=email,
            first_name=first_name,
            last_name=last_name,
            participant_type=participant_type,
        )
        token = make_sign_up_token(
            activity_id=activity.pk,
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            participant_type=participant_type,
            organisation=organisation.strip(),
            source=source,
            language=language,
        )
        notifications.notify_confirm_sign_up(
            activity_id=activity.pk, email=person.email, token=token, language=language
        )
        return PublicOutcome.CONFIRMATION_SENT, None
    result = sign_up(
        activity=activity,
        email=email,
        first_name=first_name,
        last_name=last_name,
        participant_type=participant_type,
        organisation=organisation,
        source=source,
        language=language,
        now=now,
    )
    if result.outcome == Outcome.EXISTING:
        queue_with_transaction(
            partial(
                notifications.notify_already_registered,
                registration_id=result.registration.pk,
                language=language,
            )
        )
        return PublicOutcome.MAILED, None
    return PublicOutcome.SIGNED_UP, result


def confirm_sign_up(*, data: dict, now: dt.datetime | None = None) -> SignUp:
    """The sign-up from a confirmation link's data (tokens.read_sign_up_token).

    Raises Activity.DoesNotExist when the activity is gone or closed meanwhile, and
    RegistrationClosed when sign-up has closed since.
    """
    activity = get_public_activity_to_sign_up(activity_id=data["activity"])
    return sign_up(
        activity=activity,
        email=data["email"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        participant_type=data["participant_type"],
        organisation=data["organisation"],
        source=data["source"],
        language=data["language"],
        now=now,
    )
