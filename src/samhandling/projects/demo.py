"""Demo projects from the seeds: the joint development plan (seed 000, with seed 002's
slides), LKT (seed 003) and «Samhandlingsforløp barn og unge» (seed 004) with the two
projects it names, «Saman for Barn og Unge» and «Glasblokkene».

The people are fictional (the seeds' names are replaced); figures that do not come from the
seeds are marked as invented. ``load()`` is idempotent: projects are found by slug (another
context may have made the LKT project already) and their parts are only added once."""

import datetime

from django.contrib.auth import get_user_model

from samhandling.cases.models import Case, Decision, PriorityGroup, Treatment
from samhandling.cases.services import (
    adoption_register,
    adoption_sign,
    case_create,
    decision_record,
    recommendation_create,
)
from samhandling.structure.models import Area, Committee, Level, Organisation, Person

from . import services
from .models import (
    AgeBand,
    Benefit,
    CommunicationItem,
    Engagement,
    Milestone,
    Phase,
    Project,
    ProjectLink,
    Risk,
    Role,
    Stakeholder,
)
from .municipalities import resolve_municipalities

PROJECT_LEADER_LOGIN = ("prosjektleiar", "samhandling-demo")


def load() -> None:
    if not Level.objects.exists():
        return  # no structure to hang the projects on
    groups = {g.slug: g for g in PriorityGroup.objects.all()}
    orgs = {o.slug: o for o in Organisation.objects.all()}
    fup = _joint_development_plan(groups, orgs)
    lkt = _lkt(groups, orgs)
    sbu, saman, glass = _children_and_youth(groups, orgs)
    for source, target, kind, note in [
        (sbu, saman, ProjectLink.Kind.BUILDS_ON, "Tek utgangspunkt i prosjektet (sak 58/21)"),
        (sbu, glass, ProjectLink.Kind.DEPENDS_ON, "Ein av dei mest sentrale avhengigheitene"),
        (sbu, lkt, ProjectLink.Kind.RELATED_TO, "Same målgruppe: barn med langvarige behov"),
        (lkt, fup, ProjectLink.Kind.RELATED_TO, ""),
    ]:
        ProjectLink.objects.get_or_create(
            from_project=source, to_project=target, kind=kind, defaults={"note": note}
        )
    # The steering groups' decisions go on held meetings with minutes, like any committee's
    # (the meetings demo looks first, so running it again only adds what is new).
    from samhandling.meetings import demo as meetings_demo

    meetings_demo.load()


# --- helpers ------------------------------------------------------------------------------


def _person(given: str, family: str, title: str, organisation: Organisation | None) -> Person:
    from samhandling.structure.services import norwegian_slug

    person, _created = Person.objects.get_or_create(
        slug=norwegian_slug(f"{given} {family}"),
        defaults={
            "given_name": given,
            "family_name": family,
            "title": title,
            "organisation": organisation,
        },
    )
    return person


def _steering_group(slug: str, name: str, short: str, mandate: str) -> Committee:
    level = Level.objects.filter(slug="fagleg").first() or Level.objects.order_by("-order").first()
    committee, _created = Committee.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "short_name": short,
            "level": level,
            "mandate": mandate,
            "standing": False,
            "order": 90,
        },
    )
    return committee


def _decided_case(
    *,
    subject: str,
    committee: Committee,
    decided_on: datetime.date,
    text: str,
    background: str = "",
    groups=(),
) -> Decision:
    """A case before ``committee`` with its decision, made once (found by subject)."""
    treatment = (
        Treatment.objects.filter(case__subject=subject, committee=committee)
        .select_related("decision")
        .first()
    )
    if treatment is not None and hasattr(treatment, "decision"):
        return treatment.decision
    case = case_create(
        actor=None,
        subject=subject,
        kind=Case.Kind.DECISION,
        paper_date=decided_on - datetime.timedelta(days=7),
        committees=[committee],
        case_officer_unit="Samarbeidssekretariatet",
        background=background,
        proposed_resolution=text,
        priority_groups=groups,
    )
    return decision_record(
        actor=None,
        treatment=case.treatments.get(),
        outcome=Decision.Outcome.ADOPTED,
        text=text,
        decided_on=decided_on,
    )


def _roles(project: Project, rows: list[dict]) -> None:
    for order, row in enumerate(rows):
        Role.objects.create(project=project, order=order, **row)


def _milestones(project: Project, rows: list[tuple]) -> dict[str, Milestone]:
    made = {}
    for code, description, bodies, due, body_dues in rows:
        made[code] = services.milestone_save(
            actor=None,
            project=project,
            code=code,
            description=description,
            bodies_as_written=bodies,
            due_as_written=due,
            body_dues=body_dues,
        )
    return made


def _parties(orgs: dict, *slugs: str) -> list[Organisation]:
    return [orgs[s] for s in slugs if s in orgs]


# --- seed 000 and 002: the joint development plan ------------------------------------------

