from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    """What the app contributes to shared features is declared in `contributions.py`."""

    name = "perspectives.activities"
    label = "activities"
    verbose_name = _("Activities")
