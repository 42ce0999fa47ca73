"""Lays out the evaluation documents (templates T8 and T9): the evaluation matrix as a workbook
of read-only tables, and the terms of reference as a Word document in the styles of the
reference document the T5 report takes (``workbook_templates/report-reference.docx``), so that
a country restyles both at once."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from docx.shared import Cm

from toolkit.aggregate.consolidate.report_parts import written_number
from toolkit.aggregate.outputs import docx_parts as P
from toolkit.aggregate.outputs.report_docx import TABLE_STYLE, blank_document
from toolkit.documents.tables import Prefixed, Table, TableColumn, write_tables
from toolkit.history.evaluation import CRITERIA, QUESTIONS, MatrixRow
from toolkit.history.figures import planned_by, spent_by_year
from toolkit.history.series import History
from toolkit.language import codelist_label

MATRIX_COLUMNS = (("criterion", 16), ("question", 40), ("sub", 34), ("judgement", 36),
                  ("sources", 30), ("available", 34), ("methods", 26), ("stakeholders", 26),
                  ("limitations", 26))


class Words(Prefixed):
    """The evaluation's labels in one language, and shares as its readers write them."""

    prefix = "evaluation"

    def percent(self, share) -> str:
        if share is None:
            return "–"
        return self.text["monitoring.format.percent"].format(value=self.number(share * 100))

    def number(self, value) -> str:
        return written_number(value, 0, self.text["monitoring.format.decimal"],
                              self.text["monitoring.format.thousands"])

    def kind(self, kind: str) -> str:
        return self("type_midterm" if kind == "mid-term" else "type_final")


def write_matrix(path: Path, history: History, rows: list[MatrixRow], words: Words,
                 kind: str) -> Path:
    """The evaluation matrix (T9), one row per question.

    Raises:
        FileCreateError: the file cannot be written.
    """
    meta = history.plan.meta
    title = words("title_matrix", type=words.kind(kind), plan=meta.title)
    columns = tuple(TableColumn(words(f"column.{key}"), width) for key, width in MATRIX_COLUMNS)
    table = Table(words("sheet_matrix"), title, words(
        "matrix_intro", periods=", ".join(history.codes) or words("nothing_recorded")),
        columns, [tuple(getattr(r, key) for key, _w in MATRIX_COLUMNS) for r in rows])
    footer = "&L" + words("page_footer", plan=meta.code, version=meta.version) \
        .replace("&", "&&") + "&R&P / &N"
    return write_tables(path, title, (table,), footer)


