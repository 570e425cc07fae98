"""The default Helse Bergen dataset, the services that change memberships, and the demo."""

import datetime
import re
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from samhandling.core.models import AuditEntry
from samhandling.structure import checker, demo, services
from samhandling.structure import rules as rule_files
from samhandling.structure.models import (
    Area,
    Committee,
    Level,
    Membership,
    Organisation,
    Person,
    Seat,
)
from samhandling.structure.tests.factories import make_person
from samhandling.structure.tests.sources import seeds_dir

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset():
    services.dataset_load()


def test_the_dataset_has_the_eighteen_municipalities_with_number_area_and_population(dataset):
    municipalities = Organisation.objects.filter(kind="municipality", valid_to=None)
    assert municipalities.count() == 18
    assert all(m.is_party and m.population and m.population_source for m in municipalities)
    bergen = municipalities.get(municipality_number="4601")
    assert (bergen.name, bergen.area.slug, bergen.population) == ("Bergen", "bergen", 291940)
    assert bergen.population_date == datetime.date(2024, 1, 1)
    assert municipalities.get(municipality_number="4626").slug == "oygarden"
    counts = {
        area.slug: area.organisations.filter(valid_to=None).count() for area in Area.objects.all()
    }
    assert counts == {"bergen": 1, "bergensregionen": 5, "nordhordland": 7, "voss": 5}


def test_the_municipalities_local_hospitals_are_written_in_norwegian(dataset):
    bergen = Organisation.objects.get(municipality_number="4601")
    assert bergen.local_hospital == (
        "Haraldsplass (Arna/Bergenhus/Åsane) og Haukeland (dei andre bydelane)"
    )
    hospitals = Organisation.objects.filter(kind="municipality").values_list(
        "local_hospital", flat=True
    )
    assert not any(re.search(r"\b(and|other|city)\b", hospital) for hospital in hospitals)


def test_the_parties_of_the_2022_agreement_and_the_non_parties(dataset):
    parties = set(
        Organisation.objects.filter(is_party=True)
        .exclude(kind="municipality")
        .values_list("name", flat=True)
    )
    assert parties == {
        "Helse Bergen HF",
        "Haraldsplass Diakonale Sykehus AS",
        "NKS Olaviken",
        "Solli DPS",
        "Betanien sykehus AS",
        "Voss DPS NKS Bjørkeli",
    }
    non_parties = set(Organisation.objects.filter(is_party=False).values_list("kind", flat=True))
    assert non_parties == {"ks", "union_confederation", "user_committee", "gp_body", "secretariat"}
    sides = set(Organisation.objects.filter(kind="user_committee").values_list("side", flat=True))
    assert sides == {"municipal", "specialist"}


def test_four_levels_with_their_purpose_and_the_committees_reporting_lines(dataset):
    assert list(Level.objects.values_list("slug", flat=True)) == [
        "partnarskapsmote",
        "strategisk",
        "omradeutval",
        "fagleg",
    ]
    assert Level.objects.get(slug="partnarskapsmote").purpose == "Årlig møte for å forankre retning"
    reports = dict(Committee.objects.values_list("slug", "reports_to__slug"))
    assert reports == {
        "partnarskapsmotet": None,
        "ssu": "partnarskapsmotet",
        "ou-bergen": "ssu",
        "ou-bergensregionen": "ssu",
        "ou-nordhordland": "ssu",
        "ou-voss": "ssu",
        "medisinsk-fagleg-utval": "ssu",
        "akuttmedisin-og-beredskap": "ssu",
        # Before the helsefellesskap: no source says whom they reported to.
        "toppleiarmotet": None,
        "ak": None,
        "su-bergen": None,
        "su-bergensregionen": None,
        "su-nordhordland": None,
        "sr-voss": None,
    }
    today = Committee.objects.filter(valid_to=None)
    assert all(c.mandate and c.rule_file for c in today)
    # The committees of before have no rule file: no source gives their composition.
    assert not any(c.rule_file for c in Committee.objects.exclude(valid_to=None))
    assert Committee.objects.get(slug="ou-voss").area.slug == "voss"


def test_loading_the_dataset_twice_changes_nothing_and_keeps_memberships(dataset):
    seat = Seat.objects.get(committee__slug="ssu", key="observator-ks")
    membership = services.membership_create(
        actor=None,
        person=make_person(),
        seat=seat,
        on_behalf_of=Organisation.objects.get(slug="ks"),
        role="observer",
        start=datetime.date(2024, 1, 1),
    )
    counts = (Organisation.objects.count(), Committee.objects.count(), Seat.objects.count())
    services.dataset_load()
    assert (Organisation.objects.count(), Committee.objects.count(), Seat.objects.count()) == counts
    assert Membership.objects.get(pk=membership.pk).seat_id == seat.pk


def test_an_imported_population_survives_a_reload(dataset):
    Organisation.objects.filter(slug="fedje").update(
        population=530, population_date=datetime.date(2025, 1, 1)
    )
    services.dataset_load()
    assert Organisation.objects.get(slug="fedje").population == 530


