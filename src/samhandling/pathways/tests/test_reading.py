"""Reading logs: formats, validation that names line and field, and pm4py's known traps."""

import gzip
from datetime import datetime

import polars as pl
import pytest

from samhandling.pathways.engine import ColumnMapping, LogImportError, read_log, write_log
from samhandling.pathways.engine.generate import generate, write_generated
from samhandling.pathways.engine.reference import load_municipalities

MAPPING = ColumnMapping(
    case_id="pasient", activity="hendelse", timestamp="tid", municipality="kommune"
)


def write(tmp_path, text: str, name: str = "log.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csv_is_read_with_the_users_column_names(tmp_path):
    path = write(tmp_path, "pasient;hendelse;tid;kommune\nA;Innleggelse;2024-01-01 10:00;4601\n")
    frame = read_log(path, MAPPING, municipalities=load_municipalities())
    assert frame.select("case_id", "activity", "municipality").row(0) == (
        "A",
        "Innleggelse",
        "4601",
    )
    assert frame["timestamp"][0] == datetime(2024, 1, 1, 10, 0)


def test_every_problem_is_named_by_line_and_field(tmp_path):
    path = write(
        tmp_path,
        "pasient,hendelse,tid,kommune\n"
        "A,Innleggelse,2024-01-01 10:00,4601\n"
        ",Utskriving,2024-01-02 10:00,4601\n"
        "B,Utskriving,ikke en tid,4601\n"
        "C,Utskriving,2024-01-03 10:00,9999\n",
    )
    with pytest.raises(LogImportError) as caught:
        read_log(path, MAPPING, municipalities=load_municipalities())
    found = {(p.line, p.field, p.code) for p in caught.value.problems}
    assert found == {
        (3, "case_id", "missing"),
        (4, "timestamp", "bad_time"),
        (5, "municipality", "unknown_municipality"),
    }


def test_a_missing_column_is_named(tmp_path):
    path = write(tmp_path, "pasient,hendelse\nA,Innleggelse\n")
    with pytest.raises(LogImportError) as caught:
        read_log(path, MAPPING)
    assert {(p.field, p.column) for p in caught.value.problems} == {
        ("timestamp", "tid"),
        ("municipality", "kommune"),
    }


def test_a_failed_import_writes_nothing(tmp_path):
    path = write(tmp_path, "pasient,hendelse,tid,kommune\nA,Innleggelse,juli,4601\n")
    target_dir = tmp_path / "store"
    with pytest.raises(LogImportError):
        write_log(read_log(path, MAPPING), target_dir / "log.parquet")
    assert not target_dir.exists() or not any(target_dir.iterdir())


def test_a_case_id_na_is_a_case_like_any_other(tmp_path):
    text = "case_id,activity,timestamp\nNA,A,2024-01-01 10:00\nNA,B,2024-01-01 11:00\nX,A,2024-01-01 10:00\n"
    path = write(tmp_path, text)
    frame = read_log(path, ColumnMapping("case_id", "activity", "timestamp"))
    assert sorted(frame["case_id"].unique().to_list()) == ["NA", "X"]
    # The trap this guards against: pandas' CSV reader, which pm4py's CSV path uses, makes
    # "NA" a missing value, and pm4py then drops the case.
    import pandas as pd

    assert pd.read_csv(path)["case_id"].isna().sum() == 2


def test_times_without_a_zone_do_not_shift(tmp_path):
    # 02:30 on 31 March 2024 does not exist in Oslo (summer time starts): it must stay as written.
    text = "case_id,activity,timestamp\nA,a,2024-03-31 02:30:00\nA,b,2024-07-01T12:00:00\n"
    frame = read_log(write(tmp_path, text), ColumnMapping("case_id", "activity", "timestamp"))
    assert frame["timestamp"].to_list() == [
        datetime(2024, 3, 31, 2, 30),
        datetime(2024, 7, 1, 12, 0),
    ]
    assert frame["timestamp"].dtype.time_zone is None


def test_times_with_an_offset_are_kept_as_the_same_instant_in_utc(tmp_path):
    text = "case_id,activity,timestamp\nA,a,2024-07-01T12:00:00+02:00\n"
    frame = read_log(write(tmp_path, text), ColumnMapping("case_id", "activity", "timestamp"))
    assert frame["timestamp"][0] == datetime(2024, 7, 1, 10, 0)


def test_events_are_sorted_by_case_as_text_then_time_then_original_row(tmp_path):
    text = (
        "case_id,activity,timestamp\n"
        "9,second,2024-01-01 10:00\n10,x,2024-01-01 09:00\n9,first,2024-01-01 09:00\n"
        "9,third,2024-01-01 10:00\n"
    )
    frame = read_log(write(tmp_path, text), ColumnMapping("case_id", "activity", "timestamp"))
    assert frame["activity"].to_list() == ["x", "first", "second", "third"]


@pytest.mark.parametrize("name", ["log.csv", "log.csv.gz", "log.parquet", "log.xes", "log.xes.gz"])
def test_every_format_reads_back_the_same_log(tmp_path, name):
    original = generate(60, seed=3)
    path = write_generated(original, tmp_path / name)
    if name.startswith("log.xes"):
        mapping = ColumnMapping(
            case_id="case:concept:name",
            activity="concept:name",
            timestamp="time:timestamp",
            organisation="org:group",
            level="level",
            municipality="case:municipality",
            priority_group="case:priority_group",
        )
        frame = read_log(path, mapping, municipalities=load_municipalities())
    else:
        frame = read_log(path, municipalities=load_municipalities())
    columns = [
        "case_id",
        "activity",
        "timestamp",
        "organisation",
        "level",
        "municipality",
        "priority_group",
    ]
    expected = original.sort("case_id", "timestamp", "row").select(columns)
    assert frame.select(columns).equals(expected)


def test_gzip_is_recognised_by_its_bytes_not_its_name(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(gzip.compress(b"case_id,activity,timestamp\nA,a,2024-01-01 10:00\n"))
    assert read_log(path).height == 1


def test_an_unreadable_xes_file_is_a_problem_not_a_crash(tmp_path):
    path = write(tmp_path, "<log><trace><event>", "broken.xes")
    with pytest.raises(LogImportError) as caught:
        read_log(path)
    assert caught.value.problems[0].code == "unreadable"


def test_ages_become_bands_and_bad_ages_are_problems(tmp_path):
    text = (
        "case_id,activity,timestamp,age\nA,a,2024-01-01,7\nB,a,2024-01-01,70\nC,a,2024-01-01,200\n"
    )
    mapping = ColumnMapping("case_id", "activity", "timestamp", age="age")
    with pytest.raises(LogImportError) as caught:
        read_log(write(tmp_path, text), mapping)
    assert [(p.line, p.field) for p in caught.value.problems] == [(4, "age")]
    frame = read_log(write(tmp_path, text.rsplit("\n", 2)[0] + "\n"), mapping)
    assert frame["age_band"].to_list() == ["0–18", "67–79"]


def test_written_logs_are_parquet_and_read_back_equal(tmp_path):
    frame = generate(20, seed=1)
    path = write_log(frame, tmp_path / "a" / "log.parquet")
    assert pl.read_parquet(path).equals(frame)
    assert [p.name for p in path.parent.iterdir()] == ["log.parquet"]
