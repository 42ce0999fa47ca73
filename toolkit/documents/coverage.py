"""Lays out the coverage of the standard measures (``toolkit.measures.coverage``) as a workbook:
a summary by area, the strategic goals, every measure, the measures not covered, the activities
that name none (with suggestions) and the plan's areas with their outcome indicators."""

from __future__ import annotations

from pathlib import Path

from toolkit.declarations.labels import labels
from toolkit.documents.tables import Table, TableColumn, write_tables
from toolkit.measures.catalogue import NATIONAL
from toolkit.measures.coverage import Coverage


class _Words:
    def __init__(self, language: str) -> None:
        self.text = labels(language)

    def __call__(self, key: str, **params) -> str:
        text = self.text[f"coverage.{key}"]
        return text.format(**params) if params else text


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _summary(cov: Coverage, w: _Words, intro: str) -> Table:
    columns = (TableColumn(w("area"), 40), TableColumn(w("measures"), 10, "int"),
               TableColumn(w("covered"), 10, "int"), TableColumn(w("covered_share"), 10, "share"),
               TableColumn(w("goals"), 10, "int"), TableColumn(w("goals_uncovered"), 40),
               TableColumn(w("activities"), 10, "int"),
               TableColumn(w("budget", currency=cov.plan.meta.currency), 16, "money"))
    rows, marks = [], []
    for area in cov.catalogue.areas:
        goals = [g for g in cov.goals if g.goal.area == area.code]
        measures = [m for g in goals for m in g.measures]
        covered = sum(m.covered for m in measures)
        missing = [g for g in goals if not g.covered]
        activities = {a.code: a for g in goals for a in g.activities}
        costs = [a.cost for a in activities.values() if a.cost is not None]
        rows.append((f"{area.code} {area.label}", len(measures), covered,
                     _share(covered, len(measures)), len(goals),
                     "; ".join(f"{g.goal.code} {g.goal.title}" for g in missing) or w("none"),
                     len(activities), sum(costs) if costs else None))
        marks.append("alert" if missing else None)
    return Table(w("sheet_summary"), w("title", plan=cov.plan.meta.title), intro, columns,
                 rows, marks)


def _goals(cov: Coverage, w: _Words) -> Table:
    columns = (TableColumn(w("area"), 8, "code"), TableColumn(w("goal"), 9, "code"),
               TableColumn(w("goal_title"), 44), TableColumn(w("measures"), 10, "int"),
               TableColumn(w("covered"), 10, "int"), TableColumn(w("not_covered"), 24),
               TableColumn(w("activities"), 26),
               TableColumn(w("budget", currency=cov.plan.meta.currency), 16, "money"),
               TableColumn(w("note"), 30))
    rows = [(g.goal.area, g.goal.code, g.goal.title, len(g.measures), len(g.covered),
             "; ".join(m.measure.id for m in g.measures if not m.covered),
             "; ".join(a.code for a in g.activities), g.budget,
             "" if g.covered else w("no_measure")) for g in cov.goals]
    marks = [None if g.covered else "alert" for g in cov.goals]
    return Table(w("sheet_goals"), w("goals_title"), w("goals_intro"), columns, rows, marks)


def _measures(cov: Coverage, w: _Words) -> Table:
    columns = (TableColumn(w("area"), 8, "code"), TableColumn(w("goal"), 9, "code"),
               TableColumn(w("measure"), 9, "code"), TableColumn(w("text"), 60),
               TableColumn(w("covered"), 9, "code"), TableColumn(w("activities"), 22),
               TableColumn(w("budget", currency=cov.plan.meta.currency), 14, "money"),
               TableColumn(w("indicators"), 22), TableColumn(w("outcome_indicators"), 22),
               TableColumn(w("usual_output"), 30), TableColumn(w("usual_outcome"), 30),
               TableColumn(w("legal_anchor"), 20), TableColumn(w("provenance"), 10, "code"),
               TableColumn(w("guide_ref"), 10, "code"))
    rows = [(m.measure.area, m.measure.goal, m.measure.id, m.measure.text,
             w("yes") if m.covered else w("no"), "; ".join(a.code for a in m.activities),
             m.budget, "; ".join(m.indicators), "; ".join(m.outcome_indicators),
             m.measure.output, m.measure.outcome, m.measure.legal_anchor, m.measure.provenance,
             m.measure.guide_ref) for m in cov.measures]
    marks = [None if m.covered else "warn" for m in cov.measures]
    return Table(w("sheet_measures"), w("measures_title"), w("measures_intro"), columns, rows,
                 marks)


