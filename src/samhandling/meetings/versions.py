"""What each edit form of the meeting pages shows of its meeting, read from the database:
the snapshots ``core.concurrency`` compares to tell a second editor that the meeting changed
after they opened the form. Keys are the form's field names."""

from samhandling.core.concurrency import Snapshot

from .models import Meeting


def meeting_snapshot(meeting: Meeting) -> Snapshot:
    return {
        name: getattr(meeting, name)
        for name in ("committee", "title", "starts_at", "ends_at", "place", "video_link")
    }


def minutes_snapshot(meeting: Meeting) -> Snapshot:
    """The minutes' text; approving carries it too, so nobody approves a text they have not
    seen."""
    return {"minutes": meeting.minutes}


def attendance_snapshot(meeting: Meeting) -> Snapshot:
    values: dict = {}
    for attendance in meeting.attendances.order_by("membership_id"):
        values[f"status_{attendance.membership_id}"] = attendance.status
        values[f"deputy_{attendance.membership_id}"] = str(attendance.deputy_id or "")
    return values
