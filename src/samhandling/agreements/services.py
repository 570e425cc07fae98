"""Workflows of the agreement register and the cost sharing: each is a keyword-only function
that changes one thing in a transaction and writes it to the audit log."""

import datetime
import tomllib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samhandling.cases.models import Case, Recommendation
from samhandling.core.actor import Actor
from samhandling.core.audit import audit_record
from samhandling.projects.models import Project
from samhandling.structure.models import Organisation

from .allocation import AllocationError, Rule
from .calculation import AllocationResult, allocation_compute, error_message
from .models import (
    Agreement,
    Allocation,
    AllocationLine,
    Budget,
    CostElement,
    CostKey,
    EnteredShare,
    Point,
    PointLink,
    Review,
    Version,
)

KEYS_DIR = Path(__file__).parent / "keys"


def _changes(obj, fields: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Set ``fields`` on ``obj`` and return what changed, as text for the audit log."""
    changes = {}
    for name, value in fields.items():
        # An unsaved row has no related object yet (Django raises an AttributeError).
        old = getattr(obj, name, None)
        if old != value:
            changes[name] = {"from": str(old), "to": str(value)}
            setattr(obj, name, value)
    return changes


def _set_m2m(obj, name: str, values: Iterable, changes: dict) -> None:
    manager = getattr(obj, name)
    before = sorted(o.slug for o in manager.all())
    values = list(values)
    manager.set(values)
    after = sorted(o.slug for o in values)
    if before != after:
        changes[name] = {"from": before, "to": after}


def _full_clean_save(obj, exclude: Iterable[str] = ()) -> None:
    obj.full_clean(exclude=list(exclude))
    obj.save()


# --- cost keys ----------------------------------------------------------------------------


def _read_key_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ValidationError(f"{path.name}: {error}") from None
    missing = [name for name in ("slug", "name", "kind") if not data.get(name)]
    if missing:
        raise ValidationError(
            _("%(file)s: missing %(fields)s") % {"file": path.name, "fields": ", ".join(missing)}
        )
    try:
        rule = Rule.from_data(data)
    except AllocationError as error:
        raise ValidationError(f"{path.name}: {error_message(error)}") from None
    return {
        "slug": data["slug"],
        "version": int(data.get("version", 1)),
        "name": data["name"],
        "description": data.get("description", "").strip(),
        "source": data.get("source", ""),
        "rule": rule.as_data(),
        "file": path.name,
    }


@transaction.atomic
def cost_keys_load(*, actor: Actor | None, directory: Path = KEYS_DIR) -> list[CostKey]:
    """Create or update the keys from the files in ``directory``. Every file is read before
    anything is written, so a bad file changes nothing. A key's rule cannot change once a
    budget uses it: raise its ``version`` instead."""
    entries = [_read_key_file(path) for path in sorted(directory.glob("*.toml"))]
    seen = set()
    for entry in entries:
        identity = (entry["slug"], entry["version"])
        if identity in seen:
            raise ValidationError(
                _("Key %(slug)s version %(version)d is defined twice.")
                % {"slug": entry["slug"], "version": entry["version"]}
            )
        seen.add(identity)
    keys = []
    for entry in entries:
        key = CostKey.objects.filter(slug=entry["slug"], version=entry["version"]).first()
        if key is None:
            key = CostKey.objects.create(**entry)
            audit_record(actor=actor, action="cost_key.create", obj=key, summary=str(key))
        else:
            if key.rule != entry["rule"] and key.budgets.exists():
                raise ValidationError(
                    _(
                        "%(file)s: the rule of %(key)s is used by budgets and cannot change; "
                        "raise its version instead."
                    )
                    % {"file": entry["file"], "key": key}
                )
            changes = _changes(
                key, {k: v for k, v in entry.items() if k not in ("slug", "version")}
            )
            if changes:
                key.save()
                audit_record(
                    actor=actor,
                    action="cost_key.update",
                    obj=key,
                    summary=str(key),
                    changes=changes,
                )
        keys.append(key)
    return keys


# --- agreements ---------------------------------------------------------------------------


@transaction.atomic
def agreement_save(
    *,
    actor: Actor,
    agreement: Agreement | None = None,
    slug: str,
    title: str,
    kind: str,
    parent: Agreement | None = None,
    description: str = "",
    parties: Iterable[Organisation] = (),
    review_interval_months: int = 12,
) -> Agreement:
    """Create an agreement or change one, with its parties."""
    creating = agreement is None
    agreement = agreement or Agreement()
    if kind == Agreement.Kind.OVERALL and parent is not None:
        raise ValidationError({"parent": _("An overall agreement is not part of another.")})
    if kind == Agreement.Kind.SUB and parent is None:
        raise ValidationError({"parent": _("Choose the overall agreement it belongs to.")})
    if parent is not None and parent.pk == agreement.pk:
        raise ValidationError({"parent": _("An agreement cannot be part of itself.")})
    parties = list(parties)
    not_parties = [p.name for p in parties if not p.is_party]
    if not_parties:
        raise ValidationError(
            {"parties": _("Not parties: %(names)s.") % {"names": ", ".join(not_parties)}}
        )
    changes = _changes(
        agreement,
        {
            "slug": slug.strip(),
            "title": title.strip(),
            "kind": kind,
            "parent": parent,
            "description": description.strip(),
            "review_interval_months": review_interval_months,
        },
    )
    _full_clean_save(agreement)
    _set_m2m(agreement, "parties", parties, changes)
    audit_record(
        actor=actor,
        action="agreement.create" if creating else "agreement.update",
        obj=agreement,
        summary=agreement.title,
        changes=changes,
    )
    return agreement


@transaction.atomic
def version_save(
    *,
    actor: Actor,
    agreement: Agreement,
    version: Version | None = None,
    label: str,
    status: str,
    in_force_from: datetime.date | None = None,
    revision_note: str = "",
    case: Case | None = None,
    recommendation: Recommendation | None = None,
    illustration_note: str = "",
) -> Version:
    """Create or change a version. A version put in force replaces the version in force
    before it: that one is marked replaced, with a link to its successor."""
    creating = version is None
    version = version or Version(agreement=agreement)
    errors = {}
    if status in (Version.Status.IN_FORCE, Version.Status.REPLACED) and in_force_from is None:
        errors["in_force_from"] = _("A version in force needs the date it came into force.")
    if (
        recommendation is not None
        and case is not None
        and recommendation.decision.treatment.case_id != case.pk
    ):
        errors["recommendation"] = _("The recommendation belongs to another case.")
    if errors:
        raise ValidationError(errors)
    if recommendation is not None and case is None:
        case = recommendation.decision.treatment.case
    changes = _changes(
        version,
        {
            "label": label.strip(),
            "status": status,
            "in_force_from": in_force_from,
            "revision_note": revision_note.strip(),
            "case": case,
            "recommendation": recommendation,
            "illustration_note": illustration_note.strip(),
        },
    )
    _full_clean_save(version, exclude=["replaced_by"])
    if status == Version.Status.IN_FORCE:
        earlier = (
            Version.objects.filter(agreement=agreement, status=Version.Status.IN_FORCE)
            .exclude(pk=version.pk)
            .filter(in_force_from__lt=in_force_from)
        )
        for old in earlier:
            old.status = Version.Status.REPLACED
            old.replaced_by = version
            old.save(update_fields=["status", "replaced_by"])
            audit_record(
                actor=actor,
                action="agreement_version.replace",
                obj=old,
                summary=f"{old} → {version.label}",
                changes={"replaced_by": version.pk},
            )
    audit_record(
        actor=actor,
        action="agreement_version.create" if creating else "agreement_version.update",
        obj=version,
        summary=str(version),
        changes=changes,
    )
    return version


@transaction.atomic
def version_copy_points(*, actor: Actor, source: Version, target: Version) -> int:
    """Start a revision from the points of an earlier version; points already in the target
    are kept."""
    have = set(target.points.values_list("number", flat=True))
    copied = 0
    for point in source.points.all():
        if point.number in have:
            continue
        Point.objects.create(
            version=target,
            number=point.number,
            title=point.title,
            text=point.text,
            sort_key=point.sort_key,
        )
        copied += 1
    audit_record(
        actor=actor,
        action="agreement_version.copy_points",
        obj=target,
        summary=f"{source.label} → {target.label}: {copied}",
    )
    return copied


@transaction.atomic
def point_save(
    *,
    actor: Actor,
    version: Version,
    point: Point | None = None,
    number: str,
    title: str = "",
    text: str,
) -> Point:
    creating = point is None
    point = point or Point(version=version)
    number = number.strip().removeprefix("pkt.").strip()
    errors = {}
    if not number:
        errors["number"] = _("Give the point's number, e.g. «1.2».")
    if not text.strip():
        errors["text"] = _("Write the point's text.")
    clash = Point.objects.filter(version=version, number=number).exclude(pk=point.pk)
    if number and clash.exists():
        errors["number"] = _("The version already has a point %(number)s.") % {"number": number}
    if errors:
        raise ValidationError(errors)
    changes = _changes(point, {"number": number, "title": title.strip(), "text": text.strip()})
    point.sort_key = Point.sort_key_for(number)
    _full_clean_save(point)
    audit_record(
        actor=actor,
        action="agreement_point.create" if creating else "agreement_point.update",
        obj=point,
        summary=f"{version}: pkt. {number}",
        changes=changes,
    )
    return point


@transaction.atomic
def point_delete(*, actor: Actor, point: Point) -> None:
    audit_record(
        actor=actor, action="agreement_point.delete", obj=point, summary=f"{point.version}: {point}"
    )
    point.delete()


@transaction.atomic
def point_link_add(
    *,
    actor: Actor,
    point: Point,
    case: Case | None = None,
    project: Project | None = None,
    note: str = "",
) -> PointLink:
    """Record that a case or a project concerns a point."""
    if (case is None) == (project is None):
        raise ValidationError(_("Choose a case or a project (one of them)."))
    existing = PointLink.objects.filter(point=point, case=case, project=project)
    if existing.exists():
        raise ValidationError(_("That link is already there."))
    link = PointLink.objects.create(point=point, case=case, project=project, note=note.strip())
    audit_record(
        actor=actor,
        action="agreement_point.link",
        obj=link,
        summary=str(link),
        changes={
            "case": case.number if case else None,
            "project": project.slug if project else None,
        },
    )
    return link


@transaction.atomic
def point_link_delete(*, actor: Actor, link: PointLink) -> None:
    audit_record(actor=actor, action="agreement_point.unlink", obj=link, summary=str(link))
    link.delete()


@transaction.atomic
def review_record(
    *,
    actor: Actor,
    agreement: Agreement,
    reviewed_on: datetime.date,
    case: Case | None = None,
    outcome: str = "",
    today: datetime.date | None = None,
) -> Review:
    """Record the yearly review of an agreement."""
    if today is not None and reviewed_on > today:
        raise ValidationError({"reviewed_on": _("“Reviewed on” cannot be in the future.")})
    review = Review.objects.create(
        agreement=agreement, reviewed_on=reviewed_on, case=case, outcome=outcome.strip()
    )
    audit_record(
        actor=actor,
        action="agreement.review",
        obj=review,
        summary=f"{agreement}: {reviewed_on.isoformat()}",
        changes={"case": case.number if case else None},
    )
    return review


# --- budgets ------------------------------------------------------------------------------


@transaction.atomic
def budget_save(
    *,
    actor: Actor,
    budget: Budget | None = None,
    project: Project,
    year: int,
    title: str,
    key: CostKey,
    parties: Iterable[Organisation],
    notes: str = "",
    illustration_note: str = "",
) -> Budget:
    creating = budget is None
    budget = budget or Budget()
    parties = list(parties)
    if not parties:
        raise ValidationError({"parties": _("Choose the parties that share the costs.")})
    not_parties = [p.name for p in parties if not p.is_party]
    if not_parties:
        raise ValidationError(
            {"parties": _("Not parties: %(names)s.") % {"names": ", ".join(not_parties)}}
        )
    changes = _changes(
        budget,
        {
            "project": project,
            "year": year,
            "title": title.strip(),
            "key": key,
            "notes": notes.strip(),
            "illustration_note": illustration_note.strip(),
        },
    )
    _full_clean_save(budget)
    _set_m2m(budget, "parties", parties, changes)
    audit_record(
        actor=actor,
        action="budget.create" if creating else "budget.update",
        obj=budget,
        summary=str(budget),
        changes=changes,
    )
    return budget


@transaction.atomic
def cost_element_save(
    *,
    actor: Actor,
    budget: Budget,
    element: CostElement | None = None,
    name: str,
    kind: str,
    amount: int,
    funded: bool = False,
    funded_by: str = "",
) -> CostElement:
    creating = element is None
    element = element or CostElement(budget=budget, order=budget.elements.count())
    errors = {}
    if not name.strip():
        errors["name"] = _("Name the cost element.")
    if amount is None or amount < 0:
        errors["amount"] = _("The amount is whole kroner, zero or more.")
    if funded and not funded_by.strip():
        errors["funded_by"] = _("Say who funds it.")
    if errors:
        raise ValidationError(errors)
    changes = _changes(
        element,
        {
            "name": name.strip(),
            "kind": kind,
            "amount": amount,
            "funded": funded,
            "funded_by": funded_by.strip() if funded else "",
        },
    )
    _full_clean_save(element)
    audit_record(
        actor=actor,
        action="cost_element.create" if creating else "cost_element.update",
        obj=element,
        summary=f"{budget}: {element.name} {element.amount}",
        changes=changes,
    )
    return element


@transaction.atomic
def cost_element_delete(*, actor: Actor, element: CostElement) -> None:
    audit_record(
        actor=actor,
        action="cost_element.delete",
        obj=element,
        summary=f"{element.budget}: {element.name} {element.amount}",
    )
    element.delete()


@transaction.atomic
def entered_shares_set(
    *, actor: Actor, budget: Budget, shares: Mapping[Organisation | None, Decimal | None]
) -> None:
    """Replace the shares entered on the budget (``None`` as key: the municipalities as one
    group). Empty values are left out; what is entered must add up to 100 %."""
    kept = {party: value for party, value in shares.items() if value is not None}
    if any(value < 0 or value > 100 for value in kept.values()):
        raise ValidationError(_("Each share is between 0 and 100 %."))
    if kept and sum(Fraction(v) for v in kept.values()) != 100:
        raise ValidationError(
            _("The shares add up to %(sum)s %%, not 100 %%.")
            % {"sum": f"{sum(kept.values()).normalize():f}".replace(".", ",")}
        )
    before = {
        str(s.party_id or "municipalities"): str(s.percent) for s in budget.entered_shares.all()
    }
    budget.entered_shares.all().delete()
    EnteredShare.objects.bulk_create(
        [EnteredShare(budget=budget, party=party, percent=value) for party, value in kept.items()]
    )
    after = {str(p.pk if p else "municipalities"): str(v) for p, v in kept.items()}
    audit_record(
        actor=actor,
        action="budget.entered_shares",
        obj=budget,
        summary=str(budget),
        changes={"from": before, "to": after},
    )


@transaction.atomic
def allocation_decide(
    *,
    actor: Actor,
    budget: Budget,
    recommendation: Recommendation,
    decided_on: datetime.date,
) -> Allocation:
    """Freeze the allocation as computed now (key, population snapshot, entered shares) and
    link it to the recommendation its parties adopt. Nothing changes it afterwards."""
    result: AllocationResult = allocation_compute(budget)
    if result.error:
        raise ValidationError(result.error)
    if result.total == 0:
        raise ValidationError(_("There are no unfunded costs to share."))
    allocation = Allocation.objects.create(
        budget=budget,
        key=budget.key,
        rule=budget.key.rule,
        year=budget.year,
        total=result.total,
        recommendation=recommendation,
        decided_on=decided_on,
        population_source=result.population_source[:500],
        population_date=result.population_date,
        entered=result.entered,
    )
    AllocationLine.objects.bulk_create(
        [
            AllocationLine(
                allocation=allocation,
                party_id=line.party_id,
                party_name=line.name,
                municipality_number=line.municipality_number,
                population=line.population,
                population_date=line.population_date,
                share=f"{line.share.numerator}/{line.share.denominator}",
                percent=line.percent,
                amount=line.amount,
                order=order,
            )
            for order, line in enumerate(result.lines)
        ]
    )
    audit_record(
        actor=actor,
        action="allocation.decide",
        obj=allocation,
        summary=f"{budget}: {result.total} kr",
        changes={
            "key": str(budget.key),
            "recommendation": recommendation.pk,
            "lines": {line.name: line.amount for line in result.lines},
        },
    )
    return allocation
