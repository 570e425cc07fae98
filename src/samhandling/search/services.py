"""Keeping the full-text search index in step with the case register.

``search_index_case`` rebuilds one case's document (this app follows the case register's
``case_changed`` signal, connected in ``SearchConfig.ready``); ``search_reindex_all`` rebuilds every document in batches with a
fixed number of queries per batch (the path the ``generate`` command takes).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction

from samhandling.cases.access import protected_cases
from samhandling.cases.models import Attachment, Case, Decision, Proposal, Treatment
from samhandling.core.access import Access

from .models import SearchDocument
from .text import normalise_text, plain_text, stem_text

CONFIG = "norwegian"
BATCH_SIZE = 2000
# tsvector values are limited to 1 MB; a long attachment contributes its beginning.
MAX_ATTACHMENT_CHARS = 200_000

_SECTIONS = ("introduction", "background", "assessment", "further_work", "proposed_resolution")


@dataclass
class _Document:
    row: SearchDocument
    committee_ids: set[int] = field(default_factory=set)
    priority_group_ids: set[int] = field(default_factory=set)


def search_index_case(case_id: int) -> None:
    """(Re)index one case: its paper, its decisions and the text of its attachments.

    Called when the case register sends ``case_changed`` (after the commit). A case that no
    longer exists loses its document.
    """
    with transaction.atomic():
        _reindex_range(case_id, case_id)


def search_reindex_all(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole index in batches; returns the number of documents written."""
    case_ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        _delete_all()
        written = 0
        for start in range(0, len(case_ids), BATCH_SIZE):
            batch = case_ids[start : start + BATCH_SIZE]
            written += _reindex_range(batch[0], batch[-1], delete=False)
            if progress is not None:
                progress(written, len(case_ids))
        _after_bulk()
    return written


