"""Seat quotas as seed 001 writes them, one table per committee. Each row quotes the seed's
line and names the seats it becomes: (line, seat key, at least, at most, decides). ``OPEN``
is a seat with no upper bound («minimum 1 fastlege»)."""

import pytest

from samhandling.structure import services
from samhandling.structure.models import Seat
from samhandling.structure.rules import UNBOUNDED

pytestmark = pytest.mark.django_db

OPEN = UNBOUNDED
MEMBER, OBSERVER = True, False


@pytest.fixture
def dataset():
    services.dataset_load()


def _seat(committee: str, key: str) -> tuple[int, int, bool]:
    seat = Seat.objects.get(committee__slug=committee, key=key)
    return seat.min_members, seat.max_members, seat.may_decide


def _assert_table(committee: str, table: list[tuple[str, str, int, int, bool]]) -> None:
    for line, key, low, high, decides in table:
        assert _seat(committee, key) == (low, high, decides), line
    # Every seat of the committee is in the table: nothing without a line of the source.
    assert set(Seat.objects.filter(committee__slug=committee).values_list("key", flat=True)) == {
        key for _line, key, *_rest in table
    }


SSU = [
    ("1 kommunal representant … utpekt fra hvert utvalgsområde. Bergen kommune kan utpeke to representanter.", "kommunale-representantar-bergen", 1, 2, MEMBER),
    ("1 kommunal representant … utpekt fra hvert utvalgsområde.", "kommunale-representantar-bergensregionen", 1, 1, MEMBER),
    ("1 kommunal representant … utpekt fra hvert utvalgsområde.", "kommunale-representantar-nordhordland", 1, 1, MEMBER),
    ("1 kommunal representant … utpekt fra hvert utvalgsområde.", "kommunale-representantar-voss", 1, 1, MEMBER),
    ("Helse Bergen HF (2)", "spesialisthelsetenesta-helse-bergen", 2, 2, MEMBER),
    ("HDS (1)", "spesialisthelsetenesta-hds", 1, 1, MEMBER),
    ("andre private-ideelle organisasjoner (1)", "spesialisthelsetenesta-andre-private-ideelle", 1, 1, MEMBER),
    ("2 brukerrepresentanter – 1 fra kommunene", "brukarrepresentantar-kommunane", 1, 1, MEMBER),
    ("… og 1 fra spesialisthelsetjenesten", "brukarrepresentantar-spesialisthelsetenesta", 1, 1, MEMBER),
    ("Observatører med tale- og forslagsrett: 1 representant fra KS", "observator-ks", 1, 1, OBSERVER),
    ("1 representant hovedsammenslutningene", "observator-hovudsamanslutningane", 1, 1, OBSERVER),
    ("1 fastlege", "observator-fastlege", 1, 1, OBSERVER),
    ("1 kommuneoverlege", "observator-kommuneoverlege", 1, 1, OBSERVER),
    ("Samarbeidssekretariatet", "observator-sekretariatet", 1, 2, OBSERVER),
]  # fmt: skip


def test_ssu_seats_follow_seed_001(dataset):
    _assert_table("ssu", SSU)


# «Representasjon og sammensetning i de faglige samarbeidsutvalgene følger som hovedregel
# samme prinsipp som for SSU. Alle faglige samarbeidsutvalg skal minimum ha 1 fastlege og 1
# brukerrepresentant.» SSU's table, with the GP as a floor, not a cap.
PROFESSIONAL = [
    row if row[1] != "observator-fastlege"
    else ("minimum … 1 fastlege", "observator-fastlege", 1, OPEN, OBSERVER)
    for row in SSU
]  # fmt: skip


@pytest.mark.parametrize("committee", ["medisinsk-fagleg-utval", "akuttmedisin-og-beredskap"])
def test_professional_committees_follow_ssus_principle_with_at_least_one_gp_and_one_user(
    dataset, committee
):
    _assert_table(committee, PROFESSIONAL)
    users = [row for row in PROFESSIONAL if row[1].startswith("brukarrepresentantar")]
    assert sum(low for _line, _key, low, _high, _decides in users) >= 1


