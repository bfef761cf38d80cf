"""Forms of the newsletters: subscribing (public) and writing a campaign (staff)."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from perspectives.core.validators import validate_single_line

from .models import Campaign, NewsletterList
from .services import validate_send_moment

# Raise the version whenever the wording below changes: each confirmed subscription stores the
# version and the exact text it agreed to.
CONSENT_TEXT_VERSION = "2026-1"


def consent_text(newsletter_list: NewsletterList) -> str:
    """The consent sentence for a list, in the active language, as shown and as stored."""
    return gettext(
        "I want to receive the newsletter “%(name)s” by e-mail. I can unsubscribe at any time "
        "with the link in every newsletter. My address is used for this newsletter only."
    ) % {"name": newsletter_list.name}


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    consent = forms.BooleanField(required=True)

    def __init__(self, *args, newsletter_list: NewsletterList, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_text = consent_text(newsletter_list)
        self.fields["consent"].label = self.consent_text
        self.fields["email"].widget.attrs.update(autocomplete="email")


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["newsletter_list", "subject", "body_markdown"]
        widgets = {"body_markdown": forms.Textarea(attrs={"rows": 18})}
        help_texts = {
            "body_markdown": _(
                "Markdown: # heading, **bold**, *italic*, [link](https://…), lists with -. "
                "Scripts and other active content are removed."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["newsletter_list"].queryset = NewsletterList.objects.filter(is_active=True)
        self.fields["subject"].validators.append(validate_single_line)
        if self.instance.pk:
            self.fields["newsletter_list"].disabled = True


class NewsletterListForm(forms.ModelForm):
    class Meta:
        model = NewsletterList
        fields = ["code", "name", "description"]
        help_texts = {"code": _("Part of the subscribe address: /nieuwsbrief/<code>/.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The name goes into the subject of the confirmation mail.
        self.fields["name"].validators.append(validate_single_line)


class CampaignScheduleForm(forms.Form):
    """The moment a campaign goes out, entered in the foundation's time (Europe/Amsterdam)."""

    # A form field reads a time without an offset in the current time zone, which is
    # settings.TIME_ZONE: 09:00 means 09:00 in the Netherlands, in winter and in summer.
    send_at = forms.DateTimeField(
        label=_("Date and time"),
        help_text=_("Time in the Netherlands."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, now: dt.datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()

    def clean_send_at(self):
        send_at = self.cleaned_data["send_at"]
        validate_send_moment(send_at=send_at, now=self.now)
        return send_at
