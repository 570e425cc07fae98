"""Suppression: no published count is small, and a hidden cell cannot be worked out from
what is published — the tests play the attacker with linear programming."""

import itertools
import random

import numpy as np
import pytest
from scipy.optimize import linprog

from samhandling.pathways.engine import AnalysisOptions, analyse
from samhandling.pathways.engine.generate import generate
from samhandling.pathways.engine.privacy import (
    DEFAULT_THRESHOLD,
    PublishedMatrix,
    checked_threshold,
    publish_list,
    publish_matrix,
)


def attack(matrix: PublishedMatrix) -> dict[tuple, tuple[float, float]]:
    """The smallest and largest value each hidden cell (or total) can take, given every
    published cell and total, the sums the table implies, and that counts are not negative."""
    n, m = len(matrix.row_labels), len(matrix.column_labels)
    unknowns: list[tuple] = []
    known: dict[tuple, int] = {}

    def place(key, cell):
        if cell.hidden:
            unknowns.append(key)
        else:
            known[key] = cell.value

    for i, j in itertools.product(range(n), range(m)):
        if (i, j) in matrix.structural:
            known[(i, j)] = 0
        else:
            place((i, j), matrix.cells[i][j])
    for i in range(n):
        place(("row", i), matrix.row_totals[i])
    for j in range(m):
        place(("col", j), matrix.column_totals[j])
    place(("all",), matrix.grand_total)
    if not unknowns:
        return {}
    index = {key: k for k, key in enumerate(unknowns)}
    equations = []
    for i in range(n):
        equations.append(([(i, j) for j in range(m)], ("row", i)))
    for j in range(m):
        equations.append(([(i, j) for i in range(n)], ("col", j)))
    equations.append(([("row", i) for i in range(n)], ("all",)))
    a_eq, b_eq = [], []
    for members, total in equations:
        row = np.zeros(len(unknowns))
        constant = 0.0
        for key in members:
            if key in index:
                row[index[key]] += 1
            else:
                constant += known[key]
        if total in index:
            row[index[total]] -= 1
        else:
            constant -= known[total]
        a_eq.append(row)
        b_eq.append(-constant)
    bounds = [(0, None)] * len(unknowns)
    ranges = {}
    for key, k in index.items():
        c = np.zeros(len(unknowns))
        c[k] = 1
        low = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds)
        high = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds)
        ranges[key] = (low.fun, -high.fun if high.status == 0 else float("inf"))
    return ranges


def assert_protected(matrix: PublishedMatrix, counts: list[list[int]]) -> None:
    threshold = matrix.threshold
    for i, row in enumerate(matrix.cells):
        for j, cell in enumerate(row):
            if 0 < counts[i][j] < threshold:
                assert cell.hidden, (i, j)
            if not cell.hidden:
                assert cell.value == counts[i][j]
    for key, (low, high) in attack(matrix).items():
        # Never pinned down, and never provably small: the attacker cannot rule out a
        # value at or above the threshold.
        assert high - low >= 1 - 1e-6, key
        assert high >= threshold - 1e-6, (key, low, high)


def test_a_single_small_cell_in_a_row_takes_another_with_it():
    counts = [[3, 40, 12], [20, 25, 30]]
    matrix = publish_matrix(["a", "b"], ["x", "y", "z"], counts, threshold=5)
    hidden = [(i, j) for i in range(2) for j in range(3) if matrix.cells[i][j].hidden]
    assert (0, 0) in hidden and len(hidden) >= 4  # its row and its column both need a partner
    assert_protected(matrix, counts)


def test_two_ones_in_a_row_are_not_left_summing_to_two():
    counts = [[1, 1, 50], [30, 30, 30]]
    matrix = publish_matrix(["a", "b"], ["x", "y", "z"], counts, threshold=5)
    assert_protected(matrix, counts)


def test_zero_is_published_and_a_small_total_is_hidden():
    matrix = publish_matrix(["a", "b"], ["x", "y"], [[0, 2], [0, 40]], threshold=5)
    assert matrix.cells[0][0].value == 0
    assert matrix.row_totals[0].hidden
    assert_protected(matrix, [[0, 2], [0, 40]])


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_cannot_be_recovered(seed):
    rng = random.Random(seed)
    n, m = rng.randint(1, 5), rng.randint(2, 6)
    counts = [[rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 15, 40]) for _ in range(m)] for _ in range(n)]
    matrix = publish_matrix(
        [str(i) for i in range(n)], [str(j) for j in range(m)], counts, threshold=5
    )
    assert_protected(matrix, counts)


def test_structural_zeros_are_never_used_to_hide_a_cell():
    counts = [[0, 3, 30], [8, 0, 20], [9, 12, 0]]
    diagonal = frozenset((i, i) for i in range(3))
    matrix = publish_matrix(
        ["a", "b", "c"], ["a", "b", "c"], counts, threshold=5, structural=diagonal
    )
    assert all(not matrix.cells[i][i].hidden for i in range(3))
    assert_protected(matrix, counts)


def test_a_list_never_leaves_a_small_remainder():
    shown, other = publish_list([50, 20, 7, 3], 5)
    assert shown == [True, True, False, False] and other == 10
    shown, other = publish_list([50, 20, 7, 3, 1], 5)
    assert other == 0 or other >= 5


def test_the_threshold_can_be_raised_but_not_lowered():
    assert checked_threshold(None) == DEFAULT_THRESHOLD
    assert checked_threshold(10) == 10
    with pytest.raises(ValueError):
        checked_threshold(3)
    with pytest.raises(ValueError):
        analyse(generate(30, seed=1), AnalysisOptions(threshold=2))


@pytest.fixture(scope="module")
def published():
    return analyse(generate(600, seed=5))


def test_no_published_count_of_persons_is_below_the_threshold(published):
    small = lambda value: value is not None and 0 < value < published.threshold  # noqa: E731
    assert not any(small(node.persons) for node in published.dfg.nodes)
    assert not any(small(edge.persons) for edge in published.dfg.edges)
    assert not any(small(row.persons) for row in published.variants.rows)
    assert not small(published.variants.other_persons)
    assert not any(small(cell.value) for cell in published.durations.cells)
    for matrix in (
        published.level_handovers,
        published.organisation_handovers,
        published.readmissions,
        published.segments,
    ):
        values = [c.value for row in matrix.cells for c in row] + [
            c.value for c in matrix.row_totals
        ]
        assert not any(small(v) for v in values)
    assert not any(small(row.persons.value) for row in published.bed_days)


def test_published_matrices_of_a_real_analysis_cannot_be_recovered(published):
    for matrix in (published.organisation_handovers, published.segments, published.readmissions):
        ranges = attack(matrix)
        for key, (low, high) in ranges.items():
            assert high - low >= 1 - 1e-6, key


def test_the_variant_list_adds_up_without_revealing_the_rest(published):
    variants = published.variants
    shown = sum(row.persons for row in variants.rows)
    assert shown + variants.other_persons == variants.total_persons
    assert variants.other_persons == 0 or variants.other_persons >= variants.threshold


def test_start_edges_leave_no_small_remainder_of_the_total(published):
    starts = sum(e.persons for e in published.dfg.edges if e.source == "▶")
    remainder = published.persons - starts
    assert remainder == 0 or remainder >= published.threshold


def test_too_few_persons_publish_nothing():
    result = analyse(generate(4, seed=2))
    assert result.too_few and result.dfg is None and result.persons is None


def test_nothing_published_holds_a_case_id(published):
    text = repr(published)
    assert "P00" not in text
