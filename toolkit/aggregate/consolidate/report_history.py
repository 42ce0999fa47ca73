"""The model of the annual report (one calendar year's periods) and of the plan-to-date report
(every period recorded), from the history store alone, in the plan's language: what they cover,
the returns, indicators by rating and the budget of the periods covered, the year's indicators
against the year's targets (annual report), and the trends. Pure."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from toolkit.aggregate.consolidate.report_model import rating_scale
from toolkit.aggregate.consolidate.report_parts import Column, Figure, Table, Words
from toolkit.aggregate.consolidate.report_trends import Trends, build_trends
from toolkit.history import figures as F
from toolkit.history.series import History
from toolkit.reporting.periods import plan_periods

RETURNS = ("expected", "received", "on_time", "late", "missing")


@dataclass
class HistoryModel:
    """Everything the annual or plan-to-date report shows."""

    words: Words
    identity: dict[str, str]
    year: int | None
    covered: list[str]
    """Sentences: the periods covered, and the plan's periods the store lacks."""
    returns: list[Figure]
    ratings: list[tuple[str, str]]
    rating_counts: Counter
    budget: list[Figure]
    indicators: Table | None
    """The year's indicators against the year's targets (annual report only)."""
    trends: Trends


def covered(words: Words, history: History, periods, year: int | None) -> list[str]:
    """Which periods the report covers and which of the plan's are not recorded."""
    meta = history.plan.meta
    expected = [p.code for p in plan_periods(meta.frequency, meta.start, meta.end)
                if year is None or p.year == year]
    if year is None:
        last = periods[-1].period if periods else ""
        expected = expected[:expected.index(last) + 1] if last in expected else []
    got = [p.period for p in periods]
    lines = [words("history.covered", periods=", ".join(got) or words("history.none"))]
    absent = [p for p in expected if p not in got]
    if absent:
        lines.append(words("history.absent", periods=", ".join(absent)))
    return lines


def year_table(words: Words, history: History, year: int, ratings: dict[str, str]) -> Table:
    """Every indicator over the year's periods against the year's target."""
    w, c = words, "trends.column."
    columns = (Column("indicator", w("column.indicator"), "code", 14),
               Column("name", w("column.indicator_name"), "long", 44),
               Column("unit", w("column.unit"), "text", 9),
               Column("aggregation", w(c + "aggregation"), "text", 13),
               Column("value", w(c + "value_year", year=year), "number", 12),
               Column("reported", w(c + "periods_reported"), "text", 11),
               Column("target", w(c + "target_year", year=year), "number", 12),
               Column("achievement", w("column.achievement"), "share", 12),
               Column("rating", w("column.rating"), "rating", 16))
    rows = [(i.indicator.code, i.indicator.name,
             w.text.get(f"report.unit.{i.indicator.unit}", i.indicator.unit),
             w.code("aggregation", i.indicator.aggregation), i.combined.value,
             w(c + "reported_of", reported=i.combined.reported, periods=i.combined.periods),
             i.target, i.achievement, ratings.get(i.rating, i.rating))
            for i in F.annual(history, year)]
    return Table("year", w("history.year_title", year=year), columns, rows)


def _identity(words: Words, history: History, year: int | None) -> dict[str, str]:
    meta = history.plan.meta
    title = (words("history.annual_title", year=year, plan=meta.title) if year is not None
             else words("history.to_date_title", plan=meta.title))
    last = history.codes[-1] if history.codes else ""
    return {"title": title, "currency": meta.currency,
            "subtitle": words("history.subtitle", country=meta.country, code=meta.code,
                              version=meta.version, start=words.date(meta.start),
                              end=words.date(meta.end)),
            "footer_left": f"{meta.code} {meta.version}",
            "footer_centre": (words("history.footer_year", year=year) if year is not None
                              else words("history.footer_to_date", period=last))}


def build_history_report(words: Words, history: History, year: int | None) -> HistoryModel:
    """The annual report of ``year``, or the plan-to-date report when ``year`` is None."""
    periods = history.of_year(year) if year is not None else history.periods
    scale = rating_scale(words)
    labels = dict(scale)
    if year is not None:
        rated = Counter(i.rating for i in F.annual(history, year))
    else:
        rated = Counter(p.rating for p in F.to_date(history))
    counts = Counter()
    for record in periods:
        counts.update(record.counts())
    returns = [Figure(k, words(f"figure.{k}"), counts[k]) for k in RETURNS]
    planned = sum(F.planned_by(history.plan, "area").values())
    spent = sum(sum(y.values()) for y in F.spent_by_year(history, "area", periods).values())
    budget = [Figure("planned", words("history.planned"), round(planned, 2), "amount"),
              Figure("spent", words("history.spent"), round(spent, 2), "amount")]
    if year is not None:
        # The year's spending against every allocation of the year, on the basis of
        # docs/indicators.md §7; a plan without allocations for the year has no rate.
        allocated = sum(a.amount for a in history.plan.allocations
                        if a.year == year and a.amount is not None)
        if allocated:
            budget += [Figure("allocated", words("history.allocated", year=year),
                              round(allocated, 2), "amount"),
                       Figure("execution", words("history.execution_year", year=year),
                              round(spent / allocated, 4), "share")]
    elif planned:
        budget.append(Figure("execution", words("history.execution_to_date"),
                             round(spent / planned, 4), "share"))
    return HistoryModel(
        words, _identity(words, history, year), year, covered(words, history, periods, year),
        returns, scale, rated, budget,
        year_table(words, history, year, labels) if year is not None else None,
        build_trends(words, history, periods, labels, history.plan.meta.currency))
