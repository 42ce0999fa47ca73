"""Trend sheets from the history store: each indicator's series against its targets (a table and
a native line chart per indicator), progress to date against the mid-term and final targets,
reporting and on-time rates per institution over periods, and budget execution to date.

The figures come from ``toolkit.history``; this module only lays them out.
"""

from __future__ import annotations

from toolkit.history import figures as F
from toolkit.history.series import History, series

CHART_ROWS, CHART_COLUMNS = 16, 8
"""Cells a chart takes on the charts sheet (its default size is 480 x 288 pixels)."""
SERIES, CHARTS = "Series", "Series charts"


def formats(wb) -> dict:
    """The formats the trend sheets use."""
    return {k: wb.add_format(v) for k, v in {
        "title": {"bold": True, "font_size": 14}, "bold": {"bold": True},
        "head": {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                 "valign": "top"},
        "pct": {"num_format": "0.0%"}, "num": {"num_format": "#,##0"},
        "dec": {"num_format": "0.0#"}, "note": {"italic": True, "font_color": "#595959"},
        "text": {}}.items()}


def _put(ws, row: int, col: int, value, fmt=None) -> None:
    if value is None or value == "":
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _number_format(f: dict, indicator) -> object:
    return f["num"] if indicator.unit == "number" else f["dec"]


def write_series(wb, f: dict, history: History) -> None:
    """The Series sheet (two rows per indicator: actual and target, one column per period)
    and a line chart per indicator on the Series charts sheet."""
    ws = wb.add_worksheet(SERIES)
    charts = wb.add_worksheet(CHARTS)
    periods = history.codes
    ws.write_string(0, 0, "Each indicator's value and target in every recorded period "
                          "(blank: not reported)", f["title"])
    ws.write_row(2, 0, ["Indicator", "Name", "Unit", "Line", *periods], f["head"])
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 48)
    ws.set_column(3, 3, 22)
    ws.freeze_panes(3, 4)
    last = 3 + len(periods)
    row = 3
    for n, ind in enumerate(history.plan.indicators):
        points = series(history, ind)
        fmt = _number_format(f, ind)
        lines = [("Actual", [None if p.broken else p.value for p in points]),
                 ("Target", [p.target for p in points])]
        if any(p.broken and p.value is not None for p in points):
            lines.append(("Actual, before the series broke",
                          [p.value if p.broken else None for p in points]))
        for label, values in lines:
            ws.write_string(row, 0, ind.code)
            ws.write_string(row, 1, ind.name)
            ws.write_string(row, 2, ind.unit)
            ws.write_string(row, 3, label)
            for j, value in enumerate(values):
                _put(ws, row, 4 + j, value, fmt)
            row += 1
        chart = wb.add_chart({"type": "line"})
        for k, (label, _values) in enumerate(lines[:2]):
            chart.add_series({
                "name": label, "categories": [SERIES, 2, 4, 2, last],
                "values": [SERIES, row - len(lines) + k, 4, row - len(lines) + k, last],
                "marker": {"type": "circle" if k == 0 else "none"},
                "line": {"dash_type": "solid" if k == 0 else "dash"}})
        chart.set_title({"name": f"{ind.code}: {ind.name}"[:80],
                         "name_font": {"size": 10, "bold": True}})
        chart.set_legend({"position": "bottom"})
        chart.show_blanks_as("gap")
        charts.insert_chart((n // 2) * CHART_ROWS, (n % 2) * CHART_COLUMNS, chart)


def write_progress(wb, f: dict, history: History) -> None:
    """Progress to date of every indicator against its mid-term and final targets."""
    ws = wb.add_worksheet("Progress to date")
    ws.write_string(0, 0, "Progress to date: the latest value (a running total, a count summed "
                          "over the periods, or the latest level) against the mid-term and "
                          "final targets; progress is the share of the way from the baseline "
                          "to the target", f["title"])
    head = ["Indicator", "Name", "Unit", "Baseline", "Value to date", "Periods reported",
            "Last reported", "Mid-term target", "Progress to mid-term", "Final target",
            "Progress to final", "Rating against final", "Series"]
    ws.write_row(2, 0, head, f["head"])
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 48)
    ws.set_column(2, len(head) - 1, 13)
    ws.freeze_panes(3, 2)
    for r, p in enumerate(F.to_date(history), start=3):
        ind, fmt = p.indicator, _number_format(f, p.indicator)
        values = [ind.code, ind.name, ind.unit, (ind.baseline_value, fmt), (p.combined.value, fmt),
                  f"{p.combined.reported} of {p.combined.periods}", p.combined.last,
                  (ind.target_midterm, fmt), (p.midterm, f["pct"]), (ind.target_final, fmt),
                  (p.final, f["pct"]), p.rating, "broke at a plan revision" if p.broken else ""]
        for c, value in enumerate(values):
            _put(ws, r, c, *(value if isinstance(value, tuple) else (value,)))
    ws.autofilter(2, 0, 2 + len(history.plan.indicators), len(head) - 1)


def write_reporting(wb, f: dict, history: History, periods=None) -> None:
    """Per institution and period: on time, late or missing; and its reporting and on-time
    rates; then the rates of every period, with a line chart."""
    periods = history.periods if periods is None else periods
    codes = [p.period for p in periods]
    grid = F.reporting(history, periods)
    ws = wb.add_worksheet("Reporting rates")
    ws.write_string(0, 0, "Returns per institution and period (blank: nothing to report that "
                          "period)", f["title"])
    ws.write_row(2, 0, ["Institution", "Name", *codes, "Reporting rate", "On-time rate"],
                 f["head"])
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 40)
    ws.set_column(2, len(codes) + 3, 12)
    row = 3
    for code, states in grid.items():
        inst = history.plan.institution(code)
        ws.write_string(row, 0, code)
        _put(ws, row, 1, inst.name if inst else "")
        for j, period in enumerate(codes):
            _put(ws, row, 2 + j, states.get(period, ""))
        received, on_time = F.rates(states)
        _put(ws, row, 2 + len(codes), received, f["pct"])
        _put(ws, row, 3 + len(codes), on_time, f["pct"])
        row += 1
    row += 1
    ws.write_string(row, 0, "Every institution", f["bold"])
    ws.write_row(row + 1, 0, ["Period", "", *codes], f["head"])
    first = row + 2
    for k, label in enumerate(("Reporting rate", "On-time rate")):
        ws.write_string(first + k, 0, label)
        for j, period in enumerate(codes):
            states = {inst: s[period] for inst, s in grid.items() if s.get(period)}
            _put(ws, first + k, 2 + j, F.rates(states)[k], f["pct"])
    chart = wb.add_chart({"type": "line"})
    for k, label in enumerate(("Reporting rate", "On-time rate")):
        chart.add_series({"name": label,
                          "categories": ["Reporting rates", row + 1, 2, row + 1, 1 + len(codes)],
                          "values": ["Reporting rates", first + k, 2, first + k, 1 + len(codes)],
                          "marker": {"type": "circle"}})
    chart.set_title({"name": "Returns received and on time, per period"})
    chart.set_y_axis({"min": 0, "max": 1, "num_format": "0%"})
    chart.set_legend({"position": "bottom"})
    ws.insert_chart(first + 3, 0, chart)


