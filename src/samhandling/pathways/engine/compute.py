"""The analyses on the event level, before suppression.

These functions return aggregated, unsuppressed frames (and `case_durations` one row per
case). They exist for `analyses`, the tests against pm4py and the benchmark; nothing here
may be handed to a page, a report, a log line or an export — use `analyses.analyse`.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import polars as pl

from .reading import ACTIVITY, CASE_ID, LEVEL, ORGANISATION, TIMESTAMP

NEXT_ACTIVITY = "next_activity"
START = "▶"
END = "■"


CASE = "case"
CODE = "code"
NEXT_CODE = "next_code"


def prepare(
    log: pl.LazyFrame | pl.DataFrame,
    *,
    attributes: tuple[str, ...] = (ORGANISATION, LEVEL),
) -> pl.DataFrame:
    """The events with each case's events together, in time order and, for ties, in the
    original row order (pm4py's order within a case); this one frame serves every analysis
    below, which derive each event's successor from it as they go. The order of the cases
    themselves changes no result, so it is whatever comes cheapest.

    Only what the analyses use is kept: the case id, activity and `attributes` (the
    handover columns) as categoricals — four bytes an event each; the streaming engine
    casts the text batch by batch as it reads, so it is never all held at once — and the
    time. A log that is already in this order (every log `reading.write_log` stores) is
    only checked, in one pass; any other is sorted.
    """
    lf = log.lazy()
    schema = lf.collect_schema()
    wanted = [c for c in (CASE_ID, ACTIVITY, TIMESTAMP, *attributes) if c in schema]
    categorical = [c for c in wanted if c != TIMESTAMP]
    frame = (
        lf.select(wanted)
        .with_columns(pl.col(c).cast(pl.Categorical) for c in categorical)
        .collect(engine="streaming")
    )
    if _grouped_in_order(frame):
        # Logs stored by `reading.write_log` come grouped by case and in time order: one
        # pass proves it, and then sorting would change nothing any analysis sees (the
        # order of the cases themselves changes no result).
        return frame
    # Two stable single-key sorts (time, then case; least significant key first) give the
    # order of one stable sort by (case, time), in half the time of the two-key sort.
    by_time = frame.select(pl.arg_sort_by(TIMESTAMP, maintain_order=True)).to_series()
    cases = frame.select(_case().alias(CASE)).to_series().gather(by_time)
    by_case = cases.to_frame().select(pl.arg_sort_by(CASE, maintain_order=True)).to_series()
    order = by_time.gather(by_case)
    del by_time, cases, by_case
    # Column by column, letting each unsorted column go as soon as its sorted copy exists:
    # the peak is the frame plus one column, not two frames.
    columns = {name: frame[name] for name in frame.columns}
    del frame
    return pl.DataFrame([columns.pop(name).gather(order) for name in list(columns)])


def _grouped_in_order(frame: pl.DataFrame) -> bool:
    """Whether each case's events are contiguous and in time order (ties in row order).

    Checked one condition at a time, each on as little as possible: the cases that start a
    run are few, so finding one that starts two runs needs no pass over every event."""
    case, time = _case(), pl.col(TIMESTAMP)
    new_case = (case != case.shift(1)).fill_null(True)
    if frame[TIMESTAMP].null_count():
        return False
    if frame.select((~new_case & (time.shift(1) > time)).any()).item():
        return False
    return not frame.lazy().filter(new_case).select(case.is_duplicated().any()).collect().item()


def _case() -> pl.Expr:
    return pl.col(CASE_ID).to_physical()


def _code() -> pl.Expr:
    return pl.col(ACTIVITY).to_physical()


def _run() -> pl.Expr:
    """The number of the case's run of events. `prepare` leaves each case in one run, so
    this numbers the cases in order, and grouping by it (flagged sorted) takes polars'
    path for sorted keys: groups are slices, with no hashing at all."""
    return (_case() != _case().shift(1)).fill_null(True).cum_sum().set_sorted().alias(CASE)


def _same_case() -> pl.Expr:
    """Whether the next event belongs to the same case (false for a case's last event)."""
    return (_case().shift(-1) == _case()).fill_null(False)


def activity_names(events: pl.DataFrame, codes: pl.Series | None = None) -> pl.DataFrame:
    """Activity code → name, one row per activity (of `codes`, if given).

    From a few codes this reads the categorical's own mapping instead of scanning the
    events."""
    if codes is None:
        codes = events.lazy().select(_code().unique()).collect().to_series()
    codes = codes.unique().drop_nulls().cast(pl.UInt32)
    return pl.DataFrame(
        [
            codes.alias(CODE),
            codes.cat.to(events.schema[ACTIVITY]).cast(pl.String).alias(ACTIVITY),
        ]
    )


def _named(frame: pl.DataFrame, names: pl.DataFrame, code: str, name: str) -> pl.DataFrame:
    return frame.join(names.rename({CODE: code, ACTIVITY: name}), on=code, how="left").drop(code)


def dfg(events: pl.DataFrame, *, persons: bool = True) -> pl.DataFrame:
    """Directly-follows pairs: transitions, distinct cases, and median, mean and p90 of the
    seconds between them."""
    aggregations = [
        pl.len().alias("transitions"),
        (pl.col("gap_us").median() / 1e6).alias("median_s"),
        (pl.col("gap_us").mean() / 1e6).alias("mean_s"),
        (pl.col("gap_us").quantile(0.9, "linear") / 1e6).alias("p90_s"),
    ]
    if persons:
        aggregations.append(pl.col(CASE).n_unique().alias("persons"))
    # One integer key per (activity, next activity) keeps the grouping narrow: a third of
    # the memory of grouping by two columns with the case alongside.
    code = _code().cast(pl.UInt64)
    pairs = (
        events.lazy()
        .select(
            pl.when(_same_case()).then(code * (1 << 32) + code.shift(-1)).alias("pair"),
            (pl.col(TIMESTAMP).shift(-1) - pl.col(TIMESTAMP))
            .dt.total_microseconds()
            .alias("gap_us"),
            _case().alias(CASE),
        )
        .drop_nulls("pair")
        .group_by("pair")
        .agg(aggregations)
        .select(
            (pl.col("pair") // (1 << 32)).cast(pl.UInt32).alias(CODE),
            (pl.col("pair") % (1 << 32)).cast(pl.UInt32).alias(NEXT_CODE),
            pl.exclude("pair"),
        )
        .collect()
    )
    names = activity_names(events, pl.concat([pairs[CODE], pairs[NEXT_CODE]]))
    pairs = _named(_named(pairs, names, CODE, ACTIVITY), names, NEXT_CODE, NEXT_ACTIVITY)
    columns = [
        ACTIVITY,
        NEXT_ACTIVITY,
        *(c for c in pairs.columns if c not in (ACTIVITY, NEXT_ACTIVITY)),
    ]
    return pairs.select(columns).sort(
        "transitions", ACTIVITY, NEXT_ACTIVITY, descending=[True, False, False]
    )


def start_end(events: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cases per first activity and per last activity."""
    first = (_case() != _case().shift(1)).fill_null(True)
    starts = events.lazy().filter(first).group_by(ACTIVITY).agg(pl.len().alias("persons")).collect()
    ends = (
        events.lazy()
        .filter(~_same_case())
        .group_by(ACTIVITY)
        .agg(pl.len().alias("persons"))
        .collect()
    )
    return tuple(  # type: ignore[return-value]
        frame.with_columns(pl.col(ACTIVITY).cast(pl.String)).sort(ACTIVITY)
        for frame in (starts, ends)
    )


def activities(events: pl.DataFrame) -> pl.DataFrame:
    return (
        events.lazy()
        .group_by(ACTIVITY)
        .agg(pl.len().alias("events"), _case().n_unique().alias("persons"))
        .with_columns(pl.col(ACTIVITY).cast(pl.String))
        .sort(ACTIVITY)
        .collect()
    )


def variants(events: pl.DataFrame) -> pl.DataFrame:
    """Each distinct sequence of activities with its number of cases, most frequent first.

    Grouping by lists of integer codes is several times faster than by lists of text; the
    codes are turned back into names only for the distinct variants."""
    counted = (
        events.lazy()
        .select(_run(), _code().alias("variant"))
        .group_by(CASE)
        .agg("variant")
        .group_by("variant")
        .agg(pl.len().alias("persons"))
        .collect()
    )
    names = activity_names(events, counted["variant"].explode())
    return counted.with_columns(
        pl.col("variant").list.eval(
            pl.element().replace_strict(
                names[CODE].to_list(), names[ACTIVITY].to_list(), return_dtype=pl.String
            )
        )
    ).sort("persons", "variant", descending=[True, False])


def case_durations(events: pl.DataFrame) -> pl.DataFrame:
    """One row per case: its first event, and seconds from first to last event."""
    return (
        events.lazy()
        .select(_run(), CASE_ID, TIMESTAMP)
        .group_by(CASE)
        .agg(
            pl.col(CASE_ID).first().cast(pl.String),
            pl.col(TIMESTAMP).first().alias("start"),
            (
                (pl.col(TIMESTAMP).last() - pl.col(TIMESTAMP).first()).dt.total_microseconds() / 1e6
            ).alias("duration_s"),
        )
        .drop(CASE)
        .collect()
    )


def handovers(events: pl.DataFrame, column: str = ORGANISATION) -> pl.DataFrame:
    """Transitions between consecutive events of a case whose organisation (or level)
    differs: count and distinct cases per (from, to)."""
    pairs = (
        events.lazy()
        .select(
            _case().alias(CASE),
            # One integer key per (from, to), as in `dfg`.
            pl.when(_same_case() & (pl.col(column) != pl.col(column).shift(-1)))
            .then(
                pl.col(column).to_physical().cast(pl.UInt64) * (1 << 32)
                + pl.col(column).shift(-1).to_physical()
            )
            .alias("pair"),
        )
        .drop_nulls("pair")
        .group_by("pair")
        .agg(pl.len().alias("handovers"), pl.col(CASE).n_unique().alias("persons"))
        .collect()
    )
    dtype = events.schema[column]
    return pairs.select(
        *(
            (part.cast(pl.UInt32).cat.to(dtype).cast(pl.String).alias(name))
            for name, part in (
                ("from", pairs["pair"] // (1 << 32)),
                ("to", pairs["pair"] % (1 << 32)),
            )
        ),
        "handovers",
        "persons",
    ).sort("from", "to")


@dataclass(frozen=True)
class ReadmissionRule:
    """Samhandlingsbarometeret's definition by default: a new emergency admission from
    8 hours to 30 days after a discharge."""

    admission_activities: tuple[str, ...] = ("Akuttinnleggelse",)
    discharge_activities: tuple[str, ...] = ("Utskrivning",)
    earliest: timedelta = timedelta(hours=8)
    latest: timedelta = timedelta(days=30)


def readmissions(log: pl.LazyFrame, rule: ReadmissionRule, by: list[str]) -> pl.DataFrame:
    """One row per discharge: the case, `by` attributes and whether it was readmitted."""
    discharges = (
        log.filter(pl.col(ACTIVITY).is_in(list(rule.discharge_activities)))
        .select([CASE_ID, TIMESTAMP, *by])
        .with_columns((pl.col(TIMESTAMP) + rule.earliest).alias("from"))
        .sort("from")
    )
    admissions = (
        log.filter(pl.col(ACTIVITY).is_in(list(rule.admission_activities)))
        .select(CASE_ID, pl.col(TIMESTAMP).alias("admitted"))
        .sort("admitted")
    )
    return (
        discharges.join_asof(
            admissions,
            left_on="from",
            right_on="admitted",
            by=CASE_ID,
            strategy="forward",
            check_sortedness=False,
        )
        .with_columns(
            (
                pl.col("admitted").is_not_null()
                & (pl.col("admitted") <= pl.col(TIMESTAMP) + rule.latest)
            ).alias("readmitted")
        )
        .collect()
    )


@dataclass(frozen=True)
class BedDayRule:
    """Days from "ready for discharge" to the discharge that follows it."""

    ready_activities: tuple[str, ...] = ("Utskrivningsklar",)
    discharge_activities: tuple[str, ...] = ("Utskrivning",)


def bed_days(log: pl.LazyFrame, rule: BedDayRule, by: list[str]) -> pl.DataFrame:
    """One row per stay with a ready-for-discharge event: the case, `by` attributes and
    the days from ready to discharge."""
    ready = (
        log.filter(pl.col(ACTIVITY).is_in(list(rule.ready_activities)))
        .select([CASE_ID, TIMESTAMP, *by])
        .sort(TIMESTAMP)
    )
    discharged = (
        log.filter(pl.col(ACTIVITY).is_in(list(rule.discharge_activities)))
        .select(CASE_ID, pl.col(TIMESTAMP).alias("discharged"))
        .sort("discharged")
    )
    return (
        ready.join_asof(
            discharged,
            left_on=TIMESTAMP,
            right_on="discharged",
            by=CASE_ID,
            strategy="forward",
            check_sortedness=False,
        )
        .filter(pl.col("discharged").is_not_null())
        .with_columns(
            ((pl.col("discharged") - pl.col(TIMESTAMP)).dt.total_seconds() / 86400).alias("days")
        )
        .collect()
    )


@dataclass(frozen=True)
class LktRules:
    """Where a person sits in LKT's grid: complexity of coordination (rows) × capacity to
    take part in one's own care (columns), each cut into low / medium / high at the given
    scores (a score at a cut belongs to the band above). A person's score is the highest
    one recorded for the case."""

    complexity_cuts: tuple[float, float] = (4.0, 7.0)
    capacity_cuts: tuple[float, float] = (4.0, 7.0)
    bands: tuple[str, str, str] = field(default=("low", "medium", "high"))


def band_expr(column: str, cuts: tuple[float, float], bands: tuple[str, str, str]) -> pl.Expr:
    value = pl.col(column)
    return (
        pl.when(value.is_null())
        .then(None)
        .when(value < cuts[0])
        .then(pl.lit(bands[0]))
        .when(value < cuts[1])
        .then(pl.lit(bands[1]))
        .otherwise(pl.lit(bands[2]))
    )
