"""Two people edit the same meeting: A saves first, then B saves from the form B opened
before A saved. B is told what changed, keeps what B wrote, and A's change stays."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from samhandling.core.tests.forms import page_data
from samhandling.meetings.models import Attendance, Meeting
from samhandling.meetings.tests.factories import at, make_meeting
from samhandling.structure.tests.factories import make_membership, make_seat

CONFLICT = "Noen andre lagret endringer her etter at du åpnet skjemaet"


@pytest.fixture
def other_client(secretary):
    client = Client()
    client.force_login(secretary)
    return client


def _assert_conflict(response, *labels):
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    shown = {row.label for row in response.context["form"].edit_conflict}
    assert set(labels) <= shown, shown


def test_stale_minutes_do_not_overwrite_newer_minutes(secretary_client, other_client):
    meeting = make_meeting(state=Meeting.State.HELD, minutes="Sak 1/22: vedteke.")
    url = reverse("meetings:minutes_edit", args=[meeting.pk])
    page_a, page_b = secretary_client.get(url), other_client.get(url)
    saved = secretary_client.post(url, page_data(page_a, minutes="Sak 1/22: vedteke.\nA."))
    assert saved.status_code == 302
    stale = other_client.post(url, page_data(page_b, minutes="Sak 1/22: vedteke.\nB."))
    _assert_conflict(stale, "Referat")
    meeting.refresh_from_db()
    assert meeting.minutes.endswith("A.")
    assert "B." in stale.content.decode()


def test_minutes_changed_after_the_page_was_opened_are_not_approved(secretary_client, other_client):
    meeting = make_meeting(state=Meeting.State.HELD, minutes="Utkast.")
    page = other_client.get(meeting.get_absolute_url())
    approve = page_data(page, approved_on="2022-04-01", approved_by="Leiar")
    edit = reverse("meetings:minutes_edit", args=[meeting.pk])
    secretary_client.post(edit, page_data(secretary_client.get(edit), minutes="Endra."))
    other_client.post(reverse("meetings:minutes_approve", args=[meeting.pk]), approve)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.HELD
    assert meeting.minutes == "Endra."


def test_a_stale_meeting_form_does_not_overwrite(secretary_client, other_client):
    meeting = make_meeting(place="Haukeland")
    url = reverse("meetings:edit", args=[meeting.pk])
    page_a, page_b = secretary_client.get(url), other_client.get(url)
    assert secretary_client.post(url, page_data(page_a, place="Voss")).status_code == 302
    stale = other_client.post(url, page_data(page_b, title="Ekstramøte"))
    _assert_conflict(stale, "Sted")
    meeting.refresh_from_db()
    assert (meeting.place, meeting.title) == ("Voss", "")


def test_stale_attendance_does_not_overwrite(secretary_client, other_client):
    meeting = make_meeting(starts_at=at(2024, 5, 1))
    member = make_membership(
        seat=make_seat(committee=meeting.committee), start=datetime.date(2024, 1, 1)
    )
    url = reverse("meetings:attendance", args=[meeting.pk])
    page_a, page_b = secretary_client.get(url), other_client.get(url)
    status = f"status_{member.pk}"
    assert secretary_client.post(url, page_data(page_a, **{status: "absent"})).status_code == 302
    stale = other_client.post(url, page_data(page_b, **{status: "present"}))
    assert stale.status_code == 200 and CONFLICT in stale.content.decode()
    assert Attendance.objects.get().status == Attendance.Status.ABSENT
    [row] = [r for r in stale.context["form"].edit_conflict if r.label.startswith("Oppmøte")]
    assert (row.saved, row.yours) == ("forfall", "til stede")


def test_a_draft_from_a_stale_page_does_not_replace_edited_minutes(secretary_client, other_client):
    meeting = make_meeting(state=Meeting.State.HELD, minutes="Utkast.")
    page = other_client.get(meeting.get_absolute_url())
    version = page.context["minutes_version"]
    edit = reverse("meetings:minutes_edit", args=[meeting.pk])
    secretary_client.post(edit, page_data(secretary_client.get(edit), minutes="Retta referat."))
    response = other_client.post(
        reverse("meetings:minutes_draft", args=[meeting.pk]), {"version": version}, follow=True
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Retta referat."
    assert "Referatet ble endret etter at du åpnet siden" in response.content.decode()
