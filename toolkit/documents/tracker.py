"""Lays out the recommendation follow-up tracker (template T10) as a workbook: one row per
recommendation with its overall status, and one per recommendation and institution addressed,
with the status reported in each period recorded."""

from __future__ import annotations

from pathlib import Path

from toolkit.documents.tables import Prefixed, Table, TableColumn, write_tables
from toolkit.history.followup import Followed
from toolkit.language import codelist_label
from toolkit.plan.model import Plan

MARK = {"implemented": "good", "not addressed": "alert", None: "quiet"}


class _Words(Prefixed):
    prefix = "tracker"

    def status(self, code: str | None) -> str:
        return codelist_label(self.language, "recommendation_status", code) if code else \
            self("not_reported")

    def source(self, rec) -> str:
        origin = codelist_label(self.language, "recommendation_source", rec.source)
        return f"{origin}, {rec.reference}" if rec.reference else origin


def _recommendations(items: list[Followed], w: _Words, intro: str, plan: Plan) -> Table:
    columns = (TableColumn(w("code"), 12, "code"), TableColumn(w("source"), 22),
               TableColumn(w("date"), 11, "date"), TableColumn(w("text"), 50),
               TableColumn(w("strength"), 10, "code"), TableColumn(w("area"), 7, "code"),
               TableColumn(w("objective"), 11, "code"), TableColumn(w("activities"), 14),
               TableColumn(w("addressees"), 16), TableColumn(w("due"), 11, "date"),
               TableColumn(w("overall"), 20), TableColumn(w("overdue"), 9, "code"))
    rows = [(f.recommendation.code, w.source(f.recommendation), f.recommendation.date,
             f.recommendation.text,
             codelist_label(w.language, "recommendation_strength", f.recommendation.strength)
             if f.recommendation.strength else "", f.area, f.recommendation.objective,
             "; ".join(f.recommendation.activities), "; ".join(f.recommendation.addressees),
             f.recommendation.due, w.status(f.overall), w("overdue") if f.overdue else "")
            for f in items]
    marks = ["alert" if f.overdue else MARK.get(f.overall) for f in items]
    return Table(w("sheet_recommendations"), w("title", plan=plan.meta.title), intro, columns,
                 rows, marks)


def _institutions(items: list[Followed], w: _Words, periods: list[str]) -> Table:
    columns = (TableColumn(w("code"), 12, "code"), TableColumn(w("institution"), 12, "code"),
               *(TableColumn(p, 14) for p in periods), TableColumn(w("latest"), 20),
               TableColumn(w("since"), 10, "code"), TableColumn(w("action"), 40),
               TableColumn(w("evidence"), 30), TableColumn(w("next_step"), 30))
    rows, marks = [], []
    for f in items:
        for s in f.standings:
            rows.append((f.recommendation.code, s.institution,
                         *(w.status(s.by_period.get(p)) if s.by_period.get(p) else ""
                           for p in periods),
                         w.status(s.status), s.since, s.action, s.evidence, s.next_step))
            marks.append(MARK.get(s.status))
    return Table(w("sheet_institutions"), w("institutions_title"), w("institutions_intro"),
                 columns, rows, marks)


def write_tracker(path: Path, plan: Plan, items: list[Followed], periods: list[str],
                  language: str) -> Path:
    """Write the tracker in ``language``.

    Raises:
        FileCreateError: the file cannot be written.
    """
    w = _Words(language)
    intro = w("intro", periods=", ".join(periods) or w("no_periods"))
    footer = "&L" + w("page_footer", plan=plan.meta.code, version=plan.meta.version) \
        .replace("&", "&&") + "&R&P / &N"
    return write_tables(path, w("title", plan=plan.meta.title),
                        (_recommendations(items, w, intro, plan),
                         _institutions(items, w, periods)), footer)
