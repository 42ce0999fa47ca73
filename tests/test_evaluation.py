"""The evaluation documents (T8, T9): the evaluation matrix and the terms of reference, filled
from the plan and the history store, checked against what the plan says and the institutions
typed; in the plan's language; opened in LibreOffice and through the OOXML validator."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from docx import Document
from history_cases import PERIODS, consolidate, last_of_year
from openpyxl import load_workbook

from tests.support import libreoffice as lo
from tests.support.ooxml import validate
from toolkit.cli import main
from toolkit.history.evaluation import CRITERIA, QUESTIONS


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def written(plan_path, periods, tmp_path_factory):
    """Every period recorded, then the documents of the final evaluation: their folder."""
    base = tmp_path_factory.mktemp("evaluation")
    store = str(base / "history.sqlite")
    for code in PERIODS:
        consolidate(plan_path, periods[code], base / code, store)
    done = run("evaluation", "--plan", plan_path, "--out", base / "docs", "--store", store)
    assert done.exit_code == 0, done.output
    return base / "docs"


def _matrix(folder) -> list[tuple]:
    (path,) = folder.glob("*_evaluation-matrix.xlsx")
    ws = load_workbook(path, read_only=True)["Evaluation matrix"]
    return [r for r in ws.iter_rows(min_row=5, values_only=True) if r and r[0]]


def _typed(periods, indicator: str) -> list:
    return [v[(indicator, "actual")] for rt in periods.values() for v in rt.values.values()
            if v.get((indicator, "actual")) is not None]


def test_matrix__a_row_per_question_and_one_per_objective_with_its_indicators(
        written, plan, periods):
    rows = _matrix(written)
    assert len(rows) == sum(QUESTIONS.values()) + len(plan.objectives)
    assert [r[0] for r in rows][0] == "Relevance"
    assert {r[0] for r in rows} == {"Relevance", "Coherence", "Effectiveness", "Efficiency",
                                    "Impact", "Sustainability", "Coordination and ownership",
                                    "Human rights and gender equality"}
    for obj in plan.objectives:
        (row,) = [r for r in rows if obj.code in r[1]]
        results = {obj.code} | {a.code for a in plan.activities if a.objective == obj.code}
        linked = [i for i in plan.indicators if i.linked_result in results]
        assert re.findall(r"(?:^|; )(\S+) ", row[3]) == [i.code for i in linked]
        recorded = sum(1 for i in linked if _typed(periods, i.code))
        assert row[5].startswith(f"Values recorded for {recorded} of {len(linked)} "
                                 f"indicator(s) over {len(PERIODS)} period(s)")


def test_terms_of_reference__the_guide_s_sections_and_the_spending_recorded(
        written, plan, periods):
    (path,) = written.glob("*_evaluation-terms-of-reference.docx")
    document = Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:10] == ["1. Background and context", "2. Funding and implementation history",
                             "3. Purpose and intended users", "4. Scope",
                             "5. Evaluation criteria and key questions", "6. Methodology",
                             "7. Timeframe and deliverables", "8. Evaluation team",
                             "9. Management of the evaluation", "10. Payment and logistics"]
    assert len([p for p in document.paragraphs if p.style.name == "Heading 2"]) >= len(CRITERIA)
    head, *rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    years = head[2:]
    assert years == sorted({p[:4] for p in PERIODS})
    for n, year in enumerate(years):
        spent = sum(v for (y, _, _), v in last_of_year(periods, "spent").items()
                    if y == int(year))
        shown = sum(float(r[2 + n].replace(",", "")) for r in rows)
        assert shown == pytest.approx(round(spent), abs=len(rows))


def test_evaluation__in_the_plan_s_language_without_a_store(tmp_path):
    from toolkit.commands.samples import sample
    from toolkit.store.connect import open_store

    open_store(str(tmp_path / "empty.sqlite"), create=True).close()  # holds nothing yet
    done = run("evaluation", "--plan", sample("merande").path, "--out", tmp_path / "docs",
               "--type", "mid-term", "--store", tmp_path / "empty.sqlite")
    assert done.exit_code == 0, done.output
    (path,) = (tmp_path / "docs").glob("*.docx")
    document = Document(str(path))
    assert document.paragraphs[0].text.startswith("Termes de référence\u00a0: évaluation à "
                                                  "mi-parcours")
    assert "1. Contexte" in [p.text for p in document.paragraphs]
    (matrix,) = (tmp_path / "docs").glob("*.xlsx")
    wb = load_workbook(matrix, read_only=True)
    assert wb.sheetnames == ["Matrice d'évaluation"]
    rows = [r for r in wb.active.iter_rows(min_row=5, values_only=True) if r and r[0]]
    assert rows[0][0] == "Pertinence"
    assert {r[5] for r in rows} == {"Aucune période n'est encore enregistrée dans l'historique."}


def test_evaluation_matrix__passes_the_ooxml_validator(written):
    assert validate(*written.glob("*.xlsx")) == []


@pytest.mark.libreoffice
@pytest.mark.skipif(not lo.available(), reason="needs soffice and /usr/bin/python3 with uno")
def test_evaluation_documents__open_in_libreoffice_without_load_problems(written, calc):
    for path in sorted(written.iterdir()):
        with calc.open(path, visible=False) as doc:
            assert doc.load_problems == [], path.name
