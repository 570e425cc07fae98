"""A Word document (DOCX) as the text of a case paper.

The document is checked by the same rules as an attachment before anything in it is read
(size, type read from the content, the ZIP's table of contents against zip bombs), then
converted to the little HTML a paper may hold and sanitised like anything typed in the
editor: the document is no more trusted than a browser.

Headings named like the paper's sections (bokmål or nynorsk, any case) split the text into
those sections; a document without them goes whole into the section the user chose.
"""

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from typing import IO

import docx
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docx.table import Table, _Cell
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .attachments import DOCX, Source, as_file, check_attachment
from .richtext import sanitise_html

# The names a paper's sections go by as headings in Word, lower-cased, both written forms.
SECTION_HEADINGS: dict[str, str] = {
    "innleiing": "introduction",
    "innledning": "introduction",
    "innleiing/om saka": "introduction",
    "innledning/om saken": "introduction",
    "om saka": "introduction",
    "om saken": "introduction",
    "bakgrunn": "background",
    "vurdering": "assessment",
    "vidare arbeid": "further_work",
    "videre arbeid": "further_work",
    "vidare utvikling": "further_work",
    "videre utvikling": "further_work",
    "forslag til vedtak": "proposed_resolution",
    "forslag til innstilling": "proposed_resolution",
    "innstilling": "proposed_resolution",
}
SECTION_NAMES = tuple(dict.fromkeys(SECTION_HEADINGS.values()))

# What a paper's text may reasonably be; the editor and the page both slow down past it.
MAX_HTML_CHARS = 2_000_000

# An encrypted Office file (and an old binary .doc) is an OLE compound file, not a ZIP.
_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TRAILING = re.compile(r"[\s:.\-–]+$")
_NUMBERED = re.compile(r"^\d+(\.\d+)*\.?\s+")


@dataclass(frozen=True)
class ImportedPaper:
    """The sanitised HTML per section the document fills (a section whose heading has
    nothing under it is there, empty) and whether the document's own headings chose them."""

    sections: dict[str, str]
    split_by_headings: bool


def _error(name: str, problem: str, code: str) -> ValidationError:
    return ValidationError(
        _("«%(name)s» cannot be imported: %(problem)s") % {"name": name, "problem": problem},
        code=code,
    )


def section_for_heading(text: str) -> str | None:
    """The paper's section a heading names («2. Bakgrunn:», «VURDERING»), or None."""
    key = _NUMBERED.sub("", _TRAILING.sub("", " ".join(text.split()))).lower()
    return SECTION_HEADINGS.get(key)


def _check(file: IO[bytes], name: str) -> None:
    """Refuse what is not a readable DOCX, reading only the head and the ZIP's table."""
    file.seek(0)
    header = file.read(len(_COMPOUND_FILE))
    file.seek(0)
    if header == _COMPOUND_FILE:
        raise _error(
            name,
            _(
                "the file is password-protected (encrypted) or an old Word file (.doc). "
                "Save it in Word as an ordinary .docx without a password."
            ),
            "encrypted",
        )
    try:
        checked = check_attachment(file)
    except ValidationError as error:
        if error.code == "type" and header.startswith(b"PK") and not zipfile.is_zipfile(file):
            problem, code = _("the file is damaged (not a whole ZIP package)."), "corrupt"
        elif error.code == "type":
            problem, code = _("the file is not a Word document (DOCX)."), "type"
        else:
            problem, code = " ".join(error.messages), error.code or "invalid"
        raise _error(name, problem, code) from error
    finally:
        file.seek(0)
    if checked.content_type != DOCX:
        raise _error(name, _("the file is not a Word document (DOCX)."), "type")


def _runs_html(runs: Iterator[Run]) -> str:
    parts = []
    for run in runs:
        text = escape(run.text).replace("\n", "<br>").replace("\t", " ")
        if not text:
            continue
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        parts.append(text)
    return "".join(parts)


def _inline_html(paragraph: Paragraph) -> str:
    parts = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            inner = _runs_html(iter(item.runs))
            # The sanitiser drops the link itself if its address is not http(s) or mailto.
            parts.append(f'<a href="{escape(item.url)}">{inner}</a>' if item.url else inner)
        else:
            parts.append(_runs_html(iter([item])))
    return "".join(parts)


