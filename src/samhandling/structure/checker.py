"""The composition checker: compares each committee's current memberships with its rule file
and the level-wide principles, and lists every violation with the text of the rule it breaks.

``evaluate`` is the rule logic and reads no database; ``check_committee`` and
``check_structure`` fetch what it needs in a fixed number of queries.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from . import rules as rule_files
from .models import Committee, Membership, Organisation, RepresentativeKind, Seat, Side

MISSING = "missing"
TOO_MANY = "too_many"
WRONG_KIND = "wrong_kind"
EXPIRED_TERM = "expired_term"
VACANT_ROLE = "vacant_role"
ROLE_FROM_WRONG_SIDE = "role_from_wrong_side"
PRINCIPLE = "principle"
OUTSIDE_SECTOR = "outside_sector"
NOT_THE_LEADER = "not_the_leader"
ADVICE = "advice"

# A violation breaks a rule; a warning says that something the source asks to strive for
# («Det skal tilstrebes …») is not there. Only violations make the structure non-compliant.
VIOLATION = "violation"
WARNING = "warning"


@dataclass(frozen=True)
class Violation:
    committee_slug: str
    committee_name: str
    rule_key: str
    kind: str
    seat_key: str | None
    message: str
    rule_text: str
    committee_short_name: str = ""
    severity: str = VIOLATION

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    def __str__(self) -> str:
        if self.is_warning:
            return _("%(committee)s: advice: %(message)s (the source: «%(rule)s»)") % {
                "committee": self.committee_short_name or self.committee_name,
                "message": self.message,
                "rule": self.rule_text,
            }
        return _("%(committee)s: %(message)s (rule: «%(rule)s»)") % {
            "committee": self.committee_short_name or self.committee_name,
            "message": self.message,
            "rule": self.rule_text,
        }


@dataclass(frozen=True)
class RuleResult:
    key: str
    text: str
    violations: tuple[Violation, ...]
    warnings: tuple[Violation, ...] = ()
    advisory: bool = False
    # An optional seat (none required) that nobody holds: nothing is broken, but nothing is
    # fulfilled either, so pages show it as empty rather than met.
    unfilled: bool = False

    @property
    def ok(self) -> bool:
        return not self.violations


def _date(value: datetime.date) -> str:
    return value.strftime("%d.%m.%Y")


def _add_years(value: datetime.date, years: int) -> datetime.date:
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


def _side_name(side: str) -> str:
    return {
        Side.MUNICIPAL: _("the municipalities"),
        Side.SPECIALIST: _("the specialist health service"),
    }.get(side, _("either side"))


class _Collector:
    """Gathers violations per rule key for one committee."""

    def __init__(self, committee: Committee) -> None:
        self.committee = committee
        self.texts: dict[str, str] = {}
        self.found: dict[str, list[Violation]] = defaultdict(list)
        self.advisory: set[str] = set()
        self.seats_held: dict[str, bool] = {}

    def rule(self, key: str, text: str) -> None:
        self.texts.setdefault(key, text)

    def add(
        self,
        key: str,
        kind: str,
        message: str,
        seat: Seat | None = None,
        *,
        severity: str = VIOLATION,
    ) -> None:
        self.found[key].append(
            Violation(
                committee_slug=self.committee.slug,
                committee_name=self.committee.name,
                committee_short_name=self.committee.short_name,
                rule_key=key,
                kind=kind,
                seat_key=seat.key if seat else None,
                message=message,
                rule_text=self.texts[key],
                severity=severity,
            )
        )

    def results(self) -> list[RuleResult]:
        return [
            RuleResult(
                key=key,
                text=text,
                violations=tuple(v for v in self.found[key] if not v.is_warning),
                warnings=tuple(v for v in self.found[key] if v.is_warning),
                advisory=key in self.advisory,
                unfilled=self.seats_held.get(key) is False,
            )
            for key, text in self.texts.items()
        ]


def _check_seat(out: _Collector, seat: Seat, members: Sequence[Membership]) -> None:
    fitting = 0
    for membership in members:
        person = membership.person.full_name
        if not seat.accepts(membership.on_behalf_of):
            out.add(
                seat.rule_key,
                WRONG_KIND,
                _(
                    "%(person)s sits in the seat “%(seat)s” on behalf of %(organisation)s, "
                    "which does not fit the seat."
                )
                % {"person": person, "seat": seat.label, "organisation": membership.on_behalf_of},
                seat,
            )
        elif not seat.accepts_role(membership.role):
            message = (
                _(
                    "%(person)s is an observer in the seat “%(seat)s”, which is not an observer seat."
                )
                if seat.may_decide
                else _("%(person)s is %(role)s in the seat “%(seat)s”, which is an observer seat.")
            )
            out.add(
                seat.rule_key,
                WRONG_KIND,
                message
                % {"person": person, "seat": seat.label, "role": membership.get_role_display()},
                seat,
            )
        elif membership.role != Membership.Role.DEPUTY:
            fitting += 1
    out.seats_held[seat.rule_key] = out.seats_held.get(seat.rule_key, False) or fitting > 0
    if fitting < seat.min_members:
        if fitting == 0 and seat.min_members == 1:
            message = _("The seat “%(seat)s” is vacant.") % {"seat": seat.label}
        else:
            message = _("The seat “%(seat)s” has %(count)d; it needs at least %(min)d.") % {
                "seat": seat.label,
                "count": fitting,
                "min": seat.min_members,
            }
        out.add(seat.rule_key, MISSING, message, seat)
    if fitting > seat.max_members and seat.max_members < rule_files.UNBOUNDED:
        out.add(
            seat.rule_key,
            TOO_MANY,
            _("The seat “%(seat)s” has %(count)d; it takes at most %(max)d.")
            % {"seat": seat.label, "count": fitting, "max": seat.max_members},
            seat,
        )


def _check_terms(
    out: _Collector,
    memberships: Sequence[Membership],
    seats: dict[int, Seat],
    terms: Sequence[rule_files.TermRule],
    on: datetime.date,
) -> None:
    """A passed term end breaks the committee's term rule where it has one, otherwise the
    rule of the seat; a missing or too long term only breaks a term rule."""
    term = terms[0] if terms else None
    if term is not None:
        out.rule(term.key, term.text)
    for membership in memberships:
        seat = seats[membership.seat_id]
        key = term.key if term else seat.rule_key
        values = {"person": membership.person.full_name, "seat": seat.label}
        if membership.term_end is not None and membership.term_end < on:
            out.add(
                key,
                EXPIRED_TERM,
                _("The term of %(person)s (%(seat)s) ended on %(date)s.")
                % {**values, "date": _date(membership.term_end)},
                seat,
            )
        elif term is None:
            continue
        elif membership.term_end is None:
            out.add(
                key,
                EXPIRED_TERM,
                _("The term of %(person)s (%(seat)s) has no end; terms are %(years)d years.")
                % {**values, "years": term.years},
                seat,
            )
        elif membership.term_end > _add_years(membership.start, term.years):
            out.add(
                key,
                EXPIRED_TERM,
                _(
                    "The term of %(person)s (%(seat)s) runs from %(start)s to %(end)s, "
                    "longer than %(years)d years."
                )
                % {
                    **values,
                    "start": _date(membership.start),
                    "end": _date(membership.term_end),
                    "years": term.years,
                },
                seat,
            )


def _role_message(role: str, kind: str) -> str:
    return {
        (Membership.Role.CHAIR, VACANT_ROLE): _("The committee has no chair."),
        (Membership.Role.CHAIR, TOO_MANY): _("The committee has %(count)d chairs: %(people)s."),
        (Membership.Role.CHAIR, ROLE_FROM_WRONG_SIDE): _(
            "The chair, %(person)s, represents %(organisation)s and does not come from %(side)s."
        ),
        (Membership.Role.DEPUTY_CHAIR, VACANT_ROLE): _("The committee has no deputy chair."),
        (Membership.Role.DEPUTY_CHAIR, TOO_MANY): _(
            "The committee has %(count)d deputy chairs: %(people)s."
        ),
        (Membership.Role.DEPUTY_CHAIR, ROLE_FROM_WRONG_SIDE): _(
            "The deputy chair, %(person)s, represents %(organisation)s "
            "and does not come from %(side)s."
        ),
    }[(role, kind)]


def _check_roles(
    out: _Collector,
    memberships: Sequence[Membership],
    seats: dict[int, Seat],
    roles: Iterable[rule_files.RoleRule],
) -> None:
    for role_rule in roles:
        out.rule(role_rule.key, role_rule.text)
        holders = [m for m in memberships if m.role == role_rule.role]
        if not holders:
            out.add(role_rule.key, VACANT_ROLE, _role_message(role_rule.role, VACANT_ROLE))
            continue
        if len(holders) > 1:
            out.add(
                role_rule.key,
                TOO_MANY,
                _role_message(role_rule.role, TOO_MANY)
                % {
                    "count": len(holders),
                    "people": ", ".join(m.person.full_name for m in holders),
                },
            )
        if role_rule.side is None:
            continue
        for holder in holders:
            if holder.on_behalf_of.side != role_rule.side:
                out.add(
                    role_rule.key,
                    ROLE_FROM_WRONG_SIDE,
                    _role_message(role_rule.role, ROLE_FROM_WRONG_SIDE)
                    % {
                        "person": holder.person.full_name,
                        "organisation": holder.on_behalf_of,
                        "side": _side_name(role_rule.side),
                    },
                    seats.get(holder.seat_id),
                )


def _principle_message(kind: str) -> str:
    if kind == "user":
        return _("No user representative takes part in the committee.")
    if kind == "gp":
        return _("No GP takes part in the committee.")
    return _("No one of the kind “%(kind)s” takes part in the committee.") % {
        "kind": RepresentativeKind(kind).label
    }


def _check_principles(
    out: _Collector,
    memberships: Sequence[Membership],
    seats: dict[int, Seat],
    principles: Iterable[rule_files.PrincipleRule],
) -> None:
    taking_part = {
        seats[m.seat_id].representative_kind
        for m in memberships
        if m.role != Membership.Role.DEPUTY and m.seat_id in seats
    }
    for principle in principles:
        out.rule(principle.key, principle.text)
        for kind in principle.representatives:
            if kind not in taking_part:
                out.add(principle.key, PRINCIPLE, _principle_message(kind))


@dataclass(frozen=True)
class Leader:
    """A current chair or deputy chair, for the seats that the committees' leaders hold."""

    person_id: int
    role: str
    committee_slug: str
    committee_name: str
    area_id: int | None
    level_slug: str


