"""Tests of the .xlsm shell: VBA project, code names and buttons as other readers see them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from oletools.olevba import VBA_Parser

from toolkit.vba.inspect import diff_against, inspect_vba
from toolkit.vba.project import Module, VbaBuildError
from toolkit.vba.sources import load_project_modules
from toolkit.vba.workbook import Button, build_xlsm, public_subs

MACROS = Path(__file__).resolve().parent.parent / "macros"
BUTTONS = [
    Button("D2", "NapButtons.CheckPlan", "Check plan"),
    Button("D5", "NapButtons.GenerateWorkbooks", "Generate workbooks"),
    Button("D8", "NapButtons.ConsolidateReturns", "Consolidate returns"),
]


@pytest.fixture(scope="module")
def modules() -> list[Module]:
    return load_project_modules(MACROS)


@pytest.fixture(scope="module")
def xlsm(modules, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("xlsm") / "plan.xlsm"
    return build_xlsm(path, modules, BUTTONS, {"plan_title": "NAP 2026-2028"})


def test_olevba_finds_the_modules_in_the_workbook(xlsm, modules):
    parser = VBA_Parser(str(xlsm))
    try:
        assert parser.detect_vba_macros()
        names = {stream.split("/")[-1] for _, stream, _, _ in parser.extract_macros()}
    finally:
        parser.close()
    assert names == {m.name for m in modules} | {"ThisWorkbook", "Sheet1"}


def test_inspector_matches_macros(xlsm):
    assert diff_against(inspect_vba(xlsm), MACROS) == []


def test_code_names_match_the_document_modules(xlsm):
    with zipfile.ZipFile(xlsm) as archive:
        workbook_xml = archive.read("xl/workbook.xml").decode()
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
        content_types = archive.read("[Content_Types].xml").decode()
        drawings = [name for name in archive.namelist() if name.startswith("xl/drawings/vmlDrawing")]
        vml = archive.read(drawings[0]).decode()
    assert 'codeName="ThisWorkbook"' in workbook_xml
    assert 'codeName="Sheet1"' in sheet_xml
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in content_types
    for button in BUTTONS:
        assert f"[0]!{button.macro}" in vml
        assert button.caption in vml
    documents = {m.name for m in inspect_vba(xlsm) if m.kind == "document"}
    assert documents == {"ThisWorkbook", "Sheet1"}


def test_settings_sheet_is_readable(xlsm):
    workbook = openpyxl.load_workbook(xlsm)
    sheet = workbook["Settings"]
    assert [cell.value for cell in sheet[2]] == ["plan_title", "NAP 2026-2028"]
    assert workbook.sheetnames == ["Settings"]


def test_building_twice_gives_identical_files(modules, tmp_path):
    first = build_xlsm(tmp_path / "a.xlsm", modules, BUTTONS).read_bytes()
    second = build_xlsm(tmp_path / "b.xlsm", modules, BUTTONS).read_bytes()
    assert first == second


def test_buttons_must_call_existing_public_subs(modules, tmp_path):
    with pytest.raises(VbaBuildError, match="NapButtons.bas: button 'Go' calls 'Missing'"):
        build_xlsm(tmp_path / "x.xlsm", modules, [Button("A1", "NapButtons.Missing", "Go")])
    with pytest.raises(VbaBuildError, match="must be 'Module.Sub'"):
        build_xlsm(tmp_path / "x.xlsm", modules, [Button("A1", "Nowhere.Go", "Go")])
    with pytest.raises(VbaBuildError, match=r"\.xlsm"):
        build_xlsm(tmp_path / "x.xlsx", modules)


def test_public_subs_skip_private_ones():
    module = Module("M", "standard", "Sub A()\nEnd Sub\nPrivate Sub B()\nEnd Sub\n  Public Sub C ()\n")
    assert public_subs(module) == {"a", "c"}
