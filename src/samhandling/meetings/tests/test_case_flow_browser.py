"""The case flow end to end in a real browser: the secretariat writes a case, puts it on the
agendas of two committees' meetings, holds them, records a different decision in each, and
the case page shows its state across the committees. Every page is checked with axe-core."""

import datetime
import re

import pytest
from django.utils import timezone

from samhandling.cases.models import Case, Decision
from samhandling.meetings.models import AgendaItem, Meeting
from samhandling.structure.tests.factories import make_committee, make_level
from samhandling.testing.personas import PASSWORD, make_secretariat_user

from .factories import make_meeting


def _meeting_yesterday(committee) -> Meeting:
    day = timezone.localdate() - datetime.timedelta(days=1)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    return make_meeting(committee=committee, starts_at=starts, place="Haukeland, møterom 1")


def _put_on_agenda(browser, meeting: Meeting, case_number: str) -> None:
    page = browser.open(meeting.get_absolute_url())
    page.get_by_label("Saksnummer eller tittel").fill(case_number)
    page.get_by_role("button", name="Sett på sakslisten").click()
    browser.check()
    assert page.get_by_role("cell", name=case_number).count() >= 1


def _hold_and_decide(browser, meeting: Meeting, outcome: str, text: str) -> None:
    page = browser.open(meeting.get_absolute_url())
    page.get_by_role("button", name="Marker møtet som holdt").click()
    browser.check()
    page.get_by_role("link", name=re.compile("Registrer vedtak")).click()
    browser.check()
    page.locator("#id_outcome").select_option(label=outcome)
    page.get_by_role("textbox", name="Vedtakstekst").fill(text)
    page.get_by_role("button", name="Lagre vedtaket").click()
    browser.check()


@pytest.mark.browser
def test_a_case_goes_through_two_committees_with_different_decisions(browser):
    make_secretariat_user("saksbehandlar")
    level = make_level(name="Områdeutval")
    voss = make_committee(name="Områdeutval Voss", short_name="OU Voss", level=level)
    nordhordland = make_committee(
        name="Områdeutval Nordhordland", short_name="OU Nordhordland", level=level
    )
    voss_meeting = _meeting_yesterday(voss)
    nordhordland_meeting = _meeting_yesterday(nordhordland)

    browser.log_in("saksbehandlar", PASSWORD)

    page = browser.open("/saker/ny/")
    page.get_by_label("Saken gjelder").fill("Felles rutine for utskriving av skrøpelege eldre")
    page.get_by_role("textbox", name="Forslag til vedtak", exact=True).fill(
        "Utvalet sluttar seg til rutinen."
    )
    page.get_by_role("button", name="Lagre").click()
    browser.check()
    case = Case.objects.get(subject="Felles rutine for utskriving av skrøpelege eldre")
    assert page.url.endswith(case.get_absolute_url())

    _put_on_agenda(browser, voss_meeting, case.number)
    _put_on_agenda(browser, nordhordland_meeting, case.number)
    items = AgendaItem.objects.filter(treatment__case=case).select_related("meeting")
    assert {item.meeting for item in items} == {voss_meeting, nordhordland_meeting}

    _hold_and_decide(browser, voss_meeting, "vedtatt som foreslått", "Utvalet sluttar seg til.")
    _hold_and_decide(browser, nordhordland_meeting, "utsatt", "Saka vert utsett til neste møte.")

    outcomes = dict(
        Decision.objects.filter(treatment__case=case).values_list(
            "treatment__committee__short_name", "outcome"
        )
    )
    assert outcomes == {
        "OU Voss": Decision.Outcome.ADOPTED,
        "OU Nordhordland": Decision.Outcome.DEFERRED,
    }

    page = browser.open(case.get_absolute_url())
    assert re.search(r"i 1 av 2", page.content())
    assert "Områdeutval Voss" in page.content() and "Områdeutval Nordhordland" in page.content()

    page = browser.open(voss_meeting.get_absolute_url())
    page.get_by_role("button", name="Lag utkast til referat fra vedtakene").click()
    browser.check()
    assert "Vedtak: Utvalet sluttar seg til. (samrøystes)" in page.content()


@pytest.mark.browser
def test_the_meeting_pages_and_forms_pass_axe_for_visitors_and_the_secretariat(browser):
    from samhandling.cases.tests.factories import make_case, make_treatment
    from samhandling.structure.tests.factories import make_membership, make_seat

    from .factories import make_agenda_item

    make_secretariat_user("sekretær")
    committee = make_committee(name="Strategisk samarbeidsutval")
    # A current term (expired memberships are left out of the attendance form).
    make_membership(
        seat=make_seat(committee=committee),
        start=timezone.localdate() - datetime.timedelta(days=60),
    )
    meeting = _meeting_yesterday(committee)
    make_agenda_item(
        meeting=meeting, treatment=make_treatment(committee=committee, case=make_case())
    )
    month = timezone.localdate().strftime("%Y-%m")

    browser.open("/moter/")
    browser.open(f"/moter/?tid=past&utval={committee.slug}")
    browser.open(f"/moter/utval/{committee.slug}/?maned={month}")
    browser.open(meeting.get_absolute_url())

    browser.log_in("sekretær", PASSWORD)
    page = browser.open("/moter/nytt/")
    page.get_by_role("button", name="Lagre").click()
    browser.check()
    assert page.get_by_role("alert").count() == 1
    page = browser.open(f"/moter/{meeting.pk}/oppmote/")
    page.get_by_role("button", name="Lagre oppmøte").click()
    browser.check()
    page = browser.open(meeting.get_absolute_url())
    page.get_by_role("button", name="Marker møtet som holdt").click()
    browser.check()
    page.get_by_role("button", name="Lag utkast til referat fra vedtakene").click()
    browser.check()
    browser.open(f"/moter/{meeting.pk}/referat/")
    page = browser.open(meeting.get_absolute_url())
    page.get_by_label("Godkjent av").fill("Leiaren")
    page.get_by_role("button", name="Godkjenn referat").click()
    browser.check()
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.MINUTES_APPROVED
    assert meeting.attendances.count() == 1
