"""The rich-text editor offers what the sanitiser keeps, and loads old texts as written."""

from django_prose_editor.config import allowlist_from_extensions

from samhandling.cases.forms import EDITOR_EXTENSIONS, CaseForm, DecisionForm
from samhandling.cases.richtext import ALLOWED_TAGS, URL_SCHEMES, html_for_editor, sanitise_html


def test_the_editor_offers_no_markup_the_sanitiser_would_remove():
    offered = allowlist_from_extensions(EDITOR_EXTENSIONS)
    assert offered["tags"] <= ALLOWED_TAGS
    # Kept when it comes from a document or an older paper, but not written in the editor.
    assert ALLOWED_TAGS - offered["tags"] == {"caption"}
    assert offered["url_schemes"] == URL_SCHEMES


def test_the_rich_text_fields_use_the_editor_and_keep_their_labels():
    form = CaseForm()
    for name in ("introduction", "background", "assessment", "further_work"):
        html = str(form[name])
        assert "data-django-prose-editor-configurable" in html
        assert f'<label for="id_{name}">' in form[name].label_tag()
    assert "data-django-prose-editor-configurable" in str(DecisionForm()["text"])
    assert "django_prose_editor/editor.js" in str(form.media)


def test_old_plain_text_is_loaded_into_the_editor_as_its_paragraphs():
    assert html_for_editor("Første avsnitt\n\nAndre\nlinje") == (
        "<p>Første avsnitt</p><p>Andre<br>linje</p>"
    )
    stored = sanitise_html("<h3>Om saka</h3><ul><li>a</li></ul>")
    assert html_for_editor(stored) == stored
    assert html_for_editor("") == ""
