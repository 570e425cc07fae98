"""This context's part of the demo dataset; `samhandling demo` calls `load()` (idempotent).

- The cost-sharing keys from ``keys/*.toml``.
- The overall agreement (overordna samarbeidsavtale) in force from 1 August 2022 with all
  parties of the reference data, linked to the cases demo's agreement case (9/22) whose
  adoptions are the signatures; and a revised version under treatment by the parties, sent
  to them in a case of its own, with some parties signed and some pending. The point texts
  are put together from seed 001's draft structure, not copied from the agreement, and the
  revised version's statuses are an illustration: both say so on the page.
- A sub-agreement, and links from cases and the LKT project to points.
- Seed 003's LKT budget: the municipal costs of the pilot shared by the key «50 % Bergen
  kommune og 50 % fordelt etter folketall i de andre samarbeidskommunene», decided under the
  LKT case's recommendation (14/18); and the whole pilot under the two-step key, left as a
  draft because the seed gives no ratio between municipalities and hospitals. The seed gives
  no amounts: the amounts are fictional and labelled so.

Everything goes through the services, so the audit log sees the demo like any other data.
"""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from samhandling.cases.models import Adoption, Case, Decision, Recommendation
from samhandling.cases.services import (
    adoption_register,
    adoption_sign,
    case_create,
    decision_record,
    recommendation_create,
)
from samhandling.projects.models import Project
from samhandling.structure.models import Committee, Organisation

from . import services
from .models import Agreement, Budget, CostKey, Version

OVERALL_SLUG = "overordna-samarbeidsavtale"

POINTS_2022 = [
    (
        "1",
        "Samhandlingsstrukturen",
        "Helsefellesskapet byggjer på ein firenivåstruktur: partnarskapsmøtet, strategisk "
        "samarbeidsutval, fire områdeutval etter etablerte kommuneregionar og faglege "
        "samarbeidsutval. Brukarar og fastlegar deltek på alle nivå.",
    ),
    (
        "1.1",
        "Partnarskapsmøtet",
        "Politisk og administrativ leiing i kommunane og spesialisthelsetenesta. Årleg møte "
        "for å forankre retning. Leiar og nestleiar i strategisk samarbeidsutval og leiar frå "
        "kvart områdeutval møter som observatørar med tale- og forslagsrett.",
    ),
    (
        "1.2",
        "Strategisk samarbeidsutval (SSU)",
        "Ein kommunal representant utpeika frå kvart utvalsområde; Bergen kommune kan utpeike "
        "to. Fire representantar frå spesialisthelsetenesta: Helse Bergen HF (2), HDS (1), "
        "andre private ideelle (1). To brukarrepresentantar. SSU utviklar strategiar og "
        "handlingsplanar og handterer saker og løpande avgjerder.",
    ),
    (
        "1.3",
        "Områdeutval",
        "Ein representant frå kvar kommune; Bergen kommune kan vere representert med inntil "
        "seks. Representasjon på tilsvarande nivå frå spesialisthelsetenesta i tråd med "
        "sektoransvaret for kvart utvalsområde.",
    ),
    (
        "1.4",
        "Faglege samarbeidsutval",
        "Representasjon følgjer som hovudregel same prinsipp som for SSU. Alle faglege "
        "samarbeidsutval skal minst ha ein fastlege og ein brukarrepresentant.",
    ),
    (
        "2",
        "Prinsipp for samhandlinga",
        "Konsensusprinsippet. Formell avgjerdsmynde ligg fast hos partane. Felles sekretariat. "
        "Felles planlegging og utvikling av helsetenester.",
    ),
    (
        "3",
        "Prioriterte grupper",
        "Barn og unge, personar med alvorlege psykiske lidingar og rusproblem, skrøpelege "
        "eldre og personar med fleire kroniske lidingar.",
    ),
]

