"""This context's part of the demo dataset; `samhandling demo` calls `load()`.

It runs after the structure and cases demos and builds on whatever they loaded: every
decided treatment is placed on a held meeting of its committee on the decision date, with
attendance and approved minutes; every pending treatment goes on the committee's next
planned meeting; and every committee gets a past meeting and upcoming planned ones. Each step
looks first, so loading twice changes nothing."""

import datetime

from django.utils import timezone

from samhandling.cases.models import Treatment
from samhandling.structure.models import Committee, Membership, Organisation, Person

from . import selectors, services
from .models import Attendance, Meeting

# An area committee meets in its own area; the others meet at the hospital.
PLACE_DEFAULT = "Haukeland universitetssjukehus, Sentralblokka, møterom 1"
PLACES_BY_AREA = {
    "bergen": "Bergen rådhus, Formannskapssalen",
    "bergensregionen": "Askøy rådhus, kommunestyresalen",
    "nordhordland": "Knarvik, Alver rådhus",
    "voss": "Voss sjukehus, kantinebygget",
}
VIDEO = "https://video.samhandling.example/{slug}"


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _place_for(committee: Committee) -> str:
    area_slug = committee.area.slug if committee.area_id else ""
    return PLACES_BY_AREA.get(area_slug, PLACE_DEFAULT)


def _meeting_on(committee: Committee, day: datetime.date) -> Meeting:
    existing = Meeting.objects.filter(
        committee=committee, starts_at__gte=_at(day, 0), starts_at__lt=_at(day, 23)
    ).first()
    if existing is not None:
        return existing
    return services.meeting_create(
        actor=None,
        committee=committee,
        starts_at=_at(day, 10),
        ends_at=_at(day, 14),
        place=_place_for(committee),
        video_link=VIDEO.format(slug=committee.slug),
    )


