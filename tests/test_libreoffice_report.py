"""The demo's report.xlsx, feedback workbooks and T5 document as people get them: opened by
LibreOffice without a load problem, and printed to PDF within a page budget.

Page budgets (the demo has 4 areas and 23 expected institutions):

- report.xlsx: the one-page Overview, plus at most 6 pages per area and 1 per expected
  institution;
- report.docx: at most 6 pages per area and 1 per expected institution;
- a feedback workbook: 1 page, plus 1 per 15 findings.

The Overview's charts are all on the first printed page and none on the second: the
dashboard prints on one page, so no chart is cut.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.support import libreoffice as lo

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not lo.available(), reason="needs soffice and /usr/bin/python3 with uno"),
]


@pytest.fixture(scope="module")
def calc():
    """One LibreOffice for the module."""
    with lo.Calc() as instance:
        yield instance


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from toolkit.commands.demo import run_demo

    return run_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def pdfs(demo, tmp_path_factory) -> dict[str, Path]:
    """Every output people read, converted to PDF in one LibreOffice start-up."""
    base = tmp_path_factory.mktemp("pdf")
    document = shutil.copy(demo.document_path, base / "report-document.docx")
    sources = [demo.report_path, Path(document),
               *sorted((demo.out_dir / "feedback").glob("*.xlsx"))]
    converted = lo.convert(sources, base / "out", fmt="pdf", recalc=False, timeout=240)
    return {src.name: pdf for src, pdf in zip(sources, converted)}


def pages(pdf: Path) -> int:
    """The number of pages of a PDF LibreOffice wrote."""
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def page_text(pdf: Path, page: int) -> str:
    """The text of one page (poppler's pdftotext)."""
    done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True)
    return done.stdout


def test_report_workbook__prints_within_its_page_budget(demo, pdfs, sample_plan):
    institutions = len({r["institution"] for r in demo.tables.activities} | set(demo.missing))
    budget = 1 + 6 * len(sample_plan.areas) + institutions
    assert 1 < pages(pdfs["report.xlsx"]) <= budget


def test_report_document__prints_within_its_page_budget(demo, pdfs, sample_plan):
    expected = len({r["institution"] for r in demo.tables.activities} | set(demo.missing))
    assert 5 < pages(pdfs["report-document.docx"]) <= 6 * len(sample_plan.areas) + expected


def test_feedback_workbooks__print_within_their_page_budget(demo, pdfs):
    feedback = {name: pdf for name, pdf in pdfs.items() if name.endswith("_feedback.xlsx")}
    assert feedback
    for name, pdf in feedback.items():
        code = name.split("_")[2]
        findings = next(len(r.findings) for r in demo.results
                        if r.institution == code and r.verdict.startswith("accepted"))
        assert pages(pdf) <= 1 + findings // 15, name


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_overview__prints_every_chart_on_its_one_page(pdfs):
    titles = ("Activities by status per area", "Indicators by rating per area",
              "Budget by area (EUR): allocated and spent")
    first, second = page_text(pdfs["report.xlsx"], 1), page_text(pdfs["report.xlsx"], 2)
    assert "Monitoring report:" in first
    assert [t for t in titles if t in first] == list(titles)
    assert [t for t in titles if t in second] == []
    assert "Progress by area, goal and objective" in second


def test_document__charts_are_inline_images_that_cannot_be_cut(demo):
    with zipfile.ZipFile(demo.document_path) as z:
        xml = z.read("word/document.xml").decode()
    assert xml.count("<wp:inline") == xml.count("<w:drawing>") == 3
    assert "<wp:anchor" not in xml


def test_report_feedback_and_document__open_without_load_problems(demo, calc):
    paths = [demo.report_path, demo.document_path,
             *sorted((demo.out_dir / "feedback").glob("*.xlsx"))]
    problems = {}
    for path in paths:
        with calc.open(path, visible=False) as doc:
            if doc.load_problems:
                problems[path.name] = doc.load_problems
    assert problems == {}
