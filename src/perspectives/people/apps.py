from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "perspectives.people"
    label = "people"
    verbose_name = _("People and organisations")

    def ready(self) -> None:
        from . import privacy

        privacy.register()

        from perspectives.core.registry import staff_home_panels, staff_menu

        from .views.panels import build_home_panel

        staff_menu.register("people", (20, "people:person-list", _("People")))
        staff_home_panels.register("people", (20, build_home_panel))
