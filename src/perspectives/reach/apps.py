from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    name = "perspectives.reach"
    label = "reach"
    verbose_name = _("Online reach")

    def ready(self) -> None:
        from . import privacy

        privacy.register()

        from perspectives.core.registry import importers, indicator_sources, staff_menu

        from .imports import reach_import
        from .integrations import mail_tracking
        from .sources import online_reach

        indicator_sources.register(online_reach.key, online_reach)
        importers.register(reach_import.name, reach_import)
        staff_menu.register("reach", (55, "reach:figure-list", _("Online reach")))
        mail_tracking.connect()
