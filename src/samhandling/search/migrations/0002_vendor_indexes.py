"""The database-specific half of the search index.

PostgreSQL: GIN indexes on the two tsvector columns. SQLite: the FTS5 table ``search_fts``
(rowid = case id) holding text pre-stemmed in Python. Each vendor skips the other's half,
so one migration history serves both databases.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    # Keep the tsvectors inline in the row (compressed) and move the long texts out to
    # TOAST first: a search that walks rows testing `@@` then never fetches TOAST chunks,
    # which made it three times slower.
    "ALTER TABLE search_searchdocument "
    "ALTER COLUMN public_text SET STORAGE EXTERNAL, "
    "ALTER COLUMN exempt_text SET STORAGE EXTERNAL, "
    "ALTER COLUMN public_vector SET STORAGE MAIN, "
    "ALTER COLUMN full_vector SET STORAGE MAIN",
    "CREATE INDEX search_doc_public_vector_gin ON search_searchdocument USING gin (public_vector)",
    "CREATE INDEX search_doc_full_vector_gin ON search_searchdocument USING gin (full_vector)",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE search_searchdocument "
    "ALTER COLUMN public_text SET STORAGE EXTENDED, "
    "ALTER COLUMN exempt_text SET STORAGE EXTENDED, "
    "ALTER COLUMN public_vector SET STORAGE EXTENDED, "
    "ALTER COLUMN full_vector SET STORAGE EXTENDED",
    "DROP INDEX IF EXISTS search_doc_public_vector_gin",
    "DROP INDEX IF EXISTS search_doc_full_vector_gin",
]
# Stems contain letters and digits only; unicode61 without diacritic folding keeps æ, ø, å.
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "public_subject, public_text, exempt_subject, exempt_text, "
    "tokenize = 'unicode61 remove_diacritics 0')"
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
