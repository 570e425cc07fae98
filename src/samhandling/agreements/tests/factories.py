"""Small factories for agreement and budget test data; each makes one object with sensible
defaults and takes keyword overrides. They write rows directly; tests of the workflows go
through the services."""

import datetime
import itertools

from samhandling.agreements.models import (
    Agreement,
    Budget,
    CostElement,
    CostKey,
    Point,
    Version,
)
from samhandling.projects.models import Project

_sequence = itertools.count(1)


def make_agreement(**fields) -> Agreement:
    n = next(_sequence)
    fields.setdefault("slug", f"avtale-{n}")
    fields.setdefault("title", f"Samarbeidsavtale {n}")
    parties = fields.pop("parties", [])
    agreement = Agreement.objects.create(**fields)
    agreement.parties.set(parties)
    return agreement


def make_version(**fields) -> Version:
    n = next(_sequence)
    if "agreement" not in fields:
        fields["agreement"] = make_agreement()
    fields.setdefault("label", f"v{n}")
    fields.setdefault("status", Version.Status.IN_FORCE)
    if fields["status"] in (Version.Status.IN_FORCE, Version.Status.REPLACED):
        fields.setdefault("in_force_from", datetime.date(2022, 8, 1))
    return Version.objects.create(**fields)


def make_point(**fields) -> Point:
    if "version" not in fields:
        fields["version"] = make_version()
    fields.setdefault("number", f"{next(_sequence)}")
    fields.setdefault("text", f"Partane skal samarbeide om punkt {fields['number']}.")
    fields.setdefault("sort_key", Point.sort_key_for(fields["number"]))
    return Point.objects.create(**fields)


def make_key(**fields) -> CostKey:
    n = next(_sequence)
    fields.setdefault("slug", f"nokkel-{n}")
    fields.setdefault("name", f"Nøkkel {n}")
    fields.setdefault("rule", {"kind": "equal"})
    return CostKey.objects.create(**fields)


def make_project(**fields) -> Project:
    n = next(_sequence)
    fields.setdefault("slug", f"prosjekt-{n}")
    fields.setdefault("name", f"Prosjekt {n}")
    return Project.objects.create(**fields)


def make_budget(**fields) -> Budget:
    n = next(_sequence)
    if "project" not in fields:
        fields["project"] = make_project()
    if "key" not in fields:
        fields["key"] = make_key()
    fields.setdefault("year", 2019)
    fields.setdefault("title", f"Budsjett {n}")
    parties = fields.pop("parties", [])
    budget = Budget.objects.create(**fields)
    budget.parties.set(parties)
    return budget


def make_element(**fields) -> CostElement:
    if "budget" not in fields:
        fields["budget"] = make_budget()
    fields.setdefault("name", "Frikjøp av kommunal ressurs")
    fields.setdefault("amount", 100_000)
    return CostElement.objects.create(**fields)
