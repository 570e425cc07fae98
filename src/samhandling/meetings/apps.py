from django.apps import AppConfig
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def on_closed_agenda_item() -> Q:
    """A case on an agenda as a closed item is protected like an exempt case, wherever it
    appears (its page, papers, decisions, search)."""
    from samhandling.cases.models import Treatment

    # A semi-join, not a join: "readable" is its negation, tested on a page of cases, and a
    # join would make the database walk every case's treatments and agenda items first.
    return Q(pk__in=Treatment.objects.filter(agenda_item__closed=True).values("case_id"))


class MeetingsConfig(AppConfig):
    name = "samhandling.meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from samhandling.cases.access import register_protection
        from samhandling.cases.signals import case_withdrawn
        from samhandling.core.home import home_panel_register
        from samhandling.structure.links import page_link_register

        from . import home, services

        case_withdrawn.connect(
            services.agenda_items_of_withdrawn_case,
            dispatch_uid="meetings.withdrawn_case_leaves_agendas",
            weak=False,
        )

        home_panel_register(
            "meetings_to_prepare",
            template="meetings/home/meetings_to_prepare.html",
            context=home.meetings_to_prepare,
            order=20,
        )
        home_panel_register(
            "my_next_meetings",
            template="meetings/home/my_next_meetings.html",
            context=home.my_next_meetings,
            order=15,
        )

        register_protection(on_closed_agenda_item)
        page_link_register(
            "committee",
            key="calendar",
            label=_("Meeting calendar"),
            url=lambda committee: reverse("meetings:committee_calendar", args=[committee.slug]),
            order=10,
        )
        page_link_register(
            "person",
            key="calendar_feed",
            label=_("Calendar feed (iCal) of this person's meetings"),
            url=lambda person: reverse("meetings:person_ical", args=[person.slug]),
        )
