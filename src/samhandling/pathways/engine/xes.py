"""A fast reader for the plain XES that event-log exporters write, tokenised by polars.

The document is cut at every `<` into pieces (by polars' CSV reader, with `<` as the line
end); each piece must be one of the few shapes such logs are made of (`<trace>`,
`</trace>`, `<event>`, `</event>`, a self-closing `<string|date|int|float|boolean|id
key="…" value="…"/>`, and the `<log>`, `<extension>`, `<global>`, `<classifier>` and
`<?xml?>` frame). Its first two characters give a piece's kind; its full shape is checked
once per distinct shape (attribute pieces split at their quotes, so values drop out of the
shape). Trace and event numbers and nesting depths come from cumulative sums, attributes
are spread to columns by gathers, all inside polars. Anything else — comments, CDATA, DOCTYPE, processing
instructions, nested or list attributes, single quotes, character references, other
encodings, tags out of order — raises `UnsupportedError`, and the caller uses lxml instead,
which also reports well-formedness errors with their line.
"""

import re
from collections.abc import Callable

import polars as pl

W = r"[ \t\r\n]"
NAME = r"[A-Za-z_:][A-Za-z0-9_:.\-]*"
ATTRIBUTES = rf"""(?:{W}+{NAME}{W}*={W}*(?:"[^"]*"|'[^']*'))*{W}*"""
PIECE = (
    r"^(?:"
    rf"(?P<open>trace|event){W}*>"
    rf"|/(?P<close>trace|event){W}*>"
    rf"|(?:string|date|int|float|boolean|id){W}+(?:"
    rf'key{W}*={W}*"(?P<k1>[^"]*)"{W}+value{W}*={W}*"(?P<v1>[^"]*)"'
    rf'|value{W}*={W}*"(?P<v2>[^"]*)"{W}+key{W}*={W}*"(?P<k2>[^"]*)"'
    rf"){W}*/>"
    rf"|(?P<log>log){ATTRIBUTES}>"
    rf"|(?P<endlog>/log){W}*>"
    rf"|(?P<global>global){ATTRIBUTES}>"
    rf"|(?P<endglobal>/global){W}*>"
    rf"|(?P<declaration>extension|classifier){ATTRIBUTES}/>"
    rf"|(?P<prolog>\?xml){ATTRIBUTES}\?>"
    rf"){W}*$"
)
ENTITIES = [("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")]


class UnsupportedError(Exception):
    """The document is not in the shape this reader understands (or is malformed)."""


def _pieces(data: bytes) -> tuple[pl.Series, int]:
    """The text after each `<`, in order, and the number of newlines before the first `<`.

    polars' CSV reader does the cutting, in parallel: `<` as the line end and a NUL (never
    in XML) as the separator make every piece one row of one column."""
    first = data.find(b"<")
    if first < 0 or b"\x00" in data:
        raise UnsupportedError("no element")
    head = data[:first]
    if head.removeprefix(b"\xef\xbb\xbf").strip(b" \t\r\n"):
        raise UnsupportedError("text before the root")
    if not data[-64:].rstrip(b" \t\r\n").endswith(b">"):
        raise UnsupportedError("text after the root")
    try:
        # The first row is what comes before the first "<" (checked above), so no copy of
        # the document is needed to skip it.
        pieces = pl.read_csv(
            data,
            has_header=False,
            separator="\x00",
            eol_char="<",
            quote_char=None,
            schema={"piece": pl.String},
            encoding="utf8",
        )["piece"].slice(1)
    except pl.exceptions.PolarsError as error:
        raise UnsupportedError("not UTF-8") from error
    # An empty piece (`<<`) reads as null; a trailing one cannot occur after the check above.
    if not len(pieces) or pieces.null_count():
        raise UnsupportedError("empty element")
    return pieces, head.count(b"\n")


def _declared_encoding(prolog: str) -> str:
    found = re.search(r"""encoding[ \t\r\n]*=[ \t\r\n]*["']([^"']*)["']""", prolog)
    return found.group(1).lower() if found else ""


def _unescaped(column: pl.Expr) -> pl.Expr:
    # Attribute-value normalisation as an XML parser does it, then the five entities
    # (`&amp;` last, so `&amp;lt;` stays `&lt;`).
    column = column.str.replace_all("\r\n", " ", literal=True).str.replace_all(r"[\t\n\r]", " ")
    for entity, character in ENTITIES:
        column = column.str.replace_all(entity, character, literal=True)
    return column


