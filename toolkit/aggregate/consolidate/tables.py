"""Consolidation: the tidy tables of one period, one row per expected value, with provenance.

Every expected row is present: a value that was not reported stays blank (None), never 0. The
input columns come from the declarations (``[area]`` and ``[indicators]`` in
``reporting.toml``), so a declared input column is consolidated without a change here; which
columns each table shows, and in what order, is declared there too (``[exports]``, see
:func:`toolkit.declarations.reporting.export_columns`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.aggregate.consolidate.official import mark_official
from toolkit.aggregate.consolidate.rating import achievement, rate
from toolkit.plan.codelists import is_no_cost
from toolkit.declarations.reporting import declarations, export_name, input_columns
from toolkit.limits import cell_ref
from toolkit.reporting.scope import expected
from toolkit.reporting.sheets import covers_text


@dataclass
class Tables:
    """The consolidated tables of a period."""

    activities: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    statistics: list[dict] = field(default_factory=list)
    narrative: list[dict] = field(default_factory=list)
    recommendations: list[dict] = field(default_factory=list)
    observations: list[dict] = field(default_factory=list)


def _provenance(result, cell) -> dict:
    if result is None or cell is None:
        return {"file_sha256": result.sha256 if result else "", "sheet": "", "cell": ""}
    return {"file_sha256": result.sha256, "sheet": cell.sheet, "cell": cell.ref}


def _located(result, cell, row: tuple[str, str], key: str = "actual") -> dict:
    """Provenance of a value; for a blank or unreadable one, the cell where it belongs in the
    return (the row as found, the column the declarations give)."""
    if cell is not None or result is None:
        return _provenance(result, cell)
    found = result.rows.get(row)
    if found is None:
        return _provenance(result, None)
    sheet, number = found
    column = next(i for i, c in enumerate(declarations()[row[0]]["columns"]) if c["key"] == key)
    return {"file_sha256": result.sha256, "sheet": sheet, "cell": cell_ref(number, column)}


def _value(result, key):
    cell = result.values.get(key) if result else None
    return (cell.value if cell else None), cell


def activity_rows(ctx, used: dict) -> list[dict]:
    """One row per activity and institution taking part, lead first."""
    rows = []
    inputs = [(c["key"], export_name(c)) for c in input_columns("area")]
    for code, assignment in ctx.assignments.items():
        result = used.get(code)
        for act, role in assignment.activities:
            row = {"plan": ctx.plan.meta.code, "period": ctx.period.code,
                   "area": ctx.plan.area_of(act.code), "objective": act.objective,
                   "activity": act.code, "institution": code, "role": role,
                   "due": _due(act, ctx.period), "budget": act.cost if role == "lead" else None,
                   "allocation": ctx.plan.allocations_of(act.code, ctx.period.year).get(code),
                   "funding_source": act.funding_source}
            first = None
            for key, name in inputs:
                row[name], cell = _value(result, ("area", act.code, key))
                first = cell if key == "status" else first
            row.update(_located(result, first, ("area", act.code), "status"))
            row["spent_under"] = spent_under(ctx, act, row)
            rows.append(row)
    return sorted(rows, key=lambda r: (r["activity"], r["role"] != "lead", r["institution"]))


def spent_under(ctx, activity, row: dict) -> str:
    """The funding source spending is filed under (docs/indicators.md §7): the one the
    institution typed, else the plan's; "" (not given) instead of a "No cost" source."""
    source = row.get("spent_source") or activity.funding_source or ""
    return "" if is_no_cost(source) else source


def _due(activity, period) -> bool:
    return not activity.is_continuous and activity.deadline is not None and \
        activity.deadline <= period.end


def indicator_rows(ctx, used: dict) -> list[dict]:
    """One row per indicator due (total), and one per category of its breakdowns."""
    rows = []
    inputs = input_columns("indicators")
    for code, assignment in ctx.assignments.items():
        result = used.get(code)
        for ind in assignment.indicators:
            base = {"plan": ctx.plan.meta.code, "period": ctx.period.code,
                    "indicator": ind.code, "institution": code, "level": ind.level,
                    "unit": ind.unit}
            rows.append({**base, **_indicator_total(ctx, ind, result, inputs)})
            for dim in ind.disaggregations:
                for cat in ctx.plan.codelists.get(dim, ()):
                    key = f"{ind.code}|{dim}={cat}"
                    row = {**base, "dimension": dim, "category": cat, "rating": ""}
                    for c in inputs:
                        row[export_name(c)] = None if c.get("total_only") else \
                            _value(result, ("indicators", key, c["key"]))[0]
                    rows.append({**row, **_located(
                        result, _value(result, ("indicators", key, "actual"))[1],
                        ("indicators", key))})
    return rows


def _indicator_total(ctx, ind, result, inputs) -> dict:
    """The total row of one indicator: its inputs, what it covers, the targets and the one its
    rating used, achievement and rating (docs/indicators.md §1 to §5)."""
    meta = ctx.plan.meta
    exp = expected(ctx.plan, ind, ctx.period)
    value, cell = _value(result, ("indicators", ind.code, "actual"))
    share = achievement(ind, value, exp.target)
    row = {"covers": covers_text(ctx, ind), "dimension": "", "category": "",
           "baseline": ind.baseline_value, "year_target": exp.year.value,
           "period_target": exp.target, "target_basis": basis_text(ctx, exp),
           "midterm_target": ind.target_midterm, "final_target": ind.target_final,
           "achievement": None if share is None else round(share, 4),
           "rating": rate(ind, value, exp.target, meta.green_threshold, meta.amber_threshold)}
    for c in inputs:
        row[export_name(c)] = _value(result, ("indicators", ind.code, c["key"]))[0]
    return {**row, **_located(result, cell, ("indicators", ind.code))}


