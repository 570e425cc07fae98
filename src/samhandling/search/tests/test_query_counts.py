"""Point 8, scale without N+1: the case list, a case page, a meeting page and a committee
page run the same number of SQL queries over a register of 5 cases as over one of 40
(built with the synthetic register generator), and no more than a pinned bound."""

import datetime
import re
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samhandling.cases.models import Case
from samhandling.meetings.models import Meeting
from samhandling.search.generator import register_generate
from samhandling.structure.models import Committee
from samhandling.structure.tests.factories import (
    make_area,
    make_committee,
    make_level,
    make_municipality,
    make_person,
)
from samhandling.testing.personas import make_secretariat_user

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 40


@pytest.fixture
def structure(db) -> list[Committee]:
    level = make_level(slug="omradeutval", name="Områdeutval")
    committees = []
    for name in ("Bergen", "Bergensregionen", "Nordhordland", "Voss"):
        area = make_area(name=name)
        committees.append(make_committee(level=level, area=area, name=f"Områdeutval {name}"))
        make_municipality(area=area)
        make_municipality(area=area)
    for _ in range(3):
        make_person()
    return committees


def generate(cases: int, *, seed: int) -> None:
    register_generate(
        cases=cases,
        seed=seed,
        first_year=2024,
        last_year=2024,
        today=datetime.date(2025, 6, 1),
        reindex=False,
    )


@pytest.fixture(params=["visitor", "secretariat"])
def client_as(request, client):
    if request.param == "secretariat":
        client.force_login(make_secretariat_user("sekretariat"))
    return client


def queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in context.captured_queries]


def assert_same_count(small: list[str], large: list[str], *, at_most: int) -> None:
    """Equal counts; on failure the message names the statements that repeat."""

    def shape(sql: str) -> str:
        return re.sub(r"\b\d+\b", "N", sql)

    repeated = Counter(map(shape, large)) - Counter(map(shape, small))
    assert len(small) == len(large), (
        f"{len(small)} queries for the small register, {len(large)} for the large one; "
        f"extra: {list(repeated.items())[:3]}"
    )
    assert len(large) <= at_most


def fewest(queryset, related: str):
    return queryset.annotate(n=Count(related)).order_by("n", "pk").first()


def most(queryset, related: str):
    return queryset.annotate(n=Count(related)).order_by("-n", "pk").first()


def test_the_case_list_runs_the_same_queries_for_5_and_40_cases(structure, client_as):
    generate(SMALL, seed=1)
    small = queries(client_as, reverse("cases:list"))
    generate(LARGE - SMALL, seed=2)
    large = queries(client_as, reverse("cases:list"))
    assert_same_count(small, large, at_most=12)


def test_a_case_page_runs_the_same_queries_for_one_committee_and_four(structure, client_as):
    generate(SMALL, seed=1)
    single = fewest(Case.objects.all(), "treatments")
    small = queries(client_as, single.get_absolute_url())
    generate(LARGE - SMALL, seed=2)
    busy = most(Case.objects.all(), "treatments")
    assert busy.treatments.count() > single.treatments.count()
    large = queries(client_as, busy.get_absolute_url())
    # 11 for a visitor (the case, its priority groups, attachments, treatments, proposals,
    # corrections, recommendations, adoptions, progress plan, the access check, the agreement
    # points); the secretariat adds the login (3) and its role grants, and needs no check.
    assert_same_count(small, large, at_most=14)


def test_a_meeting_page_runs_the_same_queries_for_a_short_and_a_full_agenda(structure, client_as):
    generate(SMALL, seed=1)
    short = fewest(Meeting.objects.all(), "agenda_items")
    small = queries(client_as, reverse("meetings:detail", args=[short.pk]))
    generate(LARGE - SMALL, seed=2)
    full = most(Meeting.objects.all(), "agenda_items")
    assert full.agenda_items.count() > short.agenda_items.count()
    large = queries(client_as, reverse("meetings:detail", args=[full.pk]))
    assert_same_count(small, large, at_most=10)


def test_the_committee_page_runs_the_same_queries_for_5_and_40_cases(structure, client_as):
    committee = structure[0]
    generate(SMALL, seed=1)
    small = queries(client_as, reverse("structure:committee", args=[committee.slug]))
    generate(LARGE - SMALL, seed=2)
    large = queries(client_as, reverse("structure:committee", args=[committee.slug]))
    assert_same_count(
        small, large, at_most=12
    )  # + sector responsibility (2), successors and predecessors (2)


# --- every kind of page the page benchmark measures (bench/pages) ---------------------------
#
# Exact counts, the same for 5 cases as for 40 (and, in the benchmark, for 100,000). A
# visitor's page runs the page's own queries; the secretariat's adds the login (session,
# user, the user's groups) and drops or adds what access asks (see the comments).

PAGE_QUERIES = {
    # no query: the menu and the text are static
    "home": 0,
    # the years of the filter, the count, the page of cases, which of them the visitor may
    # read (not asked for the secretariat), their treatments (with decision and committee),
    # the corrections of those decisions (the state uses the outcome in force), their
    # priority groups, the parties' answers on the page's cases, the committee and priority
    # group choices
    "case_list": 10,
    "case_list_deep": 10,
    # the same, and the committee the filter names
    "case_list_filtered": 11,
    "case_list_filtered_deep": 11,
    # the committee choices, the count and the page of meetings
    "meeting_list": 3,
    # the filter's choices (areas, parties), the count, the keys of a page, that page's
    # adoptions; the secretariat adds the login's role grants (which parties it administers)
    "adoptions": 5,
}
LOGGED_IN = 2  # the user and its groups (the session is read from the session cache)
# What the secretariat's page asks beside the login, compared with a visitor's.
SECRETARIAT_DIFFERENCE = {
    # the secretariat's tasks: meetings to prepare, adoptions overdue, terms ending
    "home": 3,
    "case_list": -1,
    "case_list_deep": -1,
    "case_list_filtered": -1,
    "case_list_filtered_deep": -1,
    "adoptions": 1,
}


def page_url(key: str, committee: Committee) -> str:
    cases = reverse("cases:list")
    filtered = f"{cases}?committee={committee.slug}&kind=decision"
    return {
        "home": reverse("home"),
        "case_list": cases,
        "case_list_deep": f"{cases}?side=3",
        "case_list_filtered": filtered,
        "case_list_filtered_deep": f"{filtered}&side=2",
        "meeting_list": reverse("meetings:list") + "?tid=all",
        "adoptions": reverse("cases:adoptions"),
    }[key]


@pytest.mark.parametrize("key", PAGE_QUERIES)
def test_every_page_runs_exactly_its_pinned_queries_for_5_and_for_40_cases(
    key, structure, client_as, monkeypatch
):
    from samhandling.cases import views

    # Small pages, so that 40 cases have deep pages.
    monkeypatch.setattr(views, "CASES_PER_PAGE", 2)
    monkeypatch.setattr(views, "ADOPTIONS_PER_PAGE", 2)
    committee = structure[0]
    generate(SMALL, seed=1)
    small = queries(client_as, page_url(key, committee))
    generate(LARGE - SMALL, seed=2)
    large = queries(client_as, page_url(key, committee))
    logged_in = "_auth_user_id" in client_as.session
    expected = PAGE_QUERIES[key]
    if logged_in:
        expected += LOGGED_IN + SECRETARIAT_DIFFERENCE.get(key, 0)
    assert_same_count(small, large, at_most=expected)
    assert len(large) == expected
