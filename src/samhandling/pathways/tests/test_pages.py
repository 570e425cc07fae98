"""The pages: who sees which log, the import with its status page, and what is shown."""

import re

import polars as pl
import pytest
from django.urls import reverse

from samhandling.core.models import AuditEntry
from samhandling.pathways import demo
from samhandling.pathways.engine.generate import generate, write_generated
from samhandling.pathways.models import EventLog, ImportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_log(data_dir):
    demo.DEMO_PATIENTS, original = 600, demo.DEMO_PATIENTS
    try:
        demo.load()
    finally:
        demo.DEMO_PATIENTS = original
    return EventLog.objects.get(is_demo=True)


def test_the_demo_is_loaded_once_and_stored_as_parquet(demo_log, data_dir):
    demo.load()
    assert EventLog.objects.filter(is_demo=True).count() == 1
    stored = list((data_dir / "pathways").glob("*.parquet"))
    assert [p.name for p in stored] == [demo_log.file_name]
    assert pl.read_parquet(stored[0]).height == demo_log.events


def test_everyone_sees_the_public_demo_analyses(client, demo_log):
    page = client.get(reverse("pathways:overview"))
    assert demo_log.name in page.content.decode()
    page = client.get(demo_log.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert 'role="img"' in html and "Sengepost" in html


def test_an_unknown_filter_value_is_an_error_not_a_silent_everything(client, demo_log):
    page = client.get(demo_log.get_absolute_url(), {"municipality": "0000"})
    assert page.context["form"].errors and "analysis" not in page.context


def test_no_count_of_persons_below_the_threshold_reaches_the_page(client, demo_log):
    html = client.get(demo_log.get_absolute_url()).content.decode()
    numbers = [
        int(n.replace("\xa0", "").replace(" ", ""))
        for n in re.findall(r'class="number[^"]*">([\d\xa0 ]+)<', html)
    ]
    assert numbers and not [n for n in numbers if 0 < n < 5]


def test_filters_narrow_the_analysis(client, demo_log):
    everyone = client.get(demo_log.get_absolute_url())
    children = client.get(demo_log.get_absolute_url(), {"age_band": "0–18"})
    assert children.status_code == 200
    assert everyone.context["analysis"].persons > children.context["analysis"].persons


def test_a_filter_with_too_few_persons_shows_nothing(client, demo_log):
    page = client.get(
        demo_log.get_absolute_url(),
        {"age_band": "0–18", "start": "2030-01", "end": "2030-01"},
    )
    assert page.context["analysis"].too_few


def test_a_log_that_is_not_public_is_for_analysts_only(client, demo_log, analyst, outsider):
    EventLog.objects.filter(pk=demo_log.pk).update(is_public=False)
    assert client.get(demo_log.get_absolute_url()).status_code == 403
    client.force_login(outsider)
    assert client.get(demo_log.get_absolute_url()).status_code == 403
    client.force_login(analyst)
    assert client.get(demo_log.get_absolute_url()).status_code == 200


def test_the_report_downloads_as_one_html_file(client, demo_log):
    response = client.get(reverse("pathways:report", args=[demo_log.slug]))
    html = response.content.decode()
    assert response["Content-Disposition"].startswith("attachment")
    assert "<style>" in html and "<link" not in html and 'role="img"' in html


def test_importing_needs_an_analyst(client, outsider, data_dir):
    assert client.get(reverse("pathways:import")).status_code == 302
    client.force_login(outsider)
    assert client.get(reverse("pathways:import")).status_code == 403


def upload(client, path, **mapping):
    data = {
        "name": "Test log",
        "case_id": "case_id",
        "activity": "activity",
        "timestamp": "timestamp",
        "organisation": "organisation",
        "level": "level",
        "age": "age",
        "municipality": "municipality",
        "priority_group": "priority_group",
        "lkt_complexity": "lkt_complexity",
        "lkt_capacity": "lkt_capacity",
        **mapping,
    }
    with path.open("rb") as file:
        return client.post(reverse("pathways:import"), {**data, "file": file})


def test_an_analyst_imports_a_log_and_sees_its_analyses(client, analyst, data_dir, tmp_path):
    client.force_login(analyst)
    path = write_generated(generate(80, seed=4), tmp_path / "hendingar.csv")
    response = upload(client, path)
    job = ImportJob.objects.get()
    assert response.url == reverse("pathways:import_status", args=[job.pk])
    assert job.state == ImportJob.State.DONE
    log = EventLog.objects.get()
    assert log.created_by == analyst and log.mapping["case_id"] == "case_id"
    assert AuditEntry.objects.filter(action="pathways.import", object_id=str(log.pk)).exists()
    status = client.get(response.url).content.decode()
    assert log.get_absolute_url() in status
    assert client.get(log.get_absolute_url()).status_code == 200
    assert not list((data_dir / "pathways" / "uploads").iterdir())


def test_a_failed_import_lists_line_and_field_and_stores_nothing(
    client, analyst, data_dir, tmp_path
):
    client.force_login(analyst)
    path = tmp_path / "feil.csv"
    path.write_text(
        "case_id,activity,timestamp,municipality\nA,a,2024-01-01,4601\n"
        "B,a,01017099995 Ola Nordmann,4601\nC,a,2024-01-01,9999\n",
        encoding="utf-8",
    )
    response = upload(
        client,
        path,
        organisation="",
        level="",
        age="",
        priority_group="",
        lkt_complexity="",
        lkt_capacity="",
    )
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED and job.problem_count == 2
    html = client.get(response.url).content.decode()
    assert "Tidspunktet kan ikke leses." in html and "Ukjent kommunenummer." in html
    # The line, the field and the column are named; never the value (it may be a patient's).
    assert "01017099995" not in html and "Ola Nordmann" not in html and "9999" not in html
    assert "01017099995" not in str(job.problems) and "9999" not in str(job.problems)
    assert {(p["line"], p["field"], p["column"]) for p in job.problems} == {
        (3, "timestamp", "timestamp"),
        (4, "municipality", "municipality"),
    }
    assert not EventLog.objects.exists()
    assert not list((data_dir / "pathways").glob("*.parquet"))
