"""new-plan: the blank plan workbook a coordinator fills by hand."""

from __future__ import annotations

from click.testing import CliRunner
from openpyxl import load_workbook

from toolkit.cli import main
from toolkit.declarations.plan import plan_layout
from toolkit.plan.codelists import DEFAULTS


def _blank(tmp_path):
    out = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(main, ["new-plan", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _validations(ws) -> dict[str, object]:
    """Each validated range of a sheet, by its first cell."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            found[rng.coord.split(":")[0]] = dv
    return found


def test_blank_plan__has_one_sheet_per_part_plus_instructions_measures_and_codelists(tmp_path):
    wb = load_workbook(_blank(tmp_path))
    expected = ["Instructions", "Plan"] + [s.name for s in plan_layout().sheets] + \
        ["Measures", "Codelists"]
    assert wb.sheetnames == expected
    assert "check-plan" in " ".join(str(c.value) for c in wb["Instructions"]["A"])


def test_blank_plan__headings_carry_notes_and_example_rows(tmp_path):
    wb = load_workbook(_blank(tmp_path))
    for decl in plan_layout().sheets:
        ws = wb[decl.name]
        for i, column in enumerate(decl.columns, start=1):
            heading = ws.cell(row=2, column=i)
            assert heading.comment is not None and len(heading.comment.text) > 10, \
                (decl.name, column.key)
            assert ws.cell(row=3, column=i).value == column.key
        assert ws.cell(row=4, column=1).value == decl.columns[0].example
        assert "ignores this row" in ws.cell(row=4, column=1).comment.text


def test_blank_plan__dropdowns_come_from_codelist_ranges_with_stop_alerts(tmp_path):
    wb = load_workbook(_blank(tmp_path))
    ws = wb["Activities"]
    dvs = _validations(ws)
    status = dvs["K5"]  # funding_status
    lead = dvs["D5"]
    assert status.type == "list" and status.formula1 == "cl_funding_status"
    assert lead.type == "list" and lead.formula1 == "ref_institutions"
    for dv in (status, lead):
        assert dv.showErrorMessage and dv.errorStyle == "stop" and dv.showInputMessage
    names = wb.defined_names
    assert names["cl_funding_status"].attr_text == "'Codelists'!$H$3:$H$5"
    assert names["ref_institutions"].attr_text == "'Institutions'!$A$5:$A$2000"
    codelists = wb["Codelists"]
    assert [c.value for c in codelists[1]] == list(DEFAULTS)
    assert not any(dv.formula1 and dv.formula1.startswith('"')
                   for sheet in wb.worksheets for dv in sheet.data_validations.dataValidation)


def test_blank_plan__measures_column_offers_the_catalogue_and_accepts_several(tmp_path):
    wb = load_workbook(_blank(tmp_path))
    column = 1 + [c.key for c in plan_layout().sheet("activities").columns].index("catalogue_ref")
    letter = "ABCDEFGHIJKLMNOP"[column - 1]
    measures = _validations(wb["Activities"])[f"{letter}5"]
    assert measures.type == "list" and measures.formula1 == "ref_measures"
    # a warning, not a stop: "A2.1; A2.3" may be typed next to picking one id from the list
    assert measures.errorStyle == "warning" and measures.showErrorMessage
    listed = wb["Measures"]
    assert wb.defined_names["ref_measures"].attr_text == "'Measures'!$A$3:$A$67"
    assert [listed.cell(row=r, column=1).value for r in (3, 67)] == ["A1.1", "D10.1"]
    assert listed.cell(row=3, column=4).value.startswith("Research and regular assessment")


def test_blank_plan__starts_with_the_guides_four_areas(tmp_path):
    ws = load_workbook(_blank(tmp_path))["Areas"]
    assert [ws.cell(row=r, column=1).value for r in range(5, 9)] == ["A", "B", "C", "D"]


def test_new_plan__refuses_to_overwrite_and_unknown_language(tmp_path):
    out = _blank(tmp_path)
    again = CliRunner().invoke(main, ["new-plan", str(out)])
    assert again.exit_code == 3 and "the file exists" in again.output
    lang = CliRunner().invoke(main, ["new-plan", str(tmp_path / "x.xlsx"), "--language", "xx"])
    assert lang.exit_code == 2 and "no label catalogue" in lang.output
