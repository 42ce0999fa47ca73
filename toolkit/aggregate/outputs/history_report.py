"""Writes the annual report (one calendar year's periods) and the plan-to-date report (every
period recorded) from the history store: an overview, the year's indicators against the year's
targets (annual report), then the trend sheets."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from toolkit.aggregate.outputs import trends as T
from toolkit.aggregate.outputs.report_book import ReportBook
from toolkit.history import figures as F
from toolkit.history.series import History
from toolkit.reporting.periods import plan_periods

LABELS = {"green": "On track (green)", "amber": "At risk (amber)", "red": "Off track (red)",
          "grey": "No data (grey)", "not rated": "Not rated (context-dependent)"}


def _book(path: Path, title: str, created: dt.datetime) -> ReportBook:
    wb = ReportBook(str(path), {"in_memory": True, "strings_to_formulas": False,
                                "strings_to_numbers": False, "strings_to_urls": False})
    wb.set_properties({"title": title, "created": created})
    return wb


def _covered(history: History, periods, year: int | None) -> list[str]:
    """Sentences: which periods the report covers and which of the plan's are not recorded."""
    meta = history.plan.meta
    expected = [p.code for p in plan_periods(meta.frequency, meta.start, meta.end)
                if year is None or p.year == year]
    if year is None:
        last = periods[-1].period if periods else ""
        expected = expected[:expected.index(last) + 1] if last in expected else []
    got = [p.period for p in periods]
    lines = [f"Periods covered: {', '.join(got) or 'none'}."]
    absent = [p for p in expected if p not in got]
    if absent:
        lines.append(f"Not in the history store, so not counted: {', '.join(absent)}.")
    return lines


def _overview(wb, f, history: History, periods, title: str, year: int | None,
              ratings: Counter) -> None:
    ws = wb.add_worksheet("Overview")
    meta = history.plan.meta
    ws.set_column(0, 0, 48)
    ws.set_column(1, 1, 16)
    ws.write_string(0, 0, title, f["title"])
    ws.write_string(1, 0, f"{meta.country}. Plan {meta.code} version {meta.version}, "
                          f"{meta.start} to {meta.end}; built from the history store.")
    row = 2
    for line in _covered(history, periods, year):
        ws.write_string(row, 0, line)
        row += 1
    counts = Counter()
    for p in periods:
        counts.update(p.counts())
    row += 1
    ws.write_string(row, 0, "Returns over the periods covered", f["bold"])
    for label, key in (("Returns expected", "expected"), ("Returns received", "received"),
                       ("Received on time", "on_time"), ("Received late", "late"),
                       ("Missing", "missing")):
        row += 1
        ws.write_string(row, 0, label)
        ws.write_number(row, 1, counts[key])
    row += 2
    ws.write_string(row, 0, "Indicators by rating" + (f" for {year}" if year else " to date"),
                    f["bold"])
    first = row + 1
    for r in ("green", "amber", "red", "grey", "not rated"):
        row += 1
        ws.write_string(row, 0, LABELS[r])
        ws.write_number(row, 1, ratings.get(r, 0))
    pie = wb.add_chart({"type": "pie"})
    pie.add_series({"name": "Indicators by rating", "categories": ["Overview", first, 0, row, 0],
                    "values": ["Overview", first, 1, row, 1],
                    "points": [{"fill": {"color": c}} for c in
                               ("#70AD47", "#FFC000", "#C00000", "#A6A6A6", "#5B9BD5")]})
    pie.set_title({"name": "Indicators by rating"})
    ws.insert_chart(2, 3, pie)
    row += 2
    planned = sum(F.planned_by(history.plan, "area").values())
    spent = sum(sum(y.values()) for y in F.spent_by_year(history, "area", periods).values())
    ws.write_string(row, 0, f"Budget ({meta.currency})", f["bold"])
    for label, value in (("Planned (the plan's estimated cost)", planned),
                         ("Spent in the periods covered", spent)):
        row += 1
        ws.write_string(row, 0, label)
        ws.write_number(row, 1, round(value, 2), f["num"])
    ws.activate()


def _indicators_of_year(wb, f, items: list[F.IndicatorYear], year: int) -> None:
    ws = wb.add_worksheet(f"Indicators {year}")
    ws.write_string(0, 0, f"Indicators in {year}: a running total at the year's last report, a "
                          "count summed over the year's periods, a level as last reported; "
                          f"against the target for {year}", f["title"])
    head = ["Indicator", "Name", "Unit", "Aggregation", f"Value {year}", "Periods reported",
            f"Target {year}", "Achievement", "Rating"]
    ws.write_row(2, 0, head, f["head"])
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 48)
    ws.set_column(2, len(head) - 1, 13)
    ws.freeze_panes(3, 2)
    for r, item in enumerate(items, start=3):
        ind, c = item.indicator, item.combined
        fmt = f["num"] if ind.unit == "number" else f["dec"]
        for col, value, vf in ((0, ind.code, None), (1, ind.name, None), (2, ind.unit, None),
                               (3, ind.aggregation, None), (4, c.value, fmt),
                               (5, f"{c.reported} of {c.periods}", None),
                               (6, item.target, fmt), (7, item.achievement, f["pct"]),
                               (8, item.rating, None)):
            T._put(ws, r, col, value, vf)
    ws.autofilter(2, 0, 2 + len(items), len(head) - 1)


def write_history_report(path: Path, history: History, year: int | None,
                         created: dt.datetime) -> Path:
    """The annual report of ``year``, or the plan-to-date report when ``year`` is None."""
    meta = history.plan.meta
    periods = history.of_year(year) if year is not None else history.periods
    title = (f"Annual monitoring report {year}: {meta.title}" if year is not None else
             f"Plan-to-date monitoring report: {meta.title}")
    wb = _book(path, title, created)
    f = T.formats(wb)
    if year is not None:
        items = F.annual(history, year)
        ratings = Counter(i.rating for i in items)
    else:
        ratings = Counter(p.rating for p in F.to_date(history))
    _overview(wb, f, history, periods, title, year, ratings)
    if year is not None:
        _indicators_of_year(wb, f, items, year)
    T.write_progress(wb, f, history)
    T.write_series(wb, f, history)
    T.write_reporting(wb, f, history, periods)
    T.write_budget(wb, f, history, periods)
    wb.close()
    return path
