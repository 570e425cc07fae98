"""An allocation as a page, an export and a decision see it: a draft computed from the budget
and the structure's population as they are now, or a decided allocation as it was frozen.
Both come out as the same ``AllocationResult``."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from samhandling.structure.models import Organisation

from .allocation import (
    MUNICIPALITIES,
    AllocationError,
    Party,
    exact_amounts,
    largest_remainder,
    percent,
    rule_shares,
)
from .models import Allocation, Budget


@dataclass
class Line:
    party_id: int
    name: str
    municipality_number: str
    population: int | None
    population_date: datetime.date | None
    share: Fraction
    amount: int
    fixed: bool = False
    adoption: Any = None

    @property
    def percent(self) -> Decimal:
        value = Decimal(self.share.numerator * 100) / Decimal(self.share.denominator)
        return value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)

    @property
    def percent_display(self) -> str:
        return f"{self.percent.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}".replace(".", ",")


@dataclass
class AllocationResult:
    budget: Budget
    total: int
    funded_total: int
    lines: list[Line] = field(default_factory=list)
    error: str = ""
    population_source: str = ""
    population_date: datetime.date | None = None
    entered: dict[str, str] = field(default_factory=dict)
    decided: Allocation | None = None

    @property
    def amounts_total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def uses_population(self) -> bool:
        return any(line.population is not None for line in self.lines)


def error_message(error: AllocationError, names: dict[Any, str] | None = None) -> str:
    """The reason an allocation cannot be computed, in the user's language."""
    names = names or {}

    def listed(keys) -> str:
        return ", ".join(names.get(k, str(k)) for k in keys)

    params = error.params
    messages = {
        "no_parties": _("The budget names no parties to share the costs."),
        "no_municipalities": _("The key needs municipalities, and the budget names none."),
        "population_missing": _("Population is missing for: %(names)s.")
        % {"names": listed(params.get("parties", []))},
        "population_needs_municipalities": _(
            "A population key shares among municipalities only; remove %(names)s."
        )
        % {"names": listed(params.get("parties", []))},
        "no_shares_entered": _("Enter each party's share on the budget first."),
        "step1_not_entered": _(
            "Enter step 1 first: the shares between the municipalities and each hospital. "
            "The key gives no ratio («as shown in the attached setup»)."
        ),
        "shares_not_whole": _("The entered shares add up to %(sum)s %%, not 100 %%.")
        % {"sum": _percent_text(params.get("sum"))},
        "negative_share": _("A share cannot be negative."),
        "fixed_over_whole": _("The key's fixed shares add up to more than 100 %."),
        "fixed_party_missing": _(
            "The key gives a fixed share to municipality number %(number)s, which is not among "
            "the budget's parties."
        )
        % {"number": params.get("municipality_number", "")},
        "share_for_non_party": _("Shares are entered for parties not in the budget: %(names)s.")
        % {"names": listed(params.get("parties", []))},
        "party_in_both_steps": _("A municipality cannot have its own share in step 1."),
        "bad_percent": _("«%(value)s» is not a percentage.") % {"value": params.get("value", "")},
        "percent_out_of_range": _("A percentage is between 0 and 100."),
        "unknown_kind": _("Unknown kind of key: %(kind)s.") % {"kind": params.get("kind", "")},
        "fixed_not_allowed": _("This kind of key has no fixed shares."),
        "negative_total": _("The total cannot be negative."),
    }
    return messages.get(error.code, str(error))


def _percent_text(value) -> str:
    if value is None:
        return "?"
    number = Decimal(value.numerator * 100) / Decimal(value.denominator)
    return f"{number.quantize(Decimal('0.01'))}".replace(".", ",")


def _snapshot_summary(parties: list[Organisation]) -> tuple[str, datetime.date | None]:
    """The population's source and date, once when all agree."""
    with_population = [p for p in parties if p.population is not None]
    sources = sorted({p.population_source for p in with_population if p.population_source})
    dates = {p.population_date for p in with_population}
    return "; ".join(sources), (dates.pop() if len(dates) == 1 else None)


def allocation_compute(budget: Budget) -> AllocationResult:
    """The draft: the budget's unfunded costs shared by its key over its parties with the
    population the structure has now. Reads the budget's parties, cost elements and entered
    shares (the key comes with the budget when it was fetched with ``select_related``)."""
    elements = list(budget.elements.all())
    total = sum(e.amount for e in elements if not e.funded)
    funded_total = sum(e.amount for e in elements if e.funded)
    parties = list(budget.parties.all())
    entered_rows = list(budget.entered_shares.all())
    result = AllocationResult(budget=budget, total=total, funded_total=funded_total)
    result.population_source, result.population_date = _snapshot_summary(
        [p for p in parties if p.kind == Organisation.Kind.MUNICIPALITY]
    )
    names = {p.pk: p.name for p in parties}
    by_pk = {p.pk: p for p in parties}
    try:
        rule = budget.key.as_rule()
        entered = {
            (row.party_id if row.party_id else MUNICIPALITIES): percent(row.percent)
            for row in entered_rows
        }
        result.entered = {
            (names.get(row.party_id, str(row.party_id)) if row.party_id else MUNICIPALITIES): str(
                row.percent
            )
            for row in entered_rows
        }
        shares = rule_shares(
            rule,
            [
                Party(
                    key=p.pk,
                    municipality_number=(p.municipality_number or "")
                    if p.kind == Organisation.Kind.MUNICIPALITY
                    else "",
                    population=p.population,
                )
                for p in parties
            ],
            entered,
        )
        amounts = largest_remainder(total, shares)
    except AllocationError as error:
        result.error = error_message(error, names)
        return result
    fixed_numbers = set(rule.fixed)
    lines = []
    for pk, share in shares.items():
        party = by_pk[pk]
        municipal = party.kind == Organisation.Kind.MUNICIPALITY
        lines.append(
            Line(
                party_id=pk,
                name=party.name,
                municipality_number=party.municipality_number or "",
                population=party.population if municipal and rule.uses_population else None,
                population_date=party.population_date
                if municipal and rule.uses_population
                else None,
                share=share,
                amount=amounts[pk],
                fixed=(party.municipality_number or "") in fixed_numbers,
            )
        )
    result.lines = sort_lines(lines)
    return result


def sort_lines(lines: list[Line]) -> list[Line]:
    """As the secretariat lists them: fixed shares first (Bergen), then the other
    municipalities, then the hospitals, each by name."""
    return sorted(lines, key=lambda line: (not line.fixed, not line.municipality_number, line.name))


def allocation_result(allocation: Allocation) -> AllocationResult:
    """A decided allocation as it was frozen (lines prefetched by the caller)."""
    result = AllocationResult(
        budget=allocation.budget,
        total=allocation.total,
        funded_total=0,
        population_source=allocation.population_source,
        population_date=allocation.population_date,
        entered=allocation.entered,
        decided=allocation,
    )
    fixed_numbers = set((allocation.rule or {}).get("fixed", {}))
    result.lines = [
        Line(
            party_id=line.party_id,
            name=line.party_name,
            municipality_number=line.municipality_number,
            population=line.population,
            population_date=line.population_date,
            share=Fraction(line.share),
            amount=line.amount,
            fixed=line.municipality_number in fixed_numbers and bool(line.municipality_number),
        )
        for line in allocation.lines.all()
    ]
    return result


def exact_of(result: AllocationResult) -> dict[int, Fraction]:
    return exact_amounts(result.total, {line.party_id: line.share for line in result.lines})
