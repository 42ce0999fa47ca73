"""Writes the T5 monitoring report (``report.docx``, DOMAIN.md §3 T5) from the report model:
the document the coordinator edits and sends to the government and parliament.

Styles come from a reference document (``workbook_templates/report-reference.docx``, as pandoc
takes them): its headings are Word's own heading styles, so the navigation pane and the table
of contents work, and a country restyles the report by editing that file. Sections are
written in the order of :attr:`DocxWriter.sections`; a new section is one more method there.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm

from toolkit.aggregate.outputs import docx_parts as P
from toolkit.aggregate.outputs.docx_trends import DocxTrends
from toolkit.aggregate.outputs.style import RATING_FILLS
from toolkit.resources import templates_dir

REFERENCE = "report-reference.docx"
TABLE_STYLE = "Light List Accent 1"


def reference_document() -> Path:
    """The reference document whose styles the report takes."""
    return templates_dir() / REFERENCE


def blank_document():
    """A document with the styles, page and section of the reference document and nothing in
    its body; and the body's section properties, before which paragraphs go."""
    doc = Document(str(reference_document()))
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return doc, body.find(qn("w:sectPr"))


class DocxWriter(DocxTrends):
    """Writes the T5 document from a :class:`ReportModel`."""

    sections = ("front", "summary", "method", "statistics", "progress", "budget", "trends",
                "challenges", "followup", "decisions", "annexes")
    """The parts of the document in order; each is written by the method of its name (the
    trends only when the model has them, from a history store)."""

    def __init__(self, path: Path, model, charts: list[tuple[str, bytes]]):
        self.path, self.model, self.w = Path(path), model, model.words
        self.charts = charts
        self.trends_model = getattr(model, "trends", None)
        self.trend_ratings = model.ratings
        self.doc, self.sect_pr = blank_document()
        self.figures = 0
        self.styles: dict[str, str] = {}
        self.table_style = self.doc.styles[TABLE_STYLE].style_id

    def write(self) -> Path:
        """Every section, then the file."""
        self.page_setup()
        for key in self.sections:
            getattr(self, key)()
        P.update_fields_on_open(self.doc)
        props = self.doc.core_properties
        props.title, props.subject = self.model.identity["title"], self.model.identity["period"]
        props.author = self.model.identity["office"]
        self.doc.save(str(self.path))
        return self.path

    # -- shared pieces ----------------------------------------------------------------------
    def page_setup(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2))
        P.page_footer(section, self.footer_text(), self.w("page"))

    def footer_text(self) -> str:
        """The footer's words before the page number: the plan and the period."""
        ident = self.model.identity
        return f"{ident['code']} {ident['version']} · {ident['period']}"

    def style_id(self, name: str) -> str:
        """The id of a paragraph style of the reference document, looked up once (python-docx
        looks a style up by name over every style, for each paragraph)."""
        if name not in self.styles:
            self.styles[name] = self.doc.styles[name].style_id
        return self.styles[name]

    def heading(self, text: str, level: int) -> None:
        self.para(text, f"Heading {level}", keep=True)

    def para(self, text: str, style: str | None = None, keep: bool = False) -> None:
        """A paragraph in a style of the reference document, kept with the next one when
        asked (a heading, a caption)."""
        if text:
            self.body(P.paragraph(text, self.style_id(style) if style else None, keep))

    def body(self, element) -> None:
        """An element at the end of the body, before the section's properties."""
        self.sect_pr.addprevious(element)

    def table(self, headings, rows, shares, right=(), fills=None, size: int = 17) -> None:
        self.body(P.table(headings, rows, shares, self.table_style, set(right), fills, size))
        self.body(P.paragraph("", None, False))

    def figure(self, title: str, png: bytes) -> None:
        self.figures += 1
        paragraph = self.doc.add_paragraph()
        P.keep_with_next(paragraph)
        paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(16))
        self.para(self.w("t5.figure", n=self.figures, title=title), "Caption")

    def quotes(self, quotes: list[tuple[str, str]]) -> None:
        if not quotes:
            self.para(self.model.sentences["no_answers"])
        for name, text in quotes:
            self.para(text, "Quote", keep=True)
            self.para(f"— {name}", "Caption")

    def number(self, value, kind: str = "count") -> str:
        if value is None or value == "":
            return ""
        if kind == "share":
            return self.w.percent(value)
        if isinstance(value, float) and not value.is_integer() and kind != "amount":
            return self.w.number(value, 1)
        return self.w.number(value) if isinstance(value, (int, float)) else str(value)

    # -- the parts --------------------------------------------------------------------------
    def front(self) -> None:
        ident = self.model.identity
        self.para(self.w("t5.title"), "Title")
        self.para(ident["plan"], "Subtitle")
        self.para(ident["subtitle"])
        self.para(self.w("t5.prepared", office=ident["office"], date=ident["generated"]))
        self.para(self.w("t5.contents"), "TOC Heading")
        P.toc_field(self.doc.add_paragraph(), self.contents())
        self.para(self.w("t5.contents_note"), "Caption")

    def contents(self) -> list[tuple[int, str]]:
        """The headings of levels 1 and 2, as the table of contents shows them before Word
        updates it."""
        w = self.w
        out = [(1, w("t5.summary")), (1, w("t5.method")), (1, w("t5.statistics")),
               (1, w("t5.progress"))]
        out += [(2, f"{a.code} {a.title}") for a in self.model.tree]
        out += [(2, w("t5.answers")), (1, w("t5.budget"))]
        if self.trends_model is not None:
            out.append((1, w("trends.heading")))
        out += [(1, w("t5.challenges")), (1, w("t5.followup")), (1, w("t5.decisions")),
                (1, w("t5.annexes"))]
        return out

    def summary(self) -> None:
        s, w = self.model.sentences, self.w
        self.heading(w("t5.summary"), 1)
        for key in ("returns", "implementation", "indicators", "budget", "completeness"):
            self.para(s[key])
        self.heading(w("t5.dashboard"), 2)
        rows = [[f.label, self.number(f.value, f.kind)]
                for group in self.model.headline.values() for f in group]
        self.table([w("column.figure"), w("column.value")], rows, [4, 1], right={1})
        for title, png in self.charts[:2]:
            self.figure(title, png)

    def method(self) -> None:
        s, w = self.model.sentences, self.w
        self.heading(w("t5.method"), 1)
        self.heading(w("t5.period"), 2)
        self.para(s["period"])
        self.para(s["sources"])
        self.heading(w("t5.institutions"), 2)
        self.para(s["returns"])
        sub = self.model.submissions
        keep = [sub.index(k) for k in ("name", "state", "timeliness", "verdict")]
        rows = [[row[i] or "" for i in keep] for row in sub.rows if row[sub.index("expected")]]
        self.table([sub.columns[i].label for i in keep], rows, [5, 2, 2, 2.5])
        self.heading(w("t5.limitations"), 2)
        self.para(s["limitations"])
        self.para(s["completeness"])
        self.heading(w("t5.not_reported"), 2)
        self.para(s["not_reported"])
        for _code, name in self.model.not_reported:
            self.para(name, "List Bullet")

    def statistics(self) -> None:
        s, w = self.model.sentences, self.w
        self.heading(w("t5.statistics"), 1)
        if not self.model.statistics:
            self.para(s["no_statistics"])
            return
        self.para(s["statistics"])
        self.para(s["public_note"])
        for table in self.model.statistics:
            self.heading(table.title, 2)
            head, *body = _portrait(table.public)
            columns = len(head)
            rows = [[self.number(v) if isinstance(v, (int, float)) else (v or "")
                     for v in row] for row in body]
            self.table([str(h) for h in head], rows, [3] + [1] * (columns - 1),
                       right=set(range(1, columns)))
            if table.note:
                self.para(table.note)

    def progress(self) -> None:
        w = self.w
        self.heading(w("t5.progress"), 1)
        for area in self.model.tree:
            self.heading(f"{area.code} {area.title}", 2)
            self.para(area.summary)
            for goal in area.children:
                self.heading(f"{goal.code} {goal.title}", 3)
                self.para(goal.summary)
                self.indicators(goal.indicators)
                for objective in goal.children:
                    self.objective(objective)
        self.heading(w("t5.answers"), 2)
        for key, heading, quotes in self.model.narratives:
            if key in ("achievements", "good_practice", "cooperation", "training"):
                self.heading(heading, 3)
                self.quotes(quotes)

    def objective(self, node) -> None:
        w = self.w
        self.heading(f"{node.code} {node.title}", 4)
        self.para(node.summary)
        self.indicators(node.indicators)
        if node.activities:
            self.para(w("t5.activities"), "Caption", keep=True)
            rows = [[code, text, lead, status, self.number(percent)]
                    for code, text, lead, _partners, status, percent in node.activities]
            self.table([w("column.activity"), w("column.description"), w("column.lead"),
                        w("column.status"), w("column.percent")], rows, [1.2, 4.5, 2.4, 2, 1],
                       right={4})
        if node.bottlenecks:
            self.para(w("t5.bottlenecks"), "Caption")
            for code, name, problem in node.bottlenecks:
                self.para(f"{code} ({name}): {problem}", "List Bullet")

    def indicators(self, lines) -> None:
        if not lines:
            return
        w = self.w
        self.para(w("t5.indicators"), "Caption", keep=True)
        rows, fills = [], {}
        for i, (code, name, unit, baseline, target, actual, share, rating, label) in \
                enumerate(lines):
            rows.append([code, name, unit, self.number(baseline), self.number(target),
                         self.number(actual), self.number(share, "share"), label])
            if rating in RATING_FILLS:
                fills[(i, 7)] = RATING_FILLS[rating]
        self.table([w("column.indicator"), w("column.indicator_name"), w("column.unit"),
                    w("column.baseline"), w("column.target"), w("column.actual"),
                    w("column.achievement"), w("column.rating")], rows,
                   [2.4, 3.2, 1.55, 1.55, 1.5, 1.4, 1.6, 1.85], right={3, 4, 5, 6},
                   fills=fills, size=16)

    def budget(self) -> None:
        w, m = self.w, self.model
        self.heading(w("t5.budget"), 1)
        self.para(m.sentences["budget"])
        for key in ("area", "funding_source"):
            self.heading(w(f"budget_by.{key}"), 2)
            rows = [[line.label, self.number(line.planned, "amount"),
                     self.number(line.allocated, "amount"), self.number(line.spent, "amount"),
                     line.basis or self.number(line.execution, "share")]
                    for line in m.budget[key]]
            self.table([w(f"column.{key}"), w("column.planned"), w("column.allocated"),
                        w("column.spent_to_date"), w("column.execution_to_date")], rows,
                       [4, 2, 2, 2, 1.6], right={1, 2, 3, 4})
        title, png = self.charts[2]
        self.figure(title, png)

    def challenges(self) -> None:
        self.heading(self.w("t5.challenges"), 1)
        for key, heading, quotes in self.model.narratives:
            if key in ("challenges", "recommendations", "amendments"):
                self.heading(heading, 2)
                self.quotes(quotes)

    def followup(self) -> None:
        """The follow-up of recommendations (T10): where each stands with each institution."""
        self.part("followup", ("recommendation", "institution", "status", "action", "overdue"),
                  [1.6, 1.4, 2.2, 5, 1.2])

    def decisions(self) -> None:
        """The decision log of the coordination body's last review (T15)."""
        self.part("decisions", ("objective", "adjustment", "decision", "responsible",
                                "deadline", "justification"), [1.4, 2.2, 1.6, 1.6, 1.8, 4])

    def part(self, key: str, shown: tuple[str, ...], shares: list[float]) -> None:
        """A part of its own: its heading and sentence, then some columns of its table of the
        model, when it has rows (dates as the language writes them)."""
        table = getattr(self.model, key)
        self.heading(self.w(f"t5.{key}"), 1)
        self.para(self.model.sentences[key])
        if table is None or not table.rows:
            return
        keep = [table.index(k) for k in shown]
        rows = [[self.w.date(row[i]) if table.columns[i].kind == "date" else (row[i] or "")
                 for i in keep] for row in table.rows]
        self.table([table.columns[i].label for i in keep], rows, shares)

    def annexes(self) -> None:
        w, m = self.w, self.model
        self.heading(w("t5.annexes"), 1)
        self.heading(w("t5.annex_activities"), 2)
        acts = m.activities
        lead = w.label("report.role.lead")
        keep = [acts.index(k) for k in ("activity", "description", "lead", "partners",
                                        "status", "percent")]
        rows = [[self.number(row[i]) if isinstance(row[i], (int, float)) else (row[i] or "")
                 for i in keep] for row in acts.rows if row[acts.index("role")] == lead]
        self.table([acts.columns[i].label for i in keep], rows, [1.2, 5, 1.4, 2, 2, 0.9],
                   right={5})
        self.heading(w("t5.annex_indicators"), 2)
        lines = [line for area in m.tree for node in _walk(area) for line in node.indicators]
        self.indicators(lines)
        self.heading(w("t5.annex_focal_points"), 2)
        rows = [[i.code, i.name, i.focal_point, i.email] for i in m.institutions]
        self.table([w("column.code"), w("column.name"), w("column.focal_point"),
                    w("column.email")], rows, [1.4, 4.6, 2.4, 3])
        self.heading(w("t5.annex_submissions"), 2)
        sub = m.submissions
        keep = [sub.index(k) for k in ("institution", "file", "verdict", "saved_at",
                                       "timeliness", "errors", "warnings")]
        rows = [[self.number(row[i]) if isinstance(row[i], (int, float)) else (row[i] or "")
                 for i in keep] for row in sub.rows]
        self.table([sub.columns[i].label for i in keep], rows, [1.4, 4, 2, 2.2, 1.6, 1, 1.2],
                   right={5, 6})


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


WIDEST_TABLE = 8
"""Columns a statistics table may have on a portrait page before its headings break inside words."""


def _portrait(rows: list[list]) -> list[list]:
    """The table as printed: one with more columns than a portrait page holds and fewer rows than
    columns (V4's sources of referral, say) is turned so that its categories run down the page."""
    head, *body = rows
    if len(head) <= WIDEST_TABLE or len(body) >= len(head):
        return rows
    return [list(column) for column in zip(*rows)]
