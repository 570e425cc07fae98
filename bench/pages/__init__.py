"""Page benchmark: every kind of page at 100,000 cases, against a bare Django view.

``python -m bench.pages`` builds (or reuses, from ``bench/out/``) a register of generated
cases on SQLite and on PostgreSQL, serves it the way the README says to serve in production
(``samhandling serve --production``: gunicorn, 2 × cores + 1 workers) and the way ``make demo``
serves it (waitress, one process), and measures each page anonymously and logged in as the
secretariat: requests per second under 16 concurrent connections, warm single-request
latency (p50/p95/p99), the ratio to the yardstick (``/bench/hello/``, a bare Django view on
the same server in the same run) and the SQL queries each page runs, with their time.

Targets: p95 under 50 ms for every page; under load, anonymous pages at least half the
yardstick's requests per second and logged-in pages at least a quarter.

``--quick`` tries it out on 10,000 cases with shorter runs; ``--cases N`` picks the size.
"""
