"""The Statistics sheet (T6a-d): count tables with formula totals and consistency flags."""

from __future__ import annotations

from toolkit.declarations.reporting import PLAN_AXES
from toolkit.language import codelist_label
from toolkit.reporting import formulas as F
from toolkit.reporting.layout import FORMULA, INPUT, Field, SheetLayout

FIRST_VALUE_COL = 2  # A row code, B row label, values from C


def axis_codes(plan, decl: dict, name: str) -> tuple[str, ...]:
    """The codes of the categories of an axis: the plan's codelist or the declared items."""
    if name in PLAN_AXES:
        return tuple(plan.codelists.get(name, ()))
    return tuple(decl["statistics_axes"][name])


def axis(ctx, name: str) -> list[tuple[str, str]]:
    """(code, label) of each category of an axis."""
    codes = axis_codes(ctx.plan, ctx.decl, name)
    if name in PLAN_AXES:
        return [(v, codelist_label(ctx.language, name, v)) for v in codes]
    return [(v, ctx.t(f"stats.item.{v}")) for v in codes]


def tables_for(ctx) -> list[dict]:
    """The declared tables the institution holds, in declaration order."""
    held = set(ctx.assignment.statistics)
    return [t for t in ctx.decl["statistics"] if t["holder"] in held]


def _block(ctx, name: str, table: dict, top: int, grand_refs: dict) -> tuple[list, dict, int]:
    """Fields and row keys of one table starting at row ``top``; returns the next free row."""
    t = table["table"]
    rows, cols = axis(ctx, table["rows"]), axis(ctx, table["columns"])
    money = set(ctx.decl.get("statistics_money", {}).get("rows", []))
    fields, keys = [], {top: t}
    first = top + 2
    total_col = FIRST_VALUE_COL + len(cols)
    for n, (rcode, rlabel) in enumerate(rows):
        row = first + n
        keys[row] = f"{t}:{rcode}"
        fields.append(Field(name, row, 1, f"{t}:label", keys[row], "locked", rlabel))
        for m, (ccode, _cl) in enumerate(cols):
            fields.append(Field(name, row, FIRST_VALUE_COL + m, f"{t}:{ccode}", keys[row],
                                INPUT, None, "amount" if rcode in money else "count"))
        if table["row_totals"]:
            span = f"{F.col(FIRST_VALUE_COL)}{row}:{F.col(total_col - 1)}{row}"
            fields.append(Field(name, row, total_col, f"{t}:total", keys[row], FORMULA,
                                f'=IF(COUNT({span})=0,"",SUM({span}))'))
    row = first + len(rows)
    if table["column_totals"]:
        keys[row] = f"{t}:total"
        width = len(cols) + (1 if table["row_totals"] else 0)
        for m in range(width):
            c = F.col(FIRST_VALUE_COL + m)
            span = f"{c}{first}:{c}{row - 1}"
            fields.append(Field(name, row, FIRST_VALUE_COL + m, f"{t}:total", keys[row],
                                FORMULA, f'=IF(COUNT({span})=0,"",SUM({span}))'))
        grand = f"{F.col(FIRST_VALUE_COL + width - 1)}{row}"
        grand_refs[t] = grand
        if t != "V1" and t.startswith("V") and "V1" in grand_refs:
            v1 = grand_refs["V1"]
            fields.append(Field(name, row, FIRST_VALUE_COL + width, f"{t}:check", keys[row],
                                FORMULA, f'=IF(AND(COUNT({grand})>0,COUNT({v1})>0,'
                                f'N({grand})<>N({v1})),{F.q(ctx.t("check.totals_differ"))},"")'))
        row += 1
    for note in ("source", "definition"):
        keys[row] = f"{t}:{note}"
        fields.append(Field(name, row, FIRST_VALUE_COL, f"{t}:{note}", keys[row], INPUT,
                            None, "text", "always"))
        row += 1
    return fields, keys, row + 1


def statistics_sheet(ctx) -> SheetLayout:
    """Every table the institution holds, one under the other."""
    name = ctx.sheet_name("statistics")
    fields, keys, grand = [], {}, {}
    top = ctx.first
    blocks = []
    for table in tables_for(ctx):
        f, k, nxt = _block(ctx, name, table, top, grand)
        blocks.append((table, top))
        fields += f
        keys.update(k)
        top = nxt
    return SheetLayout(name, "statistics", tuple(fields), keys, ctx.first, top - 1,
                       extra={"blocks": blocks})
