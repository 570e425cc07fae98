"""Reads for full-text search over the case register.

``search_cases`` is the one entry point; it runs PostgreSQL's text search (``norwegian``
configuration, GIN-indexed tsvectors, ``ts_rank`` and ``ts_headline``) or SQLite's FTS5
(pre-stemmed text, ``bm25``), by the database in use. Visitors match only open content;
logged-in users also match exempt content.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, Max, Min, OuterRef, Prefetch, QuerySet, TextField, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString

from samhandling.cases.models import Case, PriorityGroup
from samhandling.core.access import Access, may_see_exempt
from samhandling.core.actor import Actor
from samhandling.structure.models import Committee

from .models import SearchDocument
from .services import CONFIG
from .text import START_MARK, STOP_MARK, format_headline, highlight, parse_query

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
    see_exempt = may_see_exempt(user)
    filters = {
        "committee": committee,
        "year": year,
        "kind": kind,
        "priority_group": priority_group,
    }
    if not query and all(value in (None, "") for value in filters.values()):
        return SearchPage(query=query, searched=False)
    if query and connection.vendor == "sqlite":
        return _search_sqlite(query=query, see_exempt=see_exempt, page=page, **filters)
    documents = _filtered(see_exempt=see_exempt, **filters)
    if not query:
        return _filters_only(documents, page=page)
    return _search_postgresql(documents, query=query, see_exempt=see_exempt, page=page)


def _filtered(*, see_exempt, committee, year, kind, priority_group) -> QuerySet[SearchDocument]:
    documents = SearchDocument.objects.all()
    if not see_exempt:
        documents = documents.filter(access=Access.OPEN)
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
    documents: QuerySet[SearchDocument], *, query: str, see_exempt: bool, page: int
) -> SearchPage:
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    vector = "full_vector" if see_exempt else "public_vector"
    newest_matches = (
        documents.filter(**{vector: search_query})
        .order_by("-case_id")
        .values("case_id")[: MAX_COUNT + 1]
    )
    candidates = list(
        SearchDocument.objects.filter(case_id__in=newest_matches)
        .annotate(rank=SearchRank(F(vector), search_query))
        .order_by("-case_id")
        .values_list("case_id", "rank")
    )
    ids, total, capped = _ranked_page(candidates, page=page)
    text = (
        Concat("public_text", Value("\n"), "exempt_text", output_field=TextField())
        if see_exempt
        else F("public_text")
    )
    headlines = {
        case_id: (subject, snippet)
        for case_id, subject, snippet in SearchDocument.objects.filter(case_id__in=ids)
        .annotate(
            subject_headline=SearchHeadline(
                "subject",
                search_query,
                config=CONFIG,
                start_sel=START_MARK,
                stop_sel=STOP_MARK,
                highlight_all=True,
            ),
            headline=SearchHeadline(
                text,
                search_query,
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
    *, query: str, see_exempt: bool, committee, year, kind, priority_group, page: int
) -> SearchPage:
    parsed = parse_query(query)
    if parsed.is_empty():
        return SearchPage(query=query, searched=True, page=page)
    match = parsed.fts5()
    if not see_exempt:
        match = "{public_subject public_text} : (" + match + ")"
    where = ["search_fts MATCH %s"]
    params: list = [match]
    if not see_exempt:
        where.append("d.access = %s")
        params.append(Access.OPEN)
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
        candidates = cursor.fetchall()
    ids, total, capped = _ranked_page(candidates, page=page)
    rows = _page_rows(ids)
    stems = parsed.stems
    results = []
    for i in ids:
        row = rows[i]
        text = f"{row.public_text}\n{row.exempt_text}" if see_exempt else row.public_text
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
