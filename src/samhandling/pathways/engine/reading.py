"""Reading event logs (CSV, Parquet, XES, each optionally gzipped) into the canonical shape.

The canonical log has one row per event and these columns (see `COLUMNS`): case id,
activity, timestamp (naive; a time given without a zone is kept exactly as written, a time
with a zone or `Z` becomes UTC; a column mixing the two is refused, since the distance
between a zoned and an unzoned time is unknown), the organisation and service level, and
optional person attributes. `row` keeps the original order, the last key pm4py sorts by.
Every value is validated; a log with any problem raises `LogImportError` listing each
problem by line, field and kind of fault, and nothing is written.

A problem never carries a value from the file: the columns hold patient-level data, and
problems are stored and shown. Reading is bounded (`Limits`): the unpacked size and the
number of events, so a small compressed file cannot expand without end.
"""

import gzip
import io
import os
import tempfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

import polars as pl
from lxml import etree

from . import xes
from .reference import Municipality, former_number_map

CASE_ID = "case_id"
ACTIVITY = "activity"
TIMESTAMP = "timestamp"
ORGANISATION = "organisation"
LEVEL = "level"
AGE = "age"
AGE_BAND = "age_band"
MUNICIPALITY = "municipality"
PRIORITY_GROUP = "priority_group"
LKT_COMPLEXITY = "lkt_complexity"
LKT_CAPACITY = "lkt_capacity"
ROW = "row"

SCHEMA: dict[str, pl.DataType] = {
    CASE_ID: pl.String(),
    ACTIVITY: pl.String(),
    TIMESTAMP: pl.Datetime("us"),
    ORGANISATION: pl.String(),
    LEVEL: pl.String(),
    AGE: pl.Int16(),
    AGE_BAND: pl.String(),
    MUNICIPALITY: pl.String(),
    PRIORITY_GROUP: pl.String(),
    LKT_COMPLEXITY: pl.Float64(),
    LKT_CAPACITY: pl.Float64(),
    ROW: pl.UInt32(),
}
COLUMNS = list(SCHEMA)

# Bands the seeds and the national indicators use: children (0–18) and the elderly (67+).
AGE_BANDS = [(0, 18, "0–18"), (19, 66, "19–66"), (67, 79, "67–79"), (80, 200, "80+")]

TIMESTAMP_FORMATS = [
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    # `%#z` reads `Z`, `+02:00` and `+0200`.
    "%Y-%m-%dT%H:%M:%S%.f%#z",
    "%Y-%m-%d %H:%M:%S%.f%#z",
    "%Y-%m-%dT%H:%M%#z",
    "%Y-%m-%d %H:%M%#z",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d",
    "%d.%m.%Y",
]

Progress = Callable[[float, str], None]

MAX_PROBLEMS = 200


@dataclass(frozen=True)
class Limits:
    """How much one import may read: the unpacked size in bytes and the number of events."""

    max_bytes: int = 1024**3
    max_events: int = 5_000_000


