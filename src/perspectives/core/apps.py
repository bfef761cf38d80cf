from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "perspectives.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self) -> None:
        from .registry import staff_menu

        staff_menu.register("import", (90, "staff:import", _("Import")))
        staff_menu.register("outbox", (95, "staff:outbox", _("Outgoing mail")))

        from . import privacy

        privacy.register()
