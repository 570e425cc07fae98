"""Municipalities as the seeds name them: older documents use names from before the 2020
mergers (seed 003's «Bergen, Os og Lindås»). The target group keeps what was written and
links to today's municipality."""

from samhandling.structure.models import Organisation

# Former municipality → the municipality it is part of since 1 January 2020 (Vestland).
MERGED_INTO = {
    "os": "Bjørnafjorden",
    "fusa": "Bjørnafjorden",
    "lindås": "Alver",
    "meland": "Alver",
    "radøy": "Alver",
    "fjell": "Øygarden",
    "sund": "Øygarden",
    "granvin": "Voss",
}


def current_name(name: str) -> str:
    """Today's name of a municipality written by its own or a former name."""
    cleaned = name.strip()
    return MERGED_INTO.get(cleaned.lower(), cleaned)


def resolve_municipalities(names: list[str]) -> list[Organisation]:
    """Today's municipalities for the names, in order, each once; unknown names are left
    out (the written form stays on the project)."""
    wanted = list(dict.fromkeys(current_name(n) for n in names))
    found = {
        o.name: o
        for o in Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, name__in=wanted)
    }
    return [found[n] for n in wanted if n in found]
