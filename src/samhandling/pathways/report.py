"""Turning a published analysis into the context of the pages and the self-contained report."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .engine.analyses import PublishedAnalysis
from .engine.graph import GraphText, render_bars, render_svg
from .templatetags.pathway_tags import label

CSS = Path(__file__).with_name("report.css")


def analysis_context(analysis: PublishedAnalysis, *, use_dot: bool = True) -> dict:
    context: dict = {"analysis": analysis}
    if analysis.too_few:
        return context
    if analysis.dfg is not None:
        text = GraphText(
            title=_("Pathway graph"),
            description=_(
                "Activities as boxes with the number of persons; arrows show which activity "
                "follows which, with the number of persons and the median time between them. "
                "The same figures are in the table below the graph."
            ),
            start=label("▶"),
            end=label("■"),
            persons=_("persons"),
            median=_("median"),
        )
        context["graph_svg"] = render_svg(analysis.dfg, text, use_dot=use_dot)
    if analysis.durations is not None:
        context["duration_svg"] = render_bars(
            analysis.durations.labels,
            [c.value for c in analysis.durations.cells],
            title=_("Case durations in days"),
            description=_("Number of persons by the duration of their pathway, in days."),
            hidden_text=_("hidden"),
            ident="duration-chart",
        )
    if analysis.level_handovers is not None:
        context["level_handovers"] = matrix_rows(analysis.level_handovers, translate=True)
    if analysis.organisation_handovers is not None:
        context["organisation_handovers"] = matrix_rows(analysis.organisation_handovers)
    if analysis.readmissions is not None:
        context["readmissions"] = matrix_rows(analysis.readmissions, translate_columns=True)
    if analysis.segments is not None:
        context["segments"] = matrix_rows(analysis.segments, translate=True)
    return context


def matrix_rows(matrix, *, translate: bool = False, translate_columns: bool = False) -> dict:
    def name(code: str, on: bool) -> str:
        return label(code) if on else code

    return {
        "columns": [name(c, translate or translate_columns) for c in matrix.column_labels],
        "rows": [
            (name(r, translate), cells, total)
            for r, cells, total in zip(
                matrix.row_labels, matrix.cells, matrix.row_totals, strict=True
            )
        ],
        "column_totals": matrix.column_totals,
        "grand_total": matrix.grand_total,
        "structural": matrix.structural,
        "any_hidden": matrix.any_hidden,
    }


def render_report(
    analysis: PublishedAnalysis, *, title: str, source_name: str, use_dot: bool = True
) -> str:
    """One HTML file with its styles and graphs inside: it can be mailed or archived."""
    context = analysis_context(analysis, use_dot=use_dot)
    context.update(
        {
            "title": title,
            "source_name": source_name,
            "made_at": timezone.localtime(),
            "css": CSS.read_text(encoding="utf-8"),
        }
    )
    return render_to_string("pathways/report.html", context)
