"""Who reports what in a period (activities running, indicators due, statistics held), and what
each indicator is compared with: the target of each year and the target used for a period
(docs/indicators.md §2 to §4)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from fractions import Fraction

from toolkit.plan.model import Activity, Indicator, Number, Plan, Recommendation
from toolkit.reporting.periods import Period, plan_periods


@dataclass(frozen=True)
class Assignment:
    """What one institution reports in one period."""

    institution: str
    activities: tuple[tuple[Activity, str], ...] = ()
    """(activity, role) pairs, role ``lead`` or ``partner``, in plan order."""
    indicators: tuple[Indicator, ...] = ()
    statistics: tuple[str, ...] = ()
    areas: tuple[str, ...] = field(default=())
    """Area codes with at least one activity, in plan order."""
    recommendations: tuple[Recommendation, ...] = ()
    """Recommendations addressed to the institution, made by the end of the period (T10)."""
    observations: tuple[Activity, ...] = ()
    """For a civil-society organisation (type ngo): every activity running in the period, on
    which it may give its observations (T14); empty for other institutions."""

    @property
    def civil_society(self) -> bool:
        """True when the workbook carries the civil-society contribution (T14)."""
        return bool(self.observations)

    @property
    def is_empty(self) -> bool:
        """True when the institution has nothing to report."""
        return not (self.activities or self.indicators or self.statistics or
                    self.recommendations or self.observations)


def activity_running(activity: Activity, period: Period) -> bool:
    """True when the activity runs during any part of the period."""
    if activity.start and activity.start > period.end:
        return False
    if activity.is_continuous or activity.deadline is None:
        return True
    return activity.deadline >= period.start


def indicator_due(indicator: Indicator, period: Period, periods: list[Period]) -> bool:
    """True when the indicator's value is due for this period.

    A value is due every period when the indicator is reported at least as often as the plan;
    annual values are due in the last period of each year, semi-annual ones (in a quarterly plan)
    in the second and fourth quarters, and one-off values in the plan's last period.
    """
    freq = indicator.frequency
    if freq == "once":
        return period == periods[-1]
    if freq == "annual":
        return period.ends_year or period == periods[-1]
    if freq == "semi-annual" and period.parts == 4:
        return period.index in (2, 4) or period == periods[-1]
    return True


def assignments(plan: Plan, period: Period) -> dict[str, Assignment]:
    """What every institution reports in the period; institutions with nothing are left out."""
    periods = plan_periods(plan.meta.frequency, plan.meta.start, plan.meta.end)
    area_order = [a.code for a in plan.areas]
    acts_of: dict[str, list] = {}
    for a in plan.activities:
        if activity_running(a, period):
            for code in dict.fromkeys([a.lead, *a.partners]):
                acts_of.setdefault(code, []).append((a, "lead" if a.lead == code else "partner"))
    inds_of: dict[str, list] = {}
    for i in plan.indicators:
        if indicator_due(i, period, periods):
            inds_of.setdefault(i.provider, []).append(i)
    running = tuple(a for a in plan.activities if activity_running(a, period))
    result: dict[str, Assignment] = {}
    for inst in plan.institutions:
        acts = tuple(acts_of.get(inst.code, ()))
        areas = tuple(sorted({plan.area_of(a.code) for a, _ in acts},
                             key=area_order.index))
        assignment = Assignment(inst.code, acts, tuple(inds_of.get(inst.code, ())),
                                tuple(inst.statistics), areas,
                                addressed(plan, inst.code, period),
                                running if inst.type == CIVIL_SOCIETY else ())
        if not assignment.is_empty:
            result[inst.code] = assignment
    return result


CIVIL_SOCIETY = "ngo"
"""The institution type of civil-society organisations, whose workbook carries T14."""


def addressed(plan: Plan, institution: str, period: Period) -> tuple[Recommendation, ...]:
    """The plan's recommendations that name the institution and were made by the period's end
    (a recommendation without a date counts from the start), in plan order."""
    return tuple(r for r in plan.recommendations if institution in r.addressees
                 and (r.date is None or r.date <= period.end))


def mid_term_year(plan: Plan) -> int:
    """Year number ceil(n/2) of a plan of n years: the year whose end the mid-term target is
    for (docs/indicators.md §3)."""
    years = plan.meta.years
    return years[(len(years) + 1) // 2 - 1]


@dataclass(frozen=True)
class YearTarget:
    """The target of one year and where it comes from: ``year`` (the Targets sheet),
    ``midterm``, ``final``, ``carried`` (a yes/no target of an earlier year) or ``none``."""

    value: Number | None
    source: str
    year: int
    from_year: int | None = None


def year_target(plan: Plan, indicator: Indicator, year: int) -> YearTarget:
    """The target of ``year`` for the indicator (docs/indicators.md §3)."""
    targets = plan.targets_of(indicator.code)
    if targets.get(year) is not None:
        return YearTarget(targets[year], "year", year)
    if year == mid_term_year(plan) and indicator.target_midterm is not None:
        return YearTarget(indicator.target_midterm, "midterm", year)
    if year == plan.meta.end.year and indicator.target_final is not None:
        return YearTarget(indicator.target_final, "final", year)
    if indicator.unit == "yes-no":
        earlier = {y: v for y, v in targets.items() if y < year and v is not None}
        midterm = mid_term_year(plan)
        if midterm < year and indicator.target_midterm is not None:
            earlier.setdefault(midterm, indicator.target_midterm)
        if earlier:
            last = max(earlier)
            return YearTarget(earlier[last], "carried", year, last)
    return YearTarget(None, "none", year)


@dataclass(frozen=True)
class Expected:
    """What an indicator's value is compared with in a period (docs/indicators.md §4): the
    target used, the year's target, and how the one comes from the other."""

    target: Number | None
    year: YearTarget
    basis: str
    """``share`` (k/n of the year's target), ``running`` (a running total on its way to the
    year's target), ``year`` (the year's target itself), ``final`` (asked once) or ``none``."""
    part: int = 1
    parts: int = 1
    start: Number | None = None
    """Where a running total starts the year: the previous year's target or the baseline."""


