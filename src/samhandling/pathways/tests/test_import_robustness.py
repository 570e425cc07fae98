"""Imports that go wrong: bombs, crashes, patient values in problems, zones, empty files."""

import gzip
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from samhandling.accounts.services import ANALYST_GROUP, SECRETARIAT_GROUP, role_group
from samhandling.pathways.engine import ColumnMapping, LogImportError, read_log
from samhandling.pathways.engine.reading import Limits
from samhandling.pathways.models import EventLog, ImportJob
from samhandling.pathways.services import import_jobs_recover, storage_dir

from .test_pages import upload

pytestmark = pytest.mark.django_db

SIMPLE = {
    "organisation": "",
    "level": "",
    "age": "",
    "municipality": "",
    "priority_group": "",
    "lkt_complexity": "",
    "lkt_capacity": "",
}


def _csv(rows: int) -> bytes:
    body = "".join(f"P{n},Innleggelse,2024-01-01 10:00\n" for n in range(rows))
    return ("case_id,activity,timestamp\n" + body).encode()


# 5: bombs ------------------------------------------------------------------------------


def test_a_gzip_bomb_is_refused_once_it_unpacks_past_the_limit(tmp_path):
    path = tmp_path / "bombe.csv.gz"
    path.write_bytes(gzip.compress(b"case_id,activity,timestamp\n" + b"A" * 5_000_000))
    assert path.stat().st_size < 50_000
    with pytest.raises(LogImportError) as caught:
        read_log(path, limits=Limits(max_bytes=1_000_000))
    assert [p.code for p in caught.value.problems] == ["too_large"]


@pytest.mark.parametrize("suffix", ["csv", "xes", "parquet"])
def test_a_log_with_more_events_than_the_limit_is_refused(tmp_path, suffix):
    from samhandling.pathways.engine.generate import generate, write_generated

    path = write_generated(generate(30, seed=3), tmp_path / f"mange.{suffix}")
    with pytest.raises(LogImportError) as caught:
        read_log(path, limits=Limits(max_events=50))
    assert [p.code for p in caught.value.problems] == ["too_many_events"]


def test_the_page_import_runs_in_a_worker_under_the_limits(
    client, analyst, data_dir, tmp_path, settings
):
    settings.PATHWAYS_MAX_UNPACKED_BYTES = 100_000
    client.force_login(analyst)
    path = tmp_path / "bombe.csv.gz"
    path.write_bytes(gzip.compress(_csv(20_000)))
    response = upload(client, path, **SIMPLE)
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED and job.problems[0]["code"] == "too_large"
    assert "pakkes ut" in client.get(response.url).content.decode()
    assert not EventLog.objects.exists()
    assert not list((data_dir / "pathways" / "uploads").iterdir())
    assert not list((data_dir / "pathways").glob("*.parquet*"))


def test_a_worker_past_its_memory_limit_fails_the_job_not_the_server(
    client, analyst, data_dir, tmp_path, settings
):
    settings.PATHWAYS_IMPORT_MEMORY_BYTES = 1024**3  # polars alone needs about this much
    client.force_login(analyst)
    path = tmp_path / "stor.csv"
    path.write_bytes(_csv(2_000_000))
    upload(client, path, **SIMPLE)
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED
    assert job.problems[0]["code"] in {"out_of_memory", "stopped"}


# 6: crashes ----------------------------------------------------------------------------


def _dead_pid() -> int:
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    return finished.pid


@pytest.fixture
def interrupted_job(data_dir, analyst):
    uploads = storage_dir() / "uploads"
    uploads.mkdir(parents=True)
    (uploads / "abc.csv").write_text("case_id,activity,timestamp\n")
    (storage_dir() / "def.parquet.x1y2.tmp").write_text("half a log")
    return ImportJob.objects.create(
        name="Avbrote",
        source_name="logg.csv",
        state=ImportJob.State.RUNNING,
        progress=0.5,
        created_by=analyst,
        upload_name="abc.csv",
        target_name="def.parquet",
        server_pid=_dead_pid(),
        heartbeat_at=timezone.now(),
    )


def test_a_job_whose_server_died_is_marked_failed_and_its_files_removed(interrupted_job):
    assert import_jobs_recover() == 1
    interrupted_job.refresh_from_db()
    assert interrupted_job.state == ImportJob.State.FAILED
    assert interrupted_job.problems[0]["code"] == "interrupted"
    assert not list(storage_dir().rglob("*.*"))


def test_a_job_without_a_heartbeat_for_a_minute_is_interrupted(interrupted_job):
    import os

    ImportJob.objects.filter(pk=interrupted_job.pk).update(
        server_pid=os.getpid(), heartbeat_at=timezone.now() - timedelta(minutes=5)
    )
    assert import_jobs_recover() == 1


def test_a_running_job_with_a_live_server_is_left_alone(interrupted_job):
    import os

    ImportJob.objects.filter(pk=interrupted_job.pk).update(server_pid=os.getpid())
    assert import_jobs_recover() == 0
    assert (storage_dir() / "uploads" / "abc.csv").exists()


