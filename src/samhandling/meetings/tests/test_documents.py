import io

import docx
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from samhandling.cases.tests.factories import make_case, make_decision, make_treatment
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


def _flat(content: bytes) -> str:
    # Lines wrap where the layout wraps them; compare words, not lines.
    return " ".join(_pdf_text(content).split())


def test_the_notice_lists_the_invitees_and_where_to_report_absence(settings, committee_meeting):
    """One rendered notice (WeasyPrint is slow) read for everything the frame and the
    notice promise; the Word file says the same."""
    from samhandling.meetings import access, selectors

    settings.SITE_URL = "http://samhandling.test"
    meeting = access.meeting_for_user(
        None, committee_meeting["meeting"].pk, selectors.meetings_with_agenda()
    )
    with translation.override("nn"):
        content = documents.notice_pdf(meeting)
        word = docx.Document(io.BytesIO(documents.notice_docx(meeting)))
    reader = PdfReader(io.BytesIO(content))
    text = _flat(content)
    assert reader.trailer["/Root"]["/Lang"] == "nn"
    assert reader.metadata.title == "Innkalling til møte i Områdeutval Nordhordland"
    assert reader.metadata.author == "Områdeutval Nordhordland"
    assert "Side 1 av" in text and "Møteinnkalling – OU Nord 3.4.2030" in text
    for expected in (
        "Innkalla",
        "Medlemer",
        "Mona Medlem",
        "Varamedlemer",
        "Vera Vara",
        "varamedlem for Mona Medlem",
        "Observatørar med tale- og forslagsrett",
        "Olav Observatør",
        "Sekretariat",
        "Siri Sekretær",
        "Forfall",
        "melder forfall til sekretariatet",
        "lenkja i e-posten",
        "http://samhandling.test/moter/",  # the address may wrap at a slash
        "siri@example.org",
    ):
        assert expected in text, expected
    # Members are listed before deputies, observers and the secretariat, as notices do.
    assert text.index("Mona Medlem") < text.index("Vera Vara") < text.index("Olav Observatør")
    assert text.index("Olav Observatør") < text.rindex("Siri Sekretær")
    # The agenda numbers and the case numbers are different kinds of number.
    item = committee_meeting["open_item"]
    assert f"PS {item.number}" in text and f"Sak {item.treatment.case.number}" in text
    word_text = _docx_text_of(word)
    assert "Mona Medlem" in word_text and "Olav Observatør" in word_text
    assert "melder forfall til sekretariatet" in word_text
    assert word.core_properties.language == "nn-NO"
    assert "NUMPAGES" in word.sections[0].footer._element.xml


def _docx_text_of(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_case_paper_prints_its_saksgang_with_the_decision_in_force():
    from samhandling.cases import documents as case_documents
    from samhandling.cases.models import DecisionCorrection
    from samhandling.cases.selectors import case_paper_queryset

    case = make_case(sequence=58, subject="Samhandlingsforløp barn og unge")
    area = make_committee(name="Områdeutval Voss")
    ssu = make_committee(name="Strategisk samarbeidsutval")
    first = make_treatment(case=case, committee=area)
    make_agenda_item(meeting=make_meeting(committee=area), number="12/22", treatment=first)
    decision = make_decision(treatment=first, outcome="not_adopted")
    DecisionCorrection.objects.create(
        decision=decision, outcome="adopted", reason="Feil i protokollføringa."
    )
    make_treatment(case=case, committee=ssu, forwarded_from=first)
    case = case_paper_queryset().get(pk=case.pk)
    with translation.override("nb"):
        text = _flat(case_documents.case_paper_pdf(case, show_exempt=False))
        word = _docx_text(case_documents.case_paper_docx(case, show_exempt=False))
    for printed in (text, word):
        assert "Saksgang" in printed
        assert "Områdeutval Voss" in printed and "Strategisk samarbeidsutval" in printed
        assert "PS 12/22" in printed and "15.3.2022" in printed
        # The correction stands, not the outcome first recorded.
        assert "Vedtatt som foreslått" in printed and "rettet" in printed
        assert "Ikke vedtatt" not in printed
        assert "Ikke behandlet ennå" in printed  # SSU has not treated it yet


@pytest.fixture
def approved_meeting(secretary):
    """Approved minutes that quote a case made exempt after approval, with a redacted
    public version."""
    from samhandling.meetings import services
    from samhandling.meetings.models import Meeting

    committee = make_committee(name="Områdeutval Bergen", short_name="OU Bergen")
    meeting = make_meeting(committee=committee)
    open_case = make_case(subject="Felles handlingsplan")
    later_exempt = make_case(subject="Tilsynssak legevakt")
    make_agenda_item(
        meeting=meeting,
        number="3/22",
        treatment=make_treatment(case=open_case, committee=committee),
    )
    make_agenda_item(
        meeting=meeting,
        number="4/22",
        treatment=make_treatment(case=later_exempt, committee=committee),
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        state=Meeting.State.HELD,
        minutes="Sak 3/22 Felles handlingsplan\nSak 4/22 Tilsynssak legevakt: vedteke.",
    )
    meeting.refresh_from_db()
    services.minutes_approve(
        actor=secretary, meeting=meeting, approved_on=meeting.starts_at.date(), approved_by="Leiar"
    )
    later_exempt.access = Access.EXEMPT
    later_exempt.exemption_basis = ExemptionBasis.OFFL_13
    later_exempt.save()
    services.minutes_public_version_save(
        actor=secretary,
        meeting=meeting,
        text="Sak 3/22 Felles handlingsplan\nSak 4/22 Unnateke offentlegheit.",
        reason="Saka vart unnateken etter godkjenninga.",
    )
    return meeting


def test_the_minutes_pdf_gives_visitors_the_public_version_only(
    client, secretary_client, approved_meeting
):
    url = reverse("meetings:minutes_pdf", args=[approved_meeting.pk])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _flat(response.content)
    assert "Møteprotokoll – Områdeutval Bergen" in text
    assert "Felles handlingsplan" in text and "PS 3/22" in text
    assert "Tilsynssak" not in text
    assert "Offentlig versjon" in text and "Side 1 av" in text
    secretariat = _flat(secretary_client.get(url, HTTP_ACCEPT_LANGUAGE="nb").content)
    assert "Tilsynssak legevakt" in secretariat and "UTKAST" not in secretariat


def test_minutes_before_approval_are_a_draft_for_the_secretariat_only(client, secretary_client):
    from samhandling.meetings.models import Meeting

    meeting = make_meeting(state=Meeting.State.HELD, minutes="Sak 1/22 Utkast til referat.")
    url = reverse("meetings:minutes_pdf", args=[meeting.pk])
    assert client.get(url).status_code == 404
    response = secretary_client.get(url, HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 200
    text = _flat(response.content)
    assert "UTKAST" in text and "Utkast til referat" in text
    assert "<p>" not in text  # plain-text minutes become paragraphs, not escaped markup
