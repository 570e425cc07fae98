"""`samhandling import-population` against hostile or broken files: an error naming the
place, never a traceback, and nothing written."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from samhandling.core.models import AuditEntry
from samhandling.structure import importers
from samhandling.structure.importers import PopulationImportError, population_import
from samhandling.structure.models import Organisation

from .test_import_population import dataset, json_stat, population, write_csv, write_json

pytestmark = pytest.mark.django_db
__all__ = ["dataset"]  # the fixture, used by every test here

ONE = {"Region": {"4633": "Fedje"}, "ContentsCode": {"Personer1": "P"}, "Tid": {"2024": "2024"}}
TWO = {
    "Region": {"4633": "Fedje", "4619": "Eidfjord"},
    "ContentsCode": {"Personer1": "P"},
    "Tid": {"2024": "2024"},
}


def refused(tmp_path, path, where: str) -> str:
    with pytest.raises(PopulationImportError) as caught:
        population_import(actor=None, path=path)
    message = str(caught.value)
    assert message.startswith(f"{path.name}") and where in message, message
    assert population("fedje") == 1 and population("eidfjord") == 1
    assert not AuditEntry.objects.exists()
    # The command says the same, without a traceback, dry run or not.
    for dry in (False, True):
        with pytest.raises(CommandError):
            call_command("import_population", str(path), dry_run=dry)
    return message


def test_deeply_nested_json_is_refused(tmp_path):
    path = tmp_path / "07459.json"
    path.write_text('{"id": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    assert "nøstet" in refused(tmp_path, path, "$")


def test_moderately_nested_json_is_refused_by_depth(tmp_path):
    data = json_stat(ONE, [519], extension={"a": [[[[[[[[[[1]]]]]]]]]]})
    refused(tmp_path, write_json(tmp_path, data), "$")


def test_year_zero_is_refused(tmp_path):
    dims = {**ONE, "Tid": {"0000": "0000"}}
    refused(tmp_path, write_json(tmp_path, json_stat(dims, [519])), "dimension.Tid")
    path = write_csv(tmp_path, "municipality_number,population,year\n4633,521,0000\n")
    refused(tmp_path, path, "2: year")
    path = write_csv(
        tmp_path, "municipality_number,population,date\n4633,521,0001-01-01\n", "d.csv"
    )
    refused(tmp_path, path, "2: date")


@pytest.mark.parametrize("constant", ["Infinity", "-Infinity", "NaN", "1e400"])
def test_infinity_and_nan_are_refused(tmp_path, constant):
    path = tmp_path / "07459.json"
    text = write_json(tmp_path, json_stat(ONE, [519])).read_text().replace("519", constant)
    path.write_text(text, encoding="utf-8")
    refused(tmp_path, path, "")


def test_superscript_digits_in_a_csv_are_refused(tmp_path):
    path = write_csv(tmp_path, "municipality_number,population,year\n4633,5²,2024\n")
    refused(tmp_path, path, "2: population")
    path = write_csv(tmp_path, "municipality_number,population,year\n⁴⁶³³,52,2024\n", "b.csv")
    refused(tmp_path, path, "2: municipality_number")
    path = write_csv(tmp_path, "municipality_number,population,year\n4633,52,２０２４\n", "c.csv")
    refused(tmp_path, path, "2: year")


def test_too_large_integers_are_refused(tmp_path):
    refused(tmp_path, write_json(tmp_path, json_stat(ONE, [10**30])), "value[0]")
    path = write_csv(
        tmp_path, "municipality_number,population,year\n4633,99999999999999999999,2024\n"
    )
    refused(tmp_path, path, "2: population")


def test_an_implausible_population_is_refused(tmp_path):
    refused(tmp_path, write_json(tmp_path, json_stat(ONE, [10**15])), "value[0]")
    path = write_csv(tmp_path, "municipality_number,population,year\n4633,1000000000000000,2024\n")
    refused(tmp_path, path, "2: population")


def test_parts_adding_up_to_an_implausible_population_are_refused(tmp_path):
    dims = {**ONE, "Alder": {"a": "a", "b": "b"}}
    refused(tmp_path, write_json(tmp_path, json_stat(dims, [9_000_000, 9_000_000])), "value[0]")


def test_a_sparse_file_declaring_a_huge_table_is_refused_unread(tmp_path):
    dims = {**ONE, "Kjonn": {"1": "M"}, "Alder": {"a": "a"}}
    data = json_stat(dims, {"0": 519})
    data["size"] = [1, 1, 1, 10_000, 10_000]
    data["dimension"]["Kjonn"]["category"]["index"] = {str(n): n for n in range(10_000)}
    data["dimension"]["Alder"]["category"]["index"] = {str(n): n for n in range(10_000)}
    for name in ("Kjonn", "Alder"):
        data["dimension"][name]["category"].pop("label")
    assert "celler" in refused(tmp_path, write_json(tmp_path, data), "size")


@pytest.mark.parametrize("key", ["-1", "1.0", "2", "x", "٠"])
def test_a_sparse_key_that_is_not_a_position_is_refused(tmp_path, key):
    data = json_stat(TWO, {"0": 519, key: 1})
    refused(tmp_path, write_json(tmp_path, data), "value[")


def test_a_sparse_key_minus_one_cannot_overwrite_the_last_figure_even_in_a_dry_run(tmp_path):
    path = write_json(tmp_path, json_stat(TWO, {"0": 519, "1": 970, "-1": 1}))
    with pytest.raises(PopulationImportError):
        population_import(actor=None, path=path, dry_run=True)


def test_a_valid_sparse_file_is_still_imported(tmp_path):
    population_import(actor=None, path=write_json(tmp_path, json_stat(TWO, {"0": 519, "1": 970})))
    assert (population("fedje"), population("eidfjord")) == (519, 970)


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(importers, "MAX_FILE_BYTES", 100)
    path = write_csv(tmp_path, "municipality_number,population,year\n" + "4633,521,2024\n" * 20)
    refused(tmp_path, path, "")


def test_index_positions_of_mixed_types_are_refused(tmp_path):
    data = json_stat(TWO, [519, 970])
    data["dimension"]["Region"]["category"]["index"] = {"4633": 0, "4619": "1"}
    refused(tmp_path, write_json(tmp_path, data), "dimension.Region.category.index")


def test_labels_as_a_list_are_ignored_not_a_crash(tmp_path):
    data = json_stat(ONE, [519])
    data["dimension"]["Region"]["category"]["label"] = ["Fedje"]
    population_import(actor=None, path=write_json(tmp_path, data))
    assert population("fedje") == 519


def test_a_csv_row_with_more_values_than_the_header_is_refused(tmp_path):
    path = write_csv(tmp_path, "municipality_number,population,year\n4633,521,2024,x\n")
    refused(tmp_path, path, " 2: ")


def test_a_csv_with_a_huge_field_is_refused(tmp_path):
    path = write_csv(
        tmp_path, 'municipality_number,population,year\n4633,"' + "9" * 200_000 + '",2024\n'
    )
    refused(tmp_path, path, "CSV")


def test_a_folder_instead_of_a_file_is_refused(tmp_path):
    folder = tmp_path / "mappe.csv"
    folder.mkdir()
    with pytest.raises(PopulationImportError):
        population_import(actor=None, path=folder)


def test_the_errors_are_in_norwegian(tmp_path):
    path = write_csv(tmp_path, "municipality_number,population,year\n4633,5²,2024\n")
    with pytest.raises(CommandError) as caught:
        call_command("import_population", str(path))
    assert "Ingenting ble importert" in str(caught.value)
    assert "ikke et helt tall" in str(caught.value)


def test_untouched_population_dates_stay(tmp_path):
    path = write_csv(tmp_path, "municipality_number,population,year\n4633,5²,2024\n")
    with pytest.raises(PopulationImportError):
        population_import(actor=None, path=path)
    fedje = Organisation.objects.get(slug="fedje")
    assert fedje.population_date == datetime.date(2020, 1, 1)
