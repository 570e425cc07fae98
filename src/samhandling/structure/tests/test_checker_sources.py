"""The checker's rules that come from the wording of seed 001: sector responsibility in the
area committees, the partnership meeting's seats for the committees' leaders, and the advice
that a municipal SSU member be rådmann/kommunedirektør (a warning, not a violation)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samhandling import cli
from samhandling.structure import checker, demo, services
from samhandling.structure.models import Committee, Membership, Organisation, Seat
from samhandling.structure.tests.factories import make_person

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def loaded():
    demo.load()


def _kinds(slug: str, rule_key: str) -> list[str]:
    committee = Committee.objects.get(slug=slug)
    for result in checker.check_committee(committee):
        if result.key == rule_key:
            return [v.kind for v in result.violations + result.warnings]
    raise AssertionError(f"no rule {rule_key}")


def test_the_demo_meets_the_sector_responsibility_leader_and_advice_rules(loaded):
    assert _kinds("ou-nordhordland", "spesialisthelsetenesta") == []
    assert _kinds("partnarskapsmotet", "observator-leiing-ssu") == []
    assert _kinds("partnarskapsmotet", "observator-leiar-ou") == []
    assert _kinds("ssu", "radmann-kommunedirektor") == []


def test_a_specialist_member_from_a_hospital_outside_the_areas_sector_is_a_violation(loaded):
    # Nordhordland's municipalities all have Haraldsplass as local hospital (SKDE).
    seat = Seat.objects.get(committee__slug="ou-nordhordland", key="spesialisthelsetenesta")
    services.membership_create(
        actor=None,
        person=make_person(),
        seat=seat,
        on_behalf_of=Organisation.objects.get(slug="helse-bergen"),
        role=Membership.Role.MEMBER,
        start=TODAY() - datetime.timedelta(days=10),
        term_end=TODAY() + datetime.timedelta(days=300),
    )
    assert _kinds("ou-nordhordland", "spesialisthelsetenesta") == [checker.OUTSIDE_SECTOR]
    (found,) = [
        v
        for v in checker.check_structure(committee="ou-nordhordland")
        if v.kind == checker.OUTSIDE_SECTOR
    ]
    assert "Haraldsplass Diakonale Sykehus AS" in found.message


def test_helse_bergen_may_sit_for_bergensregionen_where_haukeland_is_the_local_hospital(loaded):
    members = Membership.objects.current().filter(
        seat__committee__slug="ou-bergensregionen", seat__key="spesialisthelsetenesta"
    )
    assert {m.on_behalf_of.slug for m in members} == {"helse-bergen"}
    assert _kinds("ou-bergensregionen", "spesialisthelsetenesta") == []


def test_a_leader_seat_held_by_someone_who_no_longer_chairs_the_committee_is_flagged(loaded):
    chair = Membership.objects.current().get(seat__committee__slug="ou-voss", role="chair")
    chair.role = Membership.Role.MEMBER
    chair.save(update_fields=["role"])
    assert _kinds("partnarskapsmotet", "observator-leiar-ou") == [checker.NOT_THE_LEADER]
    # Whoever chairs now holds the seat by right: give the role to another member.
    other = (
        Membership.objects.current()
        .filter(seat__committee__slug="ou-voss", seat__representative_kind="municipal")
        .exclude(pk=chair.pk)
        .first()
    )
    other.role = Membership.Role.CHAIR
    other.save(update_fields=["role"])
    assert _kinds("partnarskapsmotet", "observator-leiar-ou") == [checker.NOT_THE_LEADER]


def test_no_kommunedirektor_among_ssus_municipal_members_is_a_warning_not_a_violation(
    loaded, capsys
):
    Membership.objects.current().filter(
        seat__committee__slug="ssu", seat__representative_kind="municipal"
    ).first().person.__class__.objects.filter(title="Kommunedirektør").update(title="Kommunalsjef")
    committee = Committee.objects.get(slug="ssu")
    (result,) = [
        r for r in checker.check_committee(committee) if r.key == "radmann-kommunedirektor"
    ]
    assert result.ok and result.advisory
    assert [w.severity for w in result.warnings] == [checker.WARNING]
    assert checker.check_structure(committee="ssu") == []
    # The command prints the warning apart and still exits 0 for SSU.
    code = cli.main(["check-structure", "--committee", "ssu"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0].startswith("ADVARSEL (råd): SSU: råd: ")
    assert "kommunedirektør" in out[0]
    assert out[-1] == "Ingen brudd: alle utvalg følger reglene sine."


def test_the_committee_page_shows_the_advice_as_advisory(loaded, client):
    from samhandling.structure.models import Person

    Person.objects.filter(title="Kommunedirektør").update(title="Kommunalsjef")
    html = client.get(reverse("structure:committee", args=["ssu"])).content.decode()
    assert "Råd (ikke et brudd):" in html
    assert "Ingen av medlemmene av denne typen har tittelen rådmann eller kommunedirektør." in html
