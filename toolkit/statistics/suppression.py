"""Primary and secondary suppression of small counts in tables published about victims.

Primary suppression hides every count from 1 to ``threshold - 1`` (and 0 too when asked), totals
included, and shows it as ``<5`` (for the default threshold of 5). Secondary suppression then hides
further values so that no suppressed value can be worked out from the published cells and totals;
these are shown as ``:c``, Eurostat's flag for confidential values. Unknown (unreported) values are
never published as numbers and are shown as ``:``, Eurostat's flag for "not available". With
``mark_small=False`` primary suppressions are shown as ``:c`` too, which tells a reader less.

Guarantee. After secondary suppression no suppressed value is fixed by the additive equations of
the table (checked with exact rational arithmetic by ``disclosed_cells``). The check is then
repeated with what a reader can also infer from the flags, namely that ``<5`` means 1 to 4 and
that ``:c`` means 0 or at least 5, and that counts are whole numbers; any value fixed under those
ranges gets further suppression too. A reader may still narrow a suppressed value to an interval;
only exact recovery is prevented. A secondary value of 0 may be recoverable, since a 0 reveals no
one. Any value still fixed after everything else is hidden is listed in ``unresolved``: for
instance a row of three ``<3`` (1 + 1 = 2) gives itself away; publishing with ``mark_small=False``
avoids that. A threshold of 2 is refused unless zeros are suppressed too, since ``<2`` would
mean exactly 1.

Unknown values take part in the equations as free unknowns: they are not published, so a line
holding one does not pin a suppressed value unless other lines pin the unknown value itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Collection, Iterable, Iterator, Mapping

from toolkit.statistics.audit import (
    Bound,
    cheapest_cover,
    disclosed_cells,
    pinned_by_bounds,
)
from toolkit.statistics.tables import TOTAL, Line, Position, Table

__all__ = ["CONFIDENTIAL", "NOT_AVAILABLE", "NOTE", "PRIMARY", "SECONDARY", "SuppressedTable",
           "disclosed_cells", "suppress"]

PRIMARY = "primary"
SECONDARY = "secondary"
CONFIDENTIAL = ":c"
"""Shown for a secondary (complementary) suppression."""
NOT_AVAILABLE = ":"
"""Shown for an unknown (unreported) value."""
NOTE = "totals may not equal the sum of the published cells"
TOTAL_LABEL = "Total"


@dataclass(frozen=True, eq=False)
class SuppressedTable:
    """A table ready for publication: published values, flags and the reasons behind them.

    Attributes:
        rows: Row labels.
        cols: Column labels.
        values: For every position (cells and totals): the published count, the flag of a
            suppressed value (``marker`` for primary, ``CONFIDENTIAL`` for secondary), or
            ``None`` for an unknown value. True values of suppressed positions are not kept.
        reasons: ``PRIMARY`` or ``SECONDARY`` for each suppressed position.
        threshold: The smallest count published as it is.
        one_way: True when the table has no total row.
        suppress_zero: True when zeros were suppressed as small counts (``<5`` may hide a 0).
        mark_small: False when primary suppressions are shown as ``CONFIDENTIAL`` too.
        unresolved: Suppressed positions still recoverable from the flag ranges when no further
            value could be suppressed; normally empty.
        note: The note to print under the table.
    """

    rows: tuple[str, ...]
    cols: tuple[str, ...]
    values: Mapping[Position, int | str | None]
    reasons: Mapping[Position, str]
    threshold: int
    one_way: bool = False
    suppress_zero: bool = False
    mark_small: bool = True
    unresolved: frozenset[Position] = frozenset()
    note: str = field(default=NOTE)

    @property
    def marker(self) -> str:
        """The flag shown for a primary suppression, such as ``<5``."""
        return f"<{self.threshold}" if self.mark_small else CONFIDENTIAL

    @property
    def pattern(self) -> frozenset[Position]:
        """The suppressed positions, primary and secondary."""
        return frozenset(self.reasons)

    def value(self, pos: Position) -> int | str | None:
        """The published value or flag at a position, ``None`` when unknown."""
        return self.values[pos]

    def header(self) -> list[str]:
        """The column heads: an empty corner, the column labels and the total."""
        return ["", *self.cols, TOTAL_LABEL]

    def published_rows(self) -> Iterator[list]:
        """Each row as displayed: its label, its cells and its total, then the total row.

        Counts stay ``int``; flags are strings; an unknown value is shown as ``NOT_AVAILABLE``.
        """
        row_index = list(range(len(self.rows)))
        if not self.one_way:
            row_index.append(TOTAL)
        for r in row_index:
            label = TOTAL_LABEL if r == TOTAL else self.rows[r]
            shown = [self._display(self.values[(r, c)]) for c in [*range(len(self.cols)), TOTAL]]
            yield [label, *shown]

    @staticmethod
    def _display(value: int | str | None) -> int | str:
        return NOT_AVAILABLE if value is None else value


def suppress(table: Table, threshold: int = 5, suppress_zero: bool = False,
             previous_pattern: Collection[Position] | None = None,
             mark_small: bool = True) -> SuppressedTable:
    """Suppresses small counts and enough other values that none of them can be recovered.

    Args:
        table: The table with its true values.
        threshold: Counts from 1 to ``threshold - 1`` are suppressed.
        suppress_zero: Suppress zeros as small counts too.
        previous_pattern: Positions suppressed in an earlier period; they are suppressed again
            first, so comparing periods recovers nothing. Unknown values among them stay unknown.
            Positions may be given as lists, as read back from JSON.
        mark_small: Show primary suppressions as ``<5``; when False they are shown as ``:c``
            like the secondary ones.

    Returns:
        The table to publish.

    Raises:
        ValueError: If the threshold is below 1, or 2 with a ``<2`` marker that would give every
            1 away, or if the previous pattern names a position that the table does not have.
    """
    if type(threshold) is not int or threshold < 1:
        raise ValueError(f"threshold must be a whole number of at least 1, not {threshold!r}")
    if threshold == 2 and mark_small and not suppress_zero:
        raise ValueError("threshold 2 would show every suppressed 1 as '<2'; use 3 or more, "
                         "suppress_zero or mark_small=False")
    previous = {tuple(pos) for pos in previous_pattern or ()}
    reasons = _primary(table, threshold, suppress_zero, previous)
    _complete_lines(table, reasons)
    unresolved: set[Position] = set()
    _protect(table, reasons, unresolved, _Flags(threshold, suppress_zero, mark_small))
    return SuppressedTable(table.rows, table.cols, _published(table, reasons, threshold,
                                                              mark_small),
                           dict(reasons), threshold, table.one_way, suppress_zero, mark_small,
                           frozenset(unresolved))


def _primary(table: Table, threshold: int, suppress_zero: bool,
             previous: set[Position]) -> dict[Position, str]:
    """Small counts as primary, then the earlier pattern's other known values as secondary."""
    unknown = previous - set(table.positions())
    if unknown:
        raise ValueError(f"previous pattern names positions not in the table: {sorted(unknown)}")
    low = 0 if suppress_zero else 1
    reasons = {}
    for pos in table.positions():
        value = table.value(pos)
        if value is None:
            continue
        if low <= value < threshold:
            reasons[pos] = PRIMARY
        elif pos in previous:
            reasons[pos] = SECONDARY
    return reasons


