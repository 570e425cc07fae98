"""Roles in a real browser (axe-core on every page): an observer puts forward a proposal, a
party administrator registers their party's adoption, the secretariat corrects a decision
and reads the audit log."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samhandling.accounts.models import RoleGrant
from samhandling.accounts.services import SECRETARIAT_GROUP, role_grant_create, role_group
from samhandling.cases.models import Case, Proposal
from samhandling.cases.services import case_create
from samhandling.cases.tests.factories import recommend_agreement
from samhandling.meetings import services as meeting_services
from samhandling.meetings.tests.factories import make_agenda_item, make_meeting
from samhandling.structure.models import Membership
from samhandling.structure.tests.factories import (
    make_committee,
    make_membership,
    make_municipality,
    make_person,
    make_seat,
)

pytestmark = pytest.mark.browser
PASSWORD = "hemmeleg-passord-1"


@pytest.fixture
def world(transactional_db):
    users = get_user_model().objects
    ssu = make_committee(name="Strategisk samarbeidsutval", short_name="SSU")
    alver, bergen = make_municipality(name="Alver"), make_municipality(name="Bergen")
    observer_seat = make_membership(
        seat=make_seat(committee=ssu, may_decide=False, label="Fastlege (observatør)"),
        role=Membership.Role.OBSERVER,
        person=make_person(given_name="Cecilie", family_name="Rosevikane"),
        start=datetime.date(2020, 1, 1),
    )
    users.create_user("observator", password=PASSWORD, person=observer_seat.person)
    party_admin = users.create_user(
        "partsadmin", password=PASSWORD, person=make_person(organisation=alver)
    )
    role_grant_create(
        actor=None, user=party_admin, role=RoleGrant.Role.PARTY_ADMINISTRATOR, organisation=alver
    )
    secretary = users.create_user("siri", password=PASSWORD)
    secretary.groups.add(role_group(SECRETARIAT_GROUP))
    pending = case_create(
        actor=None,
        subject="Samhandlingsforløp barn og unge",
        kind=Case.Kind.DECISION,
        paper_date=datetime.date(2021, 11, 17),
        committees=[ssu],
        proposed_resolution="SSU sluttar seg til prosjektet.",
    )
    decision = recommend_agreement(ssu, [alver, bergen]).decision
    decided = decision.treatment.case
    return {"ssu": ssu, "pending": pending, "decided": decided, "decision": decision}


def test_an_observer_puts_forward_a_proposal(browser, world):
    browser.log_in("observator", PASSWORD)
    page = browser.open(world["pending"].get_absolute_url())
    page.get_by_role("link", name="Fremme forslag – Strategisk samarbeidsutval").click()
    browser.check()
    page.get_by_label("Ditt forslag").fill("Fastlegane skal vere med i arbeidsgruppa.")
    page.get_by_role("button", name="Fremme forslaget").click()
    browser.check()
    assert page.get_by_text(
        "Forslaget ditt til Strategisk samarbeidsutval er registrert."
    ).is_visible()
    assert page.get_by_text("Fastlegane skal vere med i arbeidsgruppa.").is_visible()
    proposal = Proposal.objects.get()
    assert proposal.by_observer and proposal.submitted_by.username == "observator"
    # The observer may not record the decision.
    response = page.goto(
        browser.base_url
        + reverse("cases:decision_record", args=[world["pending"].treatments.get().pk])
    )
    assert response.status == 403


def test_a_party_administrator_registers_their_partys_adoption(browser, world):
    browser.log_in("partsadmin", PASSWORD)
    page = browser.open(world["decided"].get_absolute_url())
    assert page.get_by_role("link", name="Registrer vedtak – Bergen").count() == 0
    page.get_by_role("link", name="Registrer vedtak – Alver").click()
    browser.check()
    page.get_by_label("Status").select_option("adopted")
    page.get_by_label("Vedtaksorgan").fill("Kommunestyret")
    page.get_by_label("Vedtatt dato").fill("2022-05-20")
    page.get_by_role("button", name="Lagre").click()
    browser.check()
    assert page.get_by_role("cell", name="Kommunestyret").is_visible()
    page.get_by_role("link", name="Registrer signering – Alver").click()
    browser.check()
    page.get_by_label("Signert dato").fill("2022-05-30")
    page.get_by_label("Signert av").fill("Kommunedirektøren")
    page.get_by_role("button", name="Lagre").click()
    browser.check()
    assert page.get_by_text("Kommunedirektøren").is_visible()


def test_the_secretariats_pages_for_corrections_attendance_and_the_log_are_accessible(
    browser, world
):
    meeting = make_meeting(committee=world["ssu"])
    make_agenda_item(meeting=meeting, treatment=world["pending"].treatments.get())
    browser.log_in("siri", PASSWORD)
    page = browser.open(reverse("cases:decision_correct", args=[world["decision"].pk]))
    page.get_by_label("Grunn for rettingen").fill("Vedtaksteksten mangla ei setning.")
    page.get_by_role("button", name="Registrer rettingen").click()
    browser.check()
    assert page.get_by_text("Vedtaksteksten mangla ei setning.").is_visible()
    browser.open(reverse("meetings:item_attendance", args=[meeting.pk]))
    meeting_services.meeting_hold(actor=None, meeting=meeting)
    meeting_services.minutes_draft(actor=None, meeting=meeting)
    meeting_services.minutes_approve(
        actor=None, meeting=meeting, approved_on=datetime.date(2022, 4, 20), approved_by="SSU"
    )
    browser.open(reverse("meetings:minutes_addendum", args=[meeting.pk]))
    page = browser.open(reverse("audit_log"))
    page.get_by_label("Søk").fill("Vedtaksteksten")
    page.get_by_role("button", name="Filtrer").click()
    browser.check()
    assert page.get_by_role("cell", name="Vedtak rettet").is_visible()