# The revision: what changes from 2022 (an illustration of a revision, not a real one).
REVISED_CHANGES = {
    "1.3": (
        "Områdeutval",
        "Ein representant frå kvar kommune; Bergen kommune kan vere representert med inntil "
        "seks. Representasjon på tilsvarande nivå frå spesialisthelsetenesta i tråd med "
        "sektoransvaret for kvart utvalsområde. Leiaren kjem frå kommunane og nestleiaren frå "
        "sjukehusa; medlemmene sit i fire år.",
    ),
    "3": (
        "Prioriterte grupper",
        "Barn og unge, personar med alvorlege psykiske lidingar og rusproblem, skrøpelege "
        "eldre, personar med fleire kroniske lidingar, og gravide og fødande gjennom "
        "svangerskap, fødsel og barseltid.",
    ),
    "4": (
        "Årleg gjennomgang",
        "Partnarskapsmøtet går gjennom avtalen kvart år i sitt årshjul og tek stilling til om "
        "han skal reviderast.",
    ),
}

POINTS_NOTE = (
    "Punkttekstane er sette saman frå seed 001 (utkast til struktur og samarbeidsformer), "
    "ikkje avskrift av den vedtekne avtaleteksten."
)
REVISION_NOTE = (
    "Illustrasjon: den reviderte versjonen, saka og kva partar som har signert, er laga for demoen."
)
BUDGET_NOTE = (
    "Beløpa er fiktive: seed 003 gir ikkje tala («vedlagt oppsett»). Kommunane er dagens 18 i "
    "Helse Bergen-området med folketalet strukturen har no, ikkje kommunane frå 2018–2019."
)


def load() -> None:
    services.cost_keys_load(actor=None)
    if not Organisation.objects.filter(is_party=True).exists():
        return  # no structure to hang the agreements on
    if not Agreement.objects.filter(slug=OVERALL_SLUG).exists():
        _agreements()
    project = _lkt_project()
    if not Budget.objects.filter(project=project).exists():
        _lkt_budgets(project)


def _case(year: int, sequence: int) -> Case | None:
    return Case.objects.filter(year=year, sequence=sequence).first()


def _signature_recommendation(case: Case | None) -> Recommendation | None:
    if case is None:
        return None
    return (
        Recommendation.objects.filter(decision__treatment__case=case, requires_signature=True)
        .order_by("-id")
        .first()
    )


def _agreements() -> None:
    # The parties of the overall agreement of 1 August 2022 (municipalities merged away before
    # then are not among them).
    parties = list(
        Organisation.objects.filter(is_party=True).existing_on(datetime.date(2022, 8, 1))
    )
    overall = services.agreement_save(
        actor=None,
        slug=OVERALL_SLUG,
        title="Overordna samarbeidsavtale om helsefellesskapet i Helse Bergen-området",
        kind=Agreement.Kind.OVERALL,
        description=(
            "Samarbeidsavtalen mellom kommunane i Helse Bergen sitt føretaksområde, Helse "
            "Bergen HF og dei private ideelle sjukehusa (helse- og omsorgstenestelova § 6-2), "
            "med struktur og samarbeidsformer for helsefellesskapet. I kraft frå 1. august 2022 "
            "(saman.no, «Overordna samarbeidsavtale»)."
        ),
        parties=parties,
    )
    agreement_case = _case(2022, 9)
    first = services.version_save(
        actor=None,
        agreement=overall,
        label="2022",
        status=Version.Status.IN_FORCE,
        in_force_from=datetime.date(2022, 8, 1),
        revision_note="Ny avtale om helsefellesskap: struktur og samarbeidsformer (seed 001).",
        case=agreement_case,
        recommendation=_signature_recommendation(agreement_case),
        illustration_note=POINTS_NOTE,
    )
    points = {}
    for number, title, text in POINTS_2022:
        points[number] = services.point_save(
            actor=None, version=first, number=number, title=title, text=text
        )

    revision_case, revision_recommendation = _revision_case(parties)
    revised = services.version_save(
        actor=None,
        agreement=overall,
        label="2026 (revidert)",
        status=Version.Status.IN_TREATMENT,
        revision_note=(
            "Revisjon etter årleg gjennomgang: leiing og funksjonstid i områdeutvala, gravide og "
            "fødande som prioritert gruppe, og årleg gjennomgang av avtalen."
        ),
        case=revision_case,
        recommendation=revision_recommendation,
        illustration_note=REVISION_NOTE,
    )
    services.version_copy_points(actor=None, source=first, target=revised)
    for point in revised.points.all():
        if point.number in REVISED_CHANGES:
            title, text = REVISED_CHANGES[point.number]
            services.point_save(
                actor=None,
                version=revised,
                point=point,
                number=point.number,
                title=title,
                text=text,
            )
    title, text = REVISED_CHANGES["4"]
    services.point_save(actor=None, version=revised, number="4", title=title, text=text)

    establishment = _case(2021, 21)
    if establishment is not None:
        for number in ("1.2", "1.3"):
            services.point_link_add(
                actor=None,
                point=points[number],
                case=establishment,
                note="Saka om etablering av helsefellesskap drøftar samansetjinga.",
            )
    project = _lkt_project()
    services.point_link_add(
        actor=None,
        point=points["2"],
        project=project,
        note="Felles planlegging og utvikling: kostnadene vert delte mellom partane.",
    )
    services.review_record(
        actor=None,
        agreement=overall,
        reviewed_on=datetime.date(2025, 6, 12),
        outcome="Partnarskapsmøtet bad sekretariatet førebu ein revisjon av avtalen.",
    )

    sub = services.agreement_save(
        actor=None,
        slug="delavtale-innlegging-og-utskriving",
        title="Delavtale om innlegging i sjukehus og utskrivingsklare pasientar",
        kind=Agreement.Kind.SUB,
        parent=overall,
        description="Delavtale under den overordna samarbeidsavtalen (eit av temaa i "
        "helse- og omsorgstenestelova § 6-2). Teksten er ei illustrasjon.",
        parties=parties,
    )
    sub_version = services.version_save(
        actor=None,
        agreement=sub,
        label="2022",
        status=Version.Status.IN_FORCE,
        in_force_from=datetime.date(2022, 8, 1),
        revision_note="Vidareført saman med den overordna avtalen.",
        illustration_note="Punkttekstane er illustrasjon.",
    )
    services.point_save(
        actor=None,
        version=sub_version,
        number="1",
        title="Føremål",
        text="Trygge og føreseielege overgangar når pasientar vert lagde inn i og skrivne ut "
        "frå sjukehus.",
    )
    services.point_save(
        actor=None,
        version=sub_version,
        number="2",
        title="Varsling",
        text="Sjukehuset varslar kommunen så tidleg som mogleg om pasientar som truleg vil "
        "trenge kommunale tenester etter utskriving.",
    )


