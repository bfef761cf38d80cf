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
