"""A person attends one agenda item without a seat ("på sak"); approved minutes are frozen
and put right only by a reasoned addendum."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from samhandling.core.models import AuditEntry
from samhandling.meetings import services
from samhandling.meetings.models import Attendance, Meeting, MinutesAddendum
from samhandling.meetings.tests.factories import make_agenda_item, make_meeting
from samhandling.structure.tests.factories import make_membership, make_person, make_seat

pytestmark = pytest.mark.django_db


def _approved(secretary) -> Meeting:
    meeting = make_meeting()
    make_agenda_item(meeting=meeting)
    services.meeting_hold(actor=secretary, meeting=meeting)
    services.minutes_draft(actor=secretary, meeting=meeting)
    return services.minutes_approve(
        actor=secretary,
        meeting=meeting,
        approved_on=datetime.date(2022, 4, 20),
        approved_by="Møtet 20. april",
    )


def test_a_person_without_a_seat_is_recorded_for_one_item(secretary):
    item = make_agenda_item()
    guest = make_person(given_name="Torunn", family_name="Havrevoll")
    attendance = services.item_attendance_record(actor=secretary, item=item, person=guest)
    assert attendance.membership is None and attendance.attendee == guest
    assert attendance.meeting == item.meeting
    with pytest.raises(ValidationError):
        services.item_attendance_record(actor=secretary, item=item, person=guest)
    entry = AuditEntry.objects.get(action="meeting.item_attendance_add")
    assert entry.changes["person"] == [None, "Torunn Havrevoll"]


def test_an_attendance_is_either_a_seat_or_a_person_on_one_item():
    item = make_agenda_item()
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=item.meeting, status="present")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=item.meeting, person=make_person(), status="present")


def test_the_meeting_page_lists_who_attended_for_one_item(secretary_client, secretary, client):
    item = make_agenda_item()
    guest = make_person(given_name="Torunn", family_name="Havrevoll")
    url = reverse("meetings:item_attendance", args=[item.meeting.pk])
    assert secretary_client.get(url).status_code == 200
    response = secretary_client.post(url, {"item": item.pk, "person": guest.pk})
    assert response.status_code == 302
    html = client.get(item.meeting.get_absolute_url()).content.decode()
    assert f"{item.number}: Torunn Havrevoll" in html


def test_only_the_secretariat_records_attendance_for_an_item(client, reader):
    item = make_agenda_item()
    url = reverse("meetings:item_attendance", args=[item.meeting.pk])
    client.force_login(reader)
    assert client.get(url).status_code == 403


def test_approved_minutes_and_attendance_cannot_change(secretary):
    meeting = _approved(secretary)
    membership = make_membership(seat=make_seat(committee=meeting.committee))
    with pytest.raises(ValidationError):
        services.minutes_update(actor=secretary, meeting=meeting, minutes="Ny tekst")
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=secretary,
            meeting=meeting,
            entries=[services.AttendanceEntry(membership=membership, status="present")],
        )
    with pytest.raises(ValidationError):
        services.item_attendance_record(
            actor=secretary, item=meeting.agenda_items.get(), person=make_person()
        )
    with pytest.raises(ValidationError):
        services.meeting_update(
            actor=secretary,
            meeting=meeting,
            committee=meeting.committee,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            place="Ein annan stad",
        )


def test_an_addendum_to_approved_minutes_is_shown_with_its_reason(
    secretary, secretary_client, client
):
    meeting = _approved(secretary)
    minutes = Meeting.objects.get(pk=meeting.pk).minutes
    url = reverse("meetings:minutes_addendum", args=[meeting.pk])
    response = secretary_client.post(url, {"text": "Namnet skal vere Havrevoll.", "reason": ""})
    assert response.status_code == 200  # the reason is required; the text stays
    assert "Namnet skal vere Havrevoll." in response.content.decode()
    response = secretary_client.post(
        url, {"text": "Namnet skal vere Havrevoll.", "reason": "Feilstaving i protokollen."}
    )
    assert response.status_code == 302
    addendum = MinutesAddendum.objects.get()
    assert addendum.added_by == secretary
    assert Meeting.objects.get(pk=meeting.pk).minutes == minutes  # the original is intact
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Namnet skal vere Havrevoll." in html and "Feilstaving i protokollen." in html
    assert AuditEntry.objects.filter(action="meeting.minutes_addendum").count() == 1


def test_minutes_not_yet_approved_get_no_addendum(secretary):
    meeting = make_meeting()
    with pytest.raises(ValidationError):
        services.minutes_addendum_add(actor=secretary, meeting=meeting, text="x", reason="y")
