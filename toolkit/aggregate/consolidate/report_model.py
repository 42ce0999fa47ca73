"""The consolidated report model: every figure, table and sentence that ``report.xlsx`` and the
T5 document (``report.docx``) show, computed once from the tidy tables, the summary of the
returns and the plan, with every label in the plan's language.

The two writers only lay the model out; neither computes a figure or assembles a sentence of
its own. Pure: the standard library and the toolkit's pure modules.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from toolkit.aggregate.consolidate import figures as D
from toolkit.aggregate.consolidate.report_parts import BudgetLine, Figure, Table, Words
from toolkit.aggregate.consolidate.report_rows import (
    RATING_KEYS,
    activity_of,
    activity_table,
    decision_table,
    finding_table,
    followup_table,
    indicator_table,
    submission_table,
)
from toolkit.aggregate.consolidate.report_stats import (
    StatisticsTable,
    statistics_tables,
)
from toolkit.aggregate.consolidate.report_text import sentences
from toolkit.aggregate.consolidate.report_trends import Trends, build_trends
from toolkit.aggregate.consolidate.report_tree import (
    AreaNode,
    build_tree,
    progress_rows,
)
from toolkit.language import render_value
from toolkit.reporting.periods import plan_periods
from toolkit.reporting.scope import indicator_due
from toolkit.reporting.sheets import STATUS_KEYS


@dataclass
class ReportModel:
    """Everything the report shows, in the plan's language."""

    words: Words
    identity: dict[str, str]
    headline: dict[str, list[Figure]]
    statuses: list[tuple[str, str]]
    """(status code, label) in the order of the scale; "No data" last."""
    ratings: list[tuple[str, str]]
    progress: Table
    """One row per area, goal and objective: level, code, title, activities by status."""
    ratings_by_area: Table
    tree: list[AreaNode]
    indicators: Table
    activities: Table
    budget: dict[str, list[BudgetLine]]
    submissions: Table
    not_reported: list[tuple[str, str]]
    statistics: list[StatisticsTable]
    findings: Table
    narratives: list[tuple[str, str, list[tuple[str, str]]]]
    """(field key, heading, [(institution name, text)]) for each narrative question."""
    institutions: list = field(default_factory=list)
    """The plan's institutions (the register of focal points)."""
    sentences: dict[str, str] = field(default_factory=dict)
    followup: Table | None = None
    """The follow-up of recommendations (T10): one row per recommendation and institution."""
    decisions: Table | None = None
    """The decision log of the coordination body's last review (T15)."""
    review: dict[str, str] = field(default_factory=dict)
    """Which review the decisions are of, and its meeting, in words ('' without one)."""
    trends: Trends | None = None
    """The periods recorded in the history store up to this one, when a store is used."""

    def status_label(self, code: str) -> str:
        """The label of a status code."""
        return dict(self.statuses)[code]

    def rating_label(self, code: str) -> str:
        """The label of a rating code."""
        return dict(self.ratings)[code]


def status_scale(words: Words) -> list[tuple[str, str]]:
    """(code, label) of every activity status, then No data."""
    return [(s, words.status(s)) for s in STATUS_KEYS] + [(D.NO_DATA, words("status.no_data"))]


def rating_scale(words: Words) -> list[tuple[str, str]]:
    """(code, label) of every rating."""
    return [(r, words(f"rating.{RATING_KEYS[r]}")) for r in D.RATINGS]


def _identity(ctx, words: Words, generated: dt.datetime) -> dict[str, str]:
    meta, period = ctx.plan.meta, ctx.period
    office = ctx.plan.institution(meta.coordinating_office)
    return {"title": words("title", plan=meta.title), "plan": meta.title,
            "country": meta.country, "code": meta.code, "version": meta.version,
            "period": period.code, "start": words.date(period.start),
            "end": words.date(period.end), "deadline": words.date(ctx.deadline),
            "generated": words.date(generated.date()), "currency": meta.currency,
            "office": office.name if office else meta.coordinating_office,
            "subtitle": words("subtitle", country=meta.country, code=meta.code,
                              version=meta.version, period=period.code,
                              start=words.date(period.start), end=words.date(period.end)),
            "threshold": str(meta.publication_threshold),
            "footer_left": f"{meta.code} {meta.version}", "footer_centre": period.code,
            "previous": "" if ctx.previous is None else words(
                "previous", period=ctx.previous.period.code,
                file=str(render_value(ctx.previous.path, words.language)),
                which=words("previous_which." + ("immediate" if ctx.previous.immediate
                                                 else "earlier")))}


def _share(part, whole) -> float | str:
    return part / whole if whole else ""


