"""The municipalities of the health community, for validation and area filters.

The engine must not import Django, so callers pass the mapping in; the copy shipped here is
the fallback when no database is at hand (the CLI on a fresh machine, the tests).
"""

import csv
from dataclasses import dataclass
from pathlib import Path

SHIPPED = Path(__file__).with_name("municipalities.csv")


@dataclass(frozen=True)
class Municipality:
    number: str
    name: str
    area: str
    local_hospital: str = ""
    population: int | None = None


def load_municipalities(path: Path = SHIPPED) -> dict[str, Municipality]:
    """Municipality number → Municipality, from a CSV shaped like the shipped one."""
    with path.open(encoding="utf-8", newline="") as file:
        return {
            row["municipality_number"]: Municipality(
                number=row["municipality_number"],
                name=row["name"],
                area=row["area"],
                local_hospital=row.get("local_hospital", ""),
                population=int(row["population"]) if row.get("population") else None,
            )
            for row in csv.DictReader(file)
        }
