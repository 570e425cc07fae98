"""The priority groups, read from ``data/priority_groups.toml``: the one place they are
defined. The demo and the synthetic case register both create them from here."""

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

PRIORITY_GROUPS_FILE = Path(__file__).resolve().parent / "data" / "priority_groups.toml"


@dataclass(frozen=True)
class PriorityGroupSpec:
    slug: str
    name: str
    source: str
    order: int


@functools.cache
def priority_groups_read(path: Path = PRIORITY_GROUPS_FILE) -> tuple[PriorityGroupSpec, ...]:
    """Every group of the file, in its order; a group without a source is an error."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    groups = []
    for order, item in enumerate(data.get("groups", [])):
        for name in ("slug", "name", "source"):
            if not isinstance(item.get(name), str) or not item[name].strip():
                raise ValueError(f"{path.name}: groups[{order + 1}].{name}: missing")
        groups.append(
            PriorityGroupSpec(
                slug=item["slug"], name=item["name"], source=item["source"], order=order
            )
        )
    return tuple(groups)


def priority_groups_ensure() -> dict:
    """Create the groups of the file that are missing (idempotent); slug → PriorityGroup."""
    from .models import PriorityGroup

    groups = {}
    for spec in priority_groups_read():
        groups[spec.slug], _created = PriorityGroup.objects.get_or_create(
            slug=spec.slug, defaults={"name": spec.name, "order": spec.order}
        )
    return groups
