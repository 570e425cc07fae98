"""``python -m bench.pages``: see the package docstring."""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from . import load

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
SAMHANDLING = [sys.executable, "-m", "samhandling"]
TARGET_P95_MS = 50.0
TARGET_RATIO = {"anonymous": 0.5, "secretariat": 0.25}
USERS = {"secretariat": ("sekretariat", "samhandling-demo")}
SERVERS = {
    "gunicorn": ("serve --production", ["serve", "--production"]),
    "waitress": ("serve (make demo)", ["serve"]),
}
DATABASE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__)
    parser.add_argument("--cases", type=int, help="generated cases (100000; --quick: 10000)")
    parser.add_argument("--quick", action="store_true", help="10,000 cases, short runs")
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="one database")
    parser.add_argument(
        "--servers",
        default="gunicorn,waitress",
        help="gunicorn,waitress (default both); none: only count the queries",
    )
    parser.add_argument("--seconds", type=float, help="load per page (5; --quick: 2)")
    parser.add_argument("--samples", type=int, help="single requests per page (60; --quick 20)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--tool",
        choices=["wrk", "python"],
        default="wrk" if shutil.which("wrk") else "python",
        help="load generator (wrk when installed, else the built-in threaded client)",
    )
    parser.add_argument(
        "--pages", help="only pages whose key contains one of these, comma-separated"
    )
    parser.add_argument(
        "--page-cache",
        choices=["on", "off"],
        default="on",
        help="serve with the page cache (core/page_cache.py) on, as deployed, or off",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--pg-url",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="admin connection that creates the benchmark's database when it is missing",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.cases = args.cases or (10_000 if args.quick else 100_000)
    args.seconds = args.seconds or (2.0 if args.quick else 5.0)
    args.samples = args.samples or (20 if args.quick else 60)
    if args.child:
        from .queries import child

        return child(args)

    results = []
    databases = [args.only] if args.only else ["sqlite", "postgresql"]
    for database in databases:
        env, build_s = prepare(database, args)
        info = json.loads(
            _run([*_python(), "-m", "bench.pages", "--child", "--cases", str(args.cases)], env)
            .strip()
            .splitlines()[-1]
        )
        pages = [p for p in info["pages"] if _selected(p["key"], args.pages)]
        if args.servers == "none":
            print_queries(database, info, pages)
            continue
        for server in args.servers.split(","):
            rows = measure(
                server, {**env, "SAMHANDLING_PAGE_CACHE": args.page_cache}, pages, info, args
            )
            results.append(
                {
                    "database": database,
                    "server": server,
                    "cases": info["cases"],
                    "build_s": build_s,
                    "page_cache": args.page_cache,
                    "rows": rows,
                }
            )
            print_table(results[-1], args)
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (OUT / f"pages-{args.cases}-{stamp}.json").write_text(json.dumps(results, indent=1))
    if results:
        print()
    for result in results:
        print_table(result, args)
    return 0


def _selected(key: str, pages: str | None) -> bool:
    return not pages or key == "hello" or any(p and p in key for p in pages.split(","))


def _python() -> list[str]:
    return [sys.executable]


def _run(command: list[str], env: dict) -> str:
    return subprocess.run(
        command, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True
    ).stdout


def _log(message: str) -> None:
    print(f"[bench.pages] {message}", file=sys.stderr, flush=True)


# --- the register -------------------------------------------------------------------------


def prepare(database: str, args) -> tuple[dict, float | None]:
    """The environment of a built, migrated register of ``args.cases`` generated cases: the
    cached one under bench/out/ when its marker matches, else built anew (the demo dataset,
    its logins, then ``samhandling generate``). Returns the build time when it built."""
    data_dir = OUT / f"{database}-{args.cases}"
    env = {
        **os.environ,
        "SAMHANDLING_DATA_DIR": str(data_dir),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "DJANGO_SETTINGS_MODULE": "bench.pages.settings",
    }
    env.pop("DATABASE_URL", None)
    marker = data_dir / "built.json"
    expected = {"database": database, "cases": args.cases}
    exists = marker.exists() and json.loads(marker.read_text()).get("cases") == args.cases
    if database == "sqlite":
        exists = exists and (data_dir / "samhandling.sqlite3").exists()
    else:
        name = f"samhandling_bench_pages_{args.cases}"
        env["DATABASE_URL"] = f"{args.pg_url.rsplit('/', 1)[0]}/{name}"
        exists = exists and _pg_exists(args.pg_url, name)
        if not exists:
            _pg_recreate(args.pg_url, name)
    build_s = None
    if not exists:
        if database == "sqlite" and data_dir.exists():
            shutil.rmtree(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        _log(f"building {args.cases} cases on {database} in {data_dir} …")
        started = time.monotonic()
        _run([*SAMHANDLING, "demo", "--no-serve"], env)
        _run([*SAMHANDLING, "generate", "--cases", str(args.cases)], env)
        build_s = time.monotonic() - started
        marker.write_text(json.dumps({**expected, "build_s": build_s}))
        _log(f"built in {build_s:.0f} s")
    else:
        build_s = json.loads(marker.read_text()).get("build_s")
        _log(f"reusing {database} register of {args.cases} cases ({data_dir})")
    # New indexes and tables reach a cached register here.
    _run([*SAMHANDLING, "migrate", "--verbosity", "0"], env)
    return env, build_s


def _pg_exists(admin_url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as admin:
        return bool(
            admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        )


def _pg_recreate(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


# --- serving and measuring ----------------------------------------------------------------


def measure(server: str, env: dict, pages: list[dict], info: dict, args) -> list[dict]:
    port = args.port
    log_file = OUT / f"server-{server}.log"
    with log_file.open("w") as log:
        process = subprocess.Popen(
            [*SAMHANDLING, *SERVERS[server][1], "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        load.wait_until_up(port)
        cookies = {"anonymous": ""}
        for who, (username, password) in USERS.items():
            cookies[who] = load.login(port, username, password)
        rows = []
        for page in pages:
            for who, cookie in cookies.items():
                _log(f"{server}: {page['key']} as {who}")
                timings = load.latency(
                    port, page["path"], cookie, count=args.samples, seconds=args.seconds
                )
                rate = load.throughput(
                    port,
                    page["path"],
                    cookie,
                    connections=args.connections,
                    seconds=args.seconds,
                    tool=args.tool,
                )
                queries = info["queries"].get(f"{page['key']}|{who}", [None, None, None])
                rows.append(
                    {
                        "key": page["key"],
                        "label": page["label"],
                        "path": page["path"],
                        "who": who,
                        "requests_per_s": rate.requests_per_s,
                        "errors": rate.errors,
                        "tool": rate.tool,
                        "p50": load.percentile(timings, 0.50),
                        "p95": load.percentile(timings, 0.95),
                        "p99": load.percentile(timings, 0.99),
                        "samples": len(timings),
                        "queries": queries[0],
                        "sql_ms": queries[1],
                        "cpu_ms": queries[2],
                    }
                )
        return rows
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def print_queries(database: str, info: dict, pages: list[dict]) -> None:
    print(f"\n{DATABASE_LABELS[database]}, {info['cases']} cases: queries per page, in-process")
    print(f"{'page':<34} {'who':<11} {'SQL':>4} {'SQL ms':>7} {'CPU ms':>7}")
    for page in pages:
        for who in ("anonymous", *USERS):
            count, sql_ms, cpu_ms = info["queries"][f"{page['key']}|{who}"]
            print(f"{page['label']:<34} {who:<11} {count:>4} {sql_ms:>7.1f} {cpu_ms:>7.1f}")


def print_table(result: dict, args) -> None:
    rows = result["rows"]
    yardstick = next(
        (r["requests_per_s"] for r in rows if r["key"] == "hello" and r["who"] == "anonymous"),
        None,
    )
    tool = rows[0]["tool"] if rows else args.tool
    print()
    print(
        f"{DATABASE_LABELS[result['database']]}, samhandling {SERVERS[result['server']][0]}, "
        f"{result['cases']} cases, {tool} {args.connections} connections × "
        f"{args.seconds:.0f} s, {args.samples} single requests per page, "
        f"page cache {args.page_cache}; SQL and CPU: making the page, in-process"
    )
    header = (
        f"{'page':<34} {'who':<11} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} "
        f"{'ratio':>6} {'SQL':>4} {'SQL ms':>7} {'CPU ms':>7}  target"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        ratio = row["requests_per_s"] / yardstick if yardstick else float("nan")
        misses = []
        if row["p95"] >= TARGET_P95_MS:
            misses.append("p95")
        if row["key"] != "hello" and ratio < TARGET_RATIO[row["who"]]:
            misses.append("req/s")
        if row["errors"]:
            misses.append(f"{row['errors']} errors")
        queries = "" if row["queries"] is None else str(row["queries"])
        sql_ms = "" if row["sql_ms"] is None else f"{row['sql_ms']:.1f}"
        cpu_ms = "" if row.get("cpu_ms") is None else f"{row['cpu_ms']:.1f}"
        print(
            f"{row['label']:<34} {row['who']:<11} {row['requests_per_s']:>7.0f} "
            f"{row['p50']:>6.1f} {row['p95']:>6.1f} {row['p99']:>6.1f} {ratio:>6.2f} "
            f"{queries:>4} {sql_ms:>7} {cpu_ms:>7}  {'ok' if not misses else 'MISS ' + ', '.join(misses)}"
        )
    if result.get("build_s"):
        print(f"(register built in {result['build_s']:.0f} s)")


if __name__ == "__main__":
    sys.exit(main())
