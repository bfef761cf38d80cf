from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "perspectives.core"
    label = "core"
    verbose_name = "Kern"
