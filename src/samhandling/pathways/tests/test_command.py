"""`samhandling pathways generate | import | analyse`."""

import polars as pl
import pytest
from django.core.management import CommandError, call_command

from samhandling.pathways.models import EventLog


def test_generate_is_reproducible_by_seed(tmp_path):
    call_command(
        "pathways",
        "generate",
        "--patients",
        "50",
        "--out",
        str(tmp_path / "a.parquet"),
        "--seed",
        "7",
    )
    call_command(
        "pathways",
        "generate",
        "--patients",
        "50",
        "--out",
        str(tmp_path / "b.parquet"),
        "--seed",
        "7",
    )
    call_command(
        "pathways",
        "generate",
        "--patients",
        "50",
        "--out",
        str(tmp_path / "c.parquet"),
        "--seed",
        "8",
    )
    a, b, c = (pl.read_parquet(tmp_path / f"{n}.parquet") for n in "abc")
    assert a.equals(b) and not a.equals(c)
    assert a["case_id"].n_unique() == 50


def test_analyse_writes_a_readable_report_without_the_database(tmp_path):
    log = tmp_path / "forløp.csv"
    call_command("pathways", "generate", "--patients", "300", "--out", str(log))
    report = tmp_path / "rapport.html"
    call_command("pathways", "analyse", str(log), "--out", str(report), "--no-dot")
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="nb">' in html
    assert "Forløpsgraf" in html and "Sengepost" in html and 'role="img"' in html
    assert "P000" not in html  # no case id


def test_analyse_refuses_a_lower_threshold(tmp_path):
    log = tmp_path / "log.parquet"
    call_command("pathways", "generate", "--patients", "30", "--out", str(log))
    with pytest.raises(CommandError):
        call_command(
            "pathways", "analyse", str(log), "--out", str(tmp_path / "r.html"), "--threshold", "2"
        )


def test_analyse_names_the_line_of_a_bad_value(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text("case_id,activity,timestamp\nA,a,2024-01-01\nA,b,not a time\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 3, timestamp"):
        call_command("pathways", "analyse", str(log), "--out", str(tmp_path / "r.html"))


@pytest.mark.django_db
def test_import_stores_the_log_as_parquet(tmp_path, data_dir):
    log = tmp_path / "log.xes.gz"
    call_command("pathways", "generate", "--patients", "40", "--out", str(log))
    call_command(
        "pathways",
        "import",
        str(log),
        "--name",
        "XES-logg",
        "--case-id",
        "case:concept:name",
        "--activity",
        "concept:name",
        "--timestamp",
        "time:timestamp",
        "--organisation",
        "org:group",
    )
    stored = EventLog.objects.get(name="XES-logg")
    assert pl.read_parquet(data_dir / "pathways" / stored.file_name).height == stored.events
