"""Composition rule files: read them strictly and expand them into seats.

Each committee has one TOML file in ``rules/`` (named by ``Committee.rule_file``); level-wide
rules are in ``rules/principles.toml``. The format is described in docs/structure-rules.md.
Reading is strict: an unknown key, a bad count or an unknown organisation is an error that
names the file and the key, so a typo never silently changes a committee's composition.

Parsing is pure (file → dataclasses); expanding into seats needs the dataset's areas and
organisations, which the caller passes in as plain values.
"""

import datetime
import functools
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from .models import Membership, RepresentativeKind, Side

RULES_DIR = Path(__file__).resolve().parent / "rules"
PRINCIPLES_FILE = "principles.toml"
PER_CHOICES = ("area", "municipality", "party")
ROLE_CHOICES = (Membership.Role.CHAIR.value, Membership.Role.DEPUTY_CHAIR.value)
# A seat with no upper bound («minimum 1 fastlege») stores the largest count a seat can hold.
UNBOUNDED = 32767


class RuleFileError(ValueError):
    """A rule file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class SeatRule:
    key: str
    label: str
    side: str
    organisation: str | None
    organisations: tuple[str, ...]
    min: int
    max: int


@dataclass(frozen=True)
class Rule:
    key: str
    text: str
    label: str
    representative: str
    side: str
    observer: bool
    per: str | None
    organisation: str | None
    organisations: tuple[str, ...]
    min: int
    max: int
    exceptions: Mapping[str, int]
    seats: tuple[SeatRule, ...]
    # The members must come from the organisations that run the local hospitals of the
    # committee's area (seed 001: «i tråd med sektoransvaret for hvert utvalgsområde»).
    sector_responsibility: bool = False
    # The seat is held by whoever holds ``leader_roles`` in ``leaders_of`` (a committee slug,
    # or "area" for the area committee of the seat's area).
    leaders_of: str | None = None
    leader_roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class AdviceRule:
    """Something the source asks to strive for («Det skal tilstrebes …»): when it is not met
    the checker gives a warning, not a violation."""

    key: str
    text: str
    representative: str
    titles: tuple[str, ...]


@dataclass(frozen=True)
class RoleRule:
    key: str
    text: str
    role: str
    side: str | None
    levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class TermRule:
    key: str
    text: str
    years: int
    levels: tuple[str, ...]


@dataclass(frozen=True)
class PrincipleRule:
    key: str
    text: str
    representatives: tuple[str, ...]
    levels: tuple[str, ...]


@dataclass(frozen=True)
class CommitteeRules:
    file: str
    committee: str
    source: str
    rules: tuple[Rule, ...]
    roles: tuple[RoleRule, ...] = ()
    advice: tuple[AdviceRule, ...] = ()

    def rule(self, rule_key: str) -> Rule | None:
        for rule in self.rules:
            if rule.key == rule_key:
                return rule
        return None

    def text_of(self, rule_key: str) -> str | None:
        for rule in self.rules:
            if rule.key == rule_key:
                return rule.text
        return None


@dataclass(frozen=True)
class Principles:
    file: str
    principles: tuple[PrincipleRule, ...] = ()
    terms: tuple[TermRule, ...] = ()
    roles: tuple[RoleRule, ...] = ()
    # The day the rules (these and every committee's rule file) took effect: a check of an
    # earlier day has no rules to apply.
    in_force_from: datetime.date | None = None

    def in_force(self, on: datetime.date) -> bool:
        return self.in_force_from is None or on >= self.in_force_from

    def for_level(self, level_slug: str) -> "Principles":
        return Principles(
            file=self.file,
            in_force_from=self.in_force_from,
            principles=tuple(p for p in self.principles if level_slug in p.levels),
            terms=tuple(t for t in self.terms if level_slug in t.levels),
            roles=tuple(r for r in self.roles if level_slug in r.levels),
        )


@dataclass(frozen=True)
class AreaRef:
    slug: str
    name: str


@dataclass(frozen=True)
class OrganisationRef:
    slug: str
    name: str
    kind: str
    is_party: bool = False
    area: str | None = None


@dataclass(frozen=True)
class SeatSpec:
    """One ``Seat`` row to create or update."""

    key: str
    rule_key: str
    label: str
    representative_kind: str
    side: str
    may_decide: bool
    min_members: int
    max_members: int
    order: int
    organisation: str | None = None
    area: str | None = None
    eligible_organisations: tuple[str, ...] = field(default=())


# --- reading --------------------------------------------------------------------------------


class _Reader:
    """Checks one file's tables and values, raising errors that say where."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, where: str, problem: str) -> RuleFileError:
        return RuleFileError(f"{self.file}: {where}: {problem}")

    def table(
        self, data: Any, where: str, *, required: Sequence[str], optional: Sequence[str]
    ) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(where, _("expected a table"))
        for name in data:
            if name not in required and name not in optional:
                raise self.fail(f"{where}.{name}" if where else name, _("unknown key"))
        for name in required:
            if name not in data:
                raise self.fail(f"{where}.{name}" if where else name, _("missing"))
        return data

    def text(self, data: dict, name: str, where: str, default: str | None = None) -> str:
        value = data.get(name, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.{name}", _("expected a non-empty text"))
        return value.strip()

    def optional_text(self, data: dict, name: str, where: str) -> str | None:
        if name not in data:
            return None
        return self.text(data, name, where)

    def choice(self, data: dict, name: str, where: str, choices: Sequence[str], default=None):
        value = data.get(name, default)
        if value is None:
            return None
        if value not in choices:
            raise self.fail(
                f"{where}.{name}",
                _("“%(value)s” is not one of: %(choices)s")
                % {"value": value, "choices": ", ".join(choices)},
            )
        return value

    def boolean(self, data: dict, name: str, where: str) -> bool:
        value = data.get(name, False)
        if not isinstance(value, bool):
            raise self.fail(f"{where}.{name}", _("expected true or false"))
        return value

    def slugs(self, data: dict, name: str, where: str) -> tuple[str, ...]:
        value = data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(f"{where}.{name}", _("expected a list of texts"))
        return tuple(value)

    def counts(self, data: dict, where: str, default: tuple[int, int]) -> tuple[int, int]:
        """``count`` sets both bounds; ``min``/``max`` set them one by one; ``max = "open"``
        sets no upper bound."""
        if data.get("max") == "open":
            if "count" in data:
                raise self.fail(f"{where}.count", _("give either count or min/max, not both"))
            low = data.get("min", default[0])
            if isinstance(low, bool) or not isinstance(low, int) or low < 1:
                raise self.fail(f"{where}.min", _("an open seat needs min = 1 or more"))
            return low, UNBOUNDED
        for name in ("count", "min", "max"):
            value = data.get(name)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or value < 0
            ):
                raise self.fail(f"{where}.{name}", _("expected a whole number, 0 or more"))
        if "count" in data and ("min" in data or "max" in data):
            raise self.fail(f"{where}.count", _("give either count or min/max, not both"))
        if "count" in data:
            low = high = data["count"]
        else:
            low, high = data.get("min", default[0]), data.get("max", default[1])
        if high < 1:
            raise self.fail(f"{where}.max", _("a seat holds at least one member"))
        if low > high:
            raise self.fail(
                f"{where}.min",
                _("min (%(min)s) is larger than max (%(max)s)") % {"min": low, "max": high},
            )
        return low, high

    def items(self, data: dict, name: str, where: str) -> list[dict]:
        value = data.get(name, [])
        if not isinstance(value, list):
            raise self.fail(f"{where}{name}", _("expected a list of tables ([[%s]])") % name)
        return value

    def unique(self, keys: list[str], where: str) -> None:
        seen: set[str] = set()
        for key in keys:
            if key in seen:
                raise self.fail(where, _("the key “%(key)s” is used twice") % {"key": key})
            seen.add(key)


