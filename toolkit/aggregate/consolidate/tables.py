"""Consolidation: the tidy tables of one period, one row per expected value, with provenance.

Every expected row is present: a value that was not reported stays blank (None), never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.aggregate.consolidate.rating import achievement, rate
from toolkit.reporting.scope import period_target

ACTIVITY_COLUMNS = ["plan", "period", "area", "objective", "activity", "institution", "role",
                    "due", "budget", "funding_source", "status", "percent", "done", "outputs",
                    "indicator_value", "evidence", "spent", "spent_source", "partners_involved",
                    "problems", "corrective_action", "new_deadline", "file_sha256", "sheet",
                    "cell"]
INDICATOR_COLUMNS = ["plan", "period", "indicator", "institution", "level", "unit",
                     "dimension", "category", "value", "baseline", "period_target", "final_target",
                     "achievement", "rating", "comment", "source", "file_sha256", "sheet",
                     "cell"]
NARRATIVE_COLUMNS = ["plan", "period", "institution", "part", "field", "text", "file_sha256",
                     "sheet", "cell"]
STATISTICS_COLUMNS = ["plan", "period", "table", "row", "column", "institution", "value",
                      "source_note", "definition_note", "file_sha256", "sheet", "cell"]
FINDING_COLUMNS = ["file", "institution", "sheet", "cell", "code", "severity", "message",
                   "what_to_do"]
"""The columns of each tidy table, in the order the exports and detail sheets show them."""

ACTIVITY_FIELDS = ("status", "percent", "done", "outputs", "indicator_value", "evidence",
                   "spent", "spent_source", "partners_involved", "problems",
                   "corrective_action", "new_deadline")


@dataclass
class Tables:
    """The consolidated tables of a period."""

    activities: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    statistics: list[dict] = field(default_factory=list)
    narrative: list[dict] = field(default_factory=list)


def _provenance(result, cell) -> dict:
    if result is None or cell is None:
        return {"file_sha256": result.sha256 if result else "", "sheet": "", "cell": ""}
    return {"file_sha256": result.sha256, "sheet": cell.sheet, "cell": cell.ref}


def _value(result, key):
    cell = result.values.get(key) if result else None
    return (cell.value if cell else None), cell


def activity_rows(ctx, used: dict) -> list[dict]:
    """One row per activity and institution taking part, lead first."""
    rows = []
    for code, assignment in ctx.assignments.items():
        result = used.get(code)
        for act, role in assignment.activities:
            row = {"plan": ctx.plan.meta.code, "period": ctx.period.code,
                   "area": ctx.plan.area_of(act.code), "objective": act.objective,
                   "activity": act.code, "institution": code, "role": role,
                   "due": _due(act, ctx.period), "budget": act.cost if role == "lead" else None,
                   "funding_source": act.funding_source}
            first = None
            for name in ACTIVITY_FIELDS:
                value, cell = _value(result, ("area", act.code, name))
                row[name] = value
                first = first or (cell if name == "status" else None)
            row.update(_provenance(result, first))
            rows.append(row)
    return sorted(rows, key=lambda r: (r["activity"], r["role"] != "lead", r["institution"]))


def _due(activity, period) -> bool:
    return not activity.is_continuous and activity.deadline is not None and \
        activity.deadline <= period.end


def indicator_rows(ctx, used: dict) -> list[dict]:
    """One row per indicator due (total), and one per category of its breakdowns."""
    rows = []
    meta = ctx.plan.meta
    for code, assignment in ctx.assignments.items():
        result = used.get(code)
        for ind in assignment.indicators:
            target = period_target(ctx.plan, ind, ctx.period)
            value, cell = _value(result, ("indicators", ind.code, "actual"))
            share = achievement(ind, value, target if target is not None else ind.target_final)
            base = {"plan": ctx.plan.meta.code, "period": ctx.period.code,
                    "indicator": ind.code, "institution": code, "level": ind.level,
                    "unit": ind.unit}
            rows.append({**base, "dimension": "", "category": "", "value": value,
                         "baseline": ind.baseline_value, "period_target": target,
                         "final_target": ind.target_final,
                         "achievement": None if share is None else round(share, 4),
                         "rating": rate(ind, value, target if target is not None
                                        else ind.target_final, meta.green_threshold,
                                        meta.amber_threshold),
                         "comment": _value(result, ("indicators", ind.code, "comment"))[0],
                         "source": _value(result, ("indicators", ind.code, "source"))[0],
                         **_provenance(result, cell)})
            for dim in ind.disaggregations:
                for cat in ctx.plan.codelists.get(dim, ()):
                    v, c = _value(result, ("indicators", f"{ind.code}|{dim}={cat}", "actual"))
                    rows.append({**base, "dimension": dim, "category": cat, "value": v,
                                 "baseline": None, "period_target": None, "final_target": None,
                                 "achievement": None, "rating": "", "comment": None,
                                 "source": None, **_provenance(result, c)})
    return rows


def statistics_rows(ctx, used: dict) -> list[dict]:
    """One row per statistics cell of every holder, with the table's notes."""
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
    return rows


def narrative_rows(ctx, used: dict) -> list[dict]:
    """The narrative (T4d) and sign-off (T4e) of every return in use, one row per field."""
    rows = []
    for code in ctx.assignments:
        result = used.get(code)
        if result is None:
            continue
        for kind in ("narrative", "signoff"):
            for spec in ctx.decl[kind]["fields"]:
                value, cell = _value(result, (kind, spec["key"], spec["key"]))
                rows.append({"plan": ctx.plan.meta.code, "period": ctx.period.code,
                             "institution": code, "part": kind,
                             "field": spec["key"], "text": value,
                             **_provenance(result, cell)})
    return rows


def consolidate(ctx, used: dict) -> Tables:
    """The tables of the period from the returns in use, one per institution."""
    return Tables(activity_rows(ctx, used), indicator_rows(ctx, used),
                  statistics_rows(ctx, used), narrative_rows(ctx, used))
