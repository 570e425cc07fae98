from django import template

from samhandling.agreements import selectors

register = template.Library()


@register.simple_tag
def agreement_points_for_case(case_id: int) -> list:
    """The agreement points a case concerns (one query), for the case page's section."""
    return selectors.case_point_links(case_id)


@register.simple_tag
def agreement_points_for_project(project_id: int) -> list:
    """The agreement points a project concerns (one query), for a project page."""
    return selectors.project_point_links(project_id)


@register.filter
def kroner(value) -> str:
    """Whole kroner with a thin group separator as Norwegian writes them: 1 000 001."""
    if value is None or value == "":
        return ""
    return f"{int(value):,}".replace(",", "\u00a0")
