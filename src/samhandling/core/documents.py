"""Documents as files, shared by every app that prints papers: rich text as safe HTML, PDF
from an HTML print template (WeasyPrint) and DOCX building blocks (python-docx), with rich
text mapped to Word's own paragraph, heading and list styles."""

import io

import lxml.html
import nh3
from django.template.defaultfilters import linebreaks
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from docx import Document
from docx.shared import Pt

PDF_CONTENT_TYPE = "application/pdf"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def rich_text(text: str) -> SafeString:
    """Stored rich text as safe HTML: sanitised again on the way out, and plain text (from
    imports or older entries) turned into paragraphs."""
    if "<" not in text:
        return linebreaks(text, autoescape=True)
    # nh3 has just sanitised it.
    return mark_safe(nh3.clean(text))


def pdf_from_template(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


# DOCX building blocks


def new_document() -> Document:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    return document


def add_title(document, text: str) -> None:
    # Word's own heading styles, so the navigation pane and the outline find the structure.
    document.add_heading(text, level=1)


def add_note(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = True


def add_facts_table(document, facts: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].text = ""
        cells[0].paragraphs[0].add_run(f"{label}:").bold = True
        cells[1].text = value
    document.add_paragraph()


def save_document(document) -> bytes:
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
