import io

import docx
import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from samhandling.cases.tests.factories import make_case, make_treatment
from samhandling.core.access import Access, ExemptionBasis
from samhandling.meetings import documents
from samhandling.structure.tests.factories import make_committee, make_person

from .factories import make_agenda_item, make_meeting

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


def test_the_notice_lists_the_agenda_and_hides_exempt_subjects_from_visitors(
    client, reader, secretary
):
    meeting = make_meeting(place="Haukeland, auditoriet")
    open_case = make_case(subject="Felles handlingsplan")
    secret = make_case(
        subject="Tilsynssak legevakt", access=Access.EXEMPT, exemption_basis=ExemptionBasis.OFFL_24
    )
    make_agenda_item(
        meeting=meeting,
        number="3/22",
        treatment=make_treatment(case=open_case, committee=meeting.committee),
    )
    make_agenda_item(
        meeting=meeting,
        number="4/22",
        treatment=make_treatment(case=secret, committee=meeting.committee),
    )
    pdf = _pdf_text(client.get(reverse("meetings:notice_pdf", args=[meeting.pk])).content)
    word = _docx_text(client.get(reverse("meetings:notice_docx", args=[meeting.pk])).content)
    for text in (pdf, word):
        assert meeting.committee.name in text
        assert "Haukeland, auditoriet" in text
        assert "3/22" in text and "Felles handlingsplan" in text and open_case.number in text
        assert "4/22" in text and "Offl. § 24" in text
        assert "Tilsynssak" not in text
    other_role = Client()
    other_role.force_login(reader)
    word = _docx_text(other_role.get(reverse("meetings:notice_docx", args=[meeting.pk])).content)
    assert "Tilsynssak" not in word
    logged_in = Client()
    logged_in.force_login(secretary)
    word = _docx_text(logged_in.get(reverse("meetings:notice_docx", args=[meeting.pk])).content)
    assert "Tilsynssak legevakt" in word


def _styled(document, prefix: str) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(prefix)]


def test_the_notice_docx_title_and_agenda_are_word_headings():
    meeting = make_meeting()
    document = docx.Document(io.BytesIO(documents.notice_docx(meeting)))
    styles = [name for name, _text in _styled(document, "Heading")]
    assert styles == ["Heading 1", "Heading 2"]
