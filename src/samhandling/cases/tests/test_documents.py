"""The case paper as PDF and DOCX, and who gets it."""

import io

import docx
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from samhandling.cases import documents
from samhandling.cases.models import Attachment
from samhandling.cases.tests.factories import make_case, make_treatment
from samhandling.core.access import Access, ExemptionBasis
from samhandling.core.documents import html_to_docx
from samhandling.structure.tests.factories import make_committee, make_organisation, make_person

pytestmark = pytest.mark.django_db

PAPER = {
    "subject": "Orientering om nytt prosjekt: «Samhandlingsforløp barn og unge»",
    "introduction": "<p>Det pågår ei rekke prosjekt for <strong>barn og unge</strong>.</p>",
    "background": "<p>Behov og påtrykk.</p><ul><li>Glasblokkene</li><li>Saman for Barn og Unge</li></ul>",
    "assessment": "<p>Prosjektet gir meirverdi.</p>",
    "further_work": "<p>Invitere representantar.</p><ol><li>Referansegruppe</li></ol>",
    "proposed_resolution": "<p>Samarbeidsutvalet tek saka til orientering.</p>",
}


def _paper_case(**fields):
    officer = make_person(given_name="Simon", family_name="Saksen")
    case = make_case(
        sequence=58,
        case_officer=officer,
        case_officer_unit="Seksjon for samhandling, Helse Bergen",
        **PAPER,
        **fields,
    )
    make_treatment(case=case, committee=make_committee(name="Områdeutval Nordhordland"))
    return case


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_case_paper_pdf_reads_back_with_header_table_and_sections():
    case = _paper_case()
    with translation.override("nn"):
        text = _pdf_text(documents.case_paper_pdf(case, show_exempt=False))
    for expected in (
        "Sak til samarbeidsutvala",
        "Går til",
        "Områdeutval Nordhordland",
        "Dato",
        "9.12.2021",
        "Sakshandsamar",
        "Simon Saksen, Seksjon for samhandling, Helse Bergen",
        "Saka gjeld",
        "Samhandlingsforløp barn og unge",
        "Saksnummer",
        "58/21",
        "Innleiing",
        "Bakgrunn",
        "Glasblokkene",
        "Vurdering",
        "Vidare utvikling",
        "Forslag til vedtak",
        "tek saka til orientering",
    ):
        assert expected in text, expected
    assert text.index("Innleiing") < text.index("Bakgrunn") < text.index("Forslag til vedtak")


def test_the_case_paper_docx_maps_rich_text_to_paragraphs_lists_and_bold():
    case = _paper_case()
    content = documents.case_paper_docx(case, show_exempt=False)
    document = docx.Document(io.BytesIO(content))
    text = _docx_text(content)
    assert "58/21" in text and "Samhandlingsforløp barn og unge" in text
    assert "Forslag til vedtak" in text and "Bakgrunn" in text
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert bullets == ["Glasblokkene", "Saman for Barn og Unge"]
    assert numbered == ["Referansegruppe"]
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert "barn og unge" in bold
    assert "<p>" not in text and "<strong>" not in text


def test_rich_text_without_tags_becomes_paragraphs_and_scripts_are_dropped():
    document = docx.Document()
    html_to_docx(document, "Første avsnitt.\n\nAndre avsnitt.")
    html_to_docx(document, "<p>Trygt<script>alert(1)</script> <em>innhald</em><br>ny linje</p>")
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["Første avsnitt.", "Andre avsnitt."]
    assert "alert" not in texts[2] and "Trygt" in texts[2] and "innhald" in texts[2]


def test_exempt_attachments_are_listed_without_their_titles_for_visitors():
    case = _paper_case()
    Attachment.objects.create(
        case=case, title="Kartlegging.pdf", file="a.pdf", content_type="application/pdf", size=1
    )
    Attachment.objects.create(
        case=case,
        title="Personalliste.pdf",
        file="b.pdf",
        content_type="application/pdf",
        size=1,
        access=Access.EXEMPT,
        exemption_basis=ExemptionBasis.OFFL_13,
    )
    visitor = _docx_text(documents.case_paper_docx(case, show_exempt=False))
    assert "Kartlegging.pdf" in visitor and "Personalliste" not in visitor
    assert "Offl. § 13" in visitor
    assert "Personalliste.pdf" in _docx_text(documents.case_paper_docx(case, show_exempt=True))


