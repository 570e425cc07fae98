"""The demo carries what the seeds give, as the pages show it: seed 001's «Fremdriftsplan» on
the late-2021 status paper, and seed 004's case header and section headings on case 58/21
(read in nynorsk, the seed's language). The seeds come from ``shared/seeds/`` beside the
checkout; in CI a missing folder fails the test."""

import html
import re

import pytest
from django.conf import settings

from samhandling.cases import demo
from samhandling.cases.models import Case
from samhandling.structure import demo as structure_demo
from samhandling.structure.tests.sources import seed_text

pytestmark = pytest.mark.django_db


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text))).strip()


@pytest.fixture
def nn_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    return client


@pytest.fixture
def loaded():
    structure_demo.load()
    demo.load()


def progress_plan_rows(seed: str) -> list[list[str]]:
    lines = seed.splitlines()
    start = lines.index("Fremdriftsplan")
    rows = [line.split("\t") for line in lines[start + 1 :] if "\t" in line]
    assert rows[0] == ["Når", "Hva", "Om", "Ansvar"]
    return [[_normal(cell) for cell in row] for row in rows[1:]]


def case_header(seed: str) -> dict[str, str]:
    header = {}
    for line in seed.splitlines():
        if line.startswith("Innleiing"):
            break
        name, sep, value = line.partition(":")
        if sep and value.strip():
            header[name.strip()] = value.strip()
    return header


def test_the_status_papers_progress_plan_is_seed_001s_fremdriftsplan(loaded, nn_client):
    rows = progress_plan_rows(seed_text("001"))
    assert len(rows) == 5
    case = Case.objects.get(progress_plan__when="des 21")
    page = nn_client.get(case.get_absolute_url()).content.decode()
    table = page[page.index('id="progress-plan"') :]
    shown = [
        [_normal(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("</tbody>")[0], flags=re.S)
    ]
    assert shown[1:] == rows  # the first row is the table's own head


def test_case_58_21_shows_seed_004s_header_and_section_headings(loaded, nn_client):
    seed = seed_text("004")
    header = case_header(seed)
    assert header["Saksnummer"] == "58/21"
    case = Case.objects.get(year=2021, sequence=58)
    page = nn_client.get(case.get_absolute_url()).content.decode()
    facts = dict(
        (_normal(dt), _normal(dd))
        for dt, dd in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", page, flags=re.S)
    )
    assert facts["Saksnummer"] == header["Saksnummer"]
    assert facts["Saka gjeld"] == header["Saka gjeld"]
    day, month, year = header["Dato"].split(".")
    # The same day, whatever zero-padding the page's date format uses.
    shown_day, shown_month, shown_year = facts["Dato"].split(".")
    assert (int(shown_day), int(shown_month), shown_year) == (int(day), int(month), year)
    # The case officer is fictional (demo people are); the unit is the seed's.
    officer_unit = header["Sakshandsamar"].split(",", 1)[1].strip()
    assert facts["Sakshandsamar"].endswith(officer_unit)
    # «Går til: Samarbeidsutvala»: the four samarbeidsutval/-råd of December 2021.
    assert header["Går til"] == "Samarbeidsutvala"
    goes_to = [name.strip() for name in facts["Går til"].split(",")]
    assert len(goes_to) == 4 and all(name.startswith("Samarbeids") for name in goes_to)
    headings = [_normal(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, flags=re.S)]
    for heading in ("Innleiing/om saka", "Bakgrunn", "Vidare utvikling"):
        assert heading in seed
        assert heading in headings
    # The seed gives no proposed resolution, so the page shows none.
    assert "Forslag til vedtak" not in headings
