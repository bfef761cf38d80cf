from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    """What the app contributes to shared features is declared in `contributions.py`."""

    name = "perspectives.reach"
    label = "reach"
    verbose_name = _("Online reach")

    def ready(self) -> None:
        from .integrations import mail_tracking

        mail_tracking.connect()
