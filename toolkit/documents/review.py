"""Lays out the review pack of the coordination body (templates T7 and T15) as a workbook: the
Review sheet, one row per specific objective with the monitoring summed up in locked cells and
the body's assessment and decisions in yellow input cells; the Meeting sheet; the detail sheets
(indicators, activities, budget, recommendations); a hidden sheet of the lists.

Inputs are validated as in the reporting workbooks: each input cell has one data validation
with an input prompt and a stop alert, lists come from ranges of the hidden sheet, every sheet
is protected and the structure locked. The workbook's custom properties say which plan and
review it is, so that reading it back can tell it from any other file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xlsxwriter.utility import xl_col_to_name

from toolkit.documents.tables import (
    HEAD_ROW,
    MARKS,
    Prefixed,
    Table,
    TableBook,
    TableColumn,
)
from toolkit.history.review import (
    INPUTS,
    KIND,
    LISTS,
    MEETING,
    MEETING_KIND,
    TO_DATE,
    Review,
    counts,
)
from toolkit.language import codelist_label
from toolkit.reporting.validation import as_datetime, validation_options
from toolkit.xlsx import writer as xlsx

SUMMARY = (("objective", 10, "code"), ("area", 7, "code"), ("title", 36, "text"),
           ("indicators", 22, "text"), ("activities", 24, "text"), ("planned", 12, "money"),
           ("spent", 12, "money"), ("execution", 9, "share"), ("recommendations", 20, "text"))
WIDTHS = {"relevant": 12, "obstacles": 30, "adjustment": 18, "justification": 30,
          "decision": 12, "responsible": 12, "deadline": 12}
TEXT_LIMIT = 2000
INPUT = {"locked": False, "text_wrap": True, "valign": "top", "bg_color": "#FFF2CC",
         "border": 1, "border_color": "#BFBFBF"}
STAMP = "nap_"


class Words(Prefixed):
    """The review's labels in one language."""

    prefix = "review"

    def choice(self, listname: str, code: str) -> str:
        return self(f"{listname}.{code}")

    def status(self, code: str | None) -> str:
        from toolkit.plan.codelists import STATUS_KEYS

        return self.text[f"report.status.{STATUS_KEYS[code]}"] if code in STATUS_KEYS else \
            (code or "")

    def rating(self, code: str) -> str:
        keys = {"green": "green", "amber": "amber", "red": "red", "grey": "grey",
                "not rated": "not_rated"}
        return "/".join(self.text[f"monitoring.rating.{keys[c]}"] for c in code.split("/")
                        if c in keys)


def list_values(review: Review, w: Words) -> dict[str, list[str]]:
    """What each drop-down offers, in the workbook's language: the closed lists by label, the
    plan's institutions by code."""
    out = {name: [w.choice(name, code) for code in codes] for name, codes in LISTS.items()}
    out["institution"] = [i.code for i in review.plan.institutions]
    return out


def title(review: Review, w: Words) -> str:
    meta = review.plan.meta
    return (w("title_to_date", plan=meta.title) if review.code == TO_DATE
            else w("title_annual", year=review.code, plan=meta.title))


