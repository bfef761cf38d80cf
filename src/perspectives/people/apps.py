from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "perspectives.people"
    label = "people"
    verbose_name = _("People and organisations")

    def ready(self) -> None:
        from perspectives.core.registry import staff_menu

        staff_menu.register("people", (20, "people:person-list", _("People")))
