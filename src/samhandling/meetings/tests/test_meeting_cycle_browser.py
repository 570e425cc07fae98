"""A committee's meeting cycle in a real browser, each step in the role that does it, with
axe-core and the 375 px check on every page (issue 10, points 1, 2 and 4):

- before the meeting: a member reports absence and her deputy is called in; an item added
  after the notice is a supplementary item; the changed time and agenda are flagged and a
  corrected notice goes out; the attendance form starts from the absence, offers each
  member their own deputies only, leaves out a term that has run out and refuses "present"
  together with a deputy;
- after it: the meeting is held, decisions are dated at the meeting, a recommendation
  comes from the adopting decision and none is offered for the deferred one, drafting the
  minutes again asks before it replaces edited text, approval locks the meeting and an
  addendum with its reason is the way to correct it.
"""

import datetime
import re

import pytest
from django.utils import timezone

from samhandling.cases.models import Decision, Recommendation
from samhandling.cases.tests.factories import make_case, make_treatment
from samhandling.meetings import notices, services
from samhandling.meetings.models import Attendance, Meeting
from samhandling.structure.models import Membership
from samhandling.structure.tests.factories import (
    make_committee,
    make_membership,
    make_municipality,
    make_person,
    make_seat,
)
from samhandling.testing.personas import PASSWORD, make_person_user, make_secretariat_user

from .factories import make_agenda_item, make_meeting

pytestmark = pytest.mark.browser

# Sending a notice prints the papers as PDF; the first print in a process loads WeasyPrint.
SENDING = 90_000


def _today_at(hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(hour)))


def _committee_with_members():
    """OU Nordhordland: Mona and Kari, each with her own deputy, and Erik, whose term ran
    out last month (not ended: simply not renewed)."""
    today = timezone.localdate()
    committee = make_committee(name="Områdeutval Nordhordland", short_name="OU Nord")
    since = today - datetime.timedelta(days=60)
    people = {}
    for given, family, deputy_given, deputy_family in (
        ("Mona", "Medlem", "Vera", "Vara"),
        ("Kari", "Kommune", "Dag", "Dugleik"),
    ):
        seat = make_seat(committee=committee)
        member = make_membership(
            seat=seat,
            start=since,
            person=make_person(
                given_name=given, family_name=family, email=f"{given.lower()}@example.org"
            ),
        )
        make_membership(
            seat=seat,
            start=since,
            role=Membership.Role.DEPUTY,
            deputy_for=member,
            person=make_person(given_name=deputy_given, family_name=deputy_family),
        )
        people[given] = member
    make_membership(
        seat=make_seat(committee=committee),
        start=today - datetime.timedelta(days=4 * 365),
        term_end=today - datetime.timedelta(days=30),
        person=make_person(given_name="Erik", family_name="Utgått"),
    )
    return committee, people