class ReviewBook(TableBook):
    """Writes the review pack."""

    def __init__(self, path: Path, review: Review, language: str, password: str) -> None:
        self.review, self.w, self.password = review, Words(language), password
        meta = review.plan.meta
        footer = "&L" + self.w("page_footer", review=review.code, plan=meta.code,
                               version=meta.version).replace("&", "&&") + "&R&P / &N"
        super().__init__(path, title(review, self.w), footer)
        self.fmt["input"] = self.wb.add_format(INPUT)
        self.fmt["input_date"] = self.wb.add_format({**INPUT, "num_format": "yyyy-mm-dd"})
        self.fmt["locked_text"] = self.wb.add_format({"text_wrap": True, "valign": "top",
                                                      "bg_color": MARKS["quiet"]})
        for key, value in {"kind": "review", "plan": meta.code, "version": meta.version,
                           "review": review.code, "periods": " ".join(review.periods),
                           "language": language}.items():
            self.wb.set_custom_property(STAMP + key, value)

    def write(self) -> None:
        sheets = [self.review_sheet(), self.meeting_sheet()]
        for table in (self.indicators(), self.activities(), self.budget(),
                      self.recommendations()):
            sheets.append(self.add(table))
        sheets.append(self.lists_sheet())
        for ws in sheets:
            xlsx.protect(ws, self.password)
        sheets[0].activate()
        self.wb.lock_structure(self.password)
        self.close()

    # -- the Review sheet ------------------------------------------------------------------
    def review_sheet(self):
        w, review = self.w, self.review
        periods = ", ".join(review.periods) or w("no_periods")
        columns = [TableColumn(w(f"column.{k}"), width, kind) for k, width, kind in SUMMARY] + \
            [TableColumn(w(f"column.{k}"), WIDTHS[k], "text") for k in INPUTS]
        rows = [self.summary_row(item) for item in review.objectives]
        ws = self.add(Table(w("sheet_review"), title(review, w), w("intro", periods=periods),
                            tuple(columns), rows))
        first = len(SUMMARY)
        for j, key in enumerate(INPUTS, start=first):
            fmt = self.fmt["input_date"] if KIND[key] == "date" else self.fmt["input"]
            for i in range(len(rows)):
                ws.write_blank(HEAD_ROW + 1 + i, j, None, fmt)
            if rows:
                ws.data_validation(HEAD_ROW + 1, j, HEAD_ROW + len(rows), j,
                                   self.validation(key, KIND[key]))
        ws.freeze_panes(HEAD_ROW + 1, 3)
        return ws

    def summary_row(self, item) -> tuple:
        w, n = self.w, counts(item)
        return (item.objective.code, item.area, item.objective.title,
                w("indicators_summary", **n) if n["indicators"] else w("no_indicators"),
                w("activities_summary", **n) if n["activities"] else w("no_activities"),
                item.planned, item.spent, item.execution,
                w("recommendations_summary", **n) if n["recommendations"] else "",
                *([""] * len(INPUTS)))

    def validation(self, key: str, kind: str) -> dict:
        w = self.w
        common = {"title": w(f"column.{key}"), "prompt": w(f"note.{key}"),
                  "error_title": w("error_title")}
        if kind.startswith("list:"):
            return validation_options("list", source=f"list_review_{kind[5:]}",
                                      error=w("list_error"), **common)
        if kind == "date":
            meta = self.review.plan.meta
            first, last = meta.start, meta.end + dt.timedelta(days=366)
            return validation_options("date", minimum=as_datetime(first),
                                      maximum=as_datetime(last),
                                      error=w("date_error", first=first, last=last), **common)
        return validation_options("length", length=TEXT_LIMIT,
                                  error=w("text_error", limit=TEXT_LIMIT), **common)

    # -- the Meeting sheet -----------------------------------------------------------------
    def meeting_sheet(self):
        w = self.w
        ws = self.wb.add_worksheet(w("sheet_meeting"))
        ws.set_column(0, 0, 34)
        ws.set_column(1, 1, 60)
        ws.write_string(0, 0, w("meeting_title"), self.fmt["title"])
        ws.merge_range(1, 0, 1, 1, w("meeting_intro"), self.fmt["intro"])
        ws.set_row(1, 48)
        for i, key in enumerate(MEETING):
            row = HEAD_ROW + i
            ws.write_string(row, 0, w(f"column.{key}"), self.fmt["head"])
            kind = MEETING_KIND[key]
            ws.write_blank(row, 1, None, self.fmt["input_date" if kind == "date" else "input"])
            ws.data_validation(row, 1, row, 1, self.validation(key, kind))
        ws.set_row(HEAD_ROW + 2, 60)
        self.print_setup(ws)
        return ws

    # -- detail sheets ---------------------------------------------------------------------
    def indicators(self) -> Table:
        w, periods = self.w, self.review.periods
        columns = (TableColumn(w("column.objective"), 10, "code"),
                   TableColumn(w("column.indicator"), 14, "code"),
                   TableColumn(w("column.name"), 40), TableColumn(w("column.unit"), 9, "code"),
                   TableColumn(w("column.baseline"), 10, "int"),
                   TableColumn(w("column.final_target"), 10, "int"),
                   *(TableColumn(p, 14) for p in periods),
                   TableColumn(w("column.last_value"), 11, "int"))
        rows = []
        for item in self.review.objectives:
            for ind, points in item.indicators:
                last = next((p.value for p in reversed(points) if p.value is not None), None)
                rows.append((item.objective.code, ind.code, ind.name,
                             self.w.text.get(f"report.unit.{ind.unit}", ind.unit),
                             ind.baseline_value, ind.target_final,
                             *(w.rating(p.rating) for p in points), last))
        return Table(w("sheet_indicators"), w("indicators_title"), w("indicators_intro"),
                     columns, rows)

    def activities(self) -> Table:
        w, periods = self.w, self.review.periods
        columns = (TableColumn(w("column.objective"), 10, "code"),
                   TableColumn(w("column.activity"), 10, "code"),
                   TableColumn(w("column.description"), 40),
                   TableColumn(w("column.lead"), 10, "code"),
                   *(TableColumn(p, 16) for p in periods),
                   TableColumn(w("column.last_status"), 18))
        rows = [(item.objective.code, line.activity.code, line.activity.description,
                 line.activity.lead, *(w.status(line.by_period[p]) for p in periods),
                 w.status(line.last))
                for item in self.review.objectives for line in item.activities]
        return Table(w("sheet_activities"), w("activities_title"), w("activities_intro"),
                     columns, rows)

    def budget(self) -> Table:
        w = self.w
        columns = (TableColumn(w("column.objective"), 10, "code"),
                   TableColumn(w("column.title"), 44), TableColumn(w("column.planned"), 14,
                                                                    "money"),
                   TableColumn(w("column.spent"), 14, "money"),
                   TableColumn(w("column.execution"), 10, "share"))
        rows = [(i.objective.code, i.objective.title, i.planned, i.spent, i.execution)
                for i in self.review.objectives]
        return Table(w("sheet_budget"), w("budget_title"), w("budget_intro"), columns, rows)

    def recommendations(self) -> Table:
        w, lang = self.w, self.w.language
        columns = (TableColumn(w("column.code"), 12, "code"),
                   TableColumn(w("column.objective"), 10, "code"),
                   TableColumn(w("column.source"), 18), TableColumn(w("column.text"), 44),
                   TableColumn(w("column.due"), 11, "date"),
                   TableColumn(w("column.overall"), 18), TableColumn(w("column.overdue"), 9),
                   TableColumn(w("column.standings"), 36))

        def status(code):
            return codelist_label(lang, "recommendation_status", code) if code else \
                w("not_reported")

        rows = [(f.recommendation.code, item.objective.code,
                 codelist_label(lang, "recommendation_source", f.recommendation.source),
                 f.recommendation.text, f.recommendation.due, status(f.overall),
                 self.w.text["monitoring.yes"] if f.overdue else "",
                 "\n".join(w("standing", institution=s.institution, status=status(s.status),
                             since=s.since or "–") for s in f.standings))
                for item in self.review.objectives for f in item.recommendations]
        return Table(w("sheet_recommendations"), w("recommendations_title"),
                     w("recommendations_intro"), columns, rows)

    # -- the lists -------------------------------------------------------------------------
    def lists_sheet(self):
        ws = self.wb.add_worksheet(self.w("lists_sheet"))
        for col, (name, values) in enumerate(list_values(self.review, self.w).items()):
            ws.write_string(0, col, name)
            for row, value in enumerate(values, start=1):
                ws.write_string(row, col, value)
            letter = xl_col_to_name(col)
            quoted = "'" + self.w("lists_sheet").replace("'", "''") + "'"
            self.wb.define_name(f"list_review_{name}",
                                f"={quoted}!${letter}$2:${letter}${max(len(values), 1) + 1}")
        ws.hide()
        return ws


def write_review(path: Path, review: Review, language: str, password: str) -> Path:
    """Write the review pack of ``review`` in ``language``, protected with ``password``.

    Raises:
        FileCreateError: the file cannot be written.
    """
    ReviewBook(path, review, language, password).write()
    return path


__all__ = ["ReviewBook", "Words", "list_values", "write_review"]
