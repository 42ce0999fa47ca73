"""Checks whether suppressed values of a table can be worked out from what it publishes.

Two checks are offered. ``disclosed_cells`` uses the additive equations alone, with exact rational
Gaussian elimination. ``pinned_by_bounds`` also uses what a reader knows about each hidden value's
range (for instance that a cell shown as ``<5`` holds 1 to 4), and finds values that only one
integer completion of the table allows.
"""

from __future__ import annotations

import heapq
from collections import deque
from fractions import Fraction
from typing import Collection, Mapping

from toolkit.statistics.tables import TOTAL, Position, Table, unknown_positions

Bound = tuple[int | None, int | None]
"""An inclusive (low, high) range; ``None`` leaves that side open."""


def disclosed_cells(table: Table, pattern: Collection[Position]) -> set[Position]:
    """The suppressed positions whose value the published values fix exactly.

    The unknowns are the suppressed positions and the positions whose value is unknown (not
    reported). Each line of the table gives one equation: its members minus its total equal zero,
    with published values moved to the right-hand side. A suppressed position is disclosed when
    its unit vector lies in the row space of that system restricted to the unknowns. Unknown
    positions take part as free unknowns (they carry no information) and are never reported.

    Args:
        table: The table with its true values.
        pattern: The suppressed positions.

    Returns:
        The disclosed positions among ``pattern``.
    """
    secret = {pos for pos in pattern if table.value(pos) is not None}
    hidden = sorted(secret | set(unknown_positions(table)), key=table.order)
    column = {pos: k for k, pos in enumerate(hidden)}
    equations = []
    for line in table.lines():
        equation = {column[pos]: Fraction(1) for pos in line.members if pos in column}
        if line.total in column:
            equation[column[line.total]] = Fraction(-1)
        if equation:
            equations.append(equation)
    basis = _reduced_basis(equations)
    fixed = {hidden[pivot] for pivot, row in basis.items() if len(row) == 1}
    return fixed & secret


def _reduced_basis(equations: list[dict[int, Fraction]]) -> dict[int, dict[int, Fraction]]:
    """Reduced row echelon form of sparse rows, keyed by pivot column.

    Each kept row has a 1 in its pivot column and 0 in every other row's pivot column, so a unit
    vector lies in the row space exactly when some kept row equals it.
    """
    basis: dict[int, dict[int, Fraction]] = {}
    for equation in equations:
        row = dict(equation)
        for pivot in [col for col in row if col in basis]:
            _add_multiple(row, basis[pivot], -row[pivot])
        if not row:
            continue
        pivot = min(row)
        scale = row[pivot]
        row = {col: value / scale for col, value in row.items()}
        for other in basis.values():
            if pivot in other:
                _add_multiple(other, row, -other[pivot])
        basis[pivot] = row
    return basis


def _add_multiple(target: dict[int, Fraction], source: dict[int, Fraction], factor: Fraction):
    for col, value in source.items():
        new = target.get(col, 0) + factor * value
        if new:
            target[col] = new
        else:
            target.pop(col, None)


def pinned_by_bounds(table: Table, bounds: Mapping[Position, Bound]) -> set[Position]:
    """The suppressed positions that every integer completion within the bounds agrees on.

    ``bounds`` maps each suppressed position to the range a reader can infer for it; each true
    value must lie in its range. Unknown positions have no bounds. Negating the margin totals
    turns the lines into a table whose every line adds up to zero, so a change that keeps all
    published values is a circulation in the bipartite graph of row lines and column lines, one
    edge per hidden position. The graph's incidence matrix is totally unimodular, so any other
    integer completion is reached through simple cycles that each respect the bounds: a
    position is pinned when no such cycle passes through it.

    Args:
        table: The table with its true values.
        bounds: Inclusive ranges for the suppressed positions.

    Returns:
        The pinned positions among the keys of ``bounds``.
    """
    secret = {pos for pos in bounds if table.value(pos) is not None}
    arcs: dict[tuple, list[tuple[tuple, Position]]] = {}
    for pos in sorted(secret | set(unknown_positions(table)), key=table.order):
        for start, end in _arcs(table, pos, bounds.get(pos, (None, None))):
            arcs.setdefault(start, []).append((end, pos))
    pinned = set()
    for pos in secret:
        if not any(_reaches(arcs, end, start, pos)
                   for start, end in _arcs(table, pos, bounds[pos])):
            pinned.add(pos)
    return pinned


