"""Writes ``report.xlsx`` for the national coordination body from the report model: an
Overview dashboard, progress by area, goal and objective, and the detail sheets, every one
print-ready, in the plan's language.

The detail sheets hold the rows of the model; the summary figures are formulas over them, with
the model's figures as their cached values, so the report recalculates to the same figures as
the exports. Sections are written in the order of :attr:`ReportWriter.sections`; a new section
is one more method there.
"""

from __future__ import annotations

import datetime as dt

from toolkit.aggregate.outputs.report_blocks import BlockWriter
from toolkit.aggregate.outputs.report_book import ReportBook
from toolkit.aggregate.outputs.report_sheets import SheetWriter
from toolkit.aggregate.outputs.style import (
    BUDGET_COLOURS,
    RATING_COLOURS,
    STATUS_COLOURS,
    print_setup,
)
from toolkit.aggregate.outputs.trends import TREND_SECTIONS, TrendWriter, sheet_name

FORMATS = {
    "title": {"bold": True, "font_size": 16},
    "subtitle": {"italic": True, "font_color": "#404040"},
    "title_wrap": {"bold": True, "font_size": 16, "text_wrap": True, "valign": "top"},
    "subtitle_wrap": {"italic": True, "font_color": "#404040", "text_wrap": True,
                      "valign": "top"},
    "group": {"bold": True, "font_size": 12, "bottom": 1},
    "bold": {"bold": True},
    "head": {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
             "valign": "top"},
    "share": {"num_format": "0.0%", "valign": "top"},
    "count": {"num_format": "#,##0", "valign": "top"},
    "amount": {"num_format": "#,##0", "valign": "top"},
    "number": {"num_format": "General", "valign": "top"},
    "date": {"num_format": "yyyy-mm-dd", "valign": "top"},
    "status": {"valign": "top"}, "rating": {"valign": "top", "text_wrap": True},
    "long": {"text_wrap": True, "valign": "top"},
    "text": {"valign": "top"}, "code": {"valign": "top"},
    "right_count": {"align": "right", "num_format": "#,##0", "valign": "top"},
    "head_right": {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                   "valign": "top", "align": "right"},
}


