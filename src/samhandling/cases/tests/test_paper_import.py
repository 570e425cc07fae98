"""Importing a Word document on the case paper's form: it fills the form, it saves nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samhandling.cases.models import Case
from samhandling.cases.services import case_update
from samhandling.cases.tests.factories import make_case
from samhandling.cases.tests.test_docx_import import paper_docx
from samhandling.core.tests.forms import page_data

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def paper(db):
    return make_case(subject="Utskrivingsklare pasientar", assessment="<p>Gammal vurdering.</p>")


def _upload(data: bytes, name: str = "saksframlegg.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=DOCX_TYPE)


def _import(client, url, page, data: bytes, name: str = "saksframlegg.docx", section="assessment"):
    return client.post(
        url,
        {
            **page_data(page),
            "import": "1",
            "import-file": _upload(data, name),
            "import-section": section,
        },
    )


def test_an_imported_document_fills_the_form_and_saves_nothing(secretariat_client, paper):
    url = reverse("cases:edit", args=[paper.year, paper.sequence])
    page = secretariat_client.get(url)
    response = _import(secretariat_client, url, page, paper_docx(), section="introduction")
    assert response.status_code == 200
    form = response.context["form"]
    assert "<strong>utskrivingsklare</strong>" in form["introduction"].value()
    assert form["proposed_resolution"].value() == "<p>Utvalet sluttar seg til.</p>"
    # A section the document does not name keeps what the form had.
    assert form["assessment"].value() == "<p>Gammal vurdering.</p>"
    assert "er lagt inn i skjemaet" in response.content.decode()
    assert Case.objects.get(pk=paper.pk).introduction == ""
    assert Case.objects.get(pk=paper.pk).proposed_resolution == paper.proposed_resolution

    # Saving the form as shown stores the imported text.
    saved = secretariat_client.post(url, page_data(response))
    assert saved.status_code == 302
    paper.refresh_from_db()
    assert "<strong>utskrivingsklare</strong>" in paper.introduction
    assert paper.proposed_resolution == "<p>Utvalet sluttar seg til.</p>"


def test_a_document_without_section_headings_goes_into_the_chosen_section(
    secretariat_client, paper
):
    url = reverse("cases:edit", args=[paper.year, paper.sequence])
    response = _import(
        secretariat_client, url, secretariat_client.get(url), paper_docx(headings=False)
    )
    form = response.context["form"]
    assert "<li>Første punkt</li>" in form["assessment"].value()
    assert "Gammal vurdering" not in form["assessment"].value()


def test_an_import_keeps_the_version_token_so_a_change_in_between_is_found(
    secretariat_client, paper
):
    url = reverse("cases:edit", args=[paper.year, paper.sequence])
    page = secretariat_client.get(url)
    case_update(actor=None, case=paper, subject="Endra av nokon andre")
    imported = _import(secretariat_client, url, page, paper_docx())
    stale = secretariat_client.post(url, page_data(imported))
    assert stale.status_code == 200
    assert stale.context["form"].edit_conflict
    assert Case.objects.get(pk=paper.pk).introduction == ""


@pytest.mark.parametrize(
    ("data", "name", "problem"),
    [
        (b"%PDF-1.4 ikkje Word", "notat.pdf", "er ikke et Word-dokument (DOCX)"),
        (b"PK\x03\x04 avkutta", "sak.docx", "er skadet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "hemmeleg.docx", "passord"),
    ],
)
def test_a_bad_file_is_named_in_the_error_and_nothing_changes(
    secretariat_client, paper, data, name, problem
):
    url = reverse("cases:edit", args=[paper.year, paper.sequence])
    page = secretariat_client.get(url)
    response = _import(secretariat_client, url, page, data, name=name)
    assert response.status_code == 200
    text = response.content.decode()
    assert f"«{name}»" in text and problem in text
    assert response.context["form"]["assessment"].value() == "<p>Gammal vurdering.</p>"
    paper.refresh_from_db()
    assert paper.assessment == "<p>Gammal vurdering.</p>"


def test_importing_without_a_file_asks_for_one(secretariat_client, paper):
    url = reverse("cases:edit", args=[paper.year, paper.sequence])
    page = secretariat_client.get(url)
    response = secretariat_client.post(url, {**page_data(page), "import": "1"})
    assert "Velg Word-dokumentet som skal importeres." in response.content.decode()


def test_a_new_case_can_be_filled_from_a_document(secretariat_client):
    url = reverse("cases:create")
    page = secretariat_client.get(url)
    response = _import(secretariat_client, url, page, paper_docx())
    assert response.status_code == 200
    assert "Utvalet sluttar seg til." in response.context["form"]["proposed_resolution"].value()
    assert not Case.objects.exists()
