"""Indicators (versioned definitions of reported figures), report snapshots and published figures."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class IndicatorKind(models.TextChoices):
    COUNT = "count", _("Counted from sources")
    SUM = "sum", _("Sum of other indicators")


class IndicatorPillar(models.TextChoices):
    TALENT = "talent", _("Talent")
    INNOVATION = "innovation", _("Innovation")
    BOTH = "both", _("Both")


class Indicator(models.Model):
    """A reported figure; what it counts lives in its versions (the latest is current)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    pillar = models.CharField(
        _("pillar"), max_length=12, choices=IndicatorPillar.choices, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(
        _("kind"), max_length=8, choices=IndicatorKind.choices, default=IndicatorKind.COUNT
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=IndicatorKind.values),
                name="impact_indicator_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl


class IndicatorVersion(models.Model):
    """One definition of an indicator; never changed, a new version replaces it.

    `definition` holds {"sources": [{"source": key, "params": {...}}], "unit": "participations",
    "exclusions": {"nl": ..., "en": ...}} for counted indicators and {"sum_of": [codes]} for sums.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["indicator", "-number"]
        verbose_name = _("indicator version")
        verbose_name_plural = _("indicator versions")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "number"], name="impact_indicatorversion_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} v{self.number}"


class ReportKind(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants")
    FUNDING = "funding", _("Funding")


class ReportSnapshot(models.Model):
    """A report as it was sent: its figures, parameters, definitions and input fingerprint.

    Stored once by `freeze_report` and never updated, so that `verify_snapshot` can prove later
    what was reported and explain every difference with the records of today.
    """

    label = models.CharField(_("label"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    parameters = models.JSONField(_("parameters"), default=dict)
    figures = models.JSONField(_("figures"), default=dict)
    definitions = models.JSONField(_("definitions"), default=dict)
    fingerprint = models.JSONField(_("input fingerprint"), default=dict)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ReportKind.values), name="impact_snapshot_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class PublishedFigure(models.Model):
    """A figure as published elsewhere (a letter, an annual report), to verify against records.

    `indicator` is an indicator code or a funding figure code (`municipal_subsidy`,
    `municipal_share_percent`, `total_budget`); `period` is a year (`2020`), optionally cut off
    (`2020 t/m 2020-10-31`).
    """

    report = models.CharField(_("report"), max_length=100)
    indicator = models.CharField(_("indicator"), max_length=64)
    period = models.CharField(_("period"), max_length=40)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    # The precision as published (31 -> 0, 21.9 -> 1): a published figure is compared with the
    # records rounded to the same number of decimals.
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    source = models.CharField(_("source"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(verbose_name=_("recorded at"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["report", "indicator", "period"]
        verbose_name = _("published figure")
        verbose_name_plural = _("published figures")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator", "period"], name="impact_publishedfigure_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.indicator} {self.period} = {self.value}"


class ReportRelease(models.Model):
    """A frozen report once shown to a funder: from then on part of every funder's figures.

    Withdrawing a report from a funder ends their membership, not the release: figures once
    shown stay known, so the cells hidden beside them must stay hidden for good.
    """

    snapshot = models.OneToOneField(
        ReportSnapshot,
        on_delete=models.PROTECT,
        related_name="release",
        verbose_name=_("report"),
    )
    released_at = models.DateTimeField(_("released at"), auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("released by"),
    )

    class Meta:
        verbose_name = _("report release")
        verbose_name_plural = _("report releases")

    def __str__(self) -> str:
        return str(self.snapshot)
