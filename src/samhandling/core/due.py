"""Due values as people write them in plans: «29.04.20», «Veke 38», «Veke 2 eller 3»,
«des 21», «mars–juni 22», «2018–2019», or nothing at all.

Plans keep what was written and sort by a date read from it. This is the one reader of
such values: milestones (projects) and progress plans (cases) both use it. A pure function,
testable without a database.

A value without a year (a bare week or month) belongs to the first year in which it does
not fall before ``after``: in a milestone plan that goes M6 «Veke 50», M7 «Veke 1», the
second is the week 1 that follows week 50.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from enum import StrEnum


class DueKind(StrEnum):
    DATE = "date"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    OPEN = "open"


@dataclass(frozen=True)
class Due:
    """What a due value means: its kind and the first and last day of the period it names
    (both ``None`` when it is open)."""

    kind: DueKind
    start: datetime.date | None = None
    end: datetime.date | None = None

    @property
    def is_open(self) -> bool:
        return self.kind == DueKind.OPEN

    def is_overdue(self, today: datetime.date) -> bool:
        """The whole period has passed."""
        return self.end is not None and self.end < today


OPEN = Due(DueKind.OPEN)

MONTHS = {
    "januar": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "mars": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "desember": 12,
    "des": 12,
}
# Words that say the value is not set yet.
OPEN_WORDS = {"", "-", "–", "—", "?", "open", "ope", "åpen", "ikkje fastsett", "ikke fastsatt"}

_DASH = r"\s*(?:-|–|—|til|to)\s*"
_SEP = r"\s*(?:-|–|—|til|to|eller|or|/|og|and)\s*"
_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(
    rf"^(?:veke|veka|uke|uka|week|v\.?|u\.?)\s*(\d{{1,2}})(?:{_SEP}(?:veke|uke|week)?\s*(\d{{1,2}}))?"
    r"(?:\s*[,/]?\s*(\d{4}|\d{2}))?$"
)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH = re.compile(
    rf"^({_MONTH_NAMES})\.?(?:\s*(\d{{4}}|\d{{2}}))?(?:{_DASH}({_MONTH_NAMES})\.?)?"
    r"(?:\s*(\d{4}|\d{2}))?$"
)
_YEAR = re.compile(rf"^(\d{{4}})(?:{_DASH}(\d{{4}}|\d{{2}}))?$")


def _full_year(text: str) -> int:
    year = int(text)
    return 2000 + year if year < 100 else year


def _week_monday(year: int, week: int) -> datetime.date | None:
    try:
        return datetime.date.fromisocalendar(year, week, 1)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _first_year_not_before(after: datetime.date | None, build) -> Due | None:
    """``build(year)`` for the year of ``after`` or the next, whichever does not end before
    ``after``; unreadable (``None``) without ``after``."""
    if after is None:
        return None
    for year in (after.year, after.year + 1):
        due = build(year)
        if due is not None and due.end is not None and due.end >= after:
            return due
    return build(after.year + 1)


def parse_due(text: str, *, after: datetime.date | None = None) -> Due | None:
    """What ``text`` means as a due value, or ``None`` when it cannot be read.

    Blank and words like «ikkje fastsett» are open. ``after`` settles the year of values
    written without one (see the module's docstring); without it they cannot be read.
    """
    value = " ".join(text.lower().split()).strip(" .")
    if value in OPEN_WORDS:
        return OPEN
    if match := _DATE.match(value):
        day, month, year = int(match[1]), int(match[2]), _full_year(match[3])
        try:
            day_date = datetime.date(year, month, day)
        except ValueError:
            return None
        return Due(DueKind.DATE, day_date, day_date)
    if match := _ISO_DATE.match(value):
        try:
            day_date = datetime.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
        return Due(DueKind.DATE, day_date, day_date)
    if match := _WEEK.match(value):
        first = int(match[1])
        last = int(match[2]) if match[2] else first
        if not 1 <= first <= 53 or not 1 <= last <= 53 or last < first:
            return None

        def weeks(year: int) -> Due | None:
            start, end_monday = _week_monday(year, first), _week_monday(year, last)
            if start is None or end_monday is None:
                return None
            return Due(DueKind.WEEK, start, end_monday + datetime.timedelta(days=6))

        if match[3]:
            return weeks(_full_year(match[3]))
        return _first_year_not_before(after, weeks)
    if match := _MONTH.match(value):
        first_month = MONTHS[match[1]]
        last_month = MONTHS[match[3]] if match[3] else first_month
        first_year = match[2]
        last_year = match[4]
        if first_year and match[3] is None and last_year:
            return None  # «mars 21 22»

        def months(year: int, end_year: int | None = None) -> Due | None:
            end_year = end_year if end_year is not None else year
            if last_month < first_month and end_year == year:
                end_year = year + 1  # «nov–feb 22» runs into the next year
            start = datetime.date(year, first_month, 1)
            end = _month_end(end_year, last_month)
            if end < start:
                return None
            return Due(DueKind.MONTH, start, end)

        if last_year and not first_year:
            end_year = _full_year(last_year)
            start_year = end_year - 1 if last_month < first_month else end_year
            return months(start_year, end_year)
        if first_year:
            year = _full_year(first_year)
            end_year = _full_year(last_year) if last_year else None
            return months(year, end_year)
        return _first_year_not_before(after, months)
    if match := _YEAR.match(value):
        first_year = int(match[1])
        last_year = first_year
        if match[2]:
            last_year = (
                int(match[2]) if len(match[2]) == 4 else first_year // 100 * 100 + int(match[2])
            )
        if last_year < first_year:
            return None
        return Due(DueKind.YEAR, datetime.date(first_year, 1, 1), datetime.date(last_year, 12, 31))
    return None
