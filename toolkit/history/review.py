"""The review of the plan by the coordination body (templates T7 and T15): what it looks at for
each specific objective, from the periods recorded in the history store, and the decisions it
takes, checked as they are read back from the review workbook.

An annual review looks at one calendar year's periods; the mid-term review (``to-date``) at
every period recorded. For each objective: its indicators with their rating in every period,
its activities with the status their lead institution gave in every period, its budget (the
plan's estimated cost and what was spent in the periods reviewed), and the recommendations
linked to it with where they stand. Pure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from toolkit.history.figures import spending
from toolkit.history.followup import IMPLEMENTED, Followed, follow_up
from toolkit.history.series import History, Point, series
from toolkit.plan.model import Activity, Indicator, Objective, Plan

TO_DATE = "to-date"
"""The review code of a mid-term review, over every period recorded."""
RELEVANCE = ("yes", "partly", "no")
ADJUSTMENTS = ("none", "add activity", "drop activity", "modify activity", "change target",
               "move resources", "change lead")
DECISIONS = ("approved", "rejected", "deferred")
LISTS = {"relevance": RELEVANCE, "adjustment": ADJUSTMENTS, "decision": DECISIONS}
"""The closed lists of the review's inputs, by the codelist that labels their values
(``codelist.review_<name>``)."""
INPUTS = ("relevant", "obstacles", "adjustment", "justification", "decision", "responsible",
          "deadline")
"""The coordination body's inputs on each objective's row, in column order (T7)."""
KIND = {"relevant": "list:relevance", "obstacles": "text", "adjustment": "list:adjustment",
        "justification": "text", "decision": "list:decision",
        "responsible": "list:institution", "deadline": "date"}
MEETING = ("meeting", "meeting_date", "participants")
"""The meeting the review was held at (T15): its reference, date and who took part."""
MEETING_KIND = {"meeting": "text", "meeting_date": "date", "participants": "text"}
GREEN, RED = "green", "red"
COMPLETED = "Completed"
DELAYED = ("Ongoing - delayed", "Not implemented")


@dataclass(frozen=True)
class ActivityLine:
    """An activity of an objective and the status its lead gave in each period reviewed."""

    activity: Activity
    by_period: dict[str, str | None]

    @property
    def last(self) -> str | None:
        """The status of the last period that gave one."""
        given = [s for s in self.by_period.values() if s]
        return given[-1] if given else None


@dataclass(frozen=True)
class ObjectiveReview:
    """What the coordination body looks at for one specific objective."""

    objective: Objective
    area: str
    indicators: tuple[tuple[Indicator, tuple[Point, ...]], ...]
    activities: tuple[ActivityLine, ...]
    planned: float
    spent: float
    recommendations: tuple[Followed, ...]

    def last_ratings(self) -> list[str]:
        """Each indicator's last rating in the periods reviewed ('' when never rated)."""
        return [next((p.rating for p in reversed(points) if p.rating), "")
                for _i, points in self.indicators]

    @property
    def execution(self) -> float | None:
        return round(self.spent / self.planned, 4) if self.planned else None


@dataclass(frozen=True)
class Review:
    """The review pack's content: the plan, the review code, the periods and every objective."""

    plan: Plan
    code: str
    periods: tuple[str, ...]
    objectives: tuple[ObjectiveReview, ...]


def _indicators_of(plan: Plan, objective: Objective) -> list[Indicator]:
    results = {objective.code} | {a.code for a in plan.activities
                                  if a.objective == objective.code}
    return [i for i in plan.indicators if i.linked_result in results]


def _lead_status(record, activity: Activity) -> str | None:
    return next((r["status"] for r in record.activities if r["activity"] == activity.code
                 and r["role"] == "lead" and r["status"]), None)


def _spent_by_activity(records) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for _, row in spending(records):
        out[row["activity"]] += row["spent"]
    return out


def build_review(history: History, year: int | None,
                 today: dt.date | None = None) -> Review:
    """The review of ``year`` (None: the mid-term review of every period recorded)."""
    plan = history.plan
    records = history.of_year(year) if year is not None else list(history.periods)
    codes = tuple(r.period for r in records)
    window = History(plan, records, history.versions)
    followed = follow_up(window, plan, today)
    goal_area = {g.code: g.area for g in plan.goals}
    spent = _spent_by_activity(records)
    out = []
    for obj in plan.objectives:
        acts = [a for a in plan.activities if a.objective == obj.code]
        indicators = tuple((ind, tuple(series(window, ind))) for ind in _indicators_of(plan, obj))
        lines = tuple(ActivityLine(a, {r.period: _lead_status(r, a) for r in records})
                      for a in acts)
        out.append(ObjectiveReview(
            obj, goal_area.get(obj.goal, ""), indicators, lines,
            float(sum(a.cost or 0 for a in acts)),
            round(sum(spent[a.code] for a in acts), 2),
            tuple(f for f in followed if f.recommendation.objective == obj.code)))
    return Review(plan, str(year) if year is not None else TO_DATE, codes, tuple(out))


