"""This context's part of the demo dataset; `samhandling demo` calls `load()`.

The real structure (municipalities, parties, committees, rule files) comes from
`services.dataset_load()`. The people are fictional: invented Norwegian-sounding names, none
of them the real members. They fill every committee's seats so that every committee follows
its rules, except one deliberate violation: in Områdeutval Voss the municipal chief medical
officer's term ran out at the end of last year and nobody has been appointed since.
"""

import datetime
from collections import defaultdict

from django.utils import timezone

from .models import Committee, Membership, Organisation, Person, RepresentativeKind, Seat, Side
from .services import dataset_load, membership_create, membership_end, norwegian_slug

INTENDED_VIOLATION = ("ou-voss", "kommuneoverlege")

_GIVEN_NAMES = [
    "Astrid",
    "Bjørn",
    "Cecilie",
    "Dagfinn",
    "Eirin",
    "Frode",
    "Gunhild",
    "Håkon",
    "Ingvild",
    "Jostein",
    "Kjersti",
    "Leif",
    "Marit",
    "Njål",
    "Oddny",
    "Petter",
    "Ragnhild",
    "Sindre",
    "Tove",
    "Ulf",
    "Vigdis",
    "Øystein",
    "Åse",
    "Brynjar",
    "Ingeborg",
    "Torstein",
    "Solveig",
    "Gaute",
    "Hildegunn",
    "Arne",
    "Synnøve",
    "Eivind",
    "Liv",
    "Magnus",
    "Randi",
    "Sverre",
    "Turid",
    "Vegard",
    "Wenche",
    "Yngve",
]
_FAMILY_NAMES = [
    "Brekkeflat",
    "Dalsvikane",
    "Eikenesli",
    "Fjellstølen",
    "Grindalsvik",
    "Hagevikane",
    "Ivarsøyli",
    "Kvitebakken",
    "Lindelandet",
    "Myrstadli",
    "Nesheimlid",
    "Ormelia",
    "Rosevikane",
    "Skarsholmen",
    "Tveitanes",
    "Ulvedalen",
    "Vassbotnli",
    "Øvrebøen",
    "Åsgardli",
    "Bergsholmen",
    "Hovlandsdal",
    "Krossnesli",
    "Langedalsvik",
    "Sandvikane",
    "Tjørnholm",
    "Bjørkedalen",
    "Furunesset",
    "Hellandsvik",
    "Kleppeslid",
    "Lønningdal",
    "Midtbøen",
    "Nordanger",
    "Rabbevikane",
    "Selvågli",
    "Teigelandet",
    "Vallestad",
    "Øyrabakken",
]

_TITLES = {
    RepresentativeKind.PARTY_LEADERSHIP: "Toppleiar",
    RepresentativeKind.MUNICIPAL: "Kommunalsjef helse og omsorg",
    RepresentativeKind.SPECIALIST: "Klinikkdirektør",
    RepresentativeKind.USER: "Brukarrepresentant",
    RepresentativeKind.GP: "Fastlege",
    RepresentativeKind.CHIEF_MEDICAL_OFFICER: "Kommuneoverlege",
    RepresentativeKind.KS: "Rådgjevar",
    RepresentativeKind.UNION: "Hovudtillitsvald",
    RepresentativeKind.SECRETARIAT: "Rådgjevar i samarbeidssekretariatet",
    RepresentativeKind.PRACTICE_CONSULTANT: "Praksiskonsulent",
    RepresentativeKind.COMMITTEE_LEADER: "Leiar",
}


class _People:
    """Hands out fictional people, each name used once."""

    def __init__(self) -> None:
        self.count = 0

    def new(self, organisation: Organisation, kind: str) -> Person:
        # 40 given names × 37 family names, stepped so that neighbours differ in both.
        n = self.count
        self.count += 1
        given = _GIVEN_NAMES[(n * 7) % len(_GIVEN_NAMES)]
        family = _FAMILY_NAMES[n % len(_FAMILY_NAMES)]
        return Person.objects.create(
            slug=norwegian_slug(f"{given} {family}"),
            given_name=given,
            family_name=family,
            title=_TITLES.get(kind, ""),
            organisation=organisation,
        )


