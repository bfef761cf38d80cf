"""The report form of the impact dashboard (a GET form: years, cut-off, unit)."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from perspectives.activities.selectors import list_activity_years
from perspectives.core.periods import FIRST_YEAR, LAST_YEAR, parse_year_range
from perspectives.reach.selectors import list_reach_years


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
        """The last three years that have activities or reach figures, up to this year.

        A foundation that loads its history opens the report on its own years, not on empty
        ones; with no data yet, the last three calendar years.
        """
        this_year = timezone.localdate().year
        with_data = [
            year for year in {*list_activity_years(), *list_reach_years()} if year <= this_year
        ]
        last = max(with_data, default=this_year)
        first = max(last - 2, min(with_data, default=last - 2))
        return f"{first}-{last}" if first < last else str(last)

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
