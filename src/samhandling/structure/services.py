"""Workflows that change the structure: loading the dataset and the rule files, and adding
and ending memberships. Each runs in one transaction and writes audit entries."""

import csv
import datetime
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samhandling.core.actor import Actor
from samhandling.core.audit import audit_changes, audit_record

from . import rules as rule_files
from .models import Area, Committee, Level, Membership, Organisation, Person, Seat, Side

DATA_DIR = Path(__file__).resolve().parent / "data"
DATASET_FILE = "dataset.toml"
MUNICIPALITIES_FILE = "municipalities.csv"


_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "ü": "u"})


def norwegian_slug(text: str) -> str:
    """A URL slug that keeps Norwegian letters readable (Øygarden → oygarden)."""
    cleaned = text.lower().translate(_NORWEGIAN_LETTERS)
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in cleaned).split()
    return "-".join(words)


class DatasetError(ValueError):
    """The dataset files cannot be loaded; the message names the file and the place."""


def _read_dataset(directory: Path) -> dict[str, Any]:
    path = directory / DATASET_FILE
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (FileNotFoundError, tomllib.TOMLDecodeError) as error:
        raise DatasetError(f"{path.name}: {error}") from None


def _optional_date(row: dict[str, str], name: str, line: int) -> datetime.date | None:
    value = (row.get(name) or "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise DatasetError(
            f"{MUNICIPALITIES_FILE}, linje {line}: {name}: "
            + _("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": value}
        ) from None