class ReportWriter(SheetWriter, BlockWriter, TrendWriter):
    """Writes the whole report workbook from a :class:`ReportModel`."""

    sections = ("overview", "progress", "indicators", "activities", "budget", *TREND_SECTIONS,
                "submissions", "statistics_restricted", "statistics_public", "narrative",
                "followup", "decisions", "findings")
    """The sheets in order; each is written by the method of its name (the trend sheets only
    when the model has trends, from a history store)."""
    summaries = ("progress", "budget", "overview")
    """Sheets of formulas over the others: written after them, the Overview last."""

    def __init__(self, path, model, created: dt.datetime, previous: str = ""):
        self.model, self.words, self.previous = model, model.words, previous
        self.identity, self.trends, self.ratings = model.identity, model.trends, model.ratings
        self.wb = ReportBook(str(path), {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False,
                                         "strings_to_urls": False})
        self.wb.set_properties({"title": model.identity["title"], "created": created,
                                "subject": model.identity["period"]})
        self.f = {k: self.wb.add_format(v) for k, v in FORMATS.items()}
        self.ranges: dict[str, dict] = {}

    def write(self) -> None:
        """Every section, then the file."""
        shown = [key for key in self.sections
                 if self.trends is not None or key not in TREND_SECTIONS]
        sheets = {key: self.wb.add_worksheet(sheet_name(self.words, key)) for key in shown}
        for key in [k for k in shown if k not in self.summaries] + list(self.summaries):
            getattr(self, key)(sheets[key])
        sheets["overview"].activate()
        self.wb.close()

    # -- the Overview ----------------------------------------------------------------------
    def overview(self, ws) -> None:
        """Headline figures on the left, the charts on the right, on one printed page."""
        ident = self.model.identity
        ws.set_column(0, 0, 46)
        ws.set_column(1, 1, 16)
        ws.set_column(2, 2, 2)
        ws.write_string(0, 0, ident["title"], self.f["title"])
        ws.write_string(1, 0, ident["subtitle"], self.f["subtitle"])
        if self.previous:
            ws.write_string(2, 0, self.previous, self.f["subtitle"])
        rows, row = [], 4
        for group, figures in self.model.headline.items():
            rows.append((row, group, None))
            for n, figure in enumerate(figures, start=1):
                rows.append((row + n, group, figure))
                self.ranges.setdefault("overview", {})[figure.key] = row + n
            row += len(figures) + 2
        for row, group, figure in rows:
            if figure is None:
                ws.write_string(row, 0, self.words(f"group.{group}"), self.f["group"])
                ws.write_blank(row, 1, None, self.f["group"])
            else:
                ws.write_string(row, 0, figure.label)
                self.figure(ws, row, figure)
        self.charts(ws)
        print_setup(ws, self.words, ident, one_page=True)

    def figure(self, ws, row: int, figure) -> None:
        fmt = self.f[figure.shown_as]
        formula = self.formula(figure.key, row)
        value = figure.value
        if formula:
            ws.write_formula(row, 1, formula, fmt, value)
        elif isinstance(value, (int, float)):
            ws.write_number(row, 1, value, fmt)
        else:
            ws.write_string(row, 1, str(value), fmt)

    def formula(self, key: str, row: int) -> str:
        """The formula that recomputes a headline figure from the detail sheets, or ""."""
        w, sub, act, ind = self.words, self.ref("submissions"), self.ref("activities"), \
            self.ref("indicators")
        lead = f'{act("role")},"{w.label("report.role.lead")}"'
        due = f'{act("due")},"{w.label("report.yes")}"'
        done = f'{act("status")},"{w.status("Completed")}"'
        positions = self.ranges.get("overview", {})
        simple = {
            "expected": f'=COUNTIF({sub("expected")},"{w("yes")}")',
            "received": f'=COUNTIF({sub("state")},"{w("state.received")}")',
            "on_time": f'=COUNTIF({sub("timeliness")},"{w("timeliness.on_time")}")',
            "late": f'=COUNTIF({sub("timeliness")},"{w("timeliness.late")}")',
            "missing": f'=COUNTIF({sub("state")},"{w("state.missing")}")',
            "rejected": f'=COUNTIF({sub("verdict")},"{w.code("verdict", "rejected")}")',
            "implementation_rate": f"=IFERROR(COUNTIFS({lead},{due},{done})/"
                                   f"COUNTIFS({lead},{due}),\"\")",
            "due": f"=COUNTIFS({lead},{due})", "completed": f"=COUNTIFS({lead},{due},{done})",
            "indicators": f'=COUNTIF({ind("breakdown")},"{w("total")}")',
            "completeness": f'=IFERROR(SUM({sub("filled")})/SUM({sub("required")}),"")',
        }
        if key in simple:
            return simple[key]
        if key.startswith("status:"):
            code = key.partition(":")[2]
            if code == "No data":
                return (f'=SUMPRODUCT(({act("role")}="{w.label("report.role.lead")}")*'
                        f'(LEN({act("status")})=0))')
            return f'=COUNTIFS({lead},{act("status")},"{w.status(code)}")'
        if key.startswith("rating:"):
            label = self.model.rating_label(key.partition(":")[2])
            return f'=COUNTIF({ind("rating")},"{label}")'
        shares = {"timeliness": ("on_time", "expected"), "on_track": ("rating:green",
                                                                      "indicators"),
                  "execution": ("spent", "allocated")}
        if key in shares and all(k in positions for k in shares[key]):
            top, bottom = (positions[k] + 1 for k in shares[key])
            return f'=IF(B{bottom}=0,"",B{top}/B{bottom})'
        if key in ("planned", "allocated", "spent"):
            return self.budget_total(key)
        return ""

    def charts(self, ws) -> None:
        """Activities by status and indicators by rating per area, and budget by area, in
        fixed colours, one under the other beside the figures."""
        top = 4
        for chart in (self.status_chart(), self.rating_chart(), self.budget_chart()):
            ws.insert_chart(top, 3, chart, {"x_offset": 4, "y_offset": 2,
                                            "object_position": 1})
            top += 16

    def _bar_chart(self, title: str, block: str, series) -> object:
        sheet, first, last, name_col, cols = self.ranges[block]["chart"]
        chart = self.wb.add_chart({"type": "bar", "subtype": "stacked"})
        for (label, colour), col in zip(series, cols):
            chart.add_series({"name": label, "categories": [sheet, first, name_col, last,
                                                              name_col],
                              "values": [sheet, first, col, last, col],
                              "fill": {"color": colour}, "border": {"none": True},
                              "gap": 60})
        chart.set_title({"name": title, "name_font": {"size": 11}})
        chart.set_legend({"position": "bottom", "font": {"size": 8}})
        chart.set_y_axis({"reverse": True, "num_font": {"size": 8}})
        chart.set_x_axis({"num_font": {"size": 8}, "major_gridlines": {"visible": True}})
        chart.set_size({"width": 620, "height": 300})
        return chart

    def status_chart(self):
        return self._bar_chart(self.words("chart.status_by_area"), "status_by_area",
                               [(label, STATUS_COLOURS[code])
                                for code, label in self.model.statuses])

    def rating_chart(self):
        return self._bar_chart(self.words("chart.rating_by_area"), "rating_by_area",
                               [(label, RATING_COLOURS[code])
                                for code, label in self.model.ratings])

    def budget_chart(self):
        sheet, first, last, name_col, cols = self.ranges["budget_area"]["chart"]
        chart = self.wb.add_chart({"type": "bar"})
        for label, colour, col in zip((self.words("column.allocated"),
                                       self.words("column.spent_to_date")), BUDGET_COLOURS,
                                      cols):
            chart.add_series({"name": label, "categories": [sheet, first, name_col, last,
                                                              name_col],
                              "values": [sheet, first, col, last, col],
                              "fill": {"color": colour}, "border": {"none": True}})
        chart.set_title({"name": self.words("chart.budget_by_area",
                                            currency=self.model.identity["currency"]),
                         "name_font": {"size": 11}})
        chart.set_legend({"position": "bottom", "font": {"size": 8}})
        chart.set_y_axis({"reverse": True, "num_font": {"size": 8}})
        chart.set_x_axis({"num_font": {"size": 8}, "num_format": "#,##0"})
        chart.set_size({"width": 620, "height": 300})
        return chart
