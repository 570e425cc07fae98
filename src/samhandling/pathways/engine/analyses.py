"""The published analyses: the only way results leave the engine.

`analyse` filters a log, runs every analysis and returns a `PublishedAnalysis` whose tables
are already suppressed (see `privacy`). It holds counts, shares and times for groups of at
least the threshold — never a case id, a patient-level row or an exact event time.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import polars as pl

from . import compute
from .compute import END, START, BedDayRule, LktRules, ReadmissionRule
from .privacy import Cell, PublishedMatrix, checked_threshold, publish_list, publish_matrix
from .reading import (
    ACTIVITY,
    AGE_BAND,
    CASE_ID,
    LEVEL,
    LKT_CAPACITY,
    LKT_COMPLEXITY,
    MUNICIPALITY,
    ORGANISATION,
    PRIORITY_GROUP,
    TIMESTAMP,
)
from .reference import Municipality

DURATION_BINS: list[tuple[float, float, str]] = [
    (0, 1, "0–1"),
    (1, 7, "1–7"),
    (7, 30, "7–30"),
    (30, 90, "30–90"),
    (90, 180, "90–180"),
    (180, 365, "180–365"),
    (365, float("inf"), "365+"),
]
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Filters:
    age_bands: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    priority_groups: tuple[str, ...] = ()
    start: date | None = None  # the first day of a month
    end: date | None = None  # inclusive: the last day of a month

    def __post_init__(self) -> None:
        # Whole months only: a period that could move by a day would let two views a day
        # apart be subtracted (see `privacy`).
        if self.start is not None and self.start.day != 1:
            raise ValueError("a period starts on the first day of a month")
        if self.end is not None and (self.end + timedelta(days=1)).day != 1:
            raise ValueError("a period ends on the last day of a month")

    def is_empty(self) -> bool:
        return self == Filters()


@dataclass(frozen=True)
class AnalysisOptions:
    threshold: int | None = None
    filters: Filters = field(default_factory=Filters)
    readmission: ReadmissionRule = field(default_factory=ReadmissionRule)
    bed_days: BedDayRule = field(default_factory=BedDayRule)
    lkt: LktRules = field(default_factory=LktRules)
    municipalities: Mapping[str, Municipality] = field(default_factory=dict)
    max_variants: int = 25


@dataclass(frozen=True)
class Times:
    """Seconds between events (or case durations): only ever for published groups."""

    median: float
    mean: float
    p90: float


@dataclass(frozen=True)
class Node:
    activity: str
    persons: int


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    persons: int
    transitions: int | None
    times: Times | None


@dataclass(frozen=True)
class PublishedDfg:
    nodes: list[Node]
    edges: list[Edge]
    hidden_edges: int
    threshold: int


@dataclass(frozen=True)
class VariantRow:
    activities: tuple[str, ...]
    persons: int
    share: float


@dataclass(frozen=True)
class PublishedVariants:
    rows: list[VariantRow]
    other_persons: int  # zero or at least the threshold
    other_variants_exist: bool
    total_persons: int
    distinct_shown: int
    threshold: int


@dataclass(frozen=True)
class PublishedDistribution:
    labels: list[str]
    cells: list[Cell]
    total: Cell
    times: Times | None  # in seconds
    threshold: int


@dataclass(frozen=True)
class RateRow:
    label: str
    rate: float | None  # share of discharges followed by readmission, for published rows


@dataclass(frozen=True)
class BedDayRow:
    label: str
    persons: Cell
    stays: int | None
    days: float | None
    per_1000: float | None


@dataclass(frozen=True)
class SegmentRow:
    complexity: str
    capacity: str
    persons: int
    median_events: float
    duration: Times | None
    readmission_rate: float | None
    bed_days_per_person: float | None
    top_variant: tuple[str, ...] | None


@dataclass(frozen=True)
class PublishedAnalysis:
    """Everything a page or report may show about one (filtered) log."""

    threshold: int
    too_few: bool  # nothing is shown: too few persons, or a view that differencing would open
    persons: int | None
    events: int | None
    first_month: str | None
    last_month: str | None
    filters: Filters
    dfg: PublishedDfg | None = None
    variants: PublishedVariants | None = None
    durations: PublishedDistribution | None = None
    organisation_handovers: PublishedMatrix | None = None
    level_handovers: PublishedMatrix | None = None
    readmissions: PublishedMatrix | None = None
    readmission_rates: list[RateRow] = field(default_factory=list)
    bed_days: list[BedDayRow] = field(default_factory=list)
    bed_days_total: BedDayRow | None = None
    segments: PublishedMatrix | None = None
    segment_rows: list[SegmentRow] = field(default_factory=list)
    readmission_rule: ReadmissionRule = field(default_factory=ReadmissionRule)
    lkt: LktRules = field(default_factory=LktRules)
    # Shown as "too few" because comparing it with its neighbours would reveal a small group.
    narrowed: bool = False


def _times(median: float | None, mean: float | None, p90: float | None) -> Times | None:
    if median is None or mean is None or p90 is None:
        return None
    return Times(float(median), float(mean), float(p90))


def apply_filters(
    log: pl.LazyFrame, filters: Filters, municipalities: Mapping[str, Municipality]
) -> pl.LazyFrame:
    """Keep the cases whose attributes match (a case matches when any of its events does)
    and, for a period, only their events inside it."""
    conditions = []
    if filters.age_bands:
        conditions.append(pl.col(AGE_BAND).is_in(list(filters.age_bands)))
    numbers = set(filters.municipalities)
    if filters.areas:
        in_areas = {n for n, m in municipalities.items() if m.area in filters.areas}
        numbers = (numbers & in_areas) if numbers else in_areas
        if not numbers:
            numbers = {"-"}
    if numbers:
        conditions.append(pl.col(MUNICIPALITY).is_in(sorted(numbers)))
    if filters.priority_groups:
        conditions.append(pl.col(PRIORITY_GROUP).is_in(list(filters.priority_groups)))
    if conditions:
        condition = pl.all_horizontal(conditions).fill_null(False)
        log = log.filter(condition.any().over(CASE_ID))
    if filters.start:
        log = log.filter(pl.col(TIMESTAMP) >= datetime.combine(filters.start, time()))
    if filters.end:
        log = log.filter(pl.col(TIMESTAMP) < datetime.combine(filters.end, time.max))
    return log


def _publish_dfg(events: pl.DataFrame, threshold: int) -> PublishedDfg:
    nodes_frame = compute.activities(events)
    nodes = [
        Node(row[ACTIVITY], row["persons"])
        for row in nodes_frame.iter_rows(named=True)
        if row["persons"] >= threshold
    ]
    pairs = compute.dfg(events)
    edges: list[Edge] = []
    hidden = 0
    for row in pairs.iter_rows(named=True):
        if row["persons"] >= threshold:
            times = _times(row["median_s"], row["mean_s"], row["p90_s"])
            edges.append(
                Edge(row[ACTIVITY], row["next_activity"], row["persons"], row["transitions"], times)
            )
        else:
            hidden += 1
    starts, ends = compute.start_end(events)
    # Every case starts once and ends once: the start (end) edges sum to the number of
    # persons, which is published, so they are suppressed as a list with a total.
    for frame, is_start in ((starts, True), (ends, False)):
        counts = frame["persons"].to_list()
        shown, _ = publish_list(counts, threshold)
        for activity, count, ok in zip(frame[ACTIVITY].to_list(), counts, shown, strict=True):
            if ok:
                edge = (
                    Edge(START, activity, count, None, None)
                    if is_start
                    else Edge(activity, END, count, None, None)
                )
                edges.append(edge)
            else:
                hidden += 1
    return PublishedDfg(nodes=nodes, edges=edges, hidden_edges=hidden, threshold=threshold)


def _publish_variants(
    events: pl.DataFrame, threshold: int, total: int, max_variants: int
) -> PublishedVariants:
    frame = compute.variants(events)
    counts = frame["persons"].to_list()
    shown, other = publish_list(counts, threshold)
    rows: list[VariantRow] = []
    for variant, count, ok in zip(frame["variant"].to_list(), counts, shown, strict=True):
        if ok and len(rows) < max_variants:
            rows.append(VariantRow(tuple(variant), count, count / total))
        elif ok:
            other += count
    return PublishedVariants(
        rows=rows,
        other_persons=other,
        other_variants_exist=other > 0,
        total_persons=total,
        distinct_shown=len(rows),
        threshold=threshold,
    )


def _publish_durations(durations: pl.DataFrame, threshold: int) -> PublishedDistribution:
    days = durations["duration_s"] / 86400
    counts = [int(((days >= low) & (days < high)).sum()) for low, high, _ in DURATION_BINS]
    matrix = publish_matrix(
        ["all"], [label for *_, label in DURATION_BINS], [counts], threshold=threshold
    )
    seconds = durations["duration_s"]
    times = None
    if len(seconds) >= threshold:
        times = _times(seconds.median(), seconds.mean(), seconds.quantile(0.9, "linear"))
    return PublishedDistribution(
        labels=matrix.column_labels,
        cells=matrix.cells[0],
        total=matrix.row_totals[0],
        times=times,
        threshold=threshold,
    )


def _publish_handovers(events: pl.DataFrame, column: str, threshold: int) -> PublishedMatrix | None:
    if events[column].null_count() == events.height:
        return None
    frame = compute.handovers(events, column)
    labels = sorted({*events[column].drop_nulls().unique().to_list()}, key=lambda label: str(label))
    index = {label: i for i, label in enumerate(labels)}
    counts = [[0] * len(labels) for _ in labels]
    persons = [[0] * len(labels) for _ in labels]
    for row in frame.iter_rows(named=True):
        i, j = index[row["from"]], index[row["to"]]
        counts[i][j] = row["handovers"]
        persons[i][j] = row["persons"]
    # A handover is a change of organisation, so the diagonal is zero by definition.
    diagonal = frozenset((i, i) for i in range(len(labels)))
    return publish_matrix(
        labels, labels, counts, threshold=threshold, persons=persons, structural=diagonal
    )


def _group_label(value: object) -> str:
    return UNKNOWN if value is None else str(value)


def _publish_readmissions(
    log: pl.LazyFrame, rule: ReadmissionRule, threshold: int
) -> tuple[PublishedMatrix | None, list[RateRow]]:
    stays = compute.readmissions(log, rule, [PRIORITY_GROUP])
    if stays.height == 0:
        return None, []
    per_person = stays.group_by(CASE_ID).agg(
        pl.col(PRIORITY_GROUP).first(), pl.col("readmitted").any()
    )
    groups = sorted({_group_label(g) for g in per_person[PRIORITY_GROUP].to_list()})
    counts = []
    for group in groups:
        of_group = per_person.filter(
            pl.col(PRIORITY_GROUP).is_null()
            if group == UNKNOWN
            else pl.col(PRIORITY_GROUP) == group
        )
        readmitted = int(of_group["readmitted"].sum())
        counts.append([readmitted, of_group.height - readmitted])
    matrix = publish_matrix(groups, ["readmitted", "not_readmitted"], counts, threshold=threshold)
    rates = []
    for i, group in enumerate(groups):
        published = not any(c.hidden for c in matrix.cells[i])
        of_group = stays.filter(
            pl.col(PRIORITY_GROUP).is_null()
            if group == UNKNOWN
            else pl.col(PRIORITY_GROUP) == group
        )
        rate = float(of_group["readmitted"].mean()) if published and of_group.height else None
        rates.append(RateRow(group, rate))
    total_published = not any(c.hidden for c in matrix.column_totals)
    rates.append(RateRow("all", float(stays["readmitted"].mean()) if total_published else None))
    return matrix, rates


def _publish_bed_days(
    log: pl.LazyFrame,
    rule: BedDayRule,
    threshold: int,
    municipalities: Mapping[str, Municipality],
    populations: Mapping[str, int],
) -> tuple[list[BedDayRow], BedDayRow | None]:
    stays = compute.bed_days(log, rule, [MUNICIPALITY])
    if stays.height == 0:
        return [], None
    per_group = (
        stays.group_by(MUNICIPALITY)
        .agg(
            pl.col(CASE_ID).n_unique().alias("persons"),
            pl.len().alias("stays"),
            pl.col("days").sum().alias("days"),
        )
        .sort(MUNICIPALITY, nulls_last=True)
    )
    numbers = [_group_label(n) for n in per_group[MUNICIPALITY].to_list()]
    persons = per_group["persons"].to_list()
    matrix = publish_matrix(numbers, ["persons"], [[p] for p in persons], threshold=threshold)
    rows = []
    for i, row in enumerate(per_group.iter_rows(named=True)):
        number = numbers[i]
        cell = matrix.cells[i][0]
        label = municipalities[number].name if number in municipalities else number
        population = populations.get(number)
        days = None if cell.hidden else float(row["days"])
        rows.append(
            BedDayRow(
                label=label,
                persons=cell,
                stays=None if cell.hidden else row["stays"],
                days=days,
                per_1000=days / population * 1000 if days is not None and population else None,
            )
        )
    total_cell = matrix.grand_total
    total = BedDayRow(
        label="all",
        persons=total_cell,
        stays=None if total_cell.hidden else stays.height,
        days=None if total_cell.hidden else float(stays["days"].sum()),
        per_1000=None,
    )
    return rows, total


def _publish_segments(
    log: pl.LazyFrame,
    events: pl.DataFrame,
    durations: pl.DataFrame,
    options: AnalysisOptions,
    threshold: int,
) -> tuple[PublishedMatrix | None, list[SegmentRow]]:
    rules = options.lkt
    people = (
        log.group_by(CASE_ID)
        .agg(pl.col(LKT_COMPLEXITY).max(), pl.col(LKT_CAPACITY).max())
        .with_columns(
            compute.band_expr(LKT_COMPLEXITY, rules.complexity_cuts, rules.bands).alias(
                "complexity"
            ),
            compute.band_expr(LKT_CAPACITY, rules.capacity_cuts, rules.bands).alias("capacity"),
        )
        .filter(pl.col("complexity").is_not_null() & pl.col("capacity").is_not_null())
        .select(CASE_ID, "complexity", "capacity")
        .collect()
    )
    if people.height == 0:
        return None, []
    bands = list(rules.bands)
    grid = (
        people.group_by("complexity", "capacity")
        .agg(pl.len().alias("persons"))
        .iter_rows(named=True)
    )
    counts = [[0] * 3 for _ in range(3)]
    for row in grid:
        counts[bands.index(row["complexity"])][bands.index(row["capacity"])] = row["persons"]
    matrix = publish_matrix(bands, bands, counts, threshold=threshold)
    stays = compute.readmissions(log, options.readmission, [])
    beds = compute.bed_days(log, options.bed_days, [])
    case_variants = (
        events.group_by(CASE_ID)
        .agg(pl.col(ACTIVITY).cast(pl.String).alias("variant"), pl.len().alias("n"))
        .with_columns(pl.col(CASE_ID).cast(pl.String))
    )
    rows = []
    for i, complexity in enumerate(bands):
        for j, capacity in enumerate(bands):
            cell = matrix.cells[i][j]
            if cell.hidden or not cell.value:
                continue
            ids = people.filter(
                (pl.col("complexity") == complexity) & (pl.col("capacity") == capacity)
            ).select(CASE_ID)
            own = durations.join(ids, on=CASE_ID)
            own_stays = stays.join(ids, on=CASE_ID)
            own_beds = beds.join(ids, on=CASE_ID)
            own_variants = case_variants.join(ids, on=CASE_ID)
            top = (
                own_variants.group_by("variant")
                .agg(pl.len().alias("persons"))
                .sort("persons", descending=True)
            )
            top_variant = (
                tuple(top["variant"][0]) if top.height and top["persons"][0] >= threshold else None
            )
            seconds = own["duration_s"]
            rows.append(
                SegmentRow(
                    complexity=complexity,
                    capacity=capacity,
                    persons=cell.value,
                    median_events=float(own_variants["n"].median() or 0),
                    duration=_times(
                        seconds.median(), seconds.mean(), seconds.quantile(0.9, "linear")
                    ),
                    readmission_rate=float(own_stays["readmitted"].mean())
                    if own_stays.height >= threshold
                    else None,
                    bed_days_per_person=float(own_beds["days"].sum()) / cell.value,
                    top_variant=top_variant,
                )
            )
    return matrix, rows


def _persons(log: pl.LazyFrame) -> int:
    return int(log.select(pl.col(CASE_ID).n_unique()).collect().item())


def narrowing_is_safe(
    log: pl.LazyFrame,
    filters: Filters,
    municipalities: Mapping[str, Municipality],
    threshold: int,
) -> bool:
    """Whether a filtered view may be shown without opening a small group to differencing.

    Categorical filters (age band, priority group, municipality, area) split the persons
    into sibling views; the view without the filter is their sum. So, for each filter
    given, the siblings' counts of persons (under the other filters) are suppressed as a
    published list is (`privacy.publish_list`): the small ones and, where they would add up
    to fewer than the threshold, the next smallest. A view is shown only if every value
    asked for survives. A municipality's siblings are the other municipalities (of the same
    area, when an area is chosen too); an area's, the other areas.

    A period is whole months (`Filters`); moving either end by one month must not change
    the count of persons by 1 to threshold − 1, or the month at the end is opened."""
    dimensions: list[tuple[str, pl.Expr, tuple[str, ...]]] = []
    if filters.age_bands:
        dimensions.append(("age_bands", pl.col(AGE_BAND), filters.age_bands))
    if filters.priority_groups:
        dimensions.append(("priority_groups", pl.col(PRIORITY_GROUP), filters.priority_groups))
    if filters.municipalities:
        dimensions.append(("municipalities", pl.col(MUNICIPALITY), filters.municipalities))
    elif filters.areas:
        areas = {number: m.area for number, m in municipalities.items()}
        area = pl.col(MUNICIPALITY).replace_strict(areas, default=None, return_dtype=pl.String)
        dimensions.append(("areas", area, filters.areas))
    for name, key, chosen in dimensions:
        others = apply_filters(log, replace(filters, **{name: ()}), municipalities)
        counts = (
            others.filter(key.is_not_null())
            .group_by(key.alias("value"))
            .agg(pl.col(CASE_ID).n_unique().alias("persons"))
            .sort("value")
            .collect()
        )
        shown, _ = publish_list(counts["persons"].to_list(), threshold)
        allowed = {value for value, ok in zip(counts["value"], shown, strict=True) if ok}
        if any(value not in allowed for value in chosen if value in set(counts["value"])):
            return False
    if filters.start or filters.end:
        persons = _persons(apply_filters(log, filters, municipalities))
        neighbours = []
        if filters.start:
            later = (filters.start + timedelta(days=32)).replace(day=1)
            if filters.end is None or later <= filters.end:
                neighbours.append(replace(filters, start=later))
        if filters.end:
            earlier = filters.end.replace(day=1) - timedelta(days=1)
            if filters.start is None or earlier >= filters.start:
                neighbours.append(replace(filters, end=earlier))
        for neighbour in neighbours:
            difference = persons - _persons(apply_filters(log, neighbour, municipalities))
            if 0 < difference < threshold:
                return False
    return True


def analyse(
    log: pl.LazyFrame | pl.DataFrame | Path | str,
    options: AnalysisOptions | None = None,
    *,
    populations: Mapping[str, int] | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> PublishedAnalysis:
    """Run every analysis on a canonical log (a Parquet path or a frame) and publish it."""
    options = options or AnalysisOptions()
    threshold = checked_threshold(options.threshold)
    if isinstance(log, (str, Path)):
        log = pl.scan_parquet(log)
    if not options.filters.is_empty() and not narrowing_is_safe(
        log.lazy(), options.filters, options.municipalities, threshold
    ):
        return PublishedAnalysis(
            threshold=threshold,
            too_few=True,
            persons=None,
            events=None,
            first_month=None,
            last_month=None,
            filters=options.filters,
            narrowed=True,
        )
    lazy = apply_filters(log.lazy(), options.filters, options.municipalities)
    step = progress or (lambda fraction, message: None)
    step(0.1, "sorting")
    events = compute.prepare(lazy)
    persons = events[CASE_ID].n_unique()
    if persons < threshold:
        return PublishedAnalysis(
            threshold=threshold,
            too_few=True,
            persons=None,
            events=None,
            first_month=None,
            last_month=None,
            filters=options.filters,
        )
    # Only months: an exact first or last time could point at one person's event.
    first_month = events[TIMESTAMP].min().strftime("%Y-%m")  # type: ignore[union-attr]
    last_month = events[TIMESTAMP].max().strftime("%Y-%m")  # type: ignore[union-attr]
    full = lazy
    step(0.3, "directly-follows graph")
    dfg = _publish_dfg(events, threshold)
    step(0.45, "variants")
    variants = _publish_variants(events, threshold, persons, options.max_variants)
    step(0.55, "durations")
    durations = compute.case_durations(events)
    distribution = _publish_durations(durations, threshold)
    step(0.65, "handovers")
    organisations = _publish_handovers(events, ORGANISATION, threshold)
    levels = _publish_handovers(events, LEVEL, threshold)
    step(0.75, "readmissions")
    readmissions, rates = _publish_readmissions(full, options.readmission, threshold)
    bed_rows, bed_total = _publish_bed_days(
        full, options.bed_days, threshold, options.municipalities, populations or {}
    )
    step(0.85, "segments")
    segments, segment_rows = _publish_segments(full, events, durations, options, threshold)
    step(1.0, "done")
    return PublishedAnalysis(
        threshold=threshold,
        too_few=False,
        persons=persons,
        events=events.height,
        first_month=first_month,
        last_month=last_month,
        filters=options.filters,
        dfg=dfg,
        variants=variants,
        durations=distribution,
        organisation_handovers=organisations,
        level_handovers=levels,
        readmissions=readmissions,
        readmission_rates=rates,
        bed_days=bed_rows,
        bed_days_total=bed_total,
        segments=segments,
        segment_rows=segment_rows,
        readmission_rule=options.readmission,
        lkt=options.lkt,
    )


def attribute_values(log: pl.LazyFrame | Path | str) -> dict[str, list[str]]:
    """The values the filters can offer (age bands, municipalities, priority groups)."""
    if isinstance(log, (str, Path)):
        log = pl.scan_parquet(log)
    frame = (
        log.lazy()
        .select(
            pl.col(AGE_BAND).unique().drop_nulls().sort().implode(),
            pl.col(MUNICIPALITY).unique().drop_nulls().sort().implode(),
            pl.col(PRIORITY_GROUP).unique().drop_nulls().sort().implode(),
        )
        .collect()
    )
    return {
        AGE_BAND: frame[AGE_BAND][0].to_list(),
        MUNICIPALITY: frame[MUNICIPALITY][0].to_list(),
        PRIORITY_GROUP: frame[PRIORITY_GROUP][0].to_list(),
    }