def basis_text(ctx, exp) -> str:
    """Which target a rating used, in words of the plan's language."""
    year = exp.year
    if exp.basis == "none":
        return ctx.t("basis.none", year=year.year)
    if exp.basis == "final":
        return ctx.t("basis.once")
    if exp.basis == "share":
        return ctx.t("basis.share", part=exp.part, parts=exp.parts, year=year.year)
    if exp.basis == "running":
        return ctx.t("basis.running", part=exp.part, parts=exp.parts, year=year.year,
                     start=f"{exp.start:g}")
    if year.source == "carried":
        return ctx.t("basis.carried", year=year.year, from_year=year.from_year)
    return ctx.t(f"basis.{year.source}", year=year.year)


def statistics_rows(ctx, used: dict) -> list[dict]:
    """One row per statistics cell of every holder, with the table's notes and whether it is
    the official figure (docs/indicators.md §6)."""
    rows = []
    for code, assignment in ctx.assignments.items():
        if not assignment.statistics:
            continue
        result = used.get(code)
        sheet = ctx.statistics_sheet(code)
        for f in sheet.fields if sheet else ():
            if f.kind != "input" or f.key.endswith((":source", ":definition")):
                continue
            table, _, column = f.key.partition(":")
            value, cell = _value(result, ("statistics", f.row_key, f.key))
            rows.append({"plan": ctx.plan.meta.code, "period": ctx.period.code,
                         "table": table,
                         "row": f.row_key.partition(":")[2], "column": column,
                         "institution": code, "value": value,
                         "source_note": _value(result, ("statistics", f"{table}:source",
                                                        f"{table}:source"))[0],
                         "definition_note": _value(result, ("statistics", f"{table}:definition",
                                                            f"{table}:definition"))[0],
                         **_provenance(result, cell)})
    mark_official(ctx.plan, rows)
    return rows


def narrative_rows(ctx, used: dict) -> list[dict]:
    """The narrative (T4d) and sign-off (T4e) of every return in use, one row per field."""
    rows = []
    for code in ctx.assignments:
        result = used.get(code)
        if result is None:
            continue
        kinds = ("narrative", "signoff") + (
            ("civil_society",) if ctx.assignments[code].civil_society else ())
        for kind in kinds:
            for spec in ctx.decl[kind]["fields"]:
                value, cell = _value(result, (kind, spec["key"], spec["key"]))
                rows.append({"plan": ctx.plan.meta.code, "period": ctx.period.code,
                             "institution": code, "part": kind,
                             "field": spec["key"], "text": value,
                             **_provenance(result, cell)})
    return rows


def _rows_of(ctx, used: dict, kind: str, items, base) -> list[dict]:
    """One row per (institution, item) of a sheet of rows: ``base(item)`` and the declared
    inputs, with the provenance of the first input (or where it belongs when blank)."""
    rows = []
    inputs = [(c["key"], export_name(c)) for c in input_columns(kind)]
    for code, assignment in ctx.assignments.items():
        result = used.get(code)
        for item in items(assignment):
            row = {"plan": ctx.plan.meta.code, "period": ctx.period.code, **base(item),
                   "institution": code}
            first = None
            for key, name in inputs:
                row[name], cell = _value(result, (kind, item.code, key))
                first = first or cell
            row.update(_located(result, first, (kind, item.code), inputs[0][0]))
            rows.append(row)
    return rows


def recommendation_rows(ctx, used: dict) -> list[dict]:
    """One row per recommendation and institution it is addressed to (T10), in plan order."""
    rows = _rows_of(ctx, used, "recommendations", lambda a: a.recommendations, lambda r: {
        "recommendation": r.code, "source": r.source, "date": r.date, "due": r.due,
        "objective": r.objective})
    order = {r.code: n for n, r in enumerate(ctx.plan.recommendations)}
    return sorted(rows, key=lambda r: (order[r["recommendation"]], r["institution"]))


def observation_rows(ctx, used: dict) -> list[dict]:
    """The observations of civil-society organisations on the activities (T14): one row per
    organisation and activity it assessed or commented on."""
    rows = _rows_of(ctx, used, "observations", lambda a: a.observations, lambda act: {
        "activity": act.code, "area": ctx.plan.area_of(act.code), "lead": act.lead})
    names = [export_name(c) for c in input_columns("observations")]
    return [r for r in rows if any(r[n] is not None for n in names)]


def consolidate(ctx, used: dict) -> Tables:
    """The tables of the period from the returns in use, one per institution."""
    return Tables(activity_rows(ctx, used), indicator_rows(ctx, used),
                  statistics_rows(ctx, used), narrative_rows(ctx, used),
                  recommendation_rows(ctx, used), observation_rows(ctx, used))


def finding_rows(issues) -> list[dict]:
    """The findings table: one row per (institution, finding) of the run."""
    return [{"file": f.file, "institution": inst, "sheet": f.sheet, "cell": f.cell,
             "code": f.code, "severity": f.severity, "message": f.message,
             "what_to_do": f.hint} for inst, f in issues]