@dataclass(frozen=True)
class ColumnMapping:
    """Which source column holds each canonical field; empty means "not in this log"."""

    case_id: str
    activity: str
    timestamp: str
    organisation: str = ""
    level: str = ""
    age: str = ""
    age_band: str = ""
    municipality: str = ""
    priority_group: str = ""
    lkt_complexity: str = ""
    lkt_capacity: str = ""
    timestamp_format: str = ""

    def pairs(self) -> dict[str, str]:
        """Canonical field → source column, for the fields that are mapped."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "timestamp_format" and getattr(self, f.name)
        }


XES_MAPPING = ColumnMapping(
    case_id="case:concept:name",
    activity="concept:name",
    timestamp="time:timestamp",
    organisation="org:group",
)


@dataclass(frozen=True)
class Problem:
    """One fault: `line` is the line of the file (CSV: counting the header as 1; XES: the
    line the event starts on; Parquet: the row number, 1-based; 0: the whole file), `field`
    the canonical field, `code` the kind of fault and `column` the source column's name.
    Never the value itself: it may identify a patient."""

    line: int
    field: str
    code: str
    column: str = ""

    def describe(self) -> str:
        texts = {
            "missing_column": "the column is not in the file",
            "missing": "the value is missing",
            "bad_time": "cannot read the time",
            "unknown_municipality": "unknown municipality number",
            "bad_number": "not a number",
            "bad_age": "not an age between 0 and 120",
            "unreadable": "the file cannot be read",
            "mixed_zones": "times with and without a time zone in one column",
            "empty": "the file has no events",
            "too_large": "the file unpacks to more than the limit",
            "too_many_events": "the file has more events than the limit",
        }
        where = f"line {self.line}, " if self.line else ""
        shown = f" (column {self.column!r})" if self.column else ""
        return f"{where}{self.field}: {texts.get(self.code, self.code)}{shown}"


@dataclass
class LogImportError(Exception):
    source: str
    problems: list[Problem]
    total: int = 0
    extra: dict = field(default_factory=dict)

    def __str__(self) -> str:
        lines = [f"{self.source}: {self.total or len(self.problems)} problem(s)"]
        lines += [f"  {p.describe()}" for p in self.problems[:20]]
        return "\n".join(lines)


def _whole_file(source: str, code: str) -> "LogImportError":
    return LogImportError(source, [Problem(0, "file", code)], 1)


class _Bounded(io.RawIOBase):
    """A stream that raises LogImportError once more than `limit` bytes were read."""

    def __init__(self, stream: io.BufferedIOBase, limit: int, source: str) -> None:
        self.stream, self.limit, self.source, self.count = stream, limit, source, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0 or size > self.limit + 1 - self.count:
            size = self.limit + 1 - self.count
        data = self.stream.read(size)
        self.count += len(data)
        if self.count > self.limit:
            raise _whole_file(self.source, "too_large")
        return data

    def readinto(self, buffer) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_bounded(path: Path, limits: Limits) -> bytes:
    """The whole (unpacked) file, refused as soon as it passes the limit."""
    with _opened(path) as file:
        data = file.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise _whole_file(path.name, "too_large")
    return data


def _opened(path: Path) -> io.BufferedIOBase:
    raw = path.open("rb")
    magic = raw.read(2)
    raw.seek(0)
    if magic == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    return raw  # type: ignore[return-value]


def detect_format(path: Path) -> str:
    name = path.name.lower().removesuffix(".gz")
    for suffix, kind in ((".xes", "xes"), (".parquet", "parquet"), (".csv", "csv")):
        if name.endswith(suffix):
            return kind
    with _opened(path) as file:
        head = file.read(512)
    if head.startswith(b"PAR1"):
        return "parquet"
    if b"<log" in head or b"<?xml" in head:
        return "xes"
    return "csv"


def read_raw(
    path: Path, kind: str = "", separator: str = "", limits: Limits | None = None
) -> pl.DataFrame:
    """The file's columns as they are, strings where the format has no types (CSV, XES)."""
    limits = limits or Limits()
    kind = kind or detect_format(path)
    if kind == "parquet":
        # The row count is in the footer: a file with too many rows is refused unread.
        if pl.scan_parquet(path).select(pl.len()).collect().item() > limits.max_events:
            raise _whole_file(path.name, "too_many_events")
        return pl.read_parquet(path)
    if kind == "xes":
        return read_xes(path, limits=limits)
    data = _read_bounded(path, limits)
    # Each event is a line (a quoted value may span lines, so this is a bound, checked
    # exactly once parsed): far too many lines are refused before polars holds them.
    if data.count(b"\n") > 2 * limits.max_events + 1:
        raise _whole_file(path.name, "too_many_events")
    if not separator:
        first_line = data.split(b"\n", 1)[0]
        separator = ";" if first_line.count(b";") > first_line.count(b",") else ","
    # Every column as text: "NA" is a case id like any other, not a missing value.
    return pl.read_csv(data, separator=separator, infer_schema=False, null_values=None)


