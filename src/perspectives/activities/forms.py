"""Forms of the staff pages for activities: they parse input; the services write."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from perspectives.core.validators import validate_single_line
from perspectives.people.models import ParticipantType

from .models import Activity, ActivityType, Category, Pillar, RegistrationStatus

ANY = [("", _("All"))]


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "code",
            "title",
            "description",
            "type",
            "pillar",
            "category",
            "starts_on",
            "ends_on",
            "location",
            "is_online",
            "is_closed",
            "capacity",
            "registration_closes_at",
            "price_amount",
            "freelancer_price_amount",
            "organiser",
        ]
        widgets = {
            "registration_closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "code": _("Short unique name used in imports and links, e.g. cmc-2020-01."),
            "category": _("Leave empty when the participants count under no reporting category."),
            "freelancer_price_amount": _("Leave empty when freelancers pay the normal price."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The table's check constraints, said on the field itself instead of above the form.
        for name in ("price_amount", "freelancer_price_amount"):
            self.fields[name].validators.append(MinValueValidator(0))
            self.fields[name].widget.attrs["min"] = "0"
        # The title goes into the subject of the registration mails.
        self.fields["title"].validators.append(validate_single_line)

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date lies before the start date."))
        return cleaned


class ActivityCreateForm(ActivityForm):
    """A new activity may start as a draft: off the public site until it is published."""

    class Meta(ActivityForm.Meta):
        fields = [*ActivityForm.Meta.fields, "is_draft"]
        labels = {"is_draft": _("Keep as a draft")}


class DuplicateActivityForm(forms.Form):
    code = forms.SlugField(
        label=_("Code of the copy"),
        max_length=64,
        help_text=_("Short unique name used in imports and links, e.g. cmc-2020-01."),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


class ActivityFilterForm(forms.Form):
    """The GET filters of the activity list; every field is optional."""

    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, widget=forms.SearchInput()
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    type = forms.ChoiceField(label=_("Type"), required=False, choices=ANY + ActivityType.choices)
    pillar = forms.ChoiceField(label=_("Pillar"), required=False, choices=ANY + Pillar.choices)
    category = forms.ChoiceField(
        label=_("Reporting category"),
        required=False,
        choices=ANY + [("none", _("(none)"))] + Category.choices,
    )
    closed = forms.ChoiceField(
        label=_("Closed meeting"),
        required=False,
        choices=ANY + [("yes", _("Yes")), ("no", _("No"))],
    )
    draft = forms.ChoiceField(
        label=_("Draft"),
        required=False,
        choices=ANY + [("yes", _("Yes")), ("no", _("No"))],
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = ANY + [(str(y), str(y)) for y in years]

    def filters(self) -> dict:
        """Keyword arguments for `list_activities`; invalid fields are ignored."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        closed = data.get("closed")
        return {
            "search": data.get("q") or "",
            "year": data.get("year"),
            "type": data.get("type") or "",
            "pillar": data.get("pillar") or "",
            "category": data.get("category") or "",
            "is_closed": {"yes": True, "no": False}.get(closed),
            "is_draft": {"yes": True, "no": False}.get(data.get("draft")),
        }


ATTENDANCE_CHOICES = [
    (RegistrationStatus.ATTENDED, _("Mark attended")),
    (RegistrationStatus.NO_SHOW, _("Mark no-show")),
    (RegistrationStatus.REGISTERED, _("Reset to registered")),
]


class AttendanceForm(forms.Form):
    registrations = forms.TypedMultipleChoiceField(
        label=_("Registrations"),
        coerce=int,
        error_messages={"required": _("Select at least one registration.")},
    )
    status = forms.ChoiceField(label=_("Action"), choices=ATTENDANCE_CHOICES)

    def __init__(self, *args, registration_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].choices = [(str(pk), str(pk)) for pk in registration_ids]


class AddParticipantForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=150)
    participant_type = forms.ChoiceField(
        label=_("Participant type"),
        required=False,
        choices=[("", _("(choose)"))] + ParticipantType.choices,
    )

    def require_new_person_fields(self) -> bool:
        """For someone not yet known a name and a participant type are needed; adds errors."""
        data = self.cleaned_data
        if not (data.get("first_name") or data.get("last_name")):
            self.add_error(
                "last_name", _("This e-mail address is new: give the person's name as well.")
            )
        if not data.get("participant_type"):
            self.add_error(
                "participant_type", _("This e-mail address is new: choose a participant type.")
            )
        return not self.errors


class RegistrationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RegistrationStatus.choices)


class CheckInForm(forms.Form):
    """One tap at check-in: present, or back to expected after a mistaken tap."""

    status = forms.ChoiceField(
        choices=[
            (RegistrationStatus.ATTENDED, _("Present")),
            (RegistrationStatus.REGISTERED, _("Not present")),
        ]
    )
    q = forms.CharField(required=False, max_length=200)
