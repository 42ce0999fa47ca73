"""Who reports what in a period: activities running, indicators due, statistics held."""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.plan.model import Activity, Indicator, Plan
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

    @property
    def is_empty(self) -> bool:
        """True when the institution has nothing to report."""
        return not (self.activities or self.indicators or self.statistics)


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
    result: dict[str, Assignment] = {}
    for inst in plan.institutions:
        acts = tuple(acts_of.get(inst.code, ()))
        areas = tuple(sorted({plan.area_of(a.code) for a, _ in acts},
                             key=area_order.index))
        assignment = Assignment(inst.code, acts, tuple(inds_of.get(inst.code, ())),
                                tuple(inst.statistics), areas)
        if not assignment.is_empty:
            result[inst.code] = assignment
    return result


def period_target(plan: Plan, indicator: Indicator, period: Period):
    """The target for the period, or None when the plan sets none for its year.

    Levels (percentages, rates, scores, yes/no) take the year's target. Counts are pro-rated:
    a periodic count gets the period's share of the year's target; a cumulative count moves from
    the previous year's target (or the baseline) towards this year's, in proportion to the part
    of the year that has passed.
    """
    targets = plan.targets_of(indicator.code)
    year_target = targets.get(period.year)
    if year_target is None:
        return None
    if indicator.unit != "number" or period.parts == 1:
        return year_target
    share = period.index / period.parts
    if indicator.aggregation == "cumulative":
        before = targets.get(period.year - 1, indicator.baseline_value)
        if before is None:
            return year_target
        return _tidy(before + (year_target - before) * share)
    return _tidy(year_target / period.parts)


def _tidy(value):
    value = round(value, 2)
    return int(value) if float(value).is_integer() else value
