"""Forms of the reach staff pages; they validate input, the services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Channel, ReachFigure


class ReachFigureForm(forms.Form):
    """Not a ModelForm: a figure for a channel and period that has one replaces it
    (record_reach_figure), so the model's uniqueness must not turn it into a form error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                ReachFigure,
                fields=["channel", "period_start", "period_end", "value", "method", "source"],
                widgets={
                    "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                    "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                    "method": forms.Textarea(attrs={"rows": 2}),
                    "source": forms.Textarea(attrs={"rows": 2}),
                },
            )
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


class ReachFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All channels")), *Channel.choices]
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in years]
