from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StructureConfig(AppConfig):
    name = "samhandling.structure"
    verbose_name = _("Structure")

    def ready(self) -> None:
        from samhandling.core.home import home_panel_register

        from . import home

        home_panel_register(
            "memberships_expiring",
            template="structure/home/memberships_expiring.html",
            context=home.memberships_expiring,
            order=40,
        )
