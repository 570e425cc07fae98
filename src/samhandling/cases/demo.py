"""This context's part of the demo dataset; `samhandling demo` calls `load()`.

The cases of the seeds, on the committees of their time: seed 003's LKT proposal (2018) to
Samarbeidsutvalet for Nordhordland with its recommendation to the municipalities of 2018;
seed 001's process for the helsefellesskap (May 2021, adopted in 3 of 4 samarbeidsutval) and
its late-2021 status paper with the «Fremdriftsplan»; seed 002's proposal to split the
top-leader meeting into a «Toppleiarsamling» and a «Partnarskapsmøte»; seed 004 as case 58/21;
the new agreement of 2022; and a handful of other cases.

The municipalities, hospitals and committees are real, so every fact the demo shows about them
comes from a seed or is marked as illustration (``is_illustration`` on the case, decision or
adoption; the pages label it «Illustrasjon – ikkje frå kjeldene»): the committees' decisions
and the parties' answers are in no source, so they are all illustration. Case officers are
fictional people. Everything goes through the services, so the audit log and the search index
see the demo like any other data.

It runs after the structure's demo and finds committees by level, area and succession, not by
guessing names. The meetings' demo runs after this one and puts the treatments on agendas.
"""

import datetime
import io

from django.db.models import Q
from django.utils import timezone

from samhandling.core.access import Access
from samhandling.structure.models import Committee, Membership, Organisation, Person

from .models import Adoption, Case, CaseNumberSequence, Decision, PriorityGroup
from .priority_groups import priority_groups_ensure
from .services import (
    PartyScope,
    ProposalInput,
    adoption_register,
    adoption_sign,
    attachment_add,
    case_create,
    case_forward,
    decision_record,
    progress_plan_entry_save,
    recommendation_create,
    recommendation_parties,
)

SEED_004_INTRODUCTION = """Det pågår ei rekke prosjekt og initiativ for å skape meir heilskaplege og betre koordinerte tenester for barn og unge. Slikt arbeid er i gang internt hjå partane i samarbeidsstrukturen, mellom partane, og andre stader i landet. I Helse Bergen har me sett behov for å få ei betre oversikt over aktivitetane på dette området, for å utvikle arbeidet vårt både internt og i samhandlinga. Helse Bergen har difor tatt initiativ til eit prosjekt som i første omgang skal jobbe med interne pågåande prosessar med relevans for samhandling. I den vidare utviklinga er det sterkt ønskjeleg med breitt samarbeid. Prosjektet er difor internt forankra i Seksjon for samhandling, og me har bedt om å få orientere samarbeidsstrukturen om prosjektet i tidleg fase. Gjennom dette ønskjer me å legge grunnlag for innspel, å identifisere moglege prosjektkoplingar og for å kunne invitere til samarbeid i den vidare prosjektutviklinga etterkvart."""

SEED_004_BACKGROUND = """Behov og påtrykk for betre samanheng og koordinering av tenestetilbodet for barn og unge kjem til uttrykk i både offentlige utgreingar, tilsyns- og forskingsrapportar, brukartilbakemeldingar med meir. Behova for forbetring gjeld både innan tenesteområde, og mellom tenestenivå.

Det nye sjukehusbygget for barn og unge i Helse Bergen («Glasblokkene») skal tas i bruk i 2023. Grunntanken for bygget er at «eksperten skal komme til barnet». Eit omfattande organisasjonsutviklingsprosjekt går parallelt med byggeprosjektet, og er ein viktig drivar for arbeidet med å skape betre samanheng og meir koordinerte forløp for barn og unge på sjukehuset. I dette arbeidet ligg der eit viktig potensiale for betre samhandling og overgangar mellom sjukehus, andre helsetenester og daglegliv. Det har vore ønskje om å støtte dette viktige interne arbeidet gjennom å styrke perspektivet på samhandlinga utanfor sjukehuset.

I innleiande fase er det tenkt at prosjektet skal jobbe med oversikt over aktørar, pågåande og gjennomført aktivitet, og analyse av pasientforløp. I dette arbeidet vil ein kunne ta utgangspunkt i fleire andre pågåande prosjekt. Dømer på dette er prosjektet «Saman for Barn og Unge», der Bergen Kommune og Helse Bergen no jobbar saman, og som er under planlegging i andre deler av samhandlingsstrukturen.

Det er gjort eit stort arbeid med analyser av pasientforløp og pasientgrunnlag i samband med planlegginga av «Glasblokkene». Me vil sjå på desse analysene på nytt, og eventuelt oppdatere og utvide dei, og undersøke potensialet for å betre samhandlinga.

Vidare vil me samle erfaring frå dei mange andre prosjekta og initiativa for å styrke samhandling for barn og unge. Me vil samle erfaringar og kunnskap om arbeidsmåtar og modellar frå relevante prosjekt og metodar som er under planlegging, i drift eller gjennomført, oppsummere desse, og trekke saman korleis me kan bruke dei til å styrke vårt vidare utviklingsarbeid.

På bakgrunn av oversikt over aktørar, arbeidsmåtar og pasientforløp vil prosjektet gå vidare til å foreslå konkrete grep, pilotere desse, og oppsummere erfaringane.

For å lukkast, er det ønskjeleg å utviklast og gjennomføre arbeidet saman med andre, og med gjensidig informasjon til andre pågåande prosessar og prosjekt. Prosjektet skal både kunne gje meirverdi til andre pågåande interne prosjekt i Helse Bergen, og må ha god kopling til eksterne fagmiljø og aktørar i samhandlingsstrukturen. Dette er viktige omsyn med tanke på den vidare organiseringa av prosjektet og val av styringsmodell."""

