"""The case paper as a file, laid out like the committees' own "Sak til samarbeidsutvala"
(seed 004): PDF from an HTML print template and DOCX.

Callers hand over a case the reader may read (``access.readable_case_for_user``) and say
whether the reader is close to it (``show_exempt``): exempt sections and attachments are
printed only for those, and others see the legal basis in their place.

The paper ends with its «saksgang»: each committee it went to, the meeting, the agenda
number and what was decided there (the decision in force: a correction replaces it)."""

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from samhandling.core.documents import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    DocumentInfo,
    add_facts_table,
    add_note,
    add_title,
    html_to_docx,
    new_document,
    pdf_from_template,
    rich_text,
    save_document,
)
from samhandling.structure.models import Organisation

from .access import visible_sections
from .models import Case, Decision, Treatment

__all__ = ["DOCX_CONTENT_TYPE", "PDF_CONTENT_TYPE", "case_paper_docx", "case_paper_pdf"]


@dataclass(frozen=True)
class Section:
    heading: str
    html: str | None  # None: exempt, and the reader may not see it


def exempt_label(basis: str) -> str:
    return _("Exempt from public access, %(basis)s") % {"basis": basis}


def case_paper_facts(case: Case) -> list[tuple[str, str]]:
    """The header table of the paper: goes to, date, case officer, subject, case number."""
    committees = [t.committee.name for t in case.treatments.all()]
    officer = ", ".join(
        part
        for part in (
            case.case_officer.full_name if case.case_officer else "",
            case.case_officer_unit,
        )
        if part
    )
    return [
        (_("Goes to"), ", ".join(dict.fromkeys(committees)) or "–"),
        (_("Date"), formats.date_format(case.paper_date, "j.n.Y")),
        (_("Case officer"), officer or "–"),
        (_("Concerns"), case.subject),
        (_("Case number"), case.label),
    ]


@dataclass(frozen=True)
class HistoryRow:
    """One line of the saksgang."""

    committee: str
    role: str
    meeting_date: str
    agenda_number: str
    outcome: str
    corrected: bool = False


def _decision_of(treatment: Treatment) -> Decision | None:
    try:
        return treatment.decision
    except Decision.DoesNotExist:
        return None


def _agenda_item_of(treatment: Treatment):
    # The agenda item belongs to the meetings app above this one, so it is reached through
    # the reverse relation (whose «does not exist» is an AttributeError), never imported.
    return getattr(treatment, "agenda_item", None)


def case_history(case: Case) -> list[HistoryRow]:
    """The paper's saksgang, in the order of the treatments (lower levels first). The
    caller hands over a case the reader may read, so each treatment of it may be shown."""
    rows = []
    for treatment in case.treatments.all():
        item = _agenda_item_of(treatment)
        decision = _decision_of(treatment)
        in_force = decision.in_force if decision is not None else None
        if in_force is not None:
            outcome = in_force.get_outcome_display()
            outcome = f"{outcome[:1].upper()}{outcome[1:]}"
        else:
            outcome = _("Not yet treated")
        rows.append(
            HistoryRow(
                committee=treatment.committee.name,
                role=treatment.get_role_display(),
                meeting_date=(
                    formats.date_format(item.meeting.starts_at, "j.n.Y") if item else "–"
                ),
                agenda_number=item.label if item else "–",
                outcome=outcome,
                corrected=in_force is not None and in_force is not decision,
            )
        )
    return rows


def history_headings() -> list[str]:
    return [_("Committee"), _("Meeting"), _("Agenda number"), _("Decision")]


def secretariat_name() -> str:
    """The shared secretariat that issues the papers, as the structure names it."""
    name = (
        Organisation.objects.filter(kind=Organisation.Kind.SECRETARIAT)
        .order_by("pk")
        .values_list("name", flat=True)
        .first()
    )
    return name or _("The secretariat")


def case_paper_info(case: Case) -> DocumentInfo:
    committees = list(dict.fromkeys(t.committee.name for t in case.treatments.all()))
    secretariat = secretariat_name()
    return DocumentInfo(
        kind=_("Case paper"),
        title=f"{case.label} {case.subject}",
        reference=case.label,
        author=secretariat,
        sender=secretariat,
        subject=case.subject,
        keywords=(_("Case paper"), case.label, *committees),
    )


def case_paper_sections(case: Case, *, show_exempt: bool = True) -> list[Section]:
    """The free sections in the paper's order; empty ones are left out."""
    return [
        Section(heading, html) for _name, heading, html in visible_sections(case, close=show_exempt)
    ]


def case_paper_attachments(case: Case, *, show_exempt: bool) -> list[str]:
    return [
        a.title if show_exempt or not a.is_exempt else exempt_label(a.exemption_reference)
        for a in case.attachments.all()
    ]


def case_paper_pdf(case: Case, *, show_exempt: bool) -> bytes:
    """The case paper as PDF."""
    return pdf_from_template(
        "cases/documents/case_paper.html",
        {
            "case": case,
            "facts": case_paper_facts(case),
            "history": case_history(case),
            "history_headings": history_headings(),
            "sections": [
                (
                    s.heading,
                    rich_text(s.html) if s.html is not None else None,
                    exempt_label(case.exemption_reference),
                )
                for s in case_paper_sections(case, show_exempt=show_exempt)
            ],
            "attachments": case_paper_attachments(case, show_exempt=show_exempt),
        },
        case_paper_info(case),
    )


def case_paper_docx(case: Case, *, show_exempt: bool) -> bytes:
    document = new_document(case_paper_info(case))
    add_title(document, _("Case paper to the committees"))
    add_facts_table(document, case_paper_facts(case))
    if case.is_exempt:
        add_note(document, exempt_label(case.exemption_reference))
    for section in case_paper_sections(case, show_exempt=show_exempt):
        document.add_heading(section.heading, level=2)
        if section.html is None:
            add_note(document, exempt_label(case.exemption_reference))
        else:
            html_to_docx(document, section.html)
    attachments = case_paper_attachments(case, show_exempt=show_exempt)
    if attachments:
        document.add_heading(_("Attachments"), level=2)
        for title in attachments:
            document.add_paragraph(title, style="List Number")
    history = case_history(case)
    if history:
        document.add_heading(_("Committee history"), level=2)
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, history_headings(), strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        for row in history:
            outcome = row.outcome + (f" ({_('corrected')})" if row.corrected else "")
            committee = f"{row.committee} ({row.role})"
            cells = table.add_row().cells
            for cell, text in zip(
                cells, (committee, row.meeting_date, row.agenda_number, outcome), strict=True
            ):
                cell.text = text
    return save_document(document)
