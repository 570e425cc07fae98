"""The structure carries what seed 001 says about each committee's composition: every line of
the seed's composition lists is a rule text on the committee's page. The seeds are read from
``shared/seeds/`` beside the checkout; in CI a missing folder fails the test (see sources.py).
"""

import html
import re
from pathlib import Path

import pytest
from django.urls import reverse

from samhandling.structure import demo
from samhandling.structure.tests import sources

pytestmark = pytest.mark.django_db

HEADERS = (
    "Toppledermøtet",
    "Strategisk samarbeidsutvalg",
    "Områdeutvalg",
    "Faglige samarbeidsutvalg",
    "Videre fremdrift",
)

# Lines of the composition lists that are not seats, each with the reason.
NOT_SEATS = {
    # Leaders of local sub-committees and networks attend for one case («På sak»); they hold
    # no standing seat.
    "På sak:",
    "Leder av lokale underutvalg og nettverk",
    # Which professional committees exist, and SSU's task to review them: not composition.
    "Ved avtaleinngåing er følgende faglige samarbeidsutvalg virksomme:",
    "Medisinsk faglig utvalg",
    "Felles underutvalg for akuttmedisin og beredskap",
    "SSU vil vurdere framtidig organisering av nåværende faglige samarbeidsutvalg slik at de "
    "samsvarer med nasjonale føringer og aktuelle behov i Helsefellesskapet.",
    # Sub-headings of the lists.
    "Observatører med tale- og forslagsrett:",
}


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def composition_lines(seed: str, header: str) -> list[str]:
    """The bullet lines of the seed's section ``header``: the section is the one whose header
    line is followed by a bullet list (the header also appears elsewhere in the slides)."""
    lines = seed.splitlines()
    for index, line in enumerate(lines):
        following = [x.strip() for x in lines[index + 1 :] if x.strip()]
        if line.strip() == header and following and following[0].startswith("-"):
            break
    else:
        raise AssertionError(f"no section «{header}» in seed 001")
    found = []
    for line in lines[index + 1 :]:
        text = line.strip()
        if text in HEADERS:
            break
        if text.startswith("- "):
            found.append(_normal(text[2:]))
    return [line for line in found if line not in NOT_SEATS]


def test_the_seed_parser_reads_the_lists_of_seed_001():
    seed = sources.seed_text("001")
    assert composition_lines(seed, "Strategisk samarbeidsutvalg")[-1] == "Samarbeidssekretariatet"
    assert "1 PKO (?)" in composition_lines(seed, "Områdeutvalg")


def test_seeds_are_found_beside_the_checkout_from_any_folder_inside_it(tmp_path):
    (tmp_path / "shared" / "seeds").mkdir(parents=True)
    inner = tmp_path / "repo" / "src" / "pkg" / "tests" / "x.py"
    inner.parent.mkdir(parents=True)
    assert sources.find_shared(inner) == tmp_path / "shared"
    assert sources.find_shared(Path("/")) is None


def test_missing_seeds_fail_in_ci_and_skip_elsewhere(monkeypatch):
    monkeypatch.setattr(sources, "find_shared", lambda start=None: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        sources.seeds_dir()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        sources.seeds_dir()


def _rule_texts(client, slug: str) -> str:
    page = client.get(reverse("structure:committee", args=[slug])).content.decode()
    texts = re.findall(r'<span class="rule-text">(.*?)</span>', page, flags=re.S)
    return " | ".join(_normal(html.unescape(t)) for t in texts)


@pytest.mark.parametrize(
    ("header", "committees"),
    [
        ("Toppledermøtet", ["partnarskapsmotet"]),
        ("Strategisk samarbeidsutvalg", ["ssu"]),
        ("Områdeutvalg", ["ou-bergen", "ou-bergensregionen", "ou-nordhordland", "ou-voss"]),
        ("Faglige samarbeidsutvalg", ["medisinsk-fagleg-utval", "akuttmedisin-og-beredskap"]),
    ],
)
def test_every_composition_line_of_seed_001_is_a_rule_on_the_committees_page(
    client, header, committees
):
    lines = composition_lines(sources.seed_text("001"), header)
    assert lines
    demo.load()
    for slug in committees:
        shown = _rule_texts(client, slug)
        for line in lines:
            # A long line holds several sentences; each must be there.
            for sentence in re.split(r"(?<=\.)\s+(?=[A-ZÆØÅ])", line):
                assert sentence in shown, (slug, sentence)
