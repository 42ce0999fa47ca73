"""The Cover sheet: who reports what for when, and a live completeness panel of formulas."""

from __future__ import annotations

from functools import partial

from toolkit.reporting import formulas as F
from toolkit.reporting.layout import FORMULA, LOCKED, Field, SheetLayout

INFO_ROW = 4
INFO_KEYS = ("plan", "country", "version", "period", "institution", "deadline", "contact")
PANEL_COLS = ("sheet", "required", "filled", "missing", "state")
PANEL_KINDS = ("area", "indicators", "statistics", "recommendations", "civil_society",
               "narrative", "signoff")
"""The kinds of sheet the completeness panel has a line for."""


def panel_header(ctx) -> int:
    """The row of the completeness panel's headings: below the identity and the instructions."""
    return ctx.shared.memo("panel_header", lambda: INFO_ROW + len(INFO_KEYS) + 2 + len(
        ctx.t("cover.instructions").split("\n")) + 1)


def _col_range(sheet: SheetLayout, key: str) -> str:
    f = next(f for f in sheet.fields if f.key == key)
    return F.rng(sheet.name, f.col, sheet.first_row, sheet.last_row)


def completeness(ctx, sheet: SheetLayout) -> tuple[str, str]:
    """Formulas (without ``=``) counting the required inputs of a sheet and those filled."""
    if sheet.kind == "area":
        s, d, p = (_col_range(sheet, k) for k in ("status", "done", "problems"))
        ns = F.q(ctx.status("Not started"))
        delayed = F.any_of(s, [ctx.status("Ongoing - delayed"), ctx.status("Not implemented")])
        n = sheet.last_row - sheet.first_row + 1
        started = f"(LEN({s})>0)*({s}<>{ns})"
        return (f"{n}+SUMPRODUCT({started})+SUMPRODUCT({delayed})",
                f"SUMPRODUCT(--(LEN({s})>0))+SUMPRODUCT({started}*(LEN({d})>0))"
                f"+SUMPRODUCT({delayed}*(LEN({p})>0))")
    if sheet.kind == "indicators":
        b, a, r, c = (_col_range(sheet, k) for k in ("breakdown", "actual", "rating", "comment"))
        total = f"({b}={F.q(ctx.t('indicators.total'))})"
        weak = F.any_of(r, [ctx.t("rating.amber"), ctx.t("rating.red")])
        return (f"SUMPRODUCT(--{total})+SUMPRODUCT({weak})",
                f"SUMPRODUCT({total}*(LEN({a})>0))+SUMPRODUCT({weak}*(LEN({c})>0))")
    if sheet.kind == "recommendations":
        return _recommendations_completeness(ctx, sheet)
    required = [f for f in sheet.inputs() if f.required == "always"]
    if not required:
        return "0", "0"
    terms = []
    for f in required:
        ref = F.cell(sheet.name, f.col, f.row)
        terms.append(f"({ref}={F.q(ctx.t('yes'))})" if f.type == "list:yes_no"
                     else F.is_filled(ref))
    return str(len(required)), "+".join(terms)


def _recommendations_completeness(ctx, sheet: SheetLayout) -> tuple[str, str]:
    """A status on every row; an action once addressed; evidence once implemented."""
    from toolkit.reporting.followup import IMPLEMENTED, NOT_ADDRESSED, choice

    s, a, e = (_col_range(sheet, k) for k in ("status", "action", "evidence"))
    addressed = f"(LEN({s})>0)*({s}<>{F.q(choice(ctx, 'recommendation_status', NOT_ADDRESSED))})"
    done = f"({s}={F.q(choice(ctx, 'recommendation_status', IMPLEMENTED))})"
    n = sheet.last_row - sheet.first_row + 1
    return (f"{n}+SUMPRODUCT({addressed})+SUMPRODUCT(--{done})",
            f"SUMPRODUCT(--(LEN({s})>0))+SUMPRODUCT({addressed}*(LEN({a})>0))"
            f"+SUMPRODUCT({done}*(LEN({e})>0))")


