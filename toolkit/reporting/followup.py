"""The sheets of the follow-up: Recommendations (template T10), on which each addressed
institution reports where every recommendation stands, and, in the workbook of a civil-society
organisation, Observations on the plan's activities and the Civil society contribution (T14).

Their columns and fields are declared in ``reporting.toml`` (``[recommendations]``,
``[observations]``, ``[civil_society]``); this module lays them out like the area sheets: one
row per item of the plan, found in a return by the code in column A.
"""

from __future__ import annotations

from toolkit.language import codelist_label
from toolkit.reporting import formulas as F
from toolkit.reporting.layout import FORMULA, LOCKED, Field, SheetLayout

NOT_ADDRESSED, IMPLEMENTED = "not addressed", "implemented"
"""The recommendation statuses the checks and formulas rely on (a fixed codelist)."""


def choice(ctx, codelist: str, code: str) -> str:
    """A codelist value as the workbook's drop-down shows it."""
    return codelist_label(ctx.language, codelist, code)


def _rows_sheet(ctx, kind: str, rows: list[tuple[str, object]], locked, formula=None,
                extra: dict | None = None) -> SheetLayout:
    """One row per (row key, item): locked columns from ``locked(source, item)``, formulas from
    ``formula(cols, row)``, inputs blank."""
    columns = ctx.decl[kind]["columns"]
    cols = {c["key"]: i for i, c in enumerate(columns)}
    name = ctx.sheet_name(kind)
    fields, keys = [], {}
    for n, (key, item) in enumerate(rows):
        row = ctx.first + n
        keys[row] = key
        for i, c in enumerate(columns):
            value = None
            if c["kind"] == LOCKED:
                value = locked(c["source"], item)
            elif c["kind"] == FORMULA:
                value = formula(cols, row)
            fields.append(Field(name, row, i, c["key"], key, c["kind"], value,
                                c.get("type", ""), c.get("required", "")))
    return SheetLayout(name, kind, tuple(fields), keys, ctx.first, ctx.first + len(rows) - 1,
                       extra={"columns": columns, **(extra or {})})


def recommendation_check(ctx, cols: dict[str, int], row: int) -> str:
    """The formula that says what a recommendation's row lacks, or shows nothing."""
    s, a, e = (f"{F.col(cols[k])}{row}" for k in ("status", "action", "evidence"))
    return (f'=IF(AND(LEN({s})>0,{s}<>{F.q(choice(ctx, "recommendation_status", NOT_ADDRESSED))},'
            f'LEN({a})=0),{F.q(ctx.t("check.action_missing"))},'
            f'IF(AND({s}={F.q(choice(ctx, "recommendation_status", IMPLEMENTED))},LEN({e})=0),'
            f'{F.q(ctx.t("check.evidence_missing"))},""))')


def _recommendation_value(ctx, source: str, rec):
    if source == "source":
        origin = choice(ctx, "recommendation_source", rec.source)
        return f"{origin}, {rec.reference}" if rec.reference else origin
    return getattr(rec, source.partition(".")[2])


def recommendations_sheet(ctx) -> SheetLayout:
    """One row per recommendation addressed to the institution (template T10)."""
    rows = [(r.code, r) for r in ctx.assignment.recommendations]
    return _rows_sheet(ctx, "recommendations", rows,
                       lambda source, rec: _recommendation_value(ctx, source, rec),
                       lambda cols, row: ctx.shared.memo(
                           ("recommendation_check", row),
                           lambda: recommendation_check(ctx, cols, row)))


def _lead(ctx, code: str) -> str:
    inst = ctx.plan.institution(code)
    return f"{code} {inst.name}" if inst else code


def observations_sheet(ctx) -> SheetLayout:
    """One row per activity running in the period, for a civil-society organisation's
    observations (template T14); shared by every organisation."""
    def build() -> SheetLayout:
        rows = [(a.code, a) for a in ctx.assignment.observations]
        return _rows_sheet(ctx, "observations", rows, lambda source, act: _lead(ctx, act.lead)
                           if source == "lead" else getattr(act, source.partition(".")[2]))
    return ctx.shared.memo("observations", build)


def civil_society_sheet(ctx) -> SheetLayout:
    """The organisation's problems seen, recommendations and consent to publish (T14)."""
    from toolkit.reporting.forms import form_sheet

    specs = [{**spec, "type": spec.get("type", "longtext")}
             for spec in ctx.decl["civil_society"]["fields"]]
    return ctx.shared.memo("civil_society", lambda: form_sheet(ctx, "civil_society", specs,
                                                                ctx.first))


def followup_sheets(ctx) -> list[SheetLayout]:
    """The follow-up sheets the institution's workbook holds, in order."""
    sheets = []
    if ctx.assignment.recommendations:
        sheets.append(recommendations_sheet(ctx))
    if ctx.assignment.civil_society:
        sheets += [observations_sheet(ctx), civil_society_sheet(ctx)]
    return sheets


def followup_last_rows(ctx) -> list[int]:
    """The last row of each follow-up sheet, without building the recommendations' fields."""
    a, first = ctx.assignment, ctx.first
    lasts = [first + len(a.recommendations) - 1] if a.recommendations else []
    if a.civil_society:
        lasts += [first + len(a.observations) - 1, civil_society_sheet(ctx).last_row]
    return lasts