def _next_weekday(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _schedule(committees: list[Committee], today: datetime.date) -> None:
    """A past meeting for committees without one, and two upcoming ones for those without.
    A level that meets once a year (the partnership meeting, seed 001: «Årlig møte») gets one
    a year; a committee that no longer exists gets none beyond its decisions' meetings."""
    now = timezone.now()
    for index, committee in enumerate(committees):
        if committee.valid_to is not None and committee.valid_to < today:
            continue
        weekday = index % 4  # spread the committees over Monday to Thursday
        if committee.level.meetings_per_year == 1:
            ahead = _next_weekday(today + datetime.timedelta(weeks=10), weekday)
            if not committee.meetings.filter(starts_at__gte=now).exists():
                _meeting_on(committee, ahead)
            if not committee.meetings.filter(starts_at__lt=now).exists():
                _meeting_on(committee, ahead - datetime.timedelta(weeks=52))
            continue
        if not committee.meetings.filter(starts_at__lt=now).exists():
            _meeting_on(committee, _next_weekday(today - datetime.timedelta(days=60), weekday))
        if not committee.meetings.filter(starts_at__gte=now).exists():
            for weeks in (3, 10):
                day = _next_weekday(today + datetime.timedelta(weeks=weeks), weekday)
                _meeting_on(committee, day)


def _place_decided_treatments() -> None:
    treatments = (
        Treatment.objects.filter(decision__isnull=False, agenda_item__isnull=True)
        .select_related("committee", "case", "decision")
        .order_by("decision__decided_on", "case__year", "case__sequence")
    )
    for treatment in treatments:
        meeting = _meeting_on(treatment.committee, treatment.decision.decided_on)
        services.agenda_item_record(actor=None, meeting=meeting, treatment=treatment)


def _place_pending_treatments() -> None:
    now = timezone.now()
    treatments = (
        Treatment.objects.filter(state=Treatment.State.PENDING, agenda_item__isnull=True)
        .select_related("committee", "case")
        .order_by("case__year", "case__sequence")
    )
    for treatment in treatments:
        meeting = (
            treatment.committee.meetings.filter(
                starts_at__gte=now, state__in=[Meeting.State.PLANNED, Meeting.State.NOTICE_SENT]
            )
            .order_by("starts_at")
            .first()
        )
        if meeting is not None:
            services.agenda_item_add(actor=None, meeting=meeting, case=treatment.case)


def _record_attendance(meeting: Meeting) -> None:
    memberships = selectors.attendance_memberships(meeting)
    day = timezone.localtime(meeting.starts_at).date()
    deputies = {
        m.deputy_for_id: m.person
        for m in Membership.objects.current(on=day).filter(
            seat__committee=meeting.committee, deputy_for__isnull=False
        )
    }
    entries = []
    for n, membership in enumerate(memberships):
        # Every seventh member sends word; a deputy meets when the member has one.
        if n % 7 == 3:
            deputy = deputies.get(membership.pk)
            status = Attendance.Status.DEPUTY_PRESENT if deputy else Attendance.Status.ABSENT
            entries.append(services.AttendanceEntry(membership, status, deputy))
        else:
            entries.append(services.AttendanceEntry(membership, Attendance.Status.PRESENT))
    if entries:
        services.attendance_record(actor=None, meeting=meeting, entries=entries)


def _record_case_officers_on_their_items(meeting: Meeting) -> None:
    """A case officer from a party presents their paper and attends for that item only
    ("på sak", seed 001), like Helse Bergen's officer with seed 004's orientation."""
    items = meeting.agenda_items.select_related(
        "treatment__case__case_officer__organisation"
    ).filter(treatment__case__case_officer__isnull=False)
    seated = set(
        Membership.objects.current(on=timezone.localtime(meeting.starts_at).date())
        .filter(seat__committee=meeting.committee)
        .values_list("person_id", flat=True)
    )
    for item in items:
        officer = item.treatment.case.case_officer
        organisation = officer.organisation
        if officer.pk in seated or organisation is None:
            continue
        if organisation.kind == Organisation.Kind.SECRETARIAT:
            continue  # the secretariat is at every meeting anyway
        services.item_attendance_record(
            actor=None, item=item, person=officer, on_behalf_of=organisation
        )


def _close_past_meetings() -> None:
    """Past meetings are held, with attendance and minutes approved a month later."""
    now = timezone.now()
    for meeting in Meeting.objects.filter(ends_at__lt=now).select_related("committee"):
        if meeting.state in {Meeting.State.PLANNED, Meeting.State.NOTICE_SENT}:
            if meeting.state == Meeting.State.PLANNED:
                services.meeting_notice_send(actor=None, meeting=meeting)
            services.meeting_hold(actor=None, meeting=meeting)
        if not meeting.attendances.exists():
            _record_attendance(meeting)
            _record_case_officers_on_their_items(meeting)
        if meeting.state == Meeting.State.HELD:
            if not meeting.minutes:
                services.minutes_draft(actor=None, meeting=meeting)
            approved_on = min(
                timezone.localtime(meeting.starts_at).date() + datetime.timedelta(days=30),
                timezone.localdate(),
            )
            services.minutes_approve(
                actor=None,
                meeting=meeting,
                approved_on=approved_on,
                approved_by="Utvalet, ved leiar",
            )


def _send_notices() -> None:
    """The nearest upcoming meeting of each committee has had its notice sent."""
    now = timezone.now()
    for committee in Committee.objects.all():
        meeting = committee.meetings.filter(starts_at__gte=now).order_by("starts_at").first()
        if (
            meeting is not None
            and meeting.state == Meeting.State.PLANNED
            and meeting.agenda_items.exists()
        ):
            services.meeting_notice_send(actor=None, meeting=meeting)


def load() -> None:
    committees = list(Committee.objects.select_related("level"))
    if not committees:
        return
    today = timezone.localdate()
    _place_decided_treatments()
    _schedule(committees, today)
    _place_pending_treatments()
    _close_past_meetings()
    _send_notices()
    _demo_addresses()


def _demo_addresses() -> None:
    """Notices go by e-mail, so every member gets a (fictional, reserved-domain) address;
    the demo writes the mail to a folder in the data folder instead of sending it."""
    people = Person.objects.filter(email="", memberships__isnull=False).distinct()
    for person in people:
        person.email = f"{person.slug}@example.org"
        person.save(update_fields=["email"])
