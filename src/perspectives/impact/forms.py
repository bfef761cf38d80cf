"""The report forms (GET forms): the staff dashboard's (years, cut-off, unit) and the funders'."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from perspectives.accounts.models import Role, User
from perspectives.accounts.selectors import list_active_users
from perspectives.activities.selectors import list_activity_years
from perspectives.core.periods import FIRST_YEAR, LAST_YEAR, parse_year_range
from perspectives.reach.selectors import list_reach_years

from .selectors.funder import BY_QUARTER, BY_YEAR, list_released_periods


def latest_years_with_data(*, up_to: int) -> str:
    """At most three years, the last that have activities or reach figures, up to `up_to`.

    A foundation that loads its history opens the report on its own years, not on empty
    ones; with no data yet, the three years up to `up_to`.
    """
    with_data = [year for year in {*list_activity_years(), *list_reach_years()} if year <= up_to]
    last = max(with_data, default=up_to)
    first = max(last - 2, min(with_data, default=last - 2))
    return f"{first}-{last}" if first < last else str(last)


class ParticipantsReportForm(forms.Form):
    years = forms.CharField(
        label=_("Years"), max_length=40, help_text=_("For example 2018-2020 or 2018,2020.")
    )
    through = forms.DateField(
        label=_("Last year through"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Cut the last year off at this date (inclusive); empty for whole years."),
    )
    unit = forms.ChoiceField(
        label=_("Count"),
        choices=[("participations", _("Participations")), ("persons", _("Persons"))],
        initial="participations",
        required=False,
    )

    @classmethod
    def initial_years(cls) -> str:
        """The last three years that have activities or reach figures, up to this year."""
        return latest_years_with_data(up_to=timezone.localdate().year)

    def clean_years(self) -> list[int]:
        try:
            return parse_year_range(self.cleaned_data["years"])
        except ValueError:
            # The parser's own words are for the command line; the form says it in the
            # page's language.
            raise forms.ValidationError(
                _("Give the years as 2018-2020 or 2018,2020, from %(first)s to %(last)s."),
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            ) from None

    def clean(self):
        cleaned = super().clean()
        years, through = cleaned.get("years"), cleaned.get("through")
        if years and through and max(years) > through.year:
            self.add_error("through", _("The cut-off date lies before the last year."))
        cleaned["unit"] = cleaned.get("unit") or "participations"
        return cleaned

    def parameters(self) -> dict:
        """The report's parameters for the selector, from valid data."""
        through: dt.date | None = self.cleaned_data.get("through")
        return {
            "years": self.cleaned_data["years"],
            "through": through,
            "unit": self.cleaned_data["unit"],
        }


class FunderReportForm(forms.Form):
    """The funder pages' choice: whole years or their quarters, never a cut-off date.

    Only fixed periods that have ended can be chosen (`list_released_periods`), so that no two
    reports a funder can ask for differ by a few days of records. A `through` in the query
    string is refused with an error rather than rounded to a period, so that a funder never
    reads figures for another period than the one asked for.
    """

    MAX_YEARS = 10

    years = forms.CharField(
        label=_("Years"), max_length=40, help_text=_("For example 2018-2020 or 2018,2020.")
    )
    by = forms.ChoiceField(
        label=_("Columns"),
        choices=[(BY_YEAR, _("Whole years")), (BY_QUARTER, _("Quarters"))],
        initial=BY_YEAR,
        required=False,
    )
    unit = forms.ChoiceField(
        label=_("Count"),
        choices=[("participations", _("Participations")), ("persons", _("Persons"))],
        initial="participations",
        required=False,
    )

    @classmethod
    def initial_years(cls) -> str:
        """The last three ended years that have data: funders see only years that have ended."""
        return latest_years_with_data(up_to=timezone.localdate().year - 1)

    def clean_years(self) -> list[int]:
        try:
            years = parse_year_range(self.cleaned_data["years"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        if len(years) > self.MAX_YEARS:
            raise forms.ValidationError(_("At most %(n)s years at a time.") % {"n": self.MAX_YEARS})
        return years

    def clean(self):
        cleaned = super().clean()
        if self.data.get("through"):
            raise forms.ValidationError(
                _(
                    "Funders see whole years and quarters only; a cut-off date of one's own "
                    "is not offered."
                ),
                code="cut_off",
            )
        cleaned["by"] = cleaned.get("by") or BY_YEAR
        cleaned["unit"] = cleaned.get("unit") or "participations"
        years = cleaned.get("years")
        if not years:
            return cleaned
        whole, quarters = list_released_periods(years=years, today=timezone.localdate())
        if cleaned["by"] == BY_YEAR:
            running = [year for year in years if year not in whole]
            if running:
                self.add_error(
                    "years",
                    _(
                        "%(year)s has not ended yet; choose quarters to see its quarters that "
                        "have ended."
                    )
                    % {"year": running[0]},
                )
        elif not quarters:
            self.add_error("years", _("No quarter of these years has ended yet."))
        return cleaned

    def parameters(self) -> dict:
        """The report's parameters for `build_funder_participants_report`, from valid data."""
        return {
            "years": self.cleaned_data["years"],
            "by": self.cleaned_data["by"],
            "unit": self.cleaned_data["unit"],
        }


class ShareReportForm(forms.Form):
    """Which funder account a frozen report is meant for."""

    funder = forms.ModelChoiceField(label=_("Funder account"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = list_active_users(role=Role.FUNDER)
        self.fields["funder"].label_from_instance = lambda user: (
            f"{user.full_name} ({user.email})" if user.full_name else user.email
        )
