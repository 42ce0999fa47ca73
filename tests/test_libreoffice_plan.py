"""The plan workbook in a real LibreOffice Calc: opening, saving, reading back and typing.

A coordinator may fill the plan workbook in LibreOffice instead of Excel. These tests open
the files ``toolkit new-plan`` writes in a headless Calc, save them with Calc, and read back
what Calc wrote (never the file openpyxl wrote) with openpyxl and the toolkit's own reader.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.support import libreoffice as lo
from toolkit.declarations.plan import plan_layout
from toolkit.limits import col_letter
from toolkit.plan import layout as L
from toolkit.plan.codelists import DEFAULTS
from toolkit.plan.load import load_checked_plan, read_plan
from toolkit.plan.write_xlsx import write_plan_workbook

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not lo.available(), reason="needs soffice and /usr/bin/python3 with uno"),
]


def _decl(part: str):
    return next(s for s in plan_layout().sheets if s.part == part)


def _letter(part: str, key: str) -> str:
    """Column letter of a plan column."""
    decl = _decl(part)
    return col_letter([c.key for c in decl.columns].index(key))


def _written_by_calc(path: Path) -> bool:
    with zipfile.ZipFile(path) as zf:
        app = zf.read("docProps/app.xml").decode("utf-8")
    return "<Application>LibreOffice" in app


def _validations(ws) -> dict[str, object]:
    """Each validation of a sheet by its range (``"K5:K504"``)."""
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


def _rule(dv) -> tuple:
    """What a validation enforces.

    LibreOffice: Calc fills the parts a rule does not use (``operator="between"`` on a
    list, ``formula2`` ``"0"`` on a one-sided comparison), so only the used parts count.
    """
    alert = (bool(dv.showErrorMessage), dv.errorStyle or "stop")
    if dv.type == "list":
        return ("list", dv.formula1, *alert)
    if dv.type is None:  # an input prompt without a rule
        return (None, *alert)
    operator = dv.operator or "between"
    second = dv.formula2 if operator in ("between", "notBetween") else None
    return (dv.type, operator, dv.formula1, second, *alert)


def _range(text: str) -> str:
    """A defined name's target without the optional quotes around the sheet name."""
    return re.sub(r"'([^']+)'!", r"\1!", text)


def _notes(ws) -> dict[str, str]:
    return {cell.coordinate: cell.comment.text for row in ws.iter_rows() for cell in row
            if cell.comment is not None}


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    """What ``toolkit new-plan`` writes."""
    return write_plan_workbook(tmp_path_factory.mktemp("blank") / "plan.xlsx")


@pytest.fixture(scope="module")
def blank_saved_by_calc(calc, blank, tmp_path_factory) -> tuple[list[str], Path]:
    """The blank plan opened and saved as .xlsx by Calc: (load problems, saved file)."""
    with calc.open(blank, visible=False) as doc:
        problems = doc.load_problems
        saved = doc.save_as(tmp_path_factory.mktemp("saved") / "plan-calc.xlsx")
    assert _written_by_calc(saved)
    return problems, saved


@pytest.fixture
def blank_doc(calc, blank):
    """The blank plan open for typing; changes are discarded."""
    with calc.open(blank) as doc:
        yield doc


def test_blank_plan__opens_in_calc_without_load_problems(blank_saved_by_calc):
    problems, _saved = blank_saved_by_calc
    assert problems == []


def test_blank_plan_saved_by_calc__keeps_every_validation_and_its_stop_alert(
        blank, blank_saved_by_calc):
    _problems, saved = blank_saved_by_calc
    before, after = load_workbook(blank), load_workbook(saved)
    assert after.sheetnames == before.sheetnames
    lists = 0
    for name in [plan_layout().meta_sheet] + [s.name for s in plan_layout().sheets]:
        want, got = _validations(before[name]), _validations(after[name])
        assert set(got) == set(want), name
        for ref, dv in want.items():
            assert _rule(got[ref]) == _rule(dv), (name, ref)
            if dv.type == "list":
                lists += 1
                assert re.fullmatch(r"(cl|ref)_\w+", got[ref].formula1), (name, ref)
                # a stop alert everywhere but the Standard measures column, whose warning lets
                # several ids be typed
                style = "warning" if got[ref].formula1 == "ref_measures" else "stop"
                assert got[ref].showErrorMessage and (got[ref].errorStyle or "stop") == style
    assert lists >= 20


