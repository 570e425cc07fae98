"""Small factories for structure test data: each makes one object with sensible defaults and
takes keyword overrides. Other contexts' tests import them too."""

import datetime
import itertools

from samhandling.structure.models import (
    Area,
    Committee,
    Level,
    Membership,
    Organisation,
    Person,
    RepresentativeKind,
    Seat,
    Side,
)

_sequence = itertools.count(1)


def _next() -> int:
    return next(_sequence)


def make_area(**fields) -> Area:
    n = _next()
    fields.setdefault("slug", f"area-{n}")
    fields.setdefault("name", f"Område {n}")
    return Area.objects.create(**fields)


def make_level(**fields) -> Level:
    n = _next()
    fields.setdefault("slug", f"level-{n}")
    fields.setdefault("name", f"Nivå {n}")
    fields.setdefault("order", n)
    return Level.objects.create(**fields)


def make_municipality(**fields) -> Organisation:
    n = _next()
    fields.setdefault("slug", f"kommune-{n}")
    fields.setdefault("name", f"Kommune {n}")
    fields.setdefault("kind", Organisation.Kind.MUNICIPALITY)
    fields.setdefault("is_party", True)
    fields.setdefault("side", Side.MUNICIPAL)
    fields.setdefault("municipality_number", f"{9000 + n % 1000:04d}")
    fields.setdefault("population", 1000 * n)
    fields.setdefault("population_date", datetime.date(2024, 1, 1))
    return Organisation.objects.create(**fields)


def make_organisation(**fields) -> Organisation:
    n = _next()
    fields.setdefault("slug", f"organisasjon-{n}")
    fields.setdefault("name", f"Organisasjon {n}")
    fields.setdefault("kind", Organisation.Kind.HEALTH_TRUST)
    fields.setdefault("is_party", True)
    fields.setdefault("side", Side.SPECIALIST)
    return Organisation.objects.create(**fields)


def make_committee(**fields) -> Committee:
    n = _next()
    fields.setdefault("slug", f"utval-{n}")
    fields.setdefault("name", f"Samarbeidsutval {n}")
    fields.setdefault("short_name", f"SU{n}")
    if "level" not in fields:
        fields["level"] = make_level()
    return Committee.objects.create(**fields)


def make_seat(**fields) -> Seat:
    n = _next()
    if "committee" not in fields:
        fields["committee"] = make_committee()
    fields.setdefault("key", f"seat-{n}")
    fields.setdefault("rule_key", fields["key"])
    fields.setdefault("label", f"Plass {n}")
    fields.setdefault("representative_kind", RepresentativeKind.MUNICIPAL)
    fields.setdefault("side", Side.MUNICIPAL)
    return Seat.objects.create(**fields)


def make_person(**fields) -> Person:
    n = _next()
    fields.setdefault("given_name", "Testperson")
    fields.setdefault("family_name", f"Nummer{n}")
    fields.setdefault("slug", f"testperson-{n}")
    return Person.objects.create(**fields)


def make_membership(**fields) -> Membership:
    if "seat" not in fields:
        fields["seat"] = make_seat()
    if "person" not in fields:
        fields["person"] = make_person()
    if "on_behalf_of" not in fields:
        fields["on_behalf_of"] = fields["seat"].organisation or make_municipality()
    fields.setdefault("start", datetime.date(2024, 1, 1))
    fields.setdefault("term_end", fields["start"].replace(year=fields["start"].year + 4))
    return Membership.objects.create(**fields)
