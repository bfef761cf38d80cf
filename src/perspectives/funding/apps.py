from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    """What the app contributes to shared features is declared in `contributions.py`."""

    name = "perspectives.funding"
    label = "funding"
    verbose_name = _("Funding")
