"""The engine's directly-follows graph, variants, case durations and handovers agree with
pm4py's, through both its pandas path and its Polars path (pm4py is a test dependency only)."""

import math
from datetime import datetime

import polars as pl
import pytest

from samhandling.pathways.engine import compute, read_log
from samhandling.pathways.engine.generate import generate

from .helpers import pm4py_keys, to_pandas

pm4py = pytest.importorskip("pm4py")

# A small log in XES, shaped like pm4py's classic running example (which pm4py does not
# ship in its package): six cases, one with a repeated loop, times with offsets.
RUNNING_EXAMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
<trace><string key="concept:name" value="3"/>
 <event><string key="concept:name" value="register request"/><string key="org:resource" value="Pete"/><date key="time:timestamp" value="2010-12-30T14:32:00.000+01:00"/></event>
 <event><string key="concept:name" value="examine casually"/><string key="org:resource" value="Mike"/><date key="time:timestamp" value="2010-12-30T15:06:00.000+01:00"/></event>
 <event><string key="concept:name" value="check ticket"/><string key="org:resource" value="Ellen"/><date key="time:timestamp" value="2010-12-30T16:34:00.000+01:00"/></event>
 <event><string key="concept:name" value="decide"/><string key="org:resource" value="Sara"/><date key="time:timestamp" value="2011-01-06T09:18:00.000+01:00"/></event>
 <event><string key="concept:name" value="reinitiate request"/><string key="org:resource" value="Sara"/><date key="time:timestamp" value="2011-01-06T12:18:00.000+01:00"/></event>
 <event><string key="concept:name" value="examine thoroughly"/><string key="org:resource" value="Sean"/><date key="time:timestamp" value="2011-01-06T13:06:00.000+01:00"/></event>
 <event><string key="concept:name" value="check ticket"/><string key="org:resource" value="Pete"/><date key="time:timestamp" value="2011-01-08T11:43:00.000+01:00"/></event>
 <event><string key="concept:name" value="decide"/><string key="org:resource" value="Sara"/><date key="time:timestamp" value="2011-01-09T09:55:00.000+01:00"/></event>
 <event><string key="concept:name" value="pay compensation"/><string key="org:resource" value="Ellen"/><date key="time:timestamp" value="2011-01-15T10:45:00.000+01:00"/></event>
</trace>
<trace><string key="concept:name" value="2"/>
 <event><string key="concept:name" value="register request"/><string key="org:resource" value="Mike"/><date key="time:timestamp" value="2010-12-30T11:32:00.000+01:00"/></event>
 <event><string key="concept:name" value="check ticket"/><string key="org:resource" value="Mike"/><date key="time:timestamp" value="2010-12-30T12:12:00.000+01:00"/></event>
 <event><string key="concept:name" value="examine casually"/><string key="org:resource" value="Sean"/><date key="time:timestamp" value="2010-12-30T14:16:00.000+01:00"/></event>
 <event><string key="concept:name" value="decide"/><string key="org:resource" value="Sara"/><date key="time:timestamp" value="2011-01-05T11:22:00.000+01:00"/></event>
 <event><string key="concept:name" value="pay compensation"/><string key="org:resource" value="Ellen"/><date key="time:timestamp" value="2011-01-08T12:05:00.000+01:00"/></event>
</trace>
<trace><string key="concept:name" value="1"/>
 <event><string key="concept:name" value="register request"/><string key="org:resource" value="Pete"/><date key="time:timestamp" value="2010-12-30T11:02:00.000+01:00"/></event>
 <event><string key="concept:name" value="examine thoroughly"/><string key="org:resource" value="Sue"/><date key="time:timestamp" value="2010-12-31T10:06:00.000+01:00"/></event>
 <event><string key="concept:name" value="check ticket"/><string key="org:resource" value="Mike"/><date key="time:timestamp" value="2011-01-05T15:12:00.000+01:00"/></event>
 <event><string key="concept:name" value="decide"/><string key="org:resource" value="Sara"/><date key="time:timestamp" value="2011-01-06T11:18:00.000+01:00"/></event>
 <event><string key="concept:name" value="reject request"/><string key="org:resource" value="Pete"/><date key="time:timestamp" value="2011-01-07T14:24:00.000+01:00"/></event>
