"""Hostile or unlucky files: zip bombs, huge XML, oversized uploads. Each is refused or read
within stated limits, without taking the server's memory or holding the database."""

import io
import os
import struct
import threading
import time
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from samhandling.cases import services
from samhandling.cases.attachments import DOCX, PDF, XLSX, check_attachment, extract_text
from samhandling.cases.models import Attachment
from samhandling.cases.tests.factories import make_case
from samhandling.cases.tests.test_attachments import docx_bytes, xlsx_bytes

DOCX_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MB = 1024 * 1024


def _raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A ZIP from already deflated entries: (name, deflated bytes, CRC-32, unpacked size)."""
    out = io.BytesIO()
    central = []
    for name, deflated, crc, size in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(deflated),
                size,
                len(encoded),
                0,
            )
        )
        out.write(encoded + deflated)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(deflated),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(
        struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0
        )
    )
    return out.getvalue()


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)


def docx_bomb(unpacked_mb: int = 1024) -> bytes:
    """A DOCX of about 1 MB whose document part unpacks to ``unpacked_mb`` MB of spaces.
    Built from one deflated megabyte repeated, so the test never holds the gigabyte."""
    megabyte = b" " * MB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = compressor.compress(megabyte) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty last block
    crc = 0
    for _ in range(unpacked_mb):
        crc = zlib.crc32(megabyte, crc)
    document = (segment * unpacked_mb + final, crc, unpacked_mb * MB)
    return _raw_zip(
        [("[Content_Types].xml", *_deflated(DOCX_CONTENT_TYPES)), ("word/document.xml", *document)]
    )


def docx_with_text(text: str) -> bytes:
    xml = f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'
    xml += text + "</w:t></w:r></w:p></w:body></w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        package.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_a_zip_bomb_docx_is_refused_from_its_table_of_contents_without_unpacking():
    bomb = docx_bomb(1024)
    assert len(bomb) < 2 * MB
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ValidationError) as error:
            check_attachment(io.BytesIO(bomb))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.value.code == "zip_bomb"
    assert peak < 20 * MB
    assert time.monotonic() - started < 5
    assert "pakker seg ut" in error.value.messages[0]


def test_a_package_with_too_many_parts_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        for n in range(10_001):
            package.writestr(f"word/media/{n}.xml", "")
    with pytest.raises(ValidationError) as error:
        check_attachment(buffer.getvalue())
    assert error.value.code == "zip_bomb"


def test_a_package_unpacking_beyond_the_limit_is_refused(settings):
    settings.SAMHANDLING_MAX_UNPACKED_BYTES = 100_000
    with pytest.raises(ValidationError) as error:
        check_attachment(docx_with_text(os.urandom(100_000).hex()))
    assert error.value.code == "zip_bomb"


def test_huge_xml_text_is_read_only_up_to_the_character_limit_in_bounded_memory():
    text = os.urandom(3 * MB).hex()  # 6 million characters that do not compress much
    data = docx_with_text(text)
    assert check_attachment(data).content_type == DOCX
    tracemalloc.start()
    try:
        extracted = extract_text(DOCX, io.BytesIO(data))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert extracted == text[:1_000_000]
    # The text kept (1 million characters, as str and while joined) and a few chunks.
    assert peak < 12 * MB


def test_extraction_stops_at_its_time_budget_and_keeps_what_it_read(settings):
    settings.SAMHANDLING_EXTRACTION_SECONDS = 0
    started = time.monotonic()
    assert extract_text(DOCX, docx_with_text("x" * 200_000)) == ""
    assert time.monotonic() - started < 2


def test_a_document_type_declaration_in_office_xml_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        package.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            f'<w:document xmlns:w="{W}"><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:document>',
        )
    with pytest.raises(ValidationError) as error:
        extract_text(DOCX, buffer.getvalue())
    assert error.value.code == "unreadable"


@pytest.mark.parametrize(
    ("data", "content_type", "words"),
    [
        (docx_bytes("Referat frå styringsgruppa"), DOCX, ["Referat frå styringsgruppa"]),
        (xlsx_bytes("Fordeling av kostnader"), XLSX, ["Sheet", "Fordeling av kostnader\t50"]),
    ],
)
def test_office_text_is_streamed_with_paragraphs_rows_and_cells(data, content_type, words):
    text = extract_text(content_type, data)
    for word in words:
        assert word in text


@pytest.mark.django_db(transaction=True)
def test_the_text_is_extracted_outside_any_transaction(monkeypatch):
    """SQLite has one writer: a slow extraction inside the write transaction kept everyone,
    even a login, waiting for the database until they failed."""
    seen = []

    def extract(content_type, source):
        seen.append(connection.in_atomic_block)
        return extract_text(content_type, source)

    monkeypatch.setattr(services, "extract_text", extract)
    services.attachment_add(actor=None, case=make_case(), title="Notat", data=docx_bytes("Hei"))
    assert seen == [False]
    assert Attachment.objects.get().extracted_text == "Hei"


@pytest.mark.django_db(transaction=True)
def test_a_failed_save_leaves_no_file_behind(monkeypatch, settings):
    def fail(**_kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        services.attachment_add(actor=None, case=make_case(), title="Notat", data=docx_bytes("x"))
    assert not Attachment.objects.exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_sqlite_waits_for_a_writer_instead_of_failing(tmp_path, django_db_blocker):
    """Every connection Django opens gets the settings' busy timeout and WAL: a second
    writer waits for the first (a long request) and then succeeds."""
    from django.conf import settings
    from django.db.backends.sqlite3.base import DatabaseWrapper

    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite settings")
    assert options["timeout"] >= 10

    def wrapper():
        database = dict(settings.DATABASES["default"], NAME=str(tmp_path / "db.sqlite3"))
        database["OPTIONS"] = dict(options)
        return DatabaseWrapper(database, alias="busy-test")

    with django_db_blocker.unblock():
        _two_writers(wrapper)


def _two_writers(wrapper) -> None:
    first = wrapper()
    with first.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 10_000
        cursor.execute("CREATE TABLE t (n INTEGER)")
    first.set_autocommit(False)  # BEGIN IMMEDIATE: takes the write lock, like a request
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1)")
    errors: list[BaseException] = []

    def second_writer():
        second = wrapper()
        try:
            with second.cursor() as cursor:
                cursor.execute("INSERT INTO t VALUES (2)")
        except BaseException as error:  # reported below; a thread cannot fail the test
            errors.append(error)
        finally:
            second.close()

    thread = threading.Thread(target=second_writer)
    thread.start()
    time.sleep(1.5)  # longer than SQLite would wait without a busy timeout
    first.commit()
    first.close()
    thread.join(timeout=30)
    assert not errors


@pytest.mark.django_db
def test_an_oversized_upload_is_refused_before_it_is_read(secretariat_client):
    case = make_case()
    url = reverse("cases:attachment_add", args=[case.year, case.sequence])
    # The body is small, but says it is 300 MB: the test client's input fails loudly if
    # anything tries to read more than there is, so a 413 proves nothing read it.
    response = secretariat_client.post(
        url,
        data=b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(300 * MB),
    )
    assert response.status_code == 413
    assert "Filen er for stor" in response.content.decode()
    assert "300,0" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_an_ordinary_form_does_not_take_an_upload_sized_body(secretariat_client):
    response = secretariat_client.post(
        reverse("cases:create"),
        data=b"subject=x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(200 * MB),
    )
    assert response.status_code == 413


@pytest.mark.django_db
def test_an_upload_over_the_memory_threshold_is_streamed_to_disk_and_stored(
    secretariat_client, settings
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    case = make_case()
    data = docx_with_text(os.urandom(200_000).hex())
    response = secretariat_client.post(
        reverse("cases:attachment_add", args=[case.year, case.sequence]),
        {
            "title": "Stor rapport",
            "file": SimpleUploadedFile("rapport.docx", data),
            "access": "open",
            "exemption_basis": "",
        },
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.size == len(data)
    with attachment.file.open("rb") as stored:
        assert stored.read() == data


def pdf_bomb(unpacked_mb: int) -> bytes:
    """A one-page PDF whose content stream unpacks to ``unpacked_mb`` MB of text drawing."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    operators = b"BT /F1 12 Tf 20 100 Td (x) Tj ET\n"
    stream = DecodedStreamObject()
    stream.set_data(operators * (unpacked_mb * MB // len(operators)))
    page[NameObject("/Contents")] = writer._add_object(stream)
    page.compress_content_streams(level=9)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_pdf_page_packed_beyond_the_limit_keeps_the_file_but_not_its_text():
    data = pdf_bomb(60)  # below pypdf's own limit of 75 MB, above ours
    assert len(data) < MB
    assert extract_text(PDF, data) == ""


def test_a_pdf_page_too_slow_to_read_is_stopped_at_the_time_budget(settings):
    """Ten MB of tiny text pieces on one page took pypdf minutes and 250 MB; the page
    cannot be interrupted, so the child process reading it is killed."""
    settings.SAMHANDLING_EXTRACTION_SECONDS = 3
    data = pdf_bomb(10)
    started = time.monotonic()
    assert extract_text(PDF, data) == ""
    assert time.monotonic() - started < 10
