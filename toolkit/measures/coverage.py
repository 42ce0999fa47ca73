"""What a plan covers of the catalogue of standard measures, computed once for the workbook.

Per area and strategic goal of the catalogue: the measures the plan's activities name (with those
activities, their budget and their indicators) and the measures none names; the strategic goals
of which no measure is covered; the activities that name no measure, with the measures their
words suggest; and the plan's areas without an outcome indicator. Suggestions are only shown:
nothing here changes the plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.measures.catalogue import Catalogue, Measure, StrategicGoal
from toolkit.measures.similarity import MeasureIndex, Suggestion
from toolkit.plan.model import Activity, Area, Number, Plan

OUTCOME = "outcome"


@dataclass(frozen=True)
class MeasureCoverage:
    """One measure and the plan's activities that name it."""

    measure: Measure
    activities: tuple[Activity, ...]
    budget: Number | None
    indicators: tuple[str, ...]
    """Indicators linked to those activities."""
    outcome_indicators: tuple[str, ...]
    """Outcome indicators of the objectives those activities serve."""

    @property
    def covered(self) -> bool:
        """True when at least one activity names the measure."""
        return bool(self.activities)


@dataclass(frozen=True)
class GoalCoverage:
    """One strategic goal of the catalogue and its measures."""

    goal: StrategicGoal
    measures: tuple[MeasureCoverage, ...]

    @property
    def covered(self) -> tuple[MeasureCoverage, ...]:
        """The measures of the goal that some activity names."""
        return tuple(m for m in self.measures if m.covered)

    @property
    def activities(self) -> tuple[Activity, ...]:
        """The activities that name any measure of the goal, each once, in plan order."""
        seen: dict[str, Activity] = {}
        for m in self.measures:
            for a in m.activities:
                seen.setdefault(a.code, a)
        return tuple(seen.values())

    @property
    def budget(self) -> Number | None:
        """The estimated cost of those activities, each counted once; None when none is costed."""
        costs = [a.cost for a in self.activities if a.cost is not None]
        return sum(costs) if costs else None


@dataclass(frozen=True)
class Unlinked:
    """An activity that names no measure of the catalogue, and the measures its words suggest."""

    activity: Activity
    area: str
    unknown: tuple[str, ...]
    """Ids it names that are not in the catalogue (check-plan reports them too)."""
    suggestions: tuple[Suggestion, ...]


@dataclass(frozen=True)
class AreaOutcomes:
    """A plan area: its activities and the outcome indicators of its objectives."""

    area: Area
    activities: int
    linked: int
    objectives: int
    objectives_with_outcomes: int
    outcome_indicators: int


@dataclass(frozen=True)
class Coverage:
    """The whole coverage of one plan against the catalogue."""

    plan: Plan
    catalogue: Catalogue
    goals: tuple[GoalCoverage, ...]
    unlinked: tuple[Unlinked, ...]
    areas: tuple[AreaOutcomes, ...]

    @property
    def measures(self) -> tuple[MeasureCoverage, ...]:
        """Every measure, in catalogue order."""
        return tuple(m for g in self.goals for m in g.measures)

    @property
    def uncovered_goals(self) -> tuple[GoalCoverage, ...]:
        """The strategic goals of which the plan covers no measure at all."""
        return tuple(g for g in self.goals if not g.covered)

    @property
    def areas_without_outcomes(self) -> tuple[AreaOutcomes, ...]:
        """The plan's areas none of whose objectives has an outcome indicator."""
        return tuple(a for a in self.areas if a.outcome_indicators == 0)


def _measure(plan: Plan, measure: Measure, activities: list[Activity]) -> MeasureCoverage:
    codes = {a.code for a in activities}
    objectives = {a.objective for a in activities}
    costs = [a.cost for a in activities if a.cost is not None]
    return MeasureCoverage(
        measure, tuple(activities), sum(costs) if costs else None,
        tuple(i.code for i in plan.indicators if i.linked_result in codes),
        tuple(i.code for i in plan.indicators
              if i.level == OUTCOME and i.linked_result in objectives))


def _areas(plan: Plan, linked: set[str]) -> tuple[AreaOutcomes, ...]:
    goal_area = {g.code: g.area for g in plan.goals}
    outcomes: dict[str, int] = {}
    for ind in plan.indicators:
        if ind.level == OUTCOME:
            outcomes[ind.linked_result] = outcomes.get(ind.linked_result, 0) + 1
    out = []
    for area in plan.areas:
        objectives = [o.code for o in plan.objectives if goal_area.get(o.goal) == area.code]
        acts = [a for a in plan.activities if plan.area_of(a.code) == area.code]
        out.append(AreaOutcomes(area, len(acts), sum(a.code in linked for a in acts),
                                len(objectives), sum(1 for o in objectives if outcomes.get(o)),
                                sum(outcomes.get(o, 0) for o in objectives)))
    return tuple(out)


def coverage(plan: Plan, catalogue: Catalogue, suggestions: int = 3) -> Coverage:
    """What the plan covers of the catalogue.

    Args:
        plan: A plan (checked: references to unknown measures are only listed here).
        catalogue: The catalogue in the language the workbook is written in.
        suggestions: How many measures to propose for each activity that names none.
    """
    by_measure: dict[str, list[Activity]] = {m.id: [] for m in catalogue.measures}
    unlinked, index = [], None
    for act in plan.activities:
        known = [ref for ref in act.catalogue_ref if ref in by_measure]
        for ref in dict.fromkeys(known):
            by_measure[ref].append(act)
        if not known:
            index = index or MeasureIndex(catalogue)
            query = f"{act.description} {act.expected_output}"
            unlinked.append(Unlinked(act, plan.area_of(act.code) or "",
                                     tuple(r for r in act.catalogue_ref if r not in by_measure),
                                     tuple(index.suggest(query, suggestions))))
    goals = tuple(GoalCoverage(goal, tuple(_measure(plan, m, by_measure[m.id])
                                           for m in catalogue.measures if m.goal == goal.code))
                  for goal in catalogue.goals)
    linked = {a.code for acts in by_measure.values() for a in acts}
    return Coverage(plan, catalogue, tuple(g for g in goals if g.measures), tuple(unlinked),
                    _areas(plan, linked))
