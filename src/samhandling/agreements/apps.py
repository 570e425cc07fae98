from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "samhandling.agreements"
    verbose_name = _("Agreements and costs")

    def ready(self) -> None:
        from samhandling.cases.extensions import register_case_page_section

        # The case page lists the agreement points the case concerns; cases knows nothing
        # of agreements, so the section is registered from here.
        register_case_page_section("agreements/_case_points.html")
