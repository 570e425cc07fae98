"""Everyday corrections in a meeting: the attendance form offers each member their own
deputies, refuses «present» with a deputy, and leaves out expired memberships."""

import datetime

import pytest
from django.urls import reverse

from samhandling.meetings.models import Attendance
from samhandling.structure.models import Membership
from samhandling.structure.tests.factories import make_membership, make_person, make_seat

from .factories import at, make_meeting

pytestmark = pytest.mark.django_db
START = datetime.date(2024, 1, 1)


@pytest.fixture
def board():
    """A meeting with two members, each with their own deputy, and a member whose term ran
    out before the meeting."""
    meeting = make_meeting(starts_at=at(2024, 5, 1))
    committee = meeting.committee
    anna, berit = (
        make_membership(
            seat=make_seat(committee=committee),
            person=make_person(given_name=name, family_name="Medlem"),
            start=START,
        )
        for name in ("Anna", "Berit")
    )
    anna_deputy, berit_deputy = (
        make_membership(
            seat=member.seat,
            role=Membership.Role.DEPUTY,
            deputy_for=member,
            person=make_person(given_name=name, family_name="Vara"),
            start=START,
        )
        for member, name in ((anna, "Amund"), (berit, "Bjarne"))
    )
    expired = make_membership(
        seat=make_seat(committee=committee),
        person=make_person(given_name="Gamle", family_name="Perioden"),
        start=datetime.date(2020, 1, 1),
        term_end=datetime.date(2024, 1, 1),
    )
    return meeting, anna, berit, anna_deputy.person, berit_deputy.person, expired


def _deputy_options(html: str, member) -> str:
    start = html.index(f'name="deputy_{member.pk}"')
    return html[start : html.index("</select>", start)]


def test_each_member_is_offered_only_their_own_deputies(secretary_client, board):
    meeting, anna, berit, _anna_deputy, _berit_deputy, _expired = board
    html = secretary_client.get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    assert "Amund Vara" in _deputy_options(html, anna)
    assert "Bjarne Vara" not in _deputy_options(html, anna)
    assert "Bjarne Vara" in _deputy_options(html, berit)


def test_an_expired_membership_is_left_out(secretary_client, board):
    meeting, *_rest, _expired = board
    html = secretary_client.get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    assert "Gamle Perioden" not in html


def test_present_with_a_deputy_is_refused(secretary_client, board):
    meeting, anna, berit, anna_deputy, _berit_deputy, _expired = board
    url = reverse("meetings:attendance", args=[meeting.pk])
    response = secretary_client.post(
        url,
        {
            f"status_{anna.pk}": "present",
            f"deputy_{anna.pk}": anna_deputy.pk,
            f"status_{berit.pk}": "present",
        },
    )
    assert response.status_code == 200 and not Attendance.objects.exists()
    assert "Anna Medlem" in response.content.decode()


def test_a_deputy_of_another_member_cannot_be_chosen(secretary_client, board):
    meeting, anna, berit, _anna_deputy, berit_deputy, _expired = board
    url = reverse("meetings:attendance", args=[meeting.pk])
    secretary_client.post(
        url,
        {
            f"status_{anna.pk}": "deputy_present",
            f"deputy_{anna.pk}": berit_deputy.pk,
            f"status_{berit.pk}": "present",
        },
    )
    assert not Attendance.objects.exists()


def test_a_member_met_by_their_own_deputy_is_recorded(secretary_client, board):
    meeting, anna, berit, anna_deputy, _berit_deputy, _expired = board
    url = reverse("meetings:attendance", args=[meeting.pk])
    secretary_client.post(
        url,
        {
            f"status_{anna.pk}": "deputy_present",
            f"deputy_{anna.pk}": anna_deputy.pk,
            f"status_{berit.pk}": "present",
        },
    )
    assert Attendance.objects.get(membership=anna).deputy == anna_deputy