def read_xes(
    path: Path | str, progress: Progress | None = None, limits: Limits | None = None
) -> pl.DataFrame:
    """IEEE 1849 XES; trace attributes get the prefix "case:", as in the usual flattening.
    Each event remembers its line in `_line`.

    Plain exporter output is tokenised by polars (`xes.read`, several times faster); any
    document it does not understand — or finds malformed — is read by lxml, which also
    names the line of a well-formedness error."""
    path = Path(path)
    limits = limits or Limits()

    def document() -> bytes:
        data = _read_bounded(path, limits)
        # Every event starts with "<event": a bound on the count before parsing.
        if data.count(b"<event") > limits.max_events:
            raise _whole_file(path.name, "too_many_events")
        return data

    try:
        frame = xes.read(document)
    except xes.UnsupportedError:
        return read_xes_lxml(path, progress, limits)
    if progress:
        progress(0.0, f"{frame.height} events read")
    return frame


def read_xes_lxml(
    path: Path | str, progress: Progress | None = None, limits: Limits | None = None
) -> pl.DataFrame:
    """`read_xes` with lxml's incremental parser: one Python step per element."""
    path = Path(path)
    limits = limits or Limits()
    columns: dict[str, list] = {"_line": []}
    count = 0

    def put(key: str, value: str | None) -> None:
        column = columns.get(key)
        if column is None:
            column = columns[key] = [None] * count
        column.append(value)

    with _opened(path) as opened:
        file = _Bounded(opened, limits.max_bytes, path.name)
        context = etree.iterparse(file, events=("end",), tag=("{*}trace",), huge_tree=True)
        for _, trace in context:
            # Trace attributes belong to every event of the trace, wherever they stand.
            trace_attributes = {}
            events = []
            for child in trace:
                tag = child.tag
                if not isinstance(tag, str):
                    continue
                if tag.endswith("event"):
                    events.append(child)
                else:
                    key = child.get("key")
                    if key is not None:
                        trace_attributes["case:" + key] = child.get("value")
            for event in events:
                # A key given twice in one event: the last one counts.
                values = {}
                for attribute in event:
                    if not isinstance(attribute.tag, str):
                        continue
                    key = attribute.get("key")
                    if key is not None:
                        values[key] = attribute.get("value")
                values.update(trace_attributes)
                for key, value in values.items():
                    put(key, value)
                columns["_line"].append(event.sourceline)
                count += 1
                if count > limits.max_events:
                    raise _whole_file(path.name, "too_many_events")
                for column in columns.values():
                    if len(column) < count:
                        column.append(None)
            trace.clear(keep_tail=False)
            while trace.getprevious() is not None:
                del trace.getparent()[0]
            if progress and count % 500_000 < 50:
                progress(0.0, f"{count} events read")
    lines = pl.Series("_line", columns.pop("_line"), dtype=pl.UInt32)
    return pl.DataFrame(
        [lines, *(pl.Series(key, values, dtype=pl.String) for key, values in columns.items())]
    )


def _parse_times(column: pl.Series, fmt: str) -> tuple[pl.Series, pl.Series]:
    """The times, and for each whether it was given with a zone (then it is in UTC)."""
    if column.dtype == pl.Date:
        return column.cast(pl.Datetime("us")), pl.Series([False] * len(column))
    if isinstance(column.dtype, pl.Datetime):
        parsed = column
        zoned = pl.Series([bool(column.dtype.time_zone)] * len(column))  # type: ignore[union-attr]
    else:
        text = column.cast(pl.String).str.strip_chars()
        candidates = [fmt] if fmt else TIMESTAMP_FORMATS
        wanted = text.is_not_null().sum()
        best: pl.Series | None = None
        zoned = pl.Series([False] * len(text))
        # Each value by the first format that reads it, so one column may mix formats.
        for candidate in candidates:
            try:
                attempt = text.str.to_datetime(candidate, strict=False, time_unit="us")
            except pl.exceptions.PolarsError:
                continue
            if getattr(attempt.dtype, "time_zone", None):
                attempt = attempt.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
                newly = (
                    attempt.is_not_null()
                    if best is None
                    else best.is_null() & attempt.is_not_null()
                )
                zoned = zoned | newly
            best = attempt if best is None else best.fill_null(attempt)
            if best.is_not_null().sum() == wanted:
                break
        parsed = best if best is not None else pl.Series([None] * len(text), dtype=pl.Datetime)
    if getattr(parsed.dtype, "time_zone", None):
        # A time with an offset is an instant: keep it in UTC so durations stay exact.
        parsed = parsed.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
    return parsed.cast(pl.Datetime("us")), zoned.fill_null(False)


