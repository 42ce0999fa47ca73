"""Count tables for publication: cells, published totals and the additive lines that bind them.

A position is a ``(row, column)`` pair of indexes; ``TOTAL`` in either place names a margin, so
``(i, TOTAL)`` is the total of row ``i``, ``(TOTAL, j)`` the total of column ``j`` and
``(TOTAL, TOTAL)`` the grand total. A value is an ``int`` of at least 0, or ``None`` when it is
unknown (not reported); ``None`` is never read as 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

TOTAL = -1
"""The index that names a total row or a total column in a position."""

Position = tuple[int, int]


@dataclass(frozen=True)
class Line:
    """One additive constraint: the members add up to the total."""

    members: tuple[Position, ...]
    total: Position

    @property
    def entries(self) -> tuple[Position, ...]:
        """The members followed by the total."""
        return self.members + (self.total,)


@dataclass(frozen=True)
class Table:
    """A two-way (or one-way) table of counts with its published totals.

    Attributes:
        rows: Row labels.
        cols: Column labels.
        cells: One tuple of values per row, one value per column.
        row_totals: The published total of each row.
        col_totals: The published total of each column, or ``None`` for a one-way table, which
            has a single row and no total row (its column totals would repeat the cells).
        grand_total: The published grand total; unused in a one-way table.
    """

    rows: tuple[str, ...]
    cols: tuple[str, ...]
    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    col_totals: tuple[int | None, ...] | None = None
    grand_total: int | None = None

    @property
    def one_way(self) -> bool:
        """True when the table has no total row."""
        return self.col_totals is None

    def value(self, pos: Position) -> int | None:
        """The value at a position, totals included."""
        r, c = pos
        if r == TOTAL and c == TOTAL:
            return self.grand_total
        if r == TOTAL:
            return self.col_totals[c]
        if c == TOTAL:
            return self.row_totals[r]
        return self.cells[r][c]

    def positions(self) -> list[Position]:
        """Every position, in reading order: each row with its total, then the total row."""
        row_index = list(range(len(self.rows)))
        if not self.one_way:
            row_index.append(TOTAL)
        return [(r, c) for r in row_index for c in [*range(len(self.cols)), TOTAL]]

    def order(self, pos: Position) -> tuple[int, int]:
        """A sort key that puts positions in reading order, totals last."""
        r, c = pos
        return (len(self.rows) if r == TOTAL else r, len(self.cols) if c == TOTAL else c)

    def lines(self) -> list[Line]:
        """The additive constraints: every row, then (two-way only) every column."""
        cols = range(len(self.cols))
        if self.one_way:
            return [Line(tuple((0, c) for c in cols), (0, TOTAL))]
        row_index = [*range(len(self.rows)), TOTAL]
        found = [Line(tuple((r, c) for c in cols), (r, TOTAL)) for r in row_index]
        for c in [*cols, TOTAL]:
            found.append(Line(tuple((r, c) for r in range(len(self.rows))), (TOTAL, c)))
        return found


def sum_or_none(values: Iterable[int | None]) -> int | None:
    """The sum of the values, or ``None`` as soon as one of them is unknown."""
    total = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


def two_way(rows: Sequence[str], cols: Sequence[str], cells: Sequence[Sequence[int | None]],
            row_totals: Sequence[int | None] | None = None,
            col_totals: Sequence[int | None] | None = None,
            grand_total: int | None = None) -> Table:
    """Builds a checked two-way table; totals not given are computed from the cells.

    A computed total is ``None`` (unknown) when one of the values it adds up is unknown.

    Raises:
        ValueError: On a shape mismatch, a value that is not a count, or totals that contradict
            the cells.
    """
    grid = tuple(tuple(row) for row in cells)
    _check_shape(rows, cols, grid)
    if row_totals is None:
        row_totals = [sum_or_none(row) for row in grid]
    if col_totals is None:
        col_totals = [sum_or_none(row[c] for row in grid) for c in range(len(cols))]
    if grand_total is None:
        grand_total = sum_or_none(row_totals)
        if grand_total is None:
            grand_total = sum_or_none(col_totals)
    table = Table(tuple(rows), tuple(cols), grid, tuple(row_totals), tuple(col_totals),
                  grand_total)
    check_table(table)
    return table


def one_way(labels: Sequence[str], counts: Sequence[int | None], total: int | None = None,
            name: str = "") -> Table:
    """Builds a checked one-way table: one row of counts and its total.

    Raises:
        ValueError: As for ``two_way``.
    """
    _check_shape([name], labels, [counts])
    if total is None:
        total = sum_or_none(counts)
    table = Table((name,), tuple(labels), (tuple(counts),), (total,), None, None)
    check_table(table)
    return table


def check_table(table: Table) -> None:
    """Checks shapes, that every value is a count or ``None``, and that totals fit the cells.

    Raises:
        ValueError: Naming the first problem found.
    """
    _check_shape(table.rows, table.cols, table.cells)
    if table.one_way and len(table.rows) != 1:
        raise ValueError("a table without column totals must have exactly one row")
    if len(table.row_totals) != len(table.rows):
        raise ValueError("one row total is needed per row")
    if not table.one_way and len(table.col_totals) != len(table.cols):
        raise ValueError("one column total is needed per column")
    for pos in table.positions():
        value = table.value(pos)
        if value is not None and (type(value) is not int or value < 0):
            raise ValueError(f"value at {pos} is not a count: {value!r}")
    for line in table.lines():
        _check_line(table, line)


def _check_shape(rows: Sequence, cols: Sequence, cells: Sequence[Sequence]) -> None:
    if not rows or not cols:
        raise ValueError("a table needs at least one row and one column")
    if len(cells) != len(rows) or {len(row) for row in cells} != {len(cols)}:
        raise ValueError("cells do not match the row and column labels")


def _check_line(table: Table, line: Line) -> None:
    total = table.value(line.total)
    known = [table.value(p) for p in line.members if table.value(p) is not None]
    if total is None:
        return
    if len(known) == len(line.members) and sum(known) != total:
        raise ValueError(f"total at {line.total} is {total} but its parts add up to {sum(known)}")
    if sum(known) > total:
        raise ValueError(f"total at {line.total} is {total}, less than its known parts")


def unknown_positions(table: Table) -> Iterator[Position]:
    """The positions whose value is unknown."""
    return (pos for pos in table.positions() if table.value(pos) is None)