def test_before_the_meeting_absence_supplementary_item_corrected_notice_and_attendance(browser):
    make_secretariat_user("siri")
    committee, members = _committee_with_members()
    mona, kari = members["Mona"], members["Kari"]
    make_person_user("mona", mona.person)
    meeting = make_meeting(
        committee=committee, starts_at=_today_at(18), ends_at=_today_at(20), place="Knarvik"
    )
    make_agenda_item(
        meeting=meeting,
        treatment=make_treatment(
            committee=committee, case=make_case(subject="Felles rutine for utskriving")
        ),
    )
    late = make_treatment(committee=committee, case=make_case(subject="Legevaktsamarbeid"))
    notices.notice_send(actor=None, meeting=meeting)

    # The member reports her absence on the meeting page; her deputy is called in.
    browser.log_in("mona", PASSWORD)
    page = browser.open(meeting.get_absolute_url())
    page.get_by_role("button", name="Meld forfall").click(timeout=SENDING)
    browser.check()
    assert page.get_by_text("Vera Vara er kalt inn som vara.").is_visible()
    browser.page.context.clear_cookies()

    # The secretariat sees it, adds a late case, moves the meeting and sends the correction.
    browser.log_in("siri", PASSWORD)
    page = browser.open(meeting.get_absolute_url())
    assert page.get_by_text(re.compile("Mona Medlem .*vara Vera Vara kalt inn")).is_visible()
    page.get_by_label("Saksnummer eller tittel").fill(late.case.number)
    page.get_by_role("button", name="Sett på sakslisten").click()
    browser.check()
    assert page.get_by_text(re.compile(r"Innkallingen er allerede sendt, så sak \S+ er en")).count()
    late_row = page.get_by_role("row").filter(has_text=late.case.number)
    assert late_row.get_by_text("Tilleggssak").is_visible()
    assert page.get_by_text(
        "Innkallingen er sendt, og sakslisten er endret siden.", exact=True
    ).is_visible()

    page.get_by_role("link", name="Endre møte").click()
    browser.check()
    later = timezone.localdate().isoformat()
    page.get_by_label("Starter").fill(f"{later}T19:00")
    page.get_by_label("Slutter").fill(f"{later}T21:00")
    page.get_by_role("button", name="Lagre").click()
    browser.check()
    assert page.get_by_text(
        "Innkallingen er sendt, og tidspunktet, sakslisten er endret siden.", exact=True
    ).is_visible()
    page.get_by_role("button", name="Send rettet innkalling").click(timeout=SENDING)
    browser.check()
    assert page.get_by_text(re.compile("Rettet innkalling sendt på e-post")).is_visible()
    assert page.get_by_role("button", name="Send rettet innkalling").count() == 0

    # The attendance form: the absence and the deputy called in are already filled in.
    page.get_by_role("link", name="Registrer oppmøte").click()
    browser.check()
    assert page.get_by_label("Oppmøte for Mona Medlem").input_value() == "deputy_present"
    mona_deputy = page.get_by_label("Vara for Mona Medlem")
    assert mona_deputy.locator("option:checked").inner_text() == "Vera Vara"
    # Each member is offered her own deputies, not everyone's.
    assert mona_deputy.locator("option").all_inner_texts() == ["(ingen vara)", "Vera Vara"]
    kari_deputy = page.get_by_label("Vara for Kari Kommune")
    assert kari_deputy.locator("option").all_inner_texts() == ["(ingen vara)", "Dag Dugleik"]
    assert page.get_by_text("Erik Utgått").count() == 0

    # "Present" together with a deputy is refused, and the error names the field.
    kari_deputy.select_option(label="Dag Dugleik")
    page.get_by_role("button", name="Lagre oppmøte").click()
    browser.check()
    alert = page.get_by_role("alert")
    assert alert.get_by_text(re.compile("Kari Kommune er markert")).is_visible()
    assert alert.get_by_role("link").first.get_attribute("href") == f"#id_deputy_{kari.pk}"
    field = page.get_by_label("Vara for Kari Kommune")
    assert field.get_attribute("aria-invalid") == "true"
    described = page.locator("#" + field.get_attribute("aria-describedby"))
    assert described.get_by_text(re.compile("Kari Kommune er markert")).is_visible()
    assert not Attendance.objects.exists()
    page.get_by_label("Vara for Kari Kommune").select_option(label="(ingen vara)")
    page.get_by_role("button", name="Lagre oppmøte").click()
    browser.check()
    assert page.get_by_text("Oppmøtet er registrert.").is_visible()
    assert page.get_by_text("Vara Vera Vara møtte").is_visible()
    assert {a.membership_id: a.status for a in Attendance.objects.all()} == {
        mona.pk: Attendance.Status.DEPUTY_PRESENT,
        kari.pk: Attendance.Status.PRESENT,
    }


def _record(browser, page, number: str, outcome: str, text: str) -> None:
    # The item number is in a visually hidden span, which the accessible name sets apart.
    page.get_by_role(
        "link", name=re.compile(r"^Registrer vedtak\s*:\s*" + number.replace("/", r"\/") + "$")
    ).click()
    browser.check()
    # A decision is dated at its meeting: the form states the day and does not ask.
    assert page.get_by_text("møtedagen").is_visible()
    assert page.get_by_label("Vedtatt dato").count() == 0
    page.locator("#id_outcome").select_option(label=outcome)
    page.get_by_role("textbox", name="Vedtakstekst").fill(text)
    page.get_by_role("button", name="Lagre vedtaket").click()
    browser.check()


