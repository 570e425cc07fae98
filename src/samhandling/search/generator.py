"""A large synthetic case register over the demo structure, for scale tests and benchmarks.

Cases get subjects and sections composed from Norwegian word lists, treatments in one to
four committees, meetings with agenda items, decisions, some recommendations with the
parties' adoption, attachments with text and priority groups. Everything comes from one
seeded random generator, so the same seed over the same structure gives the same register.
Rows are written with ``bulk_create`` in batches; the search index is rebuilt in bulk at
the end.
"""

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from samhandling.cases.models import (
    Adoption,
    Attachment,
    Case,
    CaseNumberSequence,
    Decision,
    PriorityGroup,
    Recommendation,
    Treatment,
)
from samhandling.cases.priority_groups import priority_groups_read
from samhandling.core.access import Access, ExemptionBasis
from samhandling.meetings.models import AgendaItem, Meeting
from samhandling.structure.models import Committee, Organisation, Person

from .services import search_reindex_all

OSLO = ZoneInfo("Europe/Oslo")
ITEMS_PER_MEETING = 12

# --- word lists (invented text in the style of the seeds) --------------------------------
_TOPICS = [
    "samhandlingsforløp",
    "pasientforløp",
    "utskrivingsklare pasientar",
    "legevakt",
    "øyeblikkeleg hjelp døgnopphald",
    "rehabilitering",
    "habilitering",
    "psykisk helsevern",
    "rusbehandling",
    "ambulante team",
    "digital heimeoppfølging",
    "velferdsteknologi",
    "kompetansedeling",
    "legemiddelsamstemming",
    "e-meldingar",
    "jordmorteneste",
    "helsestasjon",
    "palliativ omsorg",
    "demensomsorg",
    "kreftomsorg",
    "akuttberedskap",
    "smittevern",
    "tolketeneste",
    "pasientsikkerheit",
    "felles kompetanseplan",
    "avviksmeldingar",
    "helsefellesskapet",
    "tenestetilbod",
    "dagbehandling",
    "koordinerande eining",
]
_GROUPS = [
    "barn og unge",
    "skrøpelege eldre",
    "personar med alvorleg psykisk liding og rusproblem",
    "personar med fleire kroniske lidingar",
    "gravide og nybakte foreldre",
    "pasientar med hjerneslag",
    "personar med demens",
    "ungdom i overgang til vaksenliv",
]
_VERBS = [
    "Etablering av",
    "Evaluering av",
    "Høyring om",
    "Rapport om",
    "Vidareføring av",
    "Felles retningslinje for",
    "Prosjektdirektiv for",
    "Status for",
    "Samarbeidsavtale om",
    "Organisering av",
    "Plan for",
    "Orientering om",
]
_PLACES = [
    "Bergen",
    "Bergensregionen",
    "Nordhordland",
    "Voss",
    "Askøy",
    "Bjørnafjorden",
    "Alver",
    "Osterøy",
    "Øygarden",
    "Kvam",
    "Austevoll",
    "Masfjorden",
]
_SUBJECTS_OF_SENTENCES = [
    "Kommunane",
    "Helse Bergen",
    "Sjukehusa",
    "Fastlegane",
    "Brukarrepresentantane",
    "Arbeidsgruppa",
    "Samarbeidssekretariatet",
    "Områdeutvalet",
    "Styringsgruppa",
    "Partane i helsefellesskapet",
    "Haraldsplass Diakonale Sykehus",
    "Dei tilsette",
]
_PREDICATES = [
    "har kartlagt",
    "foreslår å styrkje",
    "ønskjer å vidareutvikle",
    "har gjennomført ei evaluering av",
    "skal prøve ut",
    "treng betre oversikt over",
    "meiner det er behov for å samordne",
    "har utarbeidd eit forslag til",
    "vil prioritere",
    "har felles ansvar for",
    "peikar på utfordringar med",
    "har gode erfaringar med",
]
_OBJECTS = [
    "tilbodet til {group}",
    "{topic} i {place}",
    "overgangane mellom sjukehus og kommune",
    "samarbeidet om {topic}",
    "rutinane for {topic}",
    "kompetansen på {topic}",
    "ressursbruken i {place}",
    "behova til {group}",
    "informasjonsflyten ved utskriving",
    "ventetida for {group}",
    "oppgåvedelinga mellom nivåa",
    "kvaliteten i {topic}",
]
_TAILS = [
    "",
    " i samarbeid med brukarane",
    " innan utgangen av året",
    " i tråd med den nasjonale helse- og samhandlingsplanen",
    " slik at pasientane får heilskaplege tenester",
    " utan auka kostnader for partane",
    " gjennom felles kompetansetiltak",
    " og rapportere til SSU",
]
_RESOLUTIONS = [
    "Utvalet tek saka til orientering.",
    "Utvalet sluttar seg til forslaget og ber sekretariatet følgje opp.",
    "Utvalet ber arbeidsgruppa leggje fram ein revidert plan.",
    "Utvalet vil tilrå kommunane og Helse Bergen å slutta seg til avtalen.",
    "Utvalet godkjenner prosjektdirektivet.",
    "Utvalet ber om ei ny vurdering av kostnadsfordelinga.",
    "Saka vert send vidare til SSU for endeleg handsaming.",
]
_DISSENTS = [
    "Representanten for brukarane røysta imot og ønskte ei breiare høyring.",
    "Kommunane si representant tok atterhald om finansiering.",
    "Fastlegerepresentanten meinte tidsplanen var for stram.",
]
_ATTACHMENT_TITLES = [
    "Prosjektdirektiv",
    "Statusrapport",
    "Risikovurdering",
    "Interessentanalyse",
    "Kommunikasjonsplan",
    "Høyringsinnspel",
    "Evalueringsrapport",
    "Kostnadsoverslag",
]
_UNITS = [
    "Samarbeidssekretariatet",
    "Kommunalt samhandlingskontor",
    "Avdeling for samhandling, Helse Bergen",
    "Helse- og omsorgsetaten",
]