def _headline(ctx, words: Words, tables, summary: dict, budget) -> dict[str, list[Figure]]:
    lead = D.lead_rows(tables)
    due = [r for r in lead if r["due"]]
    completed = sum(1 for r in due if r["status"] == "Completed")
    rate = D.implementation_rate(lead)
    ratings = D.rating_counts(tables)
    rated = sum(ratings.values())
    planned = sum(line.planned for line in budget["area"])
    allocated = sum(line.allocated or 0 for line in budget["area"])
    spent = sum(line.spent for line in budget["area"])
    secured = sum(r["budget"] or 0 for r in lead if _secured(ctx, r["activity"]))

    def f(key: str, value, kind: str = "count") -> Figure:
        return Figure(key, words(f"figure.{key}", year=ctx.period.year), value, kind)

    statuses = Counter(D.status_of(r) for r in lead)
    return {
        "returns": [f("expected", summary["expected"]), f("received", summary["received"]),
                    f("on_time", summary["on_time"]), f("late", summary["late"]),
                    f("missing", summary["missing"]), f("rejected", summary["rejected"]),
                    f("timeliness", _share(summary["on_time"], summary["expected"]), "share")],
        "activities": [f("implementation_rate", "" if rate is None else rate, "share"),
                       f("due", len(due)), f("completed", completed)]
        + [Figure(f"status:{code}", label, statuses.get(code, 0))
           for code, label in status_scale(words)],
        "indicators": [f("indicators", rated), f("not_due", _not_due(ctx)), f("on_track",
                                                 _share(ratings.get("green", 0), rated), "share")]
        + [Figure(f"rating:{code}", label, ratings.get(code, 0))
           for code, label in rating_scale(words)],
        "budget": [f("planned", planned, "amount"), f("allocated", allocated, "amount"),
                   f("spent", spent, "amount"),
                   f("execution", _share(spent, allocated), "share"),
                   f("funding_coverage", _share(secured, planned), "share")],
        "data": [f("completeness", summary["completeness"], "share")],
    }


def _not_due(ctx) -> int:
    """The plan's indicators that are not asked in the period (docs/indicators.md §2)."""
    meta = ctx.plan.meta
    periods = plan_periods(meta.frequency, meta.start, meta.end)
    return sum(1 for i in ctx.plan.indicators if not indicator_due(i, ctx.period, periods))


def _secured(ctx, activity: str) -> bool:
    act = activity_of(ctx.plan, activity)
    return bool(act and act.funding_status == "secured")


def _budget(ctx, words: Words, tables) -> dict[str, list[BudgetLine]]:
    names = {
        "area": {a.code: a.label for a in ctx.plan.areas},
        "institution": {i.code: i.name for i in ctx.plan.institutions},
        "funding_source": {code: words.code("funding_source", code)
                           for code in ctx.plan.codelists.get("funding_source", ())},
    }
    order = {a.code: n for n, a in enumerate(ctx.plan.areas)}
    out = {}
    for key in ("area", "institution", "funding_source"):
        basis = words("budget_basis.no_share") if key == "institution" else \
            words("budget_basis.no_allocation", year=ctx.period.year)
        out[key] = [BudgetLine(k, names[key].get(k, k) if k else words("not_specified"),
                               planned, allocated, spent, "" if allocated else basis)
                    for k, (planned, allocated, spent) in D.budget_by(tables, key).items()]
    out["area"].sort(key=lambda line: order.get(line.code, len(order)))  # the plan's order
    return out


def _narratives(ctx, words: Words, tables) -> list[tuple[str, str, list[tuple[str, str]]]]:
    out = []
    for spec in ctx.decl["narrative"]["fields"]:
        key = spec["key"]
        quotes = [(_name(ctx, r["institution"]), str(r["text"]).strip())
                  for r in tables.narrative
                  if r["part"] == "narrative" and r["field"] == key and r["text"] not in
                  (None, "")]
        out.append((key, ctx.text[f"report.narrative.{key}"], quotes))
    return out


def _name(ctx, code: str) -> str:
    inst = ctx.plan.institution(code)
    return inst.name if inst else code


def _review(words: Words, log) -> dict[str, str]:
    if log is None:
        return {}
    name = words("review_name.to_date") if log.review == "to-date" else \
        words("review_name.annual", year=log.review)
    meeting = log.meeting or {}
    return {"name": name, "meeting": str(meeting.get("meeting") or words("blank")),
            "date": words.date(meeting.get("meeting_date")),
            "participants": str(meeting.get("participants") or words("blank"))}


def build_report(ctx, tables, summary: dict, generated: dt.datetime,
                 review=None, history=None) -> ReportModel:
    """The report of one consolidation.

    Args:
        ctx: The consolidation's plan context (plan, period, deadline, labels).
        tables: The tidy tables of the period.
        summary: The figures about the returns (``summary.summarise``).
        generated: When the report is made.
        review: The decision log of the coordination body's last review
            (``history.review.DecisionLog``), which the report cites; None without one.
        history: The plan's periods in the history store, this one included, for the trends
            (``toolkit.history.series.History``); None without a store.
    """
    words = Words(ctx.text, ctx.plan.meta.language)
    statuses, ratings = status_scale(words), rating_scale(words)
    budget = _budget(ctx, words, tables)
    headline = _headline(ctx, words, tables, summary, budget)
    missing = [(code, _name(ctx, code)) for code in ctx.assignments
               if code not in {r["institution"] for r in summary["submissions"]
                               if r.get("state") == "received"}]
    indicators = indicator_table(ctx, words, tables)
    tree = build_tree(ctx, words, tables)
    progress, by_area = progress_rows(words, tree, statuses, ratings)
    model = ReportModel(
        words=words, identity=_identity(ctx, words, generated), headline=headline,
        statuses=statuses, ratings=ratings, progress=progress, ratings_by_area=by_area,
        tree=tree,
        indicators=indicators, activities=activity_table(ctx, words, tables), budget=budget,
        submissions=submission_table(ctx, words, summary), not_reported=missing,
        statistics=statistics_tables(ctx, words, tables),
        findings=finding_table(ctx, words, summary),
        narratives=_narratives(ctx, words, tables), institutions=list(ctx.plan.institutions),
        followup=followup_table(ctx, words, tables), decisions=decision_table(words, review),
        review=_review(words, review))
    model.sentences = sentences(model)
    if history is not None:
        model.trends = build_trends(words, history, None, dict(ratings),
                                    ctx.plan.meta.currency)
    return model
