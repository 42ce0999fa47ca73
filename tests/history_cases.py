"""A small plan with periodic, cumulative and level indicators, and its returns over three
semi-annual periods, for the history store's tests."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from plans import small_plan
from returns import Returns

PERIODS = ("2025-H2", "2026-H1", "2026-H2")
CUMULATIVE = "A1.1.2-OUT"


def history_plan():
    """The small plan, one of its counts a running total."""
    plan = small_plan(n_objectives=1, n_activities=2)
    indicators = tuple(dataclasses.replace(i, aggregation="cumulative") if i.code == CUMULATIVE
                       else i for i in plan.indicators)
    return dataclasses.replace(plan, indicators=indicators)


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
