from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samhandling.core"
    verbose_name = "Samhandling"

    def ready(self) -> None:
        from .lookups import register

        register()
