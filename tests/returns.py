"""Returned workbooks for tests: generated from a plan, filled cleanly as an agency would, then
edited one realistic way at a time."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.writer.excel import ExcelWriter

from toolkit.commands.agency import fill_return
from toolkit.declarations.labels import labels
from toolkit.declarations.reporting import declarations, person_rows
from toolkit.generate.workbooks import generate
from toolkit.reporting.layout import build_layout, default_deadline
from toolkit.reporting.periods import parse_period
from toolkit.reporting.scope import assignments
from toolkit.reporting.statistics_sheet import axis


class Returns:
    """Generated and cleanly filled returns of one plan and period, by institution."""

    def __init__(self, plan, period_code: str, folder: Path, institutions=None):
        self.plan = plan
        self.period = parse_period(period_code, plan.meta.frequency, plan.meta.start,
                                   plan.meta.end)
        self.deadline = default_deadline(plan, self.period)
        self.folder = folder
        self.text = labels(plan.meta.language)
        self.assignments = assignments(plan, self.period)
        chosen = institutions or list(self.assignments)
        generated = generate(plan, self.period, folder / "generated", chosen, password="pw")
        self.generated = {g.institution: g.path for g in generated}
        self.layouts = {c: build_layout(plan, self.period, self.assignments[c], self.deadline)
                        for c in chosen}
        self.clean: dict[str, Path] = {}
        self.values: dict[str, dict] = {}
        saved = dt.datetime.combine(self.deadline, dt.time(9)) - dt.timedelta(days=2)
        for n, code in enumerate(chosen):
            out = folder / "clean" / self.generated[code].name
            out.parent.mkdir(parents=True, exist_ok=True)
            self.values[code] = fill_return(self.generated[code], out, self.layouts[code], plan,
                                            self.period, saved, n, self.text)
            self.clean[code] = out

    def field(self, code: str, row_key: str, key: str):
        """The layout field of one institution's workbook."""
        return next(f for s in self.layouts[code].sheets for f in s.fields
                    if f.row_key == row_key and f.key == key)

    def edit(self, code: str, target: Path, change) -> Path:
        """Copy the clean return, apply ``change(wb)`` with openpyxl, save keeping its save
        time."""
        wb = load_workbook(self.clean[code])
        change(wb)
        save_keeping_time(wb, target)
        return target


def save_keeping_time(wb, target: Path) -> None:
    """Save without openpyxl stamping the current time as the save time."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()


def rewrite_zip(source: Path, target: Path, change) -> Path:
    """Copy a workbook part by part, letting ``change(name, data)`` alter or drop parts
    (return None to drop) and add new ones (called once with name None, returns a dict)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w",
                                                         zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
        for name, data in (change(None, None) or {}).items():
            zout.writestr(name, data)
    return target


def stat_blocks(ws, text: dict[str, str]) -> dict[str, list[tuple]]:
    """Table code -> its rows (title excluded) in a report's statistics sheet, found by the table
    titles in column A."""
    titles = {text[f"report.stats.table.{t['table']}"]: t["table"]
              for t in declarations()["statistics"]}
    blocks, current = {}, None
    for row in ws.iter_rows(min_row=2, values_only=True):
        if row[0] in titles:
            current = blocks.setdefault(titles[row[0]], [])
        elif current is not None and any(v not in (None, "") for v in row):
            current.append(row)
        else:
            current = None
    return blocks


def report_axis(ctx, name: str) -> list[tuple[str, str]]:
    """(code, label) of an axis's categories as the report shows them: the plan's categories
    by their codelist labels in the plan's language."""
    from toolkit.language import codelist_label
    from toolkit.reporting.statistics_sheet import PLAN_AXES

    language = ctx.plan.meta.language
    return [(code, codelist_label(language, name, code) if name in PLAN_AXES else label)
            for code, label in axis(ctx, name)]


def person_values(blocks: dict[str, list[tuple]], ctx) -> dict[str, list]:
    """Table code -> the values shown in its rows that count persons, totals included, as the
    declarations say."""
    out = {}
    for table in declarations()["statistics"]:
        if table["table"] not in blocks:
            continue
        rows = report_axis(ctx, table["rows"])
        persons = person_rows(table, [code for code, _l in rows])
        counted = {label for code, label in rows if code in persons}
        if persons and len(persons) == len(rows):
            counted.add("Total")
        _header, *body = blocks[table["table"]]
        out[table["table"]] = [v for row in body if row[0] in counted for v in row[1:]]
    return out
