"""Formulas of the Indicators sheet: achievement against target, rating, parts against total."""

from __future__ import annotations

from itertools import groupby

from toolkit.reporting import formulas as F


def _refs(cols: dict[str, int], row: int, *keys: str) -> list[str]:
    return [f"{F.col(cols[k])}{row}" for k in keys]


def achievement(ctx, ind, cols: dict[str, int], row: int) -> str:
    """The value against the target used (docs/indicators.md §5), as a share; nothing without
    a target."""
    actual, target = _refs(cols, row, "actual", "period_target")
    if ind.polarity == "context-dependent" or ctx.expected(ind).target is None:
        return '=""'
    if ind.unit == "yes-no":
        # Met when the value is at least the target (at most, when lower is better).
        best, least = (ctx.t("no"), ctx.t("yes")) if ind.polarity == "lower-is-better" else \
            (ctx.t("yes"), ctx.t("no"))
        return (f'=IF(LEN({actual})=0,"",IF(OR({actual}={F.q(best)},{target}={F.q(least)}),'
                '1,0))')
    blank = f'OR(LEN({actual})=0,LEN({target})=0)'
    if ind.polarity == "lower-is-better":
        return (f'=IF({blank},"",IFERROR(IF({actual}<={target},1,{target}/{actual}),""))')
    return f'=IF({blank},"",IFERROR(IF({target}=0,1,{actual}/{target}),""))'


def rating(ctx, ind, cols: dict[str, int], row: int) -> str:
    """Green, amber or red by the plan's thresholds; not rated when polarity depends on context."""
    actual, ach = _refs(cols, row, "actual", "achievement")
    if ind.polarity == "context-dependent":
        return f'=IF(LEN({actual})=0,"",{F.q(ctx.t("rating.not_rated"))})'
    green = ctx.plan.meta.green_threshold / 100
    amber = ctx.plan.meta.amber_threshold / 100
    return (f'=IF({ach}="","",IF({ach}>={green:g},{F.q(ctx.t("rating.green"))},'
            f'IF({ach}>={amber:g},{F.q(ctx.t("rating.amber"))},{F.q(ctx.t("rating.red"))})))')


def parts_check(ctx, ind, cols: dict[str, int], row: int, parts) -> str:
    """Names a disaggregation whose parts do not add up to the total, or shows nothing."""
    if ind.unit != "number" or not parts:
        return '=""'
    actual_col = F.col(cols["actual"])
    total = f"{actual_col}{row}"
    tests = []
    for _dim, group in groupby(parts, key=lambda p: p[0]):
        rows = [r for _d, r in group]
        span = f"{actual_col}{rows[0]}:{actual_col}{rows[-1]}"
        tests.append(f"AND(COUNT({span})>0,SUM({span})<>N({total}))")
    return f'=IF(OR({",".join(tests)}),{F.q(ctx.t("check.parts_differ"))},"")'


def indicator_formula(ctx, source: str, ind, cols: dict[str, int], row: int, parts) -> str:
    """The formula of one formula column of an indicator's total row."""
    if source == "achievement":
        return achievement(ctx, ind, cols, row)
    if source == "rating":
        return rating(ctx, ind, cols, row)
    return parts_check(ctx, ind, cols, row, parts)
