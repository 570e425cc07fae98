"""Two versions of an agreement compared point by point, with the changed words marked.

Points are matched on their number; within a point the words are compared with
``difflib.SequenceMatcher``. The page renders removed words in ``<del>`` and added words in
``<ins>``, each with a text label for screen readers, so the change is not told by colour."""

import difflib
import re
from dataclasses import dataclass, field

from .models import point_sort_key

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    op: str  # "same", "removed" or "added"
    text: str


@dataclass
class PointChange:
    number: str
    state: str  # "unchanged", "changed", "added" or "removed"
    old_title: str = ""
    new_title: str = ""
    title: list[Segment] = field(default_factory=list)
    text: list[Segment] = field(default_factory=list)

    @property
    def is_unchanged(self) -> bool:
        return self.state == "unchanged"


def word_diff(old: str, new: str) -> list[Segment]:
    """The words of ``old`` and ``new`` as same / removed / added runs."""
    a = _TOKENS.findall(old)
    b = _TOKENS.findall(new)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(a[i1:i2])))
            continue
        if op in ("replace", "delete"):
            segments.append(Segment("removed", "".join(a[i1:i2])))
        if op in ("replace", "insert"):
            segments.append(Segment("added", "".join(b[j1:j2])))
    return segments


def compare_points(
    old: list[tuple[str, str, str]], new: list[tuple[str, str, str]]
) -> list[PointChange]:
    """``old`` and ``new`` as (number, title, text); one change per number in either, in the
    points' order."""
    before = {number: (title, text) for number, title, text in old}
    after = {number: (title, text) for number, title, text in new}
    changes = []
    for number in sorted(set(before) | set(after), key=point_sort_key):
        if number not in after:
            title, text = before[number]
            changes.append(
                PointChange(number, "removed", old_title=title, text=[Segment("removed", text)])
            )
        elif number not in before:
            title, text = after[number]
            changes.append(
                PointChange(number, "added", new_title=title, text=[Segment("added", text)])
            )
        else:
            (old_title, old_text), (new_title, new_text) = before[number], after[number]
            state = "unchanged" if (old_title, old_text) == (new_title, new_text) else "changed"
            changes.append(
                PointChange(
                    number,
                    state,
                    old_title=old_title,
                    new_title=new_title,
                    title=word_diff(old_title, new_title) if old_title != new_title else [],
                    text=word_diff(old_text, new_text),
                )
            )
    return changes