def test_after_the_meeting_decisions_recommendation_minutes_approval_and_addendum(browser):
    make_secretariat_user("siri")
    committee, _members = _committee_with_members()
    for name in ("Alver", "Fedje"):
        make_municipality(name=name)  # the recommendation goes to every municipality
    meeting = make_meeting(
        committee=committee, starts_at=_today_at(10), ends_at=_today_at(12), place="Knarvik"
    )
    adopted = make_agenda_item(
        meeting=meeting,
        treatment=make_treatment(
            committee=committee, case=make_case(subject="Felles rutine for utskriving")
        ),
    )
    deferred = make_agenda_item(
        meeting=meeting,
        treatment=make_treatment(committee=committee, case=make_case(subject="Legevakt")),
    )
    services.meeting_notice_send(actor=None, meeting=meeting)
    browser.log_in("siri", PASSWORD)

    page = browser.open(meeting.get_absolute_url())
    page.get_by_role("button", name="Marker møtet som holdt").click()
    browser.check()
    assert page.get_by_role("button", name="Marker møtet som holdt").count() == 0

    page = browser.open(meeting.get_absolute_url())
    _record(browser, page, deferred.number, "utsatt", "Saka vert utsett til neste møte.")
    committee_name = "Områdeutval Nordhordland"
    # Nothing to recommend from a deferred item.
    assert not page.get_by_role(
        "link", name=f"Legg til tilrådning til partene – {committee_name}"
    ).count()

    page = browser.open(meeting.get_absolute_url())
    _record(browser, page, adopted.number, "vedtatt som foreslått", "Utvalet tilrår rutinen.")
    page.get_by_role("link", name=f"Legg til tilrådning til partene – {committee_name}").click()
    browser.check()
    assert page.get_by_label("Tilrådning").input_value().startswith("Utvalet tilrår rutinen.")
    page.get_by_role("button", name="Lagre tilrådningen").click()
    browser.check()
    assert page.get_by_text(re.compile(r"Tilrådningen går til \d+ parter\.")).is_visible()
    (recommendation,) = Recommendation.objects.all()
    assert {"Alver", "Fedje"} <= {a.party.name for a in recommendation.adoptions.all()}
    assert recommendation.decision.treatment == adopted.treatment
    assert {d.decided_on for d in Decision.objects.all()} == {timezone.localdate()}

    # Minutes from the decisions; someone edits them; a new draft asks before replacing.
    page = browser.open(meeting.get_absolute_url())
    page.get_by_role("button", name="Lag utkast til referat fra vedtakene").click()
    browser.check()
    assert page.get_by_text(re.compile("Vedtak: Utvalet tilrår rutinen.")).is_visible()
    page.get_by_role("link", name="Endre referat").click()
    browser.check()
    minutes = page.get_by_role("textbox", name=re.compile("^Referat"))
    minutes.fill(minutes.input_value() + "\nLeiaren takka for eit godt møte.")
    page.get_by_role("button", name="Lagre referat").click()
    browser.check()
    page.get_by_role("button", name="Lag utkast til referat fra vedtakene").click()
    browser.check()
    edited = page.get_by_role("region", name="Referatet slik det er redigert")
    assert edited.get_by_text("Leiaren takka for eit godt møte.").is_visible()
    draft = page.get_by_role("region", name="Nytt utkast fra vedtakene")
    assert draft.get_by_text(re.compile("Utvalet tilrår rutinen.")).is_visible()
    assert draft.get_by_text("Leiaren takka").count() == 0
    page.get_by_role("link", name="Behold det redigerte referatet", exact=True).click()
    browser.check()
    assert page.get_by_text("Leiaren takka for eit godt møte.").is_visible()

    page.get_by_label("Godkjent av").fill("Møteleiaren")
    page.get_by_role("button", name="Godkjenn referat").click()
    browser.check()
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.MINUTES_APPROVED
    assert "Leiaren takka for eit godt møte." in meeting.minutes

    # Approved minutes lock the meeting: date, attendance and decisions are not offered,
    # and the attendance form sends the secretariat back with the reason.
    for gone in ("Endre møte", "Registrer oppmøte", "Fjern"):
        assert page.get_by_role("link", name=gone, exact=True).count() == 0, gone
    assert page.get_by_role("link", name=re.compile("^Registrer vedtak")).count() == 0
    page = browser.open(f"/moter/{meeting.pk}/oppmote/")
    assert page.get_by_text(re.compile("Protokollen er godkjent og kan ikke endres")).is_visible()

    # The correction is an addendum with its reason, shown below the minutes.
    page.get_by_role("link", name="Legg til et tillegg").click()
    browser.check()
    page.get_by_role("textbox", name=re.compile("^Tillegg")).fill("Kari Kommune kom til sak 2.")
    page.get_by_role("textbox", name=re.compile("^Grunn")).fill("Oppmøtet var ufullstendig.")
    page.get_by_role("button", name="Legg til i protokollen").click()
    browser.check()
    assert page.get_by_text("Kari Kommune kom til sak 2.").is_visible()
    assert page.get_by_text("Oppmøtet var ufullstendig.").is_visible()
