"""A Word document as the paper's text: real DOCX files built with python-docx here."""

import io
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from samhandling.cases.docx_import import import_docx, section_for_heading


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_hyperlink(paragraph, url: str, text: str) -> None:
    """python-docx reads hyperlinks but cannot write them; this is the XML Word writes."""
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def paper_docx(*, headings: bool = True) -> bytes:
    """A paper as a secretariat writes it in Word: headings, bold, a list, a table."""
    document = docx.Document()
    document.add_heading("Sak til samarbeidsutvala", level=1)
    if headings:
        document.add_heading("Innleiing", level=2)
    intro = document.add_paragraph("Saka gjeld ")
    intro.add_run("utskrivingsklare").bold = True
    intro.add_run(" pasientar.").italic = True
    if headings:
        document.add_heading("BAKGRUNN:", level=2)
    document.add_paragraph("Første punkt", style="List Bullet")
    document.add_paragraph("Andre punkt", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Kommune"
    table.cell(0, 1).text = "Innbyggjarar"
    table.cell(1, 0).text = "Alver"
    table.cell(1, 1).text = "29 000"
    if headings:
        # A bold line counts as a heading too: many papers are written that way.
        document.add_paragraph().add_run("Forslag til vedtak").bold = True
    document.add_paragraph("Utvalet sluttar seg til.")
    return _save(document)


def test_headings_named_like_the_sections_split_the_text():
    paper = import_docx(paper_docx(), name="sak.docx", fallback_section="introduction")
    assert paper.split_by_headings
    assert set(paper.sections) == {"introduction", "background", "proposed_resolution"}
    # What came before the first section heading goes to the chosen section.
    assert paper.sections["introduction"] == (
        "<h3>Sak til samarbeidsutvala</h3>"
        "<p>Saka gjeld <strong>utskrivingsklare</strong><em> pasientar.</em></p>"
    )
    assert paper.sections["background"].startswith(
        "<ul><li>Første punkt</li><li>Andre punkt</li></ul><table><tbody><tr>"
    )
    assert "<td><p>Alver</p></td>" in paper.sections["background"]
    assert paper.sections["proposed_resolution"] == "<p>Utvalet sluttar seg til.</p>"


def test_without_section_headings_everything_goes_into_the_chosen_section():
    paper = import_docx(paper_docx(headings=False), name="sak.docx", fallback_section="assessment")
    assert not paper.split_by_headings
    assert list(paper.sections) == ["assessment"]
    assert "<li>Første punkt</li>" in paper.sections["assessment"]
    assert "Utvalet sluttar seg til." in paper.sections["assessment"]


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("Innledning", "introduction"),
        ("innleiing/om saka", "introduction"),
        ("2. Bakgrunn", "background"),
        ("VURDERING:", "assessment"),
        ("Vidare arbeid", "further_work"),
        ("Videre  arbeid", "further_work"),
        ("Forslag til innstilling", "proposed_resolution"),
        ("Innstilling", "proposed_resolution"),
        ("Bakgrunn for saka", None),
    ],
)
def test_section_headings_in_both_written_forms(heading, section):
    assert section_for_heading(heading) == section


def test_hostile_markup_in_the_document_is_sanitised():
    document = docx.Document()
    paragraph = document.add_paragraph("Sjå ")
    add_hyperlink(paragraph, "javascript:alert(1)", "denne lenkja")
    good = document.add_paragraph("og ")
    add_hyperlink(good, "https://helse-bergen.no/", "Helse Bergen")
    document.add_paragraph('<script>alert("x")</script><img src=x onerror=alert(1)>')
    text = import_docx(_save(document), name="x.docx", fallback_section="background").sections[
        "background"
    ]
    assert "javascript" not in text
    assert "<script" not in text and "<img" not in text
    assert '<a href="https://helse-bergen.no/" rel="noopener noreferrer">Helse Bergen</a>' in text
    # Text that looks like markup stays text.
    assert "&lt;script&gt;" in text


def _refused(data: bytes, name: str = "sak.docx") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        import_docx(data, name=name, fallback_section="introduction")
    message = " ".join(caught.value.messages)
    assert f"«{name}»" in message, message
    return caught.value


def test_a_file_that_is_not_a_word_document_is_refused():
    assert _refused(b"%PDF-1.4 nothing here", "notat.pdf").code == "type"
    assert _refused(b"Berre tekst, ikkje Word.", "notat.docx").code == "type"


def test_a_damaged_zip_is_refused():
    assert _refused(paper_docx()[:2000]).code == "corrupt"


def test_an_encrypted_document_is_refused():
    # Word keeps a password-protected document in an OLE compound file, not a ZIP.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000
    assert _refused(data).code == "encrypted"


def test_an_empty_file_and_a_document_without_text_are_refused():
    assert _refused(b"").code == "empty"
    assert _refused(_save(docx.Document())).code == "empty"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings):
    settings.SAMHANDLING_MAX_ATTACHMENT_BYTES = 1000
    assert _refused(paper_docx()).code == "too_large"


def test_a_zip_bomb_is_refused_from_its_table_of_contents():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        with package.open("word/document.xml", "w") as entry:
            for _ in range(8):
                entry.write(b"\0" * (1024 * 1024))
    error = _refused(buffer.getvalue())
    assert error.code == "zip_bomb"


def _numbered(document, text: str, number_format: str) -> None:
    """A «List Paragraph» numbered as Word's list buttons do it, by a numbering definition
    of the given format taken from python-docx's default template."""
    numbering = document.part.numbering_part.element
    abstract = numbering.xpath(
        f'./w:abstractNum[w:lvl[@w:ilvl="0"]/w:numFmt/@w:val="{number_format}"]/@w:abstractNumId'
    )[0]
    num_id = numbering.xpath(f'./w:num[w:abstractNumId/@w:val="{abstract}"]/@w:numId')[0]
    paragraph = document.add_paragraph(text, style="List Paragraph")
    properties = paragraph._p.get_or_add_pPr()
    numbered = OxmlElement("w:numPr")
    level = OxmlElement("w:ilvl")
    level.set(qn("w:val"), "0")
    number = OxmlElement("w:numId")
    number.set(qn("w:val"), num_id)
    numbered.extend([level, number])
    properties.append(numbered)


def test_lists_from_words_list_buttons_keep_numbers_and_bullets_apart():
    document = docx.Document()
    _numbered(document, "Fyrste vedtakspunkt", "decimal")
    _numbered(document, "Andre vedtakspunkt", "decimal")
    document.add_paragraph("Merknad.")
    _numbered(document, "Eit kulepunkt", "bullet")
    text = import_docx(_save(document), name="x.docx", fallback_section="proposed_resolution")
    assert text.sections["proposed_resolution"] == (
        "<ol><li>Fyrste vedtakspunkt</li><li>Andre vedtakspunkt</li></ol>"
        "<p>Merknad.</p><ul><li>Eit kulepunkt</li></ul>"
    )
