from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """What the app contributes to shared features is declared in `contributions.py`."""

    name = "perspectives.people"
    label = "people"
    verbose_name = _("People and organisations")