# The first two characters of every piece tell its kind; each kind's full shape is
# checked below.
TRACE, END_TRACE, EVENT, END_EVENT, ATTRIBUTE, LOG, END_LOG, GLOBAL, END_GLOBAL, OTHER = range(
    1, 11
)
KINDS = {
    "tr": TRACE,
    "/t": END_TRACE,
    "ev": EVENT,
    "/e": END_EVENT,
    **dict.fromkeys(["st", "da", "in", "fl", "bo", "id"], ATTRIBUTE),
    "lo": LOG,
    "/l": END_LOG,
    "gl": GLOBAL,
    "/g": END_GLOBAL,
    "ex": OTHER,
    "cl": OTHER,
    "?x": OTHER,
}
ATTRIBUTE_HEAD = re.compile(rf"(?:string|date|int|float|boolean|id){W}+(key|value){W}*={W}*")
ATTRIBUTE_MIDDLE = re.compile(rf"{W}+(key|value){W}*={W}*")
ATTRIBUTE_TAIL = re.compile(rf"{W}*/>{W}*")
WHOLE_PIECE = re.compile(PIECE.removeprefix("^").removesuffix("$"))


def _attribute_shapes_ok(shapes: pl.DataFrame) -> bool:
    for head, middle, tail in shapes.iter_rows():
        first = ATTRIBUTE_HEAD.fullmatch(head or "")
        second = ATTRIBUTE_MIDDLE.fullmatch(middle or "")
        if not (first and second and tail is not None and ATTRIBUTE_TAIL.fullmatch(tail)):
            return False
        if first.group(1) == second.group(1):
            return False
    return True


