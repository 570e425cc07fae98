from urllib.parse import quote

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "samhandling.cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from samhandling.structure.links import page_link_register

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
