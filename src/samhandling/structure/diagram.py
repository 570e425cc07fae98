"""Layout of the structure overview drawing: a pure function from levels, committees and
reporting lines to box positions and connector paths. The template only draws what this
returns, so the geometry can be tested without a database or a browser."""

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 1000
LABEL_COLUMN = 170  # level names on the left
PRINCIPLE_COLUMN = 130  # the "users and GPs at every level" band on the right
COMMITTEE_LEFT = LABEL_COLUMN + 20
COMMITTEE_RIGHT = WIDTH - PRINCIPLE_COLUMN - 20
BOX_GAP = 14
MAX_BOX_WIDTH = 260
MAX_PER_ROW = 4
LINE_HEIGHT = 17
BOX_PADDING = 12
MIN_BOX_HEIGHT = 58
ROW_GAP = 22
BAND_PADDING = 22
BAND_GAP = 30
# Roughly how wide one character of the 14 px system font is; enough to wrap names so that
# they stay inside their boxes.
CHAR_WIDTH = 7.4
# Reporting lines that skip a row run in a lane left of the committee column, so they never
# cross the boxes of the rows in between.
LANE_X = COMMITTEE_LEFT - 10


@dataclass(frozen=True)
class LevelInput:
    key: str
    name: str


@dataclass(frozen=True)
class CommitteeInput:
    key: str
    name: str
    level_key: str
    url: str
    reports_to_key: str | None = None


@dataclass(frozen=True)
class Box:
    key: str
    name: str
    url: str
    level_key: str
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    row: int

    @property
    def center_x(self) -> float:
        return self.x + self.width / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def text_y(self) -> float:
        """Baseline of the first line, so that the lines sit centred in the box."""
        block = len(self.lines) * LINE_HEIGHT
        return self.y + (self.height - block) / 2 + LINE_HEIGHT - 4


@dataclass(frozen=True)
class Band:
    key: str
    name: str
    y: float
    height: float
    lines: tuple[str, ...]
    text_y: float


@dataclass(frozen=True)
class Connector:
    from_key: str
    to_key: str
    d: str  # SVG path data, ending at the committee reported to


@dataclass(frozen=True)
class Principle:
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    text_y: float


@dataclass(frozen=True)
class Diagram:
    width: int
    height: float
    bands: tuple[Band, ...]
    boxes: tuple[Box, ...]
    connectors: tuple[Connector, ...]
    principle: Principle | None


def wrap(text: str, width: float, char_width: float = CHAR_WIDTH) -> tuple[str, ...]:
    """Break text into lines that fit ``width`` pixels; a word longer than a line stays whole."""
    per_line = max(1, int(width // char_width))
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= per_line or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return tuple(lines) or ("",)


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def layout(
    levels: Sequence[LevelInput],
    committees: Sequence[CommitteeInput],
    *,
    principle: str = "",
) -> Diagram:
    """Place each level as a horizontal band, top to bottom in the given order, with its
    committees as boxes in rows of at most ``MAX_PER_ROW``; draw each reporting line as an
    arrow from the reporting committee to the one it reports to."""
    by_level: dict[str, list[CommitteeInput]] = {level.key: [] for level in levels}
    for committee in committees:
        if committee.level_key in by_level:
            by_level[committee.level_key].append(committee)

    bands: list[Band] = []
    boxes: list[Box] = []
    y = 0.0
    row_index = 0
    available = COMMITTEE_RIGHT - COMMITTEE_LEFT
    for level in levels:
        members = by_level[level.key]
        label_lines = wrap(level.name, LABEL_COLUMN - 24, CHAR_WIDTH + 0.6)
        rows = [members[i : i + MAX_PER_ROW] for i in range(0, len(members), MAX_PER_ROW)]
        band_top = y
        inner_y = y + BAND_PADDING
        for row in rows:
            box_width = min(MAX_BOX_WIDTH, (available - BOX_GAP * (len(row) - 1)) / len(row))
            row_lines = [wrap(c.name, box_width - 2 * BOX_PADDING) for c in row]
            height = max(
                MIN_BOX_HEIGHT,
                max(len(lines) for lines in row_lines) * LINE_HEIGHT + 2 * BOX_PADDING,
            )
            row_width = box_width * len(row) + BOX_GAP * (len(row) - 1)
            x = COMMITTEE_LEFT + (available - row_width) / 2
            for committee, lines in zip(row, row_lines, strict=True):
                boxes.append(
                    Box(
                        key=committee.key,
                        name=committee.name,
                        url=committee.url,
                        level_key=level.key,
                        x=x,
                        y=inner_y,
                        width=box_width,
                        height=height,
                        lines=lines,
                        row=row_index,
                    )
                )
                x += box_width + BOX_GAP
            inner_y += height + ROW_GAP
            row_index += 1
        content_bottom = inner_y - ROW_GAP if rows else inner_y
        label_height = len(label_lines) * LINE_HEIGHT
        band_height = max(content_bottom - band_top + BAND_PADDING, label_height + 2 * BAND_PADDING)
        bands.append(
            Band(
                key=level.key,
                name=level.name,
                y=band_top,
                height=band_height,
                lines=label_lines,
                text_y=band_top + (band_height - label_height) / 2 + LINE_HEIGHT - 4,
            )
        )
        y = band_top + band_height + BAND_GAP

    height = y - BAND_GAP if bands else 0.0
    connectors = tuple(_connectors(boxes, committees))
    principle_box = None
    if principle and bands:
        lines = wrap(principle, PRINCIPLE_COLUMN - 24, CHAR_WIDTH + 0.6)
        block = len(lines) * LINE_HEIGHT
        principle_box = Principle(
            x=WIDTH - PRINCIPLE_COLUMN,
            y=0.0,
            width=PRINCIPLE_COLUMN,
            height=height,
            lines=lines,
            text_y=(height - block) / 2 + LINE_HEIGHT - 4,
        )
    return Diagram(
        width=WIDTH,
        height=height,
        bands=tuple(bands),
        boxes=tuple(boxes),
        connectors=connectors,
        principle=principle_box,
    )


def _connectors(boxes: Sequence[Box], committees: Sequence[CommitteeInput]) -> list[Connector]:
    by_key = {box.key: box for box in boxes}
    connectors = []
    for committee in committees:
        child = by_key.get(committee.key)
        parent = by_key.get(committee.reports_to_key or "")
        if child is None or parent is None:
            continue
        if child.row == parent.row + 1:
            # Straight up into the row above, with the elbow halfway between the rows, so
            # lines to the same committee merge into one bar.
            middle = (parent.bottom + child.y) / 2
            d = (
                f"M{_fmt(child.center_x)},{_fmt(child.y)} V{_fmt(middle)} "
                f"H{_fmt(parent.center_x)} V{_fmt(parent.bottom)}"
            )
        else:
            # Up into the padding above the box, left to the lane, up the lane and into the
            # side of the committee reported to: it crosses no box in the rows between.
            above = child.y - ROW_GAP / 2
            parent_mid = parent.y + parent.height / 2
            d = (
                f"M{_fmt(child.center_x)},{_fmt(child.y)} V{_fmt(above)} H{_fmt(LANE_X)} "
                f"V{_fmt(parent_mid)} H{_fmt(parent.x)}"
            )
        connectors.append(Connector(from_key=committee.key, to_key=parent.key, d=d))
    return connectors
