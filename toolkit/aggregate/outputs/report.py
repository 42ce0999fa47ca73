"""Writes ``report.xlsx``, the summary monitoring report (T5): overview, progress, indicators,
budget, submissions, statistics, issues and native charts.

The detail sheets hold the tidy rows; the summary figures are formulas over them (with their
values cached), so the report recalculates to the same figures as the exports.
"""

from __future__ import annotations

import datetime as dt

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from toolkit.aggregate.consolidate import figures as D
from toolkit.aggregate.outputs.report_book import ReportBook
from toolkit.aggregate.outputs.report_sheets import (
    write_detail,
    write_issues,
    write_statistics,
    write_submissions,
)
from toolkit.declarations.reporting import export_columns

NOT_SPECIFIED = "(not specified)"
"""Budget row label of activities without a value for the key, e.g. no funding source."""

def _col(columns, name: str, rows: int) -> str:
    letter = xl_col_to_name(columns.index(name))
    return f"${letter}$2:${letter}${rows + 1}"


class ReportWriter:
    """Writes the whole report workbook."""

    def __init__(self, path, ctx, tables, results, summary, created: dt.datetime):
        self.ctx, self.tables, self.results, self.summary = ctx, tables, results, summary
        self.wb = ReportBook(str(path), {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False,
                                         "strings_to_urls": False})
        self.wb.set_properties({"title": f"Monitoring report {ctx.plan.meta.code} "
                                         f"{ctx.period.code}", "created": created})
        self.f = {k: self.wb.add_format(v) for k, v in {
            "title": {"bold": True, "font_size": 14}, "bold": {"bold": True},
            "head": {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True},
            "pct": {"num_format": "0.0%"}, "num": {"num_format": "#,##0.##"},
            "date": {"num_format": "yyyy-mm-dd"}, "wrap": {"text_wrap": True}}.items()}

    def act(self, name: str) -> str:
        return "Activities!" + _col(export_columns("activities"), name,
                                    len(self.tables.activities))

    def ind(self, name: str) -> str:
        return "Indicators!" + _col(export_columns("indicators"), name,
                                    len(self.tables.indicators))

    def write(self) -> None:
        overview = self.wb.add_worksheet("Overview")
        by_area = self.wb.add_worksheet("Progress by area")
        by_objective = self.wb.add_worksheet("Progress by objective")
        budget = self.wb.add_worksheet("Budget")
        indicators = self.wb.add_worksheet("Indicators")
        write_detail(self, indicators, export_columns("indicators"), self.tables.indicators)
        self.traffic_lights(indicators)
        write_detail(self, self.wb.add_worksheet("Activities"), export_columns("activities"),
                     self.tables.activities)
        write_submissions(self, self.wb.add_worksheet("Submissions"))
        narrative = self.wb.add_worksheet("Narrative")
        write_detail(self, narrative, export_columns("narrative"), self.tables.narrative)
        text = export_columns("narrative").index("text")
        narrative.set_column(text, text, 80, self.f["wrap"])
        write_statistics(self, self.wb.add_worksheet("Statistics (restricted)"), public=False)
        write_statistics(self, self.wb.add_worksheet("Statistics (public)"), public=True)
        write_issues(self, self.wb.add_worksheet("Issues"))
        self.progress(by_area, "area", [a.code for a in self.ctx.plan.areas])
        self.progress(by_objective, "objective", [o.code for o in self.ctx.plan.objectives])
        self.budget(budget)
        self.overview(overview)
        overview.activate()
        self.wb.close()

    def traffic_lights(self, ws) -> None:
        """Colour each indicator's rating, and show achievement as a percentage."""
        last = len(self.tables.indicators)
        col = export_columns("indicators").index("rating")
        for rating, colour in (("green", "#C6EFCE"), ("amber", "#FFEB9C"), ("red", "#FFC7CE"),
                               ("grey", "#D9D9D9")):
            ws.conditional_format(1, col, last, col, {
                "type": "cell", "criteria": "==", "value": f'"{rating}"',
                "format": self.wb.add_format({"bg_color": colour})})
        achievement = export_columns("indicators").index("achievement")
        ws.set_column(achievement, achievement, 12, self.f["pct"])

    def progress(self, ws, key: str, keys: list[str]) -> None:
        """Activities by status, one row per area or objective (lead institutions' reports)."""
        counts = D.status_counts(D.lead_rows(self.tables), key)
        ws.write_string(0, 0, f"Activities by status per {key} (lead institutions' reports)",
                        self.f["title"])
        ws.write_row(2, 0, [key.capitalize()] + D.STATUSES + ["Total"], self.f["head"])
        ws.set_column(0, 0, 14)
        ws.set_column(1, len(D.STATUSES) + 1, 12)
        row = 3
        for k in keys:
            if k not in counts:
                continue
            ws.write_string(row, 0, k)
            for j, status in enumerate(D.STATUSES):
                if status == D.NO_DATA:
                    formula = (f'=SUMPRODUCT(({self.act(key)}=$A{row + 1})*'
                               f'({self.act("role")}="lead")*(LEN({self.act("status")})=0))')
                else:
                    formula = (f'=COUNTIFS({self.act(key)},$A{row + 1},{self.act("role")},'
                               f'"lead",{self.act("status")},"{status}")')
                ws.write_formula(row, j + 1, formula, None, counts[k][status])
            total_from = xl_rowcol_to_cell(row, 1)
            total_to = xl_rowcol_to_cell(row, len(D.STATUSES))
            ws.write_formula(row, len(D.STATUSES) + 1, f"=SUM({total_from}:{total_to})", None,
                             sum(counts[k].values()))
            row += 1
        self.progress_rows = getattr(self, "progress_rows", {})
        self.progress_rows[key] = (3, row - 1)

    def budget(self, ws) -> None:
        """Planned against spent by area, institution and funding source, with a chart."""
        ws.write_string(0, 0, f"Budget: planned (estimated cost) and spent in "
                              f"{self.ctx.period.code}, {self.ctx.plan.meta.currency}",
                        self.f["title"])
        ws.set_column(0, 0, 22)
        ws.set_column(1, 3, 14)
        row = 2
        self.budget_rows = {}
        for key, title in (("area", "By area"), ("institution", "By institution"),
                           ("funding_source", "By funding source")):
            ws.write_string(row, 0, title, self.f["bold"])
            ws.write_row(row + 1, 0, [title[3:].capitalize(), "Planned", "Spent",
                                      "Execution"], self.f["head"])
            row += 2
            first = row
            for k, (planned, spent) in D.budget_by(self.tables, key).items():
                # A blank key (an activity without a funding source) gets a label, and a
                # criterion that matches blank cells: an empty criteria cell matches none.
                ws.write_string(row, 0, k or NOT_SPECIFIED)
                match = f"$A{row + 1}" if k else '""'
                ws.write_formula(row, 1, f'=SUMIFS({self.act("budget")},{self.act(key)},'
                                         f'{match},{self.act("role")},"lead")',
                                 self.f["num"], planned)
                ws.write_formula(row, 2, f'=SUMIFS({self.act("spent")},{self.act(key)},'
                                         f'{match})', self.f["num"], spent)
                ws.write_formula(row, 3, f'=IF(B{row + 1}=0,"",C{row + 1}/B{row + 1})',
                                 self.f["pct"], spent / planned if planned else "")
                row += 1
            self.budget_rows[key] = (first, row - 1)
            row += 1
        ws.insert_chart(2, 5, self.budget_chart())

    def budget_chart(self):
        """Planned against spent per area, as a column chart over the Budget sheet."""
        first, last = self.budget_rows["area"]
        chart = self.wb.add_chart({"type": "column"})
        for col, name in ((1, "Planned"), (2, "Spent")):
            chart.add_series({"name": name, "categories": ["Budget", first, 0, last, 0],
                              "values": ["Budget", first, col, last, col]})
        chart.set_title({"name": "Budget execution by area"})
        return chart

    def overview(self, ws) -> None:
        """The headline dashboard: returns, implementation, indicators, budget, completeness."""
        meta, s = self.ctx.plan.meta, self.summary
        ws.set_column(0, 0, 44)
        ws.set_column(1, 1, 16)
        ws.write_string(0, 0, f"Monitoring report: {meta.title}", self.f["title"])
        ws.write_string(1, 0, f"{meta.country}. Plan {meta.code} version {meta.version}; "
                              f"period {self.ctx.period.code} ({self.ctx.period.start} to "
                              f"{self.ctx.period.end}); returns due {self.ctx.deadline}.")
        if self.ctx.previous is not None:
            ws.write_string(2, 0, f"Running totals compared with {self.ctx.previous.when}: "
                                  f"{self.ctx.previous.path}")
        sub = self.submission_range
        rows = [
            ("Returns expected", f'=COUNTIF({sub("expected")},"yes")', s["expected"]),
            ("Returns received", f'=COUNTIFS({sub("expected")},"yes",{sub("state")},"received")',
             s["received"]),
            ("Received on time", f'=COUNTIF({sub("timeliness")},"on time")', s["on_time"]),
            ("Received late", f'=COUNTIF({sub("timeliness")},"late")', s["late"]),
            ("Missing", f'=COUNTIF({sub("state")},"missing")', s["missing"]),
            ("Files rejected", f'=COUNTIF({sub("verdict")},"rejected")', s["rejected"]),
        ]
        ws.write_string(3, 0, "Returns", self.f["bold"])
        for i, (label, formula, value) in enumerate(rows):
            ws.write_string(4 + i, 0, label)
            ws.write_formula(4 + i, 1, formula, None, value)
        lead, due = f'{self.act("role")},"lead"', f'{self.act("due")},"yes"'
        rate = D.implementation_rate(D.lead_rows(self.tables))
        ws.write_string(11, 0, "Implementation rate (completed of activities due)",
                        self.f["bold"])
        ws.write_formula(11, 1, f'=IFERROR(COUNTIFS({lead},{due},{self.act("status")},'
                                f'"Completed")/COUNTIFS({lead},{due}),"")', self.f["pct"],
                         "" if rate is None else rate)
        ratings = D.rating_counts(self.tables)
        ws.write_string(13, 0, "Indicators by rating", self.f["bold"])
        labels = {"green": "On track (green)", "amber": "At risk (amber)",
                  "red": "Off track (red)", "grey": "No data (grey)",
                  "not rated": "Not rated (context-dependent)"}
        for i, r in enumerate(D.RATINGS):
            ws.write_string(14 + i, 0, labels[r])
            ws.write_formula(14 + i, 1, f'=COUNTIF({self.ind("rating")},"{r}")', None,
                             ratings.get(r, 0))
        self.overview_budget(ws, 20)
        ws.write_string(24, 0, "Data completeness (required inputs filled)", self.f["bold"])
        ws.write_formula(24, 1, f'=IFERROR(SUM({sub("filled")})/SUM({sub("required")}),"")',
                         self.f["pct"], s["completeness"])
        self.overview_charts(ws)

    def overview_budget(self, ws, row: int) -> None:
        first, last = self.budget_rows["area"]
        by_area = D.budget_by(self.tables, "area").values()
        planned, spent = sum(p for p, _s in by_area), sum(s for _p, s in by_area)
        ws.write_string(row, 0, f"Budget ({self.ctx.plan.meta.currency})", self.f["bold"])
        for i, (label, col, value) in enumerate((("Planned", "B", planned),
                                                 ("Spent in the period", "C", spent))):
            ws.write_string(row + 1 + i, 0, label)
            ws.write_formula(row + 1 + i, 1, f"=SUM(Budget!{col}{first + 1}:{col}{last + 1})",
                             self.f["num"], value)

    def overview_charts(self, ws) -> None:
        first, last = self.progress_rows["area"]
        chart = self.wb.add_chart({"type": "bar", "subtype": "stacked"})
        for j, status in enumerate(D.STATUSES):
            chart.add_series({"name": status,
                              "categories": ["Progress by area", first, 0, last, 0],
                              "values": ["Progress by area", first, j + 1, last, j + 1]})
        chart.set_title({"name": "Activities by status per area"})
        ws.insert_chart(3, 3, chart, {"x_scale": 1.4})
        pie = self.wb.add_chart({"type": "pie"})
        pie.add_series({"name": "Indicators by rating", "categories": ["Overview", 14, 0, 18, 0],
                        "values": ["Overview", 14, 1, 18, 1],
                        "points": [{"fill": {"color": c}} for c in
                                   ("#70AD47", "#FFC000", "#C00000", "#A6A6A6", "#5B9BD5")]})
        pie.set_title({"name": "Indicators by rating"})
        ws.insert_chart(19, 3, pie)
        ws.insert_chart(35, 3, self.budget_chart())
