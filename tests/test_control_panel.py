"""The control panel (.xlsm) and the add-in (.xlam): what they call, what they hold, and that
LibreOffice runs each button's Sub down to the expected RunPython command."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import defusedxml.ElementTree as SafeET
import openpyxl
import pytest
from click.testing import CliRunner
from oletools.olevba import VBA_Parser

from toolkit.buttons.addin import (
    ADDIN_TYPE,
    CUSTOMUI_NS,
    CUSTOMUI_PART,
    CUSTOMUI_REL,
    build_addin,
    ribbon_buttons,
)
from toolkit.buttons.book import SETTINGS
from toolkit.buttons.control_panel import BUTTONS, build_control_panel
from toolkit.cli import main
from toolkit.vba.inspect import inspect_vba
from toolkit.vba.project import Module
from toolkit.vba.sources import (
    XLWINGS_VERSION,
    load_macros,
    load_project_modules,
    xlwings_module_version,
)
from toolkit.vba.workbook import public_subs

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MACROS = ROOT / "macros"
SYSTEM_PYTHON = "/usr/bin/python3"
RUN_PYTHON = re.compile(r'^\s*RunPython\s+"(?P<command>[^"]*)"', re.MULTILINE)
COMMAND = re.compile(r"^import (?P<module>[\w.]+) as (?P<alias>\w+); (?P=alias)\.(?P<func>\w+)\(\)$")

# The element names of the customUI schema of 2009/07 (customUI14.xsd): the ribbon, the
# context menus, the backstage view and the controls they may hold.
CUSTOMUI_ELEMENTS = {
    "customUI", "commands", "command", "ribbon", "qat", "sharedControls", "documentControls",
    "tabs", "contextualTabs", "tabSet", "tab", "group", "box", "button", "buttonGroup",
    "checkBox", "comboBox", "control", "dialogBoxLauncher", "dropDown", "dynamicMenu",
    "editBox", "gallery", "item", "labelControl", "menu", "menuSeparator", "separator",
    "splitButton", "toggleButton", "contextMenus", "contextMenu", "backstage", "firstColumn",
    "secondColumn", "topItems", "bottomItems", "primaryItem", "taskGroup", "taskFormGroup",
    "category", "task", "layoutContainer", "imageControl", "groupBox", "hyperlink",
    "radioGroup",
}
EXPECTED_COMMANDS = {
    "Check plan": "import toolkit.buttons.excel as b; b.check_plan()",
    "Generate workbooks": "import toolkit.buttons.excel as b; b.generate_workbooks()",
    "Consolidate returns": "import toolkit.buttons.excel as b; b.consolidate_returns()",
    "Open report": "import toolkit.buttons.excel as b; b.open_report()",
    "Check this returned workbook": "import toolkit.buttons.excel as b; b.check_this_workbook()",
}


@pytest.fixture(scope="module")
def modules() -> list[Module]:
    return load_project_modules(MACROS)


@pytest.fixture(scope="module")
def panel(modules, tmp_path_factory) -> Path:
    return build_control_panel(tmp_path_factory.mktemp("panel") / "control-panel.xlsm", modules)


@pytest.fixture(scope="module")
def addin(modules, tmp_path_factory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin") / "nap.xlam", modules)


def subs_of_macros() -> set[str]:
    """``module.sub`` (lower case) for every public Sub in macros/."""
    return {f"{m.name.lower()}.{sub}" for m in load_macros(MACROS) for sub in public_subs(m)}


def ribbon_root(path: Path):
    with zipfile.ZipFile(path) as archive:
        return SafeET.fromstring(archive.read(CUSTOMUI_PART))


# What the macros call

def test_every_run_python_command__names_a_callable_of_the_toolkit():
    commands = []
    for path in sorted(MACROS.glob("*.bas")):
        text = path.read_text(encoding="cp1252")
        assert text.count("RunPython ") == len(RUN_PYTHON.findall(text)), path.name
        commands += RUN_PYTHON.findall(text)
    assert sorted(commands) == sorted(EXPECTED_COMMANDS.values())
    for command in commands:
        match = COMMAND.match(command)
        assert match, f"{command!r} is not 'import module as alias; alias.function()'"
        module = importlib.import_module(match["module"])
        assert callable(getattr(module, match["func"])), command


def test_every_button_and_ribbon_action__names_a_sub_of_macros(panel, addin):
    subs = subs_of_macros()
    with zipfile.ZipFile(panel) as archive:
        vml = "".join(archive.read(name).decode() for name in archive.namelist()
                      if name.startswith("xl/drawings/vmlDrawing"))
    bound = re.findall(r"<x:FmlaMacro>\[0\]!([\w.]+)</x:FmlaMacro>", vml)
    assert sorted(bound) == sorted(button.macro for button in BUTTONS)
    actions = [node.get("onAction") for node in ribbon_root(addin).iter()
               if node.get("onAction")]
    assert len(actions) == len(ribbon_buttons()) == 5
    for name in bound + actions:
        assert name.lower() in subs, f"{name} is not a public Sub in macros/"


# The add-in package

def content_type(types, part: str) -> str:
    """The content type of a part: its Override, else the Default for its extension."""
    overrides = {node.get("PartName"): node.get("ContentType") for node in types
                 if node.tag.endswith("Override")}
    defaults = {node.get("Extension"): node.get("ContentType") for node in types
                if node.tag.endswith("Default")}
    return overrides.get(part) or defaults[part.rsplit(".", 1)[1]]


def test_ribbon_xml__parses_and_uses_only_customui_elements(addin):
    root = ribbon_root(addin)
    assert root.tag == f"{{{CUSTOMUI_NS}}}customUI"
    names = set()
    for node in root.iter():
        namespace, _, name = node.tag[1:].partition("}")
        assert namespace == CUSTOMUI_NS
        names.add(name)
    assert names <= CUSTOMUI_ELEMENTS
    labels = [node.get("label") for node in root.iter(f"{{{CUSTOMUI_NS}}}button")]
    assert sorted(labels) == sorted(EXPECTED_COMMANDS)
    ids = [node.get("id") for node in root.iter() if node.get("id")]
    assert len(ids) == len(set(ids))


def test_addin__is_an_addin_package_with_the_ribbon_relationship(addin):
    with zipfile.ZipFile(addin) as archive:
        types = SafeET.fromstring(archive.read("[Content_Types].xml"))
        rels = SafeET.fromstring(archive.read("_rels/.rels"))
        names = archive.namelist()
        workbook = archive.read("xl/workbook.xml").decode()
    assert content_type(types, "/xl/workbook.xml") == ADDIN_TYPE
    assert content_type(types, "/xl/vbaProject.bin") == "application/vnd.ms-office.vbaProject"
    assert content_type(types, "/" + CUSTOMUI_PART) == "application/xml"
    targets = {node.get("Type"): node.get("Target") for node in rels}
    assert targets[CUSTOMUI_REL] == CUSTOMUI_PART and CUSTOMUI_PART in names
    assert names == sorted(names)
    assert 'codeName="ThisWorkbook"' in workbook


# The VBA project in both files

@pytest.mark.parametrize("which", ["panel", "addin"])
def test_olevba_lists_exactly_macros_and_xlwings(which, request):
    path = request.getfixturevalue(which)
    parser = VBA_Parser(str(path))
    try:
        found = {stream.split("/")[-1] for _, stream, _, _ in parser.extract_macros()}
    finally:
        parser.close()
    documents = {"ThisWorkbook", "Sheet1"} | ({"Sheet2", "Sheet3"} if which == "panel" else set())
    expected = {path.stem for path in MACROS.glob("*.bas")} | {"xlwings"}
    assert found - documents == expected
    assert found >= documents


@pytest.mark.parametrize("which", ["panel", "addin"])
def test_embedded_xlwings_module__is_the_pinned_version(which, request):
    [module] = [m for m in inspect_vba(request.getfixturevalue(which)) if m.name == "xlwings"]
    assert xlwings_module_version(module.source) == XLWINGS_VERSION
    assert f"xlwings=={XLWINGS_VERSION}" in (ROOT / "setup.cfg").read_text(encoding="utf-8")


@pytest.mark.parametrize("build, suffix", [(build_control_panel, ".xlsm"), (build_addin, ".xlam")])
def test_building_twice__gives_identical_bytes(build, suffix, modules, tmp_path):
    first = build(tmp_path / f"a{suffix}", modules).read_bytes()
    second = build(tmp_path / f"b{suffix}", modules).read_bytes()
    assert first == second


def test_panel_and_addin__pass_the_ooxml_validator(panel, addin):
    from tests.support.ooxml import validate

    assert validate(panel, addin) == []


# The control panel's sheets

def test_settings__defined_names_point_at_validated_input_cells(panel):
    book = openpyxl.load_workbook(panel)
    assert book.sheetnames == ["Settings", "Log", "Findings"]
    sheet = book["Settings"]
    prompts = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    for spec in SETTINGS:
        column, row = spec.cell[0], spec.cell[1:]
        assert book.defined_names[spec.name].attr_text == f"Settings!${column}${row}"
        assert sheet[spec.cell].value is None and sheet[spec.cell].number_format == "@"
        rule = prompts[spec.cell]
        assert rule.showInputMessage and rule.showErrorMessage and rule.errorStyle in (None, "stop")
        assert spec.example in rule.prompt
    assert [c.value for c in book["Log"][1]] == ["Time", "Action", "Outcome", "Message"]
    assert [c.value for c in book["Findings"][1]][:7] == [
        "Code", "Severity", "File", "Sheet", "Cell", "Message", "What to do"]


# The commands

def test_cli__builds_both_files_and_inspects_them(tmp_path):
    runner = CliRunner()
    panel, addin = tmp_path / "panel.xlsm", tmp_path / "nap.xlam"
    assert runner.invoke(main, ["control-panel", str(panel)]).exit_code == 0
    assert runner.invoke(main, ["addin", str(addin)]).exit_code == 0
    result = runner.invoke(main, ["vba", "inspect", str(addin)])
    assert result.exit_code == 0, result.output
    assert re.search(r"^NapRibbon\s+standard\s+\d+ lines$", result.output, re.MULTILINE)
    assert "equal" in result.output
    wrong = runner.invoke(main, ["addin", str(tmp_path / "nap.xlsm")])
    assert wrong.exit_code == 2 and "the file name must end in .xlam" in wrong.output


def test_vba_inspect__exit_1_when_a_module_differs(modules, tmp_path):
    changed = [Module(m.name, m.kind, m.source.replace("b.open_report()", "b.other()"))
               if m.name == "NapButtons" else m for m in modules]
    path = build_control_panel(tmp_path / "old.xlsm", changed)
    result = CliRunner().invoke(main, ["vba", "inspect", str(path)])
    assert result.exit_code == 1
    assert "-    RunPython \"import toolkit.buttons.excel as b; b.open_report()\"" in result.output
    assert "1 module(s) differ" in result.output


def test_vba_inspect__exit_3_when_unreadable(tmp_path):
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    result = CliRunner().invoke(main, ["vba", "inspect", str(plain)])
    assert result.exit_code == 3
    assert f"{plain}: no xl/vbaProject.bin in the workbook" in result.output
    missing = CliRunner().invoke(main, ["vba", "inspect", str(tmp_path / "none.xlsm")])
    assert missing.exit_code == 3 and "the file does not exist" in missing.output


# LibreOffice runs the buttons

# LibreOffice cannot compile xlwings' own module, and one compile error makes every call return
# a default value, so a stub records the command instead; the sentinel shows it compiled.
RECORDING_XLWINGS = Module(
    "xlwings", "standard",
    'Attribute VB_Name = "xlwings"\n'
    "Public LastCommand As String\n"
    "Public Function RunPython(ByVal PythonCommand As String)\n"
    "    LastCommand = PythonCommand\n"
    "End Function\n"
    "Public Function RecordedCommand() As String\n"
    "    RecordedCommand = LastCommand\n"
    "End Function\n",
)


def _libreoffice_available() -> bool:
    if not os.path.exists(SYSTEM_PYTHON) or subprocess.run(
            ["sh", "-c", "command -v soffice"], capture_output=True).returncode != 0:
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


def _script(macro: str) -> str:
    return f"vnd.sun.star.script:VBAProject.{macro}?language=Basic&location=document"


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.skipif(not _libreoffice_available(), reason="needs soffice and python3-uno")
def test_libreoffice__each_button_runs_its_sub_down_to_run_python(tmp_path):
    book = build_control_panel(tmp_path / "panel.xlsm", load_macros(MACROS) + [RECORDING_XLWINGS])
    run = [[_script(button.macro), 0] for button in BUTTONS]
    run += [[_script(item.on_action), 1] for item in ribbon_buttons()]
    result = subprocess.run(
        [SYSTEM_PYTHON, str(HERE / "libreoffice_vba_probe.py"), str(book),
         str(tmp_path / "profile"), f"nap_panel_{os.getpid()}", json.dumps(run)],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["sentinel"] == 20260101
    bound = {control["label"]: control["scripts"] for control in report["controls"]}
    assert bound == {button.caption: [_script(button.macro)] for button in BUTTONS}
    ran = dict(report["ran"])
    for button in BUTTONS:
        assert ran[_script(button.macro)] == EXPECTED_COMMANDS[button.caption]
    for item in ribbon_buttons():
        assert ran[_script(item.on_action)] == EXPECTED_COMMANDS[item.label]
