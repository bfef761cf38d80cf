"""Newsletters: lists, double opt-in subscriptions with their history, campaigns and deliveries."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from perspectives.core.models import TimeStampedModel


class NewsletterList(TimeStampedModel):
    """A newsletter people subscribe to; its code is the last part of the subscribe URL."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")

    def __str__(self) -> str:
        return self.name


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    ACTIVE = "active", _("Active")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    SUPPRESSED = "suppressed", _("Suppressed (bounce or complaint)")


class Subscription(models.Model):
    """One e-mail address on one list. The consent proof is stored when it is confirmed."""

    newsletter_list = models.ForeignKey(
        NewsletterList,
        on_delete=models.PROTECT,
        related_name="subscriptions",
        verbose_name=_("newsletter"),
    )
    email = models.EmailField(_("e-mail address"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.PENDING,
    )
    # The language the person used on the site: their mails go out in it.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )
    consent_text_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    consent_text = models.TextField(_("consent text"), blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    # Only a hash of the confirmation token: whoever reads the database cannot confirm for others.
    token_hash = models.CharField(_("confirmation token hash"), max_length=64, blank=True)
    token_expires_at = models.DateTimeField(_("confirmation link expires at"), null=True)
    created_at = models.DateTimeField(_("created at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter_list", "email"], name="reach_subscription_once_per_list"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=SubscriptionStatus.values),
                name="reach_subscription_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")),
                name="reach_subscription_email_lower_case",
            ),
        ]
        indexes = [models.Index(fields=["token_hash"])]

    def __str__(self) -> str:
        return f"{self.email} ({self.newsletter_list_id})"

    def confirmation_problem(self, *, now) -> str | None:
        """Why this subscription's confirmation link cannot be used now: used, expired, unknown."""
        if self.status in (SubscriptionStatus.UNSUBSCRIBED, SubscriptionStatus.SUPPRESSED):
            return "unknown"
        if self.token_expires_at is None:
            return "used"
        if self.token_expires_at <= now:
            return "expired"
        return None


class SubscriptionEventType(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    BOUNCED = "bounced", _("Bounced")
    COMPLAINED = "complained", _("Complained")


class SubscriptionEvent(models.Model):
    """One step in a subscription's history; subscriber counts on past dates come from these."""

    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    event = models.CharField(_("event"), max_length=20, choices=SubscriptionEventType.choices)
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("subscription event")
        verbose_name_plural = _("subscription events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(event__in=SubscriptionEventType.values),
                name="reach_subscriptionevent_event_valid",
            ),
        ]
        indexes = [models.Index(fields=["subscription", "at"])]

    def __str__(self) -> str:
        return f"{self.subscription_id} {self.event} {self.at:%Y-%m-%d}"


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    TEST_SENT = "test_sent", _("Test sent")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class Campaign(TimeStampedModel):
    """One mailing to the active subscribers of a list, written in Markdown."""

    newsletter_list = models.ForeignKey(
        NewsletterList,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("newsletter"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body_markdown = models.TextField(_("text (Markdown)"))
    status = models.CharField(
        _("status"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    test_sent_at = models.DateTimeField(_("test sent at"), null=True, blank=True)
    # The moment a scheduled campaign goes out; kept once it started, cleared when unscheduled.
    scheduled_at = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    rate_per_minute = models.PositiveIntegerField(_("messages per minute"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CampaignStatus.values),
                name="reach_campaign_status_valid",
            ),
            # The worker's task only starts a campaign that is scheduled for a moment.
            models.CheckConstraint(
                condition=~models.Q(status="scheduled") | models.Q(scheduled_at__isnull=False),
                name="reach_campaign_scheduled_has_moment",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_editable(self) -> bool:
        # A scheduled campaign is not: its text was tested, and the test is what it goes out on.
        return self.status in (CampaignStatus.DRAFT, CampaignStatus.TEST_SENT)

    @property
    def can_be_sent(self) -> bool:
        """Tested and not started: it may be sent now, or (re)scheduled."""
        return self.status in (CampaignStatus.TEST_SENT, CampaignStatus.SCHEDULED)

    @property
    def has_started(self) -> bool:
        return self.status in (CampaignStatus.SENDING, CampaignStatus.SENT)


class CampaignDelivery(models.Model):
    """A campaign claimed for one subscription; written before the mail goes out.

    Claiming first means a send that is interrupted and restarted skips every claimed address:
    at worst one address misses the mailing, none gets it twice.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="deliveries"
    )
    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    claimed_at = models.DateTimeField(_("claimed at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("campaign delivery")
        verbose_name_plural = _("campaign deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "subscription"], name="reach_campaigndelivery_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} → {self.subscription_id}"