SEED_004_FURTHER_WORK = """Helse Bergen har til no jobba internt med å etablere eit prosjekt som kan ta fatt på dette arbeidet. Internt i Helse Bergen er ein av dei mest sentrale avhengigheitene organisasjonsutviklingsprosjektet rundt «Glasblokkene», og ein god og tett dialog opp mot aktiviteten i dette arbeidet er avgjerande.

Det er ønskeleg å invitere representantar og kompetanse gjennom samhandlingsstrukturen inn i arbeidet etterkvart. Dømer på aktuelle samarbeidsformer kan vere gjennom deltaking i referansegruppe, arbeid med konkrete deloppgåver, og som deltakarar i innspelsmøter undervegs. I fyrste fase ønskjer me å informere om dette arbeidet, invitere til innspel om moglege samarbeidsformer og andre prosjekt og prosessar som er viktige at dette arbeidet koplast opp mot.

Målsetnadane for prosjektet gjer det naturleg å nytte samhandlingsstrukturen til å informere og involvere, og me inviterer gjennom dette saksframlegget til vidare dialog om prosjektet."""

SEED_001_BACKGROUND = """<ul>
<li>Felles utviklingsplan: KS-konsulent 2018–2019, eigen prosjektleiar våren 2019, prosjektrapport mai 2020.</li>
<li>Avtale mellom regjeringa og KS i 2019: «Et hovedgrep i Nasjonal helse- og sykehusplan 2020–2023 er å opprette 19 helsefellesskap. Disse skal bestå av helseforetak og kommunene i opptaksområdet. Representanter fra helseforetak, tilhørende kommuner, fastleger og brukere vil møtes for å planlegge og utvikle tjenestene sammen. Barn og unge, alvorlig psykisk syke, pasienter med flere kroniske lidelser og skrøpelige eldre skal prioriteres.»</li>
</ul>
<p>Etableringa av helsefellesskap skal leggje til grunn eksisterande samhandlingsstrukturar og avtalar og utvikle desse vidare. Prosjektrapporten frå «Felles utviklingsplan for samarbeid og samhandling» er viktig grunnlagsmateriale. Ei arbeidsgruppe er sett ned for å følgje opp rapporten og oppdraget knytt til helsefellesskap. Arbeidsgruppa legg vekt på at forhold som representasjon, makt, mynde og saksgang også må drøftast i fellesskap om ein skal få til reell endring.</p>"""

SEED_001_ASSESSMENT = """<p>Utkastet byggjer på firenivåstrukturen i rapporten:</p>
<ul>
<li>Toppleiarmøte (partnarskapsmøte): politisk og administrativ leiing i kommunar og spesialisthelseteneste, årleg møte for å forankre retning.</li>
<li>Strategisk samarbeidsutval: utvikle strategiar og handlingsplanar, handtere saker og løpande avgjerder.</li>
<li>Fire områdeutval etter etablerte kommuneregionar.</li>
<li>Faglege samarbeidsutval: utvikle prosedyrar og tenestemodellar.</li>
</ul>
<p>Sentrale føringar: brukarar og fastlegar på alle nivå, prioritering av fire sårbare pasient- og brukargrupper, konsensusprinsippet, formell avgjerdsmynde ligg fast hjå partane, samordning, sekretariatsfunksjon og felles planlegging og utvikling av helsetenester.</p>"""

# Seed 001, «Fremdriftsplan» (Når / Hva / Om / Ansvar), cell by cell as the seed writes it;
# the second value sorts the row.
SEED_001_PROGRESS_PLAN = [
    (
        "des 21",
        datetime.date(2021, 12, 1),
        "Møter i samarbeidsutvalgene",
        "Presentasjon av status for arbeidet i arbeidsgruppen og forankring av revidert "
        "milepælsplan",
        "Lederne av SU",
    ),
    (
        "jan 22",
        datetime.date(2022, 1, 1),
        "Toppleiarmøte",
        "Presentasjon av forslag til ny samhandlingsstruktur",
        "Medlemmer av arbeidsgruppen",
    ),
    (
        "feb 22",
        datetime.date(2022, 2, 1),
        "Møte i arbeidsgruppen",
        "Ferdigstilling av sak om etablering av helsefellesskap til samarbeidsutvalgene",
        "SSE Medlemmene av arbeidsgruppen",
    ),
    (
        "mars 22",
        datetime.date(2022, 3, 1),
        "Møter i samarbeidsutvalgene",
        "Vedtaks sak om etablering av helsefellesskap, inkl. ny/revidert avtale om struktur og "
        "samarbeidsformer.",
        "SSE Medlemmene av arbeidsgruppen",
    ),
    (
        "mars-juni 22",
        datetime.date(2022, 3, 1),
        "Behandling av ny/revidert samarbeidsavtale",
        "Ny/revidert samarbeidsavtale om helsefellesskap til behandling hos partnerne",
        "Partnerne",
    ),
]