def test_membership_create_validates_organisation_role_and_dates(dataset):
    seat = Seat.objects.get(committee__slug="ssu", key="observator-ks")
    person = make_person()
    with pytest.raises(ValidationError) as caught:
        services.membership_create(
            actor=None,
            person=person,
            seat=seat,
            on_behalf_of=Organisation.objects.get(slug="bergen"),
            role="member",
            start=datetime.date(2024, 1, 1),
            term_end=datetime.date(2023, 1, 1),
        )
    assert set(caught.value.message_dict) >= {"on_behalf_of", "role", "term_end"}
    assert not Membership.objects.exists()


def test_membership_create_and_end_write_audit_entries_and_keep_history(dataset):
    seat = Seat.objects.get(committee__slug="ou-voss", key="fastlege")
    membership = services.membership_create(
        actor=None,
        person=make_person(),
        seat=seat,
        on_behalf_of=Organisation.objects.get(slug="fastlegane"),
        role="member",
        start=datetime.date(2024, 1, 1),
        term_end=datetime.date(2028, 1, 1),
    )
    services.membership_end(actor=None, membership=membership, ended_on=datetime.date(2025, 1, 1))
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("pk")) == [
        "structure.membership_create",
        "structure.membership_end",
    ]
    assert Membership.objects.past(datetime.date(2025, 6, 1)).get() == membership
    with pytest.raises(ValidationError) as caught:
        services.membership_end(
            actor=None, membership=membership, ended_on=datetime.date(2025, 2, 1)
        )
    assert "ended_on" in caught.value.message_dict


def test_a_deputy_stands_in_for_a_member_of_the_same_committee(dataset):
    gp = Organisation.objects.get(slug="fastlegane")
    member = services.membership_create(
        actor=None,
        person=make_person(),
        seat=Seat.objects.get(committee__slug="ou-voss", key="fastlege"),
        on_behalf_of=gp,
        role="member",
        start=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        services.membership_create(
            actor=None,
            person=make_person(),
            seat=Seat.objects.get(committee__slug="ou-bergen", key="fastlege"),
            on_behalf_of=gp,
            role="deputy",
            start=datetime.date(2024, 1, 1),
            deputy_for=member,
        )
    assert "deputy_for" in caught.value.message_dict


# --- the demo -------------------------------------------------------------------------------


def test_the_demo_breaks_exactly_one_rule_on_purpose():
    demo.load()
    (violation,) = checker.check_structure()
    assert (violation.committee_slug, violation.kind) == ("ou-voss", checker.EXPIRED_TERM)


def test_loading_the_demo_twice_adds_nobody():
    demo.load()
    counts = (Person.objects.count(), Membership.objects.count())
    demo.load()
    assert (Person.objects.count(), Membership.objects.count()) == counts
    assert len(checker.check_structure()) == 1


def test_the_demo_keeps_past_memberships_and_deputies():
    demo.load()
    assert Membership.objects.past().count() >= 4
    assert Membership.objects.current().filter(role="deputy", deputy_for__isnull=False).exists()
    moved = Person.objects.filter(memberships__ended_on__isnull=False).filter(
        memberships__ended_on__isnull=True
    )
    assert moved.exists()


def test_no_demo_person_carries_a_name_from_the_seeds():
    seeds = seeds_dir()  # fails in CI when the sources are missing, skips elsewhere
    demo.load()
    seed_text = " ".join(path.read_text(encoding="utf-8") for path in seeds.glob("*.txt"))
    words = set(re.findall(r"\w+", seed_text))
    for person in Person.objects.all():
        assert person.family_name not in words, person.full_name


def copy_data(tmp_path: Path) -> tuple[Path, Path]:
    data, rules_dir = tmp_path / "data", tmp_path / "rules"
    shutil.copytree(services.DATA_DIR, data)
    shutil.copytree(rule_files.RULES_DIR, rules_dir)
    return data, rules_dir


def test_a_committee_with_an_unknown_level_stops_the_load_naming_the_key(tmp_path):
    data, rules_dir = copy_data(tmp_path)
    dataset = data / "dataset.toml"
    dataset.write_text(
        dataset.read_text(encoding="utf-8").replace('level = "fagleg"', 'level = "faglig"', 1),
        encoding="utf-8",
    )
    with pytest.raises(services.DatasetError, match=r"dataset.toml: committees\[7\]\.level"):
        services.dataset_load(data, rules_dir)
    assert not Organisation.objects.exists()


def test_a_bad_rule_file_stops_the_load_and_writes_nothing(tmp_path):
    data, rules_dir = copy_data(tmp_path)
    ssu = rules_dir / "ssu.toml"
    ssu.write_text(
        ssu.read_text(encoding="utf-8").replace('"betanien"', '"betania"'), encoding="utf-8"
    )
    with pytest.raises(rule_files.RuleFileError, match=r"^ssu.toml: .*organisations.*betania"):
        services.dataset_load(data, rules_dir)
    assert not Committee.objects.exists()
