"""Editing or renewing a membership: the same membership extended, validated and audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samhandling.core.models import AuditEntry
from samhandling.structure.models import Membership
from samhandling.structure.services import membership_update
from samhandling.structure.tests.factories import make_membership, make_seat

pytestmark = pytest.mark.django_db
START = datetime.date(2024, 1, 1)


def test_a_term_is_renewed_without_ending_the_membership(secretariat_client):
    membership = make_membership(start=START, term_end=datetime.date(2026, 12, 31))
    url = reverse("structure:membership_edit", args=[membership.pk])
    assert membership.person.full_name in secretariat_client.get(url).content.decode()
    response = secretariat_client.post(url, {"term_end": "2028-12-31", "role": "member"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.term_end == datetime.date(2028, 12, 31) and membership.ended_on is None
    assert Membership.objects.count() == 1
    entry = AuditEntry.objects.get(action="structure.membership_update")
    assert "2028-12-31" in str(entry.changes)


def test_a_term_cannot_end_before_it_starts():
    membership = make_membership(start=START)
    with pytest.raises(ValidationError) as error:
        membership_update(
            actor=None, membership=membership, term_end=datetime.date(2023, 1, 1), role="member"
        )
    assert "term_end" in error.value.message_dict
    membership.refresh_from_db()
    assert membership.term_end == datetime.date(2028, 1, 1)


def test_only_a_deputy_stands_in_for_a_member_and_the_page_says_so(secretariat_client):
    member = make_membership(start=START)
    other = make_membership(seat=make_seat(committee=member.seat.committee), start=START)
    url = reverse("structure:membership_edit", args=[other.pk])
    response = secretariat_client.post(
        url, {"term_end": "2028-01-01", "role": "member", "deputy_for": member.pk}
    )
    assert response.status_code == 200
    assert Membership.objects.get(pk=other.pk).deputy_for is None
    secretariat_client.post(
        url, {"term_end": "2028-01-01", "role": "deputy", "deputy_for": member.pk}
    )
    assert Membership.objects.get(pk=other.pk).deputy_for == member


def test_an_ended_membership_is_not_renewed():
    membership = make_membership(start=START, ended_on=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError):
        membership_update(
            actor=None, membership=membership, term_end=datetime.date(2030, 1, 1), role="member"
        )


def test_only_the_secretariat_edits_memberships(client):
    membership = make_membership(start=START)
    response = client.get(reverse("structure:membership_edit", args=[membership.pk]))
    assert response.status_code in (302, 403)