# Seed 001, «Hva har skjedd?»: what happened before the status paper.
SEED_001_HISTORY = """<ul>
<li>Mai 21: Sak om etablering av helsefellesskap behandles av samarbeidsutvalgene. Prosess for etablering av helsefellesskap vedtas i 3 av 4 utvalg.</li>
<li>1. møte i arbeidsgruppen for etablering av helsefellesskap. SSE har på bestilling fra arbeidsgruppen utarbeidet utkast til struktur og samarbeidsformer. Diskusjon av prosess. Ytterligere forankring mot kommunene i Nordhordland iverksettes.</li>
<li>Dialogmøte med kommunene i Nordhordland.</li>
<li>2. møte i arbeidsgruppen for etablering av helsefellesskap med representasjon fra alle fire utvalgsområder. Enighet om videre prosess.</li>
<li>3. møte i arbeidsgruppen for etablering av helsefellesskap. Drøfting av innspill til ny struktur og samarbeidsformer i helsefellesskapet. Enighet om oppdatert milepælsplan og formalisering av sluttprodukt.</li>
<li>Arbeidsgruppen orienterer samarbeidsutvalgene om status for arbeidet. Utkast til ny struktur til drøfting hos partnerne.</li>
</ul>"""

# Seed 002, «Toppleiarmøtet» and «Samarbeidsutval – Strategisk samarbeidsutval».
SEED_002_TOP_LEADERS = """<p>Kan det vere tenleg å dele toppleiarmøtet i to delar:</p>
<ul>
<li>Ein del kalla Toppleiarsamling med informasjon, inspirasjon og innspel/debatt</li>
<li>Ein del kalla Partnerskapsmøte som eit formelt møte som handsamar saker som kjem frå Strategisk Samarbeidsutval / samarbeidsutvala og saker som startar på toppleiarmøte.</li>
<li>Aktuelle saker kan vere planarbeid, prioriteringar, prosjekt, avtalar, m.m.</li>
</ul>"""

SEED_002_COMMITTEES = """<p>Grunnleggande utfordring:</p>
<ul>
<li>Bør det framleis vere 4 Samarbeidsutval som i dag.</li>
<li>Skal det etablerast eit Strategisk Samarbeidsutval.</li>
<li>Skal dette utvalet vere i staden for dei fire i dag eller i tillegg?</li>
<li>Dersom det vert i tillegg bør det overta oppgåvene til dagens AK og får den koordinerande og konkluderande funksjonen.</li>
</ul>"""

SEED_003_BACKGROUND = """<p>Kommunar og sjukehus i Helse Bergen HF sitt føretaksområde har gjennom dei fire samarbeidsutvala slutta seg til gjennomføring av prosjekt Langvarige og koordinerte tenester (LKT-prosjektet) og godkjent tilhøyrande prosjektdirektiv med mål, målgruppe, framdriftsplan og metodisk tilnærming.</p>
<h3>Formål</h3>
<p>Pasientar med behov for langvarige og koordinerte tenester skal oppleve tryggleik, kvalitet og eigenmeistring i møte med helsetenesta.</p>
<h3>Mål</h3>
<ul>
<li>Utarbeide eit overordna rammeverk som gir sentrale føringar for og understøttar likeverdig samarbeid mellom pasientar, pårørande og relevante aktørar i kommune og spesialisthelseteneste.</li>
<li>Bidra til at anbefalt rammeverk blir implementert og operasjonalisert etter prosjektperioden.</li>
</ul>
<p>Målgruppa i datainnsamlinga er avgrensa til barn (0–18) og eldre (over 67) som er busette i kommunane Bergen, Os og Lindås, med utgangspunkt i to dimensjonar: kompleksitet i samordninga og den enkelte sine føresetnader for å vere aktiv og medskapande i eigen omsorg.</p>
<p>Prosjektet har fem fasar: prosjektorganisering og samskaping av direktiv, datainnsamling, analyse og modellutforming, pilot, og evaluering, justering og forslag til implementering.</p>"""

SEED_003_ASSESSMENT = """<p>Styringsgruppa handsama i møte 25. mai 2018 sak der kostnadselement og framlegg til budsjett for planlegging og gjennomføring av pilot 2018–2019 vart vurdert. Gruppa peika på at for å lukkast med gjennomføring av piloten er det naudsynt med god og brei involvering frå kommunar og sjukehus. Når kostnadene vert fordelte på alle partar som har ein aksje i prosjektet, vert det ikkje så mykje på kvar.</p>
<p>Styringsgruppa har fatta slikt vedtak i saka:</p>
<ol>
<li>Styringsgruppen støtter kjerneteamets forslag til ressursfordeling slik det er presentert i saksnotat – Budsjett og forslag til fordeling av kostnader – 2018/2019 (vedlagt).</li>
<li>Styringsgruppen anbefaler at kostnader som per i dag ikke er finansiert fordeles mellom alle involverte kommuner og sykehus. Det anbefales videre at fordelingen mellom kommunene gjøres etter samme fordelingsnøkkel som er brukt ved frikjøp av kommunal ressurs i kjerneteamet (50 % Bergen kommune og 50 % fordelt etter folketall i de andre samarbeidskommunene).</li>
<li>Styringsgruppen ber kjerneteamet legge frem sak til samarbeidsutvalgene med styringsgruppens beslutninger om gjennomføring av pilot, endret ressursbehov og anbefaling for fordeling av kostnader. Samarbeidsutvalgene må vurdere modell for finansiering.</li>
</ol>"""

SEED_003_PROPOSAL = """<p>Samarbeidsutvalet for Nordhordland sluttar seg til:</p>
<ul>
<li>vidareføring av LKT-prosjektet slik det er presentert i prosjektdirektivet versjon 1.7.</li>
<li>at prosjektet knyter til seg ressursar og fordeling av kostnader slik det er presentert i vedlagt saksnotat.</li>
</ul>
<p>Samarbeidsutvalet for Nordhordland vil tilrå kommunane i utvalsområdet å slutta seg til:</p>
<ul>
<li>at kostnader til planlegging og gjennomføring av pilot vert fordelt mellom alle involverte kommunar og sjukehus slik det er vist i vedlagt oppsett</li>
<li>at kommunale kostnader vert fordelt slik: 50 % Bergen kommune og 50 % fordelt etter folketal i dei andre samarbeidskommunane.</li>
</ul>"""

