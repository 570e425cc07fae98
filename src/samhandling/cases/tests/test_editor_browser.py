"""Writing a case paper in the rich-text editor with the keyboard, and importing a Word
document into it, in a real browser (axe-core and the 375 px check on every page)."""

import pytest
from django.urls import reverse

from samhandling.cases.models import Case
from samhandling.cases.tests.factories import make_case
from samhandling.cases.tests.test_docx_import import paper_docx
from samhandling.testing.personas import PASSWORD, make_secretariat_user

pytestmark = pytest.mark.browser

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_the_secretariat_writes_with_the_keyboard_and_imports_a_word_document(browser):
    make_secretariat_user("siri")
    case = make_case(subject="Utskrivingsklare pasientar")
    browser.log_in("siri", PASSWORD)
    page = browser.open(reverse("cases:edit", args=[case.year, case.sequence]))

    # Five editors, each with its toolbar named in the page's language.
    assert page.get_by_role("button", name="Punktliste", exact=True).count() == 5
    background = page.get_by_role("textbox", name="Bakgrunn", exact=True)
    background.focus()
    page.keyboard.type("Saka gjeld ")
    page.keyboard.press("Control+B")
    page.keyboard.type("alle kommunane")
    page.keyboard.press("Control+B")
    page.keyboard.press("Enter")
    # A dash and a space begin a bulleted list, as in Word.
    page.keyboard.type("- Alver")
    page.keyboard.press("Enter")
    page.keyboard.type("Gulen")
    # Escape leaves the editor for the next field's toolbar: the keyboard is never caught.
    page.keyboard.press("Escape")
    assert page.evaluate(
        "document.activeElement.closest('.prose-editor')"
        " === document.getElementById('id_assessment').closest('.prose-editor')"
    )

    page.get_by_label("Word-dokument (DOCX)").set_input_files(
        files=[
            {"name": "vurdering.docx", "mimeType": DOCX_TYPE, "buffer": paper_docx(headings=False)}
        ]
    )
    page.get_by_label("Del for et dokument uten slike overskrifter").select_option("assessment")
    page.get_by_role("button", name="Importer til skjemaet").click()
    browser.check()
    assert page.get_by_text("Teksten fra «vurdering.docx» er lagt inn i skjemaet").is_visible()
    assessment = page.get_by_role("textbox", name="Vurdering", exact=True)
    assert "Første punkt" in assessment.inner_text()
    # Nothing is saved before the user saves.
    assert Case.objects.get(pk=case.pk).background == ""

    page.get_by_role("button", name="Lagre", exact=True).click()
    browser.check()
    assert page.get_by_text("Saksframlegget er lagret.").is_visible()
    saved = Case.objects.get(pk=case.pk)
    assert saved.background == (
        "<p>Saka gjeld <strong>alle kommunane</strong></p><ul><li><p>Alver</p></li>"
        "<li><p>Gulen</p></li></ul>"
    )
    assert "<strong>utskrivingsklare</strong>" in saved.assessment
    assert page.locator("strong", has_text="alle kommunane").is_visible()
    assert page.get_by_role("listitem").filter(has_text="Første punkt").is_visible()
