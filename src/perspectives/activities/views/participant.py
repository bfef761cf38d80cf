"""What activities shows on a participant's own page (core.registry.participant_sections)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from perspectives.people.selectors import find_person_by_email

from ..models import CANCELLABLE_STATUSES
from ..selectors import list_registrations
from ..tokens import make_cancel_token


def build_registrations_section(*, user, email: str) -> dict:
    """The person's registrations, coming and past; coming ones that may still be cancelled
    carry their cancel link (the same link as in the confirmation mail)."""
    person = find_person_by_email(email=email)
    registrations = list_registrations(person=person) if person is not None else []
    today, now = timezone.localdate(), timezone.now()
    coming, past = [], []
    for registration in registrations:
        activity = registration.activity
        if (activity.ends_on or activity.starts_on) >= today:
            # A closed meeting has no public pages, so no public cancel link either.
            cancellable = (
                not activity.is_closed
                and registration.status in CANCELLABLE_STATUSES
                and activity.is_cancellation_open(now)
            )
            token = make_cancel_token(registration_id=registration.pk) if cancellable else ""
            registration.cancel_path = (
                reverse("activities:public-registration-cancel", kwargs={"token": token})
                if token
                else ""
            )
            coming.append(registration)
        else:
            past.append(registration)
    coming.reverse()  # soonest first; the list comes newest first
    return {
        "title": _("Your registrations"),
        "template": "activities/participant_section.html",
        "coming": coming,
        "past": past,
    }