def test_exempt_case_papers_are_served_only_to_the_secretariat(client, reader, secretary):
    case = _paper_case(access=Access.EXEMPT, exemption_basis=ExemptionBasis.OFFL_13)
    pdf_url = reverse("cases:paper_pdf", args=[case.year, case.sequence])
    docx_url = reverse("cases:paper_docx", args=[case.year, case.sequence])
    assert client.get(pdf_url).status_code == 404
    assert client.get(docx_url).status_code == 404
    # Logged in with another role (an analyst): the case register hides the case, so do we.
    other_role = Client()
    other_role.force_login(reader)
    assert other_role.get(pdf_url).status_code == 404
    assert other_role.get(docx_url).status_code == 404
    logged_in = Client()
    logged_in.force_login(secretary)
    response = logged_in.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "58/21" in _pdf_text(response.content)
    response = logged_in.get(docx_url)
    assert response["Content-Type"] == documents.DOCX_CONTENT_TYPE
    assert "Samhandlingsforløp" in _docx_text(response.content)


def test_open_case_papers_are_served_to_everyone(client):
    case = _paper_case()
    response = client.get(reverse("cases:paper_pdf", args=[case.year, case.sequence]))
    assert response.status_code == 200
    assert "Samhandlingsforløp" in _pdf_text(response.content)


def test_the_case_paper_docx_uses_words_heading_styles_for_the_navigation_pane():
    case = _paper_case()
    case.assessment = (
        "<p>Prosjektet gir meirverdi.</p><h3>Kostnader</h3><p>Små.</p><h4>Drift</h4><p>Ingen.</p>"
    )
    with translation.override("nb"):
        content = documents.case_paper_docx(case, show_exempt=False)
    document = docx.Document(io.BytesIO(content))
    headings = _styled(document, "Heading")
    assert headings[0] == ("Heading 1", "Sak til samarbeidsutvalgene")
    assert ("Heading 2", "Vurdering") in headings
    assert headings[headings.index(("Heading 2", "Vurdering")) + 1 :][:2] == [
        ("Heading 3", "Kostnader"),
        ("Heading 4", "Drift"),
    ]
    assert ("List Bullet", "Glasblokkene") in _styled(document, "List")
    assert ("List Number", "Referansegruppe") in _styled(document, "List")


def _styled(document, prefix: str) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(prefix)]


# The frame every generated document shares (core.documents): A4, letterhead, running
# header, «Side X av Y», language and document properties.

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_the_case_paper_pdf_is_a4_with_letterhead_page_numbers_language_and_properties(
    settings,
):
    settings.COMMUNITY_NAME = "Helsefellesskapet i Testområdet"
    make_organisation(name="Samarbeidssekretariatet", kind="secretariat")
    case = _paper_case()
    with translation.override("nn"):
        content = documents.case_paper_pdf(case, show_exempt=False)
    reader = PdfReader(io.BytesIO(content))
    text = _pdf_text(content)
    assert "Helsefellesskapet i Testområdet" in text
    pages = len(reader.pages)
    assert f"Side 1 av {pages}" in text and f"Side {pages} av {pages}" in text
    assert "Samarbeidssekretariatet" in text
    assert "Saksframlegg – Sak 58/21" in text
    # The case number is labelled as one: never a bare «58/21» that could be an agenda number.
    assert "Saksnummer: Sak 58/21" in text
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert reader.metadata.title.startswith("Sak 58/21 Orientering om nytt prosjekt")
    assert reader.metadata.author == "Samarbeidssekretariatet"
    assert reader.metadata.subject == PAPER["subject"]
    assert "Sak 58/21" in reader.metadata["/Keywords"]
    assert reader.metadata.creation_date is not None
    assert reader.trailer["/Root"]["/Lang"] == "nn"


def test_the_case_paper_docx_is_a4_with_letterhead_page_fields_language_and_properties(
    settings,
):
    settings.COMMUNITY_NAME = "Helsefellesskapet i Testområdet"
    case = _paper_case()
    with translation.override("nb"):
        content = documents.case_paper_docx(case, show_exempt=False)
    document = docx.Document(io.BytesIO(content))
    properties = document.core_properties
    assert properties.title.startswith("Sak 58/21 Orientering om nytt prosjekt")
    assert properties.author == "Sekretariatet"  # no secretariat in the structure
    assert properties.language == "nb-NO"
    assert "Sak 58/21" in properties.keywords
    assert properties.created is not None
    section = document.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.5)
    assert section.different_first_page_header_footer
    assert "Helsefellesskapet i Testområdet" in section.first_page_header.paragraphs[0].text
    assert "Saksframlegg – Sak 58/21" in section.header.paragraphs[0].text
    for footer in (section.footer, section.first_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and "NUMPAGES" in xml
        assert "Side" in footer.paragraphs[0].text and "av" in footer.paragraphs[0].text
    lang = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "nb-NO"
