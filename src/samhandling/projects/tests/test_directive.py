"""Directive versions compared side by side: what was removed is marked in the old version,
what was added in the new, and nothing else changes. Pure: no database."""

import html
import re

from django.utils.translation import gettext
from hypothesis import given
from hypothesis import strategies as st

from samhandling.projects import directive


def _unmark(marked: str) -> str:
    return html.unescape(re.sub(r"</?(ins|del)>", "", marked))


def test_an_added_sub_goal_is_marked_as_inserted_in_the_new_version():
    old = {"sub_goals": {"items": ["Overordna strategisk grunnlag"]}}
    new = {"sub_goals": {"items": ["Overordna strategisk grunnlag", "Svare ut «Helsefellesskap»"]}}
    rows = {row.spec.key: row for row in directive.compare(old, new)}
    assert rows["sub_goals"].changed
    assert "<ins>" in rows["sub_goals"].new and "Helsefellesskap" in rows["sub_goals"].new
    assert "<del>" not in rows["sub_goals"].old
    assert not rows["background"].changed


def test_a_section_marked_not_defined_yet_reads_so():
    section = {"text": "", "items": [], "not_defined": True}
    lines = directive.section_lines(directive.SECTION_BY_KEY["necessary_changes"], section)
    assert lines == [gettext("Not defined yet.")]


def test_markup_in_a_section_is_escaped():
    old = {"main_goal": {"text": "<script>alert(1)</script>"}}
    row = directive.compare(old, {})[2]
    assert "<script>" not in row.old and "&lt;script&gt;" in row.old


def test_versions_sort_by_their_numbers():
    assert sorted(["1.10", "1.2", "1.1", "1.7"], key=directive.version_key) == [
        "1.1",
        "1.2",
        "1.7",
        "1.10",
    ]


@given(st.text(max_size=80), st.text(max_size=80))
def test_each_side_without_its_marks_is_exactly_its_own_text(old, new):
    left, right, changed = directive.diff_texts(old, new)
    assert _unmark(left) == old
    assert _unmark(right) == new
    assert changed == (old != new)
    assert "<ins>" not in left and "<del>" not in right


@given(st.text(max_size=80))
def test_a_text_compared_with_itself_has_no_marks(text):
    left, right, changed = directive.diff_texts(text, text)
    assert not changed and "<ins>" not in right and "<del>" not in left
