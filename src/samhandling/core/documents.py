"""Documents as files, shared by every app that prints papers: rich text as safe HTML, PDF
from an HTML print template (WeasyPrint) and DOCX building blocks (python-docx), with rich
text mapped to Word's own paragraph, heading and list styles.

Every generated document has the same frame, set here once: A4, the helsefellesskap's
letterhead on the first page, a running header (the kind of document and its number) and a
footer with «Side X av Y» on every page, the language it is written in (so hyphenation and
Word's proofing follow bokmål or nynorsk) and document properties (title, author, subject,
keywords, language, created). Callers describe their document with a ``DocumentInfo``; print
templates extend ``core/documents/base.html``."""

import datetime
import io
import re
from dataclasses import dataclass, field

import lxml.html
import nh3
from django.conf import settings
from django.template.defaultfilters import linebreaks
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

PDF_CONTENT_TYPE = "application/pdf"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def rich_text(text: str) -> SafeString:
    """Stored rich text as safe HTML: sanitised again on the way out, and plain text (from
    imports or older entries) turned into paragraphs."""
    if "<" not in text:
        # django.utils.html.linebreaks returns a plain str: marked safe here, as it escaped
        # the text itself, or the template would escape its <p> a second time.
        return mark_safe(linebreaks(text, autoescape=True))
    # nh3 has just sanitised it.
    return mark_safe(nh3.clean(text))


# Languages the documents are written in, as BCP 47 tags with their region: Word proofs
# «nb-NO» and «nn-NO» as two languages, and PDF readers read /Lang the same way.
LOCALES = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}


def document_language() -> str:
    """The language a document is rendered in: the active one (the reader's choice)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    return language if language in LOCALES else settings.LANGUAGE_CODE


def letterhead() -> str:
    return settings.COMMUNITY_NAME


@dataclass(frozen=True)
class DocumentInfo:
    """What the frame of a generated document says about it."""

    kind: str  # the kind of document, «Saksframlegg», «Møteinnkalling»
    title: str
    reference: str = ""  # its number as the header prints it, «Sak 58/21»
    author: str = ""  # the committee or the secretariat
    sender: str = ""  # second line of the letterhead, under the helsefellesskap's name
    subject: str = ""
    keywords: tuple[str, ...] = ()
    draft: bool = False
    created: datetime.datetime = field(default_factory=timezone.now)
    language: str = field(default_factory=document_language)

    @property
    def locale(self) -> str:
        return LOCALES.get(self.language, self.language)

    @property
    def heading(self) -> str:
        """The running header: «Saksframlegg – Sak 58/21»."""
        return " – ".join(part for part in (self.kind, self.reference) if part)

    @property
    def created_w3c(self) -> str:
        return timezone.localtime(self.created).isoformat(timespec="seconds")


def _css_string(text: str) -> str:
    """Text as a CSS string literal; ``<`` is escaped so nothing can close the style element."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("<", "\\3c ")
        .replace("\n", " ")
        .replace("\r", " ")
    )
    return f'"{escaped}"'


_PAGE_FIELDS = re.compile(r"%\((page|pages)\)s")


def page_of_parts() -> list[str]:
    """«Side X av Y» in the document's language as text and the markers ``page`` and
    ``pages``, in the translation's own word order."""
    template = _("Page %(page)s of %(pages)s")
    parts: list[str] = []
    last = 0
    for match in _PAGE_FIELDS.finditer(template):
        parts.extend([template[last : match.start()], match.group(1)])
        last = match.end()
    parts.append(template[last:])
    return parts


def _page_of_css() -> str:
    texts = iter(page_of_parts()[::2])
    markers = iter(page_of_parts()[1::2])
    out = [_css_string(next(texts))]
    for marker in markers:
        out += [f"counter({marker})", _css_string(next(texts))]
    return " ".join(out)


def _truncate(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def page_frame_css(info: DocumentInfo) -> dict[str, SafeString]:
    """The margin boxes' contents as CSS values (escaped here: they go into a style element)."""
    return {
        "header_left": mark_safe(_css_string(info.heading)),
        "header_right": mark_safe(_css_string(_truncate(letterhead(), 60))),
        "footer_left": mark_safe(_css_string(_truncate(info.author or info.title, 70))),
        "page_of": mark_safe(_page_of_css()),
    }


def pdf_from_template(template: str, context: dict, info: DocumentInfo) -> bytes:
    """A PDF from a print template that extends ``core/documents/base.html``."""
    from weasyprint import HTML

    html = render_to_string(
        template,
        {
            **context,
            "doc": info,
            "letterhead": letterhead(),
            "frame": page_frame_css(info),
            "LANGUAGE_CODE": info.language,
        },
    )
    return HTML(string=html).write_pdf()


# DOCX building blocks


def _add_field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, placeholder, end):
        run._r.append(element)


def _set_default_language(document, locale: str) -> None:
    """The language every run inherits, for Word's spelling and grammar check."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), locale)
    lang.set(qn("w:eastAsia"), locale)


def _page_of_paragraph(footer) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for index, part in enumerate(page_of_parts()):
        if index % 2:
            _add_field(paragraph, "PAGE" if part == "page" else "NUMPAGES")
        elif part:
            paragraph.add_run(part)
    for run in paragraph.runs:
        run.font.size = Pt(9)


def new_document(info: DocumentInfo) -> Document:
    """An empty Word document in the frame: A4 with margins, the letterhead in the first
    page's header, the running header on the pages after it, «Side X av Y» in every footer,
    the document's language and its properties."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    _set_default_language(document, info.locale)

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    section.left_margin, section.right_margin = Mm(22), Mm(20)
    section.different_first_page_header_footer = True

    first = section.first_page_header.paragraphs[0]
    name = first.add_run(letterhead())
    name.bold = True
    name.font.size = Pt(13)
    name.font.color.rgb = RGBColor(0x00, 0x4B, 0x7C)
    if info.sender:
        first.add_run().add_break()
        first.add_run(info.sender).font.size = Pt(10)
    first.add_run().add_break()
    first.add_run(info.heading).font.size = Pt(10)

    running = section.header.paragraphs[0]
    # Word's Header style has its tab stops for Letter paper: cleared, and one right-aligned
    # stop at the A4 text width, so the helsefellesskap's name sits in the right corner.
    stops = running.paragraph_format.tab_stops
    for position in (Twips(4680), Twips(9360)):
        stops.add_tab_stop(position, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(
        section.page_width - section.left_margin - section.right_margin, WD_TAB_ALIGNMENT.RIGHT
    )
    running.add_run(info.heading).font.size = Pt(9)
    running.add_run("\t" + _truncate(letterhead(), 60)).font.size = Pt(9)
    for footer in (section.footer, section.first_page_footer):
        _page_of_paragraph(footer)

    properties = document.core_properties
    properties.title = info.title
    properties.author = info.author or letterhead()
    properties.last_modified_by = info.author or letterhead()
    properties.subject = info.subject or info.kind
    properties.keywords = ", ".join(info.keywords)
    properties.language = info.locale
    properties.category = info.kind
    created = info.created.astimezone(datetime.UTC).replace(tzinfo=None)
    properties.created = created
    properties.modified = created
    properties.revision = 1
    if info.draft:
        add_note(document, _("DRAFT"))
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
