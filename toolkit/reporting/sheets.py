"""Builds the layout of each sheet of a reporting workbook from the plan and the declarations."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.plan.codelists import ACTIVITY_STATUSES
from toolkit.plan.model import CONTINUOUS, Area, Plan
from toolkit.reporting import formulas as F
from toolkit.reporting.layout import FORMULA, LOCKED, Field, SheetLayout
from toolkit.reporting.periods import Period
from toolkit.reporting.scope import Assignment, period_target
from toolkit.templates import labels

STATUS_KEYS = dict(zip(ACTIVITY_STATUSES, (
    "not_started", "on_track", "delayed", "completed", "partial", "not_implemented",
    "continuous", "cancelled")))
"""Canonical status values (the plan's codelist) and their label keys."""
DELAY_STATUSES = ("Ongoing - delayed", "Not implemented")


@dataclass
class Context:
    """Everything a sheet builder needs."""

    plan: Plan
    period: Period
    assignment: Assignment
    language: str
    decl: dict
    plan_hash: str = ""
    """The plan's content hash; computed on first use when not given."""

    def __post_init__(self) -> None:
        self.text = labels(self.language)
        self.first = int(self.decl["workbook"]["first_data_row"])

    @property
    def short_hash(self) -> str:
        """The first 12 hex digits of the plan's content hash, as shown to people."""
        if not self.plan_hash:
            from toolkit.plan.identity import content_hash

            self.plan_hash = content_hash(self.plan)
        return self.plan_hash[:12]

    def t(self, key: str, **params) -> str:
        """A label of the workbook's language."""
        text = self.text[f"report.{key}"]
        return text.format(**params) if params else text

    def status(self, canonical: str) -> str:
        """The label of a status value, as the drop-down shows it."""
        return self.t(f"status.{STATUS_KEYS[canonical]}")

    def sheet_name(self, kind: str) -> str:
        """The localised name of a fixed sheet."""
        return self.t(f"sheet.{kind}")


def _locked_value(ctx: Context, source: str, subject, role: str = ""):
    if source == "role":
        return ctx.t(f"role.{role}")
    obj, _, attr = source.partition(".")
    value = getattr(subject, attr)
    if value == CONTINUOUS:
        return ctx.t("continuous")
    return value


def activity_check(ctx: Context, cols: dict[str, int], row: int) -> str:
    """The formula that names the first contradiction on an activity row, or shows nothing."""
    s, p, d, r = (f"{F.col(cols[k])}{row}" for k in ("status", "percent", "done", "problems"))
    completed, not_started = ctx.status("Completed"), ctx.status("Not started")
    delayed = F.any_of(s, [ctx.status(v) for v in DELAY_STATUSES])
    return (f'=IF(AND({s}={F.q(completed)},LEN({p})>0,N({p})<100),{F.q(ctx.t("check.below_100"))},'
            f'IF(AND({delayed}>0,LEN({r})=0),{F.q(ctx.t("check.reason_missing"))},'
            f'IF(AND(LEN({s})>0,{s}<>{F.q(not_started)},LEN({d})=0),'
            f'{F.q(ctx.t("check.done_missing"))},"")))')


def area_sheet(ctx: Context, area: Area) -> SheetLayout:
    """One row per activity of the institution in this area (template T4a)."""
    columns = ctx.decl["area"]["columns"]
    cols = {c["key"]: i for i, c in enumerate(columns)}
    rows = [(a, role) for a, role in ctx.assignment.activities
            if ctx.plan.area_of(a.code) == area.code]
    fields, keys = [], {}
    for n, (act, role) in enumerate(rows):
        row = ctx.first + n
        keys[row] = act.code
        for i, c in enumerate(columns):
            if c["kind"] == LOCKED:
                value = _locked_value(ctx, c["source"], act, role)
            elif c["kind"] == FORMULA:
                value = activity_check(ctx, cols, row)
            else:
                value = None
            fields.append(Field(area.sheet, row, i, c["key"], act.code, c["kind"], value,
                                c.get("type", ""), c.get("required", "")))
    return SheetLayout(area.sheet, "area", tuple(fields), keys, ctx.first,
                       ctx.first + len(rows) - 1, extra={"area": area.code,
                                                         "columns": columns})


def indicator_rows(ctx: Context) -> list[tuple[str, object, str, str]]:
    """(row key, indicator, dimension, category) for every row of the Indicators sheet."""
    out = []
    for ind in ctx.assignment.indicators:
        out.append((ind.code, ind, "", ""))
        for dim in ind.disaggregations:
            for cat in ctx.plan.codelists.get(dim, ()):
                out.append((f"{ind.code}|{dim}={cat}", ind, dim, cat))
    return out


def _indicator_value(ctx: Context, source: str, ind, dim: str, cat: str):
    total = not dim
    if source == "breakdown":
        return ctx.t("indicators.total") if total else f"{ctx.t(f'dimension.{dim}')}: {cat}"
    if source == "unit":
        return ctx.t(f"unit.{ind.unit}")
    if source == "indicator.code":
        return ind.code
    if not total:
        return None
    if source == "period_target":
        return period_target(ctx.plan, ind, ctx.period)
    return getattr(ind, source.partition(".")[2])


def indicators_sheet(ctx: Context) -> SheetLayout:
    """One row per indicator due, with a row per category of each disaggregation (T4b/T3)."""
    from toolkit.reporting.indicator_formulas import indicator_formula

    name = ctx.sheet_name("indicators")
    columns = ctx.decl["indicators"]["columns"]
    cols = {c["key"]: i for i, c in enumerate(columns)}
    rows = indicator_rows(ctx)
    fields, keys = [], {}
    for n, (key, ind, dim, cat) in enumerate(rows):
        row = ctx.first + n
        keys[row] = key
        parts = [(r[2], ctx.first + m) for m, r in enumerate(rows) if r[1] is ind and r[2]]
        for i, c in enumerate(columns):
            if c.get("total_only") and dim:
                continue
            kind = c["kind"]
            value = None
            if kind == LOCKED:
                value = _indicator_value(ctx, c["source"], ind, dim, cat)
            elif kind == FORMULA:
                value = indicator_formula(ctx, c["source"], ind, cols, row, parts)
            ftype = f"actual:{ind.unit}" if c.get("type") == "actual" else c.get("type", "")
            if ftype.startswith("actual:") and dim:
                ftype = "count" if ind.unit == "number" else ftype
            required = "" if dim else c.get("required", "")
            fields.append(Field(name, row, i, c["key"], key, kind, value, ftype, required))
    return SheetLayout(name, "indicators", tuple(fields), keys, ctx.first,
                       ctx.first + len(rows) - 1, extra={"columns": columns})


def lists_sheet(ctx) -> SheetLayout:
    """The hidden sheet whose ranges feed every drop-down list."""
    lists = {
        "status": [ctx.status(s) for s in ACTIVITY_STATUSES],
        "funding_source": list(ctx.plan.codelists.get("funding_source", ())),
        "yes_no": [ctx.t("yes"), ctx.t("no")],
    }
    return SheetLayout(ctx.sheet_name("lists"), "lists", (), {}, 1, 1, state="hidden",
                       extra={"lists": lists})


def build_all(ctx: Context, deadline=None) -> list[SheetLayout]:
    """Every sheet of the workbook, in order: Cover first, hidden lists last."""
    from toolkit.reporting.cover import cover_sheet
    from toolkit.reporting.forms import narrative_sheet, passports_sheet, signoff_sheet
    from toolkit.reporting.statistics_sheet import statistics_sheet

    sheets = [area_sheet(ctx, area) for area in ctx.plan.areas
              if area.code in ctx.assignment.areas]
    if ctx.assignment.indicators:
        sheets.append(indicators_sheet(ctx))
    if ctx.assignment.statistics:
        sheets.append(statistics_sheet(ctx))
    sheets += [narrative_sheet(ctx), signoff_sheet(ctx)]
    if ctx.assignment.indicators:
        sheets.append(passports_sheet(ctx))
    sheets.append(lists_sheet(ctx))
    return [cover_sheet(ctx, sheets, deadline)] + sheets