FUP_BACKGROUND = """Grunnen til at prosjektet vert sett i gang er ei erkjenning av at det er ønskjeleg og mogleg å utvikle samarbeidet vidare. Samarbeidet har vore svært godt både før og etter innføringa av samhandlingsreforma. Det var gjort eit godt førebuingsarbeid med utarbeidinga av «Grunnlagsdokument for samarbeid mellom Helse Bergen, Haraldsplass og dei 22 kommunane i lokalsjukehusområdet».

Konkret er planarbeidet utløyst av to tilhøve:"""
FUP_BACKGROUND_ITEMS = [
    "Ein felles prosess som har vore i samarbeidsutvala med ønskje om ein utviklingsplan som byggjer på oppdatert kunnskapsgrunnlag og utfordringsbilete.",
    "Føringer i Nasjonal helse- og sjukehusplan 2020 – 2023 og avtale mellom KS og Helse- og omsorgsdepartementet om m.a. «Helsefelleskap».",
]
FUP_CLARIFICATIONS = """I prosjektet vert det nytta to nivå av teneste. «Spesialisthelsetenesta» og «kommunal teneste». Med spesialisthelsetenesta meiner ein all spesialisthelseteneste som vert gitt i Helse Bergen sitt føretaksområde av Helse Bergen eller etter avtale med Helse Vest. Til dømes: Haraldsplass diakonale sjukehus, Betanien Sjukehus, Olaviken og DPS'ane. I kommunane er det i hovudsak kommunale tenester, men nokre kommunar har også avtale med andre aktørar som utfører teneste etter avtale med kommunen. Desse vert då rekna under kommunal teneste. Dette gjeld også fastlegar og fysioterapeutar."""
FUP_MAIN_GOAL = """Utarbeide ein felles utviklingsplan for samarbeid og samhandling mellom kommunane og spesialisthelsetenesta i Helse Bergen sitt føretaksområde.

Det vert sett som mål at denne planen skal leverast til endeleg handsaming i samarbeidsutvala i desember 2020, og signerast på Toppleiarmøtet i 2021."""
FUP_SUB_GOALS = [
    "Utviklingsplan skal peike ut ønskja utvikling/retning for samarbeid/samhandling og kva strategiar og tiltak som er nødvendige for å møte framtidens utfordringar og behov.",
    "Planen skal mellom anna utgreie og foreslå tiltak knytt til områda: overordna strategisk grunnlag; struktur og organisering; kompetanse; heilskaplege tenester; samhandlingsleiing og -kultur; brukarmedverknad",
]
FUP_BENEFITS = {
    "patients": [
        "Betre samspel mellom ulike delar og aktørar i behandlinga",
        "Meir heilskapleg behandling.",
        "Betre kompetanse i behandlinga hjå ulike delar og aktørar i behandlinga.",
        "Betre brukarmedverknad i heile behandlinga.",
        "Mindre oppleving av å vere i rolla som «mellommann» mellom ulike delar og aktørar i behandlinga.",
    ],
    "employees": [
        "Meir avklara og tydlegare system for samarbeid / samhandling.",
        "Betre klima og meir forståing for samarbeid / samhandling.",
        "Betre kompetansedeling",
        "Betre informasjon og dialog om brukarar og behandling.",
        "Meir høve til direkte påverknad på utvikling av gode løysingar for samarbeid / samhandling både i høve system og brukarane.",
    ],
    "organisations": [
        "Felles strategisk grunnlag for samarbeid / samhandling i føretaksområdet.",
        "Mindre ressursbruk samla ved mindre fokus på grensesetting og meir fokus på samla kostnad.",
        "Meir handlekraft i arbeidet med å etablere løysingar og system.",
        "Betre kompetanseutvikling samla i spesialisthelsetenesta og i kommunane.",
        "Mindre ressursbruk til handtering av konfliktar mellom ulike partar og aktørar.",
    ],
    "all_levels": "Saman møte utviklinga innan digitalisering og velferdsteknologi og på den måten auke og gi betre pasientsikkerheit, oppfølging og brukarmedverknad.",
}
FUP_INTERIM = [
    "Løypemelding – statusrapport i AK møte",
    "Løypemelding – statusrapport i SU møte",
    "Prosjektdirektiv (vers 1.1 lagt fram no, seinare evt. endringar)",
    "Plan for Milepælar / framdrift (vers 1 lagt fram no, seinare evt. endringar)",
    "Interessentanalyse",
    "Risikovurdering",
    "Kommunikasjonsplan",
]
FUP_STAKEHOLDERS = """Det er fire partar / hovudinteressentar. Det som kjenneteiknar interessentane i dette prosjektet er stor grad av sprik i konformitet. Dette gjeld både mellom dei ulike partane og i gruppene av partar. Juridisk står til dømes kvar av kommunane likt, men det er svært stor skilnad mellom dei minste kommunane og den største Bergen kommune.

For kommunane er det i hovudsak politisk leiing, administrativ leiing og fagleg / drifts leiing. For helseføretaket og sjukehusa styret, administrativ leiing og fagleg / drifts leiing. For brukarane brukarutvalet og brukarorganisasjonar. I tillegg må andre relevante offentlege og private/ideelle aktørar involverast, særleg fastlegar og institusjonar i opptaksområdet."""
FUP_STAKEHOLDER_ITEMS = [
    "Brukarane",
    "Spesialisthelsetenesta – Helse Bergen",
    "Spesialisthelsetenesta – private ideelle institusjonar",
    "Kommunane i opptaksområdet",
]
FUP_MILESTONE_TEXT = """Prosjektleiar vil gjennomføre dialog med politisk, administrativ og fagleg leiing hjå alle interessentane. Prosjektleiar bør rådføre seg med medlemmer i styringsgruppa før ein har dialog i einskilde kommunar som t.d. Bergen grunna kompleksitet og ulike nivå. Det er avgjerande for prosjektet at det vert ein god balanse, med ivaretaking og dialogen, med alle partar."""
FUP_MILESTONES = [
    (
        "M1",
        "Drøfting av prosjektdirektiv vers 1.0. Drøfting av framdriftsplan og prosess.",
        "AK / Styringsgruppa",
        "29.04.20",
        [],
    ),
    (
        "M2",
        "Drøfting og gjennomgang av prosjektdirektiv",
        "Alle SU / SR",
        "20.05.20",
        [
            ("SR Voss", "14.05.20"),
            ("SU Nordh.", "15.05.20"),
            ("SU Bergensreg", "20.05.20"),
            ("SU Bergen", "20.05.20"),
        ],
    ),
    ("M3", "Handsaming av prosjektdirektivet", "Styringsgruppa", "11.06.20", []),
    (
        "M4",
        "Drøfting og gjennomgang av utviklingstema, modellar / løysingar og endringsframlegg",
        "Alle SU / SR",
        "Veke 38",
        [],
    ),
    (
        "M5",
        "Gjennomgang av utviklingstema med modellar/løysingar",
        "Felles møte for alle SU / SR",
        "",
        [],
    ),
    ("M6", "Førebels plan vert lagt fram til drøfting", "Alle SU / SR", "Veke 50", []),
    (
        "M7",
        "Handsaming av framlegg til utviklingsplan som vert lagt fram for Toppleiarmøtet",
        "Styringsgruppa",
        "Veke 1",
        [],
    ),
    (
        "M8",
        "Framlegg til utviklingsplan vert drøfta i Toppleiarmøtet",
        "Toppleiarmøtet",
        "Veke 2 eller 3",
        [],
    ),
    ("M9", "Endeleg framlegg til plan vert handsama", "Alle SU / SR", "", []),
    ("M10", "Endeleg framlegg til plan vert handsama", "Styringsgruppa", "", []),
    ("M11", "Plan vert sendt til handsaming hjå partane", "Partane", "", []),
    ("M12", "Signering av plan", "Partane", "", []),
]