_REPRESENTATIVES = tuple(RepresentativeKind.values)
_SIDES = tuple(Side.values)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise RuleFileError(f"{path.name}: {_('the file does not exist')}") from None
    except tomllib.TOMLDecodeError as error:
        raise RuleFileError(f"{path.name}: {_('not valid TOML')}: {error}") from None


def _parse_role(reader: _Reader, data: Any, where: str, *, with_levels: bool) -> RoleRule:
    required = ["key", "text", "role"] + (["levels"] if with_levels else [])
    reader.table(data, where, required=required, optional=["side"])
    return RoleRule(
        key=reader.text(data, "key", where),
        text=reader.text(data, "text", where),
        role=reader.choice(data, "role", where, ROLE_CHOICES),
        side=reader.choice(data, "side", where, _SIDES),
        levels=reader.slugs(data, "levels", where) if with_levels else (),
    )


def parse_committee_rules(path: Path) -> CommitteeRules:
    """Read one committee's rule file; raise ``RuleFileError`` on anything unexpected."""
    reader = _Reader(path.name)
    data = reader.table(
        _read_toml(path),
        "",
        required=["committee", "rules"],
        optional=["source", "roles", "advice"],
    )
    rules = []
    for index, item in enumerate(reader.items(data, "rules", ""), start=1):
        where = f"rules[{index}]"
        reader.table(
            item,
            where,
            required=["key", "text", "representative"],
            optional=[
                "label",
                "side",
                "observer",
                "per",
                "organisation",
                "organisations",
                "count",
                "min",
                "max",
                "exceptions",
                "seats",
                "sector_responsibility",
                "leaders_of",
                "leader_roles",
            ],
        )
        key = reader.text(item, "key", where)
        where = f"rules[{index}] ({key})"
        low, high = reader.counts(item, where, (1, 1))
        side = reader.choice(item, "side", where, _SIDES, default=Side.NEITHER.value)
        exceptions = item.get("exceptions", {})
        if not isinstance(exceptions, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in exceptions.values()
        ):
            raise reader.fail(
                f"{where}.exceptions", _("expected a table of names and whole numbers, 1 or more")
            )
        per = reader.choice(item, "per", where, PER_CHOICES)
        if exceptions and per is None:
            raise reader.fail(f"{where}.exceptions", _("exceptions need per = area/municipality"))
        for name, maximum in exceptions.items():
            if maximum < low:
                raise reader.fail(
                    f"{where}.exceptions.{name}",
                    _("the exception (%(max)s) is smaller than min (%(min)s)")
                    % {"max": maximum, "min": low},
                )
        seats = []
        seat_items = reader.items(item, "seats", f"{where}.")
        if seat_items and per is not None:
            raise reader.fail(f"{where}.seats", _("give either per or seats, not both"))
        for seat_index, seat_item in enumerate(seat_items, start=1):
            seat_where = f"{where}.seats[{seat_index}]"
            reader.table(
                seat_item,
                seat_where,
                required=["key", "label"],
                optional=["side", "organisation", "organisations", "count", "min", "max"],
            )
            seat_low, seat_high = reader.counts(seat_item, seat_where, (low, high))
            seats.append(
                SeatRule(
                    key=reader.text(seat_item, "key", seat_where),
                    label=reader.text(seat_item, "label", seat_where),
                    side=reader.choice(seat_item, "side", seat_where, _SIDES, default=side),
                    organisation=reader.optional_text(seat_item, "organisation", seat_where),
                    organisations=reader.slugs(seat_item, "organisations", seat_where),
                    min=seat_low,
                    max=seat_high,
                )
            )
        reader.unique([seat.key for seat in seats], f"{where}.seats")
        if not seats and "label" not in item:
            raise reader.fail(f"{where}.label", _("missing (needed when the rule has no seats)"))
        rules.append(
            Rule(
                key=key,
                text=reader.text(item, "text", where),
                label=item.get("label", "") and reader.text(item, "label", where),
                representative=reader.choice(item, "representative", where, _REPRESENTATIVES),
                side=side,
                observer=reader.boolean(item, "observer", where),
                per=per,
                organisation=reader.optional_text(item, "organisation", where),
                organisations=reader.slugs(item, "organisations", where),
                min=low,
                max=high,
                exceptions=dict(exceptions),
                seats=tuple(seats),
                sector_responsibility=reader.boolean(item, "sector_responsibility", where),
                leaders_of=reader.optional_text(item, "leaders_of", where),
                leader_roles=_leader_roles(reader, item, where),
            )
        )
    if not rules:
        raise reader.fail("rules", _("the file has no rules"))
    reader.unique([rule.key for rule in rules], "rules")
    roles = [
        _parse_role(reader, item, f"roles[{index}]", with_levels=False)
        for index, item in enumerate(reader.items(data, "roles", ""), start=1)
    ]
    reader.unique([role.key for role in roles], "roles")
    advice = []
    for index, item in enumerate(reader.items(data, "advice", ""), start=1):
        where = f"advice[{index}]"
        reader.table(item, where, required=["key", "text", "representative", "titles"], optional=[])
        titles = reader.slugs(item, "titles", where)
        if not titles:
            raise reader.fail(f"{where}.titles", _("name at least one title"))
        advice.append(
            AdviceRule(
                key=reader.text(item, "key", where),
                text=reader.text(item, "text", where),
                representative=reader.choice(item, "representative", where, _REPRESENTATIVES),
                titles=titles,
            )
        )
    reader.unique([rule.key for rule in rules] + [a.key for a in advice], "advice")
    return CommitteeRules(
        file=path.name,
        committee=reader.text(data, "committee", ""),
        source=data.get("source", ""),
        rules=tuple(rules),
        roles=tuple(roles),
        advice=tuple(advice),
    )


