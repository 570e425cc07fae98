"""The papers of a meeting as files: each case paper and the notice with its agenda, as PDF
(WeasyPrint, from an HTML print template) and as DOCX (python-docx), laid out like the
committees' own "Sak til samarbeidsutvala" (seed 004).

Visitors get exempt content blanked out; callers say whether the reader may see it."""

import io
from dataclasses import dataclass

import lxml.html
import nh3
from django.template.defaultfilters import linebreaks
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Pt

from samhandling.cases.models import Case
from samhandling.core.access import Access

from .models import Meeting
from .services import item_exemption_label, item_is_public

PDF_CONTENT_TYPE = "application/pdf"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def rich_text(text: str) -> SafeString:
    """Stored rich text as safe HTML: sanitised again on the way out, and plain text (from
    imports or older entries) turned into paragraphs."""
    if "<" not in text:
        return linebreaks(text, autoescape=True)
    # nh3 has just sanitised it.
    return mark_safe(nh3.clean(text))


@dataclass(frozen=True)
class Section:
    heading: str
    html: str


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


def case_paper_sections(case: Case) -> list[Section]:
    """The free sections in the paper's order; empty ones are left out."""
    sections = [
        Section(_("Introduction"), case.introduction),
        Section(_("Background"), case.background),
        Section(_("Assessment"), case.assessment),
        Section(_("Further work"), case.further_work),
        Section(_("Proposed resolution"), case.proposed_resolution),
    ]
    return [s for s in sections if s.html.strip()]


def case_paper_attachments(case: Case, *, show_exempt: bool) -> list[str]:
    return [
        a.title
        if show_exempt or a.access == Access.OPEN
        else _("Exempt from public access, %(basis)s")
        % {"basis": a.exemption_basis.replace("offl-", "offl. § ")}
        for a in case.attachments.all()
    ]


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def case_paper_pdf(case: Case, *, show_exempt: bool) -> bytes:
    """The case paper as PDF. An exempt case is only rendered for readers who may see it."""
    _refuse_exempt(case, show_exempt)
    return _pdf(
        "meetings/documents/case_paper.html",
        {
            "case": case,
            "facts": case_paper_facts(case),
            "sections": [(s.heading, rich_text(s.html)) for s in case_paper_sections(case)],
            "attachments": case_paper_attachments(case, show_exempt=show_exempt),
        },
    )


def case_paper_docx(case: Case, *, show_exempt: bool) -> bytes:
    _refuse_exempt(case, show_exempt)
    document = _new_document()
    _title(document, _("Case paper to the committees"))
    _facts_table(document, case_paper_facts(case))
    if case.is_exempt:
        _note(
            document,
            _("Exempt from public access, %(basis)s")
            % {"basis": case.exemption_basis.replace("offl-", "offl. § ")},
        )
    for section in case_paper_sections(case):
        document.add_heading(section.heading, level=2)
        html_to_docx(document, section.html)
    attachments = case_paper_attachments(case, show_exempt=show_exempt)
    if attachments:
        document.add_heading(_("Attachments"), level=2)
        for title in attachments:
            document.add_paragraph(title, style="List Number")
    return _save(document)


def _refuse_exempt(case: Case, show_exempt: bool) -> None:
    if case.is_exempt and not show_exempt:
        raise PermissionError("exempt case paper")


@dataclass(frozen=True)
class NoticeItem:
    number: str
    subject: str
    case_number: str
    role: str


def notice_items(meeting: Meeting, *, show_exempt: bool) -> list[NoticeItem]:
    rows = []
    for item in meeting.agenda_items.all():
        treatment = item.treatment
        public = show_exempt or item_is_public(item)
        if treatment is None:
            subject = item.title if public else item_exemption_label(item)
            rows.append(NoticeItem(item.number, subject, "", ""))
            continue
        rows.append(
            NoticeItem(
                item.number,
                treatment.case.subject if public else item_exemption_label(item),
                treatment.case.number,
                treatment.get_role_display(),
            )
        )
    return rows


def notice_facts(meeting: Meeting) -> list[tuple[str, str]]:
    starts = timezone.localtime(meeting.starts_at)
    ends = timezone.localtime(meeting.ends_at)
    facts = [
        (_("Committee"), meeting.committee.name),
        (_("Time"), f"{formats.date_format(starts, 'j.n.Y')} {starts:%H:%M}–{ends:%H:%M}"),
    ]
    if meeting.place:
        facts.append((_("Place"), meeting.place))
    if meeting.video_link:
        facts.append((_("Video link"), meeting.video_link))
    return facts


def notice_title(meeting: Meeting) -> str:
    return _("Notice of meeting in %(committee)s") % {"committee": meeting.committee.name}


def notice_pdf(meeting: Meeting, *, show_exempt: bool) -> bytes:
    return _pdf(
        "meetings/documents/notice.html",
        {
            "meeting": meeting,
            "title": notice_title(meeting),
            "facts": notice_facts(meeting),
            "items": notice_items(meeting, show_exempt=show_exempt),
        },
    )


