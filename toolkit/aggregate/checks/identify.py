"""Identifies a returned workbook: by its stamp, checked against the plan, or by its layout."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.aggregate.checks.values import Problem
from toolkit.aggregate.context import PlanContext
from toolkit.aggregate.returned import Container, SheetData
from toolkit.limits import STAMP_SHEET


@dataclass
class Identity:
    """Who a return is from, and how that was established."""

    institution: str | None
    problems: list[Problem]
    by_layout: bool = False
    claimed: str | None = None
    """When the file cannot be used: the institution its stamp names, if it is one that
    reports in the period, so that the rejection is told to it."""


def read_stamp(container: Container, data: dict[str, SheetData]) -> dict[str, str]:
    """The stamp from its sheet, else from the custom document properties."""
    sheet = data.get(STAMP_SHEET)
    stamp: dict[str, str] = {}
    if sheet is not None:
        for row in sorted(sheet.rows):
            key, value = sheet.get(row, 0), sheet.get(row, 1)
            if isinstance(key, str) and value is not None:
                stamp[key.strip()] = str(value).strip()
    if not stamp:
        stamp = {k[4:]: v for k, v in container.custom.items() if k.startswith("nap_")}
    return stamp


def layout_signature(ctx: PlanContext, institution: str) -> dict[str, set[str]]:
    """Per sheet, the codes in column A that identify the institution's workbook."""
    layout = ctx.layout(institution)
    return {s.name: {str(f.value) for f in s.fields if f.col == 0 and f.kind == "locked"}
            for s in layout.sheets if s.kind in ("area", "indicators")}


def file_signature(data: dict[str, SheetData], first_row: int,
                   names=None) -> dict[str, set[str]]:
    """Per sheet (of ``names``, or every sheet), the codes the file has in column A below the
    headings."""
    out = {}
    for name, sheet in data.items():
        if names is None or name in names:
            out[name] = {str(sheet.get(r, 0)).strip() for r in sheet.non_empty_rows(first_row)
                         if sheet.get(r, 0) is not None}
    return out


def match_layout(ctx: PlanContext, data: dict[str, SheetData], first_row: int) -> list[str]:
    """Institutions whose workbook has exactly the file's codes on its area and indicator
    sheets."""
    found = file_signature(data, first_row)
    matches = []
    for code in ctx.assignments:
        expected = layout_signature(ctx, code)
        if expected and all(found.get(name) == codes for name, codes in expected.items()):
            matches.append(code)
    return matches


def identify(ctx: PlanContext, container: Container, data: dict[str, SheetData],
             first_row: int) -> Identity:
    """Establish whose return this is, or why it cannot be used."""
    stamp = read_stamp(container, data)
    if not stamp.get("institution"):
        matches = match_layout(ctx, data, first_row)
        if len(matches) == 1:
            return Identity(matches[0], [Problem("ID_001", {"institution": matches[0]})], True)
        return Identity(None, [Problem("ID_002", {"period": ctx.period.code})])
    meta = ctx.plan.meta
    checks = (("plan_code", meta.code, "ID_003"), ("plan_hash", ctx.plan_hash, "ID_004"),
              ("period", ctx.period.code, "ID_005"))
    for key, expected, code in checks:
        if stamp.get(key, "") != expected:
            found = stamp.get(key, "")
            if code == "ID_004":
                found = f"{stamp.get('plan_version', '?')} ({found[:12]})"
                expected = f"{meta.version} ({expected[:12]})"
            claimed = stamp.get("institution")
            return Identity(None, [Problem(code, {"found": found or "?", "expected": expected})],
                            claimed=claimed if claimed in ctx.assignments else None)
    institution = stamp["institution"]
    if institution not in ctx.assignments:
        return Identity(None, [Problem("ID_006", {"found": institution,
                                                  "period": ctx.period.code})])
    expected = layout_signature(ctx, institution)
    found = file_signature(data, first_row, expected)
    if expected and not any(found.get(n) == c for n, c in expected.items()):
        matches = match_layout(ctx, data, first_row)
        if len(matches) == 1 and matches[0] != institution:
            return Identity(None, [Problem("ID_007", {"found": institution,
                                                      "actual": matches[0]})])
    return Identity(institution, [])
