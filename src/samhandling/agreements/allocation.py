"""Cost allocation by a key: exact shares as fractions, then whole kroner by largest remainder.

No Django here (``tests/test_allocation.py`` keeps it so): the rules take and return plain
values, so they can be tested for every input hypothesis can think of.

How an allocation is made:

1. A key's rule turns the parties (and, for population keys, their population) into exact
   shares, ``Fraction``s that add up to exactly 1. Nothing is rounded here.
2. ``largest_remainder`` turns the shares of a total in whole kroner into amounts: every party
   first gets the whole kroner of its exact amount (rounded down); the kroner left over go one
   each to the parties with the largest fractional remainders. So the amounts add up to the
   total exactly, none is negative, and each is within one krone of its exact proportion.
   Ties between equal remainders go to the party whose key sorts first (as text), never to
   whoever happens to be listed first: the result does not depend on the order of the parties.

Rule kinds (the ``kind`` of a key in ``keys/*.toml``):

``equal``
    the same share for each party of the budget.
``population``
    by population over the budget's municipalities.
``fixed``
    shares entered per budget (percent), which must add up to 100.
``fixed_then_population``
    the key's fixed shares for named municipalities (seed 003: Bergen 50 %), the rest by
    population over the budget's other municipalities.
``two_step``
    step 1 splits the total between the municipalities as one group and each hospital by
    shares entered per budget (seed 003: «slik det er vist i vedlagt oppsett»; the seed gives
    no ratio, so there is no default); step 2 splits the municipalities' part as
    ``fixed_then_population``.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, TypeVar

K = TypeVar("K", bound=Hashable)

KINDS = ("equal", "population", "fixed", "fixed_then_population", "two_step")
# The name of the municipalities as one group in step 1 of a two-step key.
MUNICIPALITIES = "municipalities"
HUNDRED = Fraction(100)


class AllocationError(ValueError):
    """Why shares cannot be computed: ``code`` names the problem, ``params`` its details, so
    the Django side can say it in Norwegian."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(f"{code}: {params}" if params else code)
        self.code = code
        self.params = params


# --- whole kroner -------------------------------------------------------------------------


def _tie_break(key: Hashable) -> str:
    return str(key)


def largest_remainder(total: int, shares: Mapping[K, Fraction]) -> dict[K, int]:
    """Split ``total`` whole kroner by ``shares`` (non-negative, adding up to 1) so that the
    amounts add up to ``total`` exactly; see the module docstring."""
    if total < 0:
        raise AllocationError("negative_total", total=total)
    if not shares:
        raise AllocationError("no_parties")
    if any(share < 0 for share in shares.values()):
        raise AllocationError("negative_share")
    if sum(shares.values(), Fraction(0)) != 1:
        raise AllocationError("shares_not_whole", sum=sum(shares.values(), Fraction(0)))
    amounts: dict[K, int] = {}
    remainders: dict[K, Fraction] = {}
    for key, share in shares.items():
        exact = total * Fraction(share)
        amounts[key] = exact.numerator // exact.denominator
        remainders[key] = exact - amounts[key]
    left = total - sum(amounts.values())
    # Fewer kroner are left over than there are parties (each remainder is below one krone).
    order = sorted(shares, key=lambda k: (-remainders[k], _tie_break(k)))
    for key in order[:left]:
        amounts[key] += 1
    return amounts


def exact_amounts(total: int, shares: Mapping[K, Fraction]) -> dict[K, Fraction]:
    """The exact (unrounded) amounts, to show beside the whole kroner."""
    return {key: total * Fraction(share) for key, share in shares.items()}


# --- shares by rule -------------------------------------------------------------------------


def percent(value: str | int | float | Decimal | Fraction) -> Fraction:
    """A percentage written as text («50», «33.5», «12,5») or a number, as an exact fraction of 1."""
    if isinstance(value, Fraction):
        number = value
    else:
        text = str(value).strip().replace(",", ".").removesuffix("%").strip()
        try:
            number = Fraction(Decimal(text))
        except (InvalidOperation, ValueError):
            raise AllocationError("bad_percent", value=str(value)) from None
    if number < 0 or number > 100:
        raise AllocationError("percent_out_of_range", value=str(value))
    return number / HUNDRED


def equal_shares(parties: Iterable[K]) -> dict[K, Fraction]:
    keys = list(dict.fromkeys(parties))
    if not keys:
        raise AllocationError("no_parties")
    return {key: Fraction(1, len(keys)) for key in keys}


def population_shares(populations: Mapping[K, int | None]) -> dict[K, Fraction]:
    if not populations:
        raise AllocationError("no_municipalities")
    missing = [key for key, population in populations.items() if not population]
    if missing:
        raise AllocationError("population_missing", parties=missing)
    whole = sum(populations.values())
    return {key: Fraction(population, whole) for key, population in populations.items()}


def fixed_shares(entered: Mapping[K, Fraction]) -> dict[K, Fraction]:
    if not entered:
        raise AllocationError("no_shares_entered")
    if any(share < 0 for share in entered.values()):
        raise AllocationError("negative_share")
    whole = sum(entered.values(), Fraction(0))
    if whole != 1:
        raise AllocationError("shares_not_whole", sum=whole)
    return dict(entered)


