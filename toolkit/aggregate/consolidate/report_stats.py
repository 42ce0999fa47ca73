"""The statistics of the report (T6 tables, DOMAIN §4, docs/indicators.md §6): each table's
official figures, with every holder's beside them in the restricted version and small counts
of persons suppressed for publication (§4.5). Never summed across holders. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.aggregate.consolidate.official import HeldTable, held_tables
from toolkit.aggregate.consolidate.report_parts import Words
from toolkit.declarations.reporting import declarations, person_rows
from toolkit.reporting.statistics_sheet import PLAN_AXES, axis
from toolkit.statistics.suppression import TOTAL_LABEL, suppress
from toolkit.statistics.tables import one_way, two_way


@dataclass
class StatisticsTable:
    """One T6 table in both versions: a heading row, then one row per line of the table.

    ``restricted`` holds the exact counts (blank: not reported): per row the official figures,
    then each holder's, and whether holders differ. ``public`` holds what may be published:
    the official figures (per holder for a row without an official source), counts of persons
    below the threshold flagged, with secondary suppression where the table has totals;
    numbers stay numbers and flags are text.
    """

    key: str
    title: str
    restricted: list[list]
    public: list[list]
    suppressed: bool
    """True when the public version hides at least one count."""
    note: str = ""
    """Under the table: the institution, source system and definition its figures come
    from (DOMAIN §4.6)."""


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


def _lines(ctx, words: Words, held: HeldTable, codes, labels, colcodes):
    """(row code, label, values) of the published lines: the official figures of a row, or
    one line per holder for a row without an official source."""
    out = []
    for code, label in zip(codes, labels):
        if held.official.get(code):
            out.append((code, label, [held.official_value(code, c) for c in colcodes]))
            continue
        for inst in held.holders:
            out.append((code, words("statistics.row_of", row=label, institution=inst),
                        [held.value(code, c, inst) for c in colcodes]))
    return out


def _restricted(words: Words, held: HeldTable, codes, labels, cols, colcodes) -> list[list]:
    """Every holder's figures side by side under the official ones, the rows where holders
    differ flagged."""
    out = [[""] + cols + ([words("statistics.differ_head")] if len(held.holders) > 1 else [])]
    for code, label in zip(codes, labels):
        if len(held.holders) == 1:
            out.append([label] + [held.official_value(code, c) for c in colcodes])
            continue
        flag = words("statistics.differ") if held.differs(code, colcodes) else ""
        out.append([label] + [held.official_value(code, c) for c in colcodes] + [flag])
        official = held.official.get(code)
        for inst in sorted(held.holders, key=lambda i: i != official):
            name = words("statistics.official", institution=inst) if inst == official else inst
            out.append([f"    {name}"] + [held.value(code, c, inst) for c in colcodes] + [""])
    return out


def _published(words: Words, table: dict, held: HeldTable, lines, cols, threshold: int):
    """The public grid: the official figures suppressed as one table; a table with totals and
    no official source is suppressed one holder at a time."""
    codes, labels, cells = ([x[i] for x in lines] for i in range(3))
    if len(lines) == len({c for c, _l, _v in lines}) or not table["column_totals"]:
        return _public(words, table, codes, labels, cols, cells, threshold)
    rows, hidden = [], False
    for n, _inst in enumerate(held.holders):
        part = lines[n::len(held.holders)]
        grid, flag = _public(words, table, [x[0] for x in part], [x[1] for x in part], cols,
                             [x[2] for x in part], threshold)
        rows, hidden = (rows or grid[:1]) + grid[1:], hidden or flag
    return rows, hidden


def source_note(ctx, words: Words, held: HeldTable) -> str:
    """Under a table: the institution, source system and definition its figures come from."""
    items = []
    for inst in held.sources():
        system, definition = held.notes.get(inst, (None, None))
        found = ctx.plan.institution(inst)
        items.append(words("statistics.source_item", institution=found.name if found else inst,
                           system=system or words("blank"),
                           definition=definition or words("blank")))
    note = words("statistics.source", sources="; ".join(items)) if items else ""
    if any(v is None for v in held.official.values()):
        note = f"{note} {words('statistics.per_holder')}".strip()
    return note


def statistics_tables(ctx, words: Words, tables) -> list[StatisticsTable]:
    """Every declared table that someone reported, in declaration order."""
    held_by = held_tables(ctx.plan, tables.statistics)
    threshold = ctx.plan.meta.publication_threshold
    out = []
    for table in declarations()["statistics"]:
        key = table["table"]
        if key not in held_by:
            continue
        held = held_by[key]
        rows, cols = _axis(ctx, words, table["rows"]), _axis(ctx, words, table["columns"])
        codes, labels = [c for c, _l in rows], [label for _c, label in rows]
        colcodes, heads = [c for c, _l in cols], [label for _c, label in cols]
        restricted = _restricted(words, held, codes, labels, heads, colcodes)
        lines = _lines(ctx, words, held, codes, labels, colcodes)
        public, hidden = _published(words, table, held, lines, heads, threshold)
        out.append(StatisticsTable(key, ctx.text[f"report.stats.table.{key}"], restricted,
                                   public, hidden, source_note(ctx, words, held)))
    return out