def _complete_lines(table: Table, reasons: dict[Position, str]) -> None:
    """Until stable: a line whose only hidden value is suppressed gets a second suppression."""
    changed = True
    while changed:
        changed = False
        for line in table.lines():
            hidden = [pos for pos in line.entries
                      if pos in reasons or table.value(pos) is None]
            if len(hidden) == 1 and hidden[0] in reasons:
                options = _candidates(table, reasons, [line])
                if options:
                    reasons[options[0]] = SECONDARY
                    changed = True


def _candidates(table: Table, reasons: Mapping[Position, str],
                lines: Iterable[Line]) -> list[Position]:
    """Published positions of the lines, best first for a secondary suppression.

    Non-zero values come before zeros, cells before totals, smaller values before larger
    ones, and reading order breaks ties.
    """
    found = {pos for line in lines for pos in line.entries
             if pos not in reasons and table.value(pos) is not None}

    def key(pos: Position) -> tuple:
        value = table.value(pos)
        return value == 0, list(pos).count(TOTAL), value, table.order(pos)

    return sorted(found, key=key)


@dataclass(frozen=True)
class _Flags:
    """What a reader can infer from the flags about a suppressed value's range."""

    threshold: int
    suppress_zero: bool
    mark_small: bool

    def bound(self, reason: str, value: int) -> Bound:
        """The range of a suppressed value as the reader sees it.

        Counts are never negative. With ``mark_small``, ``<5`` means 1 to 4 (0 to 4 when zeros
        are suppressed) and ``:c`` means 0 or at least 5 (at least 5 when zeros are
        suppressed); a ``:c`` hiding a 0 is held at 0, a ``:c`` hiding more at 5 and above.
        """
        if not self.mark_small:
            return 0, None
        if reason == PRIMARY:
            return (0 if self.suppress_zero else 1), self.threshold - 1
        return (0, 0) if value == 0 else (self.threshold, None)

    def bounds(self, table: Table, reasons: Mapping[Position, str]) -> dict[Position, Bound]:
        """The range of every suppressed value."""
        return {pos: self.bound(reason, table.value(pos)) for pos, reason in reasons.items()}


