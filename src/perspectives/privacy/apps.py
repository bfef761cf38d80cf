from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "perspectives.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from perspectives.core.registry import staff_menu

        from . import privacy

        privacy.register()
        staff_menu.register("privacy", (80, "privacy_staff:home", _("Privacy")))
