"""The report's tables for people: indicators, activities, submissions and findings, with
names beside the codes and every heading and value label in the plan's language. Pure."""

from __future__ import annotations

from pathlib import PurePath

from toolkit.aggregate.consolidate.report_parts import Column, Table, Words
from toolkit.declarations.reporting import export_name, input_columns

RATING_KEYS = {"green": "green", "amber": "amber", "red": "red", "grey": "grey",
               "not rated": "not_rated"}
"""Rating codes of the tidy tables and their label keys."""


def columns(words: Words, specs: tuple[tuple[str, str, int], ...],
            hidden: tuple[str, ...] = ()) -> tuple[Column, ...]:
    """Columns from (key, kind, width), each headed by ``monitoring.column.<key>``; the
    ``hidden`` ones are kept for filters and formulas but not printed."""
    return tuple(Column(key, words(f"column.{key}"), kind, width, key in hidden)
                 for key, kind, width in specs)


def rating_label(words: Words, code: str) -> str:
    """The label of a rating code; blank for rows without a rating."""
    return words(f"rating.{RATING_KEYS[code]}") if code else ""


def target_used(words: Words, row: dict):
    """The target a rating was computed against and which target it was, in words: as the
    consolidation says (``target_basis``), else the period's target or the final one."""
    if "target_basis" in row:
        return row.get("period_target"), row["target_basis"] or ""
    if row.get("period_target") is not None:
        return row["period_target"], words("target_basis.period")
    if row.get("final_target") is not None:
        return row["final_target"], words("target_basis.final")
    return None, ""


INDICATOR_COLUMNS = (("area", "code", 6), ("result", "code", 10), ("indicator", "code", 16),
                     ("indicator_name", "long", 34), ("level", "text", 8),
                     ("institution", "code", 9), ("unit", "text", 8),
                     ("breakdown", "text", 16), ("baseline", "number", 9),
                     ("target", "number", 9), ("target_basis", "long", 16),
                     ("actual", "number", 9), ("achievement", "share", 12),
                     ("rating", "rating", 15), ("comment", "long", 26))


def _value(words: Words, unit: str, value):
    if unit == "yes-no" and value is not None:
        return words.label("report.yes") if value else words.label("report.no")
    return value


def indicator_table(ctx, words: Words, tables) -> Table:
    """One row per indicator due (its total) and per category of its breakdowns."""
    by_code = {i.code: i for i in ctx.plan.indicators}
    added = added_inputs(words, "indicators")
    rows = []
    for r in tables.indicators:
        ind = by_code[r["indicator"]]
        target, basis = target_used(words, r)
        total = not r["dimension"]
        rows.append((
            ctx.plan.area_of(ind.linked_result) or "", ind.linked_result, ind.code,
            ind.name if total else None,
            words.code("level", ind.level), r["institution"],
            words.label(f"report.unit.{ind.unit}"),
            words("total") if total else
            words("breakdown", dimension=words.label("report.dimension." + r["dimension"]),
                  category=words.code(r["dimension"], r["category"])),
            r.get("baseline") if total else None, _value(words, ind.unit, target) if total else None,
            basis if total else "",
            _value(words, ind.unit, r["value"]), r.get("achievement"),
            rating_label(words, r["rating"]), r.get("comment"),
            *(r.get(name) for name, _c in added)))
    return Table("indicators", words("sheet.indicators"),
                 columns(words, INDICATOR_COLUMNS) + tuple(c for _n, c in added), rows)


ACTIVITY_COLUMNS = (("area", "code", 6), ("goal", "code", 8), ("objective", "code", 9),
                    ("activity", "code", 9), ("description", "long", 28), ("lead", "code", 9),
                    ("partners", "long", 13), ("institution", "code", 9), ("role", "text", 8),
                    ("due", "text", 6), ("status", "status", 14), ("percent", "count", 6),
                    ("done", "long", 26), ("problems", "long", 20), ("budget", "amount", 11),
                    ("allocation", "amount", 11), ("funding_source", "text", 12),
                    ("spent", "amount", 11), ("spent_source", "text", 12),
                    ("spent_under", "text", 12))
