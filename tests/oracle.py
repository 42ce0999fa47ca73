"""An independent reading of docs/indicators.md: the figures a report should show, worked out
from the plan's JSON and the values the institutions typed, without the toolkit's
consolidation, targets or rating code. tests/test_oracle.py compares them with report.xlsx.

Only the rules are here, written as the document states them; where the document leaves a
choice open, the choice is named in a comment.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path

PARTS = {"quarterly": 4, "semi-annual": 2, "annual": 1}
YES_WORDS = {"yes": 1, "oui": 1, "no": 0, "non": 0}


@dataclass
class OraclePlan:
    """The parts of a plan the figures depend on, read from its JSON."""

    data: dict

    @classmethod
    def read(cls, path: Path) -> "OraclePlan":
        return cls(json.loads(path.read_text(encoding="utf-8")))

    @property
    def meta(self) -> dict:
        return self.data["meta"]

    @property
    def frequency(self) -> str:
        return self.meta["frequency"]

    @property
    def first_year(self) -> int:
        return dt.date.fromisoformat(self.meta["start"]).year

    @property
    def last_year(self) -> int:
        return dt.date.fromisoformat(self.meta["end"]).year

    def periods(self, year: int) -> list[str]:
        """The plan's periods of a year (both samples cover whole years)."""
        n = PARTS[self.frequency]
        if n == 1:
            return [str(year)]
        letter = "Q" if n == 4 else "H"
        return [f"{year}-{letter}{k}" for k in range(1, n + 1)]

    def last_period(self) -> str:
        return self.periods(self.last_year)[-1]

    def targets(self, code: str) -> dict[int, float]:
        return {t["year"]: t["value"] for t in self.data["targets"] if t["indicator"] == code}


def _year(period: str) -> int:
    return int(period[:4])


def _k_n(plan: OraclePlan, period: str) -> tuple[int, int]:
    periods = plan.periods(_year(period))
    return periods.index(period) + 1, len(periods)


def due(plan: OraclePlan, ind: dict, period: str) -> bool:
    """§2: asked in the periods the indicator's own frequency calls for."""
    freq, periods = ind["frequency"], plan.periods(_year(period))
    if freq == "once":
        return period == plan.last_period()
    if period == plan.last_period() or freq == "quarterly" or plan.frequency == "annual":
        return True
    if freq == "annual":
        return period == periods[-1]
    # semi-annual: every half-year, or the second and fourth quarters
    return plan.frequency == "semi-annual" or period[-1] in "24"


def _as_number(value):
    if isinstance(value, str):
        return YES_WORDS[value.strip().lower()]
    return value


def year_target(plan: OraclePlan, ind: dict, year: int):
    """§3: the Targets sheet, the mid-term target in the mid-term year, the final target in
    the last year; a yes/no target stays in force; otherwise none."""
    years = plan.last_year - plan.first_year + 1
    targets = plan.targets(ind["code"])
    if year in targets:
        return _as_number(targets[year])
    if year == plan.first_year + math.ceil(years / 2) - 1 and ind["target_midterm"] is not None:
        return _as_number(ind["target_midterm"])
    if year == plan.last_year and ind["target_final"] is not None:
        return _as_number(ind["target_final"])
    if ind["unit"] == "yes-no" and year > plan.first_year:
        return year_target(plan, ind, year - 1)
    return None


def _half_up(x: float) -> int:
    return math.floor(x + 0.5)


def target_used(plan: OraclePlan, ind: dict, period: str):
    """§4: what the value should have reached by the end of the period."""
    if ind["frequency"] == "once":
        return _as_number(ind["target_final"])
    year = _year(period)
    target = year_target(plan, ind, year)
    if target is None or ind["unit"] != "number":
        return target
    k, n = _k_n(plan, period)
    if ind["aggregation"] == "cumulative":
        start = year_target(plan, ind, year - 1) if year > plan.first_year else None
        start = ind["baseline_value"] if start is None else start
        start = start or 0
        return _half_up(start + (target - start) * k / n)
    return _half_up(target * k / n)


def achievement(ind: dict, value, target):
    """§5: the value against the target used."""
    if value is None or target is None or ind["polarity"] == "context-dependent":
        return None
    lower = ind["polarity"] == "lower-is-better"
    if ind["unit"] == "yes-no":
        return float(value <= target if lower else value >= target)
    if lower:
        return 1.0 if value <= target else target / value
    return 1.0 if target == 0 else value / target


def rating(plan: OraclePlan, ind: dict, value, target) -> str:
    """§5: green, amber, red by the plan's thresholds; grey without a value."""
    if value is None:
        return "grey"
    share = achievement(ind, value, target)
    if share is None:
        return "not rated"
    if share >= plan.meta["green_threshold"] / 100:
        return "green"
    return "amber" if share >= plan.meta["amber_threshold"] / 100 else "red"


@dataclass
class IndicatorFigure:
    """One total row of the report's Indicators sheet, as the rules give it."""

    indicator: str
    institution: str
    unit: str
    baseline: object
    target: object
    value: object
    achievement: float | None
    rating: str


def indicator_figures(plan: OraclePlan, period: str,
                      typed: dict[str, dict]) -> dict[tuple[str, str], IndicatorFigure]:
    """Every indicator due in the period, by (indicator, provider), with what the provider
    typed (``typed``: the values of the returns in use, by institution; a return not in use
    reports nothing)."""
    out = {}
    for ind in plan.data["indicators"]:
        if not due(plan, ind, period):
            continue
        who = ind["provider"]
        value = typed.get(who, {}).get((ind["code"], "actual"))
        value = None if value is None else _as_number(value)
        target = target_used(plan, ind, period)
        share = achievement(ind, value, target)
        out[(ind["code"], who)] = IndicatorFigure(
            ind["code"], who, ind["unit"], ind["baseline_value"], target, value,
            None if share is None else round(share, 4), rating(plan, ind, value, target))
    return out


