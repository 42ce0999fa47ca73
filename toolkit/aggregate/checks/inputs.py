"""Reads the inputs of a returned workbook and checks them together: required values, status
against progress, delays without reasons, parts against totals, spending against budget."""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.aggregate.checks.structure import Located
from toolkit.aggregate.checks.values import read_cell, shown_percent
from toolkit.aggregate.returned import SheetData, SheetPart
from toolkit.declarations.reporting import ROW_SHEETS
from toolkit.language import Label, phrase, value_label
from toolkit.limits import cell_ref
from toolkit.reporting.followup import IMPLEMENTED, NOT_ADDRESSED
from toolkit.reporting.layout import INPUT, SheetLayout
from toolkit.reporting.sheets import DELAY_STATUSES

REQUIRED_ALWAYS = "always"


@dataclass
class Cell:
    """One value read from a return, with where it was found."""

    value: object
    sheet: str
    ref: str


@dataclass
class ReadInputs:
    """Every usable input of one return, by (sheet kind, row key, field key)."""

    values: dict[tuple[str, str, str], Cell] = field(default_factory=dict)
    rows: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    """(sheet kind, row key) -> (sheet name, row number) of every expected row found."""
    unreadable: set[tuple[str, str, str]] = field(default_factory=set)
    """Inputs that held something unusable: already reported, not reported again as missing."""
    filled: int = 0
    required: int = 0


def read_inputs(sheet: SheetLayout, name: str, data: SheetData, where: dict[int, int | None],
                rules, part: SheetPart, result: ReadInputs, out: list[Located]) -> None:
    """Read the input fields of one sheet into ``result``; problems go to ``out``. ``part``
    says which cells hold formulas or error values, and the formulas' text."""
    formulas, errors = part.formula_cells, part.error_cells
    if sheet.kind in ROW_SHEETS:
        for expected_row, key in sheet.row_keys.items():
            if where.get(expected_row) is not None:
                result.rows[(sheet.kind, key)] = (name, where[expected_row])
    for f in sheet.fields:
        if f.kind != INPUT:
            continue
        row = where.get(f.row)
        if row is None:
            continue
        ref = cell_ref(row, f.col)
        raw = data.get(row, f.col)
        key = (sheet.kind, f.row_key, f.key)
        if ref in formulas or ref in errors:
            out.append(_formula_or_error(name, ref, part, raw))
            result.unreadable.add(key)
            continue
        if raw is None:
            continue
        value, problems = read_cell(f.type, shown_percent(f.type, raw, ref in part.percent_cells),
                                    rules)
        out.extend(Located(p.code, name, ref, p.params) for p in problems)
        if value is not None:
            result.values[key] = Cell(value, name, ref)
        else:
            result.unreadable.add(key)


def _formula_or_error(name: str, ref: str, part: SheetPart, raw) -> Located:
    """CELL_009 showing the formula typed, or CELL_010 showing the error value."""
    if ref in part.formula_cells:
        text = part.formulas.get(ref)
        return Located("CELL_009", name, ref, {"value": text[:80] if text else
                                               phrase("value.a_formula")})
    return Located("CELL_010", name, ref, {"value": str(raw)[:40] if raw is not None else
                                           phrase("value.an_error")})


def _ref(sheet: SheetLayout, name: str, where, row_key: str, key: str) -> str:
    f = next(f for f in sheet.fields if f.row_key == row_key and f.key == key)
    row = where.get(f.row) or f.row
    return cell_ref(row, f.col)


def check_activities(sheet: SheetLayout, name: str, where, inputs: ReadInputs, activities,
                     period_end, out: list[Located]) -> None:
    """Status against % complete and the deadline, reasons for delays, spending against the
    budget. ``activities``: code -> (the plan's activity, the institution's role)."""
    v = inputs.values
    for row, code in sorted(sheet.row_keys.items()):
        if where.get(row) is None:
            continue
        get = lambda key: v.get((sheet.kind, code, key))  # noqa: E731
        ref = lambda key: _ref(sheet, name, where, code, key)  # noqa: E731
        status = get("status")
        inputs.required += 1
        if status is None:
            if (sheet.kind, code, "status") in inputs.unreadable:
                continue
            out.append(Located("CELL_001", name, ref("status"), {
                "what": Label("report.area.status"), "expected": phrase("expect.status")}))
            continue
        inputs.filled += 1
        s = status.value
        shown = phrase("value.quoted", value=value_label("status", s))
        percent, spent = get("percent"), get("spent")
        if s == "Completed" and percent is not None and percent.value < 100:
            out.append(Located("CONS_001", name, ref("percent"),
                               {"status": shown, "percent": f"{percent.value:g}"}))
        if percent is not None and percent.value == 100 and s not in FINISHED_OR_RECURRING:
            out.append(Located("CONS_018", name, percent.ref, {"status": shown}))
        if s in DELAY_STATUSES and get("problems") is None:
            out.append(Located("CONS_002", name, ref("problems"), {"status": shown}))
        if s not in ("Not started",) and get("done") is None and \
                (sheet.kind, code, "done") not in inputs.unreadable:
            out.append(Located("CONS_003", name, ref("done"), {"status": shown}))
        if s == "Not started":
            for key, what in (("percent", "progress"), ("spent", "spending"),
                              ("done", "work_done")):
                cell = get(key)
                if cell is not None and cell.value not in (0, ""):
                    out.append(Located("CONS_012", name, cell.ref,
                                       {"what": phrase(f"cons.{what}")}))
                    break
        activity, role = activities.get(code, (None, ""))
        if _overdue(activity, role, s, period_end):
            out.append(Located("CONS_017", name, status.ref,
                               {"deadline": activity.deadline, "status": shown}))
        budget = activity.cost if activity is not None else None
        if spent is not None and budget is not None and spent.value > budget:
            out.append(Located("CONS_006", name, spent.ref,
                               {"spent": f"{spent.value:,.2f}", "budget": f"{budget:,.2f}"}))
        new_deadline = get("new_deadline")
        if new_deadline is not None:
            out.append(Located("CONS_011", name, new_deadline.ref,
                               {"date": new_deadline.value}))


