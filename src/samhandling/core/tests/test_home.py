"""The logged-in home page: each person's own tasks and deadlines, from the panels the apps
register (core.home)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samhandling.accounts.models import RoleGrant, User
from samhandling.accounts.services import role_grant_create
from samhandling.cases.models import Adoption, Recommendation
from samhandling.cases.tests.factories import make_case, make_decision, make_treatment
from samhandling.core.home import HOME_PANELS
from samhandling.meetings.tests.factories import make_meeting
from samhandling.structure.tests.factories import make_membership, make_municipality, make_person

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def overdue():
    """Alver and Fedje owe an answer that was due last month."""
    today = timezone.localdate()
    decision = make_decision(decided_on=today - datetime.timedelta(days=90))
    recommendation = Recommendation.objects.create(
        decision=decision,
        text="Tilråding",
        respond_by=today - datetime.timedelta(days=30),
    )
    parties = [make_municipality(name=n) for n in ("Alver", "Fedje")]
    for party in parties:
        Adoption.objects.create(recommendation=recommendation, party=party)
    return decision.treatment.case, parties


def test_every_app_registers_its_panels_without_core_importing_it():
    assert {
        "cases_to_draft",
        "adoptions_overdue",
        "meetings_to_prepare",
        "my_next_meetings",
        "memberships_expiring",
    } <= set(HOME_PANELS)


def test_a_visitor_sees_no_tasks(client):
    assert "my-tasks" not in client.get(reverse("home")).content.decode()


def test_the_secretariat_sees_meetings_to_prepare_overdue_adoptions_and_expiring_terms(
    secretariat_client, overdue
):
    case, _parties = overdue
    soon = timezone.localdate() + datetime.timedelta(days=30)
    membership = make_membership(start=soon - datetime.timedelta(days=1000), term_end=soon)
    meeting = make_meeting(
        starts_at=timezone.now() + datetime.timedelta(days=10),
        ends_at=timezone.now() + datetime.timedelta(days=10, hours=2),
    )
    html = secretariat_client.get(reverse("home")).content.decode()
    assert meeting.get_absolute_url() in html
    assert case.get_absolute_url() in html and "Alver" in html and "Fedje" in html
    assert membership.person.full_name in html


def test_a_party_administrator_sees_only_the_overdue_answers_of_their_party(overdue):
    _case, (alver, _fedje) = overdue
    user = User.objects.create_user("partsadmin")
    role_grant_create(
        actor=None, user=user, role=RoleGrant.Role.PARTY_ADMINISTRATOR, organisation=alver
    )
    html = _client(user).get(reverse("home")).content.decode()
    assert "Alver" in html and "Fedje" not in html


def test_a_case_officer_sees_the_papers_to_draft_and_their_own_expiring_term():
    person = make_person()
    user = User.objects.create_user("saksbehandlar", person=person)
    draft = make_case(case_officer=person, subject="Utkast til sak")
    done = make_case(case_officer=person, subject="Ferdig sak")
    make_decision(treatment=make_treatment(case=done))
    soon = timezone.localdate() + datetime.timedelta(days=60)
    make_membership(person=person, start=soon - datetime.timedelta(days=1000), term_end=soon)
    someone_else = make_membership(start=soon - datetime.timedelta(days=1000), term_end=soon)
    html = _client(user).get(reverse("home")).content.decode()
    assert draft.subject in html and done.subject not in html
    assert person.full_name in html and someone_else.person.full_name not in html


def test_the_home_page_runs_a_fixed_number_of_queries(
    secretariat_client, overdue, django_assert_max_num_queries
):
    for _ in range(5):
        make_membership(
            start=datetime.date(2020, 1, 1),
            term_end=timezone.localdate() + datetime.timedelta(days=20),
        )
    with django_assert_max_num_queries(12):
        assert secretariat_client.get(reverse("home")).status_code == 200


def test_a_member_sees_her_next_meetings_and_whether_she_has_reported_absence():
    from samhandling.meetings.models import Absence, Meeting
    from samhandling.structure.tests.factories import make_seat

    membership = make_membership(start=datetime.date(2020, 1, 1), term_end=None)
    committee = membership.seat.committee
    user = User.objects.create_user("medlem", person=membership.person)
    now = timezone.now()
    soon, later, far = (
        make_meeting(
            committee=committee,
            starts_at=now + datetime.timedelta(days=days),
            ends_at=now + datetime.timedelta(days=days, hours=2),
            state=Meeting.State.NOTICE_SENT,
        )
        for days in (7, 30, 90)
    )
    Absence.objects.create(meeting=later, membership=membership, reported_at=now)
    elsewhere = make_meeting(
        committee=make_seat().committee,
        starts_at=now + datetime.timedelta(days=3),
        ends_at=now + datetime.timedelta(days=3, hours=2),
    )
    html = _client(user).get(reverse("home")).content.decode()
    assert "Dine neste møter" in html
    assert soon.get_absolute_url() in html and later.get_absolute_url() in html
    assert far.get_absolute_url() not in html and elsewhere.get_absolute_url() not in html
    assert "du har meldt forfall" in html and "meld forfall i tide" in html