SEED_003_RECOMMENDATION = (
    "Kommunane i utvalsområdet vert tilrådde å slutta seg til:\n"
    "– at kostnader til planlegging og gjennomføring av pilot vert fordelt mellom alle "
    "involverte kommunar og sjukehus slik det er vist i vedlagt oppsett\n"
    "– at kommunale kostnader vert fordelt slik: 50 % Bergen kommune og 50 % fordelt etter "
    "folketal i dei andre samarbeidskommunane."
)

# Answers of some of the municipalities of 2018 to the LKT recommendation, by organisation
# slug (Lindås, Meland and Radøy were still municipalities). No source gives any of them: the
# demo marks every one as illustration.
LKT_ADOPTIONS = {
    "lindas-1263": ("adopted", "Kommunestyret", datetime.date(2018, 9, 20), "PS 67/18", ""),
    "austrheim": (
        "adopted_with_changes",
        "Formannskapet",
        datetime.date(2018, 9, 27),
        "FS 41/18",
        "Sluttar seg til fordelinga, med eit tak på kommunen sin del for 2019.",
    ),
    "osteroy": ("adopted", "Kommunestyret", datetime.date(2018, 10, 11), "PS 88/18", ""),
    "modalen": ("rejected", "Kommunestyret", datetime.date(2018, 10, 18), "PS 30/18", ""),
    "radoy-1260": ("adopted", "Rådmannen (delegert)", datetime.date(2018, 10, 2), "18/1123", ""),
}


def load() -> None:
    if Case.objects.filter(year=2021, sequence=58).exists():
        return  # loaded before
    committees = _Committees()
    if not committees.areas:
        return  # no structure to put the cases before
    groups = _priority_groups()
    officers = _Officers()
    today = timezone.localdate()

    _lkt_case(committees, groups, officers)
    _top_leaders_split_case(committees, officers)
    _helsefellesskap_case(committees, groups, officers)
    _status_case(committees, groups, officers)
    _seed_004_case(committees, groups, officers)
    _agreement_case(committees, groups, officers)
    _discharge_case(committees, groups, officers)
    _exempt_case(committees, officers)
    _current_cases(committees, groups, officers, today)
    _committee_progress_plan(committees, today)


def _illustrate(*objects) -> None:
    """Mark demo content that no source gives; the pages label it as illustration."""
    for obj in objects:
        type(obj).objects.filter(pk=obj.pk).update(is_illustration=True)


def _illustrate_decisions(case: Case) -> None:
    Decision.objects.filter(treatment__case=case).update(is_illustration=True)


# --- finding what the structure demo made --------------------------------------------------


class _Committees:
    """The demo structure's committees, found by level, area and succession: today's, and
    the ones before the helsefellesskap (their predecessors)."""

    def __init__(self) -> None:
        everything = list(
            Committee.objects.select_related("level", "area", "reports_to").prefetch_related(
                "predecessors"
            )
        )
        current = [c for c in everything if c.valid_to is None]
        self.areas = sorted(
            (c for c in current if c.area_id is not None),
            key=lambda c: (c.level.order, c.order, c.name),
        )
        area_reports = [c.reports_to for c in self.areas if c.reports_to is not None]
        self.ssu = area_reports[0] if area_reports else None
        self.partnership = self.ssu.reports_to if self.ssu is not None else None
        area_level_orders = {c.level.order for c in self.areas}
        self.professional = [
            c
            for c in current
            if c.area_id is None
            and c.level.order > max(area_level_orders, default=0)
            and c not in (self.ssu, self.partnership)
        ]
        # The samarbeidsutval/-råd of before, area by area; today's when there are none.
        self.former_areas = [next(iter(c.predecessors.all()), c) for c in self.areas]
        self.top_leaders = (
            next(iter(self.partnership.predecessors.all()), None) if self.partnership else None
        )

    def area(self, slug: str) -> Committee:
        for committee in self.areas:
            if committee.area.slug == slug:
                return committee
        return self.areas[0]

    def former_area(self, slug: str) -> Committee:
        for committee in self.former_areas:
            if committee.area.slug == slug:
                return committee
        return self.former_areas[0]


class _Officers:
    """Fictional case officers."""

    def __init__(self) -> None:
        helse_bergen = Organisation.objects.filter(
            Q(slug="helse-bergen") | Q(kind=Organisation.Kind.HEALTH_TRUST)
        ).first()
        secretariat = Organisation.objects.filter(kind=Organisation.Kind.SECRETARIAT).first()
        self.hospital = self._person("torunn-havrevoll", "Torunn", "Havrevoll", helse_bergen)
        self.secretariat = self._person("gunnar-lidtveit", "Gunnar", "Lidtveit", secretariat)

    @staticmethod
    def _person(slug: str, given: str, family: str, organisation) -> Person:
        person, _created = Person.objects.get_or_create(
            slug=slug,
            defaults={
                "given_name": given,
                "family_name": family,
                "title": "Rådgivar",
                "organisation": organisation,
            },
        )
        return person


def _priority_groups() -> dict[str, PriorityGroup]:
    return priority_groups_ensure()