@dataclass
class GenerateResult:
    cases: int = 0
    treatments: int = 0
    decisions: int = 0
    meetings: int = 0
    agenda_items: int = 0
    recommendations: int = 0
    adoptions: int = 0
    attachments: int = 0
    indexed: int = 0
    seconds: float = 0.0


@dataclass
class _Structure:
    committees: list[Committee]
    area_committees: list[Committee]
    parties_by_area: dict[int | None, list[int]]
    people: list[int]
    priority_groups: list[int]


@dataclass
class _OpenMeeting:
    meeting: Meeting
    items: int = 0  # placed on the agenda
    items_written: int = 0  # agenda items created


@dataclass
class _State:
    """Counters carried from batch to batch."""

    sequence_by_year: dict[int, int] = field(default_factory=dict)
    agenda_number: dict[tuple[int, int], int] = field(default_factory=dict)
    open_meetings: dict[int, _OpenMeeting] = field(default_factory=dict)


def register_generate(
    *,
    cases: int,
    seed: int = 1,
    first_year: int = 2019,
    last_year: int | None = None,
    batch_size: int = 1000,
    today: datetime.date | None = None,
    reindex: bool = True,
    progress: Callable[[str], None] | None = None,
) -> GenerateResult:
    """Add ``cases`` synthetic cases, spread evenly over the years, to the register.

    The structure (committees, parties, people) must exist; priority groups are created
    when there are none. Case numbers continue each year's sequence.
    """
    started = time.monotonic()
    today = today or timezone.localdate()
    last_year = last_year or today.year
    rng = random.Random(seed)
    structure = _load_structure()
    state = _State(
        sequence_by_year=dict(CaseNumberSequence.objects.values_list("year", "last_sequence"))
    )
    result = GenerateResult()
    years = list(range(first_year, last_year + 1))
    for start in range(0, cases, batch_size):
        indexes = range(start, min(cases, start + batch_size))
        with transaction.atomic():
            _generate_batch(rng, structure, state, result, indexes, cases, years, today)
        if progress is not None:
            progress(f"cases {result.cases}/{cases} ({time.monotonic() - started:.0f} s)")
    with transaction.atomic():
        for year, last in state.sequence_by_year.items():
            CaseNumberSequence.objects.update_or_create(year=year, defaults={"last_sequence": last})
        _store_agenda_numbers(state)
    if reindex:
        result.indexed = search_reindex_all(
            progress=(
                (lambda done, total: progress(f"search index {done}/{total}"))
                if progress is not None
                else None
            )
        )
        _vacuum()
    result.seconds = time.monotonic() - started
    return result