AREA_COMMON = [
    ("Det skal være representasjon på tilsvarende nivå fra spesialisthelsetjenesten i tråd med sektoransvaret", "spesialisthelsetenesta", 1, OPEN, MEMBER),
    ("1 fastlege", "fastlege", 1, 1, MEMBER),
    ("1 kommuneoverlege", "kommuneoverlege", 1, 1, MEMBER),
    ("2 brukerrepresentanter (1 fra kommunene …", "brukarrepresentantar-kommunane", 1, 1, MEMBER),
    ("… og 1 fra spesialisthelsetjenesten)", "brukarrepresentantar-spesialisthelsetenesta", 1, 1, MEMBER),
    ("1 representant fra hovedsammenslutningene", "hovudsamanslutningane", 1, 1, MEMBER),
    ("Aktuelle representanter fra samarbeidssekretariatet", "observator-sekretariatet", 1, 2, OBSERVER),
    ("1 PKO (?)", "observator-pko", 0, 1, OBSERVER),
]  # fmt: skip


def _one_per_municipality(*slugs: str, bergen: bool = False) -> list:
    line = "En representant fra hver kommune"
    if bergen:
        return [(line + ". Bergen kommune kan være representert med inntil 6 representanter.", "kommunale-representantar-bergen", 1, 6, MEMBER)]  # fmt: skip
    return [(line, f"kommunale-representantar-{slug}", 1, 1, MEMBER) for slug in slugs]


def test_area_committee_bergen_follows_seed_001(dataset):
    _assert_table("ou-bergen", _one_per_municipality(bergen=True) + AREA_COMMON)


def test_area_committee_bergensregionen_follows_seed_001(dataset):
    municipalities = ("askoy", "austevoll", "bjornafjorden", "samnanger", "oygarden")
    _assert_table("ou-bergensregionen", _one_per_municipality(*municipalities) + AREA_COMMON)


def test_area_committee_nordhordland_follows_seed_001(dataset):
    municipalities = ("alver", "austrheim", "fedje", "gulen", "masfjorden", "modalen", "osteroy")
    _assert_table("ou-nordhordland", _one_per_municipality(*municipalities) + AREA_COMMON)


def test_area_committee_voss_follows_seed_001(dataset):
    municipalities = ("eidfjord", "kvam", "ulvik", "vaksdal", "voss")
    _assert_table("ou-voss", _one_per_municipality(*municipalities) + AREA_COMMON)


PARTNERSHIP_OBSERVERS = [
    ("Leder og nestleder fra Strategisk samarbeidsutvalg (pkt. 1.2)", "observator-leiing-ssu", 2, 2, OBSERVER),
    ("Leder fra hvert Områdeutvalg (pkt. 1.3)", "observator-leiar-ou-bergen", 1, 1, OBSERVER),
    ("Leder fra hvert Områdeutvalg (pkt. 1.3)", "observator-leiar-ou-bergensregionen", 1, 1, OBSERVER),
    ("Leder fra hvert Områdeutvalg (pkt. 1.3)", "observator-leiar-ou-nordhordland", 1, 1, OBSERVER),
    ("Leder fra hvert Områdeutvalg (pkt. 1.3)", "observator-leiar-ou-voss", 1, 1, OBSERVER),
    ("1 fastlegerepresentant", "observator-fastlege", 1, 1, OBSERVER),
    ("1 kommuneoverlege", "observator-kommuneoverlege", 1, 1, OBSERVER),
    ("2 brukerrepresentanter (1 fra kommune …", "observator-brukarrepresentantar-kommunane", 1, 1, OBSERVER),
    ("… og 1 fra spesialisthelsetjenesten)", "observator-brukarrepresentantar-spesialisthelsetenesta", 1, 1, OBSERVER),
    ("1 representant fra KS", "observator-ks", 1, 1, OBSERVER),
    ("1 representant fra hovedsammenslutningene", "observator-hovudsamanslutningane", 1, 1, OBSERVER),
]  # fmt: skip


def test_partnership_meeting_follows_seed_001(dataset):
    from samhandling.structure.models import Organisation

    parties = Organisation.objects.filter(is_party=True, valid_to=None).values_list(
        "slug", flat=True
    )
    leadership = [
        ("Politisk og administrativ ledelse i kommuner og spesialisthelsetjenesten", f"toppleiing-{slug}", 1, 2, MEMBER)
        for slug in parties
    ]  # fmt: skip
    _assert_table("partnarskapsmotet", leadership + PARTNERSHIP_OBSERVERS)
    # The municipalities merged away in 2020 are not parties today.
    assert "os-1243" not in parties