def _fup_sections() -> dict:
    def text(value: str = "", items=(), not_defined: bool = False) -> dict:
        return {"text": value, "items": list(items), "not_defined": not_defined}

    return {
        "background": text(FUP_BACKGROUND, FUP_BACKGROUND_ITEMS),
        "clarifications": text(FUP_CLARIFICATIONS),
        "main_goal": text(FUP_MAIN_GOAL),
        "sub_goals": text(items=FUP_SUB_GOALS),
        "benefits": {"text": "", "items": [], "not_defined": False, **FUP_BENEFITS},
        "necessary_changes": text("Dette vert ikkje definert no.", not_defined=True),
        "deliverables_final": text(
            items=[
                "Felles utviklingsplan for samarbeid og samhandling mellom kommunane og "
                "spesialisthelsetenesta i Helse Bergen sitt opptaksområde."
            ]
        ),
        "deliverables_interim": text(items=FUP_INTERIM),
        "scope_and_dependencies": text("Ikkje definert til no.", not_defined=True),
        "stakeholders": text(FUP_STAKEHOLDERS, FUP_STAKEHOLDER_ITEMS),
        "milestones": {"text": FUP_MILESTONE_TEXT, "items": [], "not_defined": False, "rows": []},
    }


def _joint_development_plan(groups: dict, orgs: dict) -> Project:
    helse_bergen = orgs.get("helse-bergen")
    project, _created = Project.objects.update_or_create(
        slug="felles-utviklingsplan",
        defaults={
            "name": "Felles utviklingsplan for samarbeid og samhandling",
            "purpose": "Utarbeide ein felles utviklingsplan for samarbeid og samhandling mellom "
            "kommunane og spesialisthelsetenesta i Helse Bergen sitt føretaksområde.",
            "goals": "\n".join([*FUP_SUB_GOALS, "Svare ut tinginga knytt til «Helsefellesskap»"]),
            "status": Project.Status.IN_PROGRESS,
            "starts_on": datetime.date(2020, 4, 1),
            "ends_on": datetime.date(2021, 6, 30),
            "owner_as_written": "Samarbeidsutvala i Helse Bergen sitt føretaksområde",
        },
    )
    if project.milestones.exists():
        return project
    steering = _steering_group(
        "styringsgruppa-utviklingsplan",
        "Styringsgruppa for felles utviklingsplan",
        "SG utviklingsplan",
        "Administrativt kontaktmøte supplert med brukarrepresentant. Styrer prosjektet «Felles "
        "utviklingsplan for samarbeid og samhandling» på vegner av samarbeidsutvala.",
    )
    project.steering_group = steering
    project.save(update_fields=["steering_group"])
    project.owner_committees.set(Committee.objects.filter(standing=True, area__isnull=False))
    project.parties.set(Organisation.objects.filter(is_party=True))
    project.areas.set(Area.objects.all())
    leader = _person("Oddny", "Vikøren", "Prosjektleiar", helse_bergen)
    director = _person("Randi", "Lyngstad", "Viseadministrerande direktør", helse_bergen)
    _roles(
        project,
        [
            {
                "kind": Role.Kind.OWNER,
                "holder_as_written": "Samarbeidsutvala i Helse Bergen sitt føretaksområde.",
            },
            {"kind": Role.Kind.STEERING_GROUP_LEADER, "person": director},
            {
                "kind": Role.Kind.STEERING_GROUP,
                "committee": steering,
                "holder_as_written": "Administrativt kontaktmøte supplert med brukarrepresentant",
            },
            {"kind": Role.Kind.PROJECT_LEADER, "person": leader},
            {
                "kind": Role.Kind.REFERENCE_GROUP,
                "organisation": orgs.get("samarbeidssekretariatet"),
                "holder_as_written": "Samarbeidssekretariatet",
            },
            {
                "kind": Role.Kind.WORK_GROUP,
                "topic": "Organisering av, og rolle og funksjon til, toppleiarmøtet",
                "appointed_later": True,
                "holder_as_written": "Oppnemnt seinare",
            },
            {
                "kind": Role.Kind.WORK_GROUP,
                "topic": "Organisering av, og rolle, mynde og funksjon til, SU",
                "appointed_later": True,
                "holder_as_written": "Oppnemnt seinare",
            },
            {
                "kind": Role.Kind.WORK_GROUP,
                "topic": "Organisering / oppdeling av, og rolle og funksjon til, fagleg samarbeid",
                "appointed_later": True,
                "holder_as_written": "Oppnemnt seinare",
            },
        ],
    )
    milestones = _milestones(project, FUP_MILESTONES)
    for code, done in [("M1", "29.04.20"), ("M2", "20.05.20")]:
        day, month, year = (int(p) for p in done.split("."))
        milestones[code].done_on = datetime.date(2000 + year, month, day)
        milestones[code].save(update_fields=["done_on"])
    # M3: the steering group's treatment of the directive; 1.1 was approved on 19.08.2020.
    approval = _decided_case(
        subject="Prosjektdirektiv – Felles utviklingsplan for samarbeid og samhandling, versjon 1.1",
        committee=steering,
        decided_on=datetime.date(2020, 8, 19),
        text="<p>Styringsgruppa godkjenner prosjektdirektivet versjon 1.1.</p>",
    )
    milestones["M3"].completed_by_treatment = approval.treatment
    milestones["M3"].note = "Handsama 11.06.20; versjon 1.1 godkjend 19.08.2020."
    milestones["M3"].save(update_fields=["completed_by_treatment", "note"])
    project.cases.add(approval.treatment.case)
    # M12: done when every party has signed the plan (some have, in this demo).
    milestones["M12"].completed_by_recommendation = _signing(orgs)
    milestones["M12"].save(update_fields=["completed_by_recommendation"])
    project.cases.add(milestones["M12"].completed_by_recommendation.decision.treatment.case)
    # Directive 1.0 (discussed at M1), 1.1 (approved), 1.2 (a draft with seed 002's additions).
    v10_sections = _fup_sections()
    v10_sections["deliverables_interim"]["items"] = [
        item for item in FUP_INTERIM if "SU møte" not in item
    ]
    v10 = services.directive_version_create(actor=None, project=project, version="1.0")
    services.directive_version_update(actor=None, version=v10, sections=v10_sections)
    v10.frozen = True  # superseded by 1.1 without an approval of its own
    v10.save(update_fields=["frozen"])
    v11 = services.directive_version_create(
        actor=None, project=project, version="1.1", based_on=v10
    )
    services.directive_version_update(actor=None, version=v11, sections=_fup_sections())
    services.directive_version_approve(
        actor=None,
        version=v11,
        approved_on=datetime.date(2020, 8, 19),
        approved_by="Styringsgruppa",
        decision=approval,
    )
    v12 = services.directive_version_create(
        actor=None, project=project, version="1.2", based_on=v11
    )
    sections = _fup_sections()
    sections["sub_goals"]["items"].append("Svare ut tinginga knytt til «Helsefellesskap»")
    sections["background"]["text"] += (
        "\n\nProsjektet vert gjennomført etter endringsmetodikk: innspel og dialogmøte, "
        "arbeidsgrupper og drøfting, analysearbeid."
    )
    services.directive_version_update(actor=None, version=v12, sections=sections)
    # Benefits (seed 000's table) and the follow-up the directive lists as deliverables.
    order = 0
    for beneficiary, key in [
        (Benefit.Beneficiary.PATIENTS, "patients"),
        (Benefit.Beneficiary.EMPLOYEES, "employees"),
        (Benefit.Beneficiary.ORGANISATIONS, "organisations"),
    ]:
        for text in FUP_BENEFITS[key]:
            Benefit.objects.create(
                project=project, beneficiary=beneficiary, description=text, order=order
            )
            order += 1
    Benefit.objects.create(
        project=project,
        beneficiary=Benefit.Beneficiary.ALL,
        description=FUP_BENEFITS["all_levels"],
        order=order,
    )
    for order, (name, interest, influence, need) in enumerate(
        [
            ("Brukarane", 3, 2, "Informasjon og medverknad gjennom brukarutvala"),
            (
                "Spesialisthelsetenesta – Helse Bergen",
                3,
                3,
                "Løypemeldingar og dialogmøte på fleire nivå",
            ),
            ("Private ideelle institusjonar", 2, 2, "Innspelrunde i eigen organisasjon"),
            (
                "Kommunane i opptaksområdet",
                3,
                3,
                "Dialog med politisk, administrativ og fagleg leiing",
            ),
            ("Fastlegane", 2, 1, "Dialog/innspelmøte med fastlegerepresentantar"),
        ]
    ):
        Stakeholder.objects.create(
            project=project,
            name=name,
            interest=interest,
            influence=influence,
            information_need=need,
            order=order,
        )
    for code, description, probability, consequence, measures in [
        (
            "R1",
            "Sprik mellom små kommunar og Bergen gjer det vanskeleg å semjast",
            4,
            4,
            "Rådføring med styringsgruppa før dialog i einskilde kommunar",
        ),
        ("R2", "Koronapandemien avgrensar dialogmøte", 4, 3, "Digitale innspelmøte"),
        (
            "R3",
            "Partane signerer ikkje planen",
            2,
            5,
            "Tidleg forankring i alle SU/SR og Toppleiarmøtet",
        ),
    ]:
        Risk.objects.create(
            project=project,
            code=code,
            description=description,
            probability=probability,
            consequence=consequence,
            measures=measures,
            owner="Prosjektleiar",
        )
    for order, (audience, message, channel, when) in enumerate(
        [
            ("Administrativt kontaktmøte", "Løypemelding – status og vegval", "Møte", "Kvar månad"),
            (
                "Samarbeidsutvala",
                "Løypemelding – statusrapport",
                "Sak til SU-møte",
                "Veke 38 og veke 50",
            ),
            (
                "Toppleiarmøtet",
                "Framlegg til utviklingsplan",
                "Sak og presentasjon",
                "Veke 2 eller 3",
            ),
        ]
    ):
        CommunicationItem.objects.create(
            project=project,
            audience=audience,
            message=message,
            channel=channel,
            when=when,
            responsible="Prosjektleiar",
            order=order,
        )
    for kind, with_whom in [
        (Engagement.Kind.DIALOGUE, "Dialog/innspelmøte med kommunane"),
        (Engagement.Kind.DIALOGUE, "Dialog/innspelmøte med brukarutval"),
        (Engagement.Kind.SURVEY, "Spørjeundersøking på fleire nivå i Helse Bergen"),
        (Engagement.Kind.DIALOGUE, "Innspelrunde i Haraldsplass diakonale sjukehus"),
        (Engagement.Kind.DIALOGUE, "Dialog/innspelmøte med fastlegerepresentantar"),
        (Engagement.Kind.WORK_GROUP, "Tre arbeidsgrupper etablert"),
    ]:
        Engagement.objects.create(
            project=project, kind=kind, with_whom=with_whom, when_as_written="2020"
        )
    services.status_report_create(
        actor=None,
        project=project,
        title="Løypemelding til AK-møtet",
        written_on=datetime.date(2020, 9, 10),
        progress="Dialog- og innspelmøte med kommunane, brukarutvala, Helse Bergen og dei private "
        "ideelle institusjonane er gjennomførte. Tre arbeidsgrupper er etablerte.",
        deviations="Nokre dialogmøte vart flytta til digitale flater.",
        next_steps="Drøfting av utviklingstema i alle SU / SR i veke 38.",
    )
    _project_leader_login(leader)
    return project


