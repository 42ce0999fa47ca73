"""Progress by area, goal and objective: activities by status and indicators by rating at
each level, and the plan's tree with what the T5 document says under each heading. Pure."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from toolkit.aggregate.consolidate import figures as D
from toolkit.aggregate.consolidate.report_parts import Column, Table, Words
from toolkit.aggregate.consolidate.report_rows import (
    activity_of,
    rating_label,
    target_used,
)

DELAYED = ("Ongoing - delayed", "Not implemented")


@dataclass
class ResultNode:
    """An area, goal or objective: its code and title, activities by status, indicators by
    rating, and (for the T5 document) its indicator and activity lines and bottlenecks."""

    level: str
    code: str
    title: str
    statuses: Counter = field(default_factory=Counter)
    ratings: Counter = field(default_factory=Counter)
    indicators: list[tuple] = field(default_factory=list)
    """(code, name, unit, baseline, target, actual, achievement, rating code, rating label)."""
    activities: list[tuple] = field(default_factory=list)
    """(code, description, lead, partners, status label, percent)."""
    bottlenecks: list[tuple[str, str, str]] = field(default_factory=list)
    """(activity code, institution name, the problem as reported)."""
    summary: str = ""
    children: list[ResultNode] = field(default_factory=list)


AreaNode = ResultNode


def _nodes(ctx, words: Words) -> tuple[list[ResultNode], dict[str, ResultNode]]:
    plan = ctx.plan
    index: dict[str, ResultNode] = {}
    areas = []
    for area in plan.areas:
        node = index[area.code] = ResultNode("area", area.code, area.label)
        areas.append(node)
    for goal in plan.goals:
        node = index[goal.code] = ResultNode("goal", goal.code, goal.title)
        index[goal.area].children.append(node)
    for obj in plan.objectives:
        node = index[obj.code] = ResultNode("objective", obj.code, obj.title)
        index[obj.goal].children.append(node)
    return areas, index


def _chain(ctx, code: str) -> list[str]:
    """The codes of an objective, its goal and its area (or of a goal and its area)."""
    goals = {g.code: g.area for g in ctx.plan.goals}
    objectives = {o.code: o.goal for o in ctx.plan.objectives}
    out = [code]
    if code in objectives:
        out.append(objectives[code])
    if out[-1] in goals:
        out.append(goals[out[-1]])
    return out


def _home(ctx, linked: str) -> str:
    """Where an indicator is shown: its goal or objective, or the objective of its activity."""
    act = activity_of(ctx.plan, linked)
    return act.objective if act else linked


def _indicator_line(words: Words, ind, row: dict | None) -> tuple:
    if row is None:
        return (ind.code, ind.name, words.label(f"report.unit.{ind.unit}"), ind.baseline_value,
                None, None, None, "", words("rating.not_due"))
    target, _basis = target_used(words, row)
    return (ind.code, ind.name, words.label(f"report.unit.{ind.unit}"), row["baseline"],
            target, row["value"], row["achievement"], row["rating"],
            rating_label(words, row["rating"]))


def build_tree(ctx, words: Words, tables) -> list[ResultNode]:
    """Areas, their goals and objectives in plan order, each with its figures and lines."""
    areas, index = _nodes(ctx, words)
    for r in D.lead_rows(tables):
        for code in _chain(ctx, r["objective"]):
            index[code].statuses[D.status_of(r)] += 1
    totals = {r["indicator"]: r for r in tables.indicators if not r["dimension"]}
    for ind in ctx.plan.indicators:
        home = _home(ctx, ind.linked_result)
        if home not in index:
            continue
        row = totals.get(ind.code)
        index[home].indicators.append(_indicator_line(words, ind, row))
        if row is not None:
            for code in _chain(ctx, home):
                index[code].ratings[row["rating"]] += 1
    _activities(ctx, words, tables, index)
    for node in index.values():
        node.summary = _summary(words, node)
    return areas


def _activities(ctx, words: Words, tables, index: dict[str, ResultNode]) -> None:
    for r in tables.activities:
        act = activity_of(ctx.plan, r["activity"])
        node = index.get(act.objective)
        if node is None:
            continue
        inst = ctx.plan.institution(r["institution"])
        name = inst.name if inst else r["institution"]
        if r["role"] == "lead":
            lead = ctx.plan.institution(act.lead)
            node.activities.append((
                act.code, act.description, lead.name if lead else act.lead,
                ", ".join(act.partners),
                words.status(r["status"]) if r["status"] else words("status.no_data"),
                r["percent"]))
        if r["status"] in DELAYED and r["problems"]:
            node.bottlenecks.append((act.code, name, str(r["problems"]).strip()))


def _summary(words: Words, node: ResultNode) -> str:
    """One sentence on a node: activities completed and indicators on track."""
    activities = sum(node.statuses.values())
    rated = sum(node.ratings.values())
    if not activities and not rated:
        return words("tree.nothing")
    return words("tree.summary", activities=activities,
                 completed=node.statuses.get("Completed", 0),
                 delayed=sum(node.statuses.get(s, 0) for s in DELAYED),
                 indicators=rated, green=node.ratings.get("green", 0))


def progress_rows(words: Words, areas: list[ResultNode], statuses,
                  ratings) -> tuple[Table, Table]:
    """Activities by status for every area, goal and objective (lead institutions' reports),
    and indicators by rating for every area."""
    cols = [Column("level", words("column.level"), "text", 10),
            Column("code", words("column.code"), "code", 10),
            Column("title", words("column.title"), "long", 44)]
    cols += [Column(f"status:{code}", label, "count", 10) for code, label in statuses]
    cols.append(Column("total", words("column.total"), "count", 8))
    rows = []

    def walk(node: ResultNode) -> None:
        rows.append((words(f"level_name.{node.level}"), node.code, node.title,
                     *[node.statuses.get(code, 0) for code, _l in statuses],
                     sum(node.statuses.values())))
        for child in node.children:
            walk(child)

    for area in areas:
        walk(area)
    by_area = [Column("code", words("column.code"), "code", 10),
               Column("title", words("column.area"), "long", 44)]
    by_area += [Column(f"rating:{code}", label, "count", 10) for code, label in ratings]
    by_area.append(Column("total", words("column.total"), "count", 8))
    area_rows = [(a.code, a.title, *[a.ratings.get(code, 0) for code, _l in ratings],
                  sum(a.ratings.values())) for a in areas]
    return (Table("progress", words("sheet.progress"), tuple(cols), rows),
            Table("ratings_by_area", words("ratings_by_area"), tuple(by_area), area_rows))
