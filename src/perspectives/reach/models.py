"""Online reach figures per period and channel, entered or imported until reach measures itself."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from perspectives.core.models import TimeStampedModel


class Channel(models.TextChoices):
    VACANCY_PORTAL = "vacancy_portal", _("Vacancy portal")
    ACADEMY = "academy", _("Academy")
    KNOWLEDGE_BASE = "knowledge_base", _("Knowledge base")
    WEBSITE_TOTAL = "website_total", _("Website total")
    NEWSLETTER_SUBSCRIBERS = "newsletter_subscribers", _("Newsletter subscribers")


class ReachFigure(TimeStampedModel):
    """One measured figure: unique visitors of a channel in a period, or subscribers at its end."""

    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    value = models.PositiveIntegerField(_("value"))
    method = models.TextField(
        _("method"), help_text=_("How the figure was measured, e.g. unique visitors per month.")
    )
    source = models.TextField(
        _("source"),
        blank=True,
        help_text=_("Where the figure came from, e.g. the name of an analytics export."),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["period_start", "channel"]
        verbose_name = _("reach figure")
        verbose_name_plural = _("reach figures")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "period_start", "period_end"],
                name="reach_reachfigure_one_per_channel_period",
                violation_error_message=_("There is already a figure for this channel and period."),
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="reach_reachfigure_ends_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="reach_reachfigure_value_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values),
                name="reach_reachfigure_channel_valid",
            ),
        ]
        indexes = [models.Index(fields=["channel", "period_end"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.period_start}–{self.period_end}: {self.value}"


class Section(models.TextChoices):
    """Parts of the foundation's sites that are counted apart; each feeds one reach channel."""

    VACANCY_PORTAL = "vacancy_portal", _("Vacancy portal")
    ACADEMY = "academy", _("Academy")
    KNOWLEDGE_BASE = "knowledge_base", _("Knowledge base")
    OTHER = "other", _("Other pages")


class VisitorSalt(models.Model):
    """The random key of one day's visitor hashes; destroyed once the day is compacted.

    Without it a hash cannot be linked to an address again, not even by us: that is what makes
    the raw hits of a finished day anonymous before they are counted.
    """

    day = models.DateField(_("day"), unique=True)
    secret = models.BinaryField(_("secret"))

    class Meta:
        verbose_name = _("visitor salt")
        verbose_name_plural = _("visitor salts")

    def __str__(self) -> str:
        return str(self.day)


class VisitorHit(models.Model):
    """One visitor seen on one day in one section: a keyed hash, never an address or browser.

    No time of day, no URL, no referrer, no user agent: the row can only say "someone, once,
    that day, in that section". A second visit of the same visitor that day is the same row.
    `address_hash` is a keyed hash of the client address alone (same day's key), so that one
    address counts as at most REACH_MAX_VISITORS_PER_ADDRESS_PER_DAY visitors; empty for hits
    stored before it existed, which count uncapped.
    """

    day = models.DateField(_("day"))
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    visitor_hash = models.CharField(_("visitor hash"), max_length=64)
    address_hash = models.CharField(_("address hash"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("visitor hit")
        verbose_name_plural = _("visitor hits")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "section", "visitor_hash"], name="reach_visitorhit_once_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.section}"


class DailyVisitors(models.Model):
    """Unique visitors of one section on one day, compacted from the raw hits."""

    day = models.DateField(_("day"))
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    unique_visitors = models.PositiveIntegerField(_("unique visitors"))

    class Meta:
        ordering = ["day", "section"]
        verbose_name = _("daily visitors")
        verbose_name_plural = _("daily visitors")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "section"], name="reach_dailyvisitors_one_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(section__in=Section.values),
                name="reach_dailyvisitors_section_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.section}: {self.unique_visitors}"


# Where each counted section goes in the reach figures; every section also counts toward the
# website total, and `other` only there.
SECTION_CHANNELS: dict[str, list[str]] = {
    Section.VACANCY_PORTAL: [Channel.VACANCY_PORTAL, Channel.WEBSITE_TOTAL],
    Section.ACADEMY: [Channel.ACADEMY, Channel.WEBSITE_TOTAL],
    Section.KNOWLEDGE_BASE: [Channel.KNOWLEDGE_BASE, Channel.WEBSITE_TOTAL],
    Section.OTHER: [Channel.WEBSITE_TOTAL],
}


# The newsletter models live in their own module; importing them here registers them with the app.
from .newsletters.models import (  # noqa: E402
    Campaign,
    CampaignDelivery,
    CampaignStatus,
    NewsletterList,
    Subscription,
    SubscriptionEvent,
    SubscriptionEventType,
    SubscriptionStatus,
)

__all__ = [
    "SECTION_CHANNELS",
    "Campaign",
    "CampaignDelivery",
    "CampaignStatus",
    "Channel",
    "DailyVisitors",
    "NewsletterList",
    "ReachFigure",
    "Section",
    "Subscription",
    "SubscriptionEvent",
    "SubscriptionEventType",
    "SubscriptionStatus",
    "VisitorHit",
    "VisitorSalt",
]
