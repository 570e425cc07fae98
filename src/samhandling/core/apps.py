from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samhandling.core"
    verbose_name = "Samhandling"

    def ready(self) -> None:
        from . import page_cache
        from .lookups import register

        register()
        page_cache.install()
