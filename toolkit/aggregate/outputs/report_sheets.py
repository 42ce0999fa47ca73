"""Detail, submissions, statistics and issues sheets of the monitoring report."""

from __future__ import annotations

import datetime as dt

from xlsxwriter.utility import xl_col_to_name

from toolkit.aggregate.consolidate import figures as D
from toolkit.aggregate.consolidate.tables import finding_rows
from toolkit.declarations.reporting import declarations, export_columns, person_rows
from toolkit.reporting.statistics_sheet import axis

SUBMISSION_COLUMNS = ["institution", "name", "expected", "state", "file", "verdict",
                      "saved_at", "timeliness", "errors", "warnings", "filled", "required"]


def write_cell(ws, row: int, col: int, value, fmt=None) -> None:
    """One value as its own type; text always as text, so it can never become a formula."""
    if value is None or value == "":
        return
    if isinstance(value, bool):
        ws.write_string(row, col, "yes" if value else "no")
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), fmt)
    else:
        ws.write_string(row, col, str(value))


def write_detail(rw, ws, columns: list[str], rows: list[dict]) -> None:
    """A tidy table: one heading row, one row per record."""
    ws.write_records(columns, ([record.get(name) for name in columns] for record in rows),
                     rw.f["head"], rw.f["date"])
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)


def write_submissions(rw, ws) -> None:
    """One row per expected institution, then every other file received."""
    rows = rw.summary["submissions"]
    ws.write_records(SUBMISSION_COLUMNS, ([record.get(name) for name in SUBMISSION_COLUMNS]
                                          for record in rows), rw.f["head"])
    ws.set_column(0, 1, 14)
    ws.set_column(4, 4, 40)
    last = len(rows) + 1

    def rng(name: str) -> str:
        letter = xl_col_to_name(SUBMISSION_COLUMNS.index(name))
        return f"Submissions!${letter}$2:${letter}${last}"

    rw.submission_range = rng


def _grid(ctx, totals: dict, table: dict) -> tuple[list, list, list, list]:
    rows = axis(ctx, table["rows"])
    cols = axis(ctx, table["columns"])
    cells = [[totals.get((r, c)) for c, _l in cols] for r, _l in rows]
    return ([code for code, _l in rows], [label for _c, label in rows],
            [label for _c, label in cols], cells)


def _small_mark(threshold: int) -> str:
    """The flag of a suppressed small count: a "<2" could only mean 1, so ":c" below 3."""
    return f"<{threshold}" if threshold > 2 else ":c"


def _suppressed(table: dict, labels, cols, cells, threshold: int):
    """A table with totals, suppressed primary and secondary; None for one without totals."""
    from toolkit.statistics.suppression import suppress
    from toolkit.statistics.tables import one_way, two_way

    mark_small = threshold > 2
    if table["row_totals"] and table["column_totals"]:
        return suppress(two_way(labels, cols, cells), threshold, mark_small=mark_small)
    if table["column_totals"]:
        flat = [row[0] for row in cells]
        return suppress(one_way(labels, flat, name=cols[0]), threshold, mark_small=mark_small)
    return None


def _public_title(threshold: int) -> str:
    """The first line of the public sheet: what is hidden and how it is shown."""
    if threshold <= 1:
        return "Statistics for publication: every count is shown as it is (threshold 1)"
    return ("Statistics for publication: counts of persons below "
            f"{threshold} are shown as {_small_mark(threshold)}, other cells that would "
            "reveal them as :c; totals may not equal the sum of the published cells. "
            "Amounts, and counts of other things than persons, are shown as they are")


def write_statistics(rw, ws, public: bool) -> None:
    """Consolidated T6 tables: exact counts (restricted) or with small counts suppressed."""
    ctx = rw.ctx
    totals = D.statistics_totals(rw.tables)
    threshold = ctx.plan.meta.publication_threshold
    title = (_public_title(threshold) if public else
             "Statistics, restricted: exact counts, summed over the institutions that report "
             "them (a person may be counted by more than one institution). Blank: not reported.")
    ws.write_string(0, 0, title, rw.f["bold"])
    ws.set_column(0, 0, 40)
    ws.set_column(1, 12, 12)
    row = 2
    for table in declarations()["statistics"]:
        if table["table"] not in totals:
            continue
        codes, labels, cols, cells = _grid(ctx, totals[table["table"]], table)
        ws.write_string(row, 0, ctx.text[f"report.stats.table.{table['table']}"], rw.f["bold"])
        persons = person_rows(table, codes) if public and threshold > 1 else frozenset()
        published = _suppressed(table, labels, cols, cells, threshold) if persons else None
        hidden = [code in persons for code in codes]
        row = _write_table(rw, ws, row + 1, labels, cols, cells, published, hidden,
                           threshold) + 1


def _write_table(rw, ws, row, labels, cols, cells, published, hidden, threshold) -> int:
    """A suppressed table as published, or the cells with small counts hidden in the ``hidden``
    rows."""
    if published is not None:
        for r, values in enumerate([published.header()] + list(published.published_rows())):
            for c, value in enumerate(values):
                write_cell(ws, row + r, c, value, rw.f["head"] if r == 0 else None)
        return row + r + 1
    ws.write_row(row, 0, [""] + cols, rw.f["head"])
    for r, (label, values) in enumerate(zip(labels, cells), start=1):
        ws.write_string(row + r, 0, label)
        for c, value in enumerate(values, start=1):
            if hidden[r - 1] and value is not None and 0 < value < threshold:
                value = _small_mark(threshold)
            write_cell(ws, row + r, c, value)
    return row + len(labels) + 1


def write_issues(rw, ws) -> None:
    """Every finding, with where it is and what to do."""
    columns = export_columns("findings")
    rows = finding_rows(rw.summary["issues"])
    ws.write_records(columns, ([row[name] for name in columns] for row in rows), rw.f["head"])
    for name, width in (("file", 40), ("message", 60), ("what_to_do", 60)):
        if name in columns:
            ws.set_column(columns.index(name), columns.index(name), width)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
