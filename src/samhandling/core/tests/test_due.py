"""The one reader of due values as plans write them (seed 000's milestones, the cases'
progress plans). Pure: no database."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from samhandling.core.due import MONTHS, OPEN, DueKind, parse_due

dates = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2098, 12, 31))
NUMBER_OF_MONTH = {number: name for name, number in MONTHS.items()}


def test_seed_000s_values_read_as_written():
    after = datetime.date(2020, 4, 1)
    assert parse_due("29.04.20", after=after).start == datetime.date(2020, 4, 29)
    week_38 = parse_due("Veke 38", after=after)
    assert (week_38.kind, week_38.start, week_38.end) == (
        DueKind.WEEK,
        datetime.date(2020, 9, 14),
        datetime.date(2020, 9, 20),
    )
    two_or_three = parse_due("Veke 2 eller 3", after=datetime.date(2020, 12, 7))
    assert (two_or_three.start, two_or_three.end) == (
        datetime.date(2021, 1, 11),
        datetime.date(2021, 1, 24),
    )


def test_progress_plan_months_and_ranges():
    assert parse_due("des 21").start == datetime.date(2021, 12, 1)
    spring = parse_due("mars–juni 22")
    assert (spring.start, spring.end) == (datetime.date(2022, 3, 1), datetime.date(2022, 6, 30))
    assert parse_due("2018–2019").end == datetime.date(2019, 12, 31)


def test_blank_is_open_and_prose_is_unreadable():
    assert parse_due("") == OPEN
    assert parse_due("  ikkje fastsett ") == OPEN
    assert parse_due("Oppnemnt seinare") is None
    assert parse_due("31.02.2020") is None


def test_a_bare_week_needs_a_context_to_know_its_year():
    assert parse_due("Veke 38") is None


@given(dates)
def test_every_date_written_day_month_year_reads_back(day):
    for text in (f"{day:%d.%m.%Y}", f"{day.day}.{day.month}.{day:%Y}", day.isoformat()):
        due = parse_due(text)
        assert due is not None and due.kind == DueKind.DATE
        assert due.start == due.end == day


@given(dates, st.integers(min_value=1, max_value=52), st.sampled_from(["Veke", "veke", "Uke"]))
def test_a_bare_week_is_the_first_one_not_ending_before_the_context(after, week, word):
    due = parse_due(f"{word} {week}", after=after)
    assert due is not None and due.kind == DueKind.WEEK
    assert due.start.weekday() == 0 and due.start.isocalendar().week == week
    assert due.end - due.start == datetime.timedelta(days=6)
    assert due.end >= after
    # …and the same week a year earlier would have ended before the context.
    earlier = datetime.date.fromisocalendar(due.start.isocalendar().year - 1, week, 7)
    assert earlier < after


@given(dates, st.integers(min_value=1, max_value=12), st.integers(min_value=0, max_value=11))
def test_a_month_range_covers_whole_months(after, first, span):
    last = min(12, first + span)
    text = f"{NUMBER_OF_MONTH[first]}–{NUMBER_OF_MONTH[last]} {after.year}"
    due = parse_due(text)
    assert due is not None and due.kind == DueKind.MONTH
    assert due.start == datetime.date(after.year, first, 1)
    assert due.end.month == last and (due.end + datetime.timedelta(days=1)).day == 1


@given(st.text(max_size=40), st.none() | dates)
def test_any_text_reads_as_a_period_or_not_at_all(text, after):
    due = parse_due(text, after=after)
    if due is not None and not due.is_open:
        assert due.start <= due.end


@given(dates, dates)
def test_overdue_only_when_the_whole_period_has_passed(day, today):
    due = parse_due(day.isoformat())
    assert due.is_overdue(today) == (day < today)
    assert not OPEN.is_overdue(today)
