"""The agreement register and the cost sharing in a real browser, as the secretariat: every
page opened is also checked with axe-core (WCAG 2.1 AA) and for sideways scrolling."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samhandling.accounts.services import SECRETARIAT_GROUP, role_group

from .test_pages import _agreement_with_two_versions, _decided_budget

pytestmark = pytest.mark.browser
PASSWORD = "hemmeleg-passord-1"


@pytest.fixture
def register(transactional_db):
    user = get_user_model().objects.create_user("siri", password=PASSWORD)
    user.groups.add(role_group(SECRETARIAT_GROUP))
    agreement, first, second, _draft = _agreement_with_two_versions()
    budget = _decided_budget()
    return {"agreement": agreement, "first": first, "second": second, "budget": budget}


def test_the_secretariat_reads_the_agreement_compares_versions_and_opens_the_allocation(
    browser, register
):
    browser.log_in("siri", PASSWORD)
    page = browser.open(reverse("agreements:list"))
    page.get_by_role("table").get_by_role("link", name="Overordna samarbeidsavtale").click()
    page = browser.check()
    assert page.get_by_role("heading", name="Hvem har sluttet seg til og signert hvilken versjon")
    assert page.get_by_text("I kraft: versjon 2022, fra 01.08.2022.").is_visible()

    page.get_by_label("Sammenlign versjon").select_option(label="2022")
    page.get_by_label("med versjon").select_option(label="2026")
    page.get_by_role("button", name="Sammenlign").click()
    page = browser.check()
    assert page.locator("del").first.text_content().startswith("[fjernet: ")
    assert page.locator("ins").first.text_content().startswith("[lagt til: ")

    page = browser.open(register["budget"].get_absolute_url())
    assert page.get_by_role("heading", name="Utkast til fordeling").is_visible()
    assert page.get_by_role("heading", name="Vedtatte fordelinger").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned som XLSX").click()
    assert download.value.suggested_filename == "fordeling-lkt-pilot-2019.xlsx"


def test_the_secretariats_forms_and_the_key_pages_pass_axe(browser, register):
    browser.log_in("siri", PASSWORD)
    agreement = register["agreement"]
    browser.open(reverse("agreements:version_create", args=[agreement.slug]))
    browser.open(reverse("agreements:point_create", args=[agreement.slug, register["second"].pk]))
    page = browser.open(reverse("agreements:budget_create"))
    page.get_by_role("button", name="Lagre").click()
    page = browser.check()  # the form with its errors
    assert page.get_by_role("alert").is_visible()
    page = browser.open(reverse("agreements:keys"))
    page.locator("table a").first.click()
    browser.check()
    browser.open(reverse("agreements:budgets"))
