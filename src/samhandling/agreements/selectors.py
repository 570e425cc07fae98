"""One selector per page: each reads what its page shows in a fixed number of queries
(pinned in ``tests/test_pages.py``). Visitors see versions that have left the drafting table
and budgets with a decided allocation; drafts are for the secretariat."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from samhandling.cases import access as case_access
from samhandling.cases.models import Adoption, Recommendation
from samhandling.core.actor import Actor
from samhandling.structure.models import Organisation

from .calculation import AllocationResult, allocation_compute, allocation_result
from .compare import PointChange, compare_points
from .models import (
    Agreement,
    Allocation,
    AllocationLine,
    Budget,
    CostKey,
    Point,
    PointLink,
    Review,
    Version,
)


def _adoptions(user: Actor | None, secretariat: bool) -> QuerySet[Adoption]:
    """A party's decision and signature are read through ``cases.access``: only for a case
    the user may read (the secretariat reads every case)."""
    if secretariat:
        return Adoption.objects.all()
    return case_access.adoptions_visible_to(user)


def visible_versions(secretariat: bool) -> QuerySet[Version]:
    versions = Version.objects.all()
    return versions if secretariat else versions.exclude(status=Version.Status.DRAFT)


def version_in_force(versions: list[Version], today: datetime.date) -> Version | None:
    """The version in force on ``today``: the latest in force from that day or before."""
    candidates = [
        v
        for v in versions
        if v.status in (Version.Status.IN_FORCE, Version.Status.REPLACED)
        and v.in_force_from is not None
        and v.in_force_from <= today
    ]
    candidates.sort(key=lambda v: v.in_force_from)
    # A replaced version is in force only until its successor came into force.
    return candidates[-1] if candidates else None


@dataclass
class AgreementRow:
    agreement: Agreement
    in_force: Version | None
    in_treatment: list[Version]
    latest: Version | None
    last_reviewed: datetime.date | None
    review_due_on: datetime.date | None
    due: bool


def agreement_list(*, secretariat: bool, today: datetime.date) -> list[AgreementRow]:
    """Query 1: the agreements with their parent, party count and last review; query 2: their
    (visible) versions."""
    last_review = (
        Review.objects.filter(agreement=OuterRef("pk"))
        .order_by("-reviewed_on")
        .values("reviewed_on")[:1]
    )
    agreements = (
        Agreement.objects.select_related("parent")
        .annotate(
            last_reviewed=Subquery(last_review),
            party_count=Count("parties", distinct=True),
        )
        .prefetch_related(Prefetch("versions", queryset=visible_versions(secretariat)))
        .order_by("kind", "order", "title")
    )
    rows = []
    for agreement in agreements:
        versions = list(agreement.versions.all())
        rows.append(
            AgreementRow(
                agreement=agreement,
                in_force=version_in_force(versions, today),
                in_treatment=[v for v in versions if v.status == Version.Status.IN_TREATMENT],
                latest=versions[-1] if versions else None,
                last_reviewed=agreement.last_reviewed,
                review_due_on=agreement.review_due_on(agreement.last_reviewed),
                due=agreement.is_due_for_review(agreement.last_reviewed, today),
            )
        )
    return rows


@dataclass
class SignatureRow:
    party: Organisation
    cells: list[Adoption | None]


@dataclass
class AgreementPage:
    agreement: Agreement
    versions: list[Version]
    in_force: Version | None
    shown: Version | None
    points: list[Point]
    signature_versions: list[Version]
    signatures: list[SignatureRow]
    reviews: list[Review]
    sub_agreements: list[Agreement]
    due: bool
    review_due_on: datetime.date | None
    parties: list[Organisation] = field(default_factory=list)


def _points_with_links(version: Version | None) -> list[Point]:
    if version is None:
        return []
    links = PointLink.objects.select_related("case", "project").order_by("id")
    return list(version.points.prefetch_related(Prefetch("links", queryset=links)))


def agreement_page(
    *,
    slug: str,
    secretariat: bool,
    today: datetime.date,
    version_pk: int | None = None,
    user: Actor | None = None,
) -> AgreementPage:
    """Queries: the agreement (1), its parties (2), its versions with case and recommendation
    (3), the adoptions of those recommendations (4), the shown version's points (5) and their
    links (6), the reviews (7), the sub-agreements (8), and which of the cases the page names
    (linked cases, recommendations' cases) the user may read (9: not for the secretariat, nor
    when the page names no case). Adoptions are read through ``cases.access``;
    versions whose recommendation's case the user may not read get no signature column."""
    agreement = get_object_or_404(Agreement.objects.select_related("parent"), slug=slug)
    parties = list(agreement.parties.order_by("side", "name"))
    versions = list(
        visible_versions(secretariat)
        .filter(agreement=agreement)
        .select_related("case", "recommendation__decision__treatment", "replaced_by")
    )
    in_force = version_in_force(versions, today)
    shown = None
    if version_pk is not None:
        shown = next((v for v in versions if v.pk == version_pk), None)
        if shown is None:
            raise Http404
    shown = shown or in_force or (versions[-1] if versions else None)
    points = _points_with_links(shown)
    # One question to cases.access for every case this page names: the linked cases (their
    # subject) and the recommendations' cases (the parties' decisions and signatures).
    link_cases = [link.case for point in points for link in point.links.all() if link.case_id]
    recommended = [v for v in versions if v.recommendation_id]
    ids = {c.pk for c in link_cases} | {
        v.recommendation.decision.treatment.case_id for v in recommended
    }
    # The secretariat reads every case; no question needed.
    readable = ids if secretariat or not ids else case_access.readable_ids(user, list(ids))
    for case in link_cases:
        case.readable = case.pk in readable
    signature_versions = [
        v for v in recommended if v.recommendation.decision.treatment.case_id in readable
    ]
    adoptions = (
        _adoptions(user, secretariat)
        .filter(recommendation_id__in=[v.recommendation_id for v in signature_versions])
        .select_related("party")
    )
    by_cell = {(a.recommendation_id, a.party_id): a for a in adoptions}
    known = {p.pk for p in parties}
    extra = {a.party.pk: a.party for a in by_cell.values() if a.party_id not in known}
    rows = [
        SignatureRow(
            party=party,
            cells=[by_cell.get((v.recommendation_id, party.pk)) for v in signature_versions],
        )
        for party in [*parties, *sorted(extra.values(), key=lambda p: p.name)]
    ]
    reviews = list(agreement.reviews.select_related("case"))
    last = reviews[0].reviewed_on if reviews else None
    return AgreementPage(
        agreement=agreement,
        versions=versions,
        in_force=in_force,
        shown=shown,
        points=points,
        signature_versions=signature_versions,
        signatures=rows,
        reviews=reviews,
        sub_agreements=list(agreement.sub_agreements.all()),
        due=agreement.is_due_for_review(last, today),
        review_due_on=agreement.review_due_on(last),
        parties=parties,
    )


