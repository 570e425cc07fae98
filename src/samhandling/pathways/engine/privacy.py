"""Small-count suppression with secondary suppression.

Primary: a count of persons from 1 to threshold − 1 is hidden (zero is published: it
discloses no one). Secondary: wherever a sum is published (a row, column or grand total, or
the total of a list), the hidden cells of that sum must be at least two and together at
least the threshold; otherwise more cells are hidden. So subtracting the published cells
from a published total never gives a hidden cell, nor pins hidden cells to 1.
"""

from dataclasses import dataclass

DEFAULT_THRESHOLD = 5


def checked_threshold(threshold: int | None) -> int:
    """The threshold may be raised, never lowered below the default."""
    if threshold is None:
        return DEFAULT_THRESHOLD
    if threshold < DEFAULT_THRESHOLD:
        raise ValueError(f"the suppression threshold cannot be below {DEFAULT_THRESHOLD}")
    return int(threshold)


@dataclass(frozen=True)
class Cell:
    """A published count: `value` is None when hidden."""

    value: int | None

    @property
    def hidden(self) -> bool:
        return self.value is None


HIDDEN = Cell(None)


def _is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def suppress_lines(
    values: dict[object, int],
    lines: list[tuple[list[object], object]],
    primary: set[object],
    threshold: int,
    fixed: frozenset[object] = frozenset(),
) -> set[object]:
    """The hidden cells of a table given as cells (`values`) and the sums that are published
    about it (`lines`: the cells of each sum and the cell holding the sum). `fixed` cells are
    known to everyone (structural zeros) and are never used to protect others."""
    hidden = set(primary)
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            unknown = [cell for cell in [*members, total] if cell in hidden]
            if not unknown:
                continue
            hidden_sum = sum(values[cell] for cell in members if cell in hidden)
            total_known = total not in hidden
            weak = len(unknown) == 1 or (total_known and 0 < hidden_sum < threshold)
            if not weak:
                continue
            candidates = sorted(
                (values[cell], str(cell), cell)
                for cell in members
                if cell not in hidden and cell not in fixed and values[cell] > 0
            )
            if candidates:
                hidden.add(candidates[0][2])
            elif total not in hidden and values[total] > 0:
                hidden.add(total)
            else:
                continue
            changed = True
    return hidden


@dataclass(frozen=True)
class PublishedMatrix:
    """A two-way table of counts with its row, column and grand totals, already suppressed."""

    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    grand_total: Cell
    threshold: int
    structural: frozenset[tuple[int, int]] = frozenset()

    @property
    def any_hidden(self) -> bool:
        return any(cell.hidden for row in self.cells for cell in row) or any(
            c.hidden for c in [*self.row_totals, *self.column_totals, self.grand_total]
        )


def publish_matrix(
    row_labels: list[str],
    column_labels: list[str],
    counts: list[list[int]],
    *,
    threshold: int,
    persons: list[list[int]] | None = None,
    structural: frozenset[tuple[int, int]] = frozenset(),
) -> PublishedMatrix:
    """Suppress a table. `persons` (same shape) decides primary suppression when the counts
    are not counts of persons (handovers); totals are then taken as persons-safe only if
    they are large themselves."""
    persons = persons or counts
    n, m = len(row_labels), len(column_labels)
    values: dict[object, int] = {}
    primary: set[object] = set()
    for i in range(n):
        for j in range(m):
            values[(i, j)] = counts[i][j]
            if _is_small(persons[i][j], threshold):
                primary.add((i, j))
    for i in range(n):
        values[("row", i)] = sum(counts[i])
        if _is_small(values[("row", i)], threshold):
            primary.add(("row", i))
    for j in range(m):
        values[("col", j)] = sum(counts[i][j] for i in range(n))
        if _is_small(values[("col", j)], threshold):
            primary.add(("col", j))
    values["all"] = sum(values[("row", i)] for i in range(n))
    if _is_small(values["all"], threshold):
        primary.add("all")
    lines: list[tuple[list[object], object]] = []
    lines += [([(i, j) for j in range(m)], ("row", i)) for i in range(n)]
    lines += [([(i, j) for i in range(n)], ("col", j)) for j in range(m)]
    lines.append(([("row", i) for i in range(n)], "all"))
    lines.append(([("col", j) for j in range(m)], "all"))
    hidden = suppress_lines(values, lines, primary, threshold, frozenset(structural))

    def cell(key: object) -> Cell:
        return HIDDEN if key in hidden else Cell(values[key])

    return PublishedMatrix(
        row_labels=list(row_labels),
        column_labels=list(column_labels),
        cells=[[cell((i, j)) for j in range(m)] for i in range(n)],
        row_totals=[cell(("row", i)) for i in range(n)],
        column_totals=[cell(("col", j)) for j in range(m)],
        grand_total=cell("all"),
        threshold=threshold,
        structural=frozenset(structural),
    )


def publish_list(counts: list[int], threshold: int) -> tuple[list[bool], int]:
    """For a list whose total is published but whose hidden rows are not listed (variants,
    start edges): which rows may be shown, and the count of the rows put together as "other",
    which is zero or at least the threshold."""
    shown = [count >= threshold for count in counts]
    other = sum(count for count, ok in zip(counts, shown, strict=True) if not ok)
    order = sorted(range(len(counts)), key=lambda i: (counts[i], i))
    for i in order:
        if other == 0 or other >= threshold:
            break
        if shown[i]:
            shown[i] = False
            other += counts[i]
    return shown, other
