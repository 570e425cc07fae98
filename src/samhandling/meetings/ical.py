"""iCalendar feeds (RFC 5545) of meetings that Outlook and Google Calendar subscribe to.

Times are written in UTC, which every client accepts without a VTIMEZONE; the feed names
Europe/Oslo as its calendar time zone so clients show it in local time. Descriptions list
the agenda by item number, and never the subject of a case the reader may not read (feeds
are fetched without a login, so that is every exempt case and closed item)."""

import datetime
from collections.abc import Callable, Iterable

from django.utils import timezone
from icalendar import Calendar, Event, vText

from .models import Meeting
from .services import item_exemption_label

PRODID = "-//Helsefellesskap Bergen//Samhandling//NB"
CONTENT_TYPE = "text/calendar; charset=utf-8"

_STATUS = {
    Meeting.State.PLANNED: "TENTATIVE",
    Meeting.State.NOTICE_SENT: "CONFIRMED",
    Meeting.State.HELD: "CONFIRMED",
    Meeting.State.MINUTES_APPROVED: "CONFIRMED",
}


def meeting_uid(meeting: Meeting) -> str:
    """Stable across feeds and edits, so a client updates the event instead of duplicating it."""
    return f"meeting-{meeting.pk}@samhandling"


def meeting_description(meeting: Meeting) -> str:
    """The agenda; each item's ``readable`` is set by ``access.annotate_items``."""
    lines = []
    for item in meeting.agenda_items.all():
        if not item.readable:
            subject = item_exemption_label(item)
        elif item.treatment is not None:
            subject = f"{item.treatment.case.subject} ({item.treatment.case.label})"
        else:
            subject = item.title
        lines.append(f"{item.label}: {subject}")
    return "\n".join(lines)


def calendar_feed(
    *, name: str, meetings: Iterable[Meeting], url_for: Callable[[Meeting], str]
) -> bytes:
    """A VCALENDAR with one VEVENT per meeting; ``url_for`` gives each meeting's absolute URL."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Oslo")
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for meeting in meetings:
        event = Event()
        event.add("uid", meeting_uid(meeting))
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
        event.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
        summary = meeting.committee.name
        if meeting.title:
            summary = f"{summary}: {meeting.title}"
        event.add("summary", summary)
        event.add("location", vText(meeting.place or meeting.video_link))
        url = url_for(meeting)
        event.add("url", url)
        description = meeting_description(meeting)
        if meeting.video_link and meeting.place:
            description = f"{meeting.video_link}\n\n{description}"
        event.add("description", f"{description}\n\n{url}".strip())
        event.add("status", _STATUS[meeting.state])
        cal.add_component(event)
    return cal.to_ical()