def age_band_expr(age: pl.Expr) -> pl.Expr:
    expr = pl.lit(None, dtype=pl.String)
    for low, high, label in reversed(AGE_BANDS):
        expr = pl.when(age.is_between(low, high)).then(pl.lit(label)).otherwise(expr)
    return expr


def to_canonical(
    raw: pl.DataFrame,
    mapping: ColumnMapping,
    *,
    source: str = "log",
    municipalities: Mapping[str, Municipality] | None = None,
    line_offset: int = 2,
) -> pl.DataFrame:
    """Validate and convert; raises LogImportError naming every problem."""
    problems: list[Problem] = []
    total = 0
    missing = [
        Problem(0, name, "missing_column", column=column)
        for name, column in mapping.pairs().items()
        if column not in raw.columns
    ]
    if missing:
        raise LogImportError(source, missing, len(missing))
    if "_line" in raw.columns:
        lines = raw["_line"].cast(pl.Int64)
    else:
        lines = pl.int_range(line_offset, raw.height + line_offset, eager=True)

    def check(name: str, bad: pl.Series, code: str) -> None:
        nonlocal total
        total += int(bad.sum())
        if len(problems) >= MAX_PROBLEMS or not bad.any():
            return
        idx = bad.arg_true().head(MAX_PROBLEMS - len(problems))
        column = getattr(mapping, name)
        for line in lines.gather(idx).to_list():
            problems.append(Problem(int(line), name, code, column=column))

    def text(name: str) -> pl.Series:
        return raw[getattr(mapping, name)].cast(pl.String)

    out: dict[str, pl.Series] = {}
    for name in (CASE_ID, ACTIVITY):
        values = text(name)
        check(name, values.is_null() | (values.str.strip_chars() == ""), "missing")
        out[name] = values
    original_times = raw[mapping.timestamp]
    times, zoned = _parse_times(original_times, mapping.timestamp_format)
    check(TIMESTAMP, times.is_null(), "bad_time")
    read = times.is_not_null()
    with_zone, without_zone = int((zoned & read).sum()), int((~zoned & read).sum())
    if with_zone and without_zone:
        # Name the lines of the rarer kind: those are the ones to correct.
        check(TIMESTAMP, (zoned if with_zone < without_zone else ~zoned) & read, "mixed_zones")
    out[TIMESTAMP] = times
    for name in (ORGANISATION, LEVEL, PRIORITY_GROUP, AGE_BAND):
        out[name] = (
            text(name)
            if getattr(mapping, name)
            else pl.Series([None] * raw.height, dtype=pl.String)
        )
    if mapping.municipality:
        values = text(MUNICIPALITY).str.strip_chars().str.zfill(4)
        if municipalities is not None:
            # Numbers of before 2020 (merged or renumbered municipalities) read as today's.
            values = values.replace(former_number_map(dict(municipalities)))
            known = list(municipalities)
            check(
                MUNICIPALITY,
                values.is_not_null() & ~values.is_in(known),
                "unknown_municipality",
            )
        out[MUNICIPALITY] = values
    else:
        out[MUNICIPALITY] = pl.Series([None] * raw.height, dtype=pl.String)
    if mapping.age:
        original = raw[mapping.age].cast(pl.String)
        ages = original.str.strip_chars().cast(pl.Int64, strict=False)
        bad = (original.is_not_null() & ages.is_null()) | (
            ages.is_not_null() & ~ages.is_between(0, 120)
        )
        check(AGE, bad.fill_null(False), "bad_age")
        out[AGE] = ages.cast(pl.Int16, strict=False)
    else:
        out[AGE] = pl.Series([None] * raw.height, dtype=pl.Int16)
    for name in (LKT_COMPLEXITY, LKT_CAPACITY):
        if getattr(mapping, name):
            original = raw[getattr(mapping, name)].cast(pl.String)
            numbers = (
                original.str.strip_chars().str.replace(",", ".").cast(pl.Float64, strict=False)
            )
            check(name, original.is_not_null() & numbers.is_null(), "bad_number")
            out[name] = numbers
        else:
            out[name] = pl.Series([None] * raw.height, dtype=pl.Float64)
    if total:
        raise LogImportError(source, problems, total)
    frame = pl.DataFrame(out).with_columns(pl.int_range(0, pl.len(), dtype=pl.UInt32).alias(ROW))
    if mapping.age and not mapping.age_band:
        frame = frame.with_columns(age_band_expr(pl.col(AGE)).alias(AGE_BAND))
    return frame.select([pl.col(name).cast(dtype) for name, dtype in SCHEMA.items()]).sort(
        [CASE_ID, TIMESTAMP, ROW]
    )


