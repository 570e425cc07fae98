"""Checking uploaded attachments by their content (never by name or the browser's content
type) and extracting their text for search."""

import io
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = "image/png"
JPEG = "image/jpeg"

EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", PNG: "png", JPEG: "jpg"}

# The main part's content type inside an Office Open XML package says what the ZIP really is.
_OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.ms-word.document.macroEnabled.main+xml": None,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": None,
}
_MAX_EXTRACTED_CHARS = 1_000_000


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int


def _office_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            content_types = package.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    for part_type, kind in _OOXML_MAIN_PARTS.items():
        if part_type in content_types:
            return kind
    return None


def detect_content_type(data: bytes) -> str | None:
    """The content type of an allowed kind of file, read from its bytes; None otherwise."""
    guess = filetype.guess(data)
    mime = guess.mime if guess is not None else None
    if mime == PDF and data.startswith(b"%PDF-"):
        return PDF
    if mime in (PNG, JPEG):
        return mime
    if data.startswith(b"PK\x03\x04"):
        return _office_type(data)
    return None


def check_attachment(data: bytes) -> CheckedFile:
    """Raise ValidationError (in Norwegian through the translations) unless the bytes are an
    allowed kind of file within the size limit."""
    limit = settings.SAMHANDLING_MAX_ATTACHMENT_BYTES
    if len(data) == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(data) > limit:
        raise ValidationError(
            _("The file is too large: %(size)s. The limit is %(limit)s.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)},
            code="too_large",
        )
    content_type = detect_content_type(data)
    if content_type is None:
        raise ValidationError(
            _(
                "The file's content is not PDF, Word (DOCX), Excel (XLSX), PNG or JPEG. "
                "The type is read from the content, not from the file name."
            ),
            code="type",
        )
    return CheckedFile(
        content_type=content_type, extension=EXTENSIONS[content_type], size=len(data)
    )


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _xlsx_text(data: bytes) -> str:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines = []
    try:
        for sheet in workbook.worksheets:
            lines.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells = [str(value) for value in row if value is not None]
                if cells:
                    lines.append("\t".join(cells))
    finally:
        workbook.close()
    return "\n".join(lines)


_EXTRACTORS = {PDF: _pdf_text, DOCX: _docx_text, XLSX: _xlsx_text}


def extract_text(content_type: str, data: bytes) -> str:
    """The text of a PDF, DOCX or XLSX for search; images have none. A file that passed the
    type check but cannot be read raises ValidationError."""
    extractor = _EXTRACTORS.get(content_type)
    if extractor is None:
        return ""
    try:
        text = extractor(data)
    except Exception as error:  # the parsers raise many kinds of errors on damaged files
        raise ValidationError(
            _("The file could not be read; it may be damaged."), code="unreadable"
        ) from error
    return text.replace("\x00", "").strip()[:_MAX_EXTRACTED_CHARS]