def fixed_then_population(
    fixed: Mapping[K, Fraction], populations: Mapping[K, int | None]
) -> dict[K, Fraction]:
    """Fixed shares first (Bergen 50 %), the rest by population over the other municipalities."""
    fixed_total = sum(fixed.values(), Fraction(0))
    if any(share < 0 for share in fixed.values()) or fixed_total > 1:
        raise AllocationError("fixed_over_whole", sum=fixed_total)
    others = {key: population for key, population in populations.items() if key not in fixed}
    shares = dict(fixed)
    rest = 1 - fixed_total
    if rest == 0:
        return shares
    if not others:
        raise AllocationError("no_municipalities")
    for key, share in population_shares(others).items():
        shares[key] = rest * share
    return shares


def two_step(
    step1: Mapping[Any, Fraction],
    fixed: Mapping[K, Fraction],
    populations: Mapping[K, int | None],
) -> dict[Any, Fraction]:
    """Step 1 between the municipalities (as ``MUNICIPALITIES``) and each hospital, step 2
    within the municipalities; the result has one share per party."""
    step1 = fixed_shares(step1)
    shares: dict[Any, Fraction] = {k: v for k, v in step1.items() if k != MUNICIPALITIES}
    municipal = step1.get(MUNICIPALITIES, Fraction(0))
    if municipal:
        for key, share in fixed_then_population(fixed, populations).items():
            if key in shares:
                raise AllocationError("party_in_both_steps", party=key)
            shares[key] = municipal * share
    return shares


# --- a key's rule as data -------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A key's rule as read from ``keys/*.toml`` (or the database copy of it). ``fixed`` holds
    the key's own fixed shares by municipality number (percent as text)."""

    kind: str
    fixed: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "Rule":
        kind = data.get("kind", "")
        if kind not in KINDS:
            raise AllocationError("unknown_kind", kind=kind)
        fixed = {str(k): str(v) for k, v in (data.get("fixed") or {}).items()}
        if kind not in ("fixed_then_population", "two_step") and fixed:
            raise AllocationError("fixed_not_allowed", kind=kind)
        for value in fixed.values():
            percent(value)
        return cls(kind=kind, fixed=fixed)

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.fixed:
            data["fixed"] = dict(self.fixed)
        return data

    @property
    def uses_population(self) -> bool:
        return self.kind in ("population", "fixed_then_population", "two_step")

    @property
    def needs_entered_shares(self) -> bool:
        return self.kind in ("fixed", "two_step")


@dataclass(frozen=True)
class Party:
    """A party as the rule sees it: its key, municipality number (blank for a hospital) and
    population (None when unknown)."""

    key: Hashable
    municipality_number: str = ""
    population: int | None = None

    @property
    def is_municipality(self) -> bool:
        return bool(self.municipality_number)


def rule_shares(
    rule: Rule,
    parties: Iterable[Party],
    entered: Mapping[Any, Fraction] | None = None,
) -> dict[Any, Fraction]:
    """The exact share of each party under ``rule``. ``entered`` holds the shares entered on
    the budget: per party for ``fixed``; per hospital and ``MUNICIPALITIES`` for step 1 of
    ``two_step``."""
    parties = list({p.key: p for p in parties}.values())
    entered = dict(entered or {})
    if not parties:
        raise AllocationError("no_parties")
    if rule.kind == "equal":
        return equal_shares(p.key for p in parties)
    municipalities = [p for p in parties if p.is_municipality]
    populations = {p.key: p.population for p in municipalities}
    if rule.kind == "population":
        if len(municipalities) != len(parties):
            raise AllocationError(
                "population_needs_municipalities",
                parties=[p.key for p in parties if not p.is_municipality],
            )
        return population_shares(populations)
    if rule.kind == "fixed":
        unknown = [key for key in entered if key not in {p.key for p in parties}]
        if unknown:
            raise AllocationError("share_for_non_party", parties=unknown)
        return fixed_shares(entered)
    by_number = {p.municipality_number: p.key for p in municipalities}
    fixed: dict[Any, Fraction] = {}
    for number, value in rule.fixed.items():
        if number not in by_number:
            raise AllocationError("fixed_party_missing", municipality_number=number)
        fixed[by_number[number]] = percent(value)
    if rule.kind == "fixed_then_population":
        if len(municipalities) != len(parties):
            raise AllocationError(
                "population_needs_municipalities",
                parties=[p.key for p in parties if not p.is_municipality],
            )
        return fixed_then_population(fixed, populations)
    # two_step
    if not entered:
        raise AllocationError("step1_not_entered")
    hospitals = {p.key for p in parties if not p.is_municipality}
    unknown = [key for key in entered if key != MUNICIPALITIES and key not in hospitals]
    if unknown:
        raise AllocationError("share_for_non_party", parties=unknown)
    if entered.get(MUNICIPALITIES, Fraction(0)) and not municipalities:
        raise AllocationError("no_municipalities")
    return two_step(entered, fixed, populations)