def _check_sector(
    out: _Collector,
    memberships: Sequence[Membership],
    seats: dict[int, Seat],
    rules: rule_files.CommitteeRules,
    responsible: Sequence[tuple[int, str]],
) -> None:
    """Members of a sector-responsibility seat come from the organisations that run the local
    hospitals of the committee's area. ``responsible`` holds (organisation pk, name)."""
    allowed = {pk for pk, _name in responsible}
    names = ", ".join(name for _pk, name in responsible) or _("none found in the data")
    for membership in memberships:
        seat = seats.get(membership.seat_id)
        rule = rules.rule(seat.rule_key) if seat is not None else None
        if rule is None or not rule.sector_responsibility:
            continue
        if membership.on_behalf_of_id not in allowed:
            out.add(
                seat.rule_key,
                OUTSIDE_SECTOR,
                _(
                    "%(person)s represents %(organisation)s, which runs none of the local "
                    "hospitals of the area's municipalities (responsible: %(responsible)s)."
                )
                % {
                    "person": membership.person.full_name,
                    "organisation": membership.on_behalf_of,
                    "responsible": names,
                },
                seat,
            )


def _check_leaders(
    out: _Collector,
    memberships: Sequence[Membership],
    seats: dict[int, Seat],
    rules: rule_files.CommitteeRules,
    leaders: Sequence[Leader],
) -> None:
    """The seats that the chairs of other committees hold: a holder who does not chair (or
    deputy-chair) that committee is flagged."""
    for membership in memberships:
        seat = seats.get(membership.seat_id)
        rule = rules.rule(seat.rule_key) if seat is not None else None
        if rule is None or rule.leaders_of is None or membership.role == Membership.Role.DEPUTY:
            continue
        if rule.leaders_of == "area":
            targets = [
                lead
                for lead in leaders
                if lead.area_id is not None
                and lead.area_id == seat.area_id
                and lead.level_slug == "omradeutval"
            ]
        else:
            targets = [lead for lead in leaders if lead.committee_slug == rule.leaders_of]
        holds = any(
            lead.person_id == membership.person_id and lead.role in rule.leader_roles
            for lead in targets
        )
        if not holds:
            out.add(
                seat.rule_key,
                NOT_THE_LEADER,
                _(
                    "%(person)s holds the seat “%(seat)s” but does not lead the committee "
                    "it belongs to."
                )
                % {"person": membership.person.full_name, "seat": seat.label},
                seat,
            )