def test_blank_plan_saved_by_calc__keeps_the_names_the_dropdowns_point_at(
        blank, blank_saved_by_calc):
    _problems, saved = blank_saved_by_calc
    before, after = load_workbook(blank), load_workbook(saved)
    names = {n: _range(d.attr_text) for n, d in after.defined_names.items()
             if n.startswith(("cl_", "ref_"))}
    assert names == {n: _range(d.attr_text) for n, d in before.defined_names.items()}
    assert names["cl_funding_status"] == "Codelists!$H$3:$H$5"
    assert names["ref_institutions"] == "Institutions!$A$5:$A$2000"


def test_blank_plan_saved_by_calc__keeps_the_heading_notes_of_every_data_sheet(
        blank, blank_saved_by_calc):
    _problems, saved = blank_saved_by_calc
    before, after = load_workbook(blank), load_workbook(saved)
    for decl in plan_layout().sheets:
        notes = _notes(after[decl.name])
        assert notes == _notes(before[decl.name]), decl.name
        headings = [f"{col_letter(i)}{L.HEADING_ROW}" for i in range(len(decl.columns))]
        assert all(len(notes.get(ref, "")) > 10 for ref in headings), decl.name


def test_sample_plan_saved_by_calc__reads_back_equal_and_checks_clean(
        sample_xlsx, sample_plan, tmp_path):
    [saved] = lo.convert([sample_xlsx], tmp_path / "calc")
    assert _written_by_calc(saved)
    read = read_plan(saved)
    assert read.findings == []
    assert read.plan == sample_plan
    plan, findings = load_checked_plan(saved)
    assert findings == []
    assert plan == sample_plan


def test_typing_a_listed_funding_status__is_accepted(blank_doc):
    cell = f"{_letter('activities', 'funding_status')}{L.FIRST_DATA_ROW}"
    listed = DEFAULTS["funding_status"][1]
    assert blank_doc.type("Activities", cell, listed)
    assert blank_doc.value("Activities", cell) == listed


def test_typing_an_unlisted_funding_status__is_refused_by_the_stop_alert(blank_doc):
    cell = f"{_letter('activities', 'funding_status')}{L.FIRST_DATA_ROW + 1}"
    assert "fully secured" not in DEFAULTS["funding_status"]
    assert not blank_doc.type("Activities", cell, "fully secured")
    assert blank_doc.value("Activities", cell) is None


def test_typing_an_unknown_lead_institution__is_refused(blank_doc):
    # The drop-down points at ref_institutions, the code column of a sheet that is
    # still empty in a blank plan: nothing typed can be in it.
    cell = f"{_letter('activities', 'lead')}{L.FIRST_DATA_ROW}"
    assert not blank_doc.type("Activities", cell, "POL")
    assert blank_doc.value("Activities", cell) is None


def test_typing_a_year_outside_the_range__is_refused_and_one_inside_accepted(blank_doc):
    cell = f"{_letter('targets', 'year')}{L.FIRST_DATA_ROW}"
    assert not blank_doc.type("Targets", cell, "1980")
    assert blank_doc.value("Targets", cell) is None
    assert blank_doc.type("Targets", cell, "2027")
    assert blank_doc.value("Targets", cell) == 2027.0


def test_case_variant_of_a_listed_value__accepted_by_calc_and_by_the_plan_check(
        calc, sample_xlsx, tmp_path):
    cell = f"{_letter('activities', 'funding_status')}{L.FIRST_DATA_ROW}"
    with calc.open(sample_xlsx) as doc:
        assert doc.type("Activities", cell, "SECURED")
        assert doc.value("Activities", cell) == "SECURED"
        saved = doc.save_as(tmp_path / "plan-calc.xlsx")
    _plan, findings = load_checked_plan(saved)
    assert findings == []
