"""`samhandling import-population`: JSON-stat2 (SSB table 07459) and CSV, all or nothing."""

import datetime
import itertools
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from samhandling.core.models import AuditEntry
from samhandling.structure import services
from samhandling.structure.importers import PopulationImportError, population_import
from samhandling.structure.models import Organisation

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "ssb-07459-helse-bergen-2024.json"


@pytest.fixture(autouse=True)
def dataset():
    services.dataset_load()
    # Start from figures that differ from the sample, so that an import shows.
    Organisation.objects.filter(kind="municipality").update(
        population=1, population_date=datetime.date(2020, 1, 1), population_source="gammal"
    )


def population(slug: str) -> int:
    return Organisation.objects.get(slug=slug).population


def json_stat(dimensions: dict[str, dict[str, str]], value, **extra) -> dict:
    """A JSON-stat2 dataset with the dimensions in the given order (code → label)."""
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "07459: Befolkning, etter region, statistikkvariabel og år",
        "source": "Statistisk sentralbyrå",
        "updated": "2025-02-20T07:00:00Z",
        "id": list(dimensions),
        "size": [len(c) for c in dimensions.values()],
        "dimension": {
            name: {
                "label": name,
                "category": {
                    "index": {code: i for i, code in enumerate(categories)},
                    "label": categories,
                },
            }
            for name, categories in dimensions.items()
        },
        "value": value,
        **extra,
    }


def write_json(tmp_path: Path, data, name: str = "07459.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def write_csv(tmp_path: Path, text: str, name: str = "folketal.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_ssb_sample_sets_population_date_and_source_with_audit_entries():
    result = population_import(actor=None, path=SAMPLE)
    assert len(result.updated) == 18
    bergen = Organisation.objects.get(slug="bergen")
    assert (bergen.population, bergen.population_date) == (291940, datetime.date(2024, 1, 1))
    assert bergen.population_source.startswith("Statistisk sentralbyrå, tabell 07459")
    assert AuditEntry.objects.filter(action="structure.population_import").count() == 18
    entry = AuditEntry.objects.get(object_id=str(bergen.pk))
    assert entry.changes["population"] == [1, 291940]


def test_dimensions_in_any_order_with_sex_and_age_are_summed_for_the_latest_year(tmp_path):
    dimensions = {
        "Tid": {"2023": "2023", "2024": "2024"},
        "Kjonn": {"1": "Menn", "2": "Kvinner"},
        "Region": {"4633": "Fedje", "4619": "Eidfjord"},
        "Alder": {"000-049": "0-49", "050+": "50+"},
        "ContentsCode": {"Personer1": "Personer"},
    }
    # Row-major: Tid, Kjonn, Region, Alder, ContentsCode (the last varies fastest).
    values = []
    for year, _sex, region, _age in itertools.product(
        *[list(dimensions[d]) for d in ["Tid", "Kjonn", "Region", "Alder"]]
    ):
        values.append(100 if year == "2024" and region == "4633" else 10 if year == "2024" else 1)
    result = population_import(actor=None, path=write_json(tmp_path, json_stat(dimensions, values)))
    assert population("fedje") == 400
    assert population("eidfjord") == 40
    assert Organisation.objects.get(slug="fedje").population_date == datetime.date(2024, 1, 1)
    assert len(result.not_in_file) == 16


def test_a_year_can_be_chosen(tmp_path):
    dimensions = {
        "Region": {"4633": "Fedje"},
        "ContentsCode": {"Personer1": "Personer"},
        "Tid": {"2023": "2023", "2024": "2024"},
    }
    path = write_json(tmp_path, json_stat(dimensions, [510, 519]))
    population_import(actor=None, path=path, year=2023)
    assert population("fedje") == 510
    with pytest.raises(PopulationImportError, match=r"dimension\.Tid: .*2022"):
        population_import(actor=None, path=path, year=2022)


def test_regions_that_are_not_municipalities_of_the_dataset_are_skipped_and_counted(tmp_path):
    dimensions = {
        "Region": {
            "0": "Heile landet",
            "1201": "Bergen (-2019)",
            "K-4633": "Fedje",
            "4647": "Sunnfjord",
        },
        "ContentsCode": {"Personer1": "Personer"},
        "Tid": {"2024": "2024"},
    }
    path = write_json(tmp_path, json_stat(dimensions, [5550203, None, 519, 22450]))
    result = population_import(actor=None, path=path)
    assert population("fedje") == 519
    assert sorted(code for code, _label in result.skipped) == ["0", "1201", "4647"]


def test_a_file_with_an_error_writes_nothing(tmp_path):
    dimensions = {
        "Region": {"4633": "Fedje", "4619": "Eidfjord"},
        "ContentsCode": {"Personer1": "Personer"},
        "Tid": {"2024": "2024"},
    }
    path = write_json(tmp_path, json_stat(dimensions, [519, "mange"]))
    with pytest.raises(PopulationImportError) as caught:
        population_import(actor=None, path=path)
    assert str(caught.value).startswith("07459.json: value[1]: ")
    assert population("fedje") == 1
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "change, where",
    [
        (lambda d: d.pop("value"), "value"),
        (lambda d: d["value"].pop(), "value"),
        (lambda d: d.update(id=["Region", "ContentsCode"], size=[1, 1]), "id"),
        (
            lambda d: d.update(id=["Region", "ContentsCode", "Tid", "Fylke"], size=[1, 1, 1, 1]),
            "id",
        ),
        (lambda d: d.update(size=[2, 1, 1]), "size"),
        (
            lambda d: d["dimension"]["ContentsCode"]["category"].update(index={"Personer2": 0}),
            "dimension.ContentsCode.category.index",
        ),
        (
            lambda d: d["dimension"]["Tid"]["category"].update(index={"i fjor": 0}),
            "dimension.Tid.category.index[0]",
        ),
        (lambda d: d["dimension"].pop("Region"), "dimension.Region"),
    ],
)
def test_json_stat_errors_name_the_field(tmp_path, change, where):
    data = json_stat(
        {"Region": {"4633": "Fedje"}, "ContentsCode": {"Personer1": "P"}, "Tid": {"2024": "2024"}},
        [519],
    )
    change(data)
    with pytest.raises(PopulationImportError) as caught:
        population_import(actor=None, path=write_json(tmp_path, data))
    assert str(caught.value).startswith(f"07459.json: {where}")