def _protect(table: Table, reasons: dict[Position, str], unresolved: set[Position],
             flags: _Flags) -> None:
    """Adds secondary suppressions until no suppressed value can be recovered.

    Values fixed by the equations alone are dealt with first, then values fixed once the flag
    ranges are used too (a suppressed 0 that is not primary is let be: it reveals no one). For
    the first such value in reading order, the cheapest set of published values that puts it on
    a cycle of suppressed values that can move is suppressed (costs as in ``_cost``); a value
    that no suppression can free is recorded in ``unresolved``.
    """
    known = [table.value(p) for p in table.positions() if table.value(p) is not None]
    step = 1 + len(known) + sum(known)
    while True:
        linear = disclosed_cells(table, reasons) - unresolved
        if linear:
            bounds: dict[Position, Bound] = {pos: (None, None) for pos in reasons}
            at_risk = linear
        else:
            bounds = flags.bounds(table, reasons)
            at_risk = {pos for pos in pinned_by_bounds(table, bounds) - unresolved
                       if reasons[pos] == PRIMARY or table.value(pos) != 0}
        if not at_risk:
            return
        target = min(at_risk, key=table.order)
        offers = {pos: ((None, None) if linear else flags.bound(SECONDARY, table.value(pos)),
                        _cost(table.value(pos), pos, step))
                  for pos in table.positions()
                  if pos not in reasons and table.value(pos) is not None}
        path = cheapest_cover(table, bounds, target, offers)
        if not path:
            unresolved.add(target)
        for pos in path or ():
            reasons[pos] = SECONDARY


def _cost(value: int, pos: Position, step: int) -> int:
    """The cost of suppressing a published value.

    Non-zero cells come first, smallest first, then totals, and zeros last: ``step`` exceeds
    the cost of suppressing every cell of the table.
    """
    return 1 + value + step * (list(pos).count(TOTAL) + 3 * (value == 0))


def _published(table: Table, reasons: Mapping[Position, str], threshold: int,
               mark_small: bool) -> dict[Position, int | str | None]:
    """The value or flag shown at every position."""
    marker = f"<{threshold}" if mark_small else CONFIDENTIAL
    values: dict[Position, int | str | None] = {}
    for pos in table.positions():
        reason = reasons.get(pos)
        if reason is None:
            values[pos] = table.value(pos)
        else:
            values[pos] = marker if reason == PRIMARY else CONFIDENTIAL
    return values
