"""Reads for full-text search over the case register.

``search_cases`` is the one entry point; it runs PostgreSQL's text search (``norwegian``
configuration, GIN-indexed tsvectors, ``ts_rank`` and ``ts_headline``) or SQLite's FTS5
(pre-stemmed text, ``bm25``), by the database in use. Everyone matches open content; the
exempt content of a case (its exempt text, and any text of a protected case) is matched only
for those ``cases.access`` lets read it whole: the secretariat, and the members and case
officer close to that case.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
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
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString

from samhandling.cases.access import close_cases
from samhandling.cases.models import Case, PriorityGroup
from samhandling.core.access import Access
from samhandling.core.actor import Actor
from samhandling.structure.models import Committee

from .models import SearchDocument
from .services import CONFIG
from .text import (
    START_MARK,
    STOP_MARK,
    format_headline,
    highlight,
    normalise_text,
    parse_query,
)

PAGE_SIZE = 20
# Counting stops here: nobody pages through more, and counting every hit of a common word
# would cost more than the search itself.
MAX_COUNT = 1000
# FTS5 column weights (public_subject, public_text, exempt_subject, exempt_text), like
# PostgreSQL's weights A (subject) and B (text).
_BM25 = "bm25(search_fts, 10.0, 1.0, 10.0, 1.0)"


@dataclass(frozen=True)
class SearchResult:
    case_id: int
    year: int
    sequence: int
    subject: str
    kind: str
    paper_date: datetime.date
    is_exempt: bool
    subject_html: SafeString  # the subject with hits marked
    snippet: SafeString
    committees: list[str]

    @property
    def number(self) -> str:
        return f"{self.sequence}/{self.year % 100:02d}"

    @property
    def kind_label(self) -> str:
        return str(Case.Kind(self.kind).label)

    @property
    def url(self) -> str:
        return reverse("cases:detail", args=[self.year, self.sequence])


@dataclass(frozen=True)
class SearchPage:
    query: str
    searched: bool
    results: list[SearchResult] = field(default_factory=list)
    total: int = 0
    total_is_capped: bool = False
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def previous_page(self) -> int:
        return self.page - 1

    @property
    def next_page(self) -> int:
        return self.page + 1

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.page_size + 1

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.results) - 1


def search_cases(
    *,
    query: str,
    user: Actor | None,
    committee: Committee | int | None = None,
    year: int | None = None,
    kind: str | None = None,
    priority_group: PriorityGroup | int | None = None,
    page: int = 1,
) -> SearchPage:
    """One page of the cases matching ``query`` and the filters, best match first.

    Without words to search for, the filters alone list cases newest first; with neither,
    nothing is searched.
    """
    query = (query or "").strip()
    page = max(1, page)
    full_ids = _full_text_ids(user)
    filters = {
        "committee": committee,
        "year": year,
        "kind": kind,
        "priority_group": priority_group,
    }
    if not query and all(value in (None, "") for value in filters.values()):
        return SearchPage(query=query, searched=False)
    if query and connection.vendor == "sqlite":
        return _search_sqlite(query=query, full_ids=full_ids, page=page, **filters)
    documents = _filtered(full_ids=full_ids, **filters)
    if not query:
        return _filters_only(documents, page=page)
    return _search_postgresql(documents, query=query, full_ids=full_ids, page=page)


def _full_text_ids(user: Actor | None) -> set[int] | None:
    """The cases whose whole text the user may search (None: every case)."""
    close = close_cases(user)
    if close is None:
        return None
    return set(close.values_list("pk", flat=True).distinct())


def _filtered(*, full_ids, committee, year, kind, priority_group) -> QuerySet[SearchDocument]:
    documents = SearchDocument.objects.all()
    if full_ids is not None:
        # Filters say something about a case too, so a protected case is found only by
        # those who may read it.
        documents = documents.filter(Q(access=Access.OPEN) | Q(case_id__in=full_ids))
    # EXISTS rather than a join: it probes the link table's (document, committee) index for
    # each candidate row and stops with the page, instead of collecting every linked case.
    if committee not in (None, ""):
        documents = documents.filter(
            Exists(
                SearchDocument.committees.through.objects.filter(
                    searchdocument_id=OuterRef("case_id"),
                    committee_id=getattr(committee, "pk", committee),
                )
            )
        )
    if year not in (None, ""):
        # The year's cases lie within a range of ids: a scan in id order starts there
        # instead of skipping every newer case.
        first, last = _id_range(year=int(year))
        documents = documents.filter(year=year, case_id__gte=first, case_id__lte=last)
    if kind not in (None, ""):
        documents = documents.filter(kind=kind)
    if priority_group not in (None, ""):
        documents = documents.filter(
            Exists(
                SearchDocument.priority_groups.through.objects.filter(
                    searchdocument_id=OuterRef("case_id"),
                    prioritygroup_id=getattr(priority_group, "pk", priority_group),
                )
            )
        )
    return documents


def _count(documents: QuerySet) -> tuple[int, bool]:
    total = documents.order_by()[: MAX_COUNT + 1].count()
    return min(total, MAX_COUNT), total > MAX_COUNT


def _filters_only(documents: QuerySet[SearchDocument], *, page: int) -> SearchPage:
    total, capped = _count(documents)
    offset = (page - 1) * PAGE_SIZE
    ids = list(
        documents.order_by("-year", "-case_id").values_list("case_id", flat=True)[
            offset : offset + PAGE_SIZE
        ]
    )
    rows = _page_rows(ids)
    results = [
        _result(
            rows[i],
            subject=escape(rows[i].subject),
            snippet=highlight(rows[i].public_text, set()),
        )
        for i in ids
    ]
    return SearchPage(
        query="", searched=True, results=results, total=total, total_is_capped=capped, page=page
    )


def _ranked_page(candidates: list[tuple[int, float]], *, page: int) -> tuple[list[int], int, bool]:
    """Order the candidates (case id, score where higher is better) and cut out one page.

    The candidates are the newest MAX_COUNT + 1 matches: ranking every match of a common
    word would cost time in proportion to the register, so a broad search ranks its newest
    thousand hits and says that there are more.
    """
    capped = len(candidates) > MAX_COUNT
    candidates = candidates[:MAX_COUNT]
    # Best score first; among equals the newest case (the highest id).
    candidates.sort(key=lambda c: (-c[1], -c[0]))
    offset = (page - 1) * PAGE_SIZE
    return [c[0] for c in candidates[offset : offset + PAGE_SIZE]], len(candidates), capped


def _search_postgresql(
    documents: QuerySet[SearchDocument], *, query: str, full_ids: set[int] | None, page: int
) -> SearchPage:
    # Nynorsk forms read as bokmål, as the index has them (``text.normalise_text``).
    search_query = SearchQuery(normalise_text(query), search_type="websearch", config=CONFIG)
    # Snippets show the text as written, so the words as typed are marked too.
    headline_query = search_query | SearchQuery(query, search_type="websearch", config=CONFIG)
    see_exempt = full_ids is None
    vector = "full_vector" if see_exempt else "public_vector"
    match = Q(**{vector: search_query})
    if full_ids:
        match |= Q(full_vector=search_query, case_id__in=full_ids)
    newest_matches = documents.filter(match).order_by("-case_id").values("case_id")[: MAX_COUNT + 1]
    candidates = list(
        SearchDocument.objects.filter(case_id__in=newest_matches)
        .annotate(rank=SearchRank(F(vector), search_query))
        .order_by("-case_id")
        .values_list("case_id", "rank")
    )
    ids, total, capped = _ranked_page(candidates, page=page)
    full_text = Concat("public_text", Value("\n"), "exempt_text", output_field=TextField())
    if see_exempt:
        text = full_text
    elif full_ids:
        text = DbCase(When(case_id__in=full_ids, then=full_text), default=F("public_text"))
    else:
        text = F("public_text")
    headlines = {
        case_id: (subject, snippet)
        for case_id, subject, snippet in SearchDocument.objects.filter(case_id__in=ids)
        .annotate(
            subject_headline=SearchHeadline(
                "subject",
                headline_query,
                config=CONFIG,
                start_sel=START_MARK,
                stop_sel=STOP_MARK,
                highlight_all=True,
            ),
            headline=SearchHeadline(
                text,
                headline_query,
                config=CONFIG,
                start_sel=START_MARK,
                stop_sel=STOP_MARK,
                max_words=30,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .values_list("case_id", "subject_headline", "headline")
    }
    rows = _page_rows(ids)
    results = [
        _result(
            rows[i],
            subject=format_headline(headlines[i][0]),
            snippet=format_headline(headlines[i][1]),
        )
        for i in ids
    ]
    return SearchPage(
        query=query, searched=True, results=results, total=total, total_is_capped=capped, page=page
    )


def _search_sqlite(
    *, query: str, full_ids: set[int] | None, committee, year, kind, priority_group, page: int
) -> SearchPage:
    parsed = parse_query(query)
    if parsed.is_empty():
        return SearchPage(query=query, searched=True, page=page)
    filters = {
        "committee": committee,
        "year": year,
        "kind": kind,
        "priority_group": priority_group,
    }
    if full_ids is None:
        candidates = _sqlite_candidates(parsed.fts5(), [], **filters)
    else:
        # Open content for everyone; the whole text of the cases the user is close to.
        public_match = "{public_subject public_text} : (" + parsed.fts5() + ")"
        candidates = _sqlite_candidates(public_match, ["d.access = %s"], [Access.OPEN], **filters)
        if full_ids:
            ids = sorted(full_ids)
            placeholders = ", ".join(["%s"] * len(ids))
            more = _sqlite_candidates(
                parsed.fts5(), [f"d.case_id IN ({placeholders})"], ids, **filters
            )
            best = dict(candidates)
            for case_id, score in more:
                best[case_id] = max(score, best.get(case_id, score))
            candidates = sorted(best.items(), key=lambda c: -c[0])[: MAX_COUNT + 1]
    ids, total, capped = _ranked_page(candidates, page=page)
    rows = _page_rows(ids)
    stems = parsed.stems
    results = []
    for i in ids:
        row = rows[i]
        whole = full_ids is None or i in full_ids
        text = f"{row.public_text}\n{row.exempt_text}" if whole else row.public_text
        results.append(
            _result(
                row,
                subject=highlight(row.subject, stems, length=1000, before=1000),
                snippet=highlight(text, stems),
            )
        )
    return SearchPage(
        query=query, searched=True, results=results, total=total, total_is_capped=capped, page=page
    )


def _sqlite_candidates(
    match: str,
    extra_where: list[str],
    extra_params: list | None = None,
    *,
    committee,
    year,
    kind,
    priority_group,
) -> list[tuple[int, float]]:
    where = ["search_fts MATCH %s", *extra_where]
    params: list = [match, *(extra_params or [])]
    if committee not in (None, ""):
        where.append(
            "EXISTS (SELECT 1 FROM search_searchdocument_committees l "
            "WHERE l.searchdocument_id = d.case_id AND l.committee_id = %s)"
        )
        params.append(getattr(committee, "pk", committee))
    if year not in (None, ""):
        where.append("d.year = %s")
        params.append(int(year))
        # As in _filtered; FTS5 then reads only that range of rowids.
        first, last = _id_range(year=int(year))
        where.append("search_fts.rowid BETWEEN %s AND %s")
        params += [first, last]
    if kind not in (None, ""):
        where.append("d.kind = %s")
        params.append(kind)
    if priority_group not in (None, ""):
        where.append(
            "EXISTS (SELECT 1 FROM search_searchdocument_priority_groups l "
            "WHERE l.searchdocument_id = d.case_id AND l.prioritygroup_id = %s)"
        )
        params.append(getattr(priority_group, "pk", priority_group))
    with connection.cursor() as cursor:
        # FTS5 hands out matches by rowid (the case id), so the newest come first and the
        # limit stops the scan; bm25 is lower for better matches, hence the minus.
        cursor.execute(
            f"SELECT d.case_id, -{_BM25} FROM search_fts "
            "JOIN search_searchdocument d ON d.case_id = search_fts.rowid "
            f"WHERE {' AND '.join(where)} ORDER BY search_fts.rowid DESC LIMIT %s",
            [*params, MAX_COUNT + 1],
        )
        return cursor.fetchall()


def _id_range(*, year: int) -> tuple[int, int]:
    bounds = SearchDocument.objects.filter(year=year).aggregate(
        first=Min("case_id"), last=Max("case_id")
    )
    return bounds["first"] or 0, bounds["last"] or 0


def _page_rows(ids: list[int]) -> dict[int, SearchDocument]:
    """The documents of one page with their committees: two queries."""
    committees = Committee.objects.only("name", "short_name", "order", "level")
    rows = SearchDocument.objects.filter(case_id__in=ids).defer("public_vector", "full_vector")
    rows = rows.prefetch_related(
        Prefetch("committees", queryset=committees.order_by("level__order", "order", "name"))
    )
    return {row.case_id: row for row in rows}


def _result(row: SearchDocument, *, subject: SafeString, snippet: SafeString) -> SearchResult:
    return SearchResult(
        case_id=row.case_id,
        year=row.year,
        sequence=row.sequence,
        subject=row.subject,
        kind=row.kind,
        paper_date=row.paper_date,
        is_exempt=row.access == Access.EXEMPT,
        subject_html=subject,
        snippet=snippet,
        committees=[c.short_name or c.name for c in row.committees.all()],
    )


def search_years() -> list[int]:
    """The years from the newest case back to the oldest (for the year filter): two index
    lookups, where listing the distinct years would read the whole index."""
    years = SearchDocument.objects.order_by("year").values_list("year", flat=True)
    first, last = years.first(), years.last()
    if first is None or last is None:
        return []
    return list(range(last, first - 1, -1))
