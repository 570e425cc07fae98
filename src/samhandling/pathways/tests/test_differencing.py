"""Differencing: views that can be narrowed step by step must not open a small group."""

from datetime import date, datetime, timedelta

import polars as pl
import pytest
from django.urls import reverse

from samhandling.pathways.engine import AnalysisOptions, Filters, analyse
from samhandling.pathways.engine.reading import ColumnMapping, to_canonical
from samhandling.pathways.engine.reference import Municipality


def _log(groups: dict[tuple[str, str, str], int], month_of=None) -> pl.DataFrame:
    """`count` persons for each (age band, municipality, month), two events each."""
    rows = []
    n = 0
    for (band, municipality, month), count in groups.items():
        for _ in range(count):
            start = datetime.fromisoformat(f"{month}-10T10:00")
            for k, activity in enumerate(("Innleggelse", "Utskriving")):
                rows.append(
                    {
                        "case_id": f"P{n}",
                        "activity": activity,
                        "timestamp": (start + timedelta(hours=k)).isoformat(),
                        "age_band": band,
                        "municipality": municipality,
                    }
                )
            n += 1
    mapping = ColumnMapping(
        "case_id", "activity", "timestamp", age_band="age_band", municipality="municipality"
    )
    return to_canonical(pl.DataFrame(rows), mapping)


REFERENCE = {
    number: Municipality(number=number, name=name, area=area, local_hospital="", population=0)
    for number, name, area in [
        ("4601", "Bergen", "Bergen"),
        ("4624", "Bjørnafjorden", "Sør"),
        ("4625", "Austevoll", "Sør"),
        ("4629", "Modalen", "Nord"),
    ]
}


def _view(frame, **filters):
    options = AnalysisOptions(filters=Filters(**filters), municipalities=REFERENCE)
    return analyse(frame, options)


def test_a_small_municipality_cannot_be_worked_out_from_its_area_and_neighbour():
    frame = _log({("19–66", "4624", "2024-01"): 40, ("19–66", "4625", "2024-01"): 3})
    area = _view(frame, areas=("Sør",))
    assert area.persons == 43
    # Before: Bjørnafjorden (40) was shown, and 43 − 40 gave Austevoll's 3.
    assert _view(frame, municipalities=("4624",)).too_few
    assert _view(frame, municipalities=("4625",)).too_few


def test_large_siblings_are_shown_when_the_small_ones_hide_each_other():
    frame = _log(
        {
            ("19–66", "4601", "2024-01"): 50,
            ("19–66", "4624", "2024-01"): 40,
            ("19–66", "4625", "2024-01"): 3,
            ("19–66", "4629", "2024-01"): 2,
        }
    )
    assert _view(frame, municipalities=("4601",)).persons == 50
    assert _view(frame, municipalities=("4624",)).persons == 40
    assert _view(frame, municipalities=("4625",)).narrowed


def test_an_age_band_cannot_be_subtracted_from_the_whole():
    frame = _log({("19–66", "4601", "2024-01"): 30, ("80+", "4601", "2024-01"): 2})
    assert _view(frame, age_bands=("19–66",)).narrowed
    assert _view(frame, municipalities=("4601",), age_bands=("19–66",)).narrowed


def test_a_period_is_whole_months():
    with pytest.raises(ValueError):
        Filters(start=date(2024, 1, 2))
    with pytest.raises(ValueError):
        Filters(end=date(2024, 1, 30))
    Filters(start=date(2024, 1, 1), end=date(2024, 2, 29))


def test_a_period_whose_edge_month_holds_a_few_persons_shows_nothing():
    frame = _log({("19–66", "4601", "2024-01"): 2, ("19–66", "4601", "2024-02"): 30})
    both = _view(frame, start=date(2024, 1, 1), end=date(2024, 2, 29))
    assert both.narrowed
    assert _view(frame, start=date(2024, 2, 1), end=date(2024, 2, 29)).persons == 30


@pytest.mark.django_db
def test_the_page_takes_months_and_refuses_days(client, data_dir):
    from samhandling.pathways import demo
    from samhandling.pathways.models import EventLog

    demo.DEMO_PATIENTS, original = 600, demo.DEMO_PATIENTS
    try:
        demo.load()
    finally:
        demo.DEMO_PATIENTS = original
    log = EventLog.objects.get(is_demo=True)
    days = client.get(log.get_absolute_url(), {"start": "2023-01-01", "end": "2023-01-02"})
    assert days.status_code == 200 and days.context["form"].errors
    assert "analysis" not in days.context
    months = client.get(log.get_absolute_url(), {"start": "2023-01", "end": "2023-12"})
    assert not months.context["form"].errors
    assert months.context["analysis"].filters.end == date(2023, 12, 31)
    report = client.get(
        reverse("pathways:report", args=[log.slug]), {"start": "2023-01-05", "end": "2023-01-06"}
    )
    assert report.status_code == 302
