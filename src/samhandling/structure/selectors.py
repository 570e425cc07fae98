"""Reads for the structure pages. Each page's data comes from a fixed number of queries,
whatever the number of seats and members (the tests pin the counts)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import checker
from .models import (
    Area,
    Committee,
    Level,
    Membership,
    Organisation,
    Person,
    RepresentativeKind,
    Seat,
    Side,
)

# The groups a committee page shows its members in, in this order.
GROUPS: list[tuple[str, str]] = [
    ("municipal", _("Municipal side")),
    ("specialist", _("Specialist health service")),
    ("users", _("User representatives")),
    ("others", _("Others")),
]


def seat_group(seat: Seat) -> str:
    """Which group a seat's holders are listed under: users form their own group even though
    each user seat belongs to a side, since seed 001 counts them apart."""
    if seat.representative_kind == RepresentativeKind.USER:
        return "users"
    if seat.side == Side.MUNICIPAL:
        return "municipal"
    if seat.side == Side.SPECIALIST:
        return "specialist"
    return "others"


@dataclass
class SeatRow:
    seat: Seat
    current: list[Membership]
    holders: int  # current holders who fill the seat (deputies stand in, they do not fill)

    @property
    def vacant(self) -> int:
        return max(0, self.seat.min_members - self.holders)


@dataclass
class MemberGroup:
    key: str
    name: str
    seats: list[SeatRow] = field(default_factory=list)

    @property
    def memberships(self) -> list[Membership]:
        return [m for row in self.seats for m in row.current]


@dataclass
class CommitteePage:
    committee: Committee
    groups: list[MemberGroup]
    vacancies: list[SeatRow]
    past: list[Membership]
    upcoming: list[Membership]
    reporting: list[Committee]
    current: list[Membership]


def levels_with_committees(*, on: datetime.date | None = None) -> list[Level]:
    """The levels with the standing committees that exist on ``on`` (today)."""
    on = on or timezone.localdate()
    committees = (
        Committee.objects.filter(standing=True)
        .existing_on(on)
        .select_related("reports_to", "area")
        .order_by("order", "name")
    )
    return list(Level.objects.prefetch_related(Prefetch("committees", queryset=committees)))


def former_committees(*, on: datetime.date | None = None) -> list[Committee]:
    """Committees that ended before ``on`` (today), with the committees that took over."""
    on = on or timezone.localdate()
    return list(
        Committee.objects.filter(standing=True, valid_to__lt=on)
        .select_related("level", "area")
        .prefetch_related("successors")
        .order_by("level__order", "order", "name")
    )


def areas_with_municipalities(*, on: datetime.date | None = None) -> list[Area]:
    on = on or timezone.localdate()
    municipalities = (
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
        .existing_on(on)
        .order_by("name")
    )
    return list(Area.objects.prefetch_related(Prefetch("organisations", queryset=municipalities)))


def former_municipalities(*, on: datetime.date | None = None) -> list[Organisation]:
    """Municipalities merged away before ``on``, with the municipality they became part of."""
    on = on or timezone.localdate()
    return list(
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, valid_to__lt=on)
        .select_related("successor")
        .order_by("successor__name", "name")
    )


@dataclass
class CommitteeHistory:
    successors: list[Committee]
    predecessors: list[Committee]


def committee_history(committee: Committee) -> CommitteeHistory:
    return CommitteeHistory(
        successors=list(committee.successors.order_by("level__order", "order", "name")),
        predecessors=list(committee.predecessors.order_by("level__order", "order", "name")),
    )


def committee_get(slug: str) -> Committee:
    """The committee with what its page header shows; raises Committee.DoesNotExist."""
    return Committee.objects.select_related("level", "area", "reports_to").get(slug=slug)


def _membership_queryset() -> QuerySet[Membership]:
    return Membership.objects.select_related(
        "person", "on_behalf_of", "deputy_for__person", "seat"
    ).order_by("seat__order", "role", "start")


def committee_page(committee: Committee, *, on: datetime.date | None = None) -> CommitteePage:
    on = on or timezone.localdate()
    seats = list(
        committee.seats.select_related("organisation", "area").prefetch_related(
            Prefetch("memberships", queryset=_membership_queryset())
        )
    )
    groups = {key: MemberGroup(key=key, name=str(name)) for key, name in GROUPS}
    vacancies = []
    past: list[Membership] = []
    upcoming: list[Membership] = []
    current_all: list[Membership] = []
    for seat in seats:
        current = []
        for membership in seat.memberships.all():
            membership.seat = seat  # the committee page never needs a second look-up
            if membership.is_current(on):
                current.append(membership)
            elif membership.start > on:
                upcoming.append(membership)
            else:
                past.append(membership)
        holders = sum(1 for m in current if m.role != Membership.Role.DEPUTY)
        row = SeatRow(seat=seat, current=current, holders=holders)
        groups[seat_group(seat)].seats.append(row)
        current_all.extend(current)
        if row.vacant:
            vacancies.append(row)
    past.sort(key=lambda m: m.ended_on or m.start, reverse=True)
    upcoming.sort(key=lambda m: m.start)
    reporting = list(committee.reporting_committees.order_by("level__order", "order", "name"))
    return CommitteePage(
        committee=committee,
        groups=[group for group in groups.values() if group.seats],
        vacancies=vacancies,
        past=past,
        upcoming=upcoming,
        reporting=reporting,
        current=current_all,
    )


def committee_compliance(
    committee: Committee, *, on: datetime.date | None = None
) -> list[checker.RuleResult]:
    """The checker's verdict on the committee's current members, rule by rule."""
    return checker.check_committee(committee, on=on)


def _split(
    memberships: Iterable[Membership], on: datetime.date
) -> tuple[list[Membership], list[Membership]]:
    current, before = [], []
    for membership in memberships:
        if membership.is_current(on):
            current.append(membership)
        elif membership.start <= on:
            before.append(membership)
    before.sort(key=lambda m: m.ended_on or m.start, reverse=True)
    return current, before


def _with_committee(queryset: QuerySet[Membership]) -> QuerySet[Membership]:
    return queryset.select_related(
        "person", "on_behalf_of", "seat__committee__level", "deputy_for__person"
    ).order_by("seat__committee__level__order", "seat__committee__order", "seat__order", "start")


def organisation_get(slug: str) -> Organisation:
    return Organisation.objects.select_related("area", "successor").get(slug=slug)


def organisation_memberships(
    organisation: Organisation, *, on: datetime.date | None = None
) -> tuple[list[Membership], list[Membership]]:
    """Where the organisation is represented now, and where it was before."""
    on = on or timezone.localdate()
    return _split(_with_committee(organisation.memberships.all()), on)


def person_get(slug: str) -> Person:
    return Person.objects.select_related("organisation").get(slug=slug)


def person_memberships(
    person: Person, *, on: datetime.date | None = None
) -> tuple[list[Membership], list[Membership]]:
    on = on or timezone.localdate()
    return _split(_with_committee(person.memberships.all()), on)


# Sort keys the organisation list accepts, mapped to what the database orders by.
ORGANISATION_SORTS = {
    "name": "name",
    "kind": "kind",
    "number": "municipality_number",
    "population": "population",
    "area": "area__order",
    "seats": "current_memberships",
}


def organisation_list(*, sort: str = "name", descending: bool = False) -> list[Organisation]:
    today = timezone.localdate()
    current = Q(memberships__start__lte=today) & (
        Q(memberships__ended_on__isnull=True) | Q(memberships__ended_on__gt=today)
    )
    order = ORGANISATION_SORTS.get(sort, "name")
    queryset = Organisation.objects.select_related("area").annotate(
        current_memberships=Count("memberships", filter=current)
    )
    # Organisations without a number or population go last in both directions.
    key = F(order).desc(nulls_last=True) if descending else F(order).asc(nulls_last=True)
    queryset = queryset.order_by(key, "name")
    return list(queryset)


def person_search(query: str = "") -> QuerySet[Person]:
    """People whose name, title or workplace contains every word of the query."""
    queryset = Person.objects.select_related("organisation").annotate(
        current_memberships=Count(
            "memberships",
            filter=Q(memberships__start__lte=timezone.localdate())
            & (
                Q(memberships__ended_on__isnull=True)
                | Q(memberships__ended_on__gt=timezone.localdate())
            ),
        )
    )
    for word in query.split():
        queryset = queryset.filter(
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(title__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    return queryset.order_by("family_name", "given_name")
