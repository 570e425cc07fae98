"""Fixtures every bounded context's tests share: the personas (``testing/personas.py``), a
real Chromium with axe-core, and a throw-away data folder for uploaded files."""

import os
import shutil
from collections.abc import Iterator

import pytest

# Playwright's sync API keeps an event loop in the test thread; Django would otherwise refuse
# to touch the database from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items) -> None:
    """CI runs the suite twice, on SQLite and on PostgreSQL; a test that makes its own SQLite
    database (the quick start, live servers in a subprocess) proves the same thing both times."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="uses a SQLite database of its own: run in the SQLite run")
    for item in items:
        if item.get_closest_marker("own_sqlite"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"
    # Each test has a data version of its own, in the page cache's key: no page kept by an
    # earlier test (rolled back without a write) or by another worker reaches this one.
    settings.SAMHANDLING_PAGE_CACHE_VERSION_FILE = tmp_path / "page-cache-version"
    # Hashing passwords properly takes a quarter of a second each; tests need no such cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts in the site's default language (bokmål), whatever ran before it in
    the same worker (management commands, for one, switch translations off)."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


# --- personas (what each may see: samhandling/testing/personas.py) -------------------------


@pytest.fixture
def personas(db):
    """Every persona with the committees and parties around them."""
    from samhandling.testing.personas import make_personas

    return make_personas()


@pytest.fixture
def secretary(db):
    """The secretariat alone: reads and writes everything."""
    from samhandling.testing.personas import make_secretariat_user

    return make_secretariat_user()


@pytest.fixture
def reader(db):
    """Logged in, tied to no person and in no role: reads what the public reads."""
    from samhandling.testing.personas import make_reader_user

    return make_reader_user()


@pytest.fixture
def analyst(db):
    """The analyst alone: the pathway analyses; elsewhere what the public reads."""
    from samhandling.testing.personas import make_analyst_user

    return make_analyst_user()


@pytest.fixture
def secretary_client(secretary):
    """A client of its own, so a test can compare it with the visitor's ``client``."""
    from django.test import Client

    client = Client()
    client.force_login(secretary)
    return client


@pytest.fixture
def secretariat_client(secretary_client):
    return secretary_client


@pytest.fixture(scope="session")
def chromium_browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class AccessibilityError(AssertionError):
    pass


NARROW_WIDTH = 375  # a small phone held upright (WCAG 1.4.10 reflow asks for 320 CSS px)


def assert_no_sideways_scroll(page) -> None:
    """Reflow (WCAG 1.4.10): wide content scrolls in its own box, never the whole page."""
    page_width, viewport_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if page_width > viewport_width + 1:
        # Name the widest elements, so the failure says what to fix.
        culprits = page.evaluate(
            """(limit) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > limit + 1)
                .filter(e => !e.parentElement
                    || e.parentElement.getBoundingClientRect().right <= limit + 1)
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                    + ' ' + (e.textContent || '').trim().slice(0, 40))""",
            viewport_width,
        )
        raise AccessibilityError(
            f"{page.url}: the page is {page_width} px wide in a {viewport_width} px window; "
            f"too wide: {culprits}"
        )


def assert_narrow_reflow(page) -> None:
    """Check the page at a phone's width too, then give the window its width back."""
    viewport = page.viewport_size
    if viewport is None or viewport["width"] == NARROW_WIDTH:
        return
    page.set_viewport_size({"width": NARROW_WIDTH, "height": viewport["height"]})
    try:
        assert_no_sideways_scroll(page)
    finally:
        page.set_viewport_size(viewport)


def assert_accessible(page) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now, and check that
    it does not scroll sideways, at the window's width and at a phone's."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    if results.violations_count:
        raise AccessibilityError(f"{page.url}\n{results.generate_report()}")
    assert_no_sideways_scroll(page)
    assert_narrow_reflow(page)


class Browser:
    """A page in headless Chromium against the live server; every page it opens is checked
    with axe-core, so no browser test can look at a page without testing its accessibility."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        assert_accessible(self.page)
        return self.page

    def check(self):
        """Check the page the browser is on now (after a click or a form submission)."""
        self.page.wait_for_load_state()
        assert_accessible(self.page)
        return self.page

    def log_in(self, username: str, password: str) -> None:
        self.open("/konto/logg-inn/")
        self.page.get_by_label("Brukernavn").fill(username)
        self.page.get_by_label("Passord").fill(password)
        self.page.get_by_role("button", name="Logg inn").click()
        self.page.wait_for_load_state()


@pytest.fixture
def browser(chromium_browser, live_server, transactional_db) -> Iterator[Browser]:
    context = chromium_browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield Browser(page, live_server.url)
    finally:
        context.close()
