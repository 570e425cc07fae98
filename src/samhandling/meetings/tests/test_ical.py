import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from samhandling.cases.tests.factories import make_case, make_treatment
from samhandling.core.access import Access, ExemptionBasis
from samhandling.meetings.models import Meeting
from samhandling.structure.models import Membership
from samhandling.structure.tests.factories import (
    make_committee,
    make_membership,
    make_person,
    make_seat,
)

from .factories import at, make_agenda_item, make_meeting

pytestmark = pytest.mark.django_db


def _soon(days: int, hour: int = 10) -> datetime.datetime:
    day = datetime.date.today() + datetime.timedelta(days=days)
    return at(day.year, day.month, day.day, hour)


def _parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_the_committee_feed_is_a_calendar_with_one_event_per_meeting(client):
    committee = make_committee(name="Områdeutval Voss")
    meeting = make_meeting(
        committee=committee,
        starts_at=_soon(10, 9),
        place="Voss sjukehus",
        state=Meeting.State.NOTICE_SENT,
    )
    case = make_case(subject="Akuttmedisinsk beredskap")
    make_agenda_item(
        meeting=meeting, number="5/25", treatment=make_treatment(case=case, committee=committee)
    )
    make_meeting(
        committee=committee, starts_at=_soon(40), place="", video_link="https://video.example/m"
    )
    make_meeting(starts_at=_soon(10))  # another committee's

    calendar = _parse(client.get(reverse("meetings:committee_ical", args=[committee.slug])))
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    assert str(calendar["X-WR-CALNAME"]) == "Områdeutval Voss"
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    event = events[0]
    assert str(event["UID"]) == f"meeting-{meeting.pk}@samhandling"
    assert event["DTSTAMP"]
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTEND") == meeting.ends_at
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert "Områdeutval Voss" in str(event["SUMMARY"])
    assert str(event["LOCATION"]) == "Voss sjukehus"
    assert str(event["URL"]).endswith(meeting.get_absolute_url())
    assert "PS 5/25: Akuttmedisinsk beredskap" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(events[1]["LOCATION"]) == "https://video.example/m"
    assert str(events[1]["STATUS"]) == "TENTATIVE"


def test_the_uid_stays_the_same_when_the_meeting_changes(client):
    meeting = make_meeting(starts_at=_soon(5))
    url = reverse("meetings:committee_ical", args=[meeting.committee.slug])
    before = _parse(client.get(url)).walk("VEVENT")[0]["UID"]
    Meeting.objects.filter(pk=meeting.pk).update(place="Nytt rom")
    after = _parse(client.get(url)).walk("VEVENT")[0]
    assert after["UID"] == before and str(after["LOCATION"]) == "Nytt rom"


def test_the_feed_never_carries_exempt_subjects(client, reader):
    meeting = make_meeting(starts_at=_soon(3))
    secret = make_case(
        subject="Personalsak", access=Access.EXEMPT, exemption_basis=ExemptionBasis.OFFL_25
    )
    make_agenda_item(
        meeting=meeting,
        number="9/25",
        treatment=make_treatment(case=secret, committee=meeting.committee),
    )
    client.force_login(reader)
    body = client.get(reverse("meetings:committee_ical", args=[meeting.committee.slug])).content
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert "Personalsak" not in body.decode()
    assert "PS 9/25" in str(event["DESCRIPTION"]) and "Offl. § 25" in str(event["DESCRIPTION"])


def test_the_person_feed_has_the_meetings_of_the_persons_current_committees(client):
    person = make_person(given_name="Kari", family_name="Nordmann")
    mine = make_committee()
    left = make_committee()
    make_membership(person=person, seat=make_seat(committee=mine), start=datetime.date(2020, 1, 1))
    make_membership(
        person=person,
        seat=make_seat(committee=left),
        start=datetime.date(2018, 1, 1),
        term_end=datetime.date(2022, 1, 1),
        ended_on=datetime.date(2021, 1, 1),
    )
    kept = make_meeting(committee=mine, starts_at=_soon(7))
    make_meeting(committee=left, starts_at=_soon(7))
    calendar = _parse(client.get(reverse("meetings:person_ical", args=[person.slug])))
    assert "Kari Nordmann" in str(calendar["X-WR-CALNAME"])
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [f"meeting-{kept.pk}@samhandling"]
    assert Membership.objects.filter(person=person).count() == 2