def _check_advice(
    out: _Collector,
    memberships: Sequence[Membership],
    seats: dict[int, Seat],
    advice: Iterable[rule_files.AdviceRule],
) -> None:
    for item in advice:
        out.rule(item.key, item.text)
        out.advisory.add(item.key)
        titles = [t.lower() for t in item.titles]
        found = any(
            any(t in (m.person.title or "").lower() for t in titles)
            for m in memberships
            if m.seat_id in seats
            and seats[m.seat_id].representative_kind == item.representative
            and m.role != Membership.Role.DEPUTY
        )
        if not found:
            out.add(
                item.key,
                ADVICE,
                _("None of the members of this kind has the title %(titles)s.")
                % {"titles": _(" or ").join(item.titles)},
                severity=WARNING,
            )


def evaluate(
    committee: Committee,
    *,
    seats: Sequence[Seat],
    memberships: Sequence[Membership],
    rules: rule_files.CommitteeRules | None,
    principles: rule_files.Principles,
    on: datetime.date,
    responsible: Sequence[tuple[int, str]] = (),
    leaders: Sequence[Leader] = (),
) -> list[RuleResult]:
    """Check one committee. ``memberships`` are its current memberships on ``on``;
    ``principles`` those that apply to the committee's level. Reads no database as long as
    the seats' eligible organisations and the memberships' person and organisation are
    loaded."""
    if not principles.in_force(on):
        return []  # the rules took effect later: nothing to check the day against
    out = _Collector(committee)
    for rule in rules.rules if rules else ():
        out.rule(rule.key, rule.text)
    # Seats whose rule is gone from the file (or a committee without a file) still get
    # checked, under their own label.
    for seat in seats:
        out.rule(seat.rule_key, seat.label)
    by_seat: dict[int, list[Membership]] = defaultdict(list)
    for membership in memberships:
        by_seat[membership.seat_id].append(membership)
    seats_by_id = {seat.pk: seat for seat in seats}
    for seat in seats:
        _check_seat(out, seat, by_seat[seat.pk])
    _check_roles(out, memberships, seats_by_id, rules.roles if rules else ())
    _check_roles(out, memberships, seats_by_id, principles.roles)
    _check_principles(out, memberships, seats_by_id, principles.principles)
    _check_terms(out, memberships, seats_by_id, principles.terms, on)
    if rules is not None:
        _check_sector(out, memberships, seats_by_id, rules, responsible)
        _check_leaders(out, memberships, seats_by_id, rules, leaders)
        _check_advice(out, memberships, seats_by_id, rules.advice)
    return out.results()