FINISHED_OR_RECURRING = ("Completed", "Continuous")
"""Statuses that 100 % complete agrees with."""
CLOSED = ("Completed", "Partially completed", "Not implemented", "Cancelled / superseded")
"""Statuses that close an activity: after them a passed deadline is no longer a concern (a
delay or a failure to implement is reported through CONS_002)."""


def _overdue(activity, role: str, status: str, period_end) -> bool:
    """The lead reports an activity whose deadline fell in or before the period as still open
    (not started, ongoing, or no data). Partners are not asked: the activity is the lead's to
    close."""
    if activity is None or role != "lead" or activity.is_continuous or status in CLOSED:
        return False
    return activity.deadline is not None and activity.deadline <= period_end


def check_indicators(sheet: SheetLayout, name: str, where, inputs: ReadInputs, ctx,
                     indicators, out: list[Located], institution: str = "") -> None:
    """Required actual values, parts against totals, running totals (against the
    institution's previous consolidation and the baseline), explanations."""
    from toolkit.aggregate.consolidate.rating import AMBER, RED, rate
    from toolkit.reporting.scope import period_target

    v = inputs.values
    for ind in indicators:
        total_key = ("indicators", ind.code, "actual")
        row = next((r for r, k in sheet.row_keys.items() if k == ind.code), None)
        if row is None or where.get(row) is None:
            continue
        inputs.required += 1
        actual = v.get(total_key)
        ref = lambda key, rk=ind.code: _ref(sheet, name, where, rk, key)  # noqa: E731
        if actual is None and total_key not in inputs.unreadable:
            out.append(Located("CELL_001", name, ref("actual"), {
                "what": Label("report.indicators.actual"), "expected": phrase("expect.actual")}))
        elif actual is not None:
            inputs.filled += 1
        _parts(sheet, ind, v, actual, ctx, name, ref("actual"), out)
        if actual is None:
            continue
        floor = _running_total_floor(ctx, ind, institution, actual.value)
        if floor is not None:
            out.append(Located(floor[0], name, actual.ref, {
                "value": f"{actual.value:g}", "before": f"{floor[1]:g}", "when": floor[2]}))
        target = period_target(ctx.plan, ind, ctx.period)
        rating = rate(ind, actual.value, target, ctx.plan.meta.green_threshold,
                      ctx.plan.meta.amber_threshold)
        if rating in (AMBER, RED) and v.get(("indicators", ind.code, "comment")) is None:
            out.append(Located("CONS_007", name, ref("comment"),
                               {"rating": value_label("indicator_rating", rating)}))


def _running_total_floor(ctx, ind, institution: str,
                         value: float) -> tuple[str, float, object] | None:
    """The finding, and the earlier figure a value falls below and what it was, or None.

    A running total (cumulative) cannot fall below the institution's previous consolidation or
    the baseline (CONS_005); the previous consolidation is the stronger comparison, so it is
    the one reported when the value is below both. A count for the year to date (periodic
    number) cannot fall below the institution's previous consolidation of the same year
    (CONS_020).
    """
    previous = ctx.previous.value(ind.code, institution) if ctx.previous else None
    if ind.aggregation == "cumulative":
        if previous is not None and value < previous:
            return "CONS_005", previous, ctx.previous.when
        if ind.baseline_value is not None and value < ind.baseline_value:
            return "CONS_005", ind.baseline_value, phrase("cons.the_baseline")
        return None
    if ind.counted_since_january and previous is not None and \
            ctx.previous.period.year == ctx.period.year and value < previous:
        return "CONS_020", previous, ctx.previous.when
    return None


