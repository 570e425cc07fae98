"""The structure's history: committees with periods and successors, municipalities with
mergers and earlier numbers, and the committee page as it was on a date."""

import datetime

import pytest
from django.urls import reverse

from samhandling.structure import checker, demo, services
from samhandling.structure.models import Committee, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset():
    services.dataset_load()


def test_os_and_fusa_merged_into_bjornafjorden_and_three_into_alver_on_1_january_2020(dataset):
    bjornafjorden = Organisation.objects.get(municipality_number="4624")
    alver = Organisation.objects.get(municipality_number="4631")
    assert {o.name for o in bjornafjorden.predecessors.all()} == {"Os", "Fusa"}
    assert {o.name for o in alver.predecessors.all()} == {"Lindås", "Meland", "Radøy"}
    assert bjornafjorden.valid_from == datetime.date(2020, 1, 1)
    os_ = Organisation.objects.get(municipality_number="1243")
    assert (os_.slug, os_.valid_to, os_.is_party) == ("os-1243", datetime.date(2019, 12, 31), True)


def test_the_municipalities_of_2018_are_not_those_of_today(dataset):
    municipalities = Organisation.objects.filter(kind="municipality")
    in_2018 = set(
        municipalities.existing_on(datetime.date(2018, 6, 14)).values_list("name", flat=True)
    )
    today = set(municipalities.filter(valid_to=None).values_list("name", flat=True))
    assert {"Os", "Fusa", "Lindås", "Meland", "Radøy"} <= in_2018
    assert not {"Alver", "Bjørnafjorden"} & in_2018
    assert not {"Os", "Lindås"} & today and len(today) == 18


def test_a_municipality_that_was_renumbered_shows_the_number_of_the_time(dataset):
    austrheim = Organisation.objects.get(slug="austrheim")
    assert austrheim.number_on(datetime.date(2018, 6, 14)) == "1264"
    assert austrheim.number_on(datetime.date(2020, 1, 1)) == "4632"


def test_the_committees_before_the_helsefellesskap_end_when_todays_begin(dataset):
    ak = Committee.objects.get(slug="ak")
    assert [c.slug for c in ak.successors.all()] == ["ssu"]
    assert ak.valid_to == datetime.date(2022, 7, 31)
    assert Committee.objects.get(slug="ssu").valid_from == datetime.date(2022, 8, 1)
    su = Committee.objects.get(slug="su-nordhordland")
    assert [c.slug for c in su.successors.all()] == ["ou-nordhordland"]
    on_2018 = set(
        Committee.objects.existing_on(datetime.date(2018, 6, 14)).values_list("slug", flat=True)
    )
    assert {
        "su-bergen",
        "su-bergensregionen",
        "su-nordhordland",
        "sr-voss",
        "ak",
        "toppleiarmotet",
    } <= on_2018
    assert not {"ssu", "ou-voss", "partnarskapsmotet"} & on_2018


def test_the_checker_leaves_out_committees_that_did_not_exist_on_the_day(dataset):
    on = datetime.date(2018, 6, 14)
    slugs = {v.committee_slug for v in checker.check_structure(on=on)}
    assert not {"ssu", "ou-voss"} & slugs
    # The composition rules are those of the agreement in force from 1 August 2022: the
    # committees of 2018 are not checked against them.
    assert checker.check_structure(on=on) == []
    assert checker.check_structure(on=datetime.date(2022, 8, 1))


def test_the_overview_lists_former_committees_apart_with_links_to_their_successors(client, dataset):
    page = client.get(reverse("structure:overview")).content.decode()
    former = page[page.index('id="former-heading"') :]
    assert "Samarbeidsutvalet for Nordhordland" in former
    assert reverse("structure:committee", args=["ou-nordhordland"]) in former
    levels = page[: page.index('id="former-heading"')]
    assert "Administrativt kontaktmøte" not in levels
    assert "Tidligere kommuner" in page and "Lindås" in page


def test_the_committee_page_shows_the_committee_as_it_was_on_a_date(client):
    demo.load()
    url = reverse("structure:committee", args=["ssu"])
    today = client.get(url)
    before = client.get(url, {"dato": "2022-08-01"})
    assert "Medlemmer 01.08.2022" in before.content.decode()
    # The members who have left since sat then; today's successors did not yet.
    then = {m.person.full_name for m in before.context["page"].current}
    now = {m.person.full_name for m in today.context["page"].current}
    left = {m.person.full_name for m in today.context["page"].past}
    assert left and left <= then and not left & now
    page = client.get(reverse("structure:committee", args=["su-nordhordland"])).content.decode()
    assert "Dette utvalget ble avviklet 31.07.2022." in page
    assert reverse("structure:committee", args=["ou-nordhordland"]) in page


def test_a_bad_date_gives_a_norwegian_message_and_todays_committee(client, dataset):
    response = client.get(reverse("structure:committee", args=["ssu"]), {"dato": "i fjor"})
    assert response.status_code == 200
    assert "«i fjor» er ikke en dato" in response.content.decode()


def test_a_dps_run_by_a_private_non_profit_is_private_non_profit(dataset):
    kinds = dict(
        Organisation.objects.filter(slug__in=["solli-dps", "voss-dps-bjorkeli"]).values_list(
            "slug", "kind"
        )
    )
    assert kinds == {"solli-dps": "private_non_profit", "voss-dps-bjorkeli": "private_non_profit"}
