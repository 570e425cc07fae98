"""The progress plan's sort date comes from what was written when it is left empty."""

import datetime

from samhandling.cases.forms import ProgressPlanEntryForm


def test_an_empty_sort_date_is_read_from_when():
    form = ProgressPlanEntryForm({"when": "mars–juni 22", "sort_date": "", "what": "Pilot"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["sort_date"] == datetime.date(2022, 3, 1)


def test_a_given_sort_date_is_kept():
    form = ProgressPlanEntryForm({"when": "des 21", "sort_date": "2021-12-09", "what": "SU"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["sort_date"] == datetime.date(2021, 12, 9)


def test_an_unreadable_when_asks_for_the_sort_date():
    form = ProgressPlanEntryForm({"when": "etter ferien", "sort_date": "", "what": "SU"})
    assert not form.is_valid()
    assert "etter ferien" in form.errors["sort_date"][0]
