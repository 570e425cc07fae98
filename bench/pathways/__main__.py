"""Run every contender on generated logs, check that they agree, print times, peak memory
and ratios. Never part of the test suite."""

import argparse
import math
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(name: str, log: Path, work: Path) -> dict:
    out = work / f"{name}.pickle"
    process = subprocess.Popen(
        [
            "nice",
            "-n",
            "10",
            sys.executable,
            "-m",
            "bench.pathways.contenders",
            name,
            str(log),
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode()[-2000:] if process.stderr else ""
        raise SystemExit(f"{name} failed:\n{error}")
    with out.open("rb") as file:
        data = pickle.load(file)
    data["peak_mb"] = usage.ru_maxrss / 1024
    return data


def generate_logs(events: int, work: Path, formats: str) -> tuple[int, int]:
    output = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.pathways.contenders",
            "generate",
            str(events),
            str(work),
            formats,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return int(output[0]), int(output[1])


def agree(a: dict, b: dict) -> list[str]:
    problems = []
    for key in ("dfg", "variants", "handovers"):
        if a[key] != b[key]:
            problems.append(key)
    if a["performance"].keys() != b["performance"].keys():
        problems.append("performance edges")
    else:
        for edge, (mean, median) in a["performance"].items():
            other = b["performance"][edge]
            if not (
                math.isclose(mean, other[0], rel_tol=1e-9, abs_tol=1e-3)
                and math.isclose(median, other[1], rel_tol=1e-9, abs_tol=1e-3)
            ):
                problems.append(f"performance {edge}")
                break
    if len(a["durations"]) != len(b["durations"]) or any(
        abs(x - y) > 1e-3 for x, y in zip(a["durations"], b["durations"], strict=True)
    ):
        problems.append("durations")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.pathways")
    parser.add_argument(
        "--sizes", default="1000000,10000000", help="events per log, comma-separated"
    )
    parser.add_argument(
        "--xes-events", type=int, default=1_000_000, help="events in the XES import test"
    )
    parser.add_argument("--skip-pm4py-xes", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]

    with tempfile.TemporaryDirectory(prefix="bench-pathways-") as directory:
        work = Path(directory)
        for size in sizes:
            started = time.perf_counter()
            events, cases = generate_logs(size, work, "parquet,csv")
            parquet, csv = work / "log.parquet", work / "log.csv"
            print(
                f"\n== {events:,} events, {cases:,} cases "
                f"(generated and written in {time.perf_counter() - started:.1f} s)",
                flush=True,
            )
            results = {
                "ours": run("ours", parquet, work),
                "pm4py_pandas": run("pm4py_pandas", csv, work),
                "pm4py_polars": run("pm4py_polars", parquet, work),
                "polars_floor": run("polars_floor", parquet, work),
            }
            for name in ("pm4py_pandas", "pm4py_polars"):
                problems = agree(results["ours"]["result"], results[name]["result"])
                print(
                    f"   agreement with {name}: {'yes' if not problems else 'NO: ' + ', '.join(problems)}"
                )
            mine = results["ours"]
            print(
                f"   {'contender':<14} {'wall s':>9} {'peak MB':>9} {'ours faster':>12} {'ours memory':>12}"
            )
            for name, data in results.items():
                print(
                    f"   {name:<14} {data['seconds']:9.2f} {data['peak_mb']:9.0f} "
                    f"{data['seconds'] / mine['seconds']:11.1f}× {mine['peak_mb'] / data['peak_mb']:11.2f}×"
                )
            floor = results["polars_floor"]["seconds"]
            print(
                f"   ratios: {results['pm4py_pandas']['seconds'] / mine['seconds']:.1f}× faster than pm4py/pandas "
                f"(target ≥ 20), {results['pm4py_polars']['seconds'] / mine['seconds']:.1f}× faster than pm4py/Polars "
                f"(target ≥ 5), memory {mine['peak_mb'] / results['pm4py_pandas']['peak_mb']:.2f} of pm4py/pandas "
                f"(target < 0.33), {mine['seconds'] / floor:.1f}× the polars floor (target ≤ 3)"
            )
        events, _ = generate_logs(args.xes_events, work, "xes")
        xes = work / "log.xes"
        print(f"\n== XES import, {events:,} events ({xes.stat().st_size / 1e6:.0f} MB)")
        names = ["xes_ours"] if args.skip_pm4py_xes else ["xes_ours", "xes_pm4py"]
        for name in names:
            data = run(name, xes, work)
            print(
                f"   {name:<10} {data['seconds']:8.2f} s {events / data['seconds']:12,.0f} events/s "
                f"{data['peak_mb']:8.0f} MB"
            )


if __name__ == "__main__":
    main()