def _signing(orgs: dict):
    """The partnership meeting's recommendation that every party signs the plan (M12)."""
    partnership = (
        Committee.objects.filter(slug="partnarskapsmotet").first() or Committee.objects.first()
    )
    decision = _decided_case(
        subject="Felles utviklingsplan for samarbeid og samhandling – signering hjå partane",
        committee=partnership,
        decided_on=datetime.date(2021, 3, 12),
        text="<p>Toppleiarmøtet sluttar seg til felles utviklingsplan og tilrår partane å "
        "signere planen.</p>",
    )
    recommendation = decision.recommendations.first()
    if recommendation is not None:
        return recommendation
    recommendation = recommendation_create(
        actor=None,
        decision=decision,
        text="Partane signerer felles utviklingsplan for samarbeid og samhandling.",
        parties=Organisation.objects.filter(is_party=True),
        requires_signature=True,
    )
    # Two parties have signed in the demo; the milestone waits for the rest.
    for adoption in recommendation.adoptions.select_related("party").order_by("party__name")[:2]:
        adoption_register(
            actor=None,
            adoption=adoption,
            status="adopted",
            deciding_body="Kommunestyret" if adoption.party.kind == "municipality" else "Styret",
            decided_on=datetime.date(2021, 4, 20),
            reference="",
            changes="",
        )
        adoption_sign(
            actor=None,
            adoption=adoption,
            signed_on=datetime.date(2021, 5, 3),
            signed_by="Leiar (fiktiv)",
        )
    return recommendation