def _leader_roles(reader: _Reader, item: dict, where: str) -> tuple[str, ...]:
    roles = reader.slugs(item, "leader_roles", where)
    for role in roles:
        if role not in ROLE_CHOICES:
            raise reader.fail(
                f"{where}.leader_roles",
                _("“%(value)s” is not one of: %(choices)s")
                % {"value": role, "choices": ", ".join(ROLE_CHOICES)},
            )
    if bool(roles) != ("leaders_of" in item):
        raise reader.fail(f"{where}.leaders_of", _("give leaders_of and leader_roles together"))
    return roles


def parse_principles(path: Path, *, levels: Sequence[str] | None = None) -> Principles:
    """Read the level-wide principles; ``levels`` (the known level slugs) checks their names."""
    reader = _Reader(path.name)
    data = reader.table(
        _read_toml(path),
        "",
        required=[],
        optional=["source", "in_force_from", "principles", "terms", "roles"],
    )
    in_force_from = data.get("in_force_from")
    if in_force_from is not None and (
        not isinstance(in_force_from, datetime.date) or isinstance(in_force_from, datetime.datetime)
    ):
        raise reader.fail("in_force_from", _("expected a date (YYYY-MM-DD)"))

    def checked_levels(item: dict, where: str) -> tuple[str, ...]:
        names = reader.slugs(item, "levels", where)
        if not names:
            raise reader.fail(f"{where}.levels", _("name at least one level"))
        for name in names:
            if levels is not None and name not in levels:
                raise reader.fail(f"{where}.levels", _("unknown level “%(name)s”") % {"name": name})
        return names

    principles = []
    for index, item in enumerate(reader.items(data, "principles", ""), start=1):
        where = f"principles[{index}]"
        reader.table(
            item, where, required=["key", "text", "levels", "representatives"], optional=[]
        )
        kinds = reader.slugs(item, "representatives", where)
        for kind in kinds:
            if kind not in _REPRESENTATIVES:
                raise reader.fail(
                    f"{where}.representatives",
                    _("“%(value)s” is not one of: %(choices)s")
                    % {"value": kind, "choices": ", ".join(_REPRESENTATIVES)},
                )
        principles.append(
            PrincipleRule(
                key=reader.text(item, "key", where),
                text=reader.text(item, "text", where),
                representatives=kinds,
                levels=checked_levels(item, where),
            )
        )
    terms = []
    for index, item in enumerate(reader.items(data, "terms", ""), start=1):
        where = f"terms[{index}]"
        reader.table(item, where, required=["key", "text", "levels", "years"], optional=[])
        years = item["years"]
        if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 20:
            raise reader.fail(f"{where}.years", _("expected a whole number of years, 1 to 20"))
        terms.append(
            TermRule(
                key=reader.text(item, "key", where),
                text=reader.text(item, "text", where),
                years=years,
                levels=checked_levels(item, where),
            )
        )
    roles = []
    for index, item in enumerate(reader.items(data, "roles", ""), start=1):
        role = _parse_role(reader, item, f"roles[{index}]", with_levels=True)
        checked_levels(item, f"roles[{index}]")
        roles.append(role)
    reader.unique([p.key for p in principles] + [t.key for t in terms] + [r.key for r in roles], "")
    return Principles(
        file=path.name,
        principles=tuple(principles),
        terms=tuple(terms),
        roles=tuple(roles),
        in_force_from=in_force_from,
    )