def _read_municipalities(directory: Path) -> list[dict[str, str]]:
    path = directory / MUNICIPALITIES_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def dataset_load(directory: Path | None = None, rules_directory: Path | None = None) -> None:
    """Create or update areas, levels, organisations, committees and their seats from the data
    and rule files. Idempotent: running it again changes nothing; people, memberships and
    figures imported later (population) are kept."""
    directory = directory or DATA_DIR
    data = _read_dataset(directory)

    areas: dict[str, Area] = {}
    for item in data.get("areas", []):
        area, _created = Area.objects.update_or_create(
            slug=item["slug"], defaults={"name": item["name"], "order": item.get("order", 0)}
        )
        areas[area.slug] = area
    areas_by_name = {area.name: area for area in areas.values()}

    levels: dict[str, Level] = {}
    for item in data.get("levels", []):
        level, _created = Level.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "order": item.get("order", 0),
                "purpose": item.get("purpose", ""),
                "meetings_per_year": item.get("meetings_per_year"),
            },
        )
        levels[level.slug] = level

    rows = _read_municipalities(directory)
    for line, row in enumerate(rows, start=2):
        area = areas_by_name.get(row["area"])
        if area is None:
            raise DatasetError(
                f"{MUNICIPALITIES_FILE}, linje {line}: area: {_('unknown area')} «{row['area']}»"
            )
        valid_to = _optional_date(row, "valid_to", line)
        defaults = {
            "name": row["name"],
            "kind": Organisation.Kind.MUNICIPALITY,
            "is_party": True,
            "side": Side.MUNICIPAL,
            "area": area,
            "local_hospital": row["local_hospital"],
            "valid_from": _optional_date(row, "valid_from", line),
            "valid_to": valid_to,
            "previous_number": row.get("previous_number") or "",
            "previous_number_until": _optional_date(row, "previous_number_until", line),
        }
        existing = Organisation.objects.filter(municipality_number=row["municipality_number"])
        # A later population import is newer than the shipped figure: keep it.
        if (
            row.get("population")
            and not existing.filter(population_date__gt=row["population_date"]).exists()
        ):
            defaults |= {
                "population": int(row["population"]),
                "population_date": datetime.date.fromisoformat(row["population_date"]),
                "population_source": row["population_source"],
            }
        # A former municipality may share its name with today's (Voss, Øygarden).
        slug = norwegian_slug(row["name"])
        if valid_to is not None:
            slug = f"{slug}-{row['municipality_number']}"
        Organisation.objects.update_or_create(
            municipality_number=row["municipality_number"], defaults={**defaults, "slug": slug}
        )
    by_number = {
        o.municipality_number: o for o in Organisation.objects.exclude(municipality_number=None)
    }
    for line, row in enumerate(rows, start=2):
        successor = row.get("successor_number") or ""
        if successor and successor not in by_number:
            raise DatasetError(
                f"{MUNICIPALITIES_FILE}, linje {line}: successor_number: "
                + _("unknown “%(value)s”") % {"value": successor}
            )
        Organisation.objects.filter(municipality_number=row["municipality_number"]).update(
            successor=by_number[successor] if successor else None
        )

    for item in data.get("organisations", []):
        Organisation.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "short_name": item.get("short_name", ""),
                "kind": item["kind"],
                "is_party": item.get("is_party", False),
                "side": item.get("side", Side.NEITHER),
                "website": item.get("website", ""),
                "hospitals": ", ".join(item.get("hospitals", [])),
            },
        )

    committees: dict[str, Committee] = {}
    committee_slugs = {item.get("slug") for item in data.get("committees", [])}
    for index, item in enumerate(data.get("committees", []), start=1):
        for name, known in [
            ("level", levels),
            ("area", areas),
            ("reports_to", committee_slugs),
        ]:
            if item.get(name) is not None and item[name] not in known:
                raise DatasetError(
                    f"{DATASET_FILE}: committees[{index}].{name}: "
                    + _("unknown “%(value)s”") % {"value": item[name]}
                )
        committee, _created = Committee.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "short_name": item.get("short_name", ""),
                "level": levels[item["level"]],
                "area": areas[item["area"]] if item.get("area") else None,
                "mandate": item.get("mandate", ""),
                "rule_file": item.get("rule_file", ""),
                "order": item.get("order", 0),
                "valid_from": item.get("valid_from"),
                "valid_to": item.get("valid_to"),
                "source": item.get("source", ""),
            },
        )
        committees[committee.slug] = committee
    for index, item in enumerate(data.get("committees", []), start=1):
        reports_to = committees[item["reports_to"]] if item.get("reports_to") else None
        Committee.objects.filter(slug=item["slug"]).update(reports_to=reports_to)
        for slug in item.get("successors", []):
            if slug not in committees:
                raise DatasetError(
                    f"{DATASET_FILE}: committees[{index}].successors: "
                    + _("unknown “%(value)s”") % {"value": slug}
                )
        committees[item["slug"]].successors.set([committees[s] for s in item.get("successors", [])])

    rules_directory = rules_directory or rule_files.RULES_DIR
    # Read the principles now so that a bad level name fails the load, not a later check.
    if (rules_directory / rule_files.PRINCIPLES_FILE).exists():
        rule_files.parse_principles(
            rules_directory / rule_files.PRINCIPLES_FILE, levels=list(levels)
        )

    area_refs = [rule_files.AreaRef(slug=a.slug, name=a.name) for a in Area.objects.all()]
    # Seats are for today's organisations: a municipality merged away has none.
    organisations = {
        o.slug: o
        for o in Organisation.objects.filter(valid_to=None)
        .select_related("area")
        .order_by("municipality_number", "name")
    }
    organisation_refs = {
        o.slug: rule_files.OrganisationRef(
            slug=o.slug,
            name=o.name,
            kind=o.kind,
            is_party=o.is_party,
            area=o.area.slug if o.area else None,
        )
        for o in organisations.values()
    }
    for committee in committees.values():
        if committee.rule_file:
            _seats_sync(
                committee,
                rule_files.parse_committee_rules(rules_directory / committee.rule_file),
                area_refs=area_refs,
                organisations=organisations,
                organisation_refs=organisation_refs,
            )


