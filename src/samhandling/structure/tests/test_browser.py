"""The structure pages in headless Chromium on the demo dataset: every page opened is checked
with axe-core (WCAG 2.1 AA) by the ``browser`` fixture; keyboard use and 200 % zoom too."""

import datetime

import pytest

from samhandling.accounts import demo as accounts_demo
from samhandling.structure import demo
from samhandling.structure.models import Committee, Membership

pytestmark = pytest.mark.browser

# No element may stick out of the page at 200 % zoom except inside these containers, which
# scroll on their own (wide tables and the structure drawing).
OVERFLOW_OUTSIDE_SCROLLERS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.table-scroll, .diagram')) continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1) wide.push(el.tagName + '.' + el.className);
  }
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


@pytest.fixture
def demo_data(transactional_db):
    demo.load()
    accounts_demo.load()


def test_structure_overview_draws_the_levels_and_passes_axe(browser, demo_data):
    page = browser.open("/struktur/")
    assert page.get_by_role("heading", level=1, name="Samhandlingsstruktur").is_visible()
    # Today's committees: those before the helsefellesskap are listed apart, not drawn.
    assert (
        page.locator("svg a.committee-box").count()
        == Committee.objects.filter(valid_to=None).count()
    )
    assert (
        page.locator("svg .connectors path").count()
        == Committee.objects.filter(reports_to__isnull=False, valid_to=None).count()
    )
    page.locator("svg a.committee-box", has_text="Områdeutval Voss").click()
    browser.check()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Områdeutval Voss")


def test_committee_page_shows_the_intended_violation_and_passes_axe(browser, demo_data):
    page = browser.open("/struktur/utval/ou-voss/")
    broken = page.locator(".rule-list > li.rule-broken")
    assert broken.count() == 1
    assert "funksjonstid" in broken.inner_text()
    assert page.get_by_role("heading", name="Tidligere medlemmer").is_visible()


def test_organisation_and_person_pages_pass_axe(browser, demo_data):
    page = browser.open("/struktur/organisasjonar/bergen/")
    assert page.get_by_role("heading", name="Representert i").is_visible()
    page.locator("table a[href^='/struktur/personar/']").first.click()
    browser.check()
    assert page.get_by_role("heading", name="Verv nå").is_visible()


def test_organisation_list_sorts_and_people_list_searches(browser, demo_data):
    page = browser.open("/struktur/organisasjonar/")
    page.get_by_role("link", name="Innbyggertall").click()
    browser.check()
    page.get_by_role("link", name="Innbyggertall").click()
    browser.check()
    first = page.locator("tbody tr").first.locator("td").first.inner_text()
    assert first.startswith("Bergen")
    page = browser.open("/struktur/personar/")
    person = Membership.objects.current().select_related("person").first().person
    page.get_by_label("Søk på navn, tittel eller arbeidssted").fill(person.family_name)
    page.get_by_role("button", name="Søk").click()
    browser.check()
    assert page.get_by_role("link", name=f"{person.family_name}, {person.given_name}").is_visible()


def test_keyboard_reaches_the_skip_link_and_the_diagrams_links(browser, demo_data):
    page = browser.open("/struktur/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('svg')"):
            break
    else:
        pytest.fail("Tab never reached a committee in the drawing")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert (
        href
        == Committee.objects.filter(valid_to=None)
        .order_by("level__order", "order", "name")
        .first()
        .get_absolute_url()
    )
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")


@pytest.mark.parametrize(
    "path",
    [
        "/struktur/",
        "/struktur/utval/ssu/",
        "/struktur/organisasjonar/",
        "/struktur/organisasjonar/bergen/",
        "/struktur/personar/",
        "/struktur/utval/ssu/?dato=2022-08-01",
        "/struktur/utval/su-nordhordland/",
        "/struktur/organisasjonar/os-1243/",
    ],
)
def test_pages_reflow_at_200_percent_zoom(browser, demo_data, path):
    # 1280 CSS pixels at 200 % zoom leave 640 for the layout.
    browser.page.set_viewport_size({"width": 640, "height": 450})
    page = browser.open(path)
    overflow = page.evaluate(OVERFLOW_OUTSIDE_SCROLLERS)
    assert overflow["scroll"] <= overflow["width"], overflow
    assert overflow["wide"] == [], overflow


def test_secretariat_form_shows_errors_accessibly_and_adds_a_member(browser, demo_data):
    browser.log_in("sekretariat", "samhandling-demo")
    page = browser.open("/struktur/utval/medisinsk-fagleg-utval/")
    page.get_by_role("link", name="Legg til medlem").click()
    browser.check()
    page.get_by_role("button", name="Legg til medlem").click()
    browser.check()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "Feltet er påkrevet." in summary.inner_text()


def test_secretariat_ends_a_membership_from_the_committee_page(browser, demo_data):
    membership = (
        Membership.objects.current()
        .filter(seat__committee__slug="ssu", seat__may_decide=True)
        .select_related("person")
        .first()
    )
    name = membership.person.full_name
    browser.log_in("sekretariat", "samhandling-demo")
    page = browser.open("/struktur/utval/ssu/")
    page.get_by_role("link", name=f"Avslutt – {name}").click()
    browser.check()
    page.get_by_label("Gikk ut").fill(datetime.date.today().isoformat())
    page.get_by_role("button", name="Avslutt vervet").click()
    browser.check()
    assert page.get_by_role("status").filter(has_text=f"Vervet til {name}").is_visible()
    membership.refresh_from_db()
    assert membership.ended_on == datetime.date.today()


def test_diagram_links_are_named_by_the_whole_committee_name(browser, demo_data):
    """Names wrap over several lines in the drawing; a screen reader must still hear the
    words apart ("Områdeutval Bergen", not "OmrådeutvalBergen")."""
    page = browser.open("/struktur/")
    for committee in Committee.objects.filter(valid_to=None):
        link = page.locator("svg").get_by_role("link", name=committee.name, exact=True)
        assert link.count() == 1, committee.name
    level = page.locator("svg").get_by_role("group", name="Strategisk samarbeidsutval", exact=True)
    assert level.count() == 1
