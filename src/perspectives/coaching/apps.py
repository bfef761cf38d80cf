from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "perspectives.coaching"
    label = "coaching"
    verbose_name = _("Coaching")

    def ready(self) -> None:
        from . import privacy

        privacy.register()

        from perspectives.core.registry import indicator_sources, staff_menu

        from .sources import TrajectorySource

        source = TrajectorySource()
        indicator_sources.register(source.key, source)
        staff_menu.register("coaching", (30, "coaching:trajectory-list", _("Coaching")))
