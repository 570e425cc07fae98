"""The meetings' panels on a logged-in person's home page (see core.home)."""

import datetime

from django.utils import timezone

from samhandling.core.actor import is_secretariat
from samhandling.structure.models import Membership

from .models import Absence, Meeting


def meetings_to_prepare(user) -> dict | None:
    """For the secretariat: upcoming meetings whose notice has not gone out."""
    if not is_secretariat(user):
        return None
    meetings = list(
        Meeting.objects.filter(starts_at__gte=timezone.now(), state=Meeting.State.PLANNED)
        .select_related("committee")
        .order_by("starts_at")[:20]
    )
    return {"meetings": meetings} if meetings else None


UPCOMING_WITHIN = datetime.timedelta(days=60)


def my_next_meetings(user) -> dict | None:
    """For a member, deputy or observer: the coming meetings of their committees in the
    next 60 days, with the papers to read and whether they have reported absence, since
    absence must be reported in time for the deputy to be called in."""
    person = getattr(user, "person", None)
    if person is None:
        return None
    today = timezone.localdate()
    own = {
        m.pk: m.seat.committee_id
        for m in Membership.objects.current(today).filter(person=person).select_related("seat")
    }
    if not own:
        return None
    now = timezone.now()
    meetings = list(
        Meeting.objects.filter(
            committee_id__in=set(own.values()),
            starts_at__gte=now,
            starts_at__lte=now + UPCOMING_WITHIN,
            state__in=[Meeting.State.PLANNED, Meeting.State.NOTICE_SENT],
        )
        .select_related("committee")
        .order_by("starts_at")[:10]
    )
    if not meetings:
        return None
    absent = set(
        Absence.objects.filter(meeting__in=meetings, membership_id__in=own).values_list(
            "meeting_id", flat=True
        )
    )
    for meeting in meetings:
        meeting.absence_reported = meeting.pk in absent
    return {"meetings": meetings}
