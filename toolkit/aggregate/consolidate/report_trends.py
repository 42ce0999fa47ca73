"""The trends of the report across periods, from the history store, in the plan's language:
each indicator's series against its targets, progress to date against the mid-term and final
targets, reporting and on-time rates per institution over the periods, and budget execution to
date. ``report.xlsx``, the T5 document and the annual and plan-to-date reports lay them out.

The figures come from :mod:`toolkit.history.figures`; this module names and arranges them.
Pure: the standard library and the toolkit's pure modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.aggregate.consolidate.report_parts import Column, Table, Words
from toolkit.history import figures as F
from toolkit.history.records import LATE, MISSING, ON_TIME
from toolkit.history.series import History, series

LINES = 4
"""Columns before the periods on the series table: indicator, name, unit, line."""


@dataclass(frozen=True)
class SeriesChart:
    """One indicator's line chart: its rows of actual values and targets in the series
    table."""

    code: str
    title: str
    unit: str
    actual: int
    target: int


@dataclass
class Trends:
    """Everything the trend parts show."""

    periods: list[str]
    """The periods of the series, in order."""
    covered: list[str]
    """The periods the reporting rates and budget cover (a year's, or all)."""
    series: Table
    charts: list[SeriesChart]
    progress: Table
    reporting: Table
    overall: Table
    """The reporting and on-time rates of every institution together, per period."""
    budget: dict[str, Table]
    """Budget to date by area and by funding source."""
    text: dict[str, str] = field(default_factory=dict)

    def values(self, row: int) -> list:
        """The values of one line of the series table, a period each."""
        return list(self.series.rows[row][LINES:])


def _period_columns(codes: list[str], kind: str) -> tuple[Column, ...]:
    return tuple(Column(f"period:{code}", code, kind, 10) for code in codes)


def _unit(words: Words, unit: str) -> str:
    return words.text.get(f"report.unit.{unit}", unit)


def series_table(words: Words, history: History) -> tuple[Table, list[SeriesChart]]:
    """Two lines per indicator, actual and target (a third for values measured before its
    series broke), a column per period; and the chart of each indicator."""
    w = words
    columns = (Column("indicator", w("column.indicator"), "code", 14),
               Column("name", w("column.indicator_name"), "long", 44),
               Column("unit", w("column.unit"), "text", 9),
               Column("line", w("trends.column.line"), "text", 18)) + \
        _period_columns(history.codes, "number")
    rows, charts = [], []
    for ind in history.plan.indicators:
        points = series(history, ind)
        lines = [("actual", [None if p.broken else p.value for p in points]),
                 ("target", [p.target for p in points])]
        if any(p.broken and p.value is not None for p in points):
            lines.append(("before", [p.value if p.broken else None for p in points]))
        charts.append(SeriesChart(ind.code, f"{ind.code}: {ind.name}", ind.unit, len(rows),
                                  len(rows) + 1))
        rows += [(ind.code, ind.name, _unit(w, ind.unit), w(f"trends.line.{key}"), *values)
                 for key, values in lines]
    return Table("series", w("trends.series_title"), columns, rows), charts


def progress_table(words: Words, history: History, ratings: dict[str, str]) -> Table:
    """Every indicator to date against its mid-term and final targets."""
    w = words
    c = "trends.column."
    columns = (Column("indicator", w("column.indicator"), "code", 14),
               Column("name", w("column.indicator_name"), "long", 30),
               Column("unit", w("column.unit"), "text", 8),
               Column("baseline", w("column.baseline"), "number", 9),
               Column("value", w(c + "value_to_date"), "number", 9),
               Column("reported", w(c + "periods_reported"), "text", 9),
               Column("last", w(c + "last_reported"), "code", 9),
               Column("midterm", w(c + "target_midterm"), "number", 9),
               Column("to_midterm", w(c + "progress_midterm"), "share", 10),
               Column("final", w(c + "target_final"), "number", 9),
               Column("to_final", w(c + "progress_final"), "share", 10),
               Column("rating", w(c + "rating_final"), "rating", 15),
               Column("series", w(c + "series"), "long", 14))
    rows = []
    for p in F.to_date(history):
        ind, got = p.indicator, p.combined
        rows.append((ind.code, ind.name, _unit(w, ind.unit), ind.baseline_value, got.value,
                     w(c + "reported_of", reported=got.reported, periods=got.periods),
                     got.last or None, ind.target_midterm, p.midterm, ind.target_final,
                     p.final, ratings.get(p.rating, p.rating),
                     w("trends.broke") if p.broken else None))
    return Table("progress_to_date", w("trends.progress_title"), columns, rows)


def _state(words: Words, state: str) -> str | None:
    return {ON_TIME: words("timeliness.on_time"), LATE: words("timeliness.late"),
            MISSING: words("state.missing")}.get(state)


def reporting_tables(words: Words, history: History, periods) -> tuple[Table, Table]:
    """Per institution: its state in each period and its reporting and on-time rates; then
    the rates of every institution together, per period."""
    w = words
    codes = [p.period for p in periods]
    grid = F.reporting(history, periods)
    columns = (Column("institution", w("column.institution"), "code", 12),
               Column("name", w("column.name"), "long", 36)) + \
        _period_columns(codes, "text") + \
        (Column("reporting_rate", w("trends.column.reporting_rate"), "share", 11),
         Column("on_time_rate", w("trends.column.on_time_rate"), "share", 11))
    rows = []
    for code, states in grid.items():
        inst = history.plan.institution(code)
        rows.append((code, inst.name if inst else None,
                     *(_state(w, states.get(period, "")) for period in codes),
                     *F.rates(states)))
    per_period = {period: {inst: s[period] for inst, s in grid.items() if s.get(period)}
                  for period in codes}
    overall = [(w(f"trends.line.{key}"), None, *(F.rates(per_period[p])[k] for p in codes))
               for k, key in enumerate(("reporting_rate", "on_time_rate"))]
    return (Table("reporting", w("trends.reporting_title"), columns, rows),
            Table("reporting_overall", w("trends.reporting_overall"),
                  (Column("line", w("trends.column.period"), "text", 18),
                   Column("blank", "", "text", 36)) + _period_columns(codes, "share"),
                  overall))


def budget_tables(words: Words, history: History, periods) -> dict[str, Table]:
    """Planned, spent in each year and to date, and execution, by area and by funding
    source."""
    w = words
    plan = history.plan
    names = {"area": {a.code: a.label for a in plan.areas},
             "funding_source": {k: w.code("funding_source", k)
                                for k in plan.codelists.get("funding_source", ())}}
    order = {a.code: n for n, a in enumerate(plan.areas)}
    out = {}
    for key in ("area", "funding_source"):
        lines = F.budget_to_date(history, key, periods)
        years = sorted({y for _k, _p, spent, _t, _e in lines for y in spent})
        columns = (Column("code", w("column.code"), "code", 12),
                   Column("name", w(f"column.{key}"), "long", 36),
                   Column("planned", w("column.planned"), "amount", 14)) + \
            tuple(Column(f"year:{y}", w("trends.column.spent_year", year=y), "amount", 13)
                  for y in years) + \
            (Column("spent", w("trends.column.spent_to_date"), "amount", 14),
             Column("execution", w("column.execution"), "share", 11))
        if key == "area":
            lines.sort(key=lambda line: order.get(line[0], len(order)))
        rows = [(k or None, names[key].get(k, k) if k else w("not_specified"), round(planned, 2),
                 *(spent.get(y) for y in years), total, execution)
                for k, planned, spent, total, execution in lines]
        out[key] = Table(f"budget_{key}", w(f"budget_by.{key}"), columns, rows)
    return out


def build_trends(words: Words, history: History, periods=None,
                 ratings: dict[str, str] | None = None, currency: str = "") -> Trends:
    """The trends of a plan's recorded periods; the reporting rates and budget over
    ``periods`` (all of them when None); ``ratings`` labels each rating code."""
    covered = history.periods if periods is None else periods
    table, charts = series_table(words, history)
    reporting, overall = reporting_tables(words, history, covered)
    codes = history.codes
    text = {"lead": words("trends.lead", periods=", ".join(codes)) if codes
            else words("trends.no_periods"),
            "budget_title": words("trends.budget_title", currency=currency),
            "budget_chart": words("trends.budget_chart", currency=currency)}
    return Trends(codes, [p.period for p in covered], table, charts,
                  progress_table(words, history, ratings or {}), reporting, overall,
                  budget_tables(words, history, covered), text)
