"""Forms of the coaching pages."""

from django import forms

from .models import Trajectory


class TrajectoryForm(forms.ModelForm):
    class Meta:
        model = Trajectory
        fields = ["kind", "started_on", "coach_name", "goal"]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "goal": forms.Textarea(attrs={"rows": 4}),
        }
