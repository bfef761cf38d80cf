from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """What the app contributes to shared features is declared in `contributions.py`."""

    name = "perspectives.privacy"
    label = "privacy"
    verbose_name = _("Privacy")
