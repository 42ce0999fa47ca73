"""LibreOffice loads a built .xlsm, compiles its VBA project, runs the sentinel and binds the buttons."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from toolkit.vba.project import Module
from toolkit.vba.sources import load_macros
from toolkit.vba.workbook import Button, build_xlsm

HERE = Path(__file__).resolve().parent
MACROS = HERE.parent / "macros"
SYSTEM_PYTHON = "/usr/bin/python3"

# LibreOffice cannot compile xlwings' own module, and one compile error makes
# every call return a default value, so a stub stands in for it here.
XLWINGS_STUB = Module(
    "xlwings",
    "standard",
    'Attribute VB_Name = "xlwings"\n'
    "Public Function RunPython(ByVal PythonCommand As String)\n"
    "    RunPython = PythonCommand\n"
    "End Function\n",
)


def _libreoffice_available() -> bool:
    if shutil.which("soffice") is None or not os.path.exists(SYSTEM_PYTHON):
        return False
    check = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    return check.returncode == 0


pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.slow,
    pytest.mark.skipif(not _libreoffice_available(), reason="needs soffice and python3-uno"),
]


def test_libreoffice_compiles_the_project_and_binds_buttons(tmp_path):
    buttons = [
        Button("D2", "NapButtons.CheckPlan", "Check plan"),
        Button("D5", "NapButtons.OpenReport", "Open report"),
    ]
    book = build_xlsm(tmp_path / "plan.xlsm", load_macros(MACROS) + [XLWINGS_STUB], buttons)
    result = subprocess.run(
        [SYSTEM_PYTHON, str(HERE / "libreoffice_vba_probe.py"), str(book),
         str(tmp_path / "profile"), f"nap_vba_{os.getpid()}"],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert "VBAProject" in report["libraries"]
    expected = [module.name for module in load_macros(MACROS)] + ["Sheet1", "ThisWorkbook"]
    assert report["modules"] == sorted(expected + ["xlwings"])
    assert report["sentinel"] == 20260101
    scripts = {control["label"]: control["scripts"] for control in report["controls"]}
    assert scripts == {
        "Check plan": [
            "vnd.sun.star.script:VBAProject.NapButtons.CheckPlan?language=Basic&location=document"
        ],
        "Open report": [
            "vnd.sun.star.script:VBAProject.NapButtons.OpenReport?language=Basic&location=document"
        ],
    }