def write_budget(wb, f: dict, history: History, periods=None) -> None:
    """Planned cost, spending per year and to date, and execution, by area and funding
    source."""
    ws = wb.add_worksheet("Budget to date")
    currency = history.plan.meta.currency
    ws.write_string(0, 0, f"Budget execution to date ({currency}): the plan's estimated cost "
                          "and the funds reported spent, summed over every institution and "
                          "period recorded", f["title"])
    ws.set_column(0, 0, 24)
    ws.set_column(1, 12, 14)
    row = 2
    for key, title in (("area", "Area"), ("funding_source", "Funding source")):
        rows = F.budget_to_date(history, key, periods)
        years = sorted({y for _k, _p, spent, _t, _e in rows for y in spent})
        ws.write_row(row, 0, [title, "Planned", *(f"Spent {y}" for y in years),
                              "Spent to date", "Execution"], f["head"])
        first = row + 1
        for k, planned, spent, total, execution in rows:
            row += 1
            ws.write_string(row, 0, k or "(not specified)")
            _put(ws, row, 1, planned, f["num"])
            for j, y in enumerate(years):
                _put(ws, row, 2 + j, spent.get(y), f["num"])
            _put(ws, row, 2 + len(years), total, f["num"])
            _put(ws, row, 3 + len(years), execution, f["pct"])
        if key == "area" and rows:
            chart = wb.add_chart({"type": "column"})
            for col, name in ((1, "Planned"), (2 + len(years), "Spent to date")):
                chart.add_series({"name": name,
                                  "categories": ["Budget to date", first, 0, row, 0],
                                  "values": ["Budget to date", first, col, row, col]})
            chart.set_title({"name": "Budget execution to date by area"})
            ws.insert_chart(2, len(years) + 6, chart)
        row += 3