def year_share(plan: Plan, period: Period) -> tuple[int, int]:
    """(k, n): the plan's periods of the period's year up to this one, and in all."""
    periods = [p for p in plan_periods(plan.meta.frequency, plan.meta.start, plan.meta.end)
               if p.year == period.year]
    if period not in periods:
        return 1, 1
    return periods.index(period) + 1, len(periods)


def half_up(value) -> int:
    """A count rounded to the nearest whole number, halves up (exact for any target)."""
    return math.floor(Fraction(value) + Fraction(1, 2))


def expected(plan: Plan, indicator: Indicator, period: Period) -> Expected:
    """The target used for the indicator in the period, with its year's target."""
    if indicator.frequency == "once":
        final = indicator.target_final
        return Expected(final, YearTarget(final, "final" if final is not None else "none",
                                          plan.meta.end.year), "final" if final is not None
                        else "none")
    year = year_target(plan, indicator, period.year)
    if year.value is None:
        return Expected(None, year, "none")
    if indicator.unit != "number":
        return Expected(year.value, year, "year")
    part, parts = year_share(plan, period)
    if indicator.aggregation == "cumulative":
        before = year_target(plan, indicator, period.year - 1).value \
            if period.year - 1 in plan.meta.years else None
        start = before if before is not None else indicator.baseline_value
        if start is None:
            start = year.value
        value = half_up(start + (Fraction(year.value) - Fraction(start)) * part / parts)
        return Expected(value, year, "running" if part < parts else "year", part, parts, start)
    if part == parts:
        return Expected(year.value, year, "year", part, parts)
    return Expected(half_up(Fraction(year.value) * part / parts), year, "share", part, parts)


def period_target(plan: Plan, indicator: Indicator, period: Period):
    """The target used for the period (``expected(...).target``), or None without one."""
    return expected(plan, indicator, period).target


def covers(plan: Plan, indicator: Indicator, period: Period) -> tuple[str, object, object]:
    """What the value reported for the period covers (docs/indicators.md §1):
    ``("year_to_date", first day, last day)``, ``("running_total", None, last day)`` or
    ``("state", None, last day)``."""
    if indicator.unit == "yes-no" or indicator.frequency == "once":
        return "state", None, period.end
    if indicator.aggregation == "cumulative":
        return "running_total", None, period.end
    return "year_to_date", max(dt.date(period.year, 1, 1), plan.meta.start), period.end
