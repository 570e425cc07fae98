"""Reads of the case register: what the pages list and how a case stands across committees.
Each selector fetches what its page shows in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case as DbCase
from django.db.models import (
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    When,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samhandling.core.actor import Actor, is_secretariat
from samhandling.structure.models import Committee

from . import access
from .models import (
    Adoption,
    Attachment,
    Case,
    Decision,
    DecisionCorrection,
    ProgressPlanEntry,
    Proposal,
    Recommendation,
    Treatment,
)

ADOPTED_STATUSES = (Adoption.Status.ADOPTED, Adoption.Status.ADOPTED_WITH_CHANGES)


@dataclass
class AdoptionTally:
    """How the parties answered a case's recommendations, counted by party: a party has
    adopted when it adopted every recommendation it got, is overdue when an answer it still
    owes is past the recommendation's respond-by date."""

    parties: int = 0
    adopted: int = 0
    rejected: int = 0
    overdue: int = 0

    @classmethod
    def of(cls, rows, *, today=None) -> "AdoptionTally":
        """``rows`` are (party_id, status, respond_by) of one case's adoptions."""
        today = today or timezone.localdate()
        statuses: dict[int, list[str]] = defaultdict(list)
        late: set[int] = set()
        for party_id, status, respond_by in rows:
            statuses[party_id].append(status)
            if status == Adoption.Status.PENDING and respond_by and respond_by < today:
                late.add(party_id)
        return cls(
            parties=len(statuses),
            adopted=sum(all(s in ADOPTED_STATUSES for s in v) for v in statuses.values()),
            rejected=sum(Adoption.Status.REJECTED in v for v in statuses.values()),
            overdue=len(late),
        )

    @property
    def label(self) -> str:
        if not self.parties:
            return ""
        text = ngettext(
            "adoption by %(done)d of %(total)d party",
            "adoption by %(done)d of %(total)d parties",
            self.parties,
        ) % {"done": self.adopted, "total": self.parties}
        if self.rejected:
            text += ", " + ngettext("%(count)d rejected", "%(count)d rejected", self.rejected) % {
                "count": self.rejected
            }
        if self.overdue:
            text += ", " + ngettext("%(count)d overdue", "%(count)d overdue", self.overdue) % {
                "count": self.overdue
            }
        return text


@dataclass
class CaseState:
    """How a case stands across the committees it went to. Counts take each committee's
    latest treatment, so a deferred case that came back and was adopted counts as adopted."""

    deciding: int = 0
    adopted: int = 0
    not_adopted: int = 0
    deferred: int = 0
    noted: int = 0
    pending: int = 0
    # Treatments for information or discussion, and how many of them have been treated.
    informed: int = 0
    informed_treated: int = 0
    discussed: int = 0
    committees: list[tuple[Committee, Treatment]] = field(default_factory=list)
    # The committees whose latest decision deferred the case, or did not adopt it.
    deferred_committees: list[Committee] = field(default_factory=list)
    not_adopted_committees: list[Committee] = field(default_factory=list)
    adoptions: AdoptionTally = field(default_factory=AdoptionTally)

    @property
    def total(self) -> int:
        return self.deciding + self.informed

    @property
    def is_settled(self) -> bool:
        return self.total > 0 and self.pending == 0 and self.deferred == 0

    @property
    def key(self) -> str:
        """One word for filters: not_sent, pending, adopted, partly_adopted, not_adopted,
        noted."""
        if self.total == 0:
            return "not_sent"
        if self.deciding == 0:
            return "noted" if self.pending == 0 else "pending"
        if self.adopted == self.deciding:
            return "adopted"
        if self.adopted:
            return "partly_adopted"
        if self.pending or self.deferred:
            return "pending"
        return "not_adopted"

    @property
    def label(self) -> str:
        if self.total == 0:
            return _("Not sent to any committee yet")
        if self.deciding == 0 and self.discussed:
            return ngettext(
                "Treated in %(done)d of %(total)d committee",
                "Treated in %(done)d of %(total)d committees",
                self.informed,
            ) % {"done": self.informed_treated, "total": self.informed}
        if self.deciding == 0:
            return ngettext(
                "Taken as orientation in %(done)d of %(total)d committee",
                "Taken as orientation in %(done)d of %(total)d committees",
                self.informed,
            ) % {"done": self.informed_treated, "total": self.informed}
        return ngettext(
            "Adopted in %(done)d of %(total)d committee",
            "Adopted in %(done)d of %(total)d committees",
            self.deciding,
        ) % {"done": self.adopted, "total": self.deciding}

    @property
    def flags(self) -> list[str]:
        """The committees that deferred or did not adopt the case, named."""
        flags = []
        if self.deferred_committees:
            flags.append(
                _("deferred in %(names)s")
                % {"names": ", ".join(c.short_name or c.name for c in self.deferred_committees)}
            )
        if self.not_adopted_committees:
            flags.append(
                _("not adopted in %(names)s")
                % {"names": ", ".join(c.short_name or c.name for c in self.not_adopted_committees)}
            )
        return flags

    @property
    def phrase(self) -> str:
        """The whole state in one line: «Vedteke i 3 av 4 utval · tilslutning frå 12 av 19
        partar, 3 over frist»."""
        parts = [self.label]
        if self.adoptions.parties:
            parts.append(self.adoptions.label)
        return " · ".join(parts)


