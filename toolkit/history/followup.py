"""The follow-up of recommendations across periods (template T10): where each recommendation
stands with each institution it is addressed to, period by period, and overall.

A status reported once is carried into the following periods until the institution reports
again, so a missing return does not make a recommendation look forgotten; the period it comes
from is kept with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from toolkit.history.series import History
from toolkit.plan.model import Plan, Recommendation

NOT_ADDRESSED, IN_PROGRESS, PARTIAL, IMPLEMENTED = (
    "not addressed", "in progress", "partially implemented", "implemented")


@dataclass(frozen=True)
class Standing:
    """Where a recommendation stands with one addressed institution."""

    institution: str
    by_period: dict[str, str | None]
    """The status reported in each recorded period (None: not reported that period)."""
    status: str | None
    """The latest status reported (carried from an earlier period when need be)."""
    since: str
    """The period the latest status was reported in ('' when never)."""
    action: str | None = None
    evidence: str | None = None
    next_step: str | None = None


@dataclass(frozen=True)
class Followed:
    """One recommendation, its standing with each addressee and overall."""

    recommendation: Recommendation
    area: str
    standings: tuple[Standing, ...]
    overall: str | None
    overdue: bool


def overall(statuses: list[str | None]) -> str | None:
    """The status of a recommendation across its addressees: implemented when every one has
    implemented it, not addressed when none has done anything, partially implemented when some
    have implemented it (in part or in whole), else in progress; None when none reported."""
    known = [s for s in statuses if s is not None]
    if not known:
        return None
    if all(s == IMPLEMENTED for s in statuses):
        return IMPLEMENTED
    if all(s in (NOT_ADDRESSED, None) for s in statuses):
        return NOT_ADDRESSED
    if any(s in (IMPLEMENTED, PARTIAL) for s in known):
        return PARTIAL
    return IN_PROGRESS


def _standing(history: History, rec: Recommendation, institution: str) -> Standing:
    by_period: dict[str, str | None] = {}
    latest: dict | None = None
    since = ""
    for record in history.periods:
        row = next((r for r in record.recommendations if r["recommendation"] == rec.code
                    and r["institution"] == institution and r.get("status")), None)
        by_period[record.period] = row["status"] if row else None
        if row is not None:
            latest, since = row, record.period
    if latest is None:
        return Standing(institution, by_period, None, "")
    return Standing(institution, by_period, latest["status"], since, latest.get("action"),
                    latest.get("evidence"), latest.get("next_step"))


def follow_up(history: History, plan: Plan | None = None,
              today: dt.date | None = None) -> list[Followed]:
    """Every recommendation of the plan (the history's latest by default), in plan order.

    Args:
        today: The date a due date is compared with; by default the end of the last period
            recorded (no recommendation is overdue without one).
    """
    plan = plan or history.plan
    if today is None and history.periods:
        from toolkit.reporting.periods import parse_period

        today = parse_period(history.periods[-1].period, plan.meta.frequency).end
    goal_area = {g.code: g.area for g in plan.goals}
    area_of = {o.code: goal_area.get(o.goal, "") for o in plan.objectives}
    found = []
    for rec in plan.recommendations:
        standings = tuple(_standing(history, rec, code) for code in rec.addressees)
        status = overall([s.status for s in standings])
        overdue = bool(rec.due and today and rec.due < today and status != IMPLEMENTED)
        found.append(Followed(rec, area_of.get(rec.objective, ""), standings, status, overdue))
    return found
