"""Writes of the newsletters. Only these functions change the newsletter tables."""

import datetime as dt
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from perspectives.accounts.models import User
from perspectives.core.emails import normalise_email
from perspectives.core.languages import mail_language
from perspectives.core.ratelimit import may_mail_address
from perspectives.core.services import log_action, send_mail_once
from perspectives.core.transactions import queue_with_transaction

from . import mail
from .models import (
    Campaign,
    CampaignDelivery,
    CampaignStatus,
    NewsletterList,
    Subscription,
    SubscriptionEvent,
    SubscriptionEventType,
    SubscriptionStatus,
)
from .selectors import list_campaign_recipients
from .tokens import hash_confirmation_token, new_confirmation_token

CONFIRMATION_VALID_FOR = dt.timedelta(hours=48)
DEFAULT_SEND_RATE_PER_MINUTE = 120


class ConfirmationError(Exception):
    """A confirmation link that cannot be used; `code` is unknown, used or expired."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _record_event(subscription: Subscription, event: str, at: dt.datetime) -> None:
    SubscriptionEvent.objects.create(subscription=subscription, event=event, at=at)


@transaction.atomic
def request_subscription(
    *,
    newsletter_list: NewsletterList,
    email: str,
    consent_text: str,
    consent_text_version: str,
    language: str = "",
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> Subscription | None:
    """Start the double opt-in for `email`; mails a confirmation link (valid 48 hours).

    The caller answers the same whatever happens here, so nobody learns who is subscribed: an
    active subscriber gets a note that nothing changed, a suppressed address gets no mail at all.
    An address past RATELIMIT_NEWSLETTER_PER_EMAIL mails gets no mail and nothing changes (a
    pending link stays valid). `request` only gives the security event its request id.
    """
    now = now or timezone.now()
    email = normalise_email(email)
    if not newsletter_list.is_active:
        return None
    subscription = (
        Subscription.objects.select_for_update()
        .filter(newsletter_list=newsletter_list, email=email)
        .first()
    )
    if subscription is not None and subscription.status == SubscriptionStatus.SUPPRESSED:
        return subscription
    if not may_mail_address(
        group="reach.newsletter.per_email",
        email=email,
        rate_setting="RATELIMIT_NEWSLETTER_PER_EMAIL",
        request=request,
    ):
        return subscription
    if subscription is not None and subscription.status == SubscriptionStatus.ACTIVE:
        _queue_confirmation(subscription=subscription, token="", language=language)
        return subscription
    token, token_hash = new_confirmation_token()
    if subscription is None:
        subscription = Subscription(newsletter_list=newsletter_list, email=email, created_at=now)
    subscription.status = SubscriptionStatus.PENDING
    subscription.language = mail_language(language, subscription.language)
    subscription.consent_text = consent_text
    subscription.consent_text_version = consent_text_version
    subscription.token_hash = token_hash
    subscription.token_expires_at = now + CONFIRMATION_VALID_FOR
    subscription.full_clean()
    subscription.save()
    _record_event(subscription, SubscriptionEventType.REQUESTED, now)
    log_action(action="reach.subscription.requested", actor=None, target=subscription)
    _queue_confirmation(subscription=subscription, token=token, language=subscription.language)
    return subscription


def _queue_confirmation(*, subscription: Subscription, token: str, language: str) -> None:
    # A background task, so that a mail server that is down delays the mail instead of losing
    # it (retried with back-off, then shown to staff); the token travels in the task's
    # arguments because only its hash is stored.
    from .tasks import send_subscription_confirmation_task

    queue_with_transaction(
        partial(
            send_subscription_confirmation_task.enqueue,
            subscription_id=subscription.pk,
            token=token,
            language=language or subscription.language,
        )
    )


def send_subscription_confirmation(
    *, key: str, subscription_id: int, token: str, language: str
) -> bool:
    """Send one confirmation mail under idempotency key `key`; False if sent before or moot.

    Moot: the subscription was erased meanwhile, or a new link replaced this one (only the
    newest link's hash is kept, so an older link could not be confirmed anyway).
    """
    subscription = (
        Subscription.objects.select_related("newsletter_list").filter(pk=subscription_id).first()
    )
    if subscription is None:
        return False
    if token and subscription.token_hash != hash_confirmation_token(token):
        return False
    message = mail.build_confirmation_email(
        newsletter_list=subscription.newsletter_list,
        email=subscription.email,
        token=token or None,
        language=language,
    )
    return send_mail_once(
        key=key,
        message=message,
        action="reach.subscription.confirmation_mailed",
        target=subscription,
        data={"confirmation": bool(token)},
    )


@transaction.atomic
def confirm_subscription(*, token: str, now: dt.datetime | None = None) -> Subscription:
    """Activate the subscription of a confirmation link and store the consent proof.

    Raises ConfirmationError: `unknown` (no such link, or replaced by a newer one), `used`
    (already confirmed) or `expired` (older than 48 hours).
    """
    now = now or timezone.now()
    subscription = (
        Subscription.objects.select_for_update()
        .filter(token_hash=hash_confirmation_token(token))
        .select_related("newsletter_list")
        .first()
    )
    if subscription is None:
        raise ConfirmationError("unknown")
    problem = subscription.confirmation_problem(now=now)
    if problem is not None:
        raise ConfirmationError(problem)
    subscription.status = SubscriptionStatus.ACTIVE
    subscription.consented_at = subscription.confirmed_at = now
    subscription.ended_at = None
    # The hash stays so that a second click can be told "already used"; the expiry goes.
    subscription.token_expires_at = None
    subscription.save()
    _record_event(subscription, SubscriptionEventType.CONFIRMED, now)
    log_action(
        action="reach.subscription.confirmed",
        actor=None,
        target=subscription,
        data={"consent_text_version": subscription.consent_text_version},
    )
    return subscription


@transaction.atomic
def unsubscribe(*, subscription: Subscription, now: dt.datetime | None = None) -> bool:
    """End a subscription; True when it changed (unsubscribing twice is harmless)."""
    now = now or timezone.now()
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status not in (SubscriptionStatus.ACTIVE, SubscriptionStatus.PENDING):
        return False
    subscription.status = SubscriptionStatus.UNSUBSCRIBED
    subscription.ended_at = now
    subscription.token_expires_at = None
    subscription.save()
    _record_event(subscription, SubscriptionEventType.UNSUBSCRIBED, now)
    log_action(action="reach.subscription.unsubscribed", actor=None, target=subscription)
    return True


@transaction.atomic
def suppress_address(*, email: str, reason: str, now: dt.datetime | None = None) -> int:
    """Stop mailing an address on every list after a bounce or complaint; returns how many.

    `reason` is `bounced` or `complained`; it is recorded as the subscription event.
    """
    if reason not in (SubscriptionEventType.BOUNCED, SubscriptionEventType.COMPLAINED):
        raise ValueError(f"unknown suppression reason {reason!r}")
    now = now or timezone.now()
    subscriptions = list(
        Subscription.objects.select_for_update()
        .filter(email=normalise_email(email))
        .exclude(status=SubscriptionStatus.SUPPRESSED)
    )
    for subscription in subscriptions:
        subscription.status = SubscriptionStatus.SUPPRESSED
        subscription.ended_at = subscription.ended_at or now
        subscription.token_expires_at = None
        subscription.save()
        _record_event(subscription, reason, now)
        log_action(
            action="reach.subscription.suppressed",
            actor=None,
            target=subscription,
            data={"reason": reason},
        )
    return len(subscriptions)


@transaction.atomic
def create_campaign(
    *, newsletter_list: NewsletterList, subject: str, body_markdown: str, actor: User
) -> Campaign:
    """A draft campaign for a list."""
    campaign = Campaign(
        newsletter_list=newsletter_list,
        subject=subject.strip(),
        body_markdown=body_markdown,
        created_by=actor,
    )
    campaign.full_clean()
    campaign.save()
    log_action(action="reach.campaign.created", actor=actor, target=campaign)
    return campaign


@transaction.atomic
def update_campaign(
    *, campaign: Campaign, subject: str, body_markdown: str, actor: User
) -> Campaign:
    """Change a campaign not yet sent; a changed text needs a new test send."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.is_editable:
        raise ValidationError("A campaign that is being sent or was sent cannot be changed.")
    subject = subject.strip()
    if (subject, body_markdown) != (campaign.subject, campaign.body_markdown):
        campaign.subject, campaign.body_markdown = subject, body_markdown
        campaign.status = CampaignStatus.DRAFT
        campaign.test_sent_at = None
        campaign.full_clean()
        campaign.save()
        log_action(action="reach.campaign.changed", actor=actor, target=campaign)
    return campaign


@transaction.atomic
def send_campaign_test(*, campaign: Campaign, actor: User) -> Campaign:
    """Mail the campaign to the staff member `actor`; required before the real send."""
    campaign = (
        Campaign.objects.select_for_update().select_related("newsletter_list").get(pk=campaign.pk)
    )
    if not campaign.is_editable:
        raise ValidationError(
            _("A scheduled, sending or sent campaign gets no new test."), code="not_editable"
        )
    if not getattr(actor, "email", ""):
        raise ValidationError(
            _("A test can only be sent to a staff member with an e-mail address."),
            code="no_address",
        )
    message = mail.build_campaign_email(
        campaign=campaign,
        email=actor.email,
        subscription_id=None,
        is_test=True,
    )
    campaign.status = CampaignStatus.TEST_SENT
    campaign.test_sent_at = timezone.now()
    campaign.save()
    log_action(
        action="reach.campaign.test_sent",
        actor=actor,
        target=campaign,
        # The recipient is the actor; the audit trail holds no e-mail addresses.
        data={"to": "actor"},
    )
    transaction.on_commit(message.send)
    return campaign


def send_rate_per_minute() -> int:
    return int(getattr(settings, "NEWSLETTER_SEND_RATE_PER_MINUTE", DEFAULT_SEND_RATE_PER_MINUTE))


def _check_can_be_sent(campaign: Campaign) -> None:
    if campaign.has_started:
        raise ValidationError(
            _("This campaign is already being sent or was sent; it does not go out again."),
            code="started",
        )
    if not campaign.can_be_sent:
        raise ValidationError(_("Send a test to yourself first."), code="untested")


def validate_send_moment(*, send_at: dt.datetime, now: dt.datetime) -> None:
    """Refuse a moment that is not in the future (the form and the service share this rule)."""
    if send_at <= now:
        raise ValidationError(_("Choose a moment in the future."), code="past")


def _begin_sending(*, campaign: Campaign, actor: User | None, data: dict) -> None:
    # Must be called inside a transaction holding the campaign's row lock.
    from .tasks import send_campaign_task

    campaign.status = CampaignStatus.SENDING
    campaign.rate_per_minute = send_rate_per_minute()
    campaign.save()
    log_action(
        action="reach.campaign.send_started",
        actor=actor,
        target=campaign,
        data={"rate_per_minute": campaign.rate_per_minute, **data},
    )
    queue_with_transaction(partial(send_campaign_task.enqueue, campaign_id=campaign.pk))


@transaction.atomic
def start_campaign_send(*, campaign: Campaign, actor: User) -> Campaign:
    """Queue the real send to the list's active subscribers now, after a test send.

    A scheduled campaign may be sent now as well; its schedule goes. A campaign that is being
    sent or was sent is refused (code `started`): nobody gets it twice.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_can_be_sent(campaign)
    campaign.scheduled_at = None
    _begin_sending(campaign=campaign, actor=actor, data={"scheduled": False})
    return campaign


@transaction.atomic
def schedule_campaign(
    *, campaign: Campaign, send_at: dt.datetime, actor: User, now: dt.datetime | None = None
) -> Campaign:
    """Have a tested campaign go out at `send_at` (a moment in the future); also reschedules.

    The moment is stored on the campaign and a task is queued to run then
    (docs/decisions/0024); a task left by an earlier moment finds the campaign not yet due,
    or no longer scheduled, and does nothing.
    """
    from .tasks import start_scheduled_campaign_task

    now = now or timezone.now()
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_can_be_sent(campaign)
    validate_send_moment(send_at=send_at, now=now)
    if not start_scheduled_campaign_task.get_backend().supports_defer:
        raise ValidationError(
            _("The background queue of this installation cannot run work later."),
            code="no_defer",
        )
    previous = campaign.scheduled_at
    campaign.status = CampaignStatus.SCHEDULED
    campaign.scheduled_at = send_at
    campaign.full_clean()
    campaign.save()
    log_action(
        action="reach.campaign.rescheduled" if previous else "reach.campaign.scheduled",
        actor=actor,
        target=campaign,
        data={"scheduled_at": send_at.isoformat()},
    )
    queue_with_transaction(
        partial(
            start_scheduled_campaign_task.using(run_after=send_at).enqueue,
            campaign_id=campaign.pk,
        )
    )
    return campaign


@transaction.atomic
def unschedule_campaign(*, campaign: Campaign, actor: User) -> Campaign:
    """Take a scheduled campaign off its schedule; it stays tested and can be sent or scheduled."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.SCHEDULED:
        _check_can_be_sent(campaign)
        raise ValidationError(_("This campaign is not scheduled."), code="not_scheduled")
    campaign.status = CampaignStatus.TEST_SENT
    campaign.scheduled_at = None
    campaign.save()
    log_action(action="reach.campaign.unscheduled", actor=actor, target=campaign)
    return campaign


@transaction.atomic
def start_scheduled_campaign(*, campaign_id: int, now: dt.datetime | None = None) -> bool:
    """Start the send of a scheduled campaign whose moment has come; True when it started.

    False, and nothing changes, before the moment, and for a campaign unscheduled, sent now
    by hand, or gone meanwhile: so a task left by an earlier schedule is harmless.
    """
    now = now or timezone.now()
    campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
    if campaign is None or campaign.status != CampaignStatus.SCHEDULED:
        return False
    if campaign.scheduled_at > now:
        return False
    _begin_sending(campaign=campaign, actor=None, data={"scheduled": True})
    return True


@dataclass(frozen=True)
class BatchResult:
    sent: int
    failed: int
    remaining: int


def send_campaign_batch(*, campaign: Campaign, limit: int | None = None) -> BatchResult:
    """Send the next batch (at most the campaign's rate) of a campaign being sent.

    Must not run inside a transaction: each delivery is claimed in its own committed INSERT
    before its mail goes out, so a run that stops halfway and starts again never mails an
    address twice. When nobody is left, the campaign is marked sent.
    """
    campaign = Campaign.objects.select_related("newsletter_list").get(pk=campaign.pk)
    if campaign.status != CampaignStatus.SENDING:
        return BatchResult(sent=0, failed=0, remaining=0)
    limit = limit or campaign.rate_per_minute or send_rate_per_minute()
    todo = list(_unclaimed(campaign).order_by("id")[:limit])
    sent = failed = 0
    for subscription in todo:
        try:
            with transaction.atomic():
                delivery = CampaignDelivery.objects.create(
                    campaign=campaign, subscription=subscription, claimed_at=timezone.now()
                )
        except IntegrityError:
            continue  # claimed meanwhile by another run
        message = mail.build_campaign_email(
            campaign=campaign,
            email=subscription.email,
            subscription_id=subscription.pk,
            language=subscription.language,
        )
        try:
            message.send()
        except Exception as error:  # noqa: BLE001 - one refused address must not stop the rest
            delivery.error = f"{type(error).__name__}: {error}"[:1000]
            delivery.save(update_fields=["error"])
            failed += 1
            continue
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["sent_at"])
        sent += 1
    remaining = _unclaimed(campaign).count()
    if remaining == 0:
        _finish_campaign(campaign)
    return BatchResult(sent=sent, failed=failed, remaining=remaining)


def _unclaimed(campaign: Campaign):
    return list_campaign_recipients(campaign=campaign).exclude(deliveries__campaign=campaign)


@transaction.atomic
def _finish_campaign(campaign: Campaign) -> None:
    updated = Campaign.objects.filter(pk=campaign.pk, status=CampaignStatus.SENDING).update(
        status=CampaignStatus.SENT, sent_at=timezone.now(), updated_at=timezone.now()
    )
    if updated:
        deliveries = CampaignDelivery.objects.filter(campaign=campaign)
        log_action(
            action="reach.campaign.sent",
            actor=None,
            target=campaign,
            data={
                "delivered": deliveries.filter(sent_at__isnull=False).count(),
                "failed": deliveries.exclude(error="").count(),
            },
        )


@transaction.atomic
def create_newsletter_list(
    *, code: str, name: str, description: str = "", actor: User
) -> NewsletterList:
    """A new list, open for subscriptions at /nieuwsbrief/<code>/."""
    newsletter_list = NewsletterList(code=code, name=name.strip(), description=description.strip())
    newsletter_list.full_clean()
    newsletter_list.save()
    log_action(action="reach.newsletter_list.created", actor=actor, target=newsletter_list)
    return newsletter_list