def _organisations() -> dict[str, Organisation]:
    # Today's organisations: the municipalities merged away in 2020 sit in no committee now.
    return {
        o.slug: o
        for o in Organisation.objects.filter(valid_to=None).order_by("-population", "name")
    }


def _fill_from(seat: Seat, committee: Committee, orgs: dict[str, Organisation]) -> list:
    """Which organisations fill a seat in the demo, one entry per member."""
    if seat.organisation is not None:
        return [seat.organisation] * max(seat.min_members, 1)
    eligible = list(seat.eligible_organisations.all())
    if eligible:
        return eligible[: max(seat.min_members, 1)]
    kind = seat.representative_kind
    area_municipalities = [
        o
        for o in orgs.values()
        if o.kind == Organisation.Kind.MUNICIPALITY
        and o.area_id == (seat.area_id or committee.area_id)
    ]
    if kind == RepresentativeKind.MUNICIPAL:
        # The largest municipality of the area sends the representative (Bergen sends two).
        return [area_municipalities[0]] * seat.max_members
    if kind == RepresentativeKind.SPECIALIST:
        # The hospitals with sector responsibility (municipalities.csv, local hospital):
        # Haraldsplass for Nordhordland, Haraldsplass and Haukeland for Bergen, Haukeland
        # (Helse Bergen) for Bergensregionen and Voss.
        area = committee.area.slug if committee.area else ""
        if area == "bergen":
            return [orgs["helse-bergen"], orgs["haraldsplass"]]
        if area == "nordhordland":
            return [orgs["haraldsplass"]]
        return [orgs["helse-bergen"]]
    if kind == RepresentativeKind.USER:
        if seat.side == Side.SPECIALIST:
            return [orgs["brukarutval-helse-bergen"]]
        return [orgs["brukarutval-kommunane"]]
    if kind == RepresentativeKind.GP:
        return [orgs["fastlegane"]]
    if kind == RepresentativeKind.CHIEF_MEDICAL_OFFICER:
        return [area_municipalities[-1] if area_municipalities else orgs["bergen"]]
    return []


