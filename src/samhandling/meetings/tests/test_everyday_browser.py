"""Everyday corrections and the personal home page in a real browser (issue 10, points 3 and
4), each in the role that does it, with axe-core and the 375 px check on every page: the
secretariat removes an agenda item after confirming it and finds it in the audit log,
withdraws a case, and edits and renews a membership from the committee page; a member and
the secretariat each see their own tasks and deadlines on the home page."""

import datetime
import re

import pytest
from django.utils import timezone

from samhandling.cases.models import Adoption, Case, Recommendation
from samhandling.cases.tests.factories import make_case, make_decision, make_treatment
from samhandling.meetings.models import AgendaItem, Meeting
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


def _in_days(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_the_secretariat_removes_an_item_withdraws_a_case_and_renews_a_membership(browser):
    make_secretariat_user("siri")
    committee = make_committee(name="Områdeutval Voss", short_name="OU Voss", slug="ou-voss")
    today = timezone.localdate()
    membership = make_membership(
        seat=make_seat(committee=committee),
        person=make_person(given_name="Solveig", family_name="Stølen"),
        start=today - datetime.timedelta(days=1400),
        term_end=today + datetime.timedelta(days=30),
    )
    meeting = make_meeting(committee=committee, starts_at=_in_days(14), ends_at=_in_days(14, 12))
    item = make_agenda_item(
        meeting=meeting,
        treatment=make_treatment(committee=committee, case=make_case(subject="Jordmortenesta")),
    )
    withdrawn = make_case(subject="Felles kompetanseplan")
    browser.log_in("siri", PASSWORD)

    # Remove an agenda item: the page asks first, naming the case.
    page = browser.open(meeting.get_absolute_url())
    page.get_by_role(
        "link", name=re.compile(r"^Fjern\s*:\s*" + item.number.replace("/", r"\/"))
    ).click()
    browser.check()
    assert page.get_by_role(
        "heading", name=f"Fjerne sak {item.number} fra sakslisten?"
    ).is_visible()
    assert page.get_by_text(re.compile("Jordmortenesta")).is_visible()
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    page.get_by_role("button", name="Fjern saken").click()
    browser.check()
    assert page.get_by_text(f"Sak {item.number} er fjernet fra sakslisten.").is_visible()
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    page = browser.open("/konto/logg/")
    assert page.get_by_role("cell", name="Sak fjernet fra sakslisten").is_visible()

    # Withdraw a case: it keeps its number and is shown as withdrawn, with the reason.
    page = browser.open(withdrawn.get_absolute_url())
    page.get_by_role("link", name="Trekk saken").click()
    browser.check()
    page.get_by_role("textbox", name=re.compile("^Grunn")).fill("Saka kjem att etter høyringa.")
    page.get_by_role("button", name="Trekk saken").click()
    browser.check()
    assert page.get_by_text(f"Sak {withdrawn.number} er trukket.").is_visible()
    assert page.get_by_text(re.compile("Saka kjem att etter høyringa.")).first.is_visible()
    withdrawn.refresh_from_db()
    assert withdrawn.withdrawn_on == today

    # Edit and renew a membership from the committee page: the same membership goes on.
    page = browser.open(committee.get_absolute_url())
    page.get_by_role("link", name="Endre eller forny – Solveig Stølen").click()
    browser.check()
    renewed = today + datetime.timedelta(days=4 * 365)
    page.get_by_label("Perioden slutter").fill(renewed.isoformat())
    page.get_by_role("button", name="Lagre").click()
    browser.check()
    assert page.get_by_text("Vervet til Solveig Stølen i Områdeutval Voss er lagret.").is_visible()
    assert Membership.objects.filter(person=membership.person).count() == 1
    membership.refresh_from_db()
    assert membership.term_end == renewed and membership.ended_on is None
    page = browser.open("/konto/logg/")
    assert page.get_by_role("cell", name="Sak trukket").is_visible()
    assert page.get_by_role("cell", name="Verv endret eller fornyet").is_visible()


def test_a_member_and_the_secretariat_see_their_own_tasks_and_deadlines(browser):
    make_secretariat_user("siri")
    today = timezone.localdate()
    committee = make_committee(name="Områdeutval Bergen", short_name="OU Bergen")
    mona = make_membership(
        seat=make_seat(committee=committee),
        person=make_person(given_name="Mona", family_name="Medlem"),
        start=today - datetime.timedelta(days=1400),
        term_end=today + datetime.timedelta(days=40),
    )
    make_person_user("mona", mona.person)
    noticed = make_meeting(
        committee=committee,
        starts_at=_in_days(7),
        ends_at=_in_days(7, 12),
        state=Meeting.State.NOTICE_SENT,
    )
    unprepared = make_meeting(committee=committee, starts_at=_in_days(21), ends_at=_in_days(21, 12))
    decision = make_decision(
        treatment=make_treatment(committee=committee, case=make_case(subject="Avtale om legevakt")),
        decided_on=today - datetime.timedelta(days=60),
    )
    recommendation = Recommendation.objects.create(
        decision=decision, text="Tilråding", respond_by=today - datetime.timedelta(days=5)
    )
    Adoption.objects.create(recommendation=recommendation, party=make_municipality(name="Askøy"))

    browser.log_in("mona", PASSWORD)
    page = browser.open("/")
    tasks = page.get_by_role("region", name="Dine oppgaver og frister")
    assert tasks.get_by_role("heading", name="Dine neste møter").is_visible()
    assert tasks.get_by_text(re.compile("meld forfall i tide")).is_visible()
    assert tasks.get_by_text(re.compile("ingen innkalling ennå")).is_visible()
    end = (today + datetime.timedelta(days=40)).strftime("%d.%m.%Y")
    assert tasks.get_by_text(re.compile(f"perioden går ut {end}")).is_visible()
    # A member prepares no meetings and follows up no parties.
    assert tasks.get_by_text("Askøy").count() == 0
    tasks.get_by_role("link", name=re.compile("Områdeutval Bergen")).first.click()
    browser.check()
    assert page.url.endswith(noticed.get_absolute_url())
    browser.page.context.clear_cookies()

    browser.log_in("siri", PASSWORD)
    page = browser.open("/")
    tasks = page.get_by_role("region", name="Dine oppgaver og frister")
    day = timezone.localtime(unprepared.starts_at).strftime("%d.%m.%Y")
    assert tasks.get_by_role("link", name=f"Områdeutval Bergen {day}").is_visible()
    assert tasks.get_by_text("Tilslutninger over frist").is_visible()
    assert tasks.get_by_text(re.compile("Askøy")).is_visible()
    assert tasks.get_by_role("link", name="Mona Medlem").is_visible()
    assert Case.objects.count() == 1
