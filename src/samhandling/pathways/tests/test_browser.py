"""The pages in a real browser, each checked with axe-core (WCAG 2.1 AA)."""

import pytest

from samhandling.pathways import demo
from samhandling.pathways.engine.generate import generate, write_generated
from samhandling.pathways.models import EventLog
from samhandling.testing.personas import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def small_demo(data_dir):
    demo.DEMO_PATIENTS, original = 600, demo.DEMO_PATIENTS
    try:
        demo.load()
    finally:
        demo.DEMO_PATIENTS = original
    return EventLog.objects.get(is_demo=True)


def test_a_visitor_reads_the_demo_analyses(browser, small_demo):
    page = browser.open("/forlop/")
    page.get_by_role("link", name=small_demo.name).click()
    browser.check()
    assert page.get_by_role("heading", name="Forløpsgraf").is_visible()
    assert page.get_by_role("img", name="Forløpsgraf").is_visible()
    page.get_by_label("Aldersgruppe").select_option("67–79")
    page.get_by_role("button", name="Vis").click()
    browser.check()
    assert "age_band=67" in page.url
    page.get_by_text("Grafen som tabell").click()
    browser.check()


def test_an_analyst_imports_a_log_and_follows_it_to_its_analyses(
    browser, analyst, data_dir, tmp_path
):
    path = write_generated(generate(120, seed=9), tmp_path / "forlop.csv")
    browser.log_in(analyst.username, PASSWORD)
    page = browser.open("/forlop/importer/")
    page.get_by_label("Navn på loggen").fill("Prøvelogg")
    page.get_by_label("Fil med hendelseslogg").set_input_files(str(path))
    page.get_by_role("button", name="Start importen").click()
    browser.check()
    page.get_by_role("link", name="Se analysene").click()
    browser.check()
    assert page.get_by_role("heading", name="Prøvelogg").is_visible()
