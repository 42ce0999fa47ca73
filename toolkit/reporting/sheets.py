"""Builds the layout of each sheet of a reporting workbook from the plan and the declarations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from toolkit.declarations.labels import labels
from toolkit.language import codelist_label
from toolkit.plan.codelists import ACTIVITY_STATUSES, DEFAULTS, STATUS_KEYS
from toolkit.plan.model import CONTINUOUS, Area, Plan
from toolkit.reporting import formulas as F
from toolkit.reporting.followup import choice
from toolkit.reporting.layout import FORMULA, LOCKED, Field, SheetLayout
from toolkit.reporting.periods import Period
from toolkit.reporting.scope import Assignment, Expected, covers, expected

DELAY_STATUSES = ("Ongoing - delayed", "Not implemented")


class Shared:
    """What every layout of one plan, period and language has in common, built once for all
    institutions: labels, declared columns, and the sheets and formulas that do not depend on
    who reports."""

    def __init__(self, plan: Plan, period: Period, language: str, decl: dict) -> None:
        self.plan, self.decl = plan, decl
        self.text = labels(language)
        self.first = int(decl["workbook"]["first_data_row"])
        self._memo: dict = {}

    def memo(self, key, build: Callable[[], object]):
        """The value of ``build()``, built on the first call with this key."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = build()
            return value


_SHARED: dict[tuple, Shared] = {}
_SHARED_MAX = 4


def shared(plan: Plan, period: Period, language: str, decl: dict) -> Shared:
    """The shared part of the layouts of a plan, period and language (kept for a few plans).

    The plan and the declarations are immutable, and each entry holds them, so their identity
    names them for as long as the entry lives.
    """
    key = (id(plan), id(decl), period, language)
    found = _SHARED.get(key)
    if found is None:
        if len(_SHARED) >= _SHARED_MAX:
            del _SHARED[next(iter(_SHARED))]
        found = _SHARED[key] = Shared(plan, period, language, decl)
    return found


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
        self.shared = shared(self.plan, self.period, self.language, self.decl)
        self.text = self.shared.text
        self.first = self.shared.first

    @property
    def short_hash(self) -> str:
        """The first 12 hex digits of the plan's content hash, as shown to people."""
        if not self.plan_hash:
            from toolkit.plan.identity import content_hash

            self.plan_hash = content_hash(self.plan)
        return self.plan_hash[:12]

    def expected(self, indicator) -> Expected:
        """What the indicator's value is compared with in the period (``scope.expected``)."""
        return self.shared.memo(("expected", indicator.code),
                                lambda: expected(self.plan, indicator, self.period))

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


def _columns(ctx: Context, kind: str) -> tuple[list[dict], dict[str, int]]:
    """The declared columns of a sheet kind and the index of each column key."""
    return ctx.shared.memo(("columns", kind), lambda: (
        ctx.decl[kind]["columns"], {c["key"]: i for i, c in enumerate(ctx.decl[kind]["columns"])}))


def area_sheet(ctx: Context, area: Area) -> SheetLayout:
    """One row per activity of the institution in this area (template T4a)."""
    columns, cols = _columns(ctx, "area")
    specs = ctx.shared.memo("area_specs", lambda: [
        (i, c["key"], c["kind"], c.get("source", ""), c.get("type", ""), c.get("required", ""))
        for i, c in enumerate(columns)])
    rows = [(a, role) for a, role in ctx.assignment.activities
            if ctx.plan.area_of(a.code) == area.code]
    fields, keys = [], {}
    for n, (act, role) in enumerate(rows):
        row = ctx.first + n
        keys[row] = act.code
        for i, key, kind, source, ftype, required in specs:
            if kind == LOCKED:
                value = _locked_value(ctx, source, act, role)
            elif kind == FORMULA:
                value = ctx.shared.memo(("activity_check", row),
                                        lambda: activity_check(ctx, cols, row))
            else:
                value = None
            fields.append(Field(area.sheet, row, i, key, act.code, kind, value, ftype, required))
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
        return ctx.t("indicators.total") if total else \
            f"{ctx.t(f'dimension.{dim}')}: {codelist_label(ctx.language, dim, cat)}"
    if source == "unit":
        return ctx.t(f"unit.{ind.unit}")
    if source == "indicator.code":
        return ind.code
    if not total:
        return None
    if source == "period_target":
        return target_shown(ctx, ind, ctx.expected(ind).target)
    if source == "year_target":
        return target_shown(ctx, ind, ctx.expected(ind).year.value)
    if source == "covers":
        return covers_text(ctx, ind)
    value = getattr(ind, source.partition(".")[2])
    if source in ("indicator.target_final", "indicator.target_midterm"):
        return target_shown(ctx, ind, value)
    return value


def target_shown(ctx: Context, ind, value):
    """A target as the workbook shows it: Yes or No for a yes/no indicator."""
    if ind.unit == "yes-no" and value is not None:
        return ctx.t("yes") if value else ctx.t("no")
    return value


def covers_text(ctx: Context, ind) -> str:
    """What the value of the row covers, in words (docs/indicators.md §1)."""
    kind, first, last = covers(ctx.plan, ind, ctx.period)
    return ctx.t(f"covers.{kind}", start=first.isoformat() if first else "",
                 end=last.isoformat())


