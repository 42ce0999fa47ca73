"""The statistics of the report (T6 tables, DOMAIN §4): each table consolidated, exact for the
restricted version and with small counts of persons suppressed for publication (§4.5). Pure."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.aggregate.consolidate import figures as D
from toolkit.aggregate.consolidate.report_parts import Words
from toolkit.declarations.reporting import declarations, person_rows
from toolkit.reporting.statistics_sheet import PLAN_AXES, axis
from toolkit.statistics.suppression import TOTAL_LABEL, suppress
from toolkit.statistics.tables import one_way, two_way


@dataclass
class StatisticsTable:
    """One T6 table in both versions: a heading row, then one row per line of the table.

    ``restricted`` holds the exact counts (blank: not reported). ``public`` holds what may be
    published: counts of persons below the threshold flagged, with secondary suppression where
    the table has totals; numbers stay numbers and flags are text.
    """

    key: str
    title: str
    restricted: list[list]
    public: list[list]
    suppressed: bool
    """True when the public version hides at least one count."""


def small_mark(threshold: int) -> str:
    """The flag of a suppressed small count: a "<2" could only mean 1, so ":c" below 3."""
    return f"<{threshold}" if threshold > 2 else ":c"


def public_note(words: Words, threshold: int) -> str:
    """What the public tables hide and how they show it."""
    if threshold <= 1:
        return words("statistics.public_none")
    return words("statistics.public_note", threshold=threshold, mark=small_mark(threshold))


def _axis(ctx, words: Words, name: str) -> list[tuple[str, str]]:
    """(code, label) of an axis's categories, plan codelists labelled in the report's
    language."""
    return [(code, words.code(name, code) if name in PLAN_AXES else label)
            for code, label in axis(ctx, name)]


def _grid(ctx, words: Words, totals: dict, table: dict):
    rows = _axis(ctx, words, table["rows"])
    cols = _axis(ctx, words, table["columns"])
    cells = [[totals.get((r, c)) for c, _l in cols] for r, _l in rows]
    return ([code for code, _l in rows], [label for _c, label in rows],
            [label for _c, label in cols], cells)


def _suppressed(table: dict, labels, cols, cells, threshold: int):
    """A table with totals, suppressed primary and secondary; None for one without totals."""
    mark_small = threshold > 2
    if table["row_totals"] and table["column_totals"]:
        return suppress(two_way(labels, cols, cells), threshold, mark_small=mark_small)
    if table["column_totals"]:
        flat = [row[0] for row in cells]
        return suppress(one_way(labels, flat, name=cols[0]), threshold, mark_small=mark_small)
    return None


def _localised(rows: list[list], total: str) -> list[list]:
    """The suppression's own word for a total, in the report's language."""
    return [[total if v == TOTAL_LABEL else v for v in row] for row in rows]


def _public(words: Words, table: dict, codes, labels, cols, cells, threshold: int):
    persons = person_rows(table, codes) if threshold > 1 else frozenset()
    published = _suppressed(table, labels, cols, cells, threshold) if persons else None
    if published is not None:
        rows = [published.header()] + list(published.published_rows())
        return _localised(rows, words("total")), bool(published.reasons)
    out = [[""] + cols]
    hidden = False
    for code, label, values in zip(codes, labels, cells):
        shown = []
        for value in values:
            if code in persons and value is not None and 0 < value < threshold:
                value, hidden = small_mark(threshold), True
            shown.append(value)
        out.append([label] + shown)
    return out, hidden


def statistics_tables(ctx, words: Words, tables) -> list[StatisticsTable]:
    """Every declared table that someone reported, in declaration order."""
    totals = D.statistics_totals(tables)
    threshold = ctx.plan.meta.publication_threshold
    out = []
    for table in declarations()["statistics"]:
        key = table["table"]
        if key not in totals:
            continue
        codes, labels, cols, cells = _grid(ctx, words, totals[key], table)
        restricted = [[""] + cols] + [[label] + values for label, values in zip(labels, cells)]
        public, hidden = _public(words, table, codes, labels, cols, cells, threshold)
        out.append(StatisticsTable(key, ctx.text[f"report.stats.table.{key}"], restricted,
                                   public, hidden))
    return out
