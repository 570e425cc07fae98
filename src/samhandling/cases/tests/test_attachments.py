import io

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfWriter

from samhandling.cases.attachments import DOCX, JPEG, PDF, PNG, XLSX, check_attachment
from samhandling.cases.services import attachment_add
from samhandling.cases.tests.factories import make_case

PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def pdf_bytes(text: str = "") -> bytes:
    """A real one-page PDF; with text, a page whose content stream writes it."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    if text:
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
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(text: str) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = text
    workbook.active["B1"] = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: pdf_bytes(), PDF),
        (lambda: docx_bytes("Prosjektdirektiv"), DOCX),
        (lambda: xlsx_bytes("Fordeling"), XLSX),
        (lambda: PNG_BYTES, PNG),
        (lambda: jpeg_bytes(), JPEG),
    ],
)
def test_allowed_files_are_recognised_by_their_content(make, expected):
    assert check_attachment(make()).content_type == expected


def test_a_text_file_called_pdf_is_rejected():
    with pytest.raises(ValidationError) as error:
        check_attachment(b"%PDX not really a pdf, just text pretending to be one\n")
    assert error.value.code == "type"


def test_a_zip_that_is_not_an_office_document_is_rejected():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hei")
    with pytest.raises(ValidationError):
        check_attachment(buffer.getvalue())


def test_files_over_the_size_limit_are_rejected(settings):
    settings.SAMHANDLING_MAX_ATTACHMENT_BYTES = 100
    with pytest.raises(ValidationError) as error:
        check_attachment(docx_bytes("for stort"))
    assert error.value.code == "too_large"


def test_empty_files_are_rejected():
    with pytest.raises(ValidationError):
        check_attachment(b"")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "word"),
    [
        (pdf_bytes("Samhandlingsforlop barn og unge"), "Samhandlingsforlop"),
        (docx_bytes("Referat frå styringsgruppa"), "styringsgruppa"),
        (xlsx_bytes("Fordeling av kostnader"), "kostnader"),
    ],
)
def test_the_text_of_an_attachment_is_extracted_for_search(data, word):
    attachment = attachment_add(actor=None, case=make_case(), title="Vedlegg", data=data)
    assert word in attachment.extracted_text


@pytest.mark.django_db
def test_the_stored_name_comes_from_the_title_and_the_real_type():
    attachment = attachment_add(
        actor=None, case=make_case(), title="Prosjektdirektivet versjon 1.7", data=docx_bytes("x")
    )
    assert attachment.file.name.endswith("prosjektdirektivet-versjon-17.docx")
    assert attachment.size > 0
    assert attachment.content_type == DOCX