def _deciding_committee() -> Committee | None:
    """The partnership meeting: the committee the strategic committee reports to."""
    ssu = (
        Committee.objects.filter(reporting_committees__area__isnull=False)
        .select_related("reports_to")
        .first()
    )
    if ssu is None:
        return Committee.objects.first()
    return ssu.reports_to or ssu


def _revision_case(parties: list[Organisation]) -> tuple[Case | None, Recommendation | None]:
    committee = _deciding_committee()
    if committee is None:
        return None, None
    today = timezone.localdate()
    decided_on = today - datetime.timedelta(days=75)
    case = case_create(
        actor=None,
        subject="Revidert overordna samarbeidsavtale – til handsaming hos partane",
        kind=Case.Kind.DECISION,
        paper_date=decided_on - datetime.timedelta(days=14),
        committees=[committee],
        introduction=(
            "Etter den årlege gjennomgangen legg sekretariatet fram forslag til revidert "
            "overordna samarbeidsavtale. (Illustrasjon laga for demoen.)"
        ),
        proposed_resolution=(
            "Partnarskapsmøtet tilrår at partane sluttar seg til og signerer den reviderte avtalen."
        ),
    )
    decision = decision_record(
        actor=None,
        treatment=case.treatments.get(),
        outcome=Decision.Outcome.ADOPTED,
        text=case.proposed_resolution,
        decided_on=decided_on,
    )
    recommendation = recommendation_create(
        actor=None,
        decision=decision,
        text="Partane vert tilrådde å slutta seg til og signere den reviderte overordna "
        "samarbeidsavtalen.",
        parties=parties,
        requires_signature=True,
        respond_by=today + datetime.timedelta(days=60),
    )
    adoptions = list(recommendation.adoptions.select_related("party").order_by("party__name"))
    for n, adoption in enumerate(adoptions):
        if n % 3 == 2:
            continue  # a third have not decided yet
        municipal = adoption.party.kind == Organisation.Kind.MUNICIPALITY
        decided = decided_on + datetime.timedelta(days=10 + 2 * n)
        decided = min(decided, today)
        adoption_register(
            actor=None,
            adoption=adoption,
            status=Adoption.Status.ADOPTED,
            deciding_body="Kommunestyret" if municipal else "Styret",
            decided_on=decided,
            reference=f"{40 + n}/{today.year % 100:02d}",
        )
        if n % 3 == 0:
            adoption_sign(
                actor=None,
                adoption=adoption,
                signed_on=min(decided + datetime.timedelta(days=7), today),
                signed_by="Kommunedirektøren" if municipal else "Administrerande direktør",
            )
    return case, recommendation