ACTIVITY_HIDDEN = ("goal", "funding_source", "spent_under")
"""Kept for the progress and budget formulas and for filters, not printed."""
STOCK_INPUTS = {
    "area": ("status", "percent", "done", "outputs", "indicator_value", "evidence", "spent",
             "spent_source", "partners_involved", "problems", "corrective_action",
             "new_deadline"),
    "indicators": ("actual", "source", "comment"),
}
"""The input columns of the standard forms: the report shows the ones its tables name and
leaves the rest to the exports. Any other column a plan's forms declare is shown too, at the
end, headed by its label in the agencies' workbooks."""


def added_inputs(words: Words, kind: str) -> list[tuple[str, Column]]:
    """(export name, column) of each input column declared beyond the standard forms."""
    return [(export_name(c), Column(export_name(c), words.label(f"report.{kind}.{c['key']}"),
                                    "long" if c.get("type") == "text" else "text",
                                    min(int(c.get("width", 14)), 24)))
            for c in input_columns(kind) if c["key"] not in STOCK_INPUTS[kind]]


def activity_of(plan, code: str):
    """The plan's activity with this code, or None."""
    found = getattr(plan, "_activity_index", None)
    if found is None:
        found = {a.code: a for a in plan.activities}
        object.__setattr__(plan, "_activity_index", found)
    return found.get(code)


def activity_table(ctx, words: Words, tables) -> Table:
    """One row per activity and institution taking part, lead first."""
    rows = []
    yes, no = words.label("report.yes"), words.label("report.no")
    goals = {o.code: o.goal for o in ctx.plan.objectives}
    added = added_inputs(words, "area")
    for r in tables.activities:
        act = activity_of(ctx.plan, r["activity"])
        rows.append((
            r["area"], goals.get(r["objective"], ""), r["objective"], r["activity"],
            act.description, act.lead, ", ".join(act.partners), r["institution"],
            words.label(f"report.role.{r['role']}"), yes if r["due"] else no,
            words.status(r["status"]) if r["status"] else None, r["percent"], r["done"],
            r["problems"], r["budget"], r.get("allocation"), r["funding_source"], r["spent"],
            words.code("funding_source", r["spent_source"]) if r["spent_source"] else None,
            r.get("spent_under", ""),
            *(r.get(name) for name, _c in added)))
    return Table("activities", words("sheet.activities"),
                 columns(words, ACTIVITY_COLUMNS, ACTIVITY_HIDDEN) + tuple(c for _n, c in added),
                 rows)


SUBMISSION_COLUMNS = (("institution", "code", 11), ("name", "text", 34),
                      ("expected", "text", 9), ("state", "text", 11), ("file", "text", 34),
                      ("verdict", "text", 18), ("saved_at", "text", 17),
                      ("timeliness", "text", 10), ("errors", "count", 8),
                      ("warnings", "count", 9), ("filled", "count", 9),
                      ("required", "count", 9))


def file_name(path: str) -> str:
    """A returned file's own name, without the folder it was read from (which is the
    coordinator's, and means nothing to anyone else)."""
    return PurePath(path.replace("\\", "/")).name if path else ""


def state_text(words: Words, row: dict) -> str:
    """Received, missing, or rejected with why: "rejected: period 2026-H1, expected 2025-H2"."""
    if not row["state"]:
        return ""
    if row["state"] != "rejected":
        return words(f"state.{row['state']}")
    found = row["reason"]
    if found is None:
        return words("state.rejected", reason=words.code("verdict", "rejected"))
    if f"monitoring.reason.{found.code}" in words.text:
        return words("state.rejected", reason=words(f"reason.{found.code}",
                                                    **dict(found.params)))
    return words("state.rejected", reason=found.message_in(words.language))


def submission_table(ctx, words: Words, summary: dict) -> Table:
    """One row per expected institution, then every other file received."""
    rows = []
    for r in summary["submissions"]:
        inst = ctx.plan.institution(r["institution"]) if r["institution"] else None
        rows.append((
            r["institution"], r["name"] or (inst.name if inst else ""),
            words("yes") if r["expected"] else "",
            state_text(words, r), file_name(r.get("file", "")),
            words.code("verdict", r["verdict"]) if r.get("verdict") else "",
            r.get("saved_at") or "",
            words(f"timeliness.{r['timeliness'].replace(' ', '_')}")
            if r.get("timeliness") else "",
            r.get("errors"), r.get("warnings"), r.get("filled"), r.get("required")))
    return Table("submissions", words("sheet.submissions"),
                 columns(words, SUBMISSION_COLUMNS), rows)


