"""The main public pages on a phone (375 px wide), as a visitor and as the secretariat, over
the demo dataset: none may scroll sideways, and each passes axe-core at that width."""

from importlib import import_module

import pytest
from django.urls import reverse

from samhandling.conftest import NARROW_WIDTH
from samhandling.testing.personas import PASSWORD, make_secretariat_user

pytestmark = pytest.mark.browser

# The demo's parts the pages below show; the pathway analyses are left out (slow to load,
# and the pathway overview renders without them).
LOADERS = [
    "samhandling.structure.demo",
    "samhandling.cases.demo",
    "samhandling.meetings.demo",
    "samhandling.projects.demo",
    "samhandling.agreements.demo",
]


def _main_pages() -> list[str]:
    from samhandling.agreements.models import Agreement
    from samhandling.cases.models import Case
    from samhandling.core.access import Access
    from samhandling.meetings.models import Meeting
    from samhandling.projects.models import Project
    from samhandling.structure.models import Committee, Organisation, Person

    committee = Committee.objects.get(slug="ou-nordhordland")
    case = Case.objects.filter(access=Access.OPEN).order_by("-year", "-sequence").first()
    meeting = Meeting.objects.order_by("-pk").first()
    return [
        "/",
        reverse("structure:overview"),
        committee.get_absolute_url(),
        Organisation.objects.get(slug="alver").get_absolute_url(),
        Person.objects.filter(memberships__isnull=False).first().get_absolute_url(),
        f"{reverse('cases:list')}?committee={committee.slug}&year={case.year}",
        case.get_absolute_url(),
        reverse("meetings:list"),
        meeting.get_absolute_url(),
        reverse("meetings:committee_calendar", args=[committee.slug]),
        f"{reverse('search:search')}?q=kommunane",
        reverse("pathways:overview"),
        reverse("projects:list"),
        Project.objects.first().get_absolute_url(),
        reverse("agreements:list"),
        Agreement.objects.first().get_absolute_url(),
    ]


@pytest.fixture
def demo(transactional_db):
    for name in LOADERS:
        import_module(name).load()
    make_secretariat_user("siri")


@pytest.mark.parametrize("role", ["visitor", "secretariat"])
def test_the_main_pages_fit_a_phone_without_sideways_scrolling(browser, demo, role):
    if role == "secretariat":
        browser.log_in("siri", PASSWORD)
    browser.page.set_viewport_size({"width": NARROW_WIDTH, "height": 800})
    for path in _main_pages():
        browser.open(path)


def test_the_home_page_card_headings_keep_their_long_words_whole_at_1280_px(browser):
    page = browser.open("/")
    lines = page.evaluate(
        """[...document.querySelectorAll('.card h2')].map(h => {
            const style = getComputedStyle(h);
            const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
            return [h.textContent.trim(), Math.round(h.getBoundingClientRect().height / line)];
        })"""
    )
    one_word = [(text, n) for text, n in lines if " " not in text]
    assert one_word, lines
    assert all(n == 1 for _text, n in one_word), one_word