def _seats_sync(
    committee: Committee,
    parsed: rule_files.CommitteeRules,
    *,
    area_refs: list[rule_files.AreaRef],
    organisations: dict[str, Organisation],
    organisation_refs: dict[str, rule_files.OrganisationRef],
) -> None:
    if parsed.committee != committee.slug:
        raise rule_files.RuleFileError(
            f"{parsed.file}: committee: "
            + _("the file is for “%(named)s”, not “%(slug)s”")
            % {"named": parsed.committee, "slug": committee.slug}
        )
    specs = rule_files.expand_seats(
        parsed,
        committee_area=committee.area.slug if committee.area else None,
        areas=area_refs,
        organisations=organisation_refs,
    )
    areas = {area.slug: area for area in Area.objects.all()}
    keys = []
    for spec in specs:
        seat, _created = Seat.objects.update_or_create(
            committee=committee,
            key=spec.key,
            defaults={
                "rule_key": spec.rule_key,
                "label": spec.label,
                "representative_kind": spec.representative_kind,
                "side": spec.side,
                "organisation": organisations[spec.organisation] if spec.organisation else None,
                "area": areas[spec.area] if spec.area else None,
                "may_decide": spec.may_decide,
                "min_members": spec.min_members,
                "max_members": spec.max_members,
                "order": spec.order,
            },
        )
        seat.eligible_organisations.set([organisations[s] for s in spec.eligible_organisations])
        keys.append(spec.key)
    # Seats the rules no longer describe go, unless someone has sat in them: history stays.
    Seat.objects.filter(committee=committee, memberships__isnull=True).exclude(
        key__in=keys
    ).delete()


def _membership_summary(membership: Membership) -> str:
    # Names only: the role is a code in the changes, so the entry reads in any language.
    return (
        f"{membership.person.full_name}: {membership.seat.committee.name}, {membership.seat.label}"
    )


def _overlap_problems(
    *,
    person: Person | None,
    seat: Seat | None,
    start: datetime.date | None,
    term_end: datetime.date | None,
) -> dict[str, list[str]]:
    if person is None or seat is None or start is None:
        return {}
    overlapping = Membership.objects.filter(person=person, seat=seat).exclude(ended_on__lte=start)
    if term_end is not None:
        overlapping = overlapping.filter(start__lt=term_end)
    if overlapping.exists():
        return {
            "person": [_("%(person)s already holds this seat in that period.") % {"person": person}]
        }
    return {}


def membership_problems(
    *,
    person: Person | None,
    seat: Seat | None,
    on_behalf_of: Organisation | None,
    role: str,
    start: datetime.date | None,
    term_end: datetime.date | None = None,
    deputy_for: Membership | None = None,
) -> dict[str, list[str]]:
    """Every rule a new membership breaks (``Membership.clean`` and overlap with the same
    person's other memberships of the seat), all at once; whatever is missing is skipped, so
    the form can show these next to its own "required" errors."""
    membership = Membership(
        person=person,
        seat=seat,
        on_behalf_of=on_behalf_of,
        role=role,
        start=start,
        term_end=term_end,
        deputy_for=deputy_for,
    )
    return _membership_errors(
        membership.clean, person=person, seat=seat, start=start, term_end=term_end
    )


