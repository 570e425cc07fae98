"""The timeline of phases and milestones, drawn on the server as SVG. The picture is an
image with a title and a description (``role="img"``); the page shows the same content as a
table right below it, so nothing is only in the picture."""

import datetime
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 960
LABEL = 200
ROW = 30
TOP = 34


@dataclass(frozen=True)
class Bar:
    label: str
    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class Point:
    code: str
    label: str
    start: datetime.date
    end: datetime.date
    state: str  # "done", "overdue" or "due"


def _months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months = []
    current = datetime.date(first.year, first.month, 1)
    while current <= last:
        months.append(current)
        current = datetime.date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return months


def timeline_svg(
    *, title: str, description: str, bars: list[Bar], points: list[Point], today: datetime.date
) -> SafeString:
    """An SVG of phase bars and milestone marks over a time axis; empty when nothing has a
    date."""
    dates = [d for b in bars for d in (b.start, b.end)] + [
        d for p in points for d in (p.start, p.end)
    ]
    if not dates:
        return mark_safe("")
    first, last = min(dates), max(dates)
    first = datetime.date(first.year, first.month, 1)
    last = last + datetime.timedelta(days=15)
    span = max((last - first).days, 1)
    plot = WIDTH - LABEL - 20

    def x(day: datetime.date) -> float:
        return LABEL + plot * (day - first).days / span

    rows = len(bars) + len(points)
    height = TOP + ROW * rows + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="timeline-title timeline-desc" class="timeline-svg">',
        f'<title id="timeline-title">{escape(title)}</title>',
        f'<desc id="timeline-desc">{escape(description)}</desc>',
    ]
    months = _months_between(first, last)
    step = max(1, len(months) // 12)
    for index, month in enumerate(months):
        if index % step:
            continue
        mx = x(month)
        parts.append(
            f'<line x1="{mx:.1f}" y1="{TOP - 6}" x2="{mx:.1f}" y2="{height - 16}" class="tick"/>'
        )
        label = month.strftime("%m.%y")
        parts.append(f'<text x="{mx + 2:.1f}" y="{TOP - 10}" class="tick-label">{label}</text>')
    if first <= today <= last:
        today_label = escape(_("today"))
        tx = x(today)
        parts.append(
            f'<line x1="{tx:.1f}" y1="{TOP - 6}" x2="{tx:.1f}" y2="{height - 16}" class="today"/>'
        )
        parts.append(
            f'<text x="{tx + 3:.1f}" y="{height - 4}" class="today-label">{today_label}</text>'
        )
    y = TOP
    for bar in bars:
        x1, x2 = x(bar.start), x(bar.end + datetime.timedelta(days=1))
        parts.append(f'<text x="4" y="{y + 19}" class="row-label">{escape(bar.label[:30])}</text>')
        parts.append(
            f'<rect x="{x1:.1f}" y="{y + 5}" width="{max(x2 - x1, 3):.1f}" height="{ROW - 10}" '
            f'class="phase"/>'
        )
        y += ROW
    for point in points:
        x1, x2 = x(point.start), x(point.end + datetime.timedelta(days=1))
        cy = y + ROW / 2
        parts.append(
            f'<text x="4" y="{y + 19}" class="row-label">{escape((point.code + " " + point.label)[:30])}</text>'
        )
        if (point.end - point.start).days > 0:
            parts.append(
                f'<rect x="{x1:.1f}" y="{cy - 3:.1f}" width="{max(x2 - x1, 3):.1f}" height="6" '
                f'class="span {point.state}"/>'
            )
        cx = x1
        parts.append(
            f'<path d="M{cx:.1f} {cy - 8:.1f} L{cx + 8:.1f} {cy:.1f} L{cx:.1f} {cy + 8:.1f} '
            f'L{cx - 8:.1f} {cy:.1f} Z" class="mark {point.state}"/>'
        )
        y += ROW
    parts.append("</svg>")
    # Safe: every piece of text in it was escaped above; the rest is our own markup.
    return mark_safe("".join(parts))
