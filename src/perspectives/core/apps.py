from django.apps import AppConfig, apps


class CoreConfig(AppConfig):
    name = "perspectives.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self) -> None:
        from .registry import discover_contributions

        # Every model is loaded before any ready() runs, so each app's contributions module
        # (which may import its models and selectors) is safe to import here.
        discover_contributions([config.name for config in apps.get_app_configs()])
