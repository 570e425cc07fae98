"""Budgets and allocations with the database: the draft follows the budget and the
population, a decided allocation never moves, each party's adoption sits beside its share,
and the exports carry what the parties need."""

import csv
import datetime
import io
import tempfile
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samhandling.agreements import selectors, services
from samhandling.agreements.calculation import allocation_compute
from samhandling.agreements.exports import allocation_csv, allocation_xlsx
from samhandling.agreements.models import Allocation
from samhandling.cases.models import Adoption
from samhandling.cases.services import adoption_register, recommendation_create
from samhandling.cases.tests.factories import make_decision
from samhandling.structure.importers import population_import
from samhandling.structure.tests.factories import make_municipality, make_organisation

from .factories import make_budget, make_element, make_key

pytestmark = pytest.mark.django_db

SEED_003_STEP_2 = {"kind": "fixed_then_population", "fixed": {"4601": "50"}}


@pytest.fixture
def municipalities():
    bergen = make_municipality(name="Bergen", municipality_number="4601", population=291_940)
    others = [
        make_municipality(name="Alver", municipality_number="4631", population=29_986),
        make_municipality(name="Fedje", municipality_number="4633", population=519),
        make_municipality(name="Voss", municipality_number="4621", population=16_471),
    ]
    for m in [bergen, *others]:
        m.population_source = "SSB 07459"
        m.save()
    return [bergen, *others]


def _budget(municipalities, amount=1_000_001):
    budget = make_budget(key=make_key(rule=SEED_003_STEP_2), parties=municipalities)
    make_element(budget=budget, amount=amount)
    make_element(budget=budget, amount=5_000, funded=True, funded_by="Tilskot")
    return budget


def _recommendation(parties):
    return recommendation_create(
        actor=None,
        decision=make_decision(decided_on=datetime.date(2018, 5, 1)),
        text="Slutt dykk til fordelinga",
        parties=parties,
    )


def _import(populations: dict[str, int], day=datetime.date(2025, 1, 1)) -> None:
    lines = ["municipality_number,population,date"]
    lines += [
        f"{number},{population},{day.isoformat()}" for number, population in populations.items()
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "folketal.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        population_import(actor=None, path=path)


def test_the_draft_gives_bergen_half_and_adds_up_to_the_unfunded_total(municipalities):
    result = allocation_compute(_budget(municipalities))
    assert not result.error
    assert result.total == 1_000_001 and result.funded_total == 5_000
    amounts = {line.name: line.amount for line in result.lines}
    assert sum(amounts.values()) == 1_000_001
    assert amounts["Bergen"] in (500_000, 500_001)
    assert result.lines[0].name == "Bergen"
    assert result.population_source == "SSB 07459"


def test_the_draft_follows_a_population_import_and_a_budget_change(municipalities):
    budget = _budget(municipalities)
    before = {line.name: line.amount for line in allocation_compute(budget).lines}
    _import({"4631": 60_000})
    after = {line.name: line.amount for line in allocation_compute(budget).lines}
    assert after["Alver"] > before["Alver"]
    make_element(budget=budget, amount=99)
    assert allocation_compute(budget).total == 1_000_100


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    amount=st.integers(min_value=1, max_value=10**9),
    populations=st.lists(st.integers(min_value=1, max_value=10**6), min_size=4, max_size=4),
)
def test_a_decided_allocation_is_unchanged_after_a_population_import(
    municipalities, amount, populations
):
    budget = _budget(municipalities, amount=amount)
    allocation = services.allocation_decide(
        actor=None,
        budget=budget,
        recommendation=_recommendation(municipalities),
        decided_on=datetime.date(2018, 6, 14),
    )
    frozen = list(allocation.lines.values_list("party_name", "population", "share", "amount"))
    assert sum(row[3] for row in frozen) == amount
    _import(dict(zip(["4601", "4631", "4633", "4621"], populations, strict=True)))
    allocation = Allocation.objects.get(pk=allocation.pk)
    assert (
        list(allocation.lines.values_list("party_name", "population", "share", "amount")) == frozen
    )
    assert allocation.total == amount
    # The draft, on the other hand, uses the new figures.
    draft = {line.name: line.population for line in allocation_compute(budget).lines}
    assert draft["Alver"] == populations[1]


