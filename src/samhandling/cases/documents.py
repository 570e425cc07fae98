"""The case paper as a file, laid out like the committees' own "Sak til samarbeidsutvala"
(seed 004): PDF from an HTML print template and DOCX.

Callers hand over a case the reader may read (``access.readable_case_for_user``) and say
whether the reader is close to it (``show_exempt``): exempt sections and attachments are
printed only for those, and others see the legal basis in their place."""

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from samhandling.core.documents import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    add_facts_table,
    add_note,
    add_title,
    html_to_docx,
    new_document,
    pdf_from_template,
    rich_text,
    save_document,
)

from .access import visible_sections
from .models import Case

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
        (_("Case number"), case.number),
    ]


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
    )


def case_paper_docx(case: Case, *, show_exempt: bool) -> bytes:
    document = new_document()
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
    return save_document(document)
