"""Small factories for meeting test data."""

import datetime

from django.db.models import Max
from django.utils import timezone

from samhandling.cases.tests.factories import make_treatment
from samhandling.meetings.models import AgendaItem, Meeting
from samhandling.structure.tests.factories import make_committee


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """An aware time in Oslo."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def make_meeting(**fields) -> Meeting:
    if "committee" not in fields:
        fields["committee"] = make_committee()
    fields.setdefault("starts_at", at(2022, 3, 15, 10))
    fields.setdefault("ends_at", fields["starts_at"] + datetime.timedelta(hours=2))
    if not fields.get("video_link"):
        fields.setdefault("place", "Haukeland, møterom 1")
    return Meeting.objects.create(**fields)


def make_agenda_item(**fields) -> AgendaItem:
    if "meeting" not in fields:
        fields["meeting"] = make_meeting()
    meeting = fields["meeting"]
    if "treatment" not in fields and not fields.get("title"):
        fields["treatment"] = make_treatment(committee=meeting.committee)
    if "order" not in fields:
        fields["order"] = (meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0) + 1
    fields.setdefault("number", f"{fields['order']}/{meeting.starts_at.year % 100:02d}")
    return AgendaItem.objects.create(**fields)