def demo_logins() -> list[tuple[str, str, str]]:
    """The logins this part of the demo made, for ``samhandling demo`` to print."""
    username, password = PROJECT_LEADER_LOGIN
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return []
    return [(username, password, f"{user.get_full_name()}: project leader")]


def _project_leader_login(person: Person) -> None:
    """A demo login for the project leader, who may keep milestones and write status reports."""
    username, password = PROJECT_LEADER_LOGIN
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username,
        defaults={"first_name": person.given_name, "last_name": person.family_name},
    )
    if created:
        user.set_password(password)
    user.person = person
    user.save()


# --- seed 003: LKT --------------------------------------------------------------------------

LKT_PHASES = [
    (
        "Prosjektorganisering og samskaping av direktiv",
        "2016",
        [
            "Etablere prosjektorganisasjon med utgangspunkt i samhandlingsstrukturen",
            "Forankre prosjekt i samhandlingsstruktur og felles handlingsplan 2015/2016",
            "Samskrive direktiv og få dette godkjent i styringsgruppa",
        ],
    ),
    (
        "Datainnsamling",
        "2017",
        [
            "Gjennomføre systematisk litteratursøk",
            "Justere direktiv og få dette godkjent i styringsgruppa",
            "Avgrense målgruppe for datainnsamling",
            "Feltarbeid: følgje pasientar i valde alderskategoriar og kommunar gjennom møte med aktørar i spesialisthelseteneste og kommune; intervju/samtalar med pasientar og pårørande, fokusgruppeintervju med leiarar og tenesteytarar",
        ],
    ),
    (
        "Analyse og utforming av modell/rammeverk",
        "jan–mai 2018",
        [
            "Den totale datafangsten skal samanstillast og analyse gjennomførast",
            "Utforme forslag til overordna og forpliktande rammeverk",
        ],
    ),
    (
        "Pilot",
        "aug 2018–des 2019",
        [
            "Planlegge, dimensjonere og gjennomføre pilot",
            "Finne eigna kvalitetsindikatorar/effektmål (erfaringsundersøkingar, feltobservasjonar, intervju)",
        ],
    ),
    ("Evaluering og implementering", "2020", ["Evaluere, justere og foreslå implementering"]),
]