@functools.lru_cache(maxsize=64)
def _cached_committee_rules(path: Path, mtime: float) -> CommitteeRules:
    return parse_committee_rules(path)


@functools.lru_cache(maxsize=8)
def _cached_principles(path: Path, mtime: float) -> Principles:
    return parse_principles(path)


def committee_rules_load(file: str, directory: Path | None = None) -> CommitteeRules:
    """The parsed rule file, read again only when it changes on disk."""
    path = (directory or RULES_DIR) / file
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        raise RuleFileError(f"{file}: {_('the file does not exist')}") from None
    return _cached_committee_rules(path, mtime)


def principles_load(directory: Path | None = None) -> Principles:
    path = (directory or RULES_DIR) / PRINCIPLES_FILE
    if not path.exists():
        return Principles(file=PRINCIPLES_FILE)
    return _cached_principles(path, path.stat().st_mtime)


# --- expanding into seats -------------------------------------------------------------------


def expand_seats(
    rules: CommitteeRules,
    *,
    committee_area: str | None,
    areas: Sequence[AreaRef],
    organisations: Mapping[str, OrganisationRef],
) -> list[SeatSpec]:
    """The seats a committee's rules describe. ``organisations`` maps slug → organisation and
    must hold every organisation of the dataset (municipalities included)."""
    reader = _Reader(rules.file)
    municipalities = [o for o in organisations.values() if o.kind == "municipality"]
    specs: list[SeatSpec] = []

    def known(slug: str | None, where: str) -> str | None:
        if slug is not None and slug not in organisations:
            raise reader.fail(where, _("unknown organisation “%(slug)s”") % {"slug": slug})
        return slug

    for index, rule in enumerate(rules.rules, start=1):
        where = f"rules[{index}] ({rule.key})"
        known(rule.organisation, f"{where}.organisation")
        for slug in rule.organisations:
            known(slug, f"{where}.organisations")
        base = {
            "rule_key": rule.key,
            "representative_kind": rule.representative,
            "may_decide": not rule.observer,
        }
        if rule.per == "area":
            targets = [(area.slug, area.name, None, area.slug) for area in areas]
            valid = {area.slug for area in areas}
        elif rule.per == "municipality":
            if committee_area is None:
                raise reader.fail(
                    f"{where}.per", _("per = municipality needs a committee with an area")
                )
            targets = [
                (o.slug, o.name, o.slug, committee_area)
                for o in municipalities
                if o.area == committee_area
            ]
            valid = {o.slug for o in municipalities}
        elif rule.per == "party":
            targets = [(o.slug, o.name, o.slug, None) for o in organisations.values() if o.is_party]
            valid = {o.slug for o in organisations.values() if o.is_party}
        else:
            targets, valid = [], set()
        for name in rule.exceptions:
            if name not in valid:
                raise reader.fail(
                    f"{where}.exceptions.{name}",
                    _("“%(name)s” is not a known %(per)s") % {"name": name, "per": rule.per},
                )
        if rule.per is not None:
            for slug, name, organisation, area in targets:
                specs.append(
                    SeatSpec(
                        key=f"{rule.key}-{slug}",
                        label=f"{rule.label} – {name}" if rule.per != "party" else name,
                        side=rule.side,
                        min_members=rule.min,
                        max_members=rule.exceptions.get(slug, rule.max),
                        order=len(specs) + 1,
                        organisation=organisation or rule.organisation,
                        area=area,
                        eligible_organisations=rule.organisations,
                        **base,
                    )
                )
        elif rule.seats:
            for seat_index, seat in enumerate(rule.seats, start=1):
                seat_where = f"{where}.seats[{seat_index}]"
                known(seat.organisation, f"{seat_where}.organisation")
                for slug in seat.organisations:
                    known(slug, f"{seat_where}.organisations")
                specs.append(
                    SeatSpec(
                        key=f"{rule.key}-{seat.key}",
                        label=seat.label,
                        side=seat.side,
                        min_members=seat.min,
                        max_members=seat.max,
                        order=len(specs) + 1,
                        organisation=seat.organisation or rule.organisation,
                        eligible_organisations=seat.organisations or rule.organisations,
                        **base,
                    )
                )
        else:
            specs.append(
                SeatSpec(
                    key=rule.key,
                    label=rule.label,
                    side=rule.side,
                    min_members=rule.min,
                    max_members=rule.max,
                    order=len(specs) + 1,
                    organisation=rule.organisation,
                    eligible_organisations=rule.organisations,
                    **base,
                )
            )
    return specs