def version_for(*, slug: str, pk: int, secretariat: bool) -> Version:
    return get_object_or_404(
        visible_versions(secretariat).select_related("agreement"), agreement__slug=slug, pk=pk
    )


def version_compare(old: Version, new: Version) -> list[PointChange]:
    def rows(version: Version) -> list[tuple[str, str, str]]:
        return list(version.points.values_list("number", "title", "text"))

    return compare_points(rows(old), rows(new))


def case_point_links(case_id: int) -> list[PointLink]:
    """The agreement points a case concerns, for the case page."""
    return list(
        PointLink.objects.filter(case_id=case_id)
        .exclude(point__version__status=Version.Status.DRAFT)
        .select_related("point__version__agreement")
    )


def project_point_links(project_id: int) -> list[PointLink]:
    """The agreement points a project concerns, for the project page."""
    return list(
        PointLink.objects.filter(project_id=project_id)
        .exclude(point__version__status=Version.Status.DRAFT)
        .select_related("point__version__agreement")
    )


# --- keys and budgets -----------------------------------------------------------------------


def key_list() -> list[CostKey]:
    """Query 1: the keys with the number of budgets using each."""
    return list(CostKey.objects.annotate(budget_count=Count("budgets")))


def key_detail(*, slug: str, version: int, secretariat: bool) -> tuple[CostKey, list[Budget]]:
    key = get_object_or_404(CostKey, slug=slug, version=version)
    budgets = visible_budgets(secretariat).filter(key=key).select_related("project")
    return key, list(budgets)


