"""Account mails (log-in codes, reset and verification links, notices) sent by a background task.

allauth renders each mail in the request, in the request's language (AccountAdapter.send_mail),
and `queue_account_mail` queues it instead of sending it. The worker sends it under the task's
id as idempotency key (core.services.send_mail_once): a mail server that is down delays the mail
(retried with back-off, then shown to staff), and a retry never sends it twice
(docs/decisions/0019 and 0025).

A rendered mail holds the secret it exists for, so the queue holds it encrypted
(encryption.encrypt_mail). Beside it, in clear: the kind of mail (its allauth template prefix),
when its code or link expires, and a keyed hash of the address by which erasure finds the task
(core.privacy.erase_task_arguments). A mail whose code or link has expired is dropped, not sent
late.
"""

import datetime as dt
import json
import logging
from collections.abc import Callable

from allauth.account import app_settings as allauth_settings
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.utils import timezone

from perspectives.core.services import send_mail_once, subject_digest

from .encryption import decrypt_mail, encrypt_mail

logger = logging.getLogger(__name__)


def _confirmation_lifetime() -> float:
    if allauth_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED:
        return allauth_settings.EMAIL_VERIFICATION_BY_CODE_TIMEOUT
    return allauth_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS * 24 * 3600


# How long the code or link of each kind of mail stays usable, in seconds, read from the setting
# allauth (or Django's token generator) checks it against; each counts from its making, which
# comes just before the mail is rendered. Notices (a changed password, an unknown account) do
# not expire.
LIFETIMES: dict[str, Callable[[], float]] = {
    "account/email/login_code": lambda: allauth_settings.LOGIN_BY_CODE_TIMEOUT,
    "account/email/password_reset_key": lambda: settings.PASSWORD_RESET_TIMEOUT,
    "account/email/password_reset_code": lambda: allauth_settings.PASSWORD_RESET_BY_CODE_TIMEOUT,
    "account/email/email_confirmation": _confirmation_lifetime,
    "account/email/email_confirmation_signup": _confirmation_lifetime,
}


def expiry_of(*, kind: str, now: dt.datetime) -> dt.datetime | None:
    """When the code or link of a mail of `kind` made at `now` stops working; None: never."""
    lifetime = LIFETIMES.get(kind)
    return None if lifetime is None else now + dt.timedelta(seconds=lifetime())


def _seal(message: EmailMessage) -> str:
    if message.attachments:
        raise ValueError("an account mail carries no attachments")
    return encrypt_mail(
        json.dumps(
            {
                "subject": message.subject,
                "body": message.body,
                "from_email": message.from_email,
                "to": message.to,
                "cc": message.cc,
                "bcc": message.bcc,
                "reply_to": message.reply_to,
                # The outbox's subject-only mark (AccountAdapter.render_mail) travels with it.
                "headers": message.extra_headers,
                "content_subtype": message.content_subtype,
                "alternatives": [
                    [content, mimetype]
                    for content, mimetype in getattr(message, "alternatives", [])
                ],
            }
        )
    )


def _unseal(sealed: str) -> EmailMultiAlternatives:
    fields = json.loads(decrypt_mail(sealed))
    message = EmailMultiAlternatives(
        subject=fields["subject"],
        body=fields["body"],
        from_email=fields["from_email"],
        to=fields["to"],
        cc=fields["cc"],
        bcc=fields["bcc"],
        reply_to=fields["reply_to"],
        headers=fields["headers"],
        alternatives=[tuple(pair) for pair in fields["alternatives"]],
    )
    message.content_subtype = fields["content_subtype"]
    return message


def queue_account_mail(
    *, kind: str, email: str, message: EmailMessage, now: dt.datetime | None = None
) -> None:
    """Queue the rendered account mail `message` (allauth's template prefix `kind`) to `email`."""
    from .tasks import send_account_mail_task

    expires_at = expiry_of(kind=kind, now=now or timezone.now())
    # Queued at once, not after the commit (core.transactions.queue_with_transaction): the task
    # reads nothing the request writes, and the database queue's row still commits or rolls
    # back with the request's transaction if there is one.
    send_account_mail_task.enqueue(
        kind=kind,
        sealed=_seal(message),
        subject_key=subject_digest(email),
        expires_at=expires_at.isoformat() if expires_at else "",
    )


def send_account_mail(
    *, key: str, kind: str, sealed: str, expires_at: str = "", now: dt.datetime | None = None
) -> bool:
    """Send one queued account mail under idempotency key `key`; False if sent before or moot.

    Moot: its code or link expired (`expires_at`, ISO 8601) before `now`; it is dropped rather
    than sent late, after a retry or when staff queue a failed one again. Must not be called
    inside a transaction (send_mail_once).
    """
    now = now or timezone.now()
    if expires_at and now > dt.datetime.fromisoformat(expires_at):
        logger.info("account mail %s (%s) not sent: its code or link has expired", key, kind)
        return False
    return send_mail_once(
        key=key, message=_unseal(sealed), action="accounts.mail.sent", data={"kind": kind}
    )
