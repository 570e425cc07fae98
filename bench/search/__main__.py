"""``python -m bench.search``: see the package docstring."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_MS = 100.0
ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000, help="cases to generate (100000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query (5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--pg-url",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="admin connection that creates and drops the throw-away database",
    )
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="run one database")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args)

    reports = []
    if args.only in (None, "sqlite"):
        with tempfile.TemporaryDirectory(prefix="bench-search-") as data_dir:
            env = {**os.environ, "SAMHANDLING_DATA_DIR": data_dir}
            env.pop("DATABASE_URL", None)
            reports.append(_run_child(args, env))
    if args.only in (None, "postgresql"):
        reports.append(_run_postgresql(args))
    print()
    print(
        f"Search benchmark: {args.cases} cases, {reports[0]['queries']} queries × "
        f"{args.repeat} runs, as visitor and as logged-in user"
    )
    print(
        f"{'database':<12} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}  p95 < {TARGET_MS:.0f} ms"
    )
    for report in reports:
        ok = "yes" if report["p95_ms"] < TARGET_MS else "NO"
        print(
            f"{report['database']:<12} {report['median_ms']:>10.1f} {report['p95_ms']:>8.1f} "
            f"{report['max_ms']:>8.1f}  {ok}"
        )
    for report in reports:
        print(f"\nslowest queries on {report['database']} (median ms):")
        for label, ms in report["slowest"]:
            print(f"  {ms:7.1f}  {label}")
        print(f"generation and indexing: {report['generate_s']:.0f} s")
    return 0


def _run_child(args, env) -> dict:
    command = [
        sys.executable, "-m", "bench.search", "--child",
        "--cases", str(args.cases), "--repeat", str(args.repeat), "--seed", str(args.seed),
    ]  # fmt: skip
    completed = subprocess.run(
        command, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _run_postgresql(args) -> dict:
    import psycopg

    name = f"bench_search_{os.getpid()}"
    with psycopg.connect(args.pg_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        base = args.pg_url.rsplit("/", 1)[0]
        with tempfile.TemporaryDirectory(prefix="bench-search-") as data_dir:
            env = {**os.environ, "SAMHANDLING_DATA_DIR": data_dir, "DATABASE_URL": f"{base}/{name}"}
            return _run_child(args, env)
    finally:
        with psycopg.connect(args.pg_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _child(args) -> int:
    """Runs inside the child process with its database chosen by the environment."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samhandling.settings")
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser, User
    from django.core.management import call_command
    from django.db import connection, transaction

    from samhandling.cases.models import PriorityGroup
    from samhandling.search.generator import register_generate
    from samhandling.search.selectors import search_cases
    from samhandling.structure import demo as structure_demo
    from samhandling.structure.models import Committee

    from .queries import query_set

    def log(message: str) -> None:
        print(f"[{connection.vendor}] {message}", file=sys.stderr, flush=True)

    call_command("migrate", interactive=False, verbosity=0)
    with transaction.atomic():
        structure_demo.load()
    started = time.monotonic()
    register_generate(cases=args.cases, seed=args.seed, progress=log)
    generate_s = time.monotonic() - started

    committees = list(Committee.objects.filter(area__isnull=False).order_by("pk"))
    groups = list(PriorityGroup.objects.order_by("pk"))
    # The secretariat searches exempt text too; a superuser counts as secretariat.
    users = [AnonymousUser(), User(username="bench", is_active=True, is_superuser=True)]
    timings: list[float] = []
    per_query: dict[str, list[float]] = {}
    queries = query_set()
    for text, filters in queries:
        resolved = dict(filters)
        if "committee" in resolved:
            resolved["committee"] = committees[resolved["committee"] % len(committees)]
        if "priority_group" in resolved:
            resolved["priority_group"] = groups[resolved["priority_group"] % len(groups)].pk
        for user in users:
            label = f"{text or '(filters only)'} {filters or ''} " + (
                "[logged in]" if user.is_authenticated else "[visitor]"
            )
            search_cases(query=text, user=user, **resolved)  # warm-up, not counted
            for _ in range(args.repeat):
                start = time.perf_counter()
                page = search_cases(query=text, user=user, **resolved)
                elapsed = (time.perf_counter() - start) * 1000
                timings.append(elapsed)
                per_query.setdefault(label, []).append(elapsed)
            log(f"{statistics.median(per_query[label]):7.1f} ms  {page.total:>5} hits  {label}")
    timings.sort()
    slowest = sorted(
        ((label, statistics.median(ms)) for label, ms in per_query.items()),
        key=lambda item: -item[1],
    )[:5]
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "queries": len(queries),
                "median_ms": statistics.median(timings),
                "p95_ms": timings[int(0.95 * (len(timings) - 1))],
                "max_ms": timings[-1],
                "slowest": slowest,
                "generate_s": generate_s,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