</trace>
<trace><string key="concept:name" value="10"/>
 <event><string key="concept:name" value="register request"/><string key="org:resource" value="Pete"/><date key="time:timestamp" value="2011-01-06T15:02:00.000+01:00"/></event>
 <event><string key="concept:name" value="examine casually"/><string key="org:resource" value="Mike"/><date key="time:timestamp" value="2011-01-06T16:06:00.000+01:00"/></event>
 <event><string key="concept:name" value="check ticket"/><string key="org:resource" value="Ellen"/><date key="time:timestamp" value="2011-01-06T16:06:00.000+01:00"/></event>
 <event><string key="concept:name" value="decide"/><string key="org:resource" value="Sara"/><date key="time:timestamp" value="2011-01-07T16:52:00.000+01:00"/></event>
 <event><string key="concept:name" value="reject request"/><string key="org:resource" value="Sara"/><date key="time:timestamp" value="2011-01-07T16:52:00.000+01:00"/></event>
</trace>
</log>
"""


def ours(events: pl.DataFrame):
    prepared = compute.prepare(events)
    pairs = compute.dfg(prepared)
    dfg = {
        (r["activity"], r["next_activity"]): r["transitions"] for r in pairs.iter_rows(named=True)
    }
    performance = {
        (r["activity"], r["next_activity"]): (r["mean_s"], r["median_s"])
        for r in pairs.iter_rows(named=True)
    }
    starts, ends = compute.start_end(prepared)
    variants = {
        tuple(r["variant"]): r["persons"] for r in compute.variants(prepared).iter_rows(named=True)
    }
    durations = sorted(compute.case_durations(prepared)["duration_s"].to_list())
    return {
        "dfg": dfg,
        "performance": performance,
        "starts": dict(starts.iter_rows()),
        "ends": dict(ends.iter_rows()),
        "variants": variants,
        "durations": durations,
    }


def theirs(log):
    keys = pm4py_keys()
    dfg, starts, ends = pm4py.discover_dfg(log, **keys)
    performance, _, _ = pm4py.discover_performance_dfg(log, **keys)
    variants = pm4py.get_variants(log, **keys)
    return {
        "dfg": dict(dfg),
        "performance": {k: (float(v["mean"]), float(v["median"])) for k, v in performance.items()},
        "starts": dict(starts),
        "ends": dict(ends),
        "variants": {tuple(k): int(v) for k, v in variants.items()},
        "durations": sorted(float(d) for d in pm4py.get_all_case_durations(log, **keys)),
    }


def assert_agree(a, b):
    for key in ("dfg", "starts", "ends", "variants"):
        assert a[key] == b[key], key
    assert a["performance"].keys() == b["performance"].keys()
    for edge, (mean, median) in a["performance"].items():
        assert math.isclose(mean, b["performance"][edge][0], rel_tol=1e-9, abs_tol=1e-6), edge
        assert math.isclose(median, b["performance"][edge][1], rel_tol=1e-9, abs_tol=1e-6), edge
    assert a["durations"] == pytest.approx(b["durations"])


@pytest.fixture(scope="module")
def generated():
    return generate(400, seed=11)


def test_a_generated_log_agrees_with_pm4pys_pandas_path(generated):
    assert_agree(ours(generated), theirs(to_pandas(generated.drop("row"))))


def test_a_generated_log_agrees_with_pm4pys_polars_path(generated):
    assert_agree(ours(generated), theirs(generated.drop("row").lazy()))


def test_the_running_example_in_xes_agrees_with_pm4pys_xes_reader(tmp_path):
    path = tmp_path / "running-example.xes"
    path.write_text(RUNNING_EXAMPLE, encoding="utf-8")
    frame = read_log(path)
    theirs_log = pm4py.read_xes(str(path))
    assert_agree(
        ours(frame),
        theirs(
            theirs_log.rename(
                columns={
                    "case:concept:name": "case_id",
                    "concept:name": "activity",
                    "time:timestamp": "timestamp",
                }
            )
        ),
    )


def test_ties_in_time_keep_the_original_row_order_as_pm4py_does():
    # Case "10" sorts before "9" as text; b and c share a time, so file order decides.
    rows = {
        "case_id": ["9", "9", "9", "10", "10", "10"],
        "activity": ["a", "c", "b", "a", "b", "c"],
        "timestamp": ["2024-01-01 10:00", "2024-01-01 11:00", "2024-01-01 11:00"] * 2,
    }
    raw = pl.DataFrame(rows)
    from samhandling.pathways.engine.reading import ColumnMapping, to_canonical

    frame = to_canonical(raw, ColumnMapping("case_id", "activity", "timestamp"))
    pandas_log = to_pandas(raw.with_columns(pl.col("timestamp").str.to_datetime()))
    assert_agree(ours(frame), theirs(pandas_log))
    assert ours(frame)["variants"] == {("a", "c", "b"): 1, ("a", "b", "c"): 1}


def test_handovers_are_pm4pys_dfg_over_organisations_without_self_loops(generated):
    prepared = compute.prepare(generated)
    handovers = compute.handovers(prepared)
    mine = {(r["from"], r["to"]): r["handovers"] for r in handovers.iter_rows(named=True)}
    dfg, _, _ = pm4py.discover_dfg(
        to_pandas(generated.drop("row")),
        case_id_key="case_id",
        activity_key="organisation",
        timestamp_key="timestamp",
    )
    assert mine == {edge: n for edge, n in dfg.items() if edge[0] != edge[1]}


def test_a_shuffled_log_is_sorted_and_still_agrees_with_pm4py(generated):
    shuffled = generated.sample(fraction=1.0, shuffle=True, seed=5)
    assert not compute._grouped_in_order(
        shuffled.with_columns(pl.col("case_id").cast(pl.Categorical))
    )
    # pm4py's variants and start/end activities take the rows in the order given, so it
    # gets the log in its own sort order: case id, time, original row (here: shuffled).
    in_pm4py_order = shuffled.sort("case_id", "timestamp", maintain_order=True)
    assert_agree(ours(shuffled), theirs(to_pandas(in_pm4py_order.drop("row"))))
    assert_agree(ours(shuffled), ours(generated))


def test_a_case_whose_events_are_split_by_another_case_is_brought_together():
    frame = pl.DataFrame(
        {
            "case_id": ["A", "B", "A", "B"],
            "activity": ["inn", "inn", "ut", "ut"],
            "timestamp": [datetime(2024, 1, d) for d in (1, 2, 3, 4)],
            "organisation": ["HUS", "HUS", "Bergen", "HUS"],
        }
    )
    prepared = compute.prepare(frame)
    assert prepared["case_id"].cast(pl.String).to_list() in (
        ["A", "A", "B", "B"],
        ["B", "B", "A", "A"],
    )
    assert compute.variants(prepared).rows() == [(["inn", "ut"], 2)]
    assert compute.handovers(prepared).rows() == [("HUS", "Bergen", 1, 1)]
    assert sorted(compute.case_durations(prepared)["duration_s"].to_list()) == [
        2 * 86400.0,
        2 * 86400.0,
    ]


def test_the_prepared_frame_holds_no_text_columns(generated):
    prepared = compute.prepare(generated)
    assert prepared.columns == ["case_id", "activity", "timestamp", "organisation", "level"]
    assert all(
        isinstance(dtype, (pl.Categorical, pl.Datetime)) for dtype in prepared.schema.values()
    )


def test_events_of_one_case_out_of_time_order_are_sorted_with_ties_in_row_order():
    frame = pl.DataFrame(
        {
            "case_id": ["A", "A", "A", "A"],
            "activity": ["c", "a", "b", "b2"],
            "timestamp": [datetime(2024, 1, d) for d in (3, 1, 2, 2)],
        }
    )
    assert not compute._grouped_in_order(frame.with_columns(pl.col("case_id").cast(pl.Categorical)))
    assert compute.variants(compute.prepare(frame)).rows() == [(["a", "b", "b2", "c"], 1)]


def test_handovers_skip_events_without_an_organisation_and_count_persons_once():
    frame = pl.DataFrame(
        {
            "case_id": ["A", "A", "A", "A", "A", "B", "B"],
            "activity": ["a", "b", "c", "d", "e", "a", "b"],
            "timestamp": [datetime(2024, 1, d) for d in (1, 2, 3, 4, 5, 1, 2)],
            "organisation": ["HUS", "Bergen", None, "Bergen", "HUS", "HUS", "Bergen"],
        }
    )
    rows = compute.handovers(compute.prepare(frame)).rows()
    assert rows == [("Bergen", "HUS", 1, 1), ("HUS", "Bergen", 2, 2)]
