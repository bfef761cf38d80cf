from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "perspectives.impact"
    label = "impact"
    verbose_name = _("Impact")

    def ready(self) -> None:
        from . import privacy

        privacy.register()

        from perspectives.core.registry import importers, login_landings, staff_menu

        from .imports import published_import
        from .selectors.funder import funder_landing

        login_landings.register("funder", funder_landing)
        staff_menu.register("impact", (50, "impact:dashboard", _("Impact")))
        importers.register(published_import.name, published_import)
