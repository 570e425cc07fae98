"""The municipalities of the health community, for validation and area filters.

The engine must not import Django, so callers pass the mapping in. The list is the
structure's own data file (``structure/data/municipalities.csv``, read as a plain file, no
Django): one list for the whole application, the fallback when no database is at hand (the
CLI on a fresh machine, the tests). Municipalities merged away (Os and Fusa into Bjørnafjorden
on 1 January 2020, …) and the numbers used before the county reform of 2020 are kept as
``former_numbers`` of today's municipality, so an old log's numbers map to today's.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

# src/samhandling/pathways/engine/reference.py → src/samhandling/structure/data/
SHIPPED = Path(__file__).resolve().parents[2] / "structure" / "data" / "municipalities.csv"


@dataclass(frozen=True)
class Municipality:
    number: str
    name: str
    area: str
    local_hospital: str = ""
    population: int | None = None
    former_numbers: tuple[str, ...] = ()


def load_municipalities(path: Path = SHIPPED) -> dict[str, Municipality]:
    """Municipality number → today's Municipality, from a CSV shaped like the structure's.
    Rows with ``valid_to`` (merged away) are not municipalities today; their numbers, and
    ``previous_number``, become ``former_numbers`` of the municipality they live on in."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    former: dict[str, list[str]] = {}
    for row in rows:
        if row.get("previous_number"):
            former.setdefault(row["municipality_number"], []).append(row["previous_number"])
        if row.get("valid_to") and row.get("successor_number"):
            former.setdefault(row["successor_number"], []).append(row["municipality_number"])
    return {
        row["municipality_number"]: Municipality(
            number=row["municipality_number"],
            name=row["name"],
            area=row["area"],
            local_hospital=row.get("local_hospital", ""),
            population=int(row["population"]) if row.get("population") else None,
            former_numbers=tuple(sorted(former.get(row["municipality_number"], []))),
        )
        for row in rows
        if not row.get("valid_to")
    }


def former_number_map(municipalities: dict[str, Municipality]) -> dict[str, str]:
    """Former municipality number → today's number (1243 Os → 4624 Bjørnafjorden)."""
    return {
        old: m.number
        for m in municipalities.values()
        if m is not None
        for old in m.former_numbers
        if old not in municipalities
    }


def today_number(number: str, municipalities: dict[str, Municipality]) -> str:
    """Today's number for ``number``: itself when it is today's, else the municipality it
    became part of; unknown numbers come back unchanged."""
    return former_number_map(municipalities).get(number, number)