def counts(item: ObjectiveReview) -> dict[str, int]:
    """The figures of an objective's row: indicators and how many are on track or off track
    at their last rating, activities completed or delayed at their last status, and the
    recommendations implemented and overdue."""
    ratings = item.last_ratings()
    statuses = [line.last for line in item.activities]
    recs = item.recommendations
    return {"indicators": len(ratings), "green": ratings.count(GREEN),
            "red": ratings.count(RED), "activities": len(statuses),
            "completed": statuses.count(COMPLETED),
            "delayed": sum(1 for s in statuses if s in DELAYED),
            "recommendations": len(recs),
            "implemented": sum(1 for f in recs if f.overall == IMPLEMENTED),
            "overdue": sum(1 for f in recs if f.overdue)}


@dataclass(frozen=True)
class Decision:
    """The coordination body's entry on one objective, as read back (codes, not labels)."""

    objective: str
    values: dict[str, object]
    sheet: str
    cell: str
    """Where the row's first input is."""

    @property
    def taken(self) -> bool:
        """True when the body wrote anything on the objective."""
        return any(v not in (None, "") for v in self.values.values())


@dataclass(frozen=True)
class Cell:
    """A value read back from the review workbook, and where it is."""

    value: object
    sheet: str
    cell: str


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def read_value(file: str, kind: str, found: Cell, choices: dict[str, dict[str, str]],
               institutions: tuple[str, ...], findings: list):
    """The code or value of one input (None when blank); a value the input does not take is
    an error finding at its cell, and None."""
    from toolkit.findings import finding
    from toolkit.language import did_you_mean

    value = found.value
    if value is None or str(value).strip() == "":
        return None
    if kind == "date":
        day = _as_date(value)
        if day is None:
            findings.append(finding("REV_003", file, found.sheet, found.cell, value=str(value)))
        return day
    text = str(value).strip()
    if kind == "text":
        return text
    options = choices[kind[5:]] if kind != "list:institution" else \
        {code: code for code in institutions}
    by_label = {label.casefold(): code for code, label in options.items()}
    code = by_label.get(text.casefold()) or (text if text in options else None)
    if code is None:
        findings.append(finding("REV_002", file, found.sheet, found.cell, value=text,
                                expected=", ".join(options.values()),
                                suggestion=did_you_mean(text, list(options.values()))))
    return code


def check_entries(file: str, plan: Plan, rows: dict[str, dict[str, Cell]],
                  meeting: dict[str, Cell], choices: dict[str, dict[str, str]]):
    """The decisions and the meeting read back, and the findings about them.

    Args:
        rows: For each objective code on the Review sheet, its input cells by input key (and
            the cell of the code itself under ``objective``).
        meeting: The Meeting sheet's cells by key.
        choices: For each closed list, its codes and their labels in the workbook's language.

    Returns:
        (decisions, meeting values, findings): a decision per objective the body wrote on; a
        value a cell does not take is an error (REV_002, REV_003); an objective not in the
        plan is an error (REV_004); a decision without a responsible institution or a
        deadline is a warning (REV_005).
    """
    from toolkit.findings import finding

    findings: list = []
    institutions = tuple(i.code for i in plan.institutions)
    known = {o.code for o in plan.objectives}
    decisions = []
    for objective, cells in rows.items():
        values = {key: read_value(file, KIND[key], cells[key], choices, institutions, findings)
                  for key in INPUTS}
        first = cells[INPUTS[0]]
        if objective not in known:
            where = cells.get("objective", first)
            findings.append(finding("REV_004", file, where.sheet, where.cell,
                                    objective=objective))
            continue
        item = Decision(objective, values, first.sheet, first.cell)
        if values["decision"] and not (values["responsible"] and values["deadline"]):
            where = cells["responsible" if not values["responsible"] else "deadline"]
            findings.append(finding("REV_005", file, where.sheet, where.cell,
                                    objective=objective))
        if item.taken:
            decisions.append(item)
    held = {key: read_value(file, MEETING_KIND[key], meeting[key], choices, institutions,
                            findings) for key in MEETING}
    return decisions, held, findings


@dataclass(frozen=True)
class DecisionLog:
    """The entries of one review as the store holds them."""

    review: str
    recorded_at: dt.datetime
    meeting: dict[str, object]
    rows: tuple[dict, ...]
    """One dict per objective: ``objective`` and the review's inputs (codes)."""