def _vacuum() -> None:
    """After a bulk load PostgreSQL's visibility map is empty and its statistics stale:
    counts read the whole table instead of an index, and plans guess. VACUUM ANALYZE of the
    database fixes both for the register and the search index (it cannot run inside a
    transaction, so not in tests)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _load_structure() -> _Structure:
    # Today's committees and parties: the ones of before the helsefellesskap take no new cases.
    committees = list(Committee.objects.filter(valid_to=None).order_by("pk"))
    if not committees:
        raise ValueError("There are no committees: load the demo structure first.")
    if not PriorityGroup.objects.exists():
        # The one list of priority groups (cases/data/priority_groups.toml), with sources.
        PriorityGroup.objects.bulk_create(
            PriorityGroup(slug=g.slug, name=g.name, order=g.order) for g in priority_groups_read()
        )
    parties_by_area: dict[int | None, list[int]] = {}
    for pk, area_id in (
        Organisation.objects.filter(is_party=True, valid_to=None)
        .order_by("pk")
        .values_list("pk", "area_id")
    ):
        parties_by_area.setdefault(area_id, []).append(pk)
    return _Structure(
        committees=committees,
        area_committees=[c for c in committees if c.area_id is not None] or committees,
        parties_by_area=parties_by_area,
        people=list(Person.objects.order_by("pk").values_list("pk", flat=True)[:300]),
        priority_groups=list(PriorityGroup.objects.order_by("pk").values_list("pk", flat=True)),
    )


def _sentence(rng: random.Random) -> str:
    obj = rng.choice(_OBJECTS).format(
        group=rng.choice(_GROUPS), topic=rng.choice(_TOPICS), place=rng.choice(_PLACES)
    )
    return (
        f"{rng.choice(_SUBJECTS_OF_SENTENCES)} {rng.choice(_PREDICATES)} {obj}{rng.choice(_TAILS)}."
    )


def _paragraphs(rng: random.Random, sentences: int) -> str:
    return "<p>" + " ".join(_sentence(rng) for _ in range(sentences)) + "</p>"


def _subject(rng: random.Random) -> str:
    topic = rng.choice(_TOPICS)
    match rng.randrange(3):
        case 0:
            return f"{rng.choice(_VERBS)} {topic} for {rng.choice(_GROUPS)}"
        case 1:
            return f"{rng.choice(_VERBS)} {topic} i {rng.choice(_PLACES)}"
        case _:
            return f"{rng.choice(_VERBS)} {topic}"


def _paper_date(index: int, total: int, years: list[int]) -> datetime.date:
    """Spread the cases evenly over the years, in date order."""
    position = index * len(years) / total
    year = years[int(position)]
    fraction = position - int(position)
    start = datetime.date(year, 1, 2)
    return start + datetime.timedelta(days=int(fraction * 360))


def _generate_batch(rng, structure, state, result, indexes, total, years, today) -> None:
    new_cases: list[Case] = []
    plans: list[dict] = []
    for index in indexes:
        paper_date = _paper_date(index, total, years)
        year = paper_date.year
        sequence = state.sequence_by_year.get(year, 0) + 1
        state.sequence_by_year[year] = sequence
        kind = rng.choices(
            [Case.Kind.DECISION, Case.Kind.DISCUSSION, Case.Kind.ORIENTATION], [55, 20, 25]
        )[0]
        exempt = rng.random() < 0.04
        new_cases.append(
            Case(
                year=year,
                sequence=sequence,
                subject=_subject(rng)[:300],
                kind=kind,
                paper_date=paper_date,
                case_officer_id=rng.choice(structure.people) if structure.people else None,
                case_officer_unit=rng.choice(_UNITS),
                introduction=_paragraphs(rng, 2),
                background=_paragraphs(rng, 3),
                assessment=_paragraphs(rng, 2),
                further_work=_paragraphs(rng, 1) if rng.random() < 0.5 else "",
                proposed_resolution=f"<p>{rng.choice(_RESOLUTIONS)}</p>",
                access=Access.EXEMPT if exempt else Access.OPEN,
                exemption_basis=(
                    rng.choice([ExemptionBasis.OFFL_13, ExemptionBasis.OFFL_14]) if exempt else ""
                ),
            )
        )
        count = rng.choices([1, 2, 3, 4], [50, 15, 10, 25])[0]
        if count == 1:
            committees = [rng.choice(structure.committees)]
        else:
            pool = structure.area_committees
            committees = rng.sample(pool, min(count, len(pool)))
        plans.append(
            {
                "committees": committees,
                "groups": rng.sample(
                    structure.priority_groups,
                    min(len(structure.priority_groups), rng.choice([0, 1, 1, 2])),
                ),
                "attachments": rng.choices([0, 1, 2], [85, 10, 5])[0],
            }
        )
    Case.objects.bulk_create(new_cases, batch_size=250)
    result.cases += len(new_cases)

    case_group = Case.priority_groups.through
    case_group.objects.bulk_create(
        [
            case_group(case_id=case.pk, prioritygroup_id=group)
            for case, plan in zip(new_cases, plans, strict=True)
            for group in plan["groups"]
        ],
        batch_size=500,
    )

    # Put each treatment on its committee's next meeting with room on the agenda.
    placements: list[tuple[Case, Committee, _OpenMeeting]] = []
    new_meetings: list[Meeting] = []
    for case, plan in zip(new_cases, plans, strict=True):
        for committee in plan["committees"]:
            open_meeting = state.open_meetings.get(committee.pk)
            if open_meeting is None or open_meeting.items >= ITEMS_PER_MEETING:
                open_meeting = _OpenMeeting(_new_meeting(rng, committee, case.paper_date, today))
                state.open_meetings[committee.pk] = open_meeting
                new_meetings.append(open_meeting.meeting)
            open_meeting.items += 1
            placements.append((case, committee, open_meeting))
    Meeting.objects.bulk_create(new_meetings, batch_size=250)
    result.meetings += len(new_meetings)

    treatments: list[Treatment] = []
    for case, committee, open_meeting in placements:
        held = open_meeting.meeting.starts_at.date() < today
        role = {
            Case.Kind.DECISION: Treatment.Role.DECIDES,
            Case.Kind.DISCUSSION: Treatment.Role.DISCUSSES,
            Case.Kind.ORIENTATION: Treatment.Role.INFORMED,
        }[case.kind]
        treatments.append(
            Treatment(
                case_id=case.pk,
                committee_id=committee.pk,
                role=role,
                state=Treatment.State.TREATED if held else Treatment.State.PENDING,
            )
        )
    Treatment.objects.bulk_create(treatments, batch_size=500)
    result.treatments += len(treatments)

    agenda_items: list[AgendaItem] = []
    decisions: list[Decision] = []
    for treatment, (case, committee, open_meeting) in zip(treatments, placements, strict=True):
        meeting = open_meeting.meeting
        key = (committee.pk, meeting.starts_at.year)
        if key not in state.agenda_number:
            state.agenda_number[key] = _agenda_start(key)
        state.agenda_number[key] += 1
        open_meeting.items_written += 1
        agenda_items.append(
            AgendaItem(
                meeting_id=meeting.pk,
                order=open_meeting.items_written,
                number=f"{state.agenda_number[key]}/{meeting.starts_at.year % 100:02d}",
                treatment_id=treatment.pk,
                closed=case.access == Access.EXEMPT,
                exemption_basis=case.exemption_basis,
            )
        )
        if treatment.state == Treatment.State.TREATED:
            decisions.append(_decision(rng, case, treatment, meeting))
    AgendaItem.objects.bulk_create(agenda_items, batch_size=500)
    result.agenda_items += len(agenda_items)
    Decision.objects.bulk_create(decisions, batch_size=250)
    result.decisions += len(decisions)

    recommendations: list[tuple[Recommendation, list[int]]] = []
    committees_by_pk = {c.pk: c for c in structure.committees}
    treatment_committee = {t.pk: t.committee_id for t in treatments}
    for decision in decisions:
        committee = committees_by_pk[treatment_committee[decision.treatment_id]]
        parties = structure.parties_by_area.get(committee.area_id) if committee.area_id else None
        if parties and decision.outcome == Decision.Outcome.ADOPTED and rng.random() < 0.1:
            recommendations.append(
                (
                    Recommendation(
                        decision_id=decision.pk,
                        text="Utvalet vil tilrå kommunane å slutta seg til tiltaket.",
                        requires_signature=rng.random() < 0.3,
                        respond_by=decision.decided_on + datetime.timedelta(days=90),
                    ),
                    parties,
                )
            )
    Recommendation.objects.bulk_create([r for r, _ in recommendations], batch_size=250)
    result.recommendations += len(recommendations)
    adoptions = []
    for recommendation, parties in recommendations:
        for party in parties:
            adoptions.append(_adoption(rng, recommendation, party, today))
    Adoption.objects.bulk_create(adoptions, batch_size=250)
    result.adoptions += len(adoptions)

    attachments = []
    for case, plan in zip(new_cases, plans, strict=True):
        for n in range(plan["attachments"]):
            text = " ".join(_sentence(rng) for _ in range(rng.randint(8, 30)))
            exempt = case.access == Access.EXEMPT or rng.random() < 0.1
            attachments.append(
                Attachment(
                    case_id=case.pk,
                    title=f"{rng.choice(_ATTACHMENT_TITLES)} ({case.number})",
                    # Synthetic: the file itself is not written, only its extracted text.
                    file=f"attachments/generated/{case.year}-{case.sequence}-{n + 1}.pdf",
                    content_type="application/pdf",
                    size=rng.randint(40_000, 2_000_000),
                    extracted_text=text,
                    access=Access.EXEMPT if exempt else Access.OPEN,
                    exemption_basis=ExemptionBasis.OFFL_14 if exempt else "",
                    order=n,
                )
            )
    Attachment.objects.bulk_create(attachments, batch_size=250)
    result.attachments += len(attachments)


def _new_meeting(rng, committee: Committee, after: datetime.date, today) -> Meeting:
    day = after + datetime.timedelta(days=rng.randint(14, 28))
    starts_at = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=OSLO)
    video = rng.random() < 0.3
    if day < today - datetime.timedelta(days=30):
        state = Meeting.State.MINUTES_APPROVED
    elif day < today:
        state = Meeting.State.HELD
    else:
        state = Meeting.State.PLANNED
    return Meeting(
        committee=committee,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        place=""
        if video
        else rng.choice(["Haukeland universitetssjukehus", "Bergen rådhus", "Knarvik", "Voss"]),
        video_link="https://teams.example.no/mote" if video else "",
        state=state,
        minutes_approved_on=(day + datetime.timedelta(days=14))
        if state == Meeting.State.MINUTES_APPROVED
        else None,
    )


def _decision(rng, case: Case, treatment: Treatment, meeting: Meeting) -> Decision:
    if case.kind == Case.Kind.ORIENTATION:
        outcome = Decision.Outcome.NOTED
    elif case.kind == Case.Kind.DISCUSSION:
        outcome = rng.choices([Decision.Outcome.NOTED, Decision.Outcome.ADOPTED], [70, 30])[0]
    else:
        outcome = rng.choices(
            [
                Decision.Outcome.ADOPTED,
                Decision.Outcome.ADOPTED_WITH_CHANGES,
                Decision.Outcome.DEFERRED,
                Decision.Outcome.NOT_ADOPTED,
            ],
            [70, 15, 8, 7],
        )[0]
    consensus = rng.random() < 0.92
    return Decision(
        treatment_id=treatment.pk,
        outcome=outcome,
        text=f"{rng.choice(_RESOLUTIONS)} {_sentence(rng)}",
        consensus=consensus,
        dissent="" if consensus else rng.choice(_DISSENTS),
        decided_on=meeting.starts_at.date(),
    )


def _adoption(rng, recommendation: Recommendation, party: int, today) -> Adoption:
    status = rng.choices(
        [
            Adoption.Status.PENDING,
            Adoption.Status.ADOPTED,
            Adoption.Status.ADOPTED_WITH_CHANGES,
            Adoption.Status.REJECTED,
        ],
        [30, 55, 10, 5],
    )[0]
    decided = status != Adoption.Status.PENDING
    decided_on = recommendation.respond_by - datetime.timedelta(days=rng.randint(0, 60))
    return Adoption(
        recommendation_id=recommendation.pk,
        party_id=party,
        status=status,
        deciding_body=rng.choice(["Kommunestyret", "Formannskapet", "Styret"]) if decided else "",
        decided_on=min(decided_on, today) if decided else None,
        reference=f"{rng.randint(1, 200)}/{decided_on.year % 100:02d}" if decided else "",
    )


def _agenda_start(key: tuple[int, int]) -> int:
    """The last agenda number a committee used in a year before this run."""
    try:
        sequence_model = apps.get_model("meetings", "AgendaNumberSequence")
    except LookupError:
        return 0
    committee_id, year = key
    row = sequence_model.objects.filter(committee_id=committee_id, year=year).first()
    return row.last_sequence if row else 0


def _store_agenda_numbers(state: _State) -> None:
    try:
        sequence_model = apps.get_model("meetings", "AgendaNumberSequence")
    except LookupError:
        return
    for (committee_id, year), last in state.agenda_number.items():
        sequence_model.objects.update_or_create(
            committee_id=committee_id, year=year, defaults={"last_sequence": last}
        )
