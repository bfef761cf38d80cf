"""Forms of the public site: the catalogue's filters and the registration form."""

import datetime as dt

from django import forms
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from perspectives.people.models import ParticipantType

from .models import ActivityType, Pillar

ANY = [("", _("All"))]
ONLINE_CHOICES = [("online", _("Online")), ("offline", _("On location"))]


class CatalogueFilterForm(forms.Form):
    """The GET filters of the public catalogue; every field is optional."""

    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, widget=forms.SearchInput()
    )
    type = forms.ChoiceField(label=_("Type"), required=False, choices=ANY + ActivityType.choices)
    pillar = forms.ChoiceField(label=_("Pillar"), required=False, choices=ANY + Pillar.choices)
    where = forms.ChoiceField(label=_("Online or on location"), required=False)
    month = forms.ChoiceField(label=_("Month"), required=False)

    def __init__(self, *args, months: list[tuple[int, int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["where"].choices = ANY + ONLINE_CHOICES
        self.fields["month"].choices = ANY + [
            (f"{year:04d}-{month:02d}", formats.date_format(dt.date(year, month, 1), "F Y"))
            for year, month in months
        ]

    def filters(self) -> dict:
        """Keyword arguments for `list_public_activities`; invalid fields are ignored."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        month = data.get("month") or ""
        return {
            "search": data.get("q") or "",
            "type": data.get("type") or "",
            "pillar": data.get("pillar") or "",
            "is_online": {"online": True, "offline": False}.get(data.get("where") or ""),
            "month": (int(month[:4]), int(month[5:])) if month else None,
        }


class RegistrationForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    participant_type = forms.ChoiceField(
        label=_("I am a"), choices=[("", _("(choose)"))] + ParticipantType.choices
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=200,
        help_text=_("Optional: where you work or study."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the foundation stores these data to run this activity."),
        error_messages={"required": _("Without your consent we cannot register you.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = format_html(
            '{} <a href="{}">{}</a>.',
            _("What we keep and for how long is in the"),
            reverse("privacy:statement"),
            _("privacy statement"),
        )