def holders_of(typed_all: dict[str, dict]) -> dict[str, list[str]]:
    """Per statistics table, the institutions asked for it (whatever they sent), in the
    order of the returns."""
    out: dict[str, list[str]] = {}
    for inst, values in typed_all.items():
        for (row_key, key) in values:
            table, _, row = row_key.partition(":")
            if key.startswith(f"{table}:") and row not in ("source", "definition") and \
                    inst not in out.setdefault(table, []):
                out[table].append(inst)
    return out


def official_of(plan: OraclePlan, table: str, row: str, holders: list[str]) -> str | None:
    """§6: the plan's official source of the table or row; the only holder; else none."""
    for src in plan.data["official_sources"]:
        if src["table"] == table and (not src["rows"] or row in src["rows"]):
            return src["institution"]
    return holders[0] if len(holders) == 1 else None


@dataclass
class StatisticsFigure:
    """One row of a statistics table: the official figures, and each holder's."""

    table: str
    row: str
    official: str | None
    columns: list[str]
    by_holder: dict[str, list]

    @property
    def figures(self) -> list | None:
        """The consolidated figures: the official source's, never a sum."""
        if self.official is None:
            return None
        return self.by_holder.get(self.official, [None] * len(self.columns))

    @property
    def differ(self) -> bool:
        """Holders who reported a number for a cell give different numbers."""
        return any(len({v[n] for v in self.by_holder.values()} - {None}) > 1
                   for n in range(len(self.columns)))


def statistics_figures(plan: OraclePlan, typed_all: dict[str, dict],
                       used: set[str]) -> dict[str, list[StatisticsFigure]]:
    """Per table, its rows in the order of the workbooks, with the figures of the returns in
    use (a holder whose return is not in use reported nothing)."""
    out: dict[str, list[StatisticsFigure]] = {}
    for table, holders in holders_of(typed_all).items():
        first = typed_all[holders[0]]
        rows = list(dict.fromkeys(r.partition(":")[2] for r, k in first
                                  if r.startswith(f"{table}:") and k.startswith(f"{table}:")
                                  and r.partition(":")[2] not in ("source", "definition")))
        cols = list(dict.fromkeys(k.partition(":")[2] for r, k in first
                                  if r.startswith(f"{table}:") and k.startswith(f"{table}:")
                                  and r.partition(":")[2] not in ("source", "definition")))
        out[table] = [StatisticsFigure(table, row, official_of(plan, table, row, holders), cols, {
            h: [typed_all[h].get((f"{table}:{row}", f"{table}:{c}")) if h in used else None
                for c in cols] for h in holders}) for row in rows]
    return out


NO_COST = {"No cost", "Sans coût"}


@dataclass
class BudgetFigure:
    """One line of the report's budget: the year's allocations and the spending of the year
    to date (§7)."""

    allocated: float | None
    spent: float

    @property
    def execution(self) -> float | None:
        return self.spent / self.allocated if self.allocated else None


def _area_of(plan: OraclePlan) -> dict[str, str]:
    goal = {o["code"]: o["goal"] for o in plan.data["objectives"]}
    area = {g["code"]: g["area"] for g in plan.data["goals"]}
    return {a["code"]: area[goal[a["objective"]]] for a in plan.data["activities"]}


def _allocation(plan: OraclePlan, act: dict, institution: str, year: int):
    """The institution's share of the activity's allocations of the year; None: no share."""
    amounts = [a["amount"] for a in plan.data["allocations"]
               if a["activity"] == act["code"] and a["year"] == year and a["amount"] is not None
               and (a["institution"] or act["lead"]) == institution]
    return sum(amounts) if amounts else None


def budget_figures(plan: OraclePlan, period: str, typed_all: dict[str, dict],
                   used: set[str]) -> dict[str, dict[str, BudgetFigure]]:
    """By area, institution and funding source: allocated for the period's year and spent in
    the year to date. Spending is filed under the source the institution typed, else the
    plan's; never under "No cost" (then under "", the source not given)."""
    year, areas = _year(period), _area_of(plan)
    acts = {a["code"]: a for a in plan.data["activities"]}
    out: dict[str, dict[str, list]] = {"area": {}, "institution": {}, "funding_source": {}}
    for inst, values in typed_all.items():
        for code in dict.fromkeys(k[0] for k in values if k[1] == "status" and k[0] in acts):
            act = acts[code]
            share = _allocation(plan, act, inst, year)
            spent = values.get((code, "spent")) if inst in used else None
            typed = values.get((code, "spent_source")) if inst in used else None
            under = typed or act["funding_source"]
            under = "" if under in NO_COST else under
            for key, alloc_key, spent_key in (
                    ("area", areas[code], areas[code]), ("institution", inst, inst),
                    ("funding_source", act["funding_source"], under)):
                line = out[key].setdefault(alloc_key, [None, 0.0])
                if share is not None:
                    line[0] = (line[0] or 0) + share
                if spent:
                    out[key].setdefault(spent_key, [None, 0.0])[1] += spent
    return {key: {k: BudgetFigure(a, s) for k, (a, s) in lines.items()}
            for key, lines in out.items()}


def budget_lines(rows: list[tuple], title: str) -> dict[str, tuple]:
    """The lines of one block of the report's Budget sheet (rows as read), by code ("" for
    the line of spending without a source)."""
    start = next(n for n, r in enumerate(rows) if r[0] == title)
    found = {}
    for row in rows[start + 2:]:
        if row[0] is None and row[1] is None:
            break
        found[row[0] or ""] = row
    return found
