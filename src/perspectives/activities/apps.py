from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "perspectives.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from perspectives.core.registry import staff_menu

        staff_menu.register("activities", (10, "activities:activity-list", _("Activities")))

        from perspectives.core.registry import indicator_sources

        from .sources import registrations_source

        indicator_sources.register(registrations_source.key, registrations_source)
