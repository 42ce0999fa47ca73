"""The trend sheets of a report from the history store: each indicator's series against its
targets (a table, and a native line chart per indicator on a sheet of charts), progress to date
against the mid-term and final targets, reporting and on-time rates per institution over the
periods, and budget execution to date. Each sheet prints like the others: landscape, as wide as
the paper, its headings repeated, the plan and period in the footer.

The figures and words come from the report model's :class:`report_trends.Trends`; this module
only lays them out (mixed into the report writers, which give ``wb``, ``f``, ``words``,
``identity`` and ``trends``).
"""

from __future__ import annotations

from toolkit.aggregate.consolidate.report_trends import LINES
from toolkit.aggregate.outputs.report_sheets import heights, write_cell
from toolkit.aggregate.outputs.style import (
    BUDGET_COLOURS,
    GREEN,
    RATING_FILLS,
    print_setup,
)
from toolkit.xlsx.rows import fitted_height

CHART_ROWS, CHART_COLUMNS = 16, 8
"""Cells a chart takes on the charts sheet (its default size is 480 x 288 pixels)."""
CHARTS_A_PAGE = 4
"""Charts on a printed landscape page: two rows of two."""
DEFAULT_WIDTH = 8.43
"""Excel's default column width, in characters."""
ACTUAL, TARGET = "#4472C4", "#ED7D31"
TREND_SECTIONS = ("trends_series", "trends_charts", "trends_progress", "trends_reporting",
                  "trends_budget")
"""The trend sheets in order, each written by the method of its name."""


def sheet_name(words, key: str) -> str:
    """The name of a report sheet, a trend sheet's included."""
    if key.startswith("trends_"):
        return words(f"trends.sheet.{key.removeprefix('trends_')}")
    return words(f"sheet.{key}")


