"""Checks one returned file from end to end and keeps only what consolidation needs from it."""

from __future__ import annotations

import datetime as dt
import io

import python_calamine

from toolkit.aggregate.checks import inputs as I
from toolkit.aggregate.checks.budget import check_no_cost
from toolkit.aggregate.checks.identify import identify
from toolkit.aggregate.checks.structure import (
    Located,
    check_cells,
    check_headings,
    check_sheets,
    match_rows,
)
from toolkit.aggregate.context import PlanContext
from toolkit.aggregate.intake.container import ContainerError, open_container
from toolkit.aggregate.intake.sheetdata import read_sheets
from toolkit.aggregate.returned import (
    ACCEPTED,
    ACCEPTED_WITH_ERRORS,
    FileResult,
    Submission,
)
from toolkit.declarations.reporting import ROW_SHEETS
from toolkit.limits import STAMP_SHEET
from toolkit.timestamps import utc_from_timestamp


def _saved_date(modified: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(modified.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def process(ctx: PlanContext, sub: Submission) -> FileResult:
    """Check one returned file against the plan and read its values.

    A file that breaks a reader or a check in a way no finding foresees is rejected with
    WB_012, so that one file never stops a batch.
    """
    try:
        return _process(ctx, sub)
    except BaseException as exc:
        # python-calamine: a panic in the Rust reader arrives as pyo3's PanicException,
        # which derives from BaseException, not Exception.
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        result = FileResult(sub.name, sub.sha256, sub.size, sub.mtime)
        result.add("WB_012", detail=f"{type(exc).__name__}: {str(exc)[:120]}")
        return result


def _process(ctx: PlanContext, sub: Submission) -> FileResult:
    result = FileResult(sub.name, sub.sha256, sub.size, sub.mtime)
    try:
        container = open_container(sub.archived or sub.path, data=sub.data)
        wanted = {s.name: ctx.last_row for s in container.sheets}
        data = read_sheets(sub.archived or sub.path, wanted, data=sub.data)
    except ContainerError as exc:
        params = {"kind": exc.detail} if exc.code == "WB_001" else {"detail": exc.detail}
        params = exc.params or ({} if exc.code in ("WB_003", "WB_007", "WB_014") else params)
        result.add(exc.code, exc.sheet, exc.cell, **params)
        result.institution = stamped_institution(ctx, sub) if exc.spreadsheet else None
        return result
    except (python_calamine.CalamineError, OSError, ValueError) as exc:
        result.add("WB_009", detail=type(exc).__name__)
        return result
    if container.has_vba:
        result.add("WB_004")
    if container.external_links:
        result.add("WB_010", count=container.external_links)
    identity = identify(ctx, container, data, ctx.first_row)
    for p in identity.problems:
        result.add(p.code, **p.params)
    if identity.institution is None:
        result.institution = identity.claimed  # rejected, and told to whom the stamp names
        return result
    result.institution = identity.institution
    result.saved_at = container.modified
    saved = _saved_date(container.modified) or utc_from_timestamp(sub.mtime).date()
    if saved > ctx.deadline:
        result.late = True
        result.add("CONS_013", saved=saved, deadline=ctx.deadline)
    located: list[Located] = []
    read = _read_workbook(ctx, identity.institution, container, data, located)
    for item in located:
        result.add(item.code, item.sheet, item.cell, **item.params)
    result.values, result.filled, result.required = read.values, read.filled, read.required
    result.rows = read.rows
    errors = any(f.severity == "error" for f in result.findings)
    result.verdict = ACCEPTED_WITH_ERRORS if errors else ACCEPTED
    return result


def stamped_institution(ctx: PlanContext, sub: Submission) -> str | None:
    """The institution the identity stamp of a workbook in another format (.ods, .xls) names, when it is one that reports in the period: the file is
    rejected, and the rejection is told to it. None when nothing tells."""
    source = io.BytesIO(sub.data) if sub.data is not None else (sub.archived or sub.path)
    try:
        book = python_calamine.CalamineWorkbook.from_object(source)
        if STAMP_SHEET not in book.sheet_names:
            return None
        rows = book.get_sheet_by_name(STAMP_SHEET).to_python()
    except BaseException as exc:  # the reader's panics derive from BaseException
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        return None
    stamp = {str(r[0]).strip(): str(r[1]).strip() for r in rows if len(r) > 1 and r[0]}
    found = stamp.get("institution")
    return found if found in ctx.assignments else None


class _AsGenerated(dict):
    """Where every row of a sheet is in a workbook as generated: where it was put."""

    def get(self, row, default=None):
        return row

    def __getitem__(self, row):
        return row


def required_inputs(ctx: PlanContext, institution: str) -> int:
    """The required inputs of the institution's workbook as generated: what a missing or
    rejected return leaves unfilled, for the completeness of the data (docs/indicators.md §8).
    Counted by the same checks that count them in a return."""
    layout, read = ctx.layout(institution), I.ReadInputs()
    for sheet in layout.sheets:
        _check_sheet(ctx, institution, sheet, sheet.name, _AsGenerated(), read, {}, [])
    return read.required


def _check_sheet(ctx, institution: str, sheet, name: str, where, read: I.ReadInputs,
                 activities: dict, out: list[Located]) -> None:
    """The checks of one sheet's inputs together, by the kind of sheet; ``activities``: code ->
    (the plan's activity, the institution's role)."""
    if sheet.kind == "area":
        I.check_activities(sheet, name, where, read, activities, ctx.period.end, out)
        check_no_cost(sheet, name, read.values, {a.code: a.funding_source for a, _role in
                                                 ctx.assignments[institution].activities}, out)
    elif sheet.kind == "indicators":
        I.check_indicators(sheet, name, where, read, ctx, ctx.assignments[institution].indicators,
                           out, institution)
    elif sheet.kind == "statistics":
        I.check_statistics(sheet, name, where, read, ctx, out)
    elif sheet.kind == "recommendations":
        I.check_recommendations(sheet, name, where, read, ctx, out)
    elif sheet.kind in ("narrative", "signoff", "civil_society"):
        I.check_forms(sheet, name, where, read, ctx, out)


def _read_workbook(ctx, institution, container, data, out: list[Located]) -> I.ReadInputs:
    layout = ctx.layout(institution)
    assignment = ctx.assignments[institution]
    names = check_sheets(layout, container, data, out)
    read = I.ReadInputs()
    activities = {a.code: (a, role) for a, role in assignment.activities}
    for sheet in layout.sheets:
        name = names.get(sheet.name)
        if name is None or sheet.kind in ("lists",) or name not in data:
            continue
        sd, part = data[name], container.sheet(name)
        if sheet.kind in ROW_SHEETS:
            headings = [ctx.text[f"report.{sheet.kind}.{c['key']}"]
                        for c in sheet.extra["columns"]]
            if not check_headings(sheet, sd, headings, out, name):
                continue
        where = match_rows(sheet, sd, out, name)
        check_cells(sheet, sd, where, part.formula_cells, out, name)
        I.read_inputs(sheet, name, sd, where, ctx.rules, part, read, out)
        _check_sheet(ctx, institution, sheet, name, where, read, activities, out)
    return read


__all__ = ["process"]