def _missing(cov: Coverage, w: _Words) -> Table:
    columns = (TableColumn(w("area"), 8, "code"), TableColumn(w("goal"), 9, "code"),
               TableColumn(w("goal_title"), 30), TableColumn(w("measure"), 9, "code"),
               TableColumn(w("text"), 60), TableColumn(w("usual_output"), 30),
               TableColumn(w("usual_outcome"), 30), TableColumn(w("legal_anchor"), 20))
    rows, marks = [], []
    for g in cov.goals:
        for m in g.measures:
            if not m.covered:
                rows.append((g.goal.area, g.goal.code, g.goal.title, m.measure.id,
                             m.measure.text, m.measure.output, m.measure.outcome,
                             m.measure.legal_anchor))
                marks.append(None if g.covered else "alert")
    return Table(w("sheet_missing"), w("missing_title"), w("missing_intro"), columns, rows,
                 marks)


def _unlinked(cov: Coverage, w: _Words) -> Table:
    columns = (TableColumn(w("activity"), 10, "code"), TableColumn(w("plan_area"), 8, "code"),
               TableColumn(w("objective"), 11, "code"), TableColumn(w("description"), 44),
               TableColumn(w("unknown"), 12),
               *(TableColumn(w("suggestion", n=n), 40) for n in (1, 2, 3)))
    texts = cov.catalogue.by_id
    rows = []
    for item in cov.unlinked:
        proposals = [f"{s.measure} {texts[s.measure].text} "
                     f"({w('matched', words=', '.join(s.words))})" for s in item.suggestions]
        proposals += [""] * (3 - len(proposals))
        rows.append((item.activity.code, item.area, item.activity.objective,
                     item.activity.description, "; ".join(item.unknown), *proposals[:3]))
    return Table(w("sheet_unlinked"), w("unlinked_title"), w("unlinked_intro"), columns, rows)


def _areas(cov: Coverage, w: _Words) -> Table:
    columns = (TableColumn(w("plan_area"), 40), TableColumn(w("activities"), 11, "int"),
               TableColumn(w("linked"), 12, "int"), TableColumn(w("objectives"), 11, "int"),
               TableColumn(w("objectives_with_outcomes"), 13, "int"),
               TableColumn(w("outcome_count"), 11, "int"), TableColumn(w("note"), 32))
    rows = [(f"{a.area.code} {a.area.label}", a.activities, a.linked, a.objectives,
             a.objectives_with_outcomes, a.outcome_indicators,
             w("no_outcome") if a.outcome_indicators == 0 else "") for a in cov.areas]
    marks = ["alert" if a.outcome_indicators == 0 else None for a in cov.areas]
    return Table(w("sheet_areas"), w("areas_title"), w("areas_intro"), columns, rows, marks)


def write_coverage(path: Path, cov: Coverage, language: str) -> Path:
    """Write the coverage workbook in ``language``.

    Raises:
        FileCreateError: the file cannot be written.
    """
    w = _Words(language)
    national = sum(1 for m in cov.catalogue.measures if m.provenance == NATIONAL)
    intro = w("intro", standard=len(cov.catalogue.measures) - national,
              national=w("national", count=national) if national else "")
    meta = cov.plan.meta
    tables = (_summary(cov, w, intro), _goals(cov, w), _measures(cov, w), _missing(cov, w),
              _unlinked(cov, w), _areas(cov, w))
    footer = "&L" + w("page_footer", plan=meta.code, version=meta.version).replace("&", "&&") + \
        "&R&P / &N"
    return write_tables(path, w("title", plan=meta.title), tables, footer)