def load() -> None:
    dataset_load()
    if Membership.objects.exists():
        # The people were loaded before; loading them again would double every seat.
        return
    today = timezone.localdate()
    # Nobody sits in today's committees before they were set up (valid_from).
    founded = datetime.date(2022, 8, 1)
    start = max(datetime.date(today.year - 1, 1, 1), founded)
    term_end = datetime.date(today.year + 2, 12, 31)
    orgs = _organisations()
    people = _People()
    created: dict[str, list[Membership]] = defaultdict(list)

    def appoint(
        seat: Seat,
        organisation: Organisation,
        *,
        person: Person | None = None,
        role: str | None = None,
        begins: datetime.date = start,
        ends: datetime.date = term_end,
        deputy_for: Membership | None = None,
    ) -> Membership:
        membership = membership_create(
            actor=None,
            person=person or people.new(organisation, seat.representative_kind),
            seat=seat,
            on_behalf_of=organisation,
            role=role or (Membership.Role.MEMBER if seat.may_decide else Membership.Role.OBSERVER),
            start=begins,
            term_end=ends,
            deputy_for=deputy_for,
        )
        created[seat.committee.slug].append(membership)
        return membership

    committees = (
        Committee.objects.existing_on(today)
        .select_related("area", "level")
        .order_by("-level__order")
    )
    # Area and professional committees first, the partnership meeting last: its observers
    # are the chairs of the committees below.
    leaders: dict[str, list[Membership]] = {}
    for committee in committees:
        seats = list(
            committee.seats.select_related("organisation", "committee").prefetch_related(
                "eligible_organisations"
            )
        )
        for seat in seats:
            if seat.representative_kind == RepresentativeKind.COMMITTEE_LEADER:
                continue
            if (committee.slug, seat.rule_key) == INTENDED_VIOLATION:
                appoint(
                    seat,
                    _fill_from(seat, committee, orgs)[0],
                    begins=max(datetime.date(today.year - 4, 1, 1), founded),
                    ends=datetime.date(today.year - 1, 12, 31),
                )
                continue
            fill = _fill_from(seat, committee, orgs)
            if committee.slug == "ou-bergen" and seat.rule_key == "kommunale-representantar":
                fill = [orgs["bergen"]] * 4
            for organisation in fill:
                appoint(seat, organisation)
        members = created[committee.slug]
        municipal = [m for m in members if m.seat.representative_kind == "municipal"]
        specialist = [m for m in members if m.seat.representative_kind == "specialist"]
        chair_and_deputy = []
        if municipal:
            chair_and_deputy.append((municipal[0], Membership.Role.CHAIR))
        if specialist and committee.level.slug in {"strategisk", "omradeutval"}:
            chair_and_deputy.append((specialist[0], Membership.Role.DEPUTY_CHAIR))
        for membership, role in chair_and_deputy:
            membership.role = role
            membership.save(update_fields=["role"])
        if committee.slug == "ssu" and municipal:
            # SSU's advice: «Det skal tilstrebes at minst en av de kommunale representantene
            # er rådmann/kommunedirektør». The person is fictional; the title follows the advice.
            municipal[0].person.title = "Kommunedirektør"
            municipal[0].person.save(update_fields=["title"])
        leaders[committee.slug] = [m for m, _role in chair_and_deputy]

    partnership = Committee.objects.get(slug="partnarskapsmotet")
    for seat in partnership.seats.filter(representative_kind=RepresentativeKind.COMMITTEE_LEADER):
        sources = leaders["ssu"] if seat.area_id is None else leaders[f"ou-{seat.area.slug}"][:1]
        for leader in sources:
            appoint(seat, leader.on_behalf_of, person=leader.person)

    _deputies_and_history(created, orgs, people, appoint, today)


def _deputies_and_history(created, orgs, people, appoint, today: datetime.date) -> None:
    """A few deputies, and members who have left, so that history shows."""
    by_key = {(m.seat.committee.slug, m.seat.key): m for ms in created.values() for m in ms}
    for key in [
        ("ssu", "brukarrepresentantar-kommunane"),
        ("ssu", "brukarrepresentantar-spesialisthelsetenesta"),
        ("ou-bergen", "fastlege"),
    ]:
        member = by_key[key]
        appoint(
            member.seat,
            member.on_behalf_of,
            role=Membership.Role.DEPUTY,
            deputy_for=member,
        )

    earlier = max(datetime.date(today.year - 5, 1, 1), datetime.date(2022, 8, 1))
    left = datetime.date(today.year - 1, 1, 1)
    for key in [
        ("ssu", "kommunale-representantar-bergen"),
        ("ssu", "spesialisthelsetenesta-helse-bergen"),
        ("ou-bergen", "fastlege"),
        ("ou-nordhordland", "kommunale-representantar-alver"),
    ]:
        successor = by_key[key]
        past = appoint(
            successor.seat,
            successor.on_behalf_of,
            begins=earlier,
            ends=datetime.date(today.year - 1, 1, 1),
        )
        membership_end(actor=None, membership=past, ended_on=left)

    # The current Bergen member of SSU sat in Områdeutval Bergen before.
    ssu_member = by_key[("ssu", "kommunale-representantar-bergen")]
    ou_seat = by_key[("ou-bergen", "kommunale-representantar-bergen")].seat
    past = appoint(
        ou_seat,
        ssu_member.on_behalf_of,
        person=ssu_member.person,
        begins=earlier,
        ends=datetime.date(today.year - 1, 1, 1),
    )
    membership_end(actor=None, membership=past, ended_on=left)