def _responsible(committees: Sequence[Committee], on: datetime.date) -> dict[int, list]:
    """Area pk → (organisation pk, name) of the organisations running the local hospitals of
    the area's municipalities on ``on``. Two queries."""
    area_ids = {c.area_id for c in committees if c.area_id is not None}
    if not area_ids:
        return {}
    hospitals_by_area: dict[int, list[str]] = defaultdict(list)
    for area_id, local in (
        Organisation.objects.existing_on(on)
        .filter(area_id__in=area_ids, kind=Organisation.Kind.MUNICIPALITY)
        .values_list("area_id", "local_hospital")
    ):
        hospitals_by_area[area_id].append(local.lower())
    runners = [
        (o.pk, o.name, [h.lower() for h in o.hospital_names()])
        for o in Organisation.objects.existing_on(on).exclude(hospitals="")
    ]
    return {
        area_id: [
            (pk, name)
            for pk, name, names in runners
            if any(h in local for h in names for local in hospitals_by_area[area_id])
        ]
        for area_id in area_ids
    }


def _leaders(on: datetime.date) -> list[Leader]:
    return [
        Leader(
            person_id=m.person_id,
            role=m.role,
            committee_slug=m.seat.committee.slug,
            committee_name=m.seat.committee.name,
            area_id=m.seat.committee.area_id,
            level_slug=m.seat.committee.level.slug,
        )
        for m in Membership.objects.current(on)
        .filter(role__in=[Membership.Role.CHAIR, Membership.Role.DEPUTY_CHAIR])
        .select_related("seat__committee__level")
    ]