def case_state_summary(case: Case, *, adoptions=None) -> CaseState:
    """The state across committees, from ``case.treatments.all()`` (prefetch the treatments
    with their decision and committee to avoid queries per case), and across the parties:
    ``adoptions`` as (party_id, status, respond_by) rows, or, when not given, read from the
    treatments' prefetched ``decision__recommendations__adoptions`` (the case page)."""
    latest: dict[int, Treatment] = {}
    for treatment in case.treatments.all():
        current = latest.get(treatment.committee_id)
        if current is None or treatment.pk > current.pk:
            latest[treatment.committee_id] = treatment
    state = CaseState()
    for treatment in sorted(
        latest.values(),
        key=lambda t: (t.committee.level.order, t.committee.order, t.committee.name),
    ):
        state.committees.append((treatment.committee, treatment))
        decision = _decision_of(treatment)
        if decision is not None:
            decision = decision.in_force  # a correction decides what the case's state is
        if treatment.role == Treatment.Role.DECIDES:
            state.deciding += 1
            if decision is None:
                state.pending += 1
            elif decision.is_adopted:
                state.adopted += 1
            elif decision.outcome == Decision.Outcome.DEFERRED:
                state.deferred += 1
                state.deferred_committees.append(treatment.committee)
            elif decision.outcome == Decision.Outcome.NOTED:
                state.noted += 1
            else:
                state.not_adopted += 1
                state.not_adopted_committees.append(treatment.committee)
        else:
            state.informed += 1
            if treatment.role == Treatment.Role.DISCUSSES:
                state.discussed += 1
            if decision is None:
                state.pending += 1
            else:
                state.informed_treated += 1
    if adoptions is None:
        adoptions = [
            (adoption.party_id, adoption.status, recommendation.respond_by)
            for treatment in case.treatments.all()
            if _decision_of(treatment) is not None
            for recommendation in treatment.decision.recommendations.all()
            for adoption in recommendation.adoptions.all()
        ]
    state.adoptions = AdoptionTally.of(adoptions)
    return state


def _decision_of(treatment: Treatment) -> Decision | None:
    try:
        return treatment.decision
    except Decision.DoesNotExist:
        return None


def treatments_queryset() -> QuerySet[Treatment]:
    return Treatment.objects.select_related(
        "decision",
        "committee__level",
        "committee__area",
        "forwarded_from__committee",
        "agenda_item__meeting",
    )


# --- the case list ------------------------------------------------------------------------

SORTS = {
    "number": ("-year", "-sequence"),
    "number_asc": ("year", "sequence"),
    "date": ("-paper_date", "-year", "-sequence"),
    "date_asc": ("paper_date", "year", "sequence"),
    "subject": ("subject", "year", "sequence"),
}
# The case paper's long texts, which no list shows.
CASE_SECTIONS = ("introduction", "background", "assessment", "further_work", "proposed_resolution")
STATES = ("pending", "adopted", "partly_adopted", "not_adopted", "noted", "not_sent")