LKT_DECISION = """<ol>
<li>Styringsgruppen støtter kjerneteamets forslag til ressursfordeling slik det er presentert i saksnotat – Budsjett og forslag til fordeling av kostnader – 2018/2019 (vedlagt).</li>
<li>Styringsgruppen anbefaler at kostnader som per i dag ikke er finansiert fordeles mellom alle involverte kommuner og sykehus. Det anbefales videre at fordelingen mellom kommunene gjøres etter samme fordelingsnøkkel som er brukt ved frikjøp av kommunal ressurs i kjerneteamet; (50 % Bergen kommune og 50 % fordelt etter folketall i de andre samarbeidskommunene).</li>
<li>Styringsgruppen ber kjerneteamet legge frem sak til Samarbeidsutvalgene med styringsgruppens beslutninger om gjennomføring av pilot, endret ressursbehov og anbefaling for fordeling av kostnader. Samarbeidsutvalgene må vurdere modell for finansiering.</li>
</ol>"""


def _lkt(groups: dict, orgs: dict) -> Project:
    municipalities = resolve_municipalities(["Bergen", "Os", "Lindås"])
    project, _created = Project.objects.update_or_create(
        slug="lkt",
        defaults={
            "name": "Langvarige og koordinerte tenester (LKT)",
            "purpose": "Pasientar med behov for langvarige og koordinerte tenester skal oppleve "
            "tryggleik, kvalitet og eigenmeistring i møte med helsetenesta.",
            "goals": "Utarbeide eit overordna rammeverk som gir sentrale føringar for og "
            "understøttar likeverdig samarbeid mellom pasientar, pårørande og relevante aktørar i "
            "kommune og spesialisthelseteneste\nBidra til at anbefalt rammeverk blir implementert "
            "og operasjonalisert etter prosjektperioden",
            "status": Project.Status.IN_PROGRESS,
            "starts_on": datetime.date(2016, 1, 1),
            "ends_on": datetime.date(2020, 12, 31),
            "owner_as_written": "Samarbeidsutvala i Helse Bergen sitt føretaksområde",
            "age_bands": [AgeBand.CHILDREN.value, AgeBand.ELDERLY.value],
            "target_as_written": "Barn (0–18) og eldre (over 67) busette i kommunane Bergen, Os og "
            "Lindås; grupper med liknande behov for samordning",
            "lkt_complexity": ["medium", "high"],
            "lkt_capacity": ["low", "medium"],
        },
    )
    if project.phases.exists():
        return project
    steering = _steering_group(
        "styringsgruppa-lkt",
        "Styringsgruppa for LKT-prosjektet",
        "SG LKT",
        "Styrer prosjektet Langvarige og koordinerte tenester (LKT) på vegner av samarbeidsutvala.",
    )
    project.steering_group = steering
    project.save(update_fields=["steering_group"])
    project.owner_committees.set(Committee.objects.filter(standing=True, area__isnull=False))
    project.target_municipalities.set(municipalities)
    project.priority_groups.set(
        [
            groups[s]
            for s in ("barn-og-unge", "skropelege-eldre", "fleire-kroniske-lidingar")
            if s in groups
        ]
    )
    project.parties.set(_parties(orgs, "helse-bergen", "haraldsplass") + list(municipalities))
    project.areas.set(Area.objects.filter(slug__in=["bergen", "bergensregionen", "nordhordland"]))
    phases = []
    for order, (name, period, activities) in enumerate(LKT_PHASES, start=1):
        due = services.read_due(period, after=datetime.date(2016, 1, 1))
        phases.append(
            Phase.objects.create(
                project=project,
                order=order,
                name=name,
                period_as_written=period,
                activities="\n".join(activities),
                starts_on=due.start,
                ends_on=due.end,
            )
        )
    helse_bergen = orgs.get("helse-bergen")
    _roles(
        project,
        [
            {"kind": Role.Kind.OWNER, "holder_as_written": "Dei fire samarbeidsutvala"},
            {"kind": Role.Kind.STEERING_GROUP, "committee": steering},
            {
                "kind": Role.Kind.PROJECT_LEADER,
                "person": _person("Solveig", "Haugsdal", "Prosjektleiar", helse_bergen),
            },
            {
                "kind": Role.Kind.CORE_TEAM,
                "holder_as_written": "Kjerneteamet: frikjøpt kommunal ressurs (50 % Bergen kommune, 50 % dei andre samarbeidskommunane) og ressurs frå sjukehusa",
                "competence_and_resources": "Kunnskapsgrunnlag, feltarbeid og analyse",
            },
            {
                "kind": Role.Kind.WORK_GROUP,
                "topic": "Tverrfagleg samansett, supplert med erfaring frå lokale praksisfelt i kommunar og sjukehus",
                "holder_as_written": "Lokale fagmiljø i kommunar og sjukehus",
            },
        ],
    )
    decision = _decided_case(
        subject="LKT – budsjett og forslag til fordeling av kostnader for pilot 2018–2019",
        committee=steering,
        decided_on=datetime.date(2018, 5, 25),
        text=LKT_DECISION,
        background="<p>Kjerneteamet har med utgangspunkt i råd frå styringsgruppa utarbeidd "
        "oversikt med tentative ressursbehov i sjukehus og kommunar for planlegging og "
        "gjennomføring av prosjektets piloteringsfase.</p>",
        groups=project.priority_groups.all(),
    )
    project.cases.add(decision.treatment.case)
    su_case = Case.objects.filter(subject__startswith="LKT-prosjektet").first()
    if su_case is not None:
        project.cases.add(su_case)
    milestones = _milestones(
        project,
        [
            ("M1", "Direktiv samskrive og godkjent i styringsgruppa", "Styringsgruppa", "2016", []),
            (
                "M2",
                "Rammeverk skissert; styringsgruppa handsamar budsjett for pilot",
                "Styringsgruppa",
                "25.05.18",
                [],
            ),
            (
                "M3",
                "Samarbeidsutvala sluttar seg til vidareføring etter direktiv versjon 1.7",
                "Alle SU",
                "juni 2018",
                [],
            ),
            ("M4", "Pilot gjennomført", "Kjerneteamet", "des 2019", []),
            ("M5", "Evaluering og forslag til implementering", "Styringsgruppa", "2020", []),
        ],
    )
    for code, phase in [("M1", 0), ("M2", 2), ("M3", 2), ("M4", 3), ("M5", 4)]:
        milestones[code].phase = phases[phase]
        milestones[code].save(update_fields=["phase"])
    # The directive was approved (seed 003); the day is not in the seeds.
    milestones["M1"].done_on = datetime.date(2016, 12, 31)
    milestones["M1"].note = "Godkjend av samarbeidsutvala (datoen er anslått i demoen)."
    milestones["M1"].save(update_fields=["done_on", "note"])
    milestones["M2"].completed_by_treatment = decision.treatment
    milestones["M2"].save(update_fields=["completed_by_treatment"])
    su_treatment = (
        Treatment.objects.filter(case=su_case).select_related("decision").first()
        if su_case
        else None
    )
    if su_treatment is not None:
        milestones["M3"].completed_by_treatment = su_treatment
        milestones["M3"].save(update_fields=["completed_by_treatment"])
    v17 = services.directive_version_create(actor=None, project=project, version="1.7")
    services.directive_version_update(
        actor=None,
        version=v17,
        sections={
            "background": {
                "text": "Kommunar og sjukehus i Helse Bergen HF sitt føretaksområde har gjennom dei fire samarbeidsutvala slutta seg til gjennomføring av prosjekt Langvarige og koordinerte tenester (LKT-prosjektet).",
                "items": [],
                "not_defined": False,
            },
            "main_goal": {"text": project.purpose, "items": [], "not_defined": False},
            "sub_goals": {"text": "", "items": project.goal_list, "not_defined": False},
            "stakeholders": {
                "text": "Avgrensing av målgruppe etter to dimensjonar: A. Kompleksitet i samordninga; B. Den enkeltes føresetnader for å vere aktiv og medskapande i eigen omsorg. Barn (0–18) og eldre (over 67) busette i Bergen, Os og Lindås.",
                "items": [],
                "not_defined": False,
            },
        },
    )
    Benefit.objects.create(
        project=project,
        beneficiary=Benefit.Beneficiary.PATIENTS,
        description="Pasientar opplever tryggleik, kvalitet og eigenmeistring",
        measured_by="erfaringsundersøkingar, feltobservasjonar, intervju",
        unit="%",
        baseline=52,
        target=75,
        measured=64,
        figures_invented=True,
    )
    Risk.objects.create(
        project=project,
        code="R1",
        description="For lite brei involvering frå kommunar og sjukehus i piloten",
        probability=3,
        consequence=4,
        measures="Kostnader fordelte på alle partar som har ein aksje",
        owner="Styringsgruppa",
    )
    Engagement.objects.create(
        project=project,
        kind=Engagement.Kind.FIELD_WORK,
        with_whom="Pasientar og pårørande i Bergen, Os og Lindås",
        when_as_written="2017",
        summary="Feltarbeid: korleis dagens samarbeid mellom pasientar, pårørande og tenester føregår",
    )
    return project


