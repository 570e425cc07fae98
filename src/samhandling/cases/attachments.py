"""Checking uploaded attachments by their content (never by name or the browser's content
type) and extracting their text for search.

Files come as file objects (an upload spooled to disk, or bytes in a ``BytesIO``) and are
never read whole into memory. Word and Excel files are ZIP packages, and a small package can
unpack to gigabytes (a zip bomb): the package's table of contents is checked before anything
is unpacked (entry count, total unpacked size, compression ratio per entry), and Python's
``zipfile`` never unpacks an entry beyond the size its table declares. Text is extracted by
streaming the XML through expat (no document tree in memory, no DTDs, so no entity
expansion), stopping at a number of characters and a time budget; what was read by then is
kept for search.
"""

import contextlib
import io
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO
from xml.parsers import expat

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
_HEADER_BYTES = 8192
_XML_CHUNK = 64 * 1024
_CONTENT_TYPES_MAX_BYTES = 1024 * 1024

# Limits on an Office package, checked from its table of contents before unpacking. Real
# case documents stay far below them: a 300-page report is a few MB of XML and some hundred
# entries; XML compresses about 10:1, and a very repetitive spreadsheet perhaps 100:1.
OFFICE_MAX_ENTRIES = 10_000
OFFICE_MAX_RATIO = 200
# Small entries may compress better than the ratio without doing harm.
_RATIO_CHECKED_FROM_BYTES = 1024 * 1024

Source = bytes | IO[bytes]


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int


def as_file(source: Source) -> IO[bytes]:
    """A seekable binary file for bytes or a file object (an upload, an open file)."""
    if isinstance(source, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(source))
    return source


def _size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    position = file.tell()
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(position)
    return size


def _header(file: IO[bytes]) -> bytes:
    file.seek(0)
    header = file.read(_HEADER_BYTES)
    file.seek(0)
    return header


def _too_large(size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("The file is too large: %(size)s. The limit is %(limit)s.")
        % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        code="too_large",
    )


def _bomb(reason: str) -> ValidationError:
    return ValidationError(
        _(
            "The file unpacks to far more than it seems (%(reason)s) and is refused. "
            "Save it again from Word or Excel, or send it as PDF."
        )
        % {"reason": reason},
        code="zip_bomb",
    )