FINDING_COLUMNS = (("institution", "code", 11), ("file", "text", 30), ("sheet", "text", 14),
                   ("cell", "code", 7), ("severity", "text", 9), ("message", "long", 60),
                   ("what_to_do", "long", 44), ("code", "code", 9))


def without_folders(text: str, folders: set[str]) -> str:
    """A message without the folders the returns were read from: a file is named by its own
    name, which is the one its sender knows."""
    for folder in sorted(folders, key=len, reverse=True):
        text = text.replace(folder + "/", "").replace(folder + "\\", "")
    return text


def folders_of(findings) -> set[str]:
    """The folders the files of these findings were read from."""
    out = set()
    for f in findings:
        parent = str(PurePath(f.file.replace("\\", "/")).parent)
        if parent not in (".", "", "/"):
            out.add(parent)
    return out


def finding_table(ctx, words: Words, summary: dict) -> Table:
    """Every finding, with where it is and what to do."""
    folders = folders_of(f for _inst, f in summary["issues"])
    language = words.language
    rows = [(inst, file_name(f.file), f.sheet, f.cell, words(f"severity.{f.severity}"),
             without_folders(f.message_in(language), folders),
             without_folders(f.hint_in(language), folders), f.code)
            for inst, f in summary["issues"]]
    return Table("findings", words("sheet.findings"), columns(words, FINDING_COLUMNS), rows)


FOLLOWUP_COLUMNS = (("recommendation", "code", 12), ("source", "text", 18),
                    ("text", "long", 40), ("institution", "code", 9), ("due", "date", 11),
                    ("status", "text", 18), ("action", "long", 34), ("evidence", "long", 24),
                    ("next_step", "long", 24), ("overdue", "text", 9))


def followup_table(ctx, words: Words, tables) -> Table:
    """The follow-up of recommendations (T10): one row per recommendation and institution
    addressed, with the status, action, evidence and next step it reported for the period;
    overdue when past its due date at the end of the period and not implemented."""
    recs = {r.code: r for r in ctx.plan.recommendations}
    rows = []
    for r in tables.recommendations:
        rec = recs[r["recommendation"]]
        origin = words.code("recommendation_source", rec.source)
        late = bool(rec.due and rec.due < ctx.period.end and r.get("status") != "implemented")
        rows.append((
            rec.code, f"{origin}, {rec.reference}" if rec.reference else origin, rec.text,
            r["institution"], rec.due,
            words.code("recommendation_status", r["status"]) if r.get("status")
            else words("followup.not_reported"),
            r.get("action"), r.get("evidence"), r.get("next_step"),
            words("yes") if late else ""))
    return Table("followup", words("sheet.followup"), columns(words, FOLLOWUP_COLUMNS), rows)


DECISION_COLUMNS = (("objective", "code", 10), ("relevant", "text", 10),
                    ("obstacles", "long", 26), ("adjustment", "text", 16),
                    ("justification", "long", 30), ("decision", "text", 11),
                    ("responsible", "code", 11), ("deadline", "date", 11))
LISTED = {"relevant": "relevance", "adjustment": "adjustment", "decision": "decision"}
"""The review's inputs that hold a code of a closed list, and the list."""


def decision_table(words: Words, log) -> Table:
    """The decision log of the last review of the coordination body (T15), as the store holds
    it (``history.review.DecisionLog``): one row per objective it wrote on; no rows without
    one."""
    rows = []
    for entry in log.rows if log is not None else ():
        rows.append(tuple(
            words.label(f"review.{LISTED[key]}.{entry[key]}") if key in LISTED and entry[key]
            else entry[key] for key, _kind, _width in DECISION_COLUMNS))
    return Table("decisions", words("sheet.decisions"), columns(words, DECISION_COLUMNS), rows)
