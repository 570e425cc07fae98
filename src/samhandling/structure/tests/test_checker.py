"""The composition checker: every rule kind, the Bergen exception, terms and deputies."""

import datetime
import textwrap
from pathlib import Path

import pytest
from django.utils import translation

from samhandling.structure import checker, services
from samhandling.structure.models import Committee, Membership, Organisation, RepresentativeKind
from samhandling.structure.tests.factories import (
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

ON = datetime.date(2025, 6, 1)
START = datetime.date(2024, 1, 1)

RULES = """
committee = "test"

[[rules]]
key = "kommunar"
text = "En representant fra hver kommune."
label = "Kommunal representant"
representative = "municipal"

[[rules]]
key = "fastlege"
text = "1 fastlege"
label = "Fastlege"
representative = "gp"

[[rules]]
key = "observator-ks"
text = "Observatører med tale- og forslagsrett: 1 representant fra KS"
label = "KS"
representative = "ks"
observer = true
"""

PRINCIPLES = """
[[principles]]
key = "brukarar-og-fastlegar"
text = "Brukere og fastleger deltar på alle nivå"
levels = ["niva"]
representatives = ["user", "gp"]

[[terms]]
key = "funksjonstid"
text = "Fire års funksjonstid."
levels = ["niva"]
years = 4

[[roles]]
key = "leiar"
text = "Leiaren kjem frå kommunane."
levels = ["niva"]
role = "chair"
side = "municipal"
"""


@pytest.fixture(autouse=True)
def _bokmal():
    with translation.override("nb"):
        yield


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    (tmp_path / "test.toml").write_text(textwrap.dedent(RULES), encoding="utf-8")
    return tmp_path


@pytest.fixture
def committee() -> Committee:
    return make_committee(slug="test", name="Testutvalet", short_name="TU", rule_file="test.toml")


@pytest.fixture
def seats(committee):
    municipal = make_seat(
        committee=committee, key="kommunar", rule_key="kommunar", label="Kommunal representant"
    )
    gp = make_seat(
        committee=committee,
        key="fastlege",
        rule_key="fastlege",
        label="Fastlege",
        representative_kind=RepresentativeKind.GP,
        side="neither",
    )
    ks = make_seat(
        committee=committee,
        key="observator-ks",
        rule_key="observator-ks",
        label="KS",
        representative_kind=RepresentativeKind.KS,
        side="neither",
        may_decide=False,
    )
    return municipal, gp, ks


@pytest.fixture
def orgs():
    return {
        "municipality": make_municipality(),
        "gp": make_organisation(kind=Organisation.Kind.GP_BODY, is_party=False, side="neither"),
        "ks": make_organisation(kind=Organisation.Kind.KS, is_party=False, side="neither"),
    }


def fill(seats, orgs):
    municipal, gp, ks = seats
    return [
        make_membership(seat=municipal, on_behalf_of=orgs["municipality"], start=START),
        make_membership(seat=gp, on_behalf_of=orgs["gp"], start=START),
        make_membership(seat=ks, on_behalf_of=orgs["ks"], role="observer", start=START),
    ]


def violations(committee, rules_dir, on=ON):
    results = checker.check_committee(committee, on=on, rules_directory=rules_dir)
    return [v for result in results for v in result.violations]


def test_a_committee_with_every_seat_filled_has_no_violations(committee, seats, orgs, rules_dir):
    fill(seats, orgs)
    results = checker.check_committee(committee, on=ON, rules_directory=rules_dir)
    assert [r.key for r in results] == ["kommunar", "fastlege", "observator-ks"]
    assert all(r.ok for r in results)


def test_an_empty_seat_is_missing_with_the_rule_text(committee, seats, orgs, rules_dir):
    fill(seats, orgs)[1].delete()
    (found,) = violations(committee, rules_dir)
    assert found.kind == checker.MISSING
    assert found.rule_key == "fastlege"
    assert found.seat_key == "fastlege"
    assert found.rule_text == "1 fastlege"
    assert "Fastlege" in found.message


def test_a_seat_with_more_members_than_it_takes_is_too_many(committee, seats, orgs, rules_dir):
    fill(seats, orgs)
    make_membership(seat=seats[0], on_behalf_of=orgs["municipality"], start=START)
    (found,) = violations(committee, rules_dir)
    assert (found.kind, found.rule_key) == (checker.TOO_MANY, "kommunar")


def test_a_member_on_behalf_of_the_wrong_organisation_is_the_wrong_kind(
    committee, seats, orgs, rules_dir
):
    memberships = fill(seats, orgs)
    Membership.objects.filter(pk=memberships[1].pk).update(on_behalf_of=orgs["ks"])
    kinds = sorted(v.kind for v in violations(committee, rules_dir))
    # The KS person does not fill the GP seat, so the GP is missing too.
    assert kinds == [checker.MISSING, checker.WRONG_KIND]


def test_a_member_in_an_observer_seat_is_the_wrong_kind(committee, seats, orgs, rules_dir):
    memberships = fill(seats, orgs)
    Membership.objects.filter(pk=memberships[2].pk).update(role="member")
    kinds = sorted(v.kind for v in violations(committee, rules_dir))
    assert kinds == [checker.MISSING, checker.WRONG_KIND]


def test_deputies_do_not_count_toward_the_seat(committee, seats, orgs, rules_dir):
    memberships = fill(seats, orgs)
    make_membership(
        seat=seats[0],
        on_behalf_of=orgs["municipality"],
        role="deputy",
        deputy_for=memberships[0],
        start=START,
    )
    assert violations(committee, rules_dir) == []
    memberships[0].delete()
    (found,) = violations(committee, rules_dir)
    assert found.kind == checker.MISSING


def test_past_and_future_memberships_do_not_fill_a_seat(committee, seats, orgs, rules_dir):
    memberships = fill(seats, orgs)
    Membership.objects.filter(pk=memberships[0].pk).update(ended_on=datetime.date(2025, 1, 1))
    make_membership(
        seat=seats[0], on_behalf_of=orgs["municipality"], start=datetime.date(2025, 9, 1)
    )
    (found,) = violations(committee, rules_dir)
    assert found.kind == checker.MISSING
    assert violations(committee, rules_dir, on=datetime.date(2024, 6, 1)) == []


def test_a_term_that_has_ended_is_expired_under_the_seats_rule(committee, seats, orgs, rules_dir):
    memberships = fill(seats, orgs)
    Membership.objects.filter(pk=memberships[0].pk).update(term_end=datetime.date(2025, 5, 31))
    (found,) = violations(committee, rules_dir)
    assert (found.kind, found.rule_key) == (checker.EXPIRED_TERM, "kommunar")
    assert "31.05.2025" in found.message
    assert memberships[0].person.full_name in found.message


@pytest.fixture
def level_with_principles(committee, rules_dir):
    (rules_dir / "principles.toml").write_text(textwrap.dedent(PRINCIPLES), encoding="utf-8")
    level = committee.level
    level.slug = "niva"
    level.save()
    return level


def test_a_level_principle_applies_to_each_committee_of_the_level(
    committee, seats, orgs, rules_dir, level_with_principles
):
    memberships = fill(seats, orgs)
    memberships[0].role = "chair"
    memberships[0].save()
    results = {
        r.key: r for r in checker.check_committee(committee, on=ON, rules_directory=rules_dir)
    }
    assert {"brukarar-og-fastlegar", "funksjonstid", "leiar"} <= set(results)
    principle = results["brukarar-og-fastlegar"]
    (missing_user,) = principle.violations
    assert missing_user.kind == checker.PRINCIPLE
    assert missing_user.rule_text == "Brukere og fastleger deltar på alle nivå"
    assert results["funksjonstid"].ok and results["leiar"].ok


def test_terms_longer_than_the_rule_or_without_end_break_the_term_rule(
    committee, seats, orgs, rules_dir, level_with_principles
):
    memberships = fill(seats, orgs)
    Membership.objects.filter(pk=memberships[0].pk).update(
        role="chair", term_end=datetime.date(2028, 1, 2)
    )
    Membership.objects.filter(pk=memberships[1].pk).update(term_end=None)
    found = [v for v in violations(committee, rules_dir) if v.rule_key == "funksjonstid"]
    assert [v.kind for v in found] == [checker.EXPIRED_TERM, checker.EXPIRED_TERM]
    assert all(v.rule_text == "Fire års funksjonstid." for v in found)


def test_a_term_of_exactly_four_years_is_fine(
    committee, seats, orgs, rules_dir, level_with_principles
):
    memberships = fill(seats, orgs)
    Membership.objects.filter(pk=memberships[0].pk).update(
        role="chair", term_end=datetime.date(2028, 1, 1)
    )
    assert [v.rule_key for v in violations(committee, rules_dir)] == ["brukarar-og-fastlegar"]


def test_no_chair_is_a_vacant_role(committee, seats, orgs, rules_dir, level_with_principles):
    fill(seats, orgs)
    found = [v for v in violations(committee, rules_dir) if v.rule_key == "leiar"]
    assert [v.kind for v in found] == [checker.VACANT_ROLE]


def test_a_chair_from_the_wrong_side_breaks_the_role_rule(
    committee, seats, orgs, rules_dir, level_with_principles
):
    memberships = fill(seats, orgs)
    Membership.objects.filter(pk=memberships[1].pk).update(role="chair")
    found = [v for v in violations(committee, rules_dir) if v.rule_key == "leiar"]
    assert [v.kind for v in found] == [checker.ROLE_FROM_WRONG_SIDE]
    assert memberships[1].person.full_name in found[0].message


def test_two_chairs_are_too_many(committee, seats, orgs, rules_dir, level_with_principles):
    memberships = fill(seats, orgs)
    Membership.objects.filter(pk__in=[memberships[0].pk, memberships[1].pk]).update(role="chair")
    kinds = sorted(v.kind for v in violations(committee, rules_dir) if v.rule_key == "leiar")
    assert kinds == [checker.ROLE_FROM_WRONG_SIDE, checker.TOO_MANY]


def test_a_violation_reads_as_one_norwegian_line_with_the_rule(committee, seats, orgs, rules_dir):
    fill(seats, orgs)[1].delete()
    (found,) = violations(committee, rules_dir)
    line = str(found)
    assert line.startswith("TU: ")
    assert line.endswith("«1 fastlege»)")
    assert "\n" not in line


def test_a_committee_without_a_rule_file_is_checked_against_its_seats():
    seat = make_seat(label="Kommunal representant", min_members=1, max_members=1)
    (result,) = checker.check_committee(seat.committee, on=ON)
    assert result.text == "Kommunal representant"
    assert [v.kind for v in result.violations] == [checker.MISSING]


def test_checking_a_committee_takes_the_same_number_of_queries_however_many_members(
    committee, seats, orgs, rules_dir, django_assert_num_queries
):
    fill(seats, orgs)
    # Seats, their eligible organisations, the memberships, and the committee's level.
    fresh = Committee.objects.get(pk=committee.pk)
    with django_assert_num_queries(4):
        checker.check_committee(fresh, on=ON, rules_directory=rules_dir)
    for _ in range(5):
        make_membership(seat=seats[0], on_behalf_of=make_municipality(), start=START)
    fresh = Committee.objects.get(pk=committee.pk)
    with django_assert_num_queries(4):
        checker.check_committee(fresh, on=ON, rules_directory=rules_dir)


# --- the real rule files: the Bergen exception ---------------------------------------------


@pytest.fixture
def dataset():
    services.dataset_load()


def appoint(committee_slug: str, seat_key: str, organisation_slug: str, n: int = 1) -> None:
    committee = Committee.objects.get(slug=committee_slug)
    seat = committee.seats.get(key=seat_key)
    organisation = Organisation.objects.get(slug=organisation_slug)
    for _ in range(n):
        make_membership(seat=seat, on_behalf_of=organisation, person=make_person(), start=START)


def kinds_for(committee_slug: str, rule_key: str) -> list[str]:
    committee = Committee.objects.get(slug=committee_slug)
    return [
        v.kind
        for result in checker.check_committee(committee, on=ON)
        if result.key == rule_key
        for v in result.violations
    ]


def test_bergen_may_appoint_two_to_ssu_and_no_more(dataset):
    for area in ["bergensregionen", "nordhordland", "voss"]:
        municipality = Organisation.objects.filter(area__slug=area).first()
        appoint("ssu", f"kommunale-representantar-{area}", municipality.slug)
    appoint("ssu", "kommunale-representantar-bergen", "bergen", n=2)
    assert kinds_for("ssu", "kommunale-representantar") == []
    appoint("ssu", "kommunale-representantar-bergen", "bergen")
    assert kinds_for("ssu", "kommunale-representantar") == [checker.TOO_MANY]


def test_other_areas_appoint_one_to_ssu(dataset):
    appoint("ssu", "kommunale-representantar-bergen", "bergen")
    for area in ["bergensregionen", "nordhordland", "voss"]:
        municipality = Organisation.objects.filter(area__slug=area).first()
        appoint("ssu", f"kommunale-representantar-{area}", municipality.slug, n=2)
    assert kinds_for("ssu", "kommunale-representantar") == [checker.TOO_MANY] * 3


def test_a_municipality_from_another_area_does_not_fill_an_area_seat(dataset):
    appoint("ssu", "kommunale-representantar-voss", "bergen")
    assert checker.WRONG_KIND in kinds_for("ssu", "kommunale-representantar")


def test_bergen_may_have_up_to_six_in_its_area_committee(dataset):
    appoint("ou-bergen", "kommunale-representantar-bergen", "bergen", n=6)
    assert kinds_for("ou-bergen", "kommunale-representantar") == []
    appoint("ou-bergen", "kommunale-representantar-bergen", "bergen")
    assert kinds_for("ou-bergen", "kommunale-representantar") == [checker.TOO_MANY]


def test_other_area_committees_have_one_per_municipality(dataset):
    committee = Committee.objects.get(slug="ou-voss")
    seats = committee.seats.filter(rule_key="kommunale-representantar")
    assert seats.count() == 5
    assert {seat.max_members for seat in seats} == {1}
    appoint("ou-voss", "kommunale-representantar-kvam", "kvam", n=2)
    kinds = kinds_for("ou-voss", "kommunale-representantar")
    assert kinds.count(checker.TOO_MANY) == 1
    assert kinds.count(checker.MISSING) == 4


def test_the_specialist_seats_of_ssu_follow_the_two_one_one_split(dataset):
    seats = {
        s.key: s
        for s in Committee.objects.get(slug="ssu").seats.filter(rule_key="spesialisthelsetenesta")
    }
    assert seats["spesialisthelsetenesta-helse-bergen"].max_members == 2
    assert seats["spesialisthelsetenesta-helse-bergen"].min_members == 2
    assert seats["spesialisthelsetenesta-hds"].organisation.slug == "haraldsplass"
    other = seats["spesialisthelsetenesta-andre-private-ideelle"]
    assert other.max_members == 1
    assert not other.accepts(Organisation.objects.get(slug="haraldsplass"))
    assert other.accepts(Organisation.objects.get(slug="betanien"))


def test_the_area_committee_chair_must_come_from_the_municipalities(dataset):
    appoint("ou-voss", "spesialisthelsetenesta", "helse-bergen")
    Membership.objects.filter(
        seat__key="spesialisthelsetenesta", seat__committee__slug="ou-voss"
    ).update(role="chair")
    assert kinds_for("ou-voss", "leiar-fra-kommunane") == [checker.ROLE_FROM_WRONG_SIDE]
    assert kinds_for("ou-voss", "nestleiar-fra-sjukehusa") == [checker.VACANT_ROLE]


def test_check_structure_lists_violations_of_every_committee_in_a_fixed_number_of_queries(
    dataset, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        found = checker.check_structure(on=ON)
    # The committees of the time only: those that ended before ON are not checked.
    assert {v.committee_slug for v in found} == set(
        Committee.objects.existing_on(ON).values_list("slug", flat=True)
    )
    only_ssu = checker.check_structure(on=ON, committee="ssu")
    assert only_ssu and {v.committee_slug for v in only_ssu} == {"ssu"}


def test_make_level_and_area_factories_still_work_with_the_checker():
    # Committees built by other contexts' factories (no rule file, no principles) check cleanly.
    committee = make_committee(level=make_level(), area=make_area())
    assert checker.check_committee(committee, on=ON) == []


def test_an_optional_seat_nobody_holds_is_shown_as_empty_not_as_met(
    committee, seats, orgs, rules_dir
):
    """The area committees' «1 PKO (?)»: no seat is required, none is held, nothing is met."""
    ks = seats[2]
    ks.min_members = 0
    ks.save()
    fill(seats, orgs)[2].delete()
    results = {
        r.key: r for r in checker.check_committee(committee, on=ON, rules_directory=rules_dir)
    }
    assert results["observator-ks"].ok and results["observator-ks"].unfilled
    assert not results["kommunar"].unfilled
