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


def prepare(log: pl.LazyFrame | pl.DataFrame) -> pl.DataFrame:
    """The events ordered by case, time and original row, with each event's successor in the
    same case; this one pass serves every analysis below.

    Text columns become categoricals, and cases are sorted by their integer code (given in
    order of first appearance, so a log that comes grouped by case is nearly sorted already).
    The stable sort on (code, time) keeps the original row order for ties, as pm4py does;
    the order of the cases themselves changes no result.
    """
    lf = log.lazy()
    schema = lf.collect_schema()
    wanted = [c for c in (CASE_ID, ACTIVITY, TIMESTAMP, ORGANISATION, LEVEL) if c in schema]
    return _ordered(
        lf.select(wanted)
        .with_columns(pl.col(c).cast(pl.Categorical) for c in wanted if c != TIMESTAMP)
        .with_columns(
            pl.col(CASE_ID).to_physical().alias(CASE), pl.col(ACTIVITY).to_physical().alias(CODE)
        )
    )


def _ordered(lf: pl.LazyFrame) -> pl.DataFrame:
    same_case = pl.col(CASE).shift(-1) == pl.col(CASE)
    return (
        lf.sort(CASE, TIMESTAMP, maintain_order=True)
        .with_columns(
            pl.when(same_case).then(pl.col(CODE).shift(-1)).alias(NEXT_CODE),
            pl.when(same_case)
            .then((pl.col(TIMESTAMP).shift(-1) - pl.col(TIMESTAMP)).dt.total_microseconds())
            .alias("gap_us"),
            (pl.col(CASE) != pl.col(CASE).shift(1)).fill_null(True).alias("first"),
        )
        .collect()
    )


def activity_names(events: pl.DataFrame) -> pl.DataFrame:
    """Activity code → name, one row per activity."""
    return events.lazy().group_by(CODE).agg(pl.col(ACTIVITY).first().cast(pl.String)).collect()


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
    pairs = (
        events.lazy()
        .filter(pl.col(NEXT_CODE).is_not_null())
        .group_by(CODE, NEXT_CODE)
        .agg(aggregations)
        .collect()
    )
    names = activity_names(events)
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
    starts = events.filter(pl.col("first")).group_by(ACTIVITY).agg(pl.len().alias("persons"))
    ends = (
        events.filter(pl.col(NEXT_CODE).is_null()).group_by(ACTIVITY).agg(pl.len().alias("persons"))
    )
    return tuple(  # type: ignore[return-value]
        frame.with_columns(pl.col(ACTIVITY).cast(pl.String)).sort(ACTIVITY)
        for frame in (starts, ends)
    )


def activities(events: pl.DataFrame) -> pl.DataFrame:
    return (
        events.lazy()
        .group_by(ACTIVITY)
        .agg(pl.len().alias("events"), pl.col(CASE).n_unique().alias("persons"))
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
        .group_by(CASE)
        .agg(pl.col(CODE).alias("variant"))
        .group_by("variant")
        .agg(pl.len().alias("persons"))
        .collect()
    )
    names = activity_names(events)
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
    return (
        events.lazy()
        .with_columns(
            pl.when(pl.col(NEXT_CODE).is_not_null()).then(pl.col(column).shift(-1)).alias("to")
        )
        .filter(pl.col("to").is_not_null() & pl.col(column).is_not_null())
        .filter(pl.col("to") != pl.col(column))
        .group_by(pl.col(column).alias("from"), "to")
        .agg(pl.len().alias("handovers"), pl.col(CASE).n_unique().alias("persons"))
        .with_columns(pl.col("from", "to").cast(pl.String))
        .sort("from", "to")
        .collect()
    )


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