def _next_number_is(year: int, sequence: int) -> None:
    """Make the next case of ``year`` get ``sequence``, so the seeds keep their real numbers."""
    counter, _created = CaseNumberSequence.objects.get_or_create(year=year)
    counter.last_sequence = max(counter.last_sequence, sequence - 1)
    counter.save(update_fields=["last_sequence"])


def _observer(committee: Committee) -> Person | None:
    membership = (
        Membership.objects.current()
        .filter(seat__committee=committee, role=Membership.Role.OBSERVER)
        .select_related("person")
        .first()
    )
    return membership.person if membership else None


def _member(committee: Committee) -> Person | None:
    membership = (
        Membership.objects.current()
        .filter(seat__committee=committee, seat__may_decide=True)
        .exclude(role__in=[Membership.Role.DEPUTY, Membership.Role.OBSERVER])
        .select_related("person")
        .first()
    )
    return membership.person if membership else None


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- the seed cases --------------------------------------------------------------------------


def _lkt_case(committees: _Committees, groups, officers: _Officers) -> None:
    """Seed 003 (2018): the LKT project's pilot and cost sharing, to Samarbeidsutvalet for
    Nordhordland, which recommends its municipalities of the time to adopt the cost split."""
    nordhordland = committees.former_area("nordhordland")
    _next_number_is(2018, 14)
    case = case_create(
        actor=None,
        subject="LKT-prosjektet – gjennomføring av pilot og fordeling av kostnader",
        kind=Case.Kind.DECISION,
        paper_date=datetime.date(2018, 6, 1),
        committees=[nordhordland],
        case_officer=officers.secretariat,
        case_officer_unit="Samarbeidssekretariatet",
        background=SEED_003_BACKGROUND,
        assessment=SEED_003_ASSESSMENT,
        proposed_resolution=SEED_003_PROPOSAL,
        priority_groups=[groups["barn-og-unge"], groups["skropelege-eldre"]],
    )
    attachment_add(
        actor=None, case=case, title="Fordeling av kostnader for kommunane 2019", data=_lkt_costs()
    )
    attachment_add(
        actor=None,
        case=case,
        title="Prosjektdirektivet versjon 1.7",
        data=_docx(
            [
                "Prosjektdirektiv – Langvarige og koordinerte tenester (LKT), versjon 1.7",
                "Formål: Pasientar med behov for langvarige og koordinerte tenester skal oppleve "
                "tryggleik, kvalitet og eigenmeistring i møte med helsetenesta.",
                "Fasar: prosjektorganisering, datainnsamling, analyse og modellutforming, pilot, "
                "evaluering og implementering.",
            ]
        ),
    )
    treatment = case.treatments.get()
    decided_on = datetime.date(2018, 6, 14)
    decision = decision_record(
        actor=None,
        treatment=treatment,
        outcome=Decision.Outcome.ADOPTED,
        text=SEED_003_PROPOSAL,
        decided_on=decided_on,
    )
    _illustrate(decision)  # the seed gives the proposal, not the committee's decision
    # The municipalities of the area on the day of the decision: Lindås, Meland and Radøy,
    # not Alver, which was formed on 1 January 2020.
    municipalities = recommendation_parties(
        committee=nordhordland, scope=PartyScope.AREA_MUNICIPALITIES, on=decided_on
    )
    if not municipalities:
        return
    recommendation = recommendation_create(
        actor=None,
        decision=decision,
        text=SEED_003_RECOMMENDATION,
        parties=municipalities,
        respond_by=datetime.date(2018, 10, 31),
    )
    for adoption in recommendation.adoptions.select_related("party"):
        answer = LKT_ADOPTIONS.get(adoption.party.slug)
        if answer is None:
            continue  # still pending
        status, body, answered_on, reference, changes = answer
        adoption_register(
            actor=None,
            adoption=adoption,
            status=status,
            deciding_body=body,
            decided_on=answered_on,
            reference=reference,
            changes=changes,
        )
        _illustrate(adoption)