def case_years() -> list[int]:
    """The years of the year filter, newest first: every year from the first case's to the
    last's, from the two ends of the case number index (a register has cases every year;
    ``DISTINCT year`` reads every row on PostgreSQL)."""
    bounds = Case.objects.aggregate(first=Min("year"), last=Max("year"))
    if bounds["first"] is None:
        return []
    return list(range(bounds["last"], bounds["first"] - 1, -1))


def case_list(
    *,
    user: Actor | None = None,
    committee: Committee | None = None,
    year: int | None = None,
    kind: str = "",
    priority_group: str = "",
    state: str = "",
    sort: str = "number",
) -> QuerySet[Case]:
    """The filtered, sorted register as ``user`` may see it.

    Every case is listed (its number, date and legal basis are public), but a case the user
    may not read is never found by what is hidden in it: filters on its committees, type,
    priority groups or state leave it out, and sorting by subject places it by its public
    title.

    Filters on treatments, priority groups and access are semi-joins (``IN``/``EXISTS``),
    not joins: no row is repeated, so neither the page nor the paginator's count needs
    ``DISTINCT`` over the whole register, and the sort walks the case number index."""
    cases = Case.objects.all()
    readable = access.readable_condition(user)
    if readable is not None and (committee or kind or priority_group or state):
        cases = cases.filter(readable)
    if committee is not None:
        cases = cases.filter(pk__in=Treatment.objects.filter(committee=committee).values("case_id"))
    if year:
        cases = cases.filter(year=year)
    if kind:
        cases = cases.filter(kind=kind)
    if priority_group:
        cases = cases.filter(
            pk__in=Case.priority_groups.through.objects.filter(
                prioritygroup__slug=priority_group
            ).values("case_id")
        )
    if state:
        cases = _filter_state(cases, state)
    order = SORTS.get(sort, SORTS["number"])
    if sort == "subject" and readable is not None:
        cases = cases.annotate(
            sort_subject=DbCase(When(readable, then=F("subject")), default=F("public_title"))
        )
        order = ("sort_subject", "year", "sequence")
    # The long sections stay in the database: sorting and paging move short rows only.
    return cases.defer(*CASE_SECTIONS).order_by(*order)


ADOPTED_OUTCOMES = [Decision.Outcome.ADOPTED, Decision.Outcome.ADOPTED_WITH_CHANGES]


def _decisions_with_outcome_in_force(outcomes: list[str]) -> QuerySet[Decision]:
    """The decisions whose outcome in force (the latest correction's, or the one recorded)
    is one of ``outcomes``: recorded with it and never corrected, or corrected last to it.
    Both are semi-joins on the corrections table (small, and read by its decision index),
    so a register without corrections pays nothing and no query is needed to find out."""
    later = DecisionCorrection.objects.filter(decision_id=OuterRef("decision_id")).filter(
        Q(corrected_at__gt=OuterRef("corrected_at"))
        | Q(corrected_at=OuterRef("corrected_at"), id__gt=OuterRef("id"))
    )
    corrected_last_to = DecisionCorrection.objects.filter(outcome__in=outcomes).filter(
        ~Exists(later)
    )
    never_corrected = ~Exists(DecisionCorrection.objects.filter(decision_id=OuterRef("pk")))
    return Decision.objects.filter(
        Q(never_corrected, outcome__in=outcomes) | Q(pk__in=corrected_last_to.values("decision_id"))
    )


def decisions_in_force(outcomes: list[str]) -> QuerySet[Decision]:
    """Ids of the decisions whose outcome in force (the latest correction's, or the one
    recorded) is one of ``outcomes``."""
    return _decisions_with_outcome_in_force(outcomes).values("pk")


def _treatments_where(condition: Q) -> Exists:
    return Exists(Treatment.objects.filter(condition, case_id=OuterRef("pk")))


def _decided_in_force(outcomes: list[str]) -> Q:
    """Treatments whose decision's outcome in force is one of ``outcomes``."""
    return Q(pk__in=_decisions_with_outcome_in_force(outcomes).values("treatment_id"))