def _membership_errors(
    clean: Callable[[], None],
    *,
    person: Person | None,
    seat: Seat | None,
    start: datetime.date | None,
    term_end: datetime.date | None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    try:
        clean()
    except ValidationError as error:
        errors = {field: list(messages) for field, messages in error.message_dict.items()}
    for field, messages in _overlap_problems(
        person=person, seat=seat, start=start, term_end=term_end
    ).items():
        errors.setdefault(field, []).extend(messages)
    return errors


@transaction.atomic
def membership_create(
    *,
    actor: Actor,
    person: Person,
    seat: Seat,
    on_behalf_of: Organisation,
    role: str,
    start: datetime.date,
    term_end: datetime.date | None = None,
    deputy_for: Membership | None = None,
) -> Membership:
    """Give a person a seat. Validates like the admin's forms (``Membership.clean``) and
    refuses a second overlapping membership of the same person in the same seat."""
    # Lock the seat so two people adding to it at once cannot both pass the overlap and
    # capacity checks (PostgreSQL; SQLite has taken its write lock at BEGIN).
    Seat.objects.select_for_update().filter(pk=seat.pk).first()
    membership = Membership(
        person=person,
        seat=seat,
        on_behalf_of=on_behalf_of,
        role=role,
        start=start,
        term_end=term_end,
        deputy_for=deputy_for,
    )
    errors = _membership_errors(
        membership.full_clean, person=person, seat=seat, start=start, term_end=term_end
    )
    if errors:
        raise ValidationError(errors)
    membership.save()
    audit_record(
        actor=actor,
        action="structure.membership_create",
        obj=membership,
        summary=_membership_summary(membership),
        changes=audit_changes(
            None,
            {
                "person": person.slug,
                "committee": seat.committee.slug,
                "seat": seat.key,
                "on_behalf_of": on_behalf_of.slug,
                "role": role,
                "start": start,
                "term_end": term_end,
                "deputy_for": deputy_for.pk if deputy_for else None,
            },
        ),
    )
    return membership


@transaction.atomic
def membership_end(*, actor: Actor, membership: Membership, ended_on: datetime.date) -> Membership:
    """Record that the person left the seat; the membership stays as history."""
    # Read it again, locked: the form may have been opened before someone else ended it.
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.ended_on is not None:
        raise ValidationError(
            {
                "ended_on": _("The membership already ended on %(date)s.")
                % {"date": membership.ended_on.strftime("%d.%m.%Y")}
            }
        )
    if ended_on < membership.start:
        raise ValidationError({"ended_on": _("The membership cannot end before it starts.")})
    before = membership.ended_on
    membership.ended_on = ended_on
    membership.full_clean()
    membership.save(update_fields=["ended_on"])
    audit_record(
        actor=actor,
        action="structure.membership_end",
        obj=membership,
        summary=_membership_summary(membership),
        changes=audit_changes({"ended_on": before}, {"ended_on": ended_on}),
    )
    return membership


@transaction.atomic
def membership_update(
    *,
    actor: Actor,
    membership: Membership,
    term_end: datetime.date | None,
    role: str,
    deputy_for: Membership | None = None,
) -> Membership:
    """Change a current membership's term end, role or the member a deputy stands in for:
    a renewed term is the same membership extended, not one ended and another added.
    Validated like every membership (``Membership.clean``, no overlap in the seat)."""
    if membership.ended_on is not None:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "The membership ended on %(date)s; add a new membership instead."
                )
                % {"date": membership.ended_on.strftime("%d.%m.%Y")}
            }
        )
    fields = ("term_end", "role", "deputy_for")
    before = {
        "term_end": membership.term_end,
        "role": membership.role,
        "deputy_for": membership.deputy_for_id,
    }
    membership.term_end, membership.role, membership.deputy_for = term_end, role, deputy_for
    errors: dict[str, list[str]] = {}
    try:
        membership.full_clean()
    except ValidationError as error:
        errors = {field: list(messages) for field, messages in error.message_dict.items()}
    overlapping = (
        Membership.objects.filter(person=membership.person, seat=membership.seat)
        .exclude(pk=membership.pk)
        .exclude(ended_on__lte=membership.start)
    )
    if term_end is not None:
        overlapping = overlapping.filter(start__lt=term_end)
    else:
        overlapping = overlapping.filter(start__gte=membership.start)
    if overlapping.exists():
        errors.setdefault("term_end", []).append(
            _("%(person)s already holds this seat in that period.") % {"person": membership.person}
        )
    if errors:
        membership.refresh_from_db()
        raise ValidationError(errors)
    membership.save(update_fields=list(fields))
    after = {
        "term_end": term_end,
        "role": role,
        "deputy_for": deputy_for.pk if deputy_for else None,
    }
    audit_record(
        actor=actor,
        action="structure.membership_update",
        obj=membership,
        summary=_membership_summary(membership),
        changes=audit_changes(before, after),
    )
    return membership
