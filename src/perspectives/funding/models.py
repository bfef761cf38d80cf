"""Funders, their grants per year, the total budget per year and the policy rules on shares."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from perspectives.core.models import TimeStampedModel

# A grant or budget year outside this range is a typing error, not history or planning.
MIN_YEAR = 1990
MAX_YEAR = 2100
YEAR_VALIDATORS = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
NOT_NEGATIVE = [MinValueValidator(0)]


class FunderKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    GOVERNMENT = "government", _("Government")
    COMPANY = "company", _("Company")
    SCHOOL = "school", _("School")
    EU_FUND = "eu_fund", _("EU fund")
    OTHER = "other", _("Other")


class GrantStatus(models.TextChoices):
    # Declared in the order a grant advances; selectors rely on it.
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    SETTLED = "settled", _("Settled")


class Funder(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=FunderKind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="funding_funder_name_unique_ci",
                violation_error_message=_("A funder with this name already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=FunderKind.values), name="funding_funder_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Grant(TimeStampedModel):
    funder = models.ForeignKey(
        Funder, verbose_name=_("funder"), on_delete=models.PROTECT, related_name="grants"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=NOT_NEGATIVE
    )
    status = models.CharField(
        _("status"), max_length=12, choices=GrantStatus.choices, default=GrantStatus.REQUESTED
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["year", "funder__name"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.UniqueConstraint(
                fields=["funder", "year"],
                name="funding_grant_one_per_funder_year",
                violation_error_message=_("This funder already has a grant for this year."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="funding_grant_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="funding_grant_year_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=GrantStatus.values),
                name="funding_grant_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder} {self.year}"


class BudgetYear(TimeStampedModel):
    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=YEAR_VALIDATORS)
    total_amount = models.DecimalField(
        _("total budget"), max_digits=12, decimal_places=2, validators=NOT_NEGATIVE
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("budget year")
        verbose_name_plural = _("budget years")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total_amount__gte=0),
                name="funding_budgetyear_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="funding_budgetyear_year_in_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)


class PolicyRule(TimeStampedModel):
    """A ceiling on the share of the total budget that funders of one kind may provide."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    description = models.CharField(_("description"), max_length=300)
    max_share_percent = models.DecimalField(
        _("maximum share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    funder_kind = models.CharField(
        _("funder kind"),
        max_length=20,
        choices=FunderKind.choices,
        default=FunderKind.MUNICIPALITY,
    )
    except_years = models.JSONField(
        _("exception years"),
        default=list,
        blank=True,
        help_text=_("Years in which the rule does not apply, such as the start year."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("policy rule")
        verbose_name_plural = _("policy rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_share_percent__gte=0, max_share_percent__lte=100),
                name="funding_policyrule_share_is_percentage",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        years = self.except_years
        if not isinstance(years, list) or not all(
            isinstance(y, int) and not isinstance(y, bool) and MIN_YEAR <= y <= MAX_YEAR
            for y in years
        ):
            raise ValidationError(
                {
                    "except_years": _("Give a list of years between %(low)s and %(high)s.")
                    % {"low": MIN_YEAR, "high": MAX_YEAR}
                }
            )