def _lkt_costs() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Fordeling 2019"
    # The original attachment is not in the seeds: these shares are computed from today's
    # municipalities and populations, so the sheet says it is an illustration.
    sheet.append(
        [
            "Illustrasjon – ikkje frå kjeldene: rekna ut med dagens kommunar og folketal "
            "(SSB), ikkje tala i det opphavlege vedlegget."
        ]
    )
    sheet.append(["Kommune", "Folketal", "Del av kommunale kostnader"])
    municipalities = list(
        Organisation.objects.filter(
            kind=Organisation.Kind.MUNICIPALITY, population__isnull=False, valid_to=None
        )
        .exclude(municipality_number="4601")
        .order_by("name")
    )
    others = sum(m.population for m in municipalities) or 1
    sheet.append(["Bergen", None, "50 %"])
    for municipality in municipalities:
        share = 50 * municipality.population / others
        sheet.append([municipality.name, municipality.population, f"{share:.2f} %"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _top_leaders_split_case(committees: _Committees, officers: _Officers) -> None:
    """Seed 002: the development plan's question whether the top-leader meeting should be
    split into a «Toppleiarsamling» and a «Partnarskapsmøte», put to the samarbeidsutval for
    discussion in week 38 of 2020 (seed 000, milestone M4: «Alle SU / SR», «Veke 38»)."""
    case = case_create(
        actor=None,
        subject="Toppleiarmøtet: Toppleiarsamling og Partnarskapsmøte",
        kind=Case.Kind.DISCUSSION,
        paper_date=datetime.date(2020, 9, 14),  # Monday of week 38, 2020
        committees=committees.former_areas,
        case_officer=officers.secretariat,
        case_officer_unit="Prosjektet «Felles utviklingsplan for samarbeid og samhandling»",
        introduction=(
            "<p>Drøfting av utviklingstema, modellar/løysingar og endringsframlegg i "
            "prosjektet «Felles utviklingsplan for samarbeid og samhandling».</p>"
        ),
        background=SEED_002_TOP_LEADERS,
        assessment=SEED_002_COMMITTEES,
    )
    days = [datetime.date(2020, 9, d) for d in (15, 16, 17, 18)]
    for treatment, day in zip(case.treatments.order_by("id"), days, strict=False):
        decision_record(
            actor=None,
            treatment=treatment,
            outcome=Decision.Outcome.NOTED,
            text="Utvalet drøfta forslaget og gav innspel til prosjektet.",
            decided_on=day,
        )
    _illustrate_decisions(case)


def _helsefellesskap_case(committees: _Committees, groups, officers: _Officers) -> None:
    """Seed 001, «Hva har skjedd?», May 2021: the process for establishing the
    helsefellesskap, adopted in 3 of 4 samarbeidsutval. Which one did not adopt it, and the
    decisions' wording, are in no source: all four decisions are illustration."""
    _next_number_is(2021, 21)
    case = case_create(
        actor=None,
        subject="Prosess for etablering av helsefellesskap",
        kind=Case.Kind.DECISION,
        paper_date=datetime.date(2021, 5, 3),
        committees=committees.former_areas,
        case_officer=officers.secretariat,
        case_officer_unit="Samarbeidssekretariatet",
        introduction="<p>Sak om etablering av helsefellesskap behandles av samarbeidsutvalgene.</p>",
        background=SEED_001_BACKGROUND,
        priority_groups=[
            groups["barn-og-unge"],
            groups["psykisk-helse-og-rus"],
            groups["skropelege-eldre"],
            groups["fleire-kroniske-lidingar"],
        ],
    )
    meeting_days = {
        "bergen": datetime.date(2021, 5, 18),
        "bergensregionen": datetime.date(2021, 5, 19),
        "nordhordland": datetime.date(2021, 5, 27),
        "voss": datetime.date(2021, 5, 26),
    }
    for treatment in case.treatments.select_related("committee__area"):
        area = treatment.committee.area.slug
        day = meeting_days.get(area, datetime.date(2021, 5, 20))
        if area == "nordhordland":
            decision_record(
                actor=None,
                treatment=treatment,
                outcome=Decision.Outcome.DEFERRED,
                text=(
                    "Saka vert utsett. Utvalet ber om at prosessen vert ytterlegare forankra i "
                    "kommunane i Nordhordland før utvalet tek stilling."
                ),
                decided_on=day,
            )
            continue
        decision_record(
            actor=None,
            treatment=treatment,
            outcome=Decision.Outcome.ADOPTED,
            text="Utvalet sluttar seg til prosessen for etablering av helsefellesskap.",
            decided_on=day,
        )
    _illustrate_decisions(case)


def _status_case(committees: _Committees, groups, officers: _Officers) -> None:
    """Seed 001 itself, December 2021 («des 21 – Møter i samarbeidsutvalgene – Presentasjon
    av status for arbeidet i arbeidsgruppen og forankring av revidert milepælsplan»): the
    status of the work and the «Fremdriftsplan», a case of its own."""
    case = case_create(
        actor=None,
        subject="Etablering av helsefellesskap – status og videre fremdriftsplan",
        kind=Case.Kind.ORIENTATION,
        paper_date=datetime.date(2021, 12, 1),
        committees=committees.former_areas,
        case_officer=officers.secretariat,
        case_officer_unit="Samarbeidssekretariatet",
        introduction=(
            "<p>Presentasjon av status for arbeidet i arbeidsgruppen og forankring av "
            "revidert milepælsplan.</p>"
        ),
        background=SEED_001_HISTORY,
        assessment=SEED_001_ASSESSMENT,
        priority_groups=[
            groups["barn-og-unge"],
            groups["psykisk-helse-og-rus"],
            groups["skropelege-eldre"],
            groups["fleire-kroniske-lidingar"],
        ],
    )
    for when, sort_date, what, about, responsible in SEED_001_PROGRESS_PLAN:
        progress_plan_entry_save(
            actor=None,
            case=case,
            when=when,
            sort_date=sort_date,
            what=what,
            about=about,
            responsible=responsible,
        )
    days = [datetime.date(2021, 12, d) for d in (14, 15, 16, 16)]
    for treatment, day in zip(case.treatments.order_by("id"), days, strict=False):
        decision_record(
            actor=None,
            treatment=treatment,
            outcome=Decision.Outcome.NOTED,
            text="Utvalet tok statusen til orientering.",
            decided_on=day,
        )
    _illustrate_decisions(case)


def _seed_004_case(committees: _Committees, groups, officers: _Officers) -> None:
    """Seed 004: case 58/21 of 9.12.2021, an orientation about the project «Samhandlingsforløp
    barn og unge» to the samarbeidsutval («Går til: Samarbeidsutvala»). The seed gives no
    proposed resolution, so the case has none; the committees' notes are illustration."""
    _next_number_is(2021, 58)
    case = case_create(
        actor=None,
        subject="Orientering om nytt prosjekt: «Samhandlingsforløp barn og unge»",
        kind=Case.Kind.ORIENTATION,
        paper_date=datetime.date(2021, 12, 9),
        committees=committees.former_areas,
        case_officer=officers.hospital,
        case_officer_unit="Seksjon for samhandling, Helse Bergen",
        introduction=SEED_004_INTRODUCTION,
        background=SEED_004_BACKGROUND,
        further_work=SEED_004_FURTHER_WORK,
        priority_groups=[groups["barn-og-unge"]],
    )
    assert case.number == "58/21", case.number
    days = [datetime.date(2021, 12, d) for d in (14, 15, 16, 16)]
    for treatment, day in zip(case.treatments.order_by("id"), days, strict=False):
        decision_record(
            actor=None,
            treatment=treatment,
            outcome=Decision.Outcome.NOTED,
            text="Samarbeidsutvalet tok orienteringa til vitande.",
            decided_on=day,
        )
    _illustrate_decisions(case)


# --- other cases -----------------------------------------------------------------------------


def _agreement_case(committees: _Committees, groups, officers: _Officers) -> None:
    """The new agreement (seed 001, «mars 22 – Vedtaks sak om etablering av helsefellesskap,
    inkl. ny/revidert avtale»; «mars-juni 22 – til behandling hos partnerne»): decided in the
    samarbeidsutval, forwarded to the top-leader meeting, then adopted and signed by the
    parties of the time. The decisions, answers and signatures are illustration; the
    agreement itself is in force from 1 August 2022 (reference README)."""
    _next_number_is(2022, 9)
    case = case_create(
        actor=None,
        subject="Ny samarbeidsavtale om helsefellesskap – struktur og samarbeidsformer",
        kind=Case.Kind.DECISION,
        paper_date=datetime.date(2022, 3, 1),
        committees=committees.former_areas,
        case_officer=officers.secretariat,
        case_officer_unit="Samarbeidssekretariatet",
        introduction=(
            "Vedtakssak om etablering av helsefellesskap, inkl. ny/revidert avtale om struktur "
            "og samarbeidsformer."
        ),
        priority_groups=list(groups.values())[:4],
    )
    treatments = list(case.treatments.select_related("committee").order_by("id"))
    for n, treatment in enumerate(treatments):
        decision_record(
            actor=None,
            treatment=treatment,
            outcome=Decision.Outcome.ADOPTED,
            text="Samarbeidsutvalet sluttar seg til forslaget til ny samarbeidsavtale om "
            "helsefellesskap.",
            decided_on=datetime.date(2022, 3, 15 + n),
        )
    final_decision = treatments[0].decision
    if committees.top_leaders is not None:
        top = case_forward(actor=None, treatment=treatments[0], to_committee=committees.top_leaders)
        final_decision = decision_record(
            actor=None,
            treatment=top,
            outcome=Decision.Outcome.ADOPTED,
            text="Toppleiarmøtet tilrår at partane sluttar seg til og signerer avtalen.",
            decided_on=datetime.date(2022, 5, 5),
        )
    _illustrate_decisions(case)
    parties = recommendation_parties(
        committee=final_decision.treatment.committee,
        scope=PartyScope.ALL_PARTIES,
        on=final_decision.decided_on,
    )
    if not parties:
        return
    recommendation = recommendation_create(
        actor=None,
        decision=final_decision,
        text="Partane vert tilrådde å slutta seg til og signere samarbeidsavtalen om "
        "helsefellesskap.",
        parties=parties,
        requires_signature=True,
        respond_by=datetime.date(2022, 6, 30),
    )
    for n, adoption in enumerate(recommendation.adoptions.select_related("party").order_by("id")):
        if n % 4 == 3:
            continue  # a quarter of the parties have not answered
        body = (
            "Kommunestyret" if adoption.party.kind == Organisation.Kind.MUNICIPALITY else "Styret"
        )
        decided_on = datetime.date(2022, 5, 20) + datetime.timedelta(days=3 * n)
        adoption_register(
            actor=None,
            adoption=adoption,
            status=Adoption.Status.ADOPTED,
            deciding_body=body,
            decided_on=decided_on,
            reference=f"{20 + n}/22",
        )
        if n % 3 != 2:
            adoption_sign(
                actor=None,
                adoption=adoption,
                signed_on=decided_on + datetime.timedelta(days=10),
                signed_by="Kommunedirektøren"
                if adoption.party.kind == Organisation.Kind.MUNICIPALITY
                else "Administrerande direktør",
            )
        _illustrate(adoption)


def _discharge_case(committees: _Committees, groups, officers: _Officers) -> None:
    """A professional committee's guideline, adopted with changes and a recorded dissent.
    No source gives it: the whole case is illustration."""
    committee = committees.professional[0] if committees.professional else committees.areas[0]
    _next_number_is(2022, 12)
    case = case_create(
        actor=None,
        subject="Felles retningsline for utskrivingsklare pasientar",
        kind=Case.Kind.DECISION,
        paper_date=datetime.date(2022, 4, 20),
        committees=[committee],
        case_officer=officers.hospital,
        case_officer_unit="Seksjon for samhandling, Helse Bergen",
        background=(
            "Talet på utskrivingsklare pasientar som ventar på kommunalt tilbod har auka. "
            "Retningslina skildrar varsling, dialog og ansvar ved utskriving."
        ),
        proposed_resolution="Utvalet vedtek retningslina slik ho ligg føre.",
        priority_groups=[groups["skropelege-eldre"], groups["fleire-kroniske-lidingar"]],
    )
    decision_record(
        actor=None,
        treatment=case.treatments.get(),
        outcome=Decision.Outcome.ADOPTED_WITH_CHANGES,
        text="Utvalet vedtek retningslina med den endringa at varsel om utskriving skal "
        "sendast seinast kl. 12 dagen før.",
        decided_on=datetime.date(2022, 5, 10),
        consensus=False,
        dissent="Representanten for kommunane i Bergensregionen røysta mot endringa og ønskte "
        "varsel seinast to dagar før.",
    )
    _illustrate(case)
    _illustrate_decisions(case)


def _exempt_case(committees: _Committees, officers: _Officers) -> None:
    """A personnel matter, exempt under offl. § 25, with an exempt attachment."""
    committee = committees.ssu or committees.areas[0]
    _next_number_is(2023, 5)
    case = case_create(
        actor=None,
        subject="Tilsetjing av leiar for samarbeidssekretariatet",
        kind=Case.Kind.DECISION,
        paper_date=datetime.date(2023, 2, 1),
        committees=[committee],
        case_officer=officers.secretariat,
        case_officer_unit="Samarbeidssekretariatet",
        introduction="Innstilling frå intervjugruppa.",
        proposed_resolution="Utvalet sluttar seg til innstillinga.",
        access=Access.EXEMPT,
        exemption_basis="Offl. § 25",
    )
    attachment_add(
        actor=None,
        case=case,
        title="Innstilling frå intervjugruppa",
        data=_docx(["Innstilling", "Intervjugruppa innstiller ein søkjar (fiktivt demoinnhald)."]),
        access=Access.EXEMPT,
        exemption_basis="Offl. § 25",
    )
    decision_record(
        actor=None,
        treatment=case.treatments.get(),
        outcome=Decision.Outcome.ADOPTED,
        text="Utvalet slutta seg til innstillinga.",
        decided_on=datetime.date(2023, 2, 16),
    )
    _illustrate(case)
    _illustrate_decisions(case)


def weekday_on_or_before(day: datetime.date) -> datetime.date:
    """The day itself on Monday to Friday, else the Friday before: committees do not meet at
    weekends, and the meetings' demo holds each decision's meeting on its ``decided_on``."""
    return day - datetime.timedelta(days=max(0, day.weekday() - 4))


def _current_cases(committees: _Committees, groups, officers: _Officers, today) -> None:
    """This year's cases, some decided and some waiting for the coming meetings; all of them
    illustration."""
    last_month = weekday_on_or_before(today - datetime.timedelta(days=30))
    # Pending: the meetings' demo can put it on SSU's next agenda.
    plan = case_create(
        actor=None,
        subject=f"Handlingsplan for helsefellesskapet {today.year + 1}",
        kind=Case.Kind.DECISION,
        paper_date=today - datetime.timedelta(days=7),
        committees=[committees.ssu] if committees.ssu else committees.areas[:1],
        case_officer=officers.secretariat,
        case_officer_unit="Samarbeidssekretariatet",
        introduction="Forslag til handlingsplan med prioriterte tiltak for dei fem prioriterte "
        "gruppene.",
        proposed_resolution="Strategisk samarbeidsutval vedtek handlingsplanen.",
        priority_groups=list(groups.values()),
    )
    status = case_create(
        actor=None,
        subject="Status for Samhandlingsforløp barn og unge",
        kind=Case.Kind.DISCUSSION,
        paper_date=today - datetime.timedelta(days=5),
        committees=committees.areas,
        case_officer=officers.hospital,
        case_officer_unit="Seksjon for samhandling, Helse Bergen",
        introduction="Prosjektet har kartlagt aktørar og pågåande aktivitet og legg fram "
        "forslag til pilotar for drøfting.",
        priority_groups=[groups["barn-og-unge"]],
    )
    nordhordland = committees.area("nordhordland")
    decided = case_create(
        actor=None,
        subject="Interkommunal legevakt i Nordhordland – erfaringar første halvår",
        kind=Case.Kind.DECISION,
        paper_date=last_month - datetime.timedelta(days=10),
        committees=[nordhordland],
        case_officer=officers.secretariat,
        case_officer_unit="Samarbeidssekretariatet",
        proposed_resolution="Utvalet tek erfaringane til orientering og ber om ny status om "
        "eitt år.",
        priority_groups=[groups["fleire-kroniske-lidingar"]],
    )
    proposals = []
    observer = _observer(nordhordland)
    member = _member(nordhordland)
    if observer is not None:
        proposals.append(
            ProposalInput(
                proposer=observer,
                text="Fastlegane sine erfaringar skal vere med i neste statusrapport.",
                outcome="adopted",
            )
        )
    if member is not None:
        proposals.append(
            ProposalInput(proposer=member, text="Ny status om seks månader.", outcome="rejected")
        )
    decision_record(
        actor=None,
        treatment=decided.treatments.get(),
        outcome=Decision.Outcome.ADOPTED_WITH_CHANGES,
        text="Utvalet tek erfaringane til orientering og ber om ny status om eitt år. "
        "Fastlegane sine erfaringar skal vere med i neste statusrapport.",
        decided_on=last_month,
        proposals=proposals,
    )
    # No source gives this year's cases: they are illustration.
    for case in (plan, status, decided):
        _illustrate(case)
        _illustrate_decisions(case)


def _committee_progress_plan(committees: _Committees, today) -> None:
    """SSU's plan for next year: the yearly partnership meeting (seed 001, «Partnerskapsmøtet
    – Årlig møte for å forankre retning»), once, in no month the sources name."""
    committee = committees.ssu or committees.areas[0]
    year = today.year + 1
    progress_plan_entry_save(
        actor=None,
        committee=committee,
        when=str(year),
        sort_date=datetime.date(year, 1, 1),
        what="Partnarskapsmøtet",
        about="Årlig møte for å forankre retning",
        responsible="Samarbeidssekretariatet",
    )
