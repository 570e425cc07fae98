"""The SQLite path's text handling, without a database."""

import pytest

from samhandling.search.text import (
    VARIANTS_FILE,
    highlight,
    normalise_text,
    parse_query,
    parse_variants,
    plain_text,
    stem_text,
    variants,
)


def test_nynorsk_and_bokmal_forms_share_a_stem():
    assert stem_text("samhandlingsforløpa") == stem_text("samhandlingsforløp")
    assert stem_text("kommunane") == stem_text("kommunar") == stem_text("kommune")


def test_stemmed_text_is_lower_case_words_without_punctuation():
    assert stem_text("Kommunane, Helse-Bergen og ØYEBLIKKELEG hjelp!") == (
        "kommun hels berg og øyeblikk hjelp"
    )


def test_rich_text_becomes_plain_text_with_words_kept_apart():
    assert plain_text("<p>Første</p><p>andre &amp; tredje</p>") == "Første andre & tredje"


def test_words_must_all_match_and_quotes_make_a_phrase():
    parsed = parse_query('kommunane "skrøpelege eldre"')
    assert parsed.fts5() == '("kommun") AND ("skrøp eldr")'


def test_or_joins_alternatives_and_minus_excludes():
    parsed = parse_query("legevakt or akuttberedskap -voss")
    assert parsed.fts5() == '(("legevakt" OR "akuttberedskap")) NOT ("voss")'


def test_query_syntax_characters_are_never_passed_to_fts5():
    parsed = parse_query('NEAR(a b) * ^col: "unclosed')
    expression = parsed.fts5()
    assert "NEAR(" not in expression and "*" not in expression and "^" not in expression
    assert parse_query('"" - or').is_empty()


def test_highlight_marks_every_form_of_the_word_and_escapes_the_text():
    snippet = highlight("Kommunen <b> og kommunane samarbeider", {"kommun"})
    assert snippet == "<mark>Kommunen</mark> &lt;b&gt; og <mark>kommunane</mark> samarbeider"


def test_highlight_shows_a_window_around_the_first_hit():
    text = " ".join(f"ord{i}" for i in range(100)) + " legevakt " + "slutt " * 50
    snippet = highlight(text, {"legevakt"}, length=12, before=4)
    assert snippet.startswith("… ord96 ord97 ord98 ord99 <mark>legevakt</mark>")
    assert snippet.endswith(" …")


@pytest.mark.parametrize(
    ("nynorsk", "bokmal"),
    [
        ("heimeoppfølging", "hjemmeoppfølging"),
        ("heimkommune", "hjemkommune"),
        ("ikkje", "ikke"),
        ("tenester", "tjenester"),
        ("helsetenesta", "helsetjenesten"),
        ("sjukehus", "sykehus"),
        ("utvalet", "utvalget"),
    ],
)
def test_nynorsk_and_bokmal_forms_of_a_word_stem_alike(nynorsk, bokmal):
    assert stem_text(nynorsk) == stem_text(bokmal)


def test_a_word_already_in_the_bokmal_form_is_left_alone():
    assert normalise_text("Hjemmet og hjemmel") == "hjemmet og hjemmel"
    assert normalise_text("tjenester") == "tjenester"


def test_normalised_text_keeps_the_query_syntax():
    assert normalise_text('"heime hos" or -ikkje') == '"hjemme hos" or -ikke'


def test_the_variants_file_parses_and_rejects_a_line_without_two_forms():
    assert variants().words["ikkje"] == "ikke"
    assert VARIANTS_FILE.exists()
    with pytest.raises(ValueError, match="two forms"):
        parse_variants("heime")


def test_highlight_marks_a_nynorsk_form_of_a_bokmal_query():
    stems = parse_query("hjemmeoppfølging").stems
    assert highlight("Betre heimeoppfølging", stems) == "Betre <mark>heimeoppfølging</mark>"
