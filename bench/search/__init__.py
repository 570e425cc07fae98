"""Search benchmark: a large synthetic register in throw-away SQLite and PostgreSQL
databases, a fixed set of realistic queries, median and p95 query time per database.

Run with ``.venv/bin/python -m bench.search`` (``--help`` for options). Never part of the
test suite.
"""
