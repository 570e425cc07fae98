"""The public structure pages and the secretariat's membership forms, through the test client."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from samhandling.core.models import AuditEntry
from samhandling.structure.models import Membership, RepresentativeKind, Side
from samhandling.testing.personas import make_reader_user

from .factories import (
    make_area,
    make_committee,
    make_level,
    make_membership,
    make_municipality,
    make_organisation,
    make_person,
    make_seat,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
# Pinned query counts: a page's queries must not grow with its number of rows.
QUERIES_COMMITTEE = 11  # committee, seats, memberships, reporting committees, the checker's
QUERIES_ORGANISATION = 2
QUERIES_PERSON = 2
QUERIES_OVERVIEW = 7
QUERIES_LIST = 2
LAST_YEAR = TODAY - datetime.timedelta(days=365)


@pytest.fixture
def structure():
    """A small helsefellesskap: two levels, an area committee reporting to an SSU, a municipal
    seat for two, a hospital seat, a user seat and an observer seat."""
    top = make_level(name="Strategisk nivå", order=1)
    area_level = make_level(name="Områdenivå", order=2)
    area = make_area(name="Nordhordland")
    alver = make_municipality(name="Alver", slug="alver", area=area, population=30_000)
    hospital = make_organisation(name="Helse Bergen HF", slug="helse-bergen")
    users = make_organisation(
        name="Brukarutvalet",
        slug="brukarutvalet",
        kind="user_committee",
        is_party=False,
        side=Side.NEITHER,
    )
    ks = make_organisation(name="KS Vest", slug="ks", kind="ks", is_party=False, side=Side.NEITHER)
    ssu = make_committee(name="Strategisk samarbeidsutval", slug="ssu", level=top)
    ou = make_committee(
        name="Områdeutval Nordhordland",
        slug="ou-nordhordland",
        level=area_level,
        area=area,
        reports_to=ssu,
        mandate="Samordne tenestene i Nordhordland.",
    )
    municipal = make_seat(
        committee=ou, label="Alver kommune", area=area, min_members=2, max_members=2, order=1
    )
    specialist = make_seat(
        committee=ou,
        label="Helse Bergen",
        organisation=hospital,
        representative_kind=RepresentativeKind.SPECIALIST,
        side=Side.SPECIALIST,
        order=2,
    )
    user_seat = make_seat(
        committee=ou,
        label="Brukarrepresentant",
        representative_kind=RepresentativeKind.USER,
        side=Side.MUNICIPAL,
        order=3,
    )
    observer = make_seat(
        committee=ou,
        label="KS",
        organisation=ks,
        representative_kind=RepresentativeKind.KS,
        side=Side.NEITHER,
        may_decide=False,
        order=4,
    )
    chair = make_membership(
        seat=municipal,
        person=make_person(given_name="Kari", family_name="Fjell", slug="kari-fjell"),
        on_behalf_of=alver,
        role=Membership.Role.CHAIR,
        start=LAST_YEAR,
    )
    deputy = make_membership(
        seat=municipal,
        person=make_person(given_name="Ola", family_name="Vik", slug="ola-vik"),
        on_behalf_of=alver,
        role=Membership.Role.DEPUTY,
        deputy_for=chair,
        start=LAST_YEAR,
    )
    hospital_member = make_membership(
        seat=specialist,
        person=make_person(given_name="Per", family_name="Strand", slug="per-strand"),
        on_behalf_of=hospital,
        role=Membership.Role.DEPUTY_CHAIR,
        start=LAST_YEAR,
    )
    user_member = make_membership(
        seat=user_seat,
        person=make_person(given_name="Uma", family_name="Brekke", slug="uma-brekke"),
        on_behalf_of=users,
        start=LAST_YEAR,
    )
    observer_member = make_membership(
        seat=observer,
        person=make_person(given_name="Oda", family_name="Lund", slug="oda-lund"),
        on_behalf_of=ks,
        role=Membership.Role.OBSERVER,
        start=LAST_YEAR,
    )
    former = make_membership(
        seat=specialist,
        person=make_person(given_name="Gunnar", family_name="Eld", slug="gunnar-eld"),
        on_behalf_of=hospital,
        start=datetime.date(2019, 1, 1),
        term_end=datetime.date(2023, 1, 1),
        ended_on=datetime.date(2022, 6, 30),
    )
    return {
        "ssu": ssu,
        "ou": ou,
        "area": area,
        "alver": alver,
        "hospital": hospital,
        "seats": {"municipal": municipal, "specialist": specialist, "user": user_seat},
        "chair": chair,
        "deputy": deputy,
        "hospital_member": hospital_member,
        "user_member": user_member,
        "observer_member": observer_member,
        "former": former,
    }


@pytest.fixture
def secretariat_client(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture
def member_client(client):
    """A logged-in user outside the secretariat, e.g. a committee member."""
    client.force_login(make_reader_user("mona"))
    return client


def content(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# --- the overview ---------------------------------------------------------------------


def test_overview_draws_each_committee_as_a_link_and_the_reporting_line_as_an_arrow(
    client, structure
):
    html = content(client.get(reverse("structure:overview")))
    assert "<svg" in html
    assert 'role="group"' in html and 'role="img"' not in html
    assert f'href="{structure["ou"].get_absolute_url()}" class="committee-box"' in html
    assert 'marker-end="url(#arrow)"' in html


def test_overview_lists_levels_committees_and_reporting_lines_as_html_too(client, structure):
    html = content(client.get(reverse("structure:overview")))
    assert "Områdenivå" in html
    assert "rapporterer til Strategisk samarbeidsutval" in html
    assert "Brukere og fastleger deltar på alle nivå" in html


def test_overview_lists_each_area_with_its_municipalities(client, structure):
    html = content(client.get(reverse("structure:overview")))
    assert "Nordhordland" in html
    assert f'href="{structure["alver"].get_absolute_url()}"' in html


def test_overview_renders_with_no_structure_loaded(client):
    html = content(client.get(reverse("structure:overview")))
    assert "Strukturen er ikke lastet inn ennå." in html


def test_overview_diagram_numbers_are_not_localised_with_decimal_commas(client, structure):
    """Bokmål writes 12,5; an SVG coordinate written that way would break the drawing."""
    html = content(client.get(reverse("structure:overview")))
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert not re.search(r'(x|y|width|height)="\d+,\d', svg)


# --- the committee page ---------------------------------------------------------------


def test_committee_page_shows_level_area_reports_to_and_mandate(client, structure):
    html = content(client.get(structure["ou"].get_absolute_url()))
    assert "Områdenivå" in html
    assert "Nordhordland" in html
    assert f'href="{structure["ssu"].get_absolute_url()}"' in html
    assert "Samordne tenestene i Nordhordland." in html


def test_committee_page_groups_members_by_side(client, structure):
    html = content(client.get(structure["ou"].get_absolute_url()))
    municipal = html.index('id="group-municipal"')
    specialist = html.index('id="group-specialist"')
    users = html.index('id="group-users"')
    others = html.index('id="group-others"')
    assert municipal < html.index("Kari Fjell") < specialist < html.index("Per Strand") < users
    assert users < html.index("Uma Brekke") < others < html.index("Oda Lund")


def test_committee_page_shows_role_term_and_whom_a_deputy_stands_in_for(client, structure):
    html = content(client.get(structure["ou"].get_absolute_url()))
    assert re.search(r"<td>leder\s*</td>", html)
    assert re.search(r"<td>varamedlem<br>", html)
    assert 'vara for <a href="/struktur/personar/kari-fjell/">Kari Fjell</a>' in html
    assert structure["chair"].start.strftime("%d.%m.%Y") in html


def test_committee_page_lists_past_members_apart(client, structure):
    html = content(client.get(structure["ou"].get_absolute_url()))
    previous = html.index('id="previous"')
    assert html.index("Gunnar Eld") > previous
    assert "30.06.2022" in html


def test_committee_page_shows_a_seat_with_too_few_members_as_vacant(client, structure):
    structure["chair"].ended_on = TODAY
    structure["chair"].save()
    html = content(client.get(structure["ou"].get_absolute_url()))
    assert "Alver kommune: 2 ledige plasser" in html


def test_committee_page_shows_no_vacancy_when_seats_are_filled(client, structure):
    second = make_person(slug="second")
    make_membership(
        seat=structure["seats"]["municipal"],
        person=second,
        on_behalf_of=structure["alver"],
        start=LAST_YEAR,
    )
    html = content(client.get(structure["ou"].get_absolute_url()))
    assert "Ingen ledige plasser." in html


def test_unknown_committee_is_404(client):
    assert client.get(reverse("structure:committee", args=["finst-ikkje"])).status_code == 404


def test_committee_page_query_count_does_not_grow_with_members(
    client, structure, django_assert_max_num_queries
):
    url = structure["ou"].get_absolute_url()
    with django_assert_max_num_queries(QUERIES_COMMITTEE) as counted:
        client.get(url)
    before = len(counted.captured_queries)
    for _ in range(5):
        make_membership(
            seat=structure["seats"]["user"],
            on_behalf_of=structure["user_member"].on_behalf_of,
            start=LAST_YEAR,
        )
    with django_assert_max_num_queries(before):
        client.get(url)


def test_committee_page_links_to_its_meeting_calendar_cases_and_progress_plan(
    client, structure, django_assert_max_num_queries
):
    committee = structure["ou"]
    with django_assert_max_num_queries(QUERIES_COMMITTEE):
        html = content(client.get(committee.get_absolute_url()))
    assert f'href="{reverse("meetings:committee_calendar", args=[committee.slug])}"' in html
    assert f'href="{reverse("cases:list")}?committee={committee.slug}"' in html
    assert f'href="{reverse("cases:committee_progress_plan", args=[committee.slug])}"' in html
    assert "Møtekalender" in html and "Utvalgets saker" in html


# --- organisation and person pages ----------------------------------------------------


def test_organisation_page_shows_facts_and_where_it_is_represented(client, structure):
    html = content(client.get(structure["alver"].get_absolute_url()))
    assert structure["alver"].municipality_number in html
    assert "30\xa0000" in html
    assert "Områdeutval Nordhordland" in html
    assert "Kari Fjell" in html


def test_organisation_page_keeps_past_representation_apart(client, structure):
    html = content(client.get(structure["hospital"].get_absolute_url()))
    assert (
        html.index("Per Strand") < html.index("Representert tidligere") < html.index("Gunnar Eld")
    )


def test_organisation_page_query_count_is_pinned(client, structure, django_assert_max_num_queries):
    with django_assert_max_num_queries(QUERIES_ORGANISATION):
        client.get(structure["hospital"].get_absolute_url())


def test_a_party_page_links_to_its_follow_up_of_recommendations(
    client, structure, django_assert_max_num_queries
):
    alver = structure["alver"]
    assert alver.is_party
    with django_assert_max_num_queries(QUERIES_ORGANISATION):
        html = content(client.get(alver.get_absolute_url()))
    assert f'href="{reverse("cases:adoptions")}?party={alver.slug}"' in html


def test_unknown_organisation_is_404(client):
    assert client.get(reverse("structure:organisation", args=["ingen"])).status_code == 404


def test_organisation_list_sorts_by_population_descending(client, structure):
    make_municipality(name="Bergen", slug="bergen", population=291_000)
    html = content(
        client.get(reverse("structure:organisations") + "?sorter=population&retning=synkande")
    )
    assert html.index(">Bergen<") < html.index(">Alver<")
    assert 'aria-sort="descending"' in html


def test_organisation_list_sorts_by_name_by_default(client, structure):
    html = content(client.get(reverse("structure:organisations")))
    assert html.index(">Alver<") < html.index(">Helse Bergen HF<")


def test_person_page_shows_memberships_now_and_before(client, structure):
    person = structure["former"].person
    make_membership(
        seat=structure["seats"]["user"],
        person=person,
        on_behalf_of=structure["user_member"].on_behalf_of,
        start=LAST_YEAR,
    )
    html = content(client.get(person.get_absolute_url()))
    assert (
        html.index("Brukarrepresentant") < html.index("Verv tidligere") < html.index("30.06.2022")
    )


def test_person_page_query_count_is_pinned(client, structure, django_assert_max_num_queries):
    with django_assert_max_num_queries(QUERIES_PERSON):
        client.get(structure["chair"].person.get_absolute_url())


def test_person_page_links_to_the_calendar_feed_of_the_persons_meetings(
    client, structure, django_assert_max_num_queries
):
    person = structure["chair"].person
    with django_assert_max_num_queries(QUERIES_PERSON):
        html = content(client.get(person.get_absolute_url()))
    assert f'href="{reverse("meetings:person_ical", args=[person.slug])}"' in html
    assert "Kalenderabonnement (iCal)" in html


def test_unknown_person_is_404(client):
    assert client.get(reverse("structure:person", args=["ingen"])).status_code == 404


def test_people_list_finds_people_by_name(client, structure):
    html = content(client.get(reverse("structure:people") + "?q=fjell"))
    assert "Fjell, Kari" in html
    assert "Strand, Per" not in html


def test_people_list_is_paginated(client):
    for n in range(30):
        make_person(given_name="Person", family_name=f"Nr{n:02d}", slug=f"p-{n}")
    first = content(client.get(reverse("structure:people")))
    second = content(client.get(reverse("structure:people") + "?side=2"))
    assert "Nr00" in first and "Nr29" not in first
    assert "Nr29" in second and "Side 2 av 2" in second


# --- languages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("nb", "Samhandlingsstruktur"),
        ("nn", "Samhandlingsstruktur"),
        ("en", "Collaboration structure"),
    ],
)
def test_overview_renders_in_each_language(client, structure, language, heading):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    html = content(client.get(reverse("structure:overview")))
    assert f'lang="{language}"' in html
    assert heading in html


def test_committee_page_speaks_nynorsk_when_chosen(client, structure):
    client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    html = content(client.get(structure["ou"].get_absolute_url()))
    assert "Tidlegare medlemmer" in html


def test_committee_page_speaks_english_when_chosen(client, structure):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = content(client.get(structure["ou"].get_absolute_url()))
    assert "Previous members" in html


# --- the secretariat's forms ----------------------------------------------------------


def test_visitor_sees_no_edit_buttons(client, structure):
    html = content(client.get(structure["ou"].get_absolute_url()))
    assert reverse("structure:membership_add", args=["ou-nordhordland"]) not in html


def test_secretariat_sees_edit_buttons(secretariat_client, structure):
    html = content(secretariat_client.get(structure["ou"].get_absolute_url()))
    assert reverse("structure:membership_add", args=["ou-nordhordland"]) in html


@pytest.mark.parametrize("name", ["structure:membership_add", "structure:membership_end"])
def test_visitor_is_sent_to_log_in(client, structure, name):
    response = client.get(reverse(name, args=["ou-nordhordland"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["structure:membership_add", "structure:membership_end"])
def test_logged_in_user_outside_the_secretariat_is_refused(member_client, structure, name):
    assert member_client.get(reverse(name, args=["ou-nordhordland"])).status_code == 403
    assert member_client.post(reverse(name, args=["ou-nordhordland"]), {}).status_code == 403


def test_secretariat_adds_a_member_and_the_change_is_audited(secretariat_client, structure):
    person = make_person(given_name="Nina", family_name="Ny", slug="nina-ny")
    url = reverse("structure:membership_add", args=["ou-nordhordland"])
    response = secretariat_client.post(
        url,
        {
            "person": person.pk,
            "seat": structure["seats"]["municipal"].pk,
            "on_behalf_of": structure["alver"].pk,
            "role": "member",
            "start": TODAY.isoformat(),
            "term_end": TODAY.replace(year=TODAY.year + 4).isoformat(),
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person=person)
    assert membership.seat == structure["seats"]["municipal"]
    assert AuditEntry.objects.filter(object_id=str(membership.pk)).exists()
    html = content(secretariat_client.get(structure["ou"].get_absolute_url()))
    assert "Nina Ny" in html


def test_add_member_form_requires_its_fields_in_norwegian(secretariat_client, structure):
    url = reverse("structure:membership_add", args=["ou-nordhordland"])
    html = content(secretariat_client.post(url, {}))
    assert 'class="error-summary"' in html
    assert "Feltet er påkrevet." in html


def test_add_member_form_rejects_a_term_ending_before_it_starts(secretariat_client, structure):
    url = reverse("structure:membership_add", args=["ou-nordhordland"])
    html = content(
        secretariat_client.post(
            url,
            {
                "person": make_person().pk,
                "seat": structure["seats"]["municipal"].pk,
                "on_behalf_of": structure["alver"].pk,
                "role": "member",
                "start": "2025-01-01",
                "term_end": "2024-01-01",
            },
        )
    )
    assert "Perioden må slutte etter at den starter." in html
    assert not Membership.objects.filter(start=datetime.date(2025, 1, 1)).exists()


def test_add_member_form_offers_only_seats_of_this_committee(secretariat_client, structure):
    elsewhere = make_seat(committee=structure["ssu"], label="Plass i SSU")
    url = reverse("structure:membership_add", args=["ou-nordhordland"])
    html = content(secretariat_client.post(url, {"seat": elsewhere.pk}))
    assert "Plass i SSU" not in html
    assert "Velg et gyldig valg" in html


def test_add_member_form_shows_the_models_rule_when_the_seat_refuses_the_organisation(
    secretariat_client, structure
):
    url = reverse("structure:membership_add", args=["ou-nordhordland"])
    html = content(
        secretariat_client.post(
            url,
            {
                "person": make_person().pk,
                "seat": structure["seats"]["specialist"].pk,
                "on_behalf_of": structure["alver"].pk,
                "role": "member",
                "start": TODAY.isoformat(),
            },
        )
    )
    assert 'class="error-summary"' in html
    assert "Helse Bergen" in html
    assert Membership.objects.filter(seat=structure["seats"]["specialist"]).count() == 2


def test_secretariat_ends_a_membership_and_it_moves_to_previous_members(
    secretariat_client, structure
):
    membership = structure["hospital_member"]
    url = reverse("structure:membership_end", args=["ou-nordhordland"])
    response = secretariat_client.post(
        url, {"membership": membership.pk, "ended_on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ended_on == TODAY
    message = content(secretariat_client.get(structure["ou"].get_absolute_url()))
    assert "Vervet til Per Strand" in message
    html = content(secretariat_client.get(structure["ou"].get_absolute_url()))
    assert html.index('id="previous"') < html.index("Per Strand")


def test_end_membership_form_rejects_a_date_before_the_start(secretariat_client, structure):
    membership = structure["hospital_member"]
    url = reverse("structure:membership_end", args=["ou-nordhordland"])
    html = content(
        secretariat_client.post(url, {"membership": membership.pk, "ended_on": "2000-01-01"})
    )
    assert 'class="error-summary"' in html
    membership.refresh_from_db()
    assert membership.ended_on is None


def test_end_membership_form_preselects_the_membership_from_the_link(secretariat_client, structure):
    membership = structure["hospital_member"]
    url = reverse("structure:membership_end", args=["ou-nordhordland"])
    html = content(secretariat_client.get(f"{url}?medlemskap={membership.pk}"))
    assert f'<option value="{membership.pk}" selected>' in html


# --- on the demo dataset: compliance per rule -------------------------------------------


@pytest.fixture
def demo_structure():
    from samhandling.structure import demo

    demo.load()


def test_committee_page_shows_the_broken_rule_and_its_violation(client, demo_structure):
    html = content(client.get(reverse("structure:committee", args=["ou-voss"])))
    assert html.count('class="rule-broken"') == 1
    assert "1 regel er ikke oppfylt." in html
    broken = html[html.index('class="rule-broken"') : html.index("</ul>", html.index("violations"))]
    assert broken.count('<li class="bad">') == 1


def test_committee_page_shows_every_rule_met_when_the_committee_complies(client, demo_structure):
    html = content(client.get(reverse("structure:committee", args=["ssu"])))
    assert 'class="rule-ok"' in html
    assert 'class="rule-broken"' not in html
    assert "Dagens medlemmer oppfyller alle reglene." in html


@pytest.mark.parametrize(
    "slug", ["partnarskapsmotet", "ssu", "ou-bergen", "medisinsk-fagleg-utval"]
)
def test_demo_committee_pages_stay_within_the_pinned_query_count(
    client, demo_structure, django_assert_max_num_queries, slug
):
    with django_assert_max_num_queries(QUERIES_COMMITTEE):
        content(client.get(reverse("structure:committee", args=[slug])))


def test_demo_organisation_page_of_bergen_stays_within_the_pinned_query_count(
    client, demo_structure, django_assert_max_num_queries
):
    with django_assert_max_num_queries(QUERIES_ORGANISATION):
        content(client.get(reverse("structure:organisation", args=["bergen"])))


def test_demo_overview_and_lists_stay_within_the_pinned_query_count(
    client, demo_structure, django_assert_max_num_queries
):
    with django_assert_max_num_queries(QUERIES_OVERVIEW):
        content(client.get(reverse("structure:overview")))
    with django_assert_max_num_queries(QUERIES_LIST):
        content(client.get(reverse("structure:organisations") + "?sorter=seats"))
    with django_assert_max_num_queries(QUERIES_LIST):
        content(client.get(reverse("structure:people") + "?q=a&side=2"))


def test_add_member_form_reports_every_problem_at_once(secretariat_client, structure):
    url = reverse("structure:membership_add", args=["ou-nordhordland"])
    html = content(
        secretariat_client.post(
            url,
            {
                # no person: the field's own error
                "seat": structure["seats"]["specialist"].pk,  # refuses a municipality
                "on_behalf_of": structure["alver"].pk,
                "role": "observer",  # a deciding seat
                "start": "2025-01-01",
                "term_end": "2024-01-01",
            },
        )
    )
    start = html.index('class="error-summary"')
    summary = html[start : html.index("</div>", start)]
    assert "Feltet er påkrevet." in summary
    assert "Helse Bergen" in summary
    assert "Perioden må slutte etter at den starter." in summary
    assert "observatør" in summary.lower()
    assert not Membership.objects.filter(start=datetime.date(2025, 1, 1)).exists()


def test_adding_a_member_twice_in_the_same_period_is_refused_with_the_other_problems(
    secretariat_client, structure
):
    member = structure["hospital_member"]
    url = reverse("structure:membership_add", args=["ou-nordhordland"])
    html = content(
        secretariat_client.post(
            url,
            {
                "person": member.person.pk,
                "seat": member.seat.pk,
                "on_behalf_of": structure["alver"].pk,
                "role": "member",
                "start": TODAY.isoformat(),
            },
        )
    )
    assert "har allerede denne plassen i den perioden" in html
    assert "Helse Bergen" in html


@pytest.mark.django_db
def test_pages_and_checker_read_the_same_clock_so_a_term_ended_in_oslo_is_past(monkeypatch):
    # 31 Dec 2030 23:30 UTC is already 1 Jan 2031 in Oslo, the site's time zone: a membership
    # that ended on 1 Jan 2031 is past there, on every page as in the checker.
    from django.utils import timezone

    from samhandling.structure.selectors import committee_page, person_memberships

    membership = make_membership(
        start=datetime.date(2027, 1, 1), ended_on=datetime.date(2031, 1, 1)
    )
    moment = datetime.datetime(2030, 12, 31, 23, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)

    page = committee_page(membership.seat.committee)
    assert page.current == []
    assert [m.pk for m in page.past] == [membership.pk]
    current, past = person_memberships(membership.person)
    assert current == [] and [m.pk for m in past] == [membership.pk]


def test_ending_a_membership_warns_with_the_text_of_the_rule_it_breaks(
    secretariat_client, demo_structure
):
    gp = Membership.objects.filter(
        seat__committee__slug="ou-nordhordland",
        seat__rule_key="fastlege",
        role=Membership.Role.MEMBER,
        ended_on__isnull=True,
    ).first()
    url = reverse("structure:membership_end", args=["ou-nordhordland"])
    today = timezone.localdate()
    response = secretariat_client.post(
        url, {"membership": gp.pk, "ended_on": today.isoformat()}, follow=True
    )
    html = content(response)
    assert "bryter utvalget regelen «1 fastlege»" in html
    assert f"Fra {today:%d.%m.%Y} bryter" in html


def test_people_search_with_a_nul_character_is_no_error(client, structure):
    # PostgreSQL refuses NUL in text: the fuzz test found a 500 here.
    response = client.get(reverse("structure:people"), {"q": "Kari\x00"})
    assert response.status_code == 200