def cheapest_cover(table: Table, bounds: Mapping[Position, Bound], target: Position,
                   offers: Mapping[Position, tuple[Bound, int]]) -> list[Position] | None:
    """The cheapest offered positions whose suppression frees a pinned position.

    Args:
        table: The table with its true values.
        bounds: As for ``pinned_by_bounds``; ``target`` is one of its keys.
        target: The pinned position.
        offers: Published positions that may be suppressed, each with the bound a reader would
            infer once it is suppressed and the cost of suppressing it.

    Returns:
        The offered positions on the cheapest cycle through ``target`` (ties broken by reading
        order, so the answer is deterministic), or ``None`` when no cycle exists.
    """
    arcs: dict[tuple, list[tuple[tuple, int, Position | None]]] = {}
    hidden = ({pos for pos in bounds if table.value(pos) is not None}
              | set(unknown_positions(table))) - {target}
    for pos in sorted(hidden, key=table.order):
        for start, end in _arcs(table, pos, bounds.get(pos, (None, None))):
            arcs.setdefault(start, []).append((end, 0, None))
    for pos in sorted(offers, key=table.order):
        bound, cost = offers[pos]
        for start, end in _arcs(table, pos, bound):
            arcs.setdefault(start, []).append((end, cost, pos))
    paths = [_cheapest_path(arcs, end, start)
             for start, end in _arcs(table, target, bounds[target])]
    paths = [path for path in paths if path is not None]
    return min(paths)[1] if paths else None


def _cheapest_path(arcs: dict, start: tuple, goal: tuple) -> tuple[int, list[Position]] | None:
    """Dijkstra's shortest path; returns its cost and the offered positions it uses."""
    done: set[tuple] = set()
    best = {start: (0, [])}
    heap = [(0, start)]
    while heap:
        cost, node = heapq.heappop(heap)
        if node in done:
            continue
        if node == goal:
            return best[node]
        done.add(node)
        for nxt, step, pos in arcs.get(node, ()):
            new = cost + step
            if nxt not in done and (nxt not in best or new < best[nxt][0]):
                best[nxt] = (new, best[node][1] + ([pos] if pos is not None else []))
                heapq.heappush(heap, (new, nxt))
    return None


def _ends(table: Table, pos: Position) -> tuple[tuple, tuple]:
    """The row-line node and the column-line node a position joins."""
    return ("row", pos[0]), (("col",) if table.one_way else ("col", pos[1]))


def _arcs(table: Table, pos: Position, bound: Bound) -> list[tuple[tuple, tuple]]:
    """The residual arcs of a hidden position, as (from, to) node pairs.

    Row to column when the position's value (negated for a margin total) can rise by one within
    the bound, column to row when it can fall by one.
    """
    row, col = _ends(table, pos)
    up, down = _room(table.value(pos), bound)
    if (pos[0] == TOTAL) != (pos[1] == TOTAL):
        up, down = down, up
    return [arc for arc, ok in (((row, col), up), ((col, row), down)) if ok]


def _room(value: int | None, bound: Bound) -> tuple[bool, bool]:
    """Whether a value can move up by one, and down by one, within its bound."""
    if value is None:
        return True, True
    low, high = bound
    return high is None or value < high, low is None or value > low


def _reaches(arcs: dict, start: tuple, goal: tuple, avoid: Position) -> bool:
    """Breadth-first search for a directed path that does not use the edge ``avoid``."""
    seen, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for nxt, pos in arcs.get(node, ()):
            if pos != avoid and nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False