def _lkt_project() -> Project:
    project, _created = Project.objects.get_or_create(
        slug="lkt",
        defaults={
            "name": "Langvarige og koordinerte tenester (LKT)",
            "purpose": (
                "Pasientar med behov for langvarige og koordinerte tenester skal oppleve "
                "tryggleik, kvalitet og eigenmeistring i møte med helsetenesta."
            ),
            "status": Project.Status.IN_PROGRESS,
        },
    )
    return project


def _lkt_budgets(project: Project) -> None:
    municipalities = list(
        Organisation.objects.filter(
            is_party=True, kind=Organisation.Kind.MUNICIPALITY, population__isnull=False
        )
    )
    if not municipalities:
        return
    municipal_key = CostKey.objects.get(slug="kommunal-50-bergen-folketal", version=1)
    budget = services.budget_save(
        actor=None,
        project=project,
        year=2019,
        title="LKT pilot – kommunal del",
        key=municipal_key,
        parties=municipalities,
        notes=(
            "Seed 003: «kommunale kostnader vert fordelt slik; 50 % Bergen kommune og 50 % "
            "fordelt etter folketal i dei andre samarbeidskommunane», same nøkkel som ved "
            "frikjøp av kommunal ressurs i kjerneteamet. Sjå vedlegget «Fordeling av kostnader "
            "for kommunane 2019» i sak 14/18."
        ),
        illustration_note=BUDGET_NOTE,
    )
    for name, kind, amount, funded, funded_by in [
        (
            "Frikjøp av kommunal ressurs i kjerneteamet (fiktivt beløp)",
            "staff_time",
            450_000,
            False,
            "",
        ),
        (
            "Planlegging og gjennomføring av pilot, kommunal del (fiktivt beløp)",
            "operating",
            275_500,
            False,
            "",
        ),
        (
            "Prosjektleiing (fiktivt beløp)",
            "staff_time",
            300_000,
            True,
            "Samhandlingsmidlar (fiktivt)",
        ),
    ]:
        services.cost_element_save(
            actor=None,
            budget=budget,
            name=name,
            kind=kind,
            amount=amount,
            funded=funded,
            funded_by=funded_by,
        )
    recommendation = (
        Recommendation.objects.filter(
            decision__treatment__case__year=2018, decision__treatment__case__sequence=14
        )
        .order_by("id")
        .first()
    )
    if recommendation is not None:
        # A municipality without population leaves it a draft: the draft shows why.
        with contextlib.suppress(ValidationError):
            services.allocation_decide(
                actor=None,
                budget=budget,
                recommendation=recommendation,
                decided_on=recommendation.decision.decided_on,
            )

    hospitals = list(
        Organisation.objects.filter(slug__in=["helse-bergen", "haraldsplass"], is_party=True)
    )
    whole = services.budget_save(
        actor=None,
        project=project,
        year=2019,
        title="LKT pilot 2018–2019 – kommunar og sjukehus",
        key=CostKey.objects.get(slug="lkt-kommunar-og-sjukehus", version=1),
        parties=[*municipalities, *hospitals],
        notes=(
            "Steg 1 (mellom kommunane og kvart sjukehus) er «slik det er vist i vedlagt "
            "oppsett»; seed 003 har ikkje oppsettet, så delane er ikkje lagde inn, og "
            "fordelinga kan ikkje reknast før sekretariatet legg dei inn."
        ),
        illustration_note=BUDGET_NOTE,
    )
    services.cost_element_save(
        actor=None,
        budget=whole,
        name="Pilot: planlegging og gjennomføring, ufinansiert (fiktivt beløp)",
        kind="operating",
        amount=820_000,
    )