def test_a_decided_allocation_keeps_its_key_after_the_budget_moves_on(municipalities):
    budget = _budget(municipalities)
    allocation = services.allocation_decide(
        actor=None,
        budget=budget,
        recommendation=_recommendation(municipalities),
        decided_on=datetime.date(2018, 6, 14),
    )
    budget.key = make_key(rule={"kind": "equal"})
    budget.save()
    make_element(budget=budget, amount=1)
    page = selectors.budget_page(pk=budget.pk, secretariat=True)
    decided = page.decided[0]
    assert decided.total == 1_000_001
    assert decided.decided.rule == SEED_003_STEP_2
    assert page.draft.total == 1_000_002
    assert allocation.key.rule == SEED_003_STEP_2


def test_deciding_without_step_1_fails_with_a_norwegian_reason_and_stores_nothing(municipalities):
    hospital = make_organisation(name="Helse Bergen HF")
    budget = make_budget(
        key=make_key(rule={"kind": "two_step", "fixed": {"4601": "50"}}),
        parties=[*municipalities, hospital],
    )
    make_element(budget=budget, amount=820_000)
    with pytest.raises(ValidationError) as error:
        services.allocation_decide(
            actor=None,
            budget=budget,
            recommendation=_recommendation(municipalities),
            decided_on=datetime.date(2018, 6, 14),
        )
    assert "Legg inn steg 1 først" in error.value.messages[0]
    assert not Allocation.objects.exists()


def test_each_municipalitys_adoption_shows_next_to_its_share(municipalities):
    budget = _budget(municipalities)
    recommendation = _recommendation(municipalities[1:])
    adoption = recommendation.adoptions.get(party=municipalities[1])
    adoption_register(
        actor=None,
        adoption=adoption,
        status=Adoption.Status.ADOPTED,
        deciding_body="Kommunestyret",
        decided_on=datetime.date(2018, 9, 20),
    )
    services.allocation_decide(
        actor=None,
        budget=budget,
        recommendation=recommendation,
        decided_on=datetime.date(2018, 6, 14),
    )
    result = selectors.budget_page(pk=budget.pk, secretariat=False).decided[0]
    by_name = {line.name: line.adoption for line in result.lines}
    assert by_name["Alver"].status == Adoption.Status.ADOPTED
    assert by_name["Fedje"].status == Adoption.Status.PENDING
    assert by_name["Bergen"] is None  # not asked in this recommendation


def test_the_exports_carry_title_key_snapshot_table_and_total(municipalities):
    budget = _budget(municipalities)
    services.allocation_decide(
        actor=None,
        budget=budget,
        recommendation=_recommendation(municipalities),
        decided_on=datetime.date(2018, 6, 14),
    )
    result = selectors.allocation_for_export(
        budget_pk=budget.pk, allocation_pk=budget.allocations.get().pk, secretariat=False
    )
    text = allocation_csv(result)
    assert "Testsak" not in text  # the case by its number only: it may be exempt
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0].startswith("Fordeling av kostnader: ")
    assert ["Fordelingsnøkkel", f"{budget.key.name} (v1)"] in rows
    assert ["Kilde for folketall", "SSB 07459"] in rows
    assert ["Folketall per", "01.01.2024"] in rows
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Part")
    assert rows[header][-3:] == ["Del (%)", "Beløp (kr)", "Partens vedtak"]
    lines = rows[header + 1 : header + 5]
    assert sum(int(row[5]) for row in lines) == 1_000_001
    assert rows[header + 5][0] == "Sum" and rows[header + 5][5] == "1000001"

    workbook = openpyxl.load_workbook(io.BytesIO(allocation_xlsx(result)))
    sheet = workbook.active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0].startswith("Fordeling av kostnader: ")
    table = next(i for i, row in enumerate(values) if row[0] == "Part")
    assert sum(row[5] for row in values[table + 1 : table + 5]) == 1_000_001
    assert values[table + 5][5] == f"=SUM(F{table + 2}:F{table + 5})"
