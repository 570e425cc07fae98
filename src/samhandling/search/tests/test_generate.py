"""The synthetic register generator and the `samhandling generate` command."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db.models import F

from samhandling.cases.models import Adoption, Case, CaseNumberSequence, Decision, Treatment
from samhandling.cases.tests.factories import make_case
from samhandling.meetings.models import AgendaItem, Meeting
from samhandling.search.generator import register_generate
from samhandling.search.models import SearchDocument
from samhandling.search.selectors import search_cases
from samhandling.structure.tests.factories import (
    make_area,
    make_committee,
    make_level,
    make_municipality,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def structure(db):
    level = make_level(name="Områdeutval")
    for name in ("Bergen", "Voss"):
        area = make_area(name=name)
        make_committee(level=level, area=area, name=f"Områdeutval {name}")
        make_municipality(area=area)
        make_municipality(area=area)
    make_committee(level=make_level(name="SSU"), name="Strategisk samarbeidsutval")


def generate(cases: int, seed: int = 7, **options):
    options.setdefault("first_year", 2022)
    options.setdefault("last_year", 2023)
    options.setdefault("today", datetime.date(2024, 6, 1))
    return register_generate(cases=cases, seed=seed, **options)


def fingerprint(cases) -> list[tuple]:
    return [
        (c.subject, c.kind, c.access, sorted(t.committee_id for t in c.treatments.all()))
        for c in cases
    ]


def test_the_same_seed_gives_the_same_register(structure):
    generate(12, reindex=False)
    first = list(Case.objects.order_by("pk").prefetch_related("treatments"))
    generate(12, reindex=False)
    second = list(Case.objects.order_by("pk").prefetch_related("treatments"))[12:]
    assert fingerprint(first) == fingerprint(second)
    generate(12, seed=8, reindex=False)
    third = list(Case.objects.order_by("pk").prefetch_related("treatments"))[24:]
    assert fingerprint(third) != fingerprint(first)


def test_cases_get_treatments_meetings_decisions_and_adoptions(structure):
    result = generate(200, reindex=False)
    assert Case.objects.count() == result.cases == 200
    assert Treatment.objects.count() == result.treatments >= 200
    assert AgendaItem.objects.count() == result.treatments
    assert Meeting.objects.count() == result.meetings
    assert Decision.objects.count() == result.decisions > 0
    assert Adoption.objects.count() == result.adoptions > 0
    # Every treatment stands on exactly one agenda, of a meeting of its own committee.
    assert not AgendaItem.objects.exclude(meeting__committee=F("treatment__committee")).exists()
    assert Case.objects.filter(access="exempt").exists()


def test_case_numbers_continue_each_years_sequence(structure):
    existing = make_case(paper_date=datetime.date(2022, 3, 1), sequence=5)
    CaseNumberSequence.objects.create(year=2022, last_sequence=5)
    generate(10, reindex=False)
    numbers_2022 = sorted(
        Case.objects.filter(year=2022).exclude(pk=existing.pk).values_list("sequence", flat=True)
    )
    assert numbers_2022 == list(range(6, 6 + len(numbers_2022)))
    assert CaseNumberSequence.objects.get(year=2022).last_sequence == numbers_2022[-1]


def test_the_generate_command_reports_and_indexes_the_register(structure):
    out = StringIO()
    call_command("generate", cases=30, seed=3, stdout=out)
    assert "Generated 30 cases" in out.getvalue()
    assert SearchDocument.objects.count() == 30
    assert search_cases(query="samarbeidet", user=AnonymousUser()).total > 0