class TrendWriter:
    """The trend sheets (mixed into the report writers)."""

    def trend_table(self, ws, row: int, table) -> int:
        """A table's headings at ``row`` and its rows under them, each row as high as its
        wrapped text; the row after the last."""
        ws.write_row(row, 0, [c.label for c in table.columns], self.f["head"])
        ws.set_row(row, fitted_height([(c.label, c.width) for c in table.columns], bold=True))
        for r, height in enumerate(heights(table), start=row + 1):
            if height:
                ws.set_row(r, height)
        for r, values in enumerate(table.rows, start=row + 1):
            for c, (column, value) in enumerate(zip(table.columns, values)):
                write_cell(ws, r, c, value, self.f.get(column.kind, self.f["text"]))
        return row + 1 + len(table.rows)

    def trend_columns(self, ws, table) -> None:
        for c, column in enumerate(table.columns):
            ws.set_column(c, c, column.width)

    def trend_heading(self, ws, title: str, note: str = "", table=None) -> None:
        """The sheet's title and note, each wrapped across the columns of ``table`` (so the
        page fits the table, not a long line of text)."""
        count, width = (len(table.columns), sum(c.width for c in table.columns)) \
            if table is not None else (2 * CHART_COLUMNS, 2 * CHART_COLUMNS * DEFAULT_WIDTH)
        for row, text, key, points in ((0, title, "title_wrap", 16), (1, note, "subtitle_wrap",
                                                                       11)):
            if not text:
                continue
            ws.merge_range(row, 0, row, count - 1, text, self.f[key])
            ws.set_row(row, fitted_height([(text, width * 11 / points)], points,
                                          bold=key == "title_wrap"))

    def trends_series(self, ws) -> None:
        """Two lines per indicator (actual and target), a column per period."""
        t = self.trends
        self.trend_heading(ws, t.series.title, t.text["lead"], t.series)
        self.trend_columns(ws, t.series)
        self.trend_table(ws, 3, t.series)
        ws.freeze_panes(4, LINES)
        print_setup(ws, self.words, self.identity, heading_rows=3)

    def trends_charts(self, ws) -> None:
        """A line chart per indicator, two to a row: its values against its targets."""
        t = self.trends
        self.trend_heading(ws, self.words("trends.charts_title"))
        series = sheet_name(self.words, "trends_series")
        last = LINES + len(t.periods) - 1
        for n, spec in enumerate(t.charts):
            chart = self.wb.add_chart({"type": "line"})
            for row, colour, marker, dash in ((spec.actual, ACTUAL, "circle", "solid"),
                                              (spec.target, TARGET, "none", "dash")):
                chart.add_series({
                    "name": [series, 4 + row, LINES - 1],
                    "categories": [series, 3, LINES, 3, last],
                    "values": [series, 4 + row, LINES, 4 + row, last],
                    "line": {"color": colour, "dash_type": dash, "width": 1.75},
                    "marker": {"type": marker, "size": 5, "fill": {"color": colour},
                               "border": {"color": colour}}})
            chart.set_title({"name": spec.title[:80], "name_font": {"size": 10, "bold": True}})
            chart.set_legend({"position": "bottom", "font": {"size": 8}})
            chart.set_y_axis({"num_font": {"size": 8}, "major_gridlines": {"visible": True}})
            chart.set_x_axis({"num_font": {"size": 8}})
            chart.show_blanks_as("gap")
            ws.insert_chart(2 + (n // 2) * CHART_ROWS, (n % 2) * CHART_COLUMNS, chart)
        rows = CHARTS_A_PAGE // 2 * CHART_ROWS
        ws.set_h_pagebreaks([2 + rows * k for k in range(1, -(-len(t.charts) // CHARTS_A_PAGE))])
        print_setup(ws, self.words, self.identity)

    def trends_progress(self, ws) -> None:
        """Every indicator to date against its mid-term and final targets."""
        table = self.trends.progress
        self.trend_heading(ws, table.title, self.words("trends.progress_note"), table)
        self.trend_columns(ws, table)
        end = self.trend_table(ws, 3, table)
        ws.freeze_panes(4, 2)
        ws.autofilter(3, 0, max(end - 1, 4), len(table.columns) - 1)
        rating = table.index("rating")
        for code, label in self.ratings:
            ws.conditional_format(4, rating, max(end - 1, 4), rating, {
                "type": "cell", "criteria": "==", "value": f'"{label}"',
                "format": self.wb.add_format({"bg_color": RATING_FILLS[code]})})
        print_setup(ws, self.words, self.identity, heading_rows=3)

    def trends_reporting(self, ws) -> None:
        """Per institution and period; then the rates of every period, with a line chart."""
        t = self.trends
        self.trend_heading(ws, t.reporting.title, "", t.reporting)
        self.trend_columns(ws, t.reporting)
        row = self.trend_table(ws, 3, t.reporting) + 1
        ws.write_string(row, 0, t.overall.title, self.f["group"])
        first = row + 2
        self.trend_table(ws, row + 1, t.overall)
        if t.covered:
            last = len(t.covered)
            chart = self.wb.add_chart({"type": "line"})
            for k, colour in enumerate((ACTUAL, GREEN)):
                chart.add_series({"name": [ws.name, first + k, 0],
                                  "categories": [ws.name, row + 1, 2, row + 1, last + 1],
                                  "values": [ws.name, first + k, 2, first + k, last + 1],
                                  "line": {"color": colour}, "marker": {"type": "circle"}})
            chart.set_title({"name": self.words("trends.reporting_chart"),
                             "name_font": {"size": 11}})
            chart.set_y_axis({"min": 0, "max": 1, "num_format": "0%"})
            chart.set_legend({"position": "bottom"})
            ws.insert_chart(first + 3, 0, chart)
        ws.freeze_panes(4, 2)
        print_setup(ws, self.words, self.identity, heading_rows=3)

    def trends_budget(self, ws) -> None:
        """Planned, spent per year and to date, execution: by area (with a chart), then by
        funding source."""
        t = self.trends
        area, source = t.budget["area"], t.budget["funding_source"]
        self.trend_heading(ws, t.text["budget_title"], "", area)
        self.trend_columns(ws, area)
        ws.write_string(3, 0, area.title, self.f["group"])
        end = self.trend_table(ws, 4, area)
        if area.rows:
            self.budget_to_date_chart(ws, 5, end - 1, area)
            end += 17
        ws.write_string(end + 1, 0, source.title, self.f["group"])
        self.trend_table(ws, end + 2, source)
        print_setup(ws, self.words, self.identity)

    def budget_to_date_chart(self, ws, first: int, last: int, table) -> None:
        chart = self.wb.add_chart({"type": "bar"})
        for colour, key in zip(BUDGET_COLOURS, ("planned", "spent")):
            col = table.index(key)
            chart.add_series({"name": [ws.name, first - 1, col],
                              "categories": [ws.name, first, 1, last, 1],
                              "values": [ws.name, first, col, last, col],
                              "fill": {"color": colour}, "border": {"none": True}})
        chart.set_title({"name": self.trends.text["budget_chart"], "name_font": {"size": 11}})
        chart.set_legend({"position": "bottom", "font": {"size": 8}})
        chart.set_y_axis({"reverse": True, "num_font": {"size": 8}})
        chart.set_x_axis({"num_font": {"size": 8}, "num_format": "#,##0"})
        chart.set_size({"width": 620, "height": 300})
        ws.insert_chart(last + 2, 1, chart)