def visible_budgets(secretariat: bool) -> QuerySet[Budget]:
    budgets = Budget.objects.all()
    if secretariat:
        return budgets
    return budgets.filter(Exists(Allocation.objects.filter(budget=OuterRef("pk"))))


def budget_list(*, secretariat: bool) -> list[Budget]:
    """Query 1: the budgets with project, key and their number of decided allocations."""
    return list(
        visible_budgets(secretariat)
        .select_related("project", "key")
        .annotate(decided_count=Count("allocations"))
        .order_by("-year", "project__name", "title")
    )


@dataclass
class BudgetPage:
    budget: Budget
    draft: AllocationResult | None
    decided: list[AllocationResult]


def _attach_adoptions(result: AllocationResult) -> None:
    """Each party's own decision on the allocation's recommendation, beside its share."""
    if result.decided is None:
        return
    adoptions = {a.party_id: a for a in result.decided.recommendation.adoptions.all()}
    for line in result.lines:
        line.adoption = adoptions.get(line.party_id)


def budget_page(*, pk: int, secretariat: bool, user: Actor | None = None) -> BudgetPage:
    """Queries: the budget with project and key (1), its decided allocations with their
    recommendation (2), their lines (3) and adoptions (4); for the secretariat the draft reads
    the cost elements, parties and entered shares (5–7)."""
    budget = get_object_or_404(visible_budgets(secretariat).select_related("project", "key"), pk=pk)
    allocations = list(
        budget.allocations.select_related(
            "recommendation__decision__treatment__case",
            "recommendation__decision__treatment__committee",
            "key",
        ).prefetch_related(
            Prefetch("lines", queryset=AllocationLine.objects.order_by("order")),
            Prefetch(
                "recommendation__adoptions",
                queryset=_adoptions(user, secretariat).select_related("party"),
            ),
        )
    )
    decided = []
    for allocation in allocations:
        allocation.budget = budget
        result = allocation_result(allocation)
        _attach_adoptions(result)
        decided.append(result)
    draft = allocation_compute(budget) if secretariat else None
    return BudgetPage(budget=budget, draft=draft, decided=decided)


def allocation_for_export(
    *, budget_pk: int, allocation_pk: int | None, secretariat: bool, user: Actor | None = None
) -> AllocationResult:
    """The decided allocation ``allocation_pk``, or (secretariat only) the draft."""
    budget = get_object_or_404(
        visible_budgets(secretariat).select_related("project", "key"), pk=budget_pk
    )
    if allocation_pk is None:
        if not secretariat:
            raise Http404
        return allocation_compute(budget)
    allocation = get_object_or_404(
        budget.allocations.select_related("key", "recommendation").prefetch_related(
            Prefetch("lines", queryset=AllocationLine.objects.order_by("order")),
            Prefetch(
                "recommendation__adoptions",
                queryset=_adoptions(user, secretariat).select_related("party"),
            ),
        ),
        pk=allocation_pk,
    )
    allocation.budget = budget
    result = allocation_result(allocation)
    _attach_adoptions(result)
    return result


def recommendations_for_allocation() -> QuerySet[Recommendation]:
    """Recommendations an allocation can be decided under: those that carry adoptions."""
    return (
        Recommendation.objects.annotate(n=Count("adoptions"))
        .filter(n__gt=0)
        .select_related("decision__treatment__case", "decision__treatment__committee")
        .order_by("-decision__decided_on", "-id")
    )


def due_for_review(rows: list[AgreementRow]) -> list[AgreementRow]:
    return [row for row in rows if row.due]