def _seats_prefetch() -> Prefetch:
    return Prefetch("seats", queryset=Seat.objects.prefetch_related("eligible_organisations"))


def _current_memberships(committees: Sequence[Committee], on: datetime.date):
    found: dict[int, list[Membership]] = defaultdict(list)
    memberships = (
        Membership.objects.current(on)
        .filter(seat__committee__in=[c.pk for c in committees])
        .select_related("person", "on_behalf_of", "seat")
        .order_by("seat__order", "start", "pk")
    )
    for membership in memberships:
        found[membership.seat.committee_id].append(membership)
    return found


def _rules_for(
    committee: Committee, rules_directory: Path | None
) -> rule_files.CommitteeRules | None:
    if not committee.rule_file:
        return None
    return rule_files.committee_rules_load(committee.rule_file, rules_directory)


def check_committee(
    committee: Committee, *, on: datetime.date | None = None, rules_directory: Path | None = None
) -> list[RuleResult]:
    """Every rule of the committee (its own file and the principles of its level), each with
    its violations on ``on`` (today by default). Four queries, whatever the size."""
    on = on or timezone.localdate()
    seats = list(
        Seat.objects.filter(committee=committee).prefetch_related("eligible_organisations")
    )
    memberships = _current_memberships([committee], on)[committee.pk]
    level_slug = committee.level.slug
    rules = _rules_for(committee, rules_directory)
    needs_leaders = rules is not None and any(r.leaders_of for r in rules.rules)
    return evaluate(
        committee,
        seats=seats,
        memberships=memberships,
        rules=rules,
        principles=rule_files.principles_load(rules_directory).for_level(level_slug),
        on=on,
        responsible=_responsible([committee], on).get(committee.area_id, ()),
        leaders=_leaders(on) if needs_leaders else (),
    )


def check_structure(
    *,
    on: datetime.date | None = None,
    committee: str | None = None,
    rules_directory: Path | None = None,
    include_warnings: bool = False,
) -> list[Violation]:
    """Every violation in every committee that exists on ``on`` (or in the one whose slug is
    ``committee``), in the order of the levels and committees; with ``include_warnings`` the
    advisory findings too (their ``severity`` is ``WARNING``)."""
    on = on or timezone.localdate()
    committees = (
        Committee.objects.filter(standing=True)
        .existing_on(on)
        .select_related("level")
        .prefetch_related(_seats_prefetch())
    )
    if committee is not None:
        committees = committees.filter(slug=committee)
    committees = list(committees)
    memberships = _current_memberships(committees, on)
    principles = rule_files.principles_load(rules_directory)
    responsible = _responsible(committees, on)
    leaders = _leaders(on)
    violations: list[Violation] = []
    for item in committees:
        results = evaluate(
            item,
            seats=list(item.seats.all()),
            memberships=memberships[item.pk],
            rules=_rules_for(item, rules_directory),
            principles=principles.for_level(item.level.slug),
            on=on,
            responsible=responsible.get(item.area_id, ()),
            leaders=leaders,
        )
        for result in results:
            violations += result.violations
            if include_warnings:
                violations += result.warnings
    return violations


def rules_broken_by_ending(
    committee: Committee, *, ended_on: datetime.date, rules_directory: Path | None = None
) -> list[Violation]:
    """The violations of the rules the committee meets the day before ``ended_on`` and
    breaks on it (a membership's ``ended_on`` is its first day out): what ending it breaks."""
    before = check_committee(
        committee, on=ended_on - datetime.timedelta(days=1), rules_directory=rules_directory
    )
    met = {result.key for result in before if result.ok}
    after = check_committee(committee, on=ended_on, rules_directory=rules_directory)
    return [v for result in after if result.key in met for v in result.violations]
