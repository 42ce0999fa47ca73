"""A small plan with periodic, cumulative and level indicators, and its returns over three
semi-annual periods, for the history store's tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from plans import small_plan
from returns import Returns

from toolkit.plan.model import Allocation

PERIODS = ("2025-H2", "2026-H1", "2026-H2")
CUMULATIVE = "A1.1.2-OUT"
LONG_RUNNING = "A1.1.1"

ALLOCATIONS_2026 = (Allocation("A1.1.1", 2026, 1000), Allocation("A1.1.2", 2026, 800),
                    Allocation("B1.1.1", 2026, 600))
"""Allocations for 2026 only: the annual report of 2026 has an execution rate, 2025's none."""


def history_plan():
    """The small plan, one of its counts a running total, one activity running to the end of
    2026 so that its spending is reported in both periods of that year."""
    plan = small_plan(n_objectives=1, n_activities=2)
    indicators = tuple(dataclasses.replace(i, aggregation="cumulative") if i.code == CUMULATIVE
                       else i for i in plan.indicators)
    activities = tuple(dataclasses.replace(a, deadline=dt.date(2026, 12, 31))
                       if a.code == LONG_RUNNING else a for a in plan.activities)
    return dataclasses.replace(plan, indicators=indicators, activities=activities,
                               allocations=ALLOCATIONS_2026)


def save_plan(plan, folder: Path) -> Path:
    from toolkit.plan.jsonio import save

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"plan-{plan.meta.version}.json"
    save(plan, path)
    return path


def returns_of(plan, folder: Path) -> dict[str, Returns]:
    """Clean returns of every institution, per period."""
    return {code: Returns(plan, code, folder / code) for code in PERIODS}


def consolidate(plan_path: Path, rt: Returns, out: Path, store, **options):
    """``toolkit aggregate`` of the period's clean returns, recorded in ``store``."""
    from toolkit.commands.aggregate import aggregate

    return aggregate(plan_path, rt.period.code, list(rt.clean.values()), out, jobs=1,
                     store=store, **options)


def last_of_year(rts: dict, key: str, periods=None, institutions=None) -> dict:
    """Each institution's last number typed under ``key`` on each row in each calendar year,
    over the periods' returns (period code -> Returns), by (year, institution, row): the year's
    figure of a value typed for the year to date, as docs/indicators.md §10 states it.

    Args:
        periods: the period codes to take (all of ``rts`` by default).
        institutions: ``f(rt, period) -> codes`` of the returns consolidated (every institution
            that typed by default).
    """
    out = {}
    for code in sorted(periods if periods is not None else rts):
        rt = rts[code]
        for inst in institutions(rt, code) if institutions else rt.values:
            for (row, k), value in rt.values[inst].items():
                if k == key and isinstance(value, (int, float)) and not isinstance(value, bool):
                    out[(int(code[:4]), inst, row)] = value
    return out


def figure_of(indicator, totals) -> float | None:
    """An indicator's figure over (period code, total) pairs in period order, totals of None
    left out: a count for the year to date is each year's last total added over the years; a
    running total and a level are the last total (docs/indicators.md §10)."""
    given = [(period, value) for period, value in totals if value is not None]
    if not given:
        return None
    if indicator.aggregation == "periodic" and indicator.unit == "number":
        return sum({period[:4]: value for period, value in given}.values())
    return given[-1][1]
