"""The project directive as structured data, laid out like seed 000, and the side-by-side
comparison of two versions. Pure functions over the ``sections`` dictionary of a
``DirectiveVersion``; no database.

Every section is ``{"text": str, "items": [str], "not_defined": bool}``; the benefits
section has a list per beneficiary and «Nytte for alle ledd»; roles and milestones carry
table rows, copied from the project while the version is a draft and frozen with it."""

import difflib
import html
import re
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

TEXT = "text"
LIST = "list"
TEXT_AND_LIST = "text_and_list"
BENEFITS = "benefits"
ROWS = "rows"


@dataclass(frozen=True)
class SectionSpec:
    key: str
    number: str
    title: object  # a lazy translation
    shape: str


SECTIONS: list[SectionSpec] = [
    SectionSpec("background", "1", _("Why start the project?"), TEXT_AND_LIST),
    SectionSpec("clarifications", "1.1", _("Clarifications"), TEXT),
    SectionSpec("main_goal", "2.1", _("Main goal – what shall the project achieve?"), TEXT),
    SectionSpec("sub_goals", "2.1", _("Sub-goals"), LIST),
    SectionSpec("benefits", "2.2", _("Benefits"), BENEFITS),
    SectionSpec("necessary_changes", "2.3", _("Necessary changes"), TEXT),
    SectionSpec("deliverables_final", "2.4", _("Deliverables"), LIST),
    SectionSpec("deliverables_interim", "2.4", _("Deliverables along the way"), LIST),
    SectionSpec("scope_and_dependencies", "2.5", _("Scope and dependencies"), TEXT_AND_LIST),
    SectionSpec(
        "stakeholders", "3", _("Project organisation – who must be involved?"), TEXT_AND_LIST
    ),
    SectionSpec("roles", "3.1", _("Roles"), ROWS),
    SectionSpec("milestones", "4", _("Milestones – how will the project be carried out?"), ROWS),
]
SECTION_BY_KEY = {spec.key: spec for spec in SECTIONS}
BENEFICIARIES = [
    ("patients", _("Benefit for patients and relatives")),
    ("employees", _("Benefit for employees")),
    ("organisations", _("Benefit for the organisations and society")),
]
ROW_HEADINGS = {
    "roles": [_("Role"), _("Name/representative(s)"), _("Necessary competence and resources")],
    "milestones": [_("No."), _("Milestones"), _("Participating bodies"), _("Due")],
}


def empty_section(spec: SectionSpec) -> dict:
    section: dict = {"text": "", "items": [], "not_defined": False}
    if spec.shape == BENEFITS:
        section.update({key: [] for key, _label in BENEFICIARIES} | {"all_levels": ""})
    if spec.shape == ROWS:
        section["rows"] = []
    return section


def normalise(sections: dict) -> dict:
    """Every section present with every key, whatever an older version stored."""
    result = {}
    for spec in SECTIONS:
        section = empty_section(spec)
        section.update(sections.get(spec.key) or {})
        result[spec.key] = section
    return result


def display_sections(sections: dict) -> list[tuple[SectionSpec, dict, list]]:
    """Each section with its spec and, for tables, the column headings, as pages and the
    PDF print them."""
    sections = normalise(sections)
    return [(spec, sections[spec.key], ROW_HEADINGS.get(spec.key, [])) for spec in SECTIONS]


def is_defined(section: dict) -> bool:
    return not section.get("not_defined")


def section_lines(spec: SectionSpec, section: dict) -> list[str]:
    """The section as lines of plain text, in the order the directive prints them."""
    if section.get("not_defined"):
        return [str(_("Not defined yet."))] + ([section["text"]] if section.get("text") else [])
    lines: list[str] = []
    if section.get("text"):
        lines.extend(section["text"].splitlines())
    lines.extend(f"• {item}" for item in section.get("items", []))
    if spec.shape == BENEFITS:
        for key, label in BENEFICIARIES:
            for item in section.get(key, []):
                lines.append(f"{label}: {item}")
        if section.get("all_levels"):
            lines.append(f"{_('Benefit for all levels')}: {section['all_levels']}")
    if spec.shape == ROWS:
        lines.extend(" | ".join(str(cell) for cell in row) for row in section.get("rows", []))
    return [line for line in lines if line.strip()]


@dataclass(frozen=True)
class SectionComparison:
    spec: SectionSpec
    old: SafeString
    new: SafeString
    changed: bool


_TOKEN = re.compile(r"\s+|[^\s]+")


def _mark(tokens: list[str], tag: str) -> str:
    text = "".join(tokens)
    if not text.strip():
        return html.escape(text)
    return f"<{tag}>{html.escape(text)}</{tag}>"


def diff_texts(old: str, new: str) -> tuple[SafeString, SafeString, bool]:
    """Word by word: the old text with what was removed in ``<del>``, the new with what was
    added in ``<ins>``; both escaped."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append(html.escape("".join(a[i1:i2])))
            right.append(html.escape("".join(b[j1:j2])))
            continue
        if op in {"delete", "replace"}:
            left.append(_mark(a[i1:i2], "del"))
        if op in {"insert", "replace"}:
            right.append(_mark(b[j1:j2], "ins"))
    # Safe: every piece of text was escaped above; only our own tags are added.
    return mark_safe("".join(left)), mark_safe("".join(right)), old != new


def compare(old_sections: dict, new_sections: dict) -> list[SectionComparison]:
    """Section by section, the two versions side by side with the changes marked."""
    old_sections, new_sections = normalise(old_sections), normalise(new_sections)
    result = []
    for spec in SECTIONS:
        old = "\n".join(section_lines(spec, old_sections[spec.key]))
        new = "\n".join(section_lines(spec, new_sections[spec.key]))
        left, right, changed = diff_texts(old, new)
        result.append(SectionComparison(spec, left, right, changed))
    return result


def version_key(version: str) -> tuple:
    """1.10 after 1.9: versions sort by their numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"[.\-]", version))