def read_log(
    path: Path | str,
    mapping: ColumnMapping | None = None,
    *,
    kind: str = "",
    separator: str = "",
    municipalities: Mapping[str, Municipality] | None = None,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> pl.DataFrame:
    """Read, validate and convert one event log; sorted by case id, time and original row."""
    path = Path(path)
    limits = limits or Limits()
    try:
        kind = kind or detect_format(path)
        if progress:
            progress(0.05, "reading")
        if kind == "xes":
            raw = read_xes(path, progress, limits)
        else:
            raw = read_raw(path, kind, separator, limits)
    except etree.XMLSyntaxError as error:
        # The parser's message may quote the document: only its line is kept.
        problem = Problem(error.lineno or 0, "file", "unreadable")
        raise LogImportError(path.name, [problem], 1) from None
    except (
        OSError,
        pl.exceptions.PolarsError,
        EOFError,
        UnicodeDecodeError,
        zlib.error,
    ):
        # The error's text may quote the file: only the kind of fault is kept.
        raise _whole_file(path.name, "unreadable") from None
    if raw.height > limits.max_events:
        raise _whole_file(path.name, "too_many_events")
    if raw.height == 0:
        raise _whole_file(path.name, "empty")
    if progress:
        progress(0.5, "validating")
    if mapping is None:
        if kind == "xes":
            mapping = (
                XES_MAPPING
                if "org:group" in raw.columns
                else ColumnMapping(
                    case_id=XES_MAPPING.case_id,
                    activity=XES_MAPPING.activity,
                    timestamp=XES_MAPPING.timestamp,
                )
            )
        elif set(SCHEMA) - {ROW} <= set(raw.columns):
            mapping = ColumnMapping(**{name: name for name in SCHEMA if name != ROW})
        else:
            mapping = ColumnMapping(case_id=CASE_ID, activity=ACTIVITY, timestamp=TIMESTAMP)
    line_offset = 1 if kind == "parquet" else 2
    frame = to_canonical(
        raw, mapping, source=path.name, municipalities=municipalities, line_offset=line_offset
    )
    if progress:
        progress(0.9, "validated")
    return frame


def write_log(frame: pl.DataFrame, path: Path | str) -> Path:
    """Write atomically, so a crash never leaves half a log behind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Named after the target, so whoever cleans up after a crash knows whose it is.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        frame.write_parquet(temporary, compression="zstd", statistics=True)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def scan_log(path: Path | str) -> pl.LazyFrame:
    return pl.scan_parquet(path)