def _style_name(paragraph: Paragraph) -> str:
    try:
        return (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    except (KeyError, ValueError):
        return ""


def _heading_level(paragraph: Paragraph) -> int | None:
    # Word stores its built-in styles by English name; other programs may use Norwegian.
    style = _style_name(paragraph)
    if style in ("title", "tittel"):
        return 1
    match = re.match(r"(?:heading|overskrift) (\d)", style)
    return int(match.group(1)) if match else None


def _numbering_format(paragraph: Paragraph, num_id: int, level: int) -> str | None:
    """The number format («bullet», «decimal», …) of a numbered paragraph's level."""
    try:
        numbering = paragraph.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None
    abstract = numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
    # The value comes from the document: only a number goes into the next query.
    if not abstract or not str(abstract[0]).isdigit():
        return None
    formats = numbering.xpath(
        f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]'
        f'/w:lvl[@w:ilvl="{level}"]/w:numFmt/@w:val'
    )
    return str(formats[0]) if formats else None


def _list_kind(paragraph: Paragraph) -> str | None:
    style = _style_name(paragraph)
    if "list number" in style or "nummerert liste" in style:
        return "ol"
    if ("list" in style and "paragraph" not in style) or "punktliste" in style:
        return "ul"
    properties = paragraph._p.pPr
    numbered = properties.numPr if properties is not None else None
    if numbered is None or numbered.numId is None:
        return None
    level = numbered.ilvl.val if numbered.ilvl is not None else 0
    kind = _numbering_format(paragraph, numbered.numId.val, level)
    # Word's list buttons number a «List Paragraph»; only its format tells bullets from numbers.
    return "ul" if kind in (None, "bullet", "none") else "ol"


def _cell_html(cell: _Cell) -> str:
    paragraphs = [_inline_html(p) for p in cell.paragraphs]
    return "".join(f"<p>{p}</p>" for p in paragraphs if p.strip())


def _table_html(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(f"<td>{_cell_html(cell)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table><tbody>" + "".join(rows) + "</tbody></table>"


@dataclass
class _Block:
    html: str
    section: str | None = None  # set on a heading that names a section
    list_kind: str | None = None


def _blocks(document) -> Iterator[_Block]:
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            yield _Block(_table_html(item))
            continue
        text = item.text.strip()
        level = _heading_level(item)
        bold_line = bool(item.runs) and all(r.bold for r in item.runs if r.text.strip())
        if text and (level is not None or bold_line) and (section := section_for_heading(text)):
            yield _Block("", section=section)
            continue
        inline = _inline_html(item)
        if not inline.strip():
            continue
        if level is not None:
            tag = "h3" if level <= 2 else "h4"
            yield _Block(f"<{tag}>{inline}</{tag}>")
        elif kind := _list_kind(item):
            yield _Block(f"<li>{inline}</li>", list_kind=kind)
        else:
            yield _Block(f"<p>{inline}</p>")


def _join(blocks: list[_Block]) -> str:
    """The blocks as HTML, with runs of list items in their list."""
    parts, open_list = [], None
    for block in blocks:
        if block.list_kind != open_list:
            if open_list:
                parts.append(f"</{open_list}>")
            if block.list_kind:
                parts.append(f"<{block.list_kind}>")
            open_list = block.list_kind
        parts.append(block.html)
    if open_list:
        parts.append(f"</{open_list}>")
    return "".join(parts)


def import_docx(source: Source, *, name: str, fallback_section: str) -> ImportedPaper:
    """The paper's text from a DOCX. Raises ValidationError (naming the file and what is
    wrong) for anything that is not a readable, non-empty Word document within the limits."""
    if fallback_section not in SECTION_NAMES:
        raise ValueError(f"unknown section {fallback_section!r}")
    file = as_file(source)
    _check(file, name)
    try:
        document = docx.Document(file)
        blocks = list(_blocks(document))
    except Exception as error:  # python-docx raises many kinds on a broken package
        raise _error(name, _("the Word document is damaged and cannot be read."), "corrupt") from (
            error
        )
    finally:
        file.seek(0)
    by_section: dict[str, list[_Block]] = {}
    current = fallback_section
    split = any(block.section for block in blocks)
    for block in blocks:
        if block.section:
            current = block.section
            by_section.setdefault(current, [])
            continue
        by_section.setdefault(current, []).append(block)
    sections = {name_: sanitise_html(_join(blocks_)) for name_, blocks_ in by_section.items()}
    if not any(sections.values()):
        raise _error(name, _("the document has no text."), "empty")
    if sum(len(value) for value in sections.values()) > MAX_HTML_CHARS:
        raise _error(name, _("the text is too long for a case paper."), "too_long")
    return ImportedPaper(sections=sections, split_by_headings=split)
