"""Reads of meetings: lists, one meeting with everything its page shows, a committee's month,
and the meetings a person's calendar feed carries."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from samhandling.cases.models import Case, Treatment
from samhandling.cases.selectors import CASE_SECTIONS
from samhandling.structure.models import Committee, Membership, Person

from .models import AgendaItem, Attendance, Meeting


def meetings_with_agenda(*, brief: bool = False) -> QuerySet[Meeting]:
    """Meetings with committee and agenda (cases and decisions) loaded in a fixed number of
    queries, for lists, feeds and documents; ``brief`` (a feed: a year's meetings with
    thousands of items) with each item's case only, without its long texts."""
    if brief:
        items = AgendaItem.objects.select_related("treatment__case").defer(
            *(f"treatment__case__{name}" for name in CASE_SECTIONS)
        )
    else:
        items = AgendaItem.objects.select_related(
            "treatment__case", "treatment__decision", "treatment__committee"
        )
    items = items.order_by("order")
    return Meeting.objects.select_related("committee").prefetch_related(
        Prefetch("agenda_items", queryset=items)
    )


def meeting_list(
    *,
    committee: Committee | None = None,
    when: str = "upcoming",
    now: datetime.datetime | None = None,
) -> QuerySet[Meeting]:
    now = now or timezone.now()
    meetings = Meeting.objects.select_related("committee")
    if committee is not None:
        meetings = meetings.filter(committee=committee)
    if when == "upcoming":
        return meetings.filter(ends_at__gte=now).order_by("starts_at", "pk")
    if when == "past":
        return meetings.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return meetings.order_by("-starts_at", "-pk")


def meeting_detail_queryset() -> QuerySet[Meeting]:
    """Meetings with their agenda, decisions, attendance and public minutes; the page's
    query count does not grow with the number of items or members."""
    return (
        meetings_with_agenda()
        .select_related("public_minutes")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related(
                    "membership__person",
                    "membership__seat",
                    "membership__on_behalf_of",
                    "deputy",
                    "person",
                    "agenda_item",
                    "on_behalf_of",
                ).order_by(
                    "agenda_item__order",
                    "membership__seat__order",
                    "membership__person__family_name",
                ),
            ),
            "addenda",
        )
    )


def meeting_detail(pk: int) -> Meeting:
    return meeting_detail_queryset().get(pk=pk)


def attendance_memberships(meeting: Meeting) -> list[Membership]:
    """The memberships whose attendance is recorded: everyone holding a seat on the day,
    except deputies, who appear when they meet in someone's place."""
    day = timezone.localtime(meeting.starts_at).date()
    return list(
        Membership.objects.current(on=day)
        .filter(seat__committee_id=meeting.committee_id)
        .exclude(role=Membership.Role.DEPUTY)
        .exclude(term_end__lt=day)  # a term that has run out is not a seat at this meeting
        .select_related("person", "seat", "on_behalf_of")
        .order_by("seat__order", "person__family_name", "person__given_name")
    )


def deputies_by_member(meeting: Meeting) -> tuple[dict[int, list[Person]], list[Person]]:
    """The deputies who may meet for each member on the day, in one query: the member's
    own registered deputies (``Membership.deputy_for``) by membership id, and the
    committee's deputies registered for no one in particular, whom any member may use."""
    day = timezone.localtime(meeting.starts_at).date()
    own: dict[int, list[Person]] = {}
    shared: list[Person] = []
    for deputy in (
        Membership.objects.current(on=day)
        .filter(seat__committee_id=meeting.committee_id, role=Membership.Role.DEPUTY)
        .exclude(term_end__lt=day)
        .select_related("person")
        .order_by("person__family_name", "person__given_name")
    ):
        if deputy.deputy_for_id is None:
            shared.append(deputy.person)
        else:
            own.setdefault(deputy.deputy_for_id, []).append(deputy.person)
    return own, shared


def deputy_candidates(meeting: Meeting) -> tuple[list[Person], list[Person]]:
    """People who may meet as deputies: the committee's deputies on the day first, then
    everyone else, since a party may send someone who holds no deputy seat."""
    day = timezone.localtime(meeting.starts_at).date()
    deputy_ids = set(
        Membership.objects.current(on=day)
        .filter(seat__committee_id=meeting.committee_id, role=Membership.Role.DEPUTY)
        .values_list("person_id", flat=True)
    )
    people = list(Person.objects.order_by("family_name", "given_name"))
    return (
        [p for p in people if p.pk in deputy_ids],
        [p for p in people if p.pk not in deputy_ids],
    )


def cases_matching(text: str, *, limit: int = 20) -> list[Case]:
    """Cases whose number is ``text`` (like 58/21) or whose subject contains it."""
    text = text.strip()
    number = parse_case_number(text)
    if number is not None:
        year, sequence = number
        return list(Case.objects.filter(year=year, sequence=sequence))
    if not text:
        return []
    return list(Case.objects.filter(subject__icontains=text).order_by("-year", "-sequence")[:limit])


def parse_case_number(text: str) -> tuple[int, int] | None:
    """``58/21`` → (2021, 58); anything else → None."""
    sequence, slash, year = text.strip().partition("/")
    if not slash or not sequence.isdigit() or not year.isdigit():
        return None
    if len(year) == 2:
        return 2000 + int(year), int(sequence)
    if len(year) == 4:
        return int(year), int(sequence)
    return None


@dataclass(frozen=True)
class CalendarDay:
    date: datetime.date
    in_month: bool
    meetings: list[Meeting]


def committee_month(
    committee: Committee, year: int, month: int
) -> tuple[list[list[CalendarDay]], list[Meeting]]:
    """The weeks of a month (Monday first) with each day's meetings, and the month's meetings."""
    tz = timezone.get_current_timezone()
    weeks_dates = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks_dates[0][0], weeks_dates[-1][-1]
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    meetings = list(
        Meeting.objects.filter(committee=committee, starts_at__gte=start, starts_at__lt=end)
        .select_related("committee")
        .order_by("starts_at")
    )
    by_day: dict[datetime.date, list[Meeting]] = {}
    for meeting in meetings:
        by_day.setdefault(timezone.localtime(meeting.starts_at).date(), []).append(meeting)
    weeks = [
        [CalendarDay(day, day.month == month, by_day.get(day, [])) for day in week]
        for week in weeks_dates
    ]
    in_month = [m for m in meetings if timezone.localtime(m.starts_at).month == month]
    return weeks, in_month


def person_committees(person: Person, on: datetime.date | None = None) -> QuerySet[Committee]:
    """The committees of the person's current memberships."""
    return Committee.objects.filter(
        seats__memberships__in=Membership.objects.current(on=on).filter(person=person)
    ).distinct()


def feed_meetings(committees: QuerySet[Committee] | list[Committee]) -> QuerySet[Meeting]:
    """The meetings a calendar feed carries: from a year back, all ahead."""
    since = timezone.now() - datetime.timedelta(days=366)
    return (
        meetings_with_agenda(brief=True)
        .filter(committee__in=committees, starts_at__gte=since)
        .order_by("starts_at")
    )


def pending_cases_for(committee: Committee) -> QuerySet[Case]:
    """Cases waiting for this committee: a pending treatment not yet on any agenda."""
    return Case.objects.filter(
        Q(treatments__committee=committee)
        & Q(treatments__state=Treatment.State.PENDING)
        & Q(treatments__agenda_item__isnull=True)
    ).distinct()
