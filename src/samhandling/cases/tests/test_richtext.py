from samhandling.cases.richtext import html_to_text, sanitise_html


def test_scripts_event_handlers_and_javascript_links_are_removed():
    dirty = (
        '<p onclick="steal()">Hei<script>alert(1)</script> '
        '<a href="javascript:alert(1)">lenkje</a></p><img src=x onerror=alert(1)>'
    )
    clean = sanitise_html(dirty)
    assert "script" not in clean
    assert "onclick" not in clean
    assert "javascript" not in clean
    assert "<img" not in clean
    assert clean.startswith("<p>Hei")


def test_the_allowed_formatting_survives():
    html = (
        "<h3>Bakgrunn</h3><p><strong>Viktig</strong> og <em>meir</em></p>"
        '<ul><li>ein</li></ul><blockquote>sitat</blockquote><a href="https://saman.no">saman</a>'
        '<table><tr><th scope="col">Når</th></tr><tr><td>des 21</td></tr></table>'
    )
    clean = sanitise_html(html)
    for fragment in ("<h3>", "<strong>", "<em>", "<li>", "<blockquote>", 'scope="col"', "<td>"):
        assert fragment in clean
    assert 'href="https://saman.no"' in clean


def test_plain_text_becomes_paragraphs_with_its_specials_escaped():
    assert sanitise_html("Første avsnitt\n\nAndre linje 1\nlinje 2 & <3") == (
        "<p>Første avsnitt</p><p>Andre linje 1<br>linje 2 &amp; &lt;3</p>"
    )


def test_empty_text_stays_empty():
    assert sanitise_html("  \n ") == ""


def test_html_to_text_keeps_the_words_one_block_a_line():
    assert html_to_text("<p>a &amp; b</p><ul><li>x</li><li>y</li></ul>") == "a & b\nx\ny"


def test_simple_paragraphs_go_back_to_plain_text_for_editing_and_survive_the_round_trip():
    from samhandling.cases.richtext import html_for_editing

    stored = sanitise_html("Første avsnitt & meir\n\nAndre\nlinje")
    assert html_for_editing(stored) == "Første avsnitt & meir\n\nAndre\nlinje"
    assert sanitise_html(html_for_editing(stored)) == stored


def test_richer_html_is_edited_as_html():
    from samhandling.cases.richtext import html_for_editing

    stored = "<p>Utvalet sluttar seg til:</p><ul><li>a</li></ul>"
    assert html_for_editing(stored) == stored
    assert html_for_editing("<p><strong>Viktig</strong></p>") == "<p><strong>Viktig</strong></p>"


def test_plain_paragraphs_with_inline_tags_still_become_paragraphs():
    text = "Første avsnitt med <strong>viktig</strong> ord.\n\nAndre <em>avsnitt</em>\nny linje"
    assert sanitise_html(text) == (
        "<p>Første avsnitt med <strong>viktig</strong> ord.</p>"
        "<p>Andre <em>avsnitt</em><br>ny linje</p>"
    )


def test_inline_tags_in_plain_paragraphs_are_still_sanitised():
    clean = sanitise_html(
        'Sjå <a href="javascript:alert(1)" onclick="x()">her</a> & <3\n\n<script>alert(1)</script>Slutt'
    )
    assert clean.startswith("<p>Sjå <a") and "</a> &amp; &lt;3</p>" in clean
    assert "javascript" not in clean and "onclick" not in clean and "script" not in clean
    assert clean.endswith("<p>Slutt</p>")


def test_block_html_with_blank_lines_stays_as_written():
    text = "<p>Første</p>\n\n<ul><li>a</li>\n\n<li>b</li></ul>"
    assert sanitise_html(text) == "<p>Første</p>\n\n<ul><li>a</li>\n\n<li>b</li></ul>"
