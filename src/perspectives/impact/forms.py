"""The report form of the impact dashboard (a GET form: years, cut-off, unit)."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from perspectives.core.periods import parse_year_range


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
        this_year = timezone.localdate().year
        return f"{this_year - 2}-{this_year}"

    def clean_years(self) -> list[int]:
        try:
            return parse_year_range(self.cleaned_data["years"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

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
