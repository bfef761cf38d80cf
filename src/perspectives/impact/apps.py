from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "perspectives.impact"
    label = "impact"
    verbose_name = _("Impact")

    def ready(self) -> None:
        from perspectives.core.registry import staff_menu

        staff_menu.register("impact", (50, "impact:dashboard", _("Impact")))
