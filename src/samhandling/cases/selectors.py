"""Reads of the case register: what the pages list and how a case stands across committees.
Each selector fetches what its page shows in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Exists,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samhandling.core.access import Access
from samhandling.structure.models import Committee

from .models import (
    Adoption,
    Attachment,
    Case,
    Decision,
    ProgressPlanEntry,
    Proposal,
    Recommendation,
    Treatment,
)


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


def case_state_summary(case: Case) -> CaseState:
    """The state across committees, from ``case.treatments.all()`` (prefetch the treatments
    with their decision and committee to avoid queries per case)."""
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
        if treatment.role == Treatment.Role.DECIDES:
            state.deciding += 1
            if decision is None:
                state.pending += 1
            elif decision.is_adopted:
                state.adopted += 1
            elif decision.outcome == Decision.Outcome.DEFERRED:
                state.deferred += 1
            elif decision.outcome == Decision.Outcome.NOTED:
                state.noted += 1
            else:
                state.not_adopted += 1
        else:
            state.informed += 1
            if treatment.role == Treatment.Role.DISCUSSES:
                state.discussed += 1
            if decision is None:
                state.pending += 1
            else:
                state.informed_treated += 1
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
    committee: Committee | None = None,
    year: int | None = None,
    kind: str = "",
    priority_group: str = "",
    state: str = "",
    sort: str = "number",
) -> QuerySet[Case]:
    """The filtered, sorted register. Filters on treatments and priority groups are
    semi-joins (``IN``/``EXISTS``), not joins: no row is repeated, so neither the page nor
    the paginator's count needs ``DISTINCT`` over the whole register, and the sort walks the
    case number index."""
    cases = Case.objects.all()
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
    # The long sections stay in the database: sorting and paging move short rows only.
    return cases.defer(*CASE_SECTIONS).order_by(*SORTS.get(sort, SORTS["number"]))


ADOPTED_OUTCOMES = [Decision.Outcome.ADOPTED, Decision.Outcome.ADOPTED_WITH_CHANGES]


def _treatments_where(condition: Q) -> Exists:
    return Exists(Treatment.objects.filter(condition, case_id=OuterRef("pk")))


def _filter_state(cases: QuerySet[Case], state: str) -> QuerySet[Case]:
    """The states of ``CaseState.key`` as ``EXISTS`` conditions on the case's treatments:
    open = no decision yet or deferred; adopted = every deciding treatment adopted."""
    deciding = Q(role=Treatment.Role.DECIDES)
    adopted_decision = Q(
        pk__in=Decision.objects.filter(outcome__in=ADOPTED_OUTCOMES).values("treatment_id")
    )
    open_ = Q(decision__isnull=True) | Q(decision__outcome=Decision.Outcome.DEFERRED)
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


def with_list_details(cases: QuerySet[Case] | list[Case]) -> list[Case]:
    """Attach what a row of the list shows (committees, state, priority groups) to a page of
    cases in two queries: the treatments with only what the state needs (decision,
    committee and its level), and the priority groups."""
    page = list(cases)
    if not page:
        return page
    prefetch_related_objects(
        page,
        Prefetch(
            "treatments",
            queryset=Treatment.objects.select_related("decision", "committee__level"),
        ),
        "priority_groups",
    )
    for case in page:
        case.state = case_state_summary(case)
        case.priority_group_list = list(case.priority_groups.all())
    return page


# --- one case -----------------------------------------------------------------------------


def case_detail(*, year: int, sequence: int, can_see_exempt: bool) -> Case:
    """The case with everything its page shows, prefetched; 404 when it does not exist.
    Exempt attachments are left out for those who may not see them."""
    attachments = Attachment.objects.order_by("order", "id")
    if not can_see_exempt:
        attachments = attachments.filter(access=Access.OPEN)
    cases = Case.objects.select_related(
        "case_officer__organisation", "created_by"
    ).prefetch_related(
        "priority_groups",
        Prefetch("attachments", queryset=attachments),
        Prefetch("treatments", queryset=treatments_queryset().order_by("id")),
        Prefetch(
            "treatments__proposals",
            queryset=Proposal.objects.select_related("proposer", "on_behalf_of"),
        ),
        Prefetch(
            "treatments__decision__recommendations",
            queryset=Recommendation.objects.prefetch_related(
                Prefetch("adoptions", queryset=Adoption.objects.select_related("party"))
            ),
        ),
        Prefetch("progress_plan", queryset=ProgressPlanEntry.objects.order_by("sort_date", "id")),
    )
    case = cases.filter(year=year, sequence=sequence).first()
    if case is None:
        raise Http404
    return case


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
    *, status: str = "waiting", party: str = "", case: str = "", area: str = ""
) -> list[Adoption]:
    """Adoptions with their party, recommendation and case, filtered; one query. The status
    ``waiting`` means what a party still owes: its decision, or its signature of an agreement
    it has adopted; ``unsigned`` only the signatures."""
    return list(adoptions_filtered(status=status, party=party, case=case, area=area))


def adoptions_filtered(
    *,
    status: str = "waiting",
    party: str = "",
    case: str = "",
    area: str = "",
    open_only: bool = False,
) -> QuerySet[Adoption]:
    """``adoption_list`` as a query, for a page at a time; ``open_only`` leaves out the
    adoptions of exempt cases (for visitors)."""
    adoptions = _adoptions_with_case().order_by(
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
    if open_only:
        adoptions = adoptions.exclude(
            recommendation__decision__treatment__case__access=Access.EXEMPT
        )
    return adoptions


def _adoptions_with_case() -> QuerySet[Adoption]:
    case_path = "recommendation__decision__treatment__case__"
    return Adoption.objects.select_related(
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
    read with their party, recommendation and case."""
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