def notice_docx(meeting: Meeting, *, show_exempt: bool) -> bytes:
    document = _new_document()
    _title(document, notice_title(meeting))
    _facts_table(document, notice_facts(meeting))
    if meeting.title:
        document.add_paragraph(meeting.title)
    document.add_heading(_("Agenda"), level=2)
    items = notice_items(meeting, show_exempt=show_exempt)
    if not items:
        document.add_paragraph(_("No items on the agenda yet."))
    else:
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells,
            (
                _("Item"),
                _("Concerns"),
                _("Case number"),
                _("Treatment"),
            ),
            strict=True,
        ):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for item in items:
            cells = table.add_row().cells
            for cell, text in zip(
                cells, (item.number, item.subject, item.case_number, item.role), strict=True
            ):
                cell.text = text
    return _save(document)


# DOCX building blocks


def _new_document() -> Document:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    return document


def _title(document, text: str) -> None:
    # Word's own heading styles, so the navigation pane and the outline find the structure.
    document.add_heading(text, level=1)


def _note(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = True


def _facts_table(document, facts: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].text = ""
        cells[0].paragraphs[0].add_run(f"{label}:").bold = True
        cells[1].text = value
    document.add_paragraph()


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_BLOCK_TAGS = {
    "p",
    "div",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "table",
    "pre",
}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def html_to_docx(container, html: str) -> None:
    """Write sanitised rich text into a document (or table cell): paragraphs, headings,
    bulleted and numbered lists (nested one level deeper each), bold, italic, underline and
    line breaks. Plain text without tags becomes one paragraph per blank-line block."""
    if "<" not in html:
        for block in html.replace("\r\n", "\n").split("\n\n"):
            if block.strip():
                paragraph = container.add_paragraph()
                _add_text(paragraph, block.strip(), {})
        return
    root = lxml.html.fragment_fromstring(nh3.clean(html), create_parent="div")
    _write_blocks(container, root, depth=0)


def _write_blocks(container, element, *, depth: int) -> None:
    loose = None  # a paragraph for inline content that sits outside any block

    def loose_paragraph():
        nonlocal loose
        if loose is None:
            loose = container.add_paragraph()
        return loose

    if element.text and element.text.strip():
        _add_text(loose_paragraph(), element.text, {})
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _BLOCK_TAGS:
            loose = None
            if tag in {"ul", "ol"}:
                _write_list(container, child, numbered=tag == "ol", depth=depth)
            elif tag in _HEADING_TAGS:
                # Below the document's title (Heading 1) and the section (Heading 2).
                level = 3 if tag in {"h1", "h2", "h3"} else 4
                paragraph = container.add_paragraph(style=f"Heading {level}")
                _write_inline(paragraph, child, {})
            elif tag == "table":
                for row in child.iter("tr"):
                    paragraph = container.add_paragraph()
                    _add_text(paragraph, " | ".join(c.text_content().strip() for c in row), {})
            elif tag == "div" or tag == "blockquote":
                _write_blocks(container, child, depth=depth)
            else:
                paragraph = container.add_paragraph()
                _write_inline(paragraph, child, {})
        elif tag:
            paragraph = loose_paragraph()
            _write_element(paragraph, child, {})
        if child.tail and child.tail.strip():
            _add_text(loose_paragraph(), child.tail, {})


def _write_list(container, element, *, numbered: bool, depth: int) -> None:
    base = "List Number" if numbered else "List Bullet"
    style = base if depth == 0 else f"{base} {min(depth + 1, 3)}"
    for li in element:
        if li.tag != "li":
            continue
        paragraph = container.add_paragraph(style=style)
        if li.text:
            _add_text(paragraph, li.text, {})
        for child in li:
            if child.tag in {"ul", "ol"}:
                _write_list(container, child, numbered=child.tag == "ol", depth=depth + 1)
            elif child.tag == "p":
                _write_inline(paragraph, child, {})
            else:
                _write_element(paragraph, child, {})
            if child.tail and child.tail.strip():
                _add_text(paragraph, child.tail, {})


_INLINE_FORMAT = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "u": "underline"}


def _write_element(paragraph, element, fmt: dict) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "br":
        paragraph.add_run().add_break()
        return
    inner = dict(fmt)
    if tag in _INLINE_FORMAT:
        inner[_INLINE_FORMAT[tag]] = True
    _write_inline(paragraph, element, inner)
    if tag == "a" and element.get("href") and element.get("href") != element.text_content():
        _add_text(paragraph, f" ({element.get('href')})", fmt)


def _write_inline(paragraph, element, fmt: dict) -> None:
    if element.text:
        _add_text(paragraph, element.text, fmt)
    for child in element:
        _write_element(paragraph, child, fmt)
        if child.tail:
            _add_text(paragraph, child.tail, fmt)


def _add_text(paragraph, text: str, fmt: dict) -> None:
    text = " ".join(text.split()) if text.strip() else ""
    if not text:
        return
    last = paragraph.runs[-1] if paragraph.runs else None
    if (
        last is not None
        and last.text
        and not last.text.endswith((" ", "\n"))
        and not text.startswith((",", ".", ":", ";", ")"))
    ):
        # The space goes with the run before, so bold and italic words stay tight.
        last.text += " "
    run = paragraph.add_run(text)
    run.bold = fmt.get("bold") or None
    run.italic = fmt.get("italic") or None
    run.underline = fmt.get("underline") or None
