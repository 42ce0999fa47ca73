"""Writes the annual report (one calendar year's periods) and the plan-to-date report (every
period recorded) from the history store, in the plan's language: an overview, the year's
indicators against the year's targets (annual report), then the trend sheets; every sheet
print-ready. Sections are written in the order of :attr:`HistoryReportWriter.sections`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from toolkit.aggregate.consolidate.report_history import HistoryModel, build_history_report
from toolkit.aggregate.consolidate.report_parts import Words
from toolkit.aggregate.outputs.report import FORMATS
from toolkit.aggregate.outputs.report_book import ReportBook
from toolkit.aggregate.outputs.style import RATING_COLOURS, print_setup
from toolkit.aggregate.outputs.trends import TREND_SECTIONS, TrendWriter, sheet_name
from toolkit.declarations.labels import labels
from toolkit.history.series import History


class HistoryReportWriter(TrendWriter):
    """Writes the annual or plan-to-date workbook from a :class:`HistoryModel`."""

    sections = ("overview", "year", *TREND_SECTIONS)
    """The sheets in order; ``year`` only in the annual report."""

    def __init__(self, path: Path, model: HistoryModel, created: dt.datetime):
        self.model, self.words, self.identity = model, model.words, model.identity
        self.trends, self.ratings = model.trends, model.ratings
        self.wb = ReportBook(str(path), {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False,
                                         "strings_to_urls": False})
        self.wb.set_properties({"title": model.identity["title"], "created": created})
        self.f = {k: self.wb.add_format(v) for k, v in FORMATS.items()}

    def write(self) -> None:
        for key in self.sections:
            if key == "year" and self.model.indicators is None:
                continue
            name = (self.words("history.year_sheet", year=self.model.year) if key == "year"
                    else sheet_name(self.words, key))
            getattr(self, key)(self.wb.add_worksheet(name))
        self.wb.worksheets()[0].activate()
        self.wb.close()

    def figures(self, ws, row: int, title: str, figures) -> int:
        """A titled list of figures from ``row``; the row after the last."""
        ws.write_string(row, 0, title, self.f["group"])
        for n, figure in enumerate(figures, start=row + 1):
            ws.write_string(n, 0, figure.label)
            ws.write_number(n, 1, figure.value, self.f[figure.shown_as])
        return row + 1 + len(figures)

    def overview(self, ws) -> None:
        """What the report covers, the returns, indicators by rating (with a pie) and the
        budget, on one printed page."""
        m, w = self.model, self.words
        ws.set_column(0, 0, 52)
        ws.set_column(1, 1, 16)
        ws.write_string(0, 0, m.identity["title"], self.f["title"])
        ws.write_string(1, 0, m.identity["subtitle"], self.f["subtitle"])
        for n, line in enumerate(m.covered, start=2):
            ws.write_string(n, 0, line)
        row = self.figures(ws, 3 + len(m.covered), w("history.returns"), m.returns) + 1
        title = (w("history.ratings_year", year=m.year) if m.year is not None
                 else w("history.ratings_to_date"))
        ws.write_string(row, 0, title, self.f["group"])
        for n, (code, label) in enumerate(m.ratings, start=row + 1):
            ws.write_string(n, 0, label)
            ws.write_number(n, 1, m.rating_counts.get(code, 0), self.f["count"])
        pie = self.wb.add_chart({"type": "pie"})
        last = row + len(m.ratings)
        pie.add_series({"name": title, "categories": [ws.name, row + 1, 0, last, 0],
                        "values": [ws.name, row + 1, 1, last, 1],
                        "points": [{"fill": {"color": RATING_COLOURS[code]}}
                                   for code, _label in m.ratings]})
        pie.set_title({"name": title, "name_font": {"size": 11}})
        ws.insert_chart(2, 3, pie)
        row += len(m.ratings) + 2
        self.figures(ws, row, w("history.budget", currency=m.identity["currency"]), m.budget)
        print_setup(ws, w, m.identity, one_page=True)

    def year(self, ws) -> None:
        """The year's indicators against the year's targets."""
        table = self.model.indicators
        self.trend_heading(ws, table.title, "", table)
        self.trend_columns(ws, table)
        end = self.trend_table(ws, 3, table)
        ws.freeze_panes(4, 2)
        ws.autofilter(3, 0, max(end - 1, 4), len(table.columns) - 1)
        print_setup(ws, self.words, self.identity, heading_rows=3)


def write_history_report(path: Path, history: History, year: int | None,
                         created: dt.datetime) -> Path:
    """The annual report of ``year``, or the plan-to-date report when ``year`` is None: the
    workbook at ``path`` and the T5 document beside it (``.docx``)."""
    from toolkit.aggregate.outputs.history_docx import write_history_document

    language = history.plan.meta.language
    model = build_history_report(Words(labels(language), language), history, year)
    HistoryReportWriter(path, model, created).write()
    write_history_document(path.with_suffix(".docx"), model)
    return path
