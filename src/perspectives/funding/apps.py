from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "perspectives.funding"
    label = "funding"
    verbose_name = _("Funding")

    def ready(self) -> None:
        from . import privacy

        privacy.register()

        from perspectives.core.registry import staff_menu

        staff_menu.register("funding", (60, "funding:overview", _("Funding")))