def indicators_sheet(ctx: Context) -> SheetLayout:
    """One row per indicator due, with a row per category of each disaggregation (T4b/T3)."""
    from toolkit.reporting.indicator_formulas import indicator_formula

    name = ctx.sheet_name("indicators")
    columns, cols = _columns(ctx, "indicators")
    specs = ctx.shared.memo("indicator_specs", lambda: [
        (i, c["key"], c["kind"], c.get("source", ""), c.get("type", ""),
         c.get("required", ""), bool(c.get("total_only"))) for i, c in enumerate(columns)])
    rows = indicator_rows(ctx)
    parts_of: dict[int, list[tuple[str, int]]] = {}
    for m, (_key, ind, dim, _cat) in enumerate(rows):
        if dim:
            parts_of.setdefault(id(ind), []).append((dim, ctx.first + m))
    fields, keys = [], {}
    for n, (key, ind, dim, cat) in enumerate(rows):
        row = ctx.first + n
        keys[row] = key
        parts = parts_of.get(id(ind), [])
        for i, ckey, kind, source, ctype, required, total_only in specs:
            if total_only and dim:
                continue
            value = None
            if kind == LOCKED:
                value = _indicator_value(ctx, source, ind, dim, cat)
            elif kind == FORMULA:
                value = indicator_formula(ctx, source, ind, cols, row, parts)
            ftype = f"actual:{ind.unit}" if ctype == "actual" else ctype
            if ftype.startswith("actual:") and dim:
                ftype = "count" if ind.unit == "number" else ftype
            fields.append(Field(name, row, i, ckey, key, kind, value, ftype,
                                "" if dim else required))
    return SheetLayout(name, "indicators", tuple(fields), keys, ctx.first,
                       ctx.first + len(rows) - 1, extra={"columns": columns})


def lists_sheet(ctx) -> SheetLayout:
    """The hidden sheet whose ranges feed every drop-down list."""
    lists = {
        "status": [ctx.status(s) for s in ACTIVITY_STATUSES],
        "funding_source": list(ctx.plan.codelists.get("funding_source", ())),
        "yes_no": [ctx.t("yes"), ctx.t("no")],
        **{name: [choice(ctx, name, code) for code in DEFAULTS[name]]
           for name in ("recommendation_status", "observation")},
    }
    return SheetLayout(ctx.sheet_name("lists"), "lists", (), {}, 1, 1, state="hidden",
                       extra={"lists": lists})


def build_all(ctx: Context, deadline=None) -> list[SheetLayout]:
    """Every sheet of the workbook, in order: Cover first, hidden lists last.

    The sheets that do not depend on who reports (narrative, sign-off, lists, and statistics
    by the tables held) are built once per plan and shared by every layout.
    """
    from toolkit.reporting.cover import cover_sheet
    from toolkit.reporting.followup import followup_sheets
    from toolkit.reporting.forms import narrative_sheet, passports_sheet, signoff_sheet

    memo = ctx.shared.memo
    sheets = [area_sheet(ctx, area) for area in ctx.plan.areas
              if area.code in ctx.assignment.areas]
    if ctx.assignment.indicators:
        sheets.append(indicators_sheet(ctx))
    if ctx.assignment.statistics:
        sheets.append(statistics(ctx))
    sheets += followup_sheets(ctx)
    sheets += [memo("narrative", lambda: narrative_sheet(ctx)),
               memo("signoff", lambda: signoff_sheet(ctx))]
    if ctx.assignment.indicators:
        sheets.append(passports_sheet(ctx))
    sheets.append(memo("lists", lambda: lists_sheet(ctx)))
    return [cover_sheet(ctx, sheets, deadline)] + sheets


def last_row(ctx: Context) -> int:
    """The last row any sheet of the workbook uses, as ``build_all`` lays the sheets out, found
    without building the fields of the sheets that depend on who reports."""
    from toolkit.reporting.cover import panel_header
    from toolkit.reporting.followup import followup_last_rows
    from toolkit.reporting.forms import narrative_sheet, signoff_sheet

    memo, a, first = ctx.shared.memo, ctx.assignment, ctx.first
    per_area = Counter(ctx.plan.area_of(act.code) for act, _role in a.activities)
    lasts = [first + per_area[area.code] - 1 for area in ctx.plan.areas if area.code in a.areas]
    lasts += [memo("narrative", lambda: narrative_sheet(ctx)).last_row,
              memo("signoff", lambda: signoff_sheet(ctx)).last_row,
              memo("lists", lambda: lists_sheet(ctx)).last_row]
    panel = len(lasts) - 1  # the area sheets, narrative and sign-off
    if a.indicators:
        passport = len(ctx.decl["passport"]["fields"]) + 1
        lasts += [first + len(indicator_rows(ctx)) - 1, first + len(a.indicators) * passport - 1]
        panel += 1
    if a.statistics:
        lasts.append(statistics(ctx).last_row)
        panel += 1
    followup = followup_last_rows(ctx)
    lasts += followup
    panel += bool(a.recommendations) + bool(a.civil_society)
    lasts.append(panel_header(ctx) + 1 + panel)
    return max(lasts)


def statistics(ctx: Context) -> SheetLayout:
    """The Statistics sheet of the tables the institution holds (shared by all who hold them)."""
    from toolkit.reporting.statistics_sheet import statistics_sheet

    return ctx.shared.memo(("statistics", frozenset(ctx.assignment.statistics)),
                           lambda: statistics_sheet(ctx))