def test_broken_json_names_the_line_and_column(tmp_path):
    path = tmp_path / "07459.json"
    path.write_text('{\n  "id": [\n}', encoding="utf-8")
    with pytest.raises(PopulationImportError) as caught:
        population_import(actor=None, path=path)
    assert str(caught.value).startswith("07459.json: ")
    assert "3" in str(caught.value)


def test_a_csv_with_dates_or_years_is_imported(tmp_path):
    population_import(
        actor=None,
        path=write_csv(
            tmp_path,
            "municipality_number,population,date\n4633,521,2025-01-01\n4619,970,2025-01-01\n",
        ),
    )
    assert (population("fedje"), population("eidfjord")) == (521, 970)
    population_import(
        actor=None,
        path=write_csv(tmp_path, "municipality_number;population;year\n4633;530;2026\n", "b.csv"),
    )
    assert population("fedje") == 530
    assert Organisation.objects.get(slug="fedje").population_date == datetime.date(2026, 1, 1)


def test_a_csv_error_names_the_file_line_and_column_and_writes_nothing(tmp_path):
    path = write_csv(
        tmp_path,
        "municipality_number,population,date\n4633,521,2025-01-01\n4619,ni hundre,2025-01-01\n",
    )
    with pytest.raises(PopulationImportError) as caught:
        population_import(actor=None, path=path)
    assert caught.value.errors[0].startswith("folketal.csv, ")
    assert "3" in caught.value.errors[0] and "population" in caught.value.errors[0]
    assert population("fedje") == 1


def test_a_csv_without_the_needed_columns_is_refused(tmp_path):
    with pytest.raises(PopulationImportError, match="municipality_number"):
        population_import(actor=None, path=write_csv(tmp_path, "kommune,folketal\n4633,521\n"))


def test_a_dry_run_reports_but_writes_nothing():
    result = population_import(actor=None, path=SAMPLE, dry_run=True)
    assert len(result.updated) == 18
    assert population("bergen") == 1
    assert not AuditEntry.objects.exists()


def test_the_command_reports_skipped_regions_and_fails_cleanly(tmp_path, capsys):
    call_command("import_population", str(SAMPLE))
    assert "18" in capsys.readouterr().out
    bad = write_csv(tmp_path, "municipality_number,population,date\n46,521,2025-01-01\n")
    with pytest.raises(CommandError) as caught:
        call_command("import_population", str(bad))
    assert "folketal.csv" in str(caught.value) and "municipality_number" in str(caught.value)
