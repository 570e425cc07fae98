"""Rich text in case papers: the secretariat writes simple HTML or plain paragraphs; what is
stored and shown is always sanitised HTML."""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
# Tags that make text "real HTML" whose blocks are kept as written; anything less (strong,
# em, a, br) is inline markup inside plain paragraphs.
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|ul|ol|li|blockquote|table|thead|tbody|tr|th|td|caption|pre|hr)\b",
    re.I,
)
_BLANK_LINES = re.compile(r"\n\s*\n")


def plain_text_to_html(text: str) -> str:
    """Paragraphs separated by blank lines become ``<p>``; single line breaks ``<br>``."""
    paragraphs = [p.strip() for p in _BLANK_LINES.split(text.replace("\r\n", "\n")) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )


def inline_text_to_html(text: str) -> str:
    """Like ``plain_text_to_html`` for text with inline tags: the tags are kept for the
    sanitiser to judge, so they are not escaped here."""
    paragraphs = [p.strip() for p in _BLANK_LINES.split(text.replace("\r\n", "\n")) if p.strip()]
    return "".join("<p>" + "<br>".join(p.split("\n")) + "</p>" for p in paragraphs)


def sanitise_html(text: str) -> str:
    """Sanitised HTML for one section of a case paper. Text without block tags is taken as
    plain paragraphs (with any inline tags such as <strong> kept), so the secretariat need
    not write HTML at all; text with block tags is taken as HTML as it stands."""
    text = (text or "").strip()
    if not text:
        return ""
    if not _TAG.search(text):
        text = plain_text_to_html(text)
    elif not _BLOCK_TAG.search(text) and _BLANK_LINES.search(text):
        # Only paragraphs that would otherwise run together are wrapped; a single line with
        # a <strong> in it stays as written, as before.
        text = inline_text_to_html(text)
    return nh3.clean(
        text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES
    ).strip()


def html_to_text(value: str) -> str:
    """The words of a sanitised section without markup, for CSV export and summaries."""
    without_tags = nh3.clean(re.sub(r"</(p|li|h3|h4|tr)>|<br\s*/?>", "\n", value or ""), tags=set())
    return html.unescape(re.sub(r"\n{2,}", "\n", without_tags)).strip()


_SIMPLE = re.compile(r"^(?:<p>(?:(?!</?p>).)*</p>)+$", re.S)


def html_for_editing(value: str) -> str:
    """What a textarea shows: sections that are only paragraphs and line breaks go back to
    plain text (the form turns them into paragraphs again); richer HTML is kept as it is."""
    value = (value or "").strip()
    if not value or not _SIMPLE.match(value) or re.search(r"<(?!/?p>|br>)", value):
        return value
    paragraphs = re.findall(r"<p>(.*?)</p>", value, re.S)
    return "\n\n".join(html.unescape(p.replace("<br>", "\n")) for p in paragraphs)


def html_for_editor(value: str) -> str:
    """What the rich-text editor loads: stored HTML as it is, and old plain-text sections
    (saved before the editor, or by a script) as the paragraphs they were written as, since
    the editor reads its input as HTML and would run plain lines together."""
    return sanitise_html(value)