def test_the_status_page_of_an_interrupted_job_stops_refreshing_and_offers_a_retry(
    client, analyst, interrupted_job
):
    client.force_login(analyst)
    html = client.get(reverse("pathways:import_status", args=[interrupted_job.pk])).content.decode()
    assert 'http-equiv="refresh"' not in html
    assert "avbrutt" in html
    retry = f"{reverse('pathways:import')}?igjen={interrupted_job.pk}"
    assert retry in html
    assert client.get(retry).context["form"]["name"].value() == "Avbrote"


def test_the_server_start_recovers_interrupted_jobs(interrupted_job):
    from django.core.management import call_command

    call_command("pathways", "recover")
    interrupted_job.refresh_from_db()
    assert interrupted_job.state == ImportJob.State.FAILED


# 7: whose job --------------------------------------------------------------------------


def test_an_import_job_is_visible_to_its_owner_and_the_secretariat_only(client, interrupted_job):
    page = reverse("pathways:import_status", args=[interrupted_job.pk])
    other = get_user_model().objects.create_user("annan", password="x")
    other.groups.add(role_group(ANALYST_GROUP))
    client.force_login(other)
    assert client.get(page).status_code == 404
    secretary = get_user_model().objects.create_user("sekretar", password="x")
    secretary.groups.add(role_group(SECRETARIAT_GROUP))
    client.force_login(secretary)
    assert client.get(page).status_code == 200
    # Nor may another analyst's retry link reveal the job's name.
    client.force_login(other)
    form = client.get(reverse("pathways:import"), {"igjen": interrupted_job.pk}).context["form"]
    assert form["name"].value() is None


def test_no_problem_quotes_a_value_from_the_file(tmp_path):
    path = tmp_path / "feil.csv"
    path.write_text(
        "pasient,hendelse,tid,alder,kommune\n"
        "01017012345 Ola Nordmann,,i går kl 10,hundre,9999 Oslo\n",
        encoding="utf-8",
    )
    mapping = ColumnMapping("pasient", "hendelse", "tid", age="alder", municipality="kommune")
    with pytest.raises(LogImportError) as caught:
        read_log(path, mapping, municipalities={"4601": None})
    told = str(caught.value) + repr(caught.value.problems)
    for value in ("01017012345", "Nordmann", "i går", "hundre", "9999"):
        assert value not in told
    assert {(p.line, p.field) for p in caught.value.problems} == {
        (2, "activity"),
        (2, "timestamp"),
        (2, "age"),
        (2, "municipality"),
    }


def test_an_unreadable_file_is_told_without_the_parsers_message(tmp_path):
    path = tmp_path / "feil.xes"
    path.write_text("<log><trace><string key='Ola Nordmann 01017012345'", encoding="utf-8")
    with pytest.raises(LogImportError) as caught:
        read_log(path)
    assert "01017012345" not in str(caught.value) + repr(caught.value.problems)


# 9: times ------------------------------------------------------------------------------


def _times(tmp_path, *times: str):
    rows = "".join(f"A,a{n},{t}\n" for n, t in enumerate(times))
    path = tmp_path / "tider.csv"
    path.write_text("case_id,activity,timestamp\n" + rows, encoding="utf-8")
    return read_log(path)


def test_times_ending_in_z_are_utc(tmp_path):
    frame = _times(tmp_path, "2024-03-01T10:00:00Z", "2024-03-01T11:00:00.5Z", "2024-03-01T12:00Z")
    assert frame["timestamp"].to_list() == [
        datetime(2024, 3, 1, 10),
        datetime(2024, 3, 1, 11, 0, 0, 500000),
        datetime(2024, 3, 1, 12),
    ]


def test_zoned_times_in_one_column_are_measured_as_instants(tmp_path):
    frame = _times(tmp_path, "2024-03-01T10:00:00+02:00", "2024-03-01T09:30:00Z")
    assert frame["timestamp"].to_list() == [datetime(2024, 3, 1, 8), datetime(2024, 3, 1, 9, 30)]


def test_a_column_mixing_zoned_and_unzoned_times_is_refused(tmp_path):
    with pytest.raises(LogImportError) as caught:
        _times(tmp_path, "2024-03-01T10:00:00+02:00", "2024-03-01 10:30", "2024-03-01 11:30")
    assert [(p.line, p.code) for p in caught.value.problems] == [(2, "mixed_zones")]


# 12: a header and no rows --------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "case_id,activity,timestamp\n",
        '<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">\n</log>\n',
    ],
)
def test_a_file_with_a_header_and_no_events_is_refused(tmp_path, content):
    path = tmp_path / ("tom.xes" if content.startswith("<") else "tom.csv")
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LogImportError) as caught:
        read_log(path)
    assert [p.code for p in caught.value.problems] == ["empty"]
