"""Showing published cells, times and the engine's codes in the page's language."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..engine.compute import END, START
from ..engine.privacy import Cell

register = template.Library()


def labels() -> dict[str, str]:
    return {
        "gp": _("GP"),
        "hospital": _("hospital"),
        "municipality": _("municipality"),
        "readmitted": _("readmitted within 30 days"),
        "not_readmitted": _("not readmitted"),
        "low": _("low"),
        "medium": _("medium"),
        "high": _("high"),
        "unknown": _("unknown"),
        "all": _("all"),
        "persons": _("persons"),
        START: _("start"),
        END: _("end"),
    }


@register.filter
def label(code: object) -> str:
    return labels().get(str(code), str(code))


@register.filter
def cell(value: Cell | int | None) -> str:
    """A count, or the hidden mark with its meaning for screen readers."""
    if isinstance(value, Cell):
        value = value.value
        if value is None:
            return format_html(
                '<span aria-hidden="true">●</span><span class="visually-hidden">{}</span>',
                _("hidden"),
            )
    if value is None:
        return "–"
    return number_format(value, force_grouping=True)


@register.filter
def duration(seconds: float | None) -> str:
    if not isinstance(seconds, (int, float)):
        return "–"
    if seconds < 3600:
        return _("%(n)s min") % {"n": number_format(seconds / 60, 0)}
    if seconds < 2 * 86400:
        return _("%(n)s h") % {"n": number_format(seconds / 3600, 1)}
    return _("%(n)s d") % {"n": number_format(seconds / 86400, 1)}


@register.filter
def days(value: float | None) -> str:
    return (
        "–" if not isinstance(value, (int, float)) else number_format(value, 1, force_grouping=True)
    )


@register.filter
def percent(share: float | None) -> str:
    return "–" if not isinstance(share, (int, float)) else f"{number_format(share * 100, 1)} %"


@register.filter
def arrows(activities: tuple[str, ...]) -> str:
    return " → ".join(activities)


@register.filter
def at(row: list, index: int):
    return row[index]
