"""The e-mails about a registration: confirmation (seat or waiting list), promotion, cancellation.

Each is sent by a background task (tasks.py) that the notifications queue with the
transaction. The task loads the registration afresh and sends only what still holds: a
confirmation of someone who cancelled meanwhile is not sent. The task's id is the mail's
idempotency key (core.services.send_mail_once): a retried task never sends it twice.
"""

import io
from email.mime.image import MIMEImage
from enum import StrEnum

import segno
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from perspectives.core.languages import mail_language as core_mail_language
from perspectives.core.services import send_mail_once

from . import links
from .models import CANCELLABLE_STATUSES, Activity, Registration, RegistrationStatus
from .selectors import (
    get_public_activity_to_sign_up,
    get_registration_by_id,
    get_waiting_list_position,
)

QR_CONTENT_ID = "checkin-qr"


class RegistrationMail(StrEnum):
    CONFIRMATION = "confirmation"
    PROMOTION = "promotion"
    CANCELLATION = "cancellation"
    # Someone signed up again with this address: what its registration is, and what to do.
    ALREADY_REGISTERED = "already_registered"


# Which statuses each mail still makes sense for when the task runs.
SENDABLE_STATUSES = {
    RegistrationMail.CONFIRMATION: {RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED},
    RegistrationMail.PROMOTION: {RegistrationStatus.REGISTERED},
    RegistrationMail.CANCELLATION: {RegistrationStatus.CANCELLED},
    RegistrationMail.ALREADY_REGISTERED: set(RegistrationStatus.values),
}


def _subject(*, kind: RegistrationMail, is_seat: bool) -> str:
    if kind == RegistrationMail.ALREADY_REGISTERED:
        return _("Your registration: %(title)s")
    if kind == RegistrationMail.CANCELLATION:
        return _("Registration cancelled: %(title)s")
    if kind == RegistrationMail.PROMOTION:
        return _("A place came free: %(title)s")
    if is_seat:
        return _("Registration confirmed: %(title)s")
    return _("On the waiting list: %(title)s")


def make_checkin_qr_png(*, registration_id: int) -> bytes:
    """A PNG of the QR code that opens the staff check-in page of this registration."""
    buffer = io.BytesIO()
    segno.make(links.checkin_url(registration_id=registration_id), error="m").save(
        buffer, kind="png", scale=6, border=2
    )
    return buffer.getvalue()


def mail_language(*, language: str = "", registration: Registration | None = None) -> str:
    """The language a mail goes out in: the one the person used on the site, else Dutch."""
    return core_mail_language(language, registration.language if registration else "")


def build_registration_email(
    *, registration: Registration, kind: RegistrationMail, language: str = ""
) -> EmailMultiAlternatives:
    """The e-mail of this kind in the person's language, plain text with an HTML alternative."""
    activity = registration.activity
    is_seat = registration.status == RegistrationStatus.REGISTERED
    context = {
        "kind": kind.value,
        "registration": registration,
        "person": registration.person,
        "activity": activity,
        "is_seat": is_seat,
        "position": get_waiting_list_position(registration=registration),
        "activity_url": links.activity_url(code=activity.code),
        "calendar_url": links.calendar_url(code=activity.code),
        "cancel_url": links.cancel_url(registration_id=registration.pk),
        "qr_content_id": QR_CONTENT_ID,
        "is_open": activity.is_registration_open(timezone.now()),
        "is_cancellable": registration.status in CANCELLABLE_STATUSES
        and activity.is_cancellation_open(timezone.now()),
    }
    if kind == RegistrationMail.ALREADY_REGISTERED and (
        registration.status == RegistrationStatus.CANCELLED
    ):
        context["again_url"] = links.sign_up_again_url(registration_id=registration.pk)
    with translation.override(mail_language(language=language, registration=registration)):
        subject = _subject(kind=kind, is_seat=is_seat) % {"title": activity.title}
        context["subject"] = subject
        text = render_to_string(f"activities/email/{kind}.txt", context)
        html = render_to_string(f"activities/email/{kind}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[registration.person.email])
    message.attach_alternative(html, "text/html")
    if kind in (RegistrationMail.CONFIRMATION, RegistrationMail.PROMOTION) and is_seat:
        # multipart/related, so that the HTML part can show the image by its Content-ID.
        message.mixed_subtype = "related"
        image = MIMEImage(make_checkin_qr_png(registration_id=registration.pk), "png")
        image.add_header("Content-ID", f"<{QR_CONTENT_ID}>")
        image.add_header("Content-Disposition", "inline", filename="check-in.png")
        message.attach(image)
    return message


def send_registration_email(
    *, key: str, registration_id: int, kind: str, language: str = ""
) -> bool:
    """Send one registration e-mail if it still applies and was not sent under `key` before;
    returns whether it was sent now. A refused send raises (the task is retried)."""
    kind = RegistrationMail(kind)
    try:
        registration = get_registration_by_id(registration_id=registration_id)
    except Registration.DoesNotExist:
        return False
    if registration.status not in SENDABLE_STATUSES[kind] or not registration.person.email:
        return False
    if registration.person.erased_at is not None:
        return False
    return send_mail_once(
        key=key,
        message=build_registration_email(registration=registration, kind=kind, language=language),
        action=f"activities.registration.{kind}_mailed",
        target=registration,
        data={"status": registration.status},
    )


def send_sign_up_confirmation(
    *, key: str, activity_id: int, email: str, token: str, language: str
) -> bool:
    """Send the link that confirms a sign-up; returns whether it was sent now (not for an
    activity that is gone or closed meanwhile, nor a second time under `key`)."""
    try:
        activity = get_public_activity_to_sign_up(activity_id=activity_id)
    except Activity.DoesNotExist:
        return False
    context = {
        "activity": activity,
        "activity_url": links.activity_url(code=activity.code),
        "confirm_url": links.confirm_sign_up_url(token=token),
    }
    with translation.override(mail_language(language=language)):
        subject = _("Confirm your registration: %(title)s") % {"title": activity.title}
        context["subject"] = subject
        text = render_to_string("activities/email/confirm_sign_up.txt", context)
        html = render_to_string("activities/email/confirm_sign_up.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[email])
    message.attach_alternative(html, "text/html")
    return send_mail_once(
        key=key,
        message=message,
        action="activities.activity.sign_up_confirmation_mailed",
        target=activity,
        data={},
    )
