from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "perspectives.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from . import privacy

        privacy.register()

        from perspectives.core.registry import staff_home_panels, staff_menu

        from .views.panels import build_home_panel

        staff_menu.register("activities", (10, "activities:activity-list", _("Activities")))
        staff_home_panels.register("activities", (10, build_home_panel))

        from perspectives.core.registry import indicator_sources

        from .sources import registrations_source

        indicator_sources.register(registrations_source.key, registrations_source)

        from perspectives.core.registry import importers

        from .imports import activities_import, registrations_import

        importers.register(activities_import.name, activities_import)
        importers.register(registrations_import.name, registrations_import)