def _info(ctx, name: str, deadline) -> dict[str, Field]:
    """The identity fields every institution's cover shows alike, by key."""
    plan = ctx.plan
    values = {
        "plan": plan.meta.title, "country": plan.meta.country,
        "version": f"{plan.meta.code} {plan.meta.version} ({ctx.short_hash})",
        "period": f"{ctx.period.code}: {ctx.period.start} - {ctx.period.end}",
        "deadline": deadline, "contact": plan.meta.coordinator_contact}
    return {key: Field(name, INFO_ROW + n, 1, key, f"info:{key}", LOCKED, values[key])
            for n, key in enumerate(INFO_KEYS) if key in values}


def _panel_row(ctx, name: str, row: int, sheet: SheetLayout) -> tuple[Field, ...]:
    """The four fields of one sheet's line of the completeness panel."""
    key = f"panel:{sheet.name}"
    required, filled = completeness(ctx, sheet)
    b, c, d = (f"{F.col(i)}{row}" for i in (1, 2, 3))
    return tuple(Field(name, row, col, k, key, FORMULA, formula) for col, k, formula in (
        (1, "required", f"={required}"), (2, "filled", f"={filled}"),
        (3, "missing", f"=MAX(0,{b}-{c})"),
        (4, "state", f'=IF({d}=0,{F.q(ctx.t("cover.complete"))},'
                     f'{F.q(ctx.t("cover.incomplete"))})')))


def _panel_fields(ctx, name: str, row: int, sheet: SheetLayout) -> tuple[Field, ...]:
    """A sheet's line of the panel, built once per plan for each sheet and row.

    Area and indicator sheets are named by their extent. The other kinds are built once per
    plan and shared, so their identity names them; the sheet is kept with its line, so that
    the identity cannot pass to another sheet.
    """
    build = partial(_panel_row, ctx, name, row, sheet)
    if sheet.kind in ("area", "indicators"):
        return ctx.shared.memo(("panel", row, sheet.kind, sheet.name, sheet.first_row,
                                sheet.last_row), build)
    return ctx.shared.memo(("panel", row, id(sheet)), lambda: (sheet, build()))[1]


def _summary(ctx, name: str, header: int, panel: list[str]) -> Field:
    summary = header + 1 + len(panel)
    missing = [(s, f"D{header + 1 + n}") for n, s in enumerate(panel)]
    listing = "&".join(f'IF({ref}>0," "&{F.q(s)}&";","")' for s, ref in missing)
    total = "+".join(ref for _s, ref in missing) or "0"
    return Field(name, summary, 1, "summary", "panel:summary", FORMULA,
                 f'=IF({total}=0,{F.q(ctx.t("cover.ready"))},'
                 f'{F.q(ctx.t("cover.not_ready"))}&{listing})')


def cover_sheet(ctx, others: list[SheetLayout], deadline) -> SheetLayout:
    """The first sheet: identity of the return, instructions, and the completeness panel (one
    line per sheet, then a summary: its last row is ``panel_header`` + lines + 1)."""
    memo = ctx.shared.memo
    name = ctx.sheet_name("cover")
    inst = ctx.plan.institution(ctx.assignment.institution)
    info = memo(("cover_info", deadline, ctx.short_hash), lambda: _info(ctx, name, deadline))
    fields, keys = [], {}
    for n, key in enumerate(INFO_KEYS):
        row = INFO_ROW + n
        keys[row] = f"info:{key}"
        fields.append(info.get(key) or Field(name, row, 1, key, keys[row], LOCKED,
                                             f"{inst.code} - {inst.name}"))
    header = panel_header(ctx)
    panel = [s for s in others if s.kind in PANEL_KINDS]
    for n, sheet in enumerate(panel):
        row = header + 1 + n
        keys[row] = f"panel:{sheet.name}"
        fields += _panel_fields(ctx, name, row, sheet)
    names = [s.name for s in panel]
    summary = header + 1 + len(panel)
    keys[summary] = "panel:summary"
    fields.append(memo(("summary", tuple(names)), lambda: _summary(ctx, name, header, names)))
    return SheetLayout(name, "cover", tuple(fields), keys, INFO_ROW, summary,
                       extra={"panel_header": header, "panel": names})
