"""Writes the T5 document of the annual report and of the plan-to-date report from the history
store (``report.docx`` beside their workbooks): what they cover, the returns, indicators by
rating and the budget of the periods covered, the year's indicators against the year's targets
(annual report), and the trends; styled by the same reference document as the period's
report. Sections are written in the order of :attr:`HistoryDocxWriter.sections`."""

from __future__ import annotations

from pathlib import Path

from toolkit.aggregate.outputs.report_docx import DocxWriter
from toolkit.aggregate.outputs.style import RATING_FILLS


class HistoryDocxWriter(DocxWriter):
    """Writes the annual or plan-to-date document from a ``report_history.HistoryModel``."""

    sections = ("front", "overview", "year", "trends")

    def __init__(self, path: Path, model):
        super().__init__(path, model, [])

    def write(self) -> Path:
        self.page_setup()
        for key in self.sections:
            getattr(self, key)()
        self.doc.core_properties.title = self.model.identity["title"]
        self.doc.save(str(self.path))
        return self.path

    def footer_text(self) -> str:
        ident = self.model.identity
        return f"{ident['footer_left']} · {ident['footer_centre']}"

    def front(self) -> None:
        ident = self.model.identity
        self.para(ident["title"], "Title")
        self.para(ident["subtitle"])
        for line in self.model.covered:
            self.para(line)

    def overview(self) -> None:
        m, w = self.model, self.w
        self.heading(w("history.returns"), 1)
        self.table([w("column.figure"), w("column.value")],
                   [[f.label, self.number(f.value)] for f in m.returns], [4, 1], right={1})
        title = (w("history.ratings_year", year=m.year) if m.year is not None
                 else w("history.ratings_to_date"))
        self.heading(title, 1)
        rows = [[label, self.number(m.rating_counts.get(code, 0))] for code, label in m.ratings]
        fills = {(i, 0): RATING_FILLS[code] for i, (code, _l) in enumerate(m.ratings)}
        self.table([w("column.rating"), w("column.value")], rows, [4, 1], right={1},
                   fills=fills)
        self.heading(w("history.budget", currency=m.identity["currency"]), 1)
        self.table([w("column.figure"), w("column.value")],
                   [[f.label, self.number(f.value, f.kind)] for f in m.budget], [4, 1],
                   right={1})

    def year(self) -> None:
        table = self.model.indicators
        if table is None:
            return
        self.heading(table.title, 1)
        keys = ("indicator", "name", "unit", "value", "reported", "target", "achievement",
                "rating")
        self.table([table.columns[table.index(k)].label for k in keys],
                   self.cells(table, keys), [2.2, 4, 1.3, 1.4, 1.4, 1.4, 1.4, 1.8],
                   right={3, 5, 6}, size=16)


def write_history_document(path: Path, model) -> Path:
    """The document of an annual or plan-to-date report."""
    return HistoryDocxWriter(path, model).write()