def _after_bulk() -> None:
    """Leave the index in shape for querying after a bulk load."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Merge the many small b-trees a bulk insert leaves into one.
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            # Fresh statistics, so the planner sees how selective each word is.
            cursor.execute(
                "ANALYZE search_searchdocument, search_searchdocument_committees, "
                "search_searchdocument_priority_groups"
            )


def _delete_all() -> None:
    through_tables = [
        SearchDocument.committees.through._meta.db_table,
        SearchDocument.priority_groups.through._meta.db_table,
    ]
    with connection.cursor() as cursor:
        for table in [*through_tables, SearchDocument._meta.db_table]:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM search_fts")


def _reindex_range(first_id: int, last_id: int, *, delete: bool = True) -> int:
    """Rebuild the documents of the cases with ids from first_id to last_id inclusive."""
    if delete:
        SearchDocument.committees.through.objects.filter(
            searchdocument_id__gte=first_id, searchdocument_id__lte=last_id
        ).delete()
        SearchDocument.priority_groups.through.objects.filter(
            searchdocument_id__gte=first_id, searchdocument_id__lte=last_id
        ).delete()
        SearchDocument.objects.filter(case_id__gte=first_id, case_id__lte=last_id).delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM search_fts WHERE rowid BETWEEN %s AND %s", [first_id, last_id]
                )
    documents = _collect(first_id, last_id)
    if not documents:
        return 0
    SearchDocument.objects.bulk_create([d.row for d in documents], batch_size=500)
    document_committee = SearchDocument.committees.through
    document_committee.objects.bulk_create(
        [
            document_committee(searchdocument_id=d.row.case_id, committee_id=committee_id)
            for d in documents
            for committee_id in sorted(d.committee_ids)
        ],
        batch_size=1000,
    )
    document_group = SearchDocument.priority_groups.through
    document_group.objects.bulk_create(
        [
            document_group(searchdocument_id=d.row.case_id, prioritygroup_id=group_id)
            for d in documents
            for group_id in sorted(d.priority_group_ids)
        ],
        batch_size=1000,
    )
    if connection.vendor == "postgresql":
        _update_vectors(d.row for d in documents)
    elif connection.vendor == "sqlite":
        _insert_fts(d.row for d in documents)
    return len(documents)


def _between(field: str, first_id: int, last_id: int) -> dict[str, int]:
    # Foreign keys have no __range lookup.
    return {f"{field}__gte": first_id, f"{field}__lte": last_id}


def _collect(first_id: int, last_id: int) -> list[_Document]:
    """Build the documents of a range of cases with five queries, whatever the range holds."""
    documents: dict[int, _Document] = {}
    public_parts: dict[int, list[str]] = defaultdict(list)
    exempt_parts: dict[int, list[str]] = defaultdict(list)
    exempt_cases: set[int] = set()

    # Protected: exempt, or on an agenda as a closed item (``cases.access`` knows which).
    protected = set(
        protected_cases()
        .filter(**_between("pk", first_id, last_id))
        .values_list("pk", flat=True)
        .distinct()
    )
    cases = Case.objects.filter(**_between("pk", first_id, last_id)).values(
        "pk", "year", "sequence", "kind", "paper_date", "subject", "exempt_sections", *_SECTIONS
    )
    for case in cases:
        is_exempt = case["pk"] in protected
        if is_exempt:
            exempt_cases.add(case["pk"])
        documents[case["pk"]] = _Document(
            SearchDocument(
                case_id=case["pk"],
                year=case["year"],
                sequence=case["sequence"],
                kind=case["kind"],
                paper_date=case["paper_date"],
                access=Access.EXEMPT if is_exempt else Access.OPEN,
                subject=case["subject"],
                public_subject="" if is_exempt else case["subject"],
            )
        )
        exempt_sections = set(case["exempt_sections"].split(","))
        for name in _SECTIONS:
            parts = exempt_parts if is_exempt or name in exempt_sections else public_parts
            parts[case["pk"]].append(plain_text(case[name]))

    for case_id, committee_id in Treatment.objects.filter(
        **_between("case_id", first_id, last_id)
    ).values_list("case_id", "committee_id"):
        if case_id in documents:
            documents[case_id].committee_ids.add(committee_id)

    for case_id, group_id in Case.priority_groups.through.objects.filter(
        **_between("case_id", first_id, last_id)
    ).values_list("case_id", "prioritygroup_id"):
        if case_id in documents:
            documents[case_id].priority_group_ids.add(group_id)

    for case_id, text, dissent in (
        Decision.objects.filter(**_between("treatment__case_id", first_id, last_id))
        .order_by("treatment_id")
        .values_list("treatment__case_id", "text", "dissent")
    ):
        parts = exempt_parts if case_id in exempt_cases else public_parts
        parts[case_id].extend([plain_text(text), plain_text(dissent)])

    for case_id, text in (
        Proposal.objects.filter(**_between("treatment__case_id", first_id, last_id))
        .order_by("treatment_id", "order", "pk")
        .values_list("treatment__case_id", "text")
    ):
        parts = exempt_parts if case_id in exempt_cases else public_parts
        parts[case_id].append(plain_text(text))

    for case_id, title, text, access in (
        Attachment.objects.filter(**_between("case_id", first_id, last_id))
        .order_by("case_id", "order", "pk")
        .values_list("case_id", "title", "extracted_text", "access")
    ):
        exempt = case_id in exempt_cases or access == Access.EXEMPT
        parts = exempt_parts if exempt else public_parts
        parts[case_id].extend([plain_text(title), plain_text(text[:MAX_ATTACHMENT_CHARS])])

    for case_id, document in documents.items():
        document.row.public_text = "\n".join(p for p in public_parts[case_id] if p)
        document.row.exempt_text = "\n".join(p for p in exempt_parts[case_id] if p)
    return list(documents.values())


def _update_vectors(rows: Iterable[SearchDocument]) -> None:
    """Let PostgreSQL build the tsvectors: the subject weighs more (A) than the text (B).

    PostgreSQL gets the text with nynorsk forms already read as bokmål (``normalise_text``),
    as the SQLite path does; the stored text, shown in snippets, stays as written."""
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET "
            "public_vector = setweight(to_tsvector(%s::regconfig, %s), 'A') "
            "|| setweight(to_tsvector(%s::regconfig, %s), 'B'), "
            "full_vector = setweight(to_tsvector(%s::regconfig, %s), 'A') "
            "|| setweight(to_tsvector(%s::regconfig, %s), 'B') "
            "WHERE case_id = %s",
            [
                (
                    CONFIG,
                    normalise_text(row.public_subject),
                    CONFIG,
                    normalise_text(row.public_text),
                    CONFIG,
                    normalise_text(row.subject),
                    CONFIG,
                    normalise_text(f"{row.public_text} {row.exempt_text}"),
                    row.case_id,
                )
                for row in rows
            ],
        )


def _insert_fts(rows: Iterable[SearchDocument]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO search_fts (rowid, public_subject, public_text, exempt_subject, "
            "exempt_text) VALUES (%s, %s, %s, %s, %s)",
            [
                (
                    row.case_id,
                    stem_text(row.public_subject),
                    stem_text(row.public_text),
                    "" if row.public_subject else stem_text(row.subject),
                    stem_text(row.exempt_text),
                )
                for row in rows
            ],
        )
