"""The search page in a real browser: accessible (axe-core), usable by keyboard."""

import datetime

import pytest

from samhandling.cases.tests.factories import make_case
from samhandling.search.services import search_reindex_all

pytestmark = pytest.mark.browser


def test_a_visitor_searches_filters_and_pages_through_highlighted_hits(browser):
    for n in range(23):
        make_case(
            subject=f"Samhandlingsforløp nummer {n}",
            background="<p>Kommunane og sjukehuset lagar felles samhandlingsforløp.</p>",
            paper_date=datetime.date(2021 + n % 2, 3, 1),
        )
    search_reindex_all()

    page = browser.open("/sok/")
    page.get_by_label("Søk etter").fill("samhandlingsforløpa")
    page.get_by_label("Søk etter").press("Enter")
    browser.check()
    assert "23 saker funnet" in page.get_by_role("status").inner_text()
    assert page.locator(".search-results mark").count() >= 20

    page.get_by_role("link", name="Neste side").click()
    browser.check()
    assert page.locator(".search-results > li").count() == 3

    page.get_by_label("År").select_option("2022")
    page.get_by_role("button", name="Bruk avgrensning").click()
    browser.check()
    assert "11 saker funnet" in page.get_by_role("status").inner_text()