# --- seed 004: children and youth ------------------------------------------------------------


def _children_and_youth(groups: dict, orgs: dict) -> tuple[Project, Project, Project]:
    helse_bergen = orgs.get("helse-bergen")
    bergen = orgs.get("bergen")
    children = [groups["barn-og-unge"]] if "barn-og-unge" in groups else []
    saman, created = Project.objects.update_or_create(
        slug="saman-for-barn-og-unge",
        defaults={
            "name": "Saman for Barn og Unge",
            "purpose": "Bergen kommune og Helse Bergen jobbar saman om meir heilskaplege og betre "
            "koordinerte tenester og forløp for barn og unge.",
            "status": Project.Status.PLANNING,
            "starts_on": datetime.date(2021, 6, 1),
            "owner_as_written": "Bergen kommune og Helse Bergen",
            "age_bands": [AgeBand.CHILDREN.value],
            "target_as_written": "Barn og unge i Bergen",
        },
    )
    if created:
        saman.priority_groups.set(children)
        saman.parties.set(_parties(orgs, "helse-bergen", "bergen"))
        saman.target_municipalities.set([bergen] if bergen else [])
        saman.areas.set(Area.objects.filter(slug="bergen"))
    glass, created = Project.objects.update_or_create(
        slug="glasblokkene",
        defaults={
            "name": "Glasblokkene – organisasjonsutvikling for nytt barne- og ungdomssjukehus",
            "purpose": "Organisasjonsutviklingsprosjekt parallelt med byggeprosjektet for det nye "
            "sjukehusbygget for barn og unge i Helse Bergen, som skal takast i bruk i 2023: "
            "«eksperten skal komme til barnet». Betre samanheng og meir koordinerte forløp for barn "
            "og unge på sjukehuset, analyser av pasientforløp og pasientgrunnlag.",
            "status": Project.Status.IN_PROGRESS,
            "starts_on": datetime.date(2018, 1, 1),
            "ends_on": datetime.date(2023, 12, 31),
            "owner_organisation": helse_bergen,
            "age_bands": [AgeBand.CHILDREN.value],
            "target_as_written": "Barn og unge som får tenester i sjukehuset",
        },
    )
    if created:
        glass.priority_groups.set(children)
        glass.parties.set(_parties(orgs, "helse-bergen"))
    sbu, _created = Project.objects.update_or_create(
        slug="samhandlingsforlop-barn-og-unge",
        defaults={
            "name": "Samhandlingsforløp barn og unge",
            "purpose": "Betre samanheng og koordinering av tenestetilbodet for barn og unge, både "
            "innan tenesteområde og mellom tenestenivå; betre samhandling og overgangar mellom "
            "sjukehus, andre helsetenester og daglegliv.",
            "goals": "Oversikt over aktørar, pågåande og gjennomført aktivitet\nAnalyse av "
            "pasientforløp for barn og unge\nSamle erfaringar og kunnskap om arbeidsmåtar og "
            "modellar frå relevante prosjekt\nForeslå konkrete grep, pilotere dei og oppsummere "
            "erfaringane",
            "status": Project.Status.PLANNING,
            "starts_on": datetime.date(2021, 12, 9),
            "owner_organisation": helse_bergen,
            "owner_unit": "Seksjon for samhandling",
            "age_bands": [AgeBand.CHILDREN.value],
            "target_as_written": "Barn og unge med behov for koordinerte tenester",
        },
    )
    if sbu.phases.exists():
        return sbu, saman, glass
    sbu.priority_groups.set(children)
    sbu.parties.set(_parties(orgs, "helse-bergen", "bergen"))
    sbu.target_municipalities.set([bergen] if bergen else [])
    case = Case.objects.filter(year=2021, sequence=58).first()
    if case is not None:
        sbu.cases.add(case)
    for order, (name, activities) in enumerate(
        [
            ("Oversikt", "Oversikt over aktørar\nPågåande og gjennomført aktivitet"),
            (
                "Analyse av pasientforløp",
                "Sjå på analysane frå planlegginga av «Glasblokkene» på nytt, oppdatere og utvide dei\nUndersøke potensialet for å betre samhandlinga",
            ),
            (
                "Erfaringar frå andre prosjekt",
                "Samle erfaring frå andre prosjekt og initiativ for barn og unge, m.a. «Saman for Barn og Unge»\nOppsummere arbeidsmåtar og modellar",
            ),
            ("Tiltak og pilot", "Foreslå konkrete grep\nPilotere\nOppsummere erfaringane"),
        ],
        start=1,
    ):
        Phase.objects.create(project=sbu, order=order, name=name, activities=activities)
    _roles(
        sbu,
        [
            {
                "kind": Role.Kind.OWNER,
                "organisation": helse_bergen,
                "holder_as_written": "Helse Bergen, Seksjon for samhandling",
            },
            {
                "kind": Role.Kind.PROJECT_LEADER,
                "person": _person("Sindre", "Ølsnes", "Seniorrådgjevar", helse_bergen),
            },
            {
                "kind": Role.Kind.REFERENCE_GROUP,
                "appointed_later": True,
                "holder_as_written": "Representantar frå samhandlingsstrukturen (oppnemnt seinare)",
            },
        ],
    )
    Engagement.objects.create(
        project=sbu,
        kind=Engagement.Kind.DIALOGUE,
        with_whom="Samarbeidsutvala (orientering, sak 58/21)",
        held_on=datetime.date(2021, 12, 9),
        summary="Invitasjon til innspel om samarbeidsformer og prosjektkoplingar",
    )
    CommunicationItem.objects.create(
        project=sbu,
        audience="Samhandlingsstrukturen",
        message="Informere og invitere til innspel og samarbeid",
        channel="Sak til samarbeidsutvala; innspelsmøte",
        when="des 21",
        responsible="Seksjon for samhandling",
    )
    return sbu, saman, glass
