"""Disclosure control: small counts never leave the person-level world.

Pure functions over small tables of counts. A one-way table is a mapping category -> count
(published with its total); a two-way table is a mapping (row, column) -> count, published with
row totals, column totals and the grand total (`TOTAL` in the keys).

1. **Primary suppression**: a count of 1 up to `minimum - 1` is hidden. Zeros are shown: an
   empty cell discloses nobody (set `suppress_zeros` for tables where it would).
2. **Secondary (complementary) suppression**: a hidden cell must not be recoverable from the
   published totals. Every published equation (a row or column with its total) therefore holds
   0 or at least 2 hidden cells, and, for two-way tables, no hidden cell may be a *bridge* in
   the graph whose nodes are the lines and whose edges are the hidden cells: a hidden cell is
   determined by the equations exactly when no cycle of hidden cells runs through it (around
   a cycle one can add +t, -t, +t, … and every total stays the same). Complementary cells are
   the smallest non-zero published cells, so as little as possible is lost. The rules are
   applied until nothing changes (a fixed point); the whole table hidden is always safe.
3. **Rounding** (optional): published counts to a multiple of `base`.

Limits, stated honestly: equality constraints only. Someone who also uses "counts are never
negative" can narrow a hidden cell to an interval; choosing non-zero complements keeps those
intervals wide, but no protection-interval guarantee is given.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final, Generic, TypeVar

DEFAULT_MINIMUM: Final = 10
# Key of a total: (row, TOTAL) is a row total, (TOTAL, column) a column total.
TOTAL: Final = "*"

K = TypeVar("K", bound=Hashable)
Cell = tuple[Hashable, Hashable]


@dataclass(frozen=True)
class Protected(Generic[K]):
    """A table ready to publish: `values[key]` is None where the count is hidden."""

    values: dict[K, int | None]
    primary: frozenset[K] = field(default_factory=frozenset)
    secondary: frozenset[K] = field(default_factory=frozenset)

    @property
    def suppressed(self) -> frozenset[K]:
        return self.primary | self.secondary

    def shown(self, key: K) -> bool:
        return self.values[key] is not None


def is_primary(value: int, *, minimum: int, suppress_zeros: bool = False) -> bool:
    """True when a count is too small to publish on its own."""
    if value < 0:
        raise ValueError(f"counts cannot be negative, got {value}")
    if value == 0:
        return suppress_zeros and minimum > 0
    return value < minimum


def _complement_order(value: int, key: Hashable) -> tuple[int, int, str]:
    # Smallest non-zero counts first (they lose least); zeros last (a hidden zero narrows the
    # other hidden cells to one side); the key's text breaks ties so results are repeatable.
    return (1 if value == 0 else 0, value, repr(key))


def suppress_counts(
    counts: Mapping[K, int],
    *,
    minimum: int = DEFAULT_MINIMUM,
    suppress_zeros: bool = False,
    with_total: bool = True,
) -> Protected[K | str]:
    """Protect a one-way table (category -> count) published with its total under `TOTAL`.

    Without a published total there is no equation, so only primary suppression applies.
    """
    values: dict[K | str, int] = dict(counts.items())
    if with_total:
        if TOTAL in values:
            raise ValueError(f"{TOTAL!r} is reserved for the total")
        values[TOTAL] = sum(counts.values())
    primary = {
        key
        for key, value in values.items()
        if is_primary(value, minimum=minimum, suppress_zeros=suppress_zeros)
    }
    hidden = set(primary)
    if with_total and len(hidden) == 1:
        candidates = sorted(
            (key for key in values if key not in hidden),
            key=lambda key: _complement_order(values[key], key),
        )
        hidden.add(candidates[0])
    return _protected(values, primary, hidden)


def two_way_with_totals(cells: Mapping[Cell, int]) -> dict[Cell, int]:
    """The table with its row totals, column totals and grand total added under `TOTAL`."""
    table: dict[Cell, int] = {}
    rows: dict[Hashable, int] = {}
    columns: dict[Hashable, int] = {}
    for (row, column), value in cells.items():
        if TOTAL in (row, column):
            raise ValueError(f"{TOTAL!r} is reserved for totals")
        table[(row, column)] = value
        rows[row] = rows.get(row, 0) + value
        columns[column] = columns.get(column, 0) + value
    for row, value in rows.items():
        table[(row, TOTAL)] = value
    for column, value in columns.items():
        table[(TOTAL, column)] = value
    table[(TOTAL, TOTAL)] = sum(rows.values())
    return table


def suppress_table(
    cells: Mapping[Cell, int],
    *,
    minimum: int = DEFAULT_MINIMUM,
    suppress_zeros: bool = False,
) -> Protected[Cell]:
    """Protect a two-way table (row, column) -> count, published with all its totals.

    The table must be complete: every row has a cell for every column (zeros included).
    """
    table = two_way_with_totals(cells)
    rows = {row for row, _ in table}
    columns = {column for _, column in table}
    missing = [(r, c) for r in rows for c in columns if (r, c) not in table]
    if missing:
        raise ValueError(f"the table has no cell for {missing[0]!r}; give zeros explicitly")
    primary = {
        key
        for key, value in table.items()
        if is_primary(value, minimum=minimum, suppress_zeros=suppress_zeros)
    }
    hidden = set(primary)
    while True:
        added = _complete_lines(table, hidden) or _break_bridges(table, hidden)
        if added is None:
            break
        hidden.add(added)
    return _protected(table, primary, hidden)


def _lines(table: Mapping[Cell, int]) -> list[list[Cell]]:
    """Every published equation of a two-way table: each row and each column (totals included)."""
    by_row: dict[Hashable, list[Cell]] = {}
    by_column: dict[Hashable, list[Cell]] = {}
    for key in table:
        by_row.setdefault(key[0], []).append(key)
        by_column.setdefault(key[1], []).append(key)
    ordered = sorted(by_row.items(), key=lambda item: repr(item[0]))
    ordered += sorted(by_column.items(), key=lambda item: repr(item[0]))
    return [sorted(line, key=repr) for _, line in ordered]


def _complete_lines(table: Mapping[Cell, int], hidden: set[Cell]) -> Cell | None:
    """A complement for the first line with exactly one hidden cell, or None when there is none."""
    for line in _lines(table):
        if sum(key in hidden for key in line) == 1:
            return min(
                (key for key in line if key not in hidden),
                key=lambda key: _complement_order(table[key], key),
            )
    return None


def _break_bridges(table: Mapping[Cell, int], hidden: set[Cell]) -> Cell | None:
    """A complement that puts a bridge (a hidden cell on no cycle) on a cycle, or None."""
    for bridge in sorted(_bridges(hidden), key=repr):
        row_side, column_side = _sides(hidden - {bridge}, bridge)
        # A published cell joining a row on the bridge's column side to a column on its row
        # side closes a cycle through the bridge.
        candidates = [
            (row, column)
            for row in _names(column_side, "row")
            for column in _names(row_side, "column")
            if (row, column) in table and (row, column) not in hidden
        ]
        if candidates:
            return min(candidates, key=lambda key: _complement_order(table[key], key))
    return None


def _names(nodes: set[tuple[str, Hashable]], kind: str) -> list[Hashable]:
    return sorted((name for node_kind, name in nodes if node_kind == kind), key=repr)


def _adjacency(hidden: Iterable[Cell]) -> dict[tuple[str, Hashable], list[tuple[str, Hashable]]]:
    graph: dict[tuple[str, Hashable], list[tuple[str, Hashable]]] = {}
    for row, column in hidden:
        graph.setdefault(("row", row), []).append(("column", column))
        graph.setdefault(("column", column), []).append(("row", row))
    return graph


def _reachable(
    graph: Mapping[tuple[str, Hashable], list[tuple[str, Hashable]]], start: tuple[str, Hashable]
) -> set[tuple[str, Hashable]]:
    seen = {start}
    stack = [start]
    while stack:
        for neighbour in graph.get(stack.pop(), []):
            if neighbour not in seen:
                seen.add(neighbour)
                stack.append(neighbour)
    return seen


def _sides(
    rest: set[Cell], bridge: Cell
) -> tuple[set[tuple[str, Hashable]], set[tuple[str, Hashable]]]:
    graph = _adjacency(rest)
    return _reachable(graph, ("row", bridge[0])), _reachable(graph, ("column", bridge[1]))


def _bridges(hidden: set[Cell]) -> list[Cell]:
    """Hidden cells whose removal disconnects their row from their column (tables are small)."""
    return [cell for cell in hidden if ("column", cell[1]) not in _sides(hidden - {cell}, cell)[0]]


def _protected(values: Mapping[K, int], primary: set[K], hidden: set[K]) -> Protected[K]:
    return Protected(
        values={key: (None if key in hidden else value) for key, value in values.items()},
        primary=frozenset(primary),
        secondary=frozenset(hidden - primary),
    )


def round_to(value: int | None, base: int) -> int | None:
    """Round half up to a multiple of `base` (None stays None)."""
    if base < 1:
        raise ValueError(f"the rounding base must be at least 1, got {base}")
    if value is None:
        return None
    return ((value + base // 2) // base) * base


def rounded(protected: Protected[K], base: int) -> Protected[K]:
    """The same table with every shown count rounded to a multiple of `base`."""
    return Protected(
        values={key: round_to(value, base) for key, value in protected.values.items()},
        primary=protected.primary,
        secondary=protected.secondary,
    )
