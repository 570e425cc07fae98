from urllib.parse import quote

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "samhandling.cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from samhandling.core.home import home_panel_register
        from samhandling.structure.links import page_link_register

        from . import home

        home_panel_register(
            "cases_to_draft",
            template="cases/home/cases_to_draft.html",
            context=home.cases_to_draft,
            order=10,
        )
        home_panel_register(
            "adoptions_overdue",
            template="cases/home/adoptions_overdue.html",
            context=home.adoptions_overdue,
            order=30,
        )

        page_link_register(
            "committee",
            key="cases",
            label=_("The committee's cases"),
            url=lambda committee: f"{reverse('cases:list')}?committee={quote(committee.slug)}",
            order=20,
        )
        page_link_register(
            "committee",
            key="progress_plan",
            label=_("Progress plan"),
            url=lambda committee: reverse("cases:committee_progress_plan", args=[committee.slug]),
            order=30,
        )
        page_link_register(
            "organisation",
            key="adoptions",
            label=_("What the committees have recommended to this party, and its answers"),
            url=lambda party: f"{reverse('cases:adoptions')}?party={quote(party.slug)}",
            shown_for=lambda organisation: organisation.is_party,
        )