def _filter_state(cases: QuerySet[Case], state: str) -> QuerySet[Case]:
    """The states of ``CaseState.key`` as ``EXISTS`` conditions on the case's treatments,
    with each decision's outcome in force (a correction decides): open = no decision yet or
    deferred; adopted = every deciding treatment adopted."""
    deciding = Q(role=Treatment.Role.DECIDES)
    adopted_decision = _decided_in_force(ADOPTED_OUTCOMES)
    open_ = Q(decision__isnull=True) | _decided_in_force([Decision.Outcome.DEFERRED])
    any_treatment = _treatments_where(Q())
    any_deciding = _treatments_where(deciding)
    deciding_adopted = _treatments_where(deciding & adopted_decision)
    deciding_not_adopted = _treatments_where(deciding & ~adopted_decision)
    any_open = _treatments_where(open_)
    if state == "not_sent":
        return cases.filter(~any_treatment)
    if state == "pending":
        return cases.filter(any_open)
    if state == "adopted":
        return cases.filter(any_deciding, ~deciding_not_adopted)
    if state == "partly_adopted":
        return cases.filter(deciding_adopted, deciding_not_adopted)
    if state == "not_adopted":
        return cases.filter(any_deciding, ~deciding_adopted, ~any_open)
    if state == "noted":
        return cases.filter(any_treatment, ~any_deciding, ~any_open)
    return cases


def with_list_details(
    cases: QuerySet[Case] | list[Case], *, user: Actor | None = None
) -> list[Case]:
    """Attach what a row of the list shows (committees, state, priority groups, and whether
    ``user`` may read it) to a page of cases in a fixed number of queries: the treatments
    with only what the state needs (decision, committee and its level), the corrections of
    their decisions (the state uses the outcome in force), the priority groups, and, for
    anyone but the secretariat, which of the cases the user may read."""
    page = list(cases)
    if not page:
        return page
    readable = {c.pk for c in page}
    if not is_secretariat(user):
        readable = access.readable_ids(user, [c.pk for c in page])
    prefetch_related_objects(
        page,
        Prefetch(
            "treatments",
            queryset=Treatment.objects.select_related("decision", "committee__level"),
        ),
        "treatments__decision__corrections",
        "priority_groups",
    )
    # The parties' answers of the whole page in one query, instead of prefetching
    # recommendations and adoptions per case (two more queries).
    adoptions: dict[int, list] = defaultdict(list)
    for case_id, party_id, status, respond_by in Adoption.objects.filter(
        recommendation__decision__treatment__case_id__in=[c.pk for c in page]
    ).values_list(
        "recommendation__decision__treatment__case_id",
        "party_id",
        "status",
        "recommendation__respond_by",
    ):
        adoptions[case_id].append((party_id, status, respond_by))
    for case in page:
        case.readable = case.pk in readable
        case.state = case_state_summary(case, adoptions=adoptions[case.pk])
        case.priority_group_list = list(case.priority_groups.all())
    return page


# --- one case -----------------------------------------------------------------------------


def case_detail_queryset() -> QuerySet[Case]:
    """Cases with everything the case page shows, prefetched (read one through
    ``access.case_for_user``, which says what of it the reader may see)."""
    return Case.objects.select_related("case_officer__organisation", "created_by").prefetch_related(
        "priority_groups",
        Prefetch("attachments", queryset=Attachment.objects.order_by("order", "id")),
        Prefetch("treatments", queryset=treatments_queryset().order_by("id")),
        Prefetch(
            "treatments__proposals",
            queryset=Proposal.objects.select_related("proposer", "on_behalf_of"),
        ),
        "treatments__decision__corrections",
        Prefetch(
            "treatments__decision__recommendations",
            queryset=Recommendation.objects.prefetch_related(
                Prefetch("adoptions", queryset=Adoption.objects.select_related("party"))
            ),
        ),
        Prefetch("progress_plan", queryset=ProgressPlanEntry.objects.order_by("sort_date", "id")),
    )


def case_paper_queryset() -> QuerySet[Case]:
    """Cases with what their paper prints: committees it goes to, officer, attachments and
    the saksgang (meetings, decisions and their corrections)."""
    return Case.objects.select_related("case_officer").prefetch_related(
        Prefetch(
            "treatments",
            queryset=Treatment.objects.select_related(
                "committee", "decision", "agenda_item__meeting"
            ).order_by("committee__level__order", "committee__order", "id"),
        ),
        "treatments__decision__corrections",
        Prefetch("attachments", queryset=Attachment.objects.order_by("order", "id")),
    )


