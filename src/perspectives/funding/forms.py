"""Forms of the funding staff pages; they validate input, the services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_YEAR, MIN_YEAR, BudgetYear, Funder, Grant, PolicyRule


class FunderForm(forms.ModelForm):
    class Meta:
        model = Funder
        fields = ["name", "kind"]


class GrantForm(forms.ModelForm):
    class Meta:
        model = Grant
        fields = ["funder", "year", "amount", "status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class BudgetYearForm(forms.ModelForm):
    class Meta:
        model = BudgetYear
        fields = ["year", "total_amount", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class YearListField(forms.CharField):
    """Years typed as '2018, 2019' become [2018, 2019]."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(year) for year in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        years = []
        for part in text.replace(";", ",").replace(" ", ",").split(","):
            if not part:
                continue
            # isdigit() alone admits "²", which int() refuses.
            is_year = len(part) == 4 and part.isascii() and part.isdigit()
            if not is_year or not MIN_YEAR <= int(part) <= MAX_YEAR:
                raise forms.ValidationError(
                    _("Give years between %(low)s and %(high)s, separated by commas."),
                    params={"low": MIN_YEAR, "high": MAX_YEAR},
                    code="invalid_year",
                )
            years.append(int(part))
        return sorted(set(years))


class PolicyRuleForm(forms.ModelForm):
    except_years = YearListField(
        label=_("Exception years"),
        required=False,
        help_text=_("Years in which the rule does not apply, e.g. 2018 (the start year)."),
    )

    class Meta:
        model = PolicyRule
        fields = ["description", "max_share_percent", "funder_kind", "except_years", "is_active"]
