"""Removing an agenda item: asked first, audited, never after the minutes are approved."""

import pytest
from django.urls import reverse

from samhandling.cases.models import Treatment
from samhandling.cases.tests.factories import make_decision, make_treatment
from samhandling.core.models import AuditEntry
from samhandling.meetings.models import AgendaItem, Meeting

from .factories import make_agenda_item, make_meeting

pytestmark = pytest.mark.django_db


def _item():
    meeting = make_meeting()
    return make_agenda_item(
        meeting=meeting, treatment=make_treatment(committee=meeting.committee), order=1
    )


def test_an_item_is_removed_after_confirmation_and_audited(secretariat_client):
    item = _item()
    url = reverse("meetings:agenda_remove", args=[item.meeting_id, item.pk])
    page = secretariat_client.get(url).content.decode()
    assert item.treatment.case.number in page and AgendaItem.objects.exists()
    assert secretariat_client.post(url).status_code == 302
    assert not AgendaItem.objects.exists()
    assert Treatment.objects.filter(pk=item.treatment_id).exists()
    assert AuditEntry.objects.filter(action="agenda_item.remove").count() == 1


def test_no_item_is_removed_once_the_minutes_are_approved(secretariat_client):
    item = _item()
    Meeting.objects.filter(pk=item.meeting_id).update(state=Meeting.State.MINUTES_APPROVED)
    url = reverse("meetings:agenda_remove", args=[item.meeting_id, item.pk])
    response = secretariat_client.post(url)
    assert response.status_code == 200 and "godkjent" in response.content.decode()
    assert AgendaItem.objects.exists()


def test_a_decided_item_is_not_removed(secretariat_client):
    item = _item()
    make_decision(treatment=item.treatment)
    url = reverse("meetings:agenda_remove", args=[item.meeting_id, item.pk])
    assert secretariat_client.post(url).status_code == 200
    assert AgendaItem.objects.exists()


def test_only_the_secretariat_removes_items(client):
    item = _item()
    url = reverse("meetings:agenda_remove", args=[item.meeting_id, item.pk])
    assert client.post(url).status_code in (302, 403)
    assert AgendaItem.objects.exists()