def _parts(sheet, ind, v, actual, ctx, name, total_ref, out) -> None:
    if ind.unit != "number":
        return
    for dim in ind.disaggregations:
        keys = [("indicators", f"{ind.code}|{dim}={cat}", "actual")
                for cat in ctx.plan.codelists.get(dim, ())]
        cells = [v[k] for k in keys if k in v]
        if not cells:
            continue
        parts = sum(c.value for c in cells)
        total = actual.value if actual is not None else None
        if total is None or abs(parts - total) > 1e-9:
            out.append(Located("CONS_004", name, total_ref, {
                "dimension": Label(f"report.dimension.{dim}", lower=True),
                "parts": f"{parts:g}",
                "total": phrase("value.empty") if total is None else f"{total:g}"}))
            for k in keys:
                v.pop(k, None)


def check_statistics(sheet: SheetLayout, name: str, where, inputs: ReadInputs, ctx,
                     out: list[Located]) -> None:
    """Source and definition notes, and victims tables whose totals differ from table V1."""
    v = inputs.values
    totals: dict[str, tuple[float, str]] = {}
    for row, key in sorted(sheet.row_keys.items()):
        table, _, code = key.partition(":")
        if code in ("source", "definition") and where.get(row) is not None:
            inputs.required += 1
            if (sheet.kind, key, key) in v:
                inputs.filled += 1
            else:
                f = next(f for f in sheet.fields if f.row_key == key)
                out.append(Located("CONS_009", name, f"C{where[row]}", {"what": phrase(
                    "cons.note_of_table", table=table,
                    note=Label(f"report.statistics.{code}", lower=True))}))
    for f in sheet.fields:
        table, _, _col = f.key.partition(":")
        if f.kind == INPUT and f.type in ("count",) and table.startswith("V") and \
                (sheet.kind, f.row_key, f.key) in v:
            cell = v[(sheet.kind, f.row_key, f.key)]
            total, first = totals.get(table, (0, ""))
            totals[table] = (total + cell.value, first or cell.ref)
    for table in ("V2", "V3", "V4"):
        if table in totals and "V1" in totals and totals[table][0] != totals["V1"][0]:
            out.append(Located("CONS_008", name, totals[table][1], {
                "table": table, "total": f"{totals[table][0]:g}", "v1": f"{totals['V1'][0]:g}"}))


def check_forms(sheet: SheetLayout, name: str, where, inputs: ReadInputs, ctx,
                out: list[Located]) -> None:
    """Required narrative fields, and the sign-off declaration confirmed with who and when."""
    v = inputs.values
    for f in sheet.fields:
        if f.required != REQUIRED_ALWAYS or where.get(f.row) is None:
            continue
        inputs.required += 1
        cell = v.get((sheet.kind, f.row_key, f.key))
        ref = cell_ref(where[f.row], f.col)
        if cell is None and (sheet.kind, f.row_key, f.key) in inputs.unreadable:
            continue
        label = Label(f"report.{sheet.kind}.{f.key}")
        if sheet.kind == "signoff" and f.key == "confirm":
            if cell is None or cell.value != "yes":
                out.append(Located("CONS_010", name, ref,
                                   {"what": phrase("cons.not_confirmed")}))
                continue
        elif cell is None:
            code = "CONS_010" if sheet.kind == "signoff" else "CELL_001"
            out.append(Located(code, name, ref, {"what": phrase("cons.label_missing", label=label)}
                               if code == "CONS_010" else
                               {"what": label, "expected": phrase("expect.short_text")}))
            continue
        inputs.filled += 1


def check_recommendations(sheet: SheetLayout, name: str, where, inputs: ReadInputs, ctx,
                          out: list[Located]) -> None:
    """A status on every row; once addressed, the action taken; once implemented, the
    evidence; past its due date and not implemented, the next step."""
    v = inputs.values
    due_of = {r.code: r.due for r in ctx.plan.recommendations}
    for row, code in sorted(sheet.row_keys.items()):
        if where.get(row) is None:
            continue
        get = lambda key: v.get((sheet.kind, code, key))  # noqa: E731
        ref = lambda key: _ref(sheet, name, where, code, key)  # noqa: E731
        inputs.required += 1
        status = get("status")
        if status is None:
            if (sheet.kind, code, "status") not in inputs.unreadable:
                out.append(Located("CELL_001", name, ref("status"), {
                    "what": ctx.text["report.recommendations.status"],
                    "expected": "pick the status from the list"}))
            continue
        inputs.filled += 1
        shown = ctx.text[f"codelist.recommendation_status.{status.value}"].lower()
        if status.value != NOT_ADDRESSED and get("action") is None:
            out.append(Located("REC_001", name, ref("action"), {"code": code,
                                                                "status": shown}))
        if status.value == IMPLEMENTED and get("evidence") is None:
            out.append(Located("REC_002", name, ref("evidence"), {"code": code}))
        due = due_of.get(code)
        if due is not None and due < ctx.period.end and status.value != IMPLEMENTED and \
                get("next_step") is None:
            out.append(Located("REC_003", name, ref("next_step"), {
                "code": code, "due": due, "status": shown}))
