"""Disclosure control: an attacker holding the published table must not recover a hidden count."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koers.core.disclosure import (
    TOTAL,
    Protected,
    is_primary,
    round_to,
    rounded,
    suppress_counts,
    suppress_table,
    two_way_with_totals,
)

Cell = tuple[Hashable, Hashable]


def equations(table: Mapping[Cell, int]) -> list[dict[Cell, int]]:
    """Every published equation as coefficients: the cells of a line minus its total = 0."""
    rows = {row for row, _ in table}
    columns = {column for _, column in table}
    lines = []
    for row in rows:
        line = {(row, column): 1 for column in columns if column != TOTAL}
        line[(row, TOTAL)] = -1
        lines.append(line)
    for column in columns:
        line = {(row, column): 1 for row in rows if row != TOTAL}
        line[(TOTAL, column)] = -1
        lines.append(line)
    return lines


def determined(protected: Protected[Cell], table: Mapping[Cell, int]) -> set[Cell]:
    """Hidden cells that linear algebra over the published totals pins down exactly.

    Cell i is determined when the unit vector e_i lies in the row space of the equations
    restricted to the hidden cells (the shown cells move to the right-hand side).
    """
    hidden = sorted(protected.suppressed, key=repr)
    if not hidden:
        return set()
    index = {cell: i for i, cell in enumerate(hidden)}
    matrix = np.zeros((len(equations(table)), len(hidden)))
    for r, line in enumerate(equations(table)):
        for cell, coefficient in line.items():
            if cell in index:
                matrix[r, index[cell]] = coefficient
    rank = np.linalg.matrix_rank(matrix)
    found = set()
    for cell, i in index.items():
        unit = np.zeros((1, len(hidden)))
        unit[0, i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.add(cell)
    return found


def peel(protected: Protected[Cell]) -> dict[Cell, int]:
    """The attack by subtraction: solve every line with one unknown, repeat until stuck."""
    known: dict[Cell, int | None] = dict(protected.values)
    recovered: dict[Cell, int] = {}
    progress = True
    while progress:
        progress = False
        for line in equations(known):  # type: ignore[arg-type]
            unknown = [cell for cell in line if known[cell] is None]
            if len(unknown) == 1:
                cell = unknown[0]
                rest = sum(c * (known[k] or 0) for k, c in line.items() if k != cell)
                value = -rest * line[cell]
                known[cell] = recovered[cell] = value
                progress = True
    return recovered


def table_of(rows: list[list[int]]) -> dict[tuple[str, str], int]:
    return {(f"r{i}", f"c{j}"): value for i, row in enumerate(rows) for j, value in enumerate(row)}


# --- primary suppression ----------------------------------------------------------------------


def test_primary_hides_one_to_minimum_minus_one_and_shows_zero():
    assert [is_primary(v, minimum=10) for v in (0, 1, 9, 10, 11)] == [
        False,
        True,
        True,
        False,
        False,
    ]
    assert is_primary(0, minimum=10, suppress_zeros=True) is True


def test_primary_refuses_negative_counts():
    with pytest.raises(ValueError, match="negative"):
        is_primary(-1, minimum=10)


def test_minimum_is_configurable():
    # given counts of 4 and 6 with a minimum of 5
    protected = suppress_counts({"a": 4, "b": 6, "c": 20}, minimum=5)

    # then only 4 is primary, and 6 (smallest other) is the complement
    assert protected.primary == {"a"}
    assert protected.secondary == {"b"}
    assert protected.values == {"a": None, "b": None, "c": 20, TOTAL: 30}


# --- one-way tables ---------------------------------------------------------------------------


def test_one_way_single_small_cell_gets_a_complement_so_the_total_does_not_reveal_it():
    # given one small group among larger ones
    protected = suppress_counts({"woman": 40, "man": 35, "other": 3, "undisclosed": 12})

    # then the next smallest cell is hidden too
    assert protected.values == {
        "woman": 40,
        "man": 35,
        "other": None,
        "undisclosed": None,
        TOTAL: 90,
    }
    # and subtraction gives only the sum of the two hidden cells
    assert 90 - 40 - 35 == 15


def test_one_way_two_small_cells_need_no_complement():
    protected = suppress_counts({"a": 2, "b": 3, "c": 50})
    assert protected.primary == {"a", "b"}
    assert protected.secondary == frozenset()


def test_one_way_prefers_non_zero_complement():
    protected = suppress_counts({"a": 0, "b": 4, "c": 15, "d": 30})
    assert protected.secondary == {"c"}


def test_one_way_small_total_hides_everything_non_zero():
    protected = suppress_counts({"a": 3, "b": 4, "c": 0})
    assert protected.values == {"a": None, "b": None, "c": 0, TOTAL: None}


def test_one_way_without_total_only_primary():
    protected = suppress_counts({"a": 3, "b": 40}, with_total=False)
    assert protected.values == {"a": None, "b": 40}


def test_one_way_rejects_reserved_total_key():
    with pytest.raises(ValueError, match="reserved"):
        suppress_counts({TOTAL: 3})


# --- two-way tables ---------------------------------------------------------------------------


def test_two_way_totals():
    table = two_way_with_totals(table_of([[1, 2], [3, 4]]))
    assert table[("r0", TOTAL)] == 3
    assert table[(TOTAL, "c1")] == 6
    assert table[(TOTAL, TOTAL)] == 10


def test_two_way_single_small_cell_is_protected_by_a_rectangle():
    # given one small cell in a 3x3 table
    cells = table_of([[5, 20, 30], [25, 40, 50], [35, 45, 60]])

    # when
    protected = suppress_table(cells)

    # then the smallest rectangle through it is hidden: its row, its column, and the corner
    assert protected.primary == {("r0", "c0")}
    assert protected.suppressed == {
        ("r0", "c0"),
        ("r0", "c1"),
        ("r1", "c0"),
        ("r1", "c1"),
    }
    assert peel(protected) == {}
    assert determined(protected, two_way_with_totals(cells)) == set()


def test_attack_by_row_total_fails():
    # given a table whose row r0 has one small cell
    cells = table_of([[3, 50, 60], [40, 45, 70]])
    protected = suppress_table(cells)
    values = protected.values

    # when the attacker subtracts the shown cells of row r0 from its total
    shown = [values[("r0", c)] for c in ("c0", "c1", "c2") if values[("r0", c)] is not None]
    row_total = values[("r0", TOTAL)]

    # then at least two unknowns remain in the row, and in every column
    assert len(shown) <= 1
    assert row_total is not None
    for column in ("c0", "c1", "c2", TOTAL):
        hidden = [r for r in ("r0", "r1", TOTAL) if values[(r, column)] is None]
        assert len(hidden) != 1
    assert peel(protected) == {}


def test_bridge_between_two_protected_blocks_is_closed():
    # given two independent rectangles of small cells: the line rule alone is satisfied, so
    # a complement added later that joins them would be a bridge recoverable by combining
    # rows and columns. The algorithm must leave no hidden cell on no cycle.
    cells = table_of(
        [
            [2, 3, 40, 50],
            [4, 5, 60, 70],
            [80, 90, 6, 7],
            [85, 95, 8, 9],
        ]
    )
    protected = suppress_table(cells)
    assert determined(protected, two_way_with_totals(cells)) == set()
    assert peel(protected) == {}


def test_small_grand_total_hides_all_non_zero_cells():
    protected = suppress_table(table_of([[1, 2], [0, 3]]))
    assert protected.values[(TOTAL, TOTAL)] is None
    assert protected.values[("r1", "c0")] == 0
    table = two_way_with_totals(table_of([[1, 2], [0, 3]]))
    assert [k for k, v in table.items() if v and protected.values[k] is not None] == []


def test_incomplete_table_is_refused():
    with pytest.raises(ValueError, match="give zeros explicitly"):
        suppress_table({("a", "x"): 12, ("b", "y"): 14})


def test_nothing_small_nothing_hidden():
    protected = suppress_table(table_of([[10, 20], [30, 40]]))
    assert protected.suppressed == frozenset()


# --- property: for random tables nothing hidden can be recovered ------------------------------


counts = st.one_of(st.integers(0, 12), st.integers(0, 60))


@st.composite
def tables(draw: st.DrawFn) -> dict[tuple[str, str], int]:
    n_rows = draw(st.integers(1, 5))
    n_columns = draw(st.integers(1, 5))
    return table_of([[draw(counts) for _ in range(n_columns)] for _ in range(n_rows)])


@settings(max_examples=300, deadline=None)
@given(tables(), st.integers(1, 15))
def test_no_hidden_cell_can_be_recovered(cells, minimum):
    protected = suppress_table(cells, minimum=minimum)
    table = two_way_with_totals(cells)

    # every small non-zero count is hidden
    for key, value in table.items():
        if 0 < value < minimum:
            assert protected.values[key] is None
    # no row or column (totals included) has exactly one hidden cell
    for line in equations(table):
        assert sum(protected.values[cell] is None for cell in line) != 1
    # subtraction recovers nothing, and neither does any linear combination of the totals
    assert peel(protected) == {}
    assert determined(protected, table) == set()
    # shown values are the true values
    for key, value in protected.values.items():
        assert value is None or value == table[key]


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdefg"), counts, min_size=1), st.integers(1, 15))
def test_one_way_never_one_hidden(cells, minimum):
    protected = suppress_counts(cells, minimum=minimum)
    assert len(protected.suppressed) != 1
    for key, value in cells.items():
        if 0 < value < minimum:
            assert protected.values[key] is None


# --- rounding ---------------------------------------------------------------------------------


def test_rounding():
    assert [round_to(v, 5) for v in (0, 2, 3, 7, 12, None)] == [0, 0, 5, 5, 10, None]
    protected = rounded(suppress_counts({"a": 12, "b": 23, "c": 3, "d": 4}), 5)
    assert protected.values == {"a": 10, "b": 25, "c": None, "d": None, TOTAL: 40}


def test_rounding_base_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        round_to(3, 0)