def read(data: bytes | Callable[[], bytes]) -> pl.DataFrame:
    """Events as rows, event attributes by key and trace attributes as `case:` + key, all
    text, and `_line`: the line each `<event>` starts on. Raises `UnsupportedError`.

    Given a function that returns the document instead of the document itself, the bytes
    are let go as soon as they are cut into pieces."""
    if callable(data):
        data = data()
    has_ampersand = b"&" in data
    if has_ampersand:
        known = sum(data.count(entity.encode()) for entity, _ in ENTITIES)
        if data.count(b"&") != known:
            raise UnsupportedError("character reference or stray ampersand")
    has_return = b"\r" in data
    if has_return and data.count(b"\r") != data.count(b"\r\n"):
        raise UnsupportedError("lone carriage return")
    has_tab = b"\t" in data
    pieces, newlines_before = _pieces(data)
    del data
    if _declared_encoding(pieces[0]) not in ("", "utf-8", "utf8"):
        raise UnsupportedError("encoding other than UTF-8")
    kind = pl.col("kind")

    def step(opening: int, closing: int) -> pl.Expr:
        return (
            ((kind == opening).cast(pl.Int32) - (kind == closing).cast(pl.Int32))
            .cum_sum()
            .cast(pl.Int32)
        )

    parsed = (
        pl.DataFrame(pieces)
        .lazy()
        .with_columns(
            pl.col("piece")
            .str.head(2)
            .replace_strict(KINDS, default=0, return_dtype=pl.Int8)
            .alias("kind"),
            pl.col("piece").str.count_matches("\n", literal=True).alias("newlines"),
        )
        .with_columns(
            # Depth after each piece: inside a trace (event) from its opening tag on.
            step(TRACE, END_TRACE).alias("trace_depth"),
            step(EVENT, END_EVENT).alias("event_depth"),
            ((kind == TRACE).cum_sum().cast(pl.Int32) - 1).alias("trace"),
            ((kind == EVENT).cum_sum().cast(pl.Int32) - 1).alias("event"),
            (pl.col("newlines").cum_sum() - pl.col("newlines") + 1 + newlines_before)
            .cast(pl.UInt32)
            .alias("_line"),
        )
        .drop("newlines")
        .collect()
    )
    is_attribute = kind == ATTRIBUTE
    structure = (
        parsed.lazy()
        .filter(~is_attribute)
        .select(
            "kind",
            "piece",
            # Closing tags count as inside what they close.
            (pl.col("trace_depth") + (kind == END_TRACE)).alias("trace_depth"),
            (pl.col("event_depth") + (kind == END_EVENT)).alias("event_depth"),
            (step(GLOBAL, END_GLOBAL) + (kind == END_GLOBAL)).alias("global_depth"),
        )
    )
    checks = structure.select(
        (kind != 0).all().alias("known"),
        (kind == LOG).sum().alias("logs"),
        (kind == END_LOG).sum().alias("endlogs"),
        pl.col("trace_depth").is_between(0, 1).all().alias("traces_nest"),
        pl.col("event_depth").is_between(0, 1).all().alias("events_nest"),
        pl.col("global_depth").is_between(0, 1).all().alias("globals_nest"),
        # An event only inside a trace; a trace opens and closes with no event open; no
        # trace inside a global, no global inside a trace.
        (pl.col("trace_depth") == 1).filter(kind == EVENT).all().alias("events_in_traces"),
        (pl.col("event_depth") == 0).filter(kind.is_in([TRACE, END_TRACE])).all().alias("c1"),
        (pl.col("trace_depth") == 0).filter(kind.is_in([GLOBAL, END_GLOBAL])).all().alias("c2"),
        (pl.col("global_depth") == 0).filter(kind == TRACE).all().alias("c3"),
        pl.col("trace_depth", "event_depth", "global_depth").last().name.prefix("final_"),
        pl.col("piece").filter(kind == OTHER).str.starts_with("?").sum().alias("prologs"),
    )
    frame_shapes = parsed.lazy().filter(~is_attribute).select("piece").unique()
    attributes = (
        parsed.lazy()
        .filter(is_attribute)
        .select(
            pl.col("piece").str.split_exact('"', 4).struct.unnest(),
            (pl.col("trace_depth") == 1).alias("in_trace"),
            (pl.col("event_depth") == 1).alias("in_event"),
            "trace",
            "event",
        )
    )
    events = parsed.lazy().filter(kind == EVENT).select("trace", "_line")
    checks, frame_shapes, attributes, events = pl.collect_all(
        [checks, frame_shapes, attributes, events]
    )
    attribute_shapes = attributes.lazy().select("field_0", "field_2", "field_4").unique().collect()
    checks = checks.row(0, named=True)
    kinds = parsed["kind"]
    prolog = 1 if pieces[0].startswith("?xml") else 0
    traces = int(parsed["trace"][-1]) + 1
    enough = parsed.height > prolog + 1
    # The pieces' text is no longer needed: let it go before the attributes are spread.
    del parsed, pieces
    if not (
        enough
        and checks.pop("known")
        and checks.pop("prologs") == prolog
        and checks.pop("logs") == 1
        and checks.pop("endlogs") == 1
        and kinds[prolog] == LOG
        and kinds[-1] == END_LOG
        and checks.pop("final_trace_depth") == 0
        and checks.pop("final_event_depth") == 0
        and checks.pop("final_global_depth") == 0
        and all(checks.values())
        and all(WHOLE_PIECE.fullmatch(piece) for piece in frame_shapes["piece"])
        and _attribute_shapes_ok(attribute_shapes)
    ):
        raise UnsupportedError("unexpected element or malformed document")

    orders = {ATTRIBUTE_HEAD.fullmatch(head).group(1) for head in attribute_shapes["field_0"]}
    if orders == {"key"}:
        key, value = pl.col("field_1"), pl.col("field_3")
    else:
        first_is_key = pl.col("field_0").str.strip_chars_end(" \t\r\n=").str.ends_with("key")
        key = pl.when(first_is_key).then(pl.col("field_1")).otherwise(pl.col("field_3"))
        value = pl.when(first_is_key).then(pl.col("field_3")).otherwise(pl.col("field_1"))
    attributes = (
        attributes.lazy()
        .filter(pl.col("in_trace"))
        .select(
            pl.int_range(pl.len()).alias("i"),
            "trace",
            "event",
            "in_event",
            key.alias("key"),
            value.alias("value"),
        )
        .collect()
    )
    if (
        has_ampersand
        or has_return
        or has_tab
        or attributes.select(pl.col("key", "value").str.contains("\n", literal=True).any()).row(0)
        != (False, False)
    ):
        attributes = attributes.with_columns(_unescaped(pl.col("key")), _unescaped(pl.col("value")))
    event_attributes = (
        attributes.lazy().filter(pl.col("in_event")).select("i", "event", "key", "value")
    )
    trace_attributes = (
        attributes.lazy()
        .filter(~pl.col("in_event"))
        .select("i", "trace", ("case:" + pl.col("key")).alias("key"), "value")
    )
    event_attributes, trace_attributes = pl.collect_all([event_attributes, trace_attributes])
    event_keys = event_attributes.group_by("key").agg(pl.col("i").min()).sort("i")["key"]
    trace_keys = trace_attributes.group_by("key").agg(pl.col("i").min()).sort("i")["key"]
    if "_line" in event_keys or set(event_keys) & set(trace_keys):
        raise UnsupportedError("clashing keys")
    by_event_key = event_attributes.partition_by("key", as_dict=True, include_key=False)
    by_trace_key = trace_attributes.partition_by("key", as_dict=True, include_key=False)
    columns = [events["_line"]]
    for key in event_keys:
        columns.append(_spread(by_event_key[(key,)], "event", key, events.height))
    for key in trace_keys:
        per_trace = _spread(by_trace_key[(key,)], "trace", key, traces)
        columns.append(per_trace.gather(events["trace"]))
    return pl.DataFrame(columns)


def _spread(given: pl.DataFrame, owner: str, key: str, size: int) -> pl.Series:
    """One attribute (`given`: owner numbers and values) as a column over `size` owners
    (events or traces): its value where the owner has it (the last one if given twice, as
    a parser building a dict would), else null. A gather instead of a pivot: far cheaper
    with a few keys and many rows."""
    if not given[owner].diff().drop_nulls().gt(0).all():
        given = given.unique(owner, keep="last", maintain_order=True)
    positions = pl.Series(key, [], dtype=pl.UInt32).extend_constant(None, size)
    positions = positions.scatter(given[owner], pl.int_range(given.height, eager=True))
    return given["value"].gather(positions).alias(key)
