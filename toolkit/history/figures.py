"""The figures of the annual report and of the plan-to-date report, computed from the recorded
periods alone (never from the returns again).

Every count and every amount spent is reported for the year to date (docs/indicators.md, §1),
so the figure of a year is the last one reported in it, never a sum of its periods.

An indicator's value for a year: a running total (cumulative), a count (periodic number) and a
level (percent, rate, score, yes/no) are each the last one reported in the year. To date, a
running total and a level are the last one reported; a count is each year's last report added
over the years. Funds spent by an institution on an activity are, likewise, its last report of
each year. A value measured before a break of its series is left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from toolkit.aggregate.consolidate.rating import achievement, rate
from toolkit.history.records import LATE, MISSING, ON_TIME, RECEIVED
from toolkit.history.series import History, series
from toolkit.plan.model import Indicator


@dataclass(frozen=True)
class Combined:
    """An indicator's value over several periods, and how many of them reported it."""

    value: float | None
    reported: int
    periods: int
    last: str
    """The last period with a value ('' when none)."""


def combine(indicator: Indicator, points) -> Combined:
    """The value of an indicator over the given points (by the rules above)."""
    usable = [p for p in points if not p.broken]
    given = [p for p in usable if p.value is not None]
    if not given:
        return Combined(None, 0, len(usable), "")
    if indicator.counted_since_january:
        value = sum(last_of_each_year((p.period, p.value) for p in given).values())
    else:
        value = given[-1].value
    return Combined(_tidy(value), len(given), len(usable), given[-1].period)


def _tidy(value: float) -> float | int:
    value = round(value, 4)
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class IndicatorYear:
    """One indicator over one calendar year."""

    indicator: Indicator
    combined: Combined
    target: float | None
    achievement: float | None
    rating: str


def annual(history: History, year: int) -> list[IndicatorYear]:
    """Every indicator of the current plan over the year's recorded periods, against the
    year's target."""
    meta = history.plan.meta
    periods = {p.period for p in history.of_year(year)}
    out = []
    for ind in history.plan.indicators:
        points = [p for p in series(history, ind) if p.period in periods]
        combined = combine(ind, points)
        target = history.plan.targets_of(ind.code).get(year)
        goal = target if target is not None else ind.target_final
        share = achievement(ind, combined.value, goal)
        out.append(IndicatorYear(ind, combined, target,
                                 None if share is None else round(share, 4),
                                 rate(ind, combined.value, goal, meta.green_threshold,
                                      meta.amber_threshold)))
    return out


@dataclass(frozen=True)
class Progress:
    """An indicator to date against its mid-term and final targets."""

    indicator: Indicator
    combined: Combined
    midterm: float | None
    """Share of the way from the baseline to the mid-term target (1.0 reached)."""
    final: float | None
    rating: str
    broken: bool


def way_covered(baseline, value, target) -> float | None:
    """How far the value has moved from the baseline towards the target (1.0: reached)."""
    if value is None or target is None or baseline is None or target == baseline:
        return None
    return round((value - baseline) / (target - baseline), 4)


def to_date(history: History) -> list[Progress]:
    """Every indicator of the current plan over all recorded periods."""
    meta = history.plan.meta
    out = []
    for ind in history.plan.indicators:
        points = series(history, ind)
        combined = combine(ind, points)
        value = combined.value
        out.append(Progress(ind, combined,
                            way_covered(ind.baseline_value, value, ind.target_midterm),
                            way_covered(ind.baseline_value, value, ind.target_final),
                            rate(ind, value, ind.target_final, meta.green_threshold,
                                 meta.amber_threshold),
                            any(p.broken for p in points)))
    return out


def reporting(history: History, periods=None) -> dict[str, dict[str, str]]:
    """Per institution, per period: ``on time``, ``late``, ``missing`` or '' (not expected)."""
    grid: dict[str, dict[str, str]] = defaultdict(dict)
    for record in periods if periods is not None else history.periods:
        for s in record.expected:
            state = MISSING if s["state"] != RECEIVED else (s["timeliness"] or ON_TIME)
            grid[s["institution"]][record.period] = state
    return dict(sorted(grid.items()))


def rates(states: dict[str, str]) -> tuple[float | None, float | None]:
    """(reporting rate, on-time rate) over the periods an institution was expected in."""
    expected = [s for s in states.values() if s]
    if not expected:
        return None, None
    received = sum(1 for s in expected if s in (ON_TIME, LATE))
    return (round(received / len(expected), 4),
            round(sum(1 for s in expected if s == ON_TIME) / len(expected), 4))


def planned_by(plan, key: str) -> dict[str, float]:
    """The plan's estimated cost of its activities, by area or funding source."""
    out: dict[str, float] = defaultdict(float)
    for act in plan.activities:
        if act.cost is not None:
            out[plan.area_of(act.code) if key == "area" else act.funding_source or ""] += act.cost
    return dict(out)


def last_of_each_year(values) -> dict[int, object]:
    """The last of (period code, value) pairs of each calendar year, by year: the year's
    figure of a value reported for the year to date. Pairs are taken in period order."""
    out: dict[int, object] = {}
    for period, value in sorted(values, key=lambda pair: pair[0]):
        out[int(period[:4])] = value
    return out


def spending(records) -> list[tuple[int, dict]]:
    """(year, activity row) of each institution's last report of spending on each activity in
    each year: funds spent are reported for the year to date, so that report is the year's."""
    last: dict[tuple[int, str, str], dict] = {}
    for record in sorted(records, key=lambda r: r.period):
        year = int(record.period[:4])
        for row in record.activities:
            if row["spent"] is not None:
                last[(year, row["institution"], row["activity"])] = row
    return [(year, row) for (year, _, _), row in last.items()]


def spent_by_year(history: History, key: str, periods=None) -> dict[str, dict[int, float]]:
    """Funds reported spent, by area or funding source and by year, over every institution."""
    out: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for year, row in spending(periods if periods is not None else history.periods):
        out[row[key] or ""][year] += row["spent"]
    return {k: dict(v) for k, v in out.items()}


def budget_to_date(history: History, key: str = "area", periods=None):
    """Rows of (key, planned, spent by year, spent to date, execution to date)."""
    planned = planned_by(history.plan, key)
    spent = spent_by_year(history, key, periods)
    rows = []
    for k in sorted(set(planned) | set(spent)):
        years = spent.get(k, {})
        total_spent = round(sum(years.values()), 2)
        plan_total = planned.get(k, 0.0)
        rows.append((k, plan_total, years, total_spent,
                     round(total_spent / plan_total, 4) if plan_total else None))
    return rows
