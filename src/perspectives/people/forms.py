"""Forms of the staff pages for people: they parse input; the services write."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from perspectives.core.emails import normalise_email

from .models import ParticipantType, Person


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, widget=forms.SearchInput()
    )
    participant_type = forms.ChoiceField(
        label=_("Participant type"),
        required=False,
        choices=[("", _("All"))] + ParticipantType.choices,
    )

    def filters(self) -> dict:
        """Keyword arguments for `list_people`; invalid fields are ignored."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        return {
            "search": data.get("q") or "",
            "participant_type": data.get("participant_type") or "",
        }


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "participant_type", "birth_year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The table's range check, said on the field itself instead of above the form.
        birth_year = self.fields["birth_year"]
        birth_year.validators += [MinValueValidator(1900), MaxValueValidator(2100)]
        birth_year.widget.attrs.update(min="1900", max="2100")

    def clean_email(self) -> str:
        # Stored lower-case by the services; compare the same way so a duplicate shows here.
        return normalise_email(self.cleaned_data["email"])


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, widget=forms.SearchInput()
    )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        return {"search": data.get("q") or ""}