def office_package_check(package: zipfile.ZipFile) -> None:
    """Refuse a ZIP whose table of contents promises too much: too many entries, too much
    unpacked in all, or an entry packed too tightly. Reads only the table, unpacks nothing."""
    entries = package.infolist()
    if len(entries) > OFFICE_MAX_ENTRIES:
        raise _bomb(_("%(count)d parts") % {"count": len(entries)})
    limit = settings.SAMHANDLING_MAX_UNPACKED_BYTES
    total = sum(entry.file_size for entry in entries)
    if total > limit:
        raise _bomb(
            _("%(size)s unpacked, the limit is %(limit)s")
            % {"size": filesizeformat(total), "limit": filesizeformat(limit)}
        )
    for entry in entries:
        if entry.file_size < _RATIO_CHECKED_FROM_BYTES:
            continue
        if entry.file_size > OFFICE_MAX_RATIO * max(entry.compress_size, 1):
            raise _bomb(
                _("a part packed %(ratio)d to 1")
                % {"ratio": entry.file_size // max(entry.compress_size, 1)}
            )


def _office_type(file: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(file) as package:
            office_package_check(package)
            info = package.getinfo("[Content_Types].xml")
            if info.file_size > _CONTENT_TYPES_MAX_BYTES:
                return None
            content_types = package.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, RuntimeError, NotImplementedError):
        return None
    finally:
        file.seek(0)
    for part_type, kind in _OOXML_MAIN_PARTS.items():
        if part_type in content_types:
            return kind
    return None


def detect_content_type(source: Source) -> str | None:
    """The content type of an allowed kind of file, read from its content; None otherwise.
    Raises ValidationError for a ZIP that would unpack to too much."""
    file = as_file(source)
    header = _header(file)
    guess = filetype.guess(header)
    mime = guess.mime if guess is not None else None
    if mime == PDF and header.startswith(b"%PDF-"):
        return PDF
    if mime in (PNG, JPEG):
        return mime
    if header.startswith(b"PK\x03\x04"):
        return _office_type(file)
    return None


def check_attachment(source: Source) -> CheckedFile:
    """Raise ValidationError (in Norwegian through the translations) unless the file is an
    allowed kind of file within the size limits. Reads the file's head and, for Office
    files, the ZIP's table of contents; never the whole file into memory."""
    file = as_file(source)
    limit = settings.SAMHANDLING_MAX_ATTACHMENT_BYTES
    size = _size(file)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > limit:
        raise _too_large(size, limit)
    content_type = detect_content_type(file)
    if content_type is None:
        raise ValidationError(
            _(
                "The file's content is not PDF, Word (DOCX), Excel (XLSX), PNG or JPEG. "
                "The type is read from the content, not from the file name."
            ),
            code="type",
        )
    return CheckedFile(content_type=content_type, extension=EXTENSIONS[content_type], size=size)


# --- text extraction ----------------------------------------------------------------------


class _BudgetSpentError(Exception):
    """Stop reading: the text is long enough or the time is up."""


class _TextBudget:
    """The text read so far, up to a number of characters and a deadline."""

    def __init__(self, *, max_chars: int, seconds: float) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.max_chars = max_chars
        self.deadline = time.monotonic() + seconds

    def add(self, text: str) -> None:
        if not text:
            return
        room = self.max_chars - self.length
        if len(text) >= room:
            self.parts.append(text[:room])
            self.length = self.max_chars
            raise _BudgetSpentError
        self.parts.append(text)
        self.length += len(text)

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise _BudgetSpentError

    def text(self) -> str:
        return "".join(self.parts)


def _refuse_doctype(*_args) -> None:
    # Office XML has no DTD; one here can only be an attempt at entity expansion.
    raise ValueError("DTD in Office XML")


def _stream_xml(
    stream: IO[bytes],
    budget: _TextBudget,
    *,
    start: Callable[[str, dict], None],
    end: Callable[[str], None],
    data: Callable[[str], None],
) -> None:
    """Feed ``stream`` to expat in chunks, calling the handlers with local element names."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.StartElementHandler = lambda name, attrs: start(name.rsplit(" ", 1)[-1], attrs)
    parser.EndElementHandler = lambda name: end(name.rsplit(" ", 1)[-1])
    parser.CharacterDataHandler = data
    parser.buffer_text = True
    while chunk := stream.read(_XML_CHUNK):
        budget.check_time()
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _docx_text(package: zipfile.ZipFile, budget: _TextBudget) -> None:
    state = {"in_text": False}

    def start(name: str, _attrs: dict) -> None:
        if name == "t":
            state["in_text"] = True
        elif name == "tab":
            budget.add("\t")
        elif name == "br":
            budget.add("\n")

    def end(name: str) -> None:
        if name == "t":
            state["in_text"] = False
        elif name == "p":
            budget.add("\n")
        elif name == "tc":
            budget.add("\t")

    def data(text: str) -> None:
        if state["in_text"]:
            budget.add(text)

    with package.open("word/document.xml") as stream:
        _stream_xml(stream, budget, start=start, end=end, data=data)


def _xlsx_shared_strings(package: zipfile.ZipFile, budget: _TextBudget) -> list[str]:
    """The workbook's shared strings, at most as many characters as the text may hold."""
    strings: list[str] = []
    current: list[str] = []
    state = {"in_text": False, "kept": 0}

    def start(name: str, _attrs: dict) -> None:
        if name == "si":
            current.clear()
        elif name == "t":
            state["in_text"] = True

    def end(name: str) -> None:
        if name == "t":
            state["in_text"] = False
        elif name == "si":
            text = "".join(current)
            state["kept"] += len(text)
            strings.append(text if state["kept"] <= budget.max_chars else "")

    def data(text: str) -> None:
        if state["in_text"] and state["kept"] <= budget.max_chars:
            current.append(text)

    try:
        stream = package.open("xl/sharedStrings.xml")
    except KeyError:
        return strings
    with stream:
        _stream_xml(stream, budget, start=start, end=end, data=data)
    return strings


def _xlsx_sheets(package: zipfile.ZipFile, budget: _TextBudget) -> Iterator[tuple[str, str]]:
    """(title, part name) of each worksheet in the workbook's order."""
    names: list[tuple[str, str]] = []
    targets: dict[str, str] = {}

    def sheet(name: str, attrs: dict) -> None:
        if name == "sheet":
            rel = next((v for k, v in attrs.items() if k.endswith(" id")), "")
            names.append((attrs.get("name", ""), rel))

    def relation(name: str, attrs: dict) -> None:
        if name == "Relationship":
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    def ignore(*_args) -> None:
        return None

    with package.open("xl/workbook.xml") as stream:
        _stream_xml(stream, budget, start=sheet, end=ignore, data=ignore)
    try:
        with package.open("xl/_rels/workbook.xml.rels") as stream:
            _stream_xml(stream, budget, start=relation, end=ignore, data=ignore)
    except KeyError:
        pass
    for title, rel in names:
        target = targets.get(rel, "")
        if not target:
            continue
        yield title, target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _xlsx_sheet_text(stream: IO[bytes], shared: list[str], budget: _TextBudget) -> None:
    """One line per row of a worksheet, its cells' values separated by tabs."""
    row: list[str] = []
    value: list[str] = []
    state = {"type": "", "in_value": False}

    def start(name: str, attrs: dict) -> None:
        if name == "c":
            state["type"] = attrs.get("t", "")
            value.clear()
        elif name in ("v", "t"):
            state["in_value"] = True

    def end(name: str) -> None:
        if name in ("v", "t"):
            state["in_value"] = False
        elif name == "c":
            text = "".join(value)
            if state["type"] == "s":
                index = int(text) if text.isdigit() else -1
                text = shared[index] if 0 <= index < len(shared) else ""
            elif state["type"] == "b":
                text = "TRUE" if text == "1" else "FALSE"
            if text:
                row.append(text)
        elif name == "row":
            if row:
                budget.add("\t".join(row) + "\n")
            row.clear()

    def data(text: str) -> None:
        if state["in_value"]:
            value.append(text)

    _stream_xml(stream, budget, start=start, end=end, data=data)


def _xlsx_text(package: zipfile.ZipFile, budget: _TextBudget) -> None:
    shared = _xlsx_shared_strings(package, budget)
    for title, part in _xlsx_sheets(package, budget):
        budget.add(f"{title}\n")
        try:
            stream = package.open(part)
        except KeyError:
            continue
        with stream:
            _xlsx_sheet_text(stream, shared, budget)


def _pdf_text(file: IO[bytes], budget: _TextBudget) -> None:
    """In a child process (``pdftext``), killed when the time is up, within a memory limit."""
    path = getattr(file, "temporary_file_path", None)
    with contextlib.ExitStack() as stack:
        if path is not None:
            path = path()
        else:
            copy = stack.enter_context(tempfile.NamedTemporaryFile(suffix=".pdf"))
            file.seek(0)
            shutil.copyfileobj(file, copy)
            copy.flush()
            path = copy.name
        seconds = max(budget.deadline - time.monotonic(), 0.1)
        command = [
            sys.executable,
            "-m",
            "samhandling.cases.pdftext",
            path,
            str(budget.max_chars - budget.length),
            str(settings.SAMHANDLING_EXTRACTION_MAX_MEMORY_BYTES),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=seconds, check=False)
        except subprocess.TimeoutExpired as timeout:
            budget.add((timeout.stdout or b"").decode("utf-8", "replace"))
            raise _BudgetSpentError from None
    if done.returncode == 2:
        raise ValueError("not a readable PDF")
    budget.add(done.stdout.decode("utf-8", "replace"))


def _office(extractor: Callable[[zipfile.ZipFile, _TextBudget], None]):
    def extract(file: IO[bytes], budget: _TextBudget) -> None:
        with zipfile.ZipFile(file) as package:
            office_package_check(package)
            extractor(package, budget)

    return extract


_EXTRACTORS = {PDF: _pdf_text, DOCX: _office(_docx_text), XLSX: _office(_xlsx_text)}


def extract_text(content_type: str, source: Source) -> str:
    """The text of a PDF, DOCX or XLSX for search; images have none. At most
    ``_MAX_EXTRACTED_CHARS`` characters, read within ``SAMHANDLING_EXTRACTION_SECONDS``; a
    file that passed the type check but cannot be read raises ValidationError."""
    extractor = _EXTRACTORS.get(content_type)
    if extractor is None:
        return ""
    file = as_file(source)
    file.seek(0)
    budget = _TextBudget(
        max_chars=_MAX_EXTRACTED_CHARS, seconds=settings.SAMHANDLING_EXTRACTION_SECONDS
    )
    try:
        extractor(file, budget)
    except _BudgetSpentError:
        pass
    except ValidationError:
        raise
    except Exception as error:  # the parsers raise many kinds of errors on damaged files
        raise ValidationError(
            _("The file could not be read; it may be damaged."), code="unreadable"
        ) from error
    finally:
        file.seek(0)
    return budget.text().replace("\x00", "").strip()