class TermsOfReference:
    """Writes the terms of reference (T8) of the plan's evaluation."""

    def __init__(self, path: Path, history: History, words: Words, kind: str):
        self.path, self.history, self.plan, self.w = Path(path), history, history.plan, words
        self.kind = kind
        self.doc, self.sect_pr = blank_document()
        self.table_style = self.doc.styles[TABLE_STYLE].style_id

    def para(self, text: str, style: str | None = None) -> None:
        style_id = self.doc.styles[style].style_id if style else None
        self.sect_pr.addprevious(P.paragraph(text, style_id, style is not None
                                             and style.startswith("Heading")))

    def t(self, key: str, **params) -> str:
        return self.w(f"tor.{key}", **params)

    def write(self) -> Path:
        meta, w = self.plan.meta, self.w
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        P.page_footer(section, w("page_footer", plan=meta.code, version=meta.version),
                      w.text["monitoring.page"])
        self.para(w("title_tor", type=w.kind(self.kind), plan=meta.title), "Title")
        self.para(f"{meta.country} · {meta.code} {meta.version}", "Subtitle")
        for part in (self.background, self.funding, self.purpose, self.criteria,
                     self.methodology, self.annexes):
            part()
        props = self.doc.core_properties
        props.title = w("title_tor", type=w.kind(self.kind), plan=meta.title)
        props.author = self.office()
        self.doc.save(str(self.path))
        return self.path

    def office(self) -> str:
        found = self.plan.institution(self.plan.meta.coordinating_office)
        return found.name if found else self.plan.meta.coordinating_office

    def background(self) -> None:
        plan, meta, todo = self.plan, self.plan.meta, self.w("to_complete")
        self.para(self.t("background"), "Heading 1")
        self.para(self.t("background_text", plan=meta.title, country=meta.country,
                         start=meta.start.isoformat(), end=meta.end.isoformat(),
                         office=self.office(), institutions=len(plan.institutions),
                         ngos=sum(1 for i in plan.institutions if i.type == "ngo"),
                         cost=self.w.number(sum(a.cost or 0 for a in plan.activities)),
                         currency=meta.currency))
        self.para(self.t("areas"))
        goals = {g.code: g.area for g in plan.goals}
        for area in plan.areas:
            self.para(f"{area.code} {area.label}", "List Bullet")
            for obj in plan.objectives:
                if goals.get(obj.goal) == area.code:
                    self.para(self.t("objective", code=obj.code, title=obj.title),
                              "List Bullet 2")
        self.para(self.t("evaluation_type", type=self.w.kind(self.kind), todo=todo))

    def funding(self) -> None:
        plan, w = self.plan, self.w
        self.para(self.t("funding"), "Heading 1")
        self.para(self.t("funding_text"))
        planned = planned_by(plan, "funding_source")
        spent = spent_by_year(self.history, "funding_source")
        years = sorted({y for by in spent.values() for y in by})
        rows = [[codelist_label(w.language, "funding_source", source) if source else "–",
                 w.number(planned.get(source, 0)),
                 *(w.number(spent.get(source, {}).get(y, 0)) for y in years)]
                for source in sorted(set(planned) | set(spent))]
        self.sect_pr.addprevious(P.table(
            [self.t("column_source"), self.t("column_planned"), *map(str, years)], rows,
            [3, 2] + [1.5] * len(years), self.table_style, set(range(1, 2 + len(years)))))
        if not years:
            self.para(self.t("funding_none"))

    def purpose(self) -> None:
        plan, meta = self.plan, self.plan.meta
        for key, text in (("purpose", self.t("purpose_text")),
                          ("scope", self.t("scope_text", start=meta.start.isoformat(),
                                           end=meta.end.isoformat(), areas=len(plan.areas),
                                           objectives=len(plan.objectives),
                                           periods=", ".join(self.history.codes) or "–"))):
            self.para(self.t(key), "Heading 1")
            self.para(text)

    def criteria(self) -> None:
        self.para(self.t("criteria"), "Heading 1")
        self.para(self.t("criteria_text"))
        for criterion in CRITERIA:
            self.para(self.w(f"criterion.{criterion}"), "Heading 2")
            for n in range(1, QUESTIONS[criterion] + 1):
                self.para(self.w(f"{criterion}.q{n}"), "List Bullet")
            self.para(self.w(f"{criterion}.sub"))

    def methodology(self) -> None:
        todo = self.w("to_complete")
        for key, items in (("methodology", "methodology_items"),
                           ("timeframe", "timeframe_items")):
            self.para(self.t(key), "Heading 1")
            for item in re.split(r"\s*;\s*", self.t(items, todo=todo)):
                self.para(item.rstrip("."), "List Bullet")
        for key, text in (("team", self.t("team_text")),
                          ("management", self.t("management_text", office=self.office())),
                          ("payment", self.t("payment_text", todo=todo))):
            self.para(self.t(key), "Heading 1")
            self.para(text)

    def annexes(self) -> None:
        plan, meta = self.plan, self.plan.meta
        self.para(self.t("annexes"), "Heading 1")
        self.para(self.t("documents"), "Heading 2")
        sources = sorted({r.source for r in plan.recommendations})
        self.para(self.t("documents_items", code=meta.code, version=meta.version,
                         periods=", ".join(self.history.codes) or "–",
                         sources=", ".join(sources) or "–"))
        self.para(self.t("stakeholders"), "Heading 2")
        by_type = defaultdict(list)
        for inst in plan.institutions:
            by_type[inst.type].append(inst)
        rows = [[i.code, i.name, codelist_label(self.w.language, "institution_type", i.type)]
                for kind in sorted(by_type) for i in by_type[kind]]
        self.sect_pr.addprevious(P.table([self.t("column_code"), self.t("column_name"),
                                          self.t("column_type")], rows, [1.5, 6, 2],
                                         self.table_style))
        self.para(self.t("standards"), "Heading 2")
        self.para(self.t("standards_items"))


def write_terms(path: Path, history: History, words: Words, kind: str) -> Path:
    """The terms of reference (T8) of the ``kind`` (mid-term or final) evaluation."""
    return TermsOfReference(path, history, words, kind).write()
