"""Checks one returned file from end to end and keeps only what consolidation needs from it."""

from __future__ import annotations

import datetime as dt

import python_calamine

from toolkit.aggregate.checks import inputs as I
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
        params = exc.params or ({} if exc.code in ("WB_003", "WB_007") else params)
        result.add(exc.code, exc.sheet, exc.cell, **params)
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


def _read_workbook(ctx, institution, container, data, out: list[Located]) -> I.ReadInputs:
    layout = ctx.layout(institution)
    assignment = ctx.assignments[institution]
    names = check_sheets(layout, container, data, out)
    read = I.ReadInputs()
    budgets = {a.code: a.cost for a, _role in assignment.activities}
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
        I.read_inputs(sheet, name, sd, where, ctx.rules, part.formula_cells, part.error_cells,
                      read, out)
        if sheet.kind == "area":
            I.check_activities(sheet, name, where, read, ctx.text, budgets, out)
        elif sheet.kind == "indicators":
            I.check_indicators(sheet, name, where, read, ctx, assignment.indicators, out,
                               institution)
        elif sheet.kind == "statistics":
            I.check_statistics(sheet, name, where, read, ctx, out)
        elif sheet.kind == "recommendations":
            I.check_recommendations(sheet, name, where, read, ctx, out)
        elif sheet.kind in ("narrative", "signoff", "civil_society"):
            I.check_forms(sheet, name, where, read, ctx, out)
    return read


__all__ = ["process"]
