"""The self-contained HTML report, opened as a file in a real browser."""

import pytest
from django.core.management import call_command

from samhandling.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_the_report_passes_axe_and_does_not_scroll_sideways(chromium_browser, tmp_path):
    log, report = tmp_path / "forlop.parquet", tmp_path / "rapport.html"
    call_command("pathways", "generate", "--patients", "800", "--out", str(log))
    call_command("pathways", "analyse", str(log), "--out", str(report))
    page = chromium_browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        page.goto(report.as_uri())
        assert page.get_by_role("heading", name="Forløpsgraf").is_visible()
        assert_accessible(page)
    finally:
        page.close()
