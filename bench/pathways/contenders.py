"""One contender per process, so each one's peak memory is its own.

`python -m bench.pathways.contenders NAME LOG OUT.pickle` runs one contender on one log and
pickles its timing and a summary of its results for the agreement check.
"""

import pickle
import sys
import time
import warnings

KEYS = {"case_id_key": "case_id", "activity_key": "activity", "timestamp_key": "timestamp"}


def summary(dfg, performance, variants, durations, handovers) -> dict:
    return {
        "dfg": {tuple(k): int(v) for k, v in dfg.items()},
        "performance": {tuple(k): (float(v[0]), float(v[1])) for k, v in performance.items()},
        "variants": {tuple(k): int(v) for k, v in variants.items()},
        "durations": sorted(float(d) for d in durations),
        "handovers": {tuple(k): int(v) for k, v in handovers.items()},
    }


def ours(path: str):
    import polars as pl

    from samhandling.pathways.engine import compute
    from samhandling.pathways.engine.reading import ORGANISATION

    events = compute.prepare(pl.scan_parquet(path), attributes=(ORGANISATION,))
    pairs = compute.dfg(events)
    variants = compute.variants(events)
    durations = compute.case_durations(events)
    handovers = compute.handovers(events)
    return lambda: summary(
        {
            (a, b): n
            for a, b, n in pairs.select("activity", "next_activity", "transitions").iter_rows()
        },
        {
            (a, b): (m, md)
            for a, b, m, md in pairs.select(
                "activity", "next_activity", "mean_s", "median_s"
            ).iter_rows()
        },
        {tuple(v): n for v, n in variants.iter_rows()},
        durations["duration_s"].to_list(),
        {(a, b): n for a, b, n in handovers.select("from", "to", "handovers").iter_rows()},
    )


def _pm4py(log):
    import pm4py

    dfg, _, _ = pm4py.discover_dfg(log, **KEYS)
    performance, _, _ = pm4py.discover_performance_dfg(log, **KEYS)
    variants = pm4py.get_variants(log, **KEYS)
    durations = pm4py.get_all_case_durations(log, **KEYS)
    organisations, _, _ = pm4py.discover_dfg(
        log, case_id_key="case_id", activity_key="organisation", timestamp_key="timestamp"
    )
    return lambda: summary(
        dfg,
        {k: (v["mean"], v["median"]) for k, v in performance.items()},
        variants,
        durations,
        {k: v for k, v in organisations.items() if k[0] != k[1]},
    )


def pm4py_pandas(path: str):
    import pandas as pd

    # pandas cannot read Parquet here without pyarrow, so this path reads the same log as CSV;
    # case ids are read as text with no NA values, or pm4py would drop a case named "NA".
    log = pd.read_csv(
        path,
        dtype={"case_id": str, "activity": str, "organisation": str},
        keep_default_na=False,
        usecols=["case_id", "activity", "timestamp", "organisation"],
        parse_dates=["timestamp"],
    )
    return _pm4py(log)


def pm4py_polars(path: str):
    import polars as pl

    return _pm4py(pl.scan_parquet(path).select("case_id", "activity", "timestamp", "organisation"))


def polars_floor(path: str) -> dict:
    """The floor: read the same four columns as every contender and do one group-by that
    touches each of them — less than any contender could do and still have read its input.
    (A group-by that leaves a column unused is not a floor: projection pushdown would skip
    reading that column.) The faster of polars' two engines is used."""
    import os

    import polars as pl

    (
        pl.scan_parquet(path)
        .select("case_id", "activity", "timestamp", "organisation")
        .group_by("case_id")
        .agg(
            pl.len(),
            pl.col("timestamp").min().alias("first"),
            pl.col("timestamp").max().alias("last"),
            pl.col("activity").first(),
            pl.col("organisation").first(),
        )
        .collect(engine=os.environ.get("FLOOR_ENGINE", FLOOR_ENGINE))
    )
    return dict


# Measured on this machine at 1M and 10M events: the streaming engine was the faster floor.
FLOOR_ENGINE = "streaming"


def xes_ours(path: str) -> dict:
    from samhandling.pathways.engine.reading import read_xes

    events = read_xes(path).height
    return lambda: {"events": events}


def xes_pm4py(path: str) -> dict:
    import pm4py

    events = len(pm4py.read_xes(path))
    return lambda: {"events": events}


CONTENDERS = {
    "ours": ours,
    "pm4py_pandas": pm4py_pandas,
    "pm4py_polars": pm4py_polars,
    "polars_floor": polars_floor,
    "xes_ours": xes_ours,
    "xes_pm4py": xes_pm4py,
}


def generate_logs(events: int, directory: str, formats: str) -> None:
    """Write the benchmark's logs; done in a child so the parent stays small (a child's peak
    memory as the kernel reports it includes what it inherited before exec)."""
    from pathlib import Path

    from samhandling.pathways.engine.generate import generate, write_generated

    frame = generate(max(1, round(events / 8.0)), seed=1 if "parquet" in formats else 2)
    for kind in formats.split(","):
        write_generated(frame, Path(directory) / f"log.{kind}")
    print(frame.height, frame["case_id"].n_unique())


def main() -> None:
    if sys.argv[1] == "generate":
        generate_logs(int(sys.argv[2]), sys.argv[3], sys.argv[4])
        return
    name, path, out = sys.argv[1:4]
    warnings.simplefilter("ignore")
    function = CONTENDERS[name]
    # Imports are not the analysis: load every module a contender uses before the clock starts.
    if name.startswith("pm4py") or name == "xes_pm4py":
        import pm4py  # noqa: F401
    import polars  # noqa: F401

    import samhandling.pathways.engine.compute
    import samhandling.pathways.engine.reading  # noqa: F401

    started = time.perf_counter()
    finish = function(path)
    seconds = time.perf_counter() - started
    # Turning results into comparable Python objects is the benchmark's work, not timed.
    with open(out, "wb") as file:
        pickle.dump({"seconds": seconds, "result": finish()}, file)


if __name__ == "__main__":
    main()