def treatment_history(case: Case) -> list[list[Treatment]]:
    """Chains of forwarding, e.g. [area committee → SSU → partnership meeting], from the
    prefetched treatments; a treatment that was not forwarded is a chain of one."""
    treatments = list(case.treatments.all())
    children = defaultdict(list)
    for t in treatments:
        if t.forwarded_from_id:
            children[t.forwarded_from_id].append(t)
    chains = []

    def walk(t: Treatment, chain: list[Treatment]) -> None:
        chain = [*chain, t]
        if not children[t.pk]:
            chains.append(chain)
        for child in children[t.pk]:
            walk(child, chain)

    for t in treatments:
        if t.forwarded_from_id is None and children[t.pk]:
            walk(t, [])
    return chains


# --- adoption follow-up -------------------------------------------------------------------


def adoption_list(
    *,
    status: str = "waiting",
    party: str = "",
    case: str = "",
    area: str = "",
    user: Actor | None = None,
) -> list[Adoption]:
    """Adoptions with their party, recommendation and case, filtered; one query. The status
    ``waiting`` means what a party still owes: its decision, or its signature of an agreement
    it has adopted; ``unsigned`` only the signatures. Only adoptions of cases ``user`` may
    read are listed."""
    return list(adoptions_filtered(status=status, party=party, case=case, area=area, user=user))


def adoptions_filtered(
    *,
    status: str = "waiting",
    party: str = "",
    case: str = "",
    area: str = "",
    user: Actor | None = None,
) -> QuerySet[Adoption]:
    """``adoption_list`` as a query, for a page at a time."""
    adoptions = _adoptions_with_case(access.adoptions_visible_to(user)).order_by(
        "party__name", "recommendation__decision__treatment__case__year", "id"
    )
    awaiting_signature = Q(
        recommendation__requires_signature=True,
        signed_on__isnull=True,
        status__in=[Adoption.Status.ADOPTED, Adoption.Status.ADOPTED_WITH_CHANGES],
    )
    if status == "waiting":
        adoptions = adoptions.filter(Q(status=Adoption.Status.PENDING) | awaiting_signature)
    elif status == "unsigned":
        adoptions = adoptions.filter(awaiting_signature)
    elif status:
        adoptions = adoptions.filter(status=status)
    if party:
        adoptions = adoptions.filter(party__slug=party)
    if area:
        adoptions = adoptions.filter(party__area__slug=area)
    if case:
        year, _, sequence = case.partition("-")
        if year.isdigit() and sequence.isdigit():
            adoptions = adoptions.filter(
                recommendation__decision__treatment__case__year=int(year),
                recommendation__decision__treatment__case__sequence=int(sequence),
            )
    return adoptions


def _adoptions_with_case(adoptions: QuerySet[Adoption] | None = None) -> QuerySet[Adoption]:
    case_path = "recommendation__decision__treatment__case__"
    if adoptions is None:
        adoptions = Adoption.objects.all()
    return adoptions.select_related(
        "party__area",
        "recommendation__decision__treatment__case",
        "recommendation__decision__treatment__committee",
    ).defer(
        *(case_path + name for name in CASE_SECTIONS),
        "recommendation__decision__text",
        "recommendation__decision__dissent",
    )


def adoptions_by_pk(pks: list[int]) -> list[Adoption]:
    """The adoptions of one page, in the order of ``pks``: the page is chosen by sorting
    narrow rows (``adoptions_filtered(...).values_list("pk")``), then only its rows are
    read with their party, recommendation and case (the keys come from a query that
    already left out what the user may not read)."""
    by_pk = _adoptions_with_case().in_bulk(pks)
    return [by_pk[pk] for pk in pks]


def group_adoptions(adoptions: list[Adoption]) -> tuple[list, list]:
    """The same adoptions grouped by party and by case (recommendation)."""
    by_party: dict = defaultdict(list)
    by_recommendation: dict = defaultdict(list)
    for adoption in adoptions:
        by_party[adoption.party].append(adoption)
        by_recommendation[adoption.recommendation].append(adoption)
    return list(by_party.items()), list(by_recommendation.items())
