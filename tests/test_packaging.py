"""An installed toolkit works away from the repository: ``pip install .`` (and the wheel a
coordinator is given) carries the declarations, the VBA modules and the sample plan."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["toolkit", "workbook_templates", "macros", "samples", "setup.py", "setup.cfg",
           "pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The toolkit installed from a copy of the sources into a folder of its own."""
    base = tmp_path_factory.mktemp("packaging")
    source = base / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns(
                "__pycache__", "*.pyc", "*.egg-info"))
        else:
            shutil.copy2(path, source / name)
    wheels = base / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(wheels), str(source)],
                   check=True, cwd=base)
    (wheel,) = wheels.glob("*.whl")
    target = base / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(wheel)], check=True, cwd=base)
    return target


def toolkit(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """``python -m toolkit ARGS`` with the installed copy first on the path, run elsewhere."""
    env = dict(os.environ, PYTHONPATH=str(installed))
    env.pop("NAP_TOOLKIT_TEMPLATES", None)
    return subprocess.run([sys.executable, "-m", "toolkit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_wheel__holds_the_declarations_macros_and_sample_plan_but_no_test_material(
        installed):
    wheel = next((installed.parent / "wheels").glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    data = "toolkit/_data/"
    for name in ["workbook_templates/reporting.toml", "workbook_templates/plan.toml",
                 "workbook_templates/labels/en.toml", "workbook_templates/labels/fr.toml",
                 "macros/NapButtons.bas", "macros/NapRibbon.bas",
                 "samples/valdoria-nap.xlsx", "samples/valdoria-nap.json",
                 "samples/merande-pan.xlsx", "samples/merande-pan.json"]:
        assert data + name in names
    assert not any(n.startswith(data + "samples/broken/") for n in names)


def test_installed_toolkit__runs_every_step_away_from_the_repository(installed, tmp_path):
    where = subprocess.run([sys.executable, "-c", "import toolkit; print(toolkit.__file__)"],
                           cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(installed)),
                           capture_output=True, text=True)
    assert Path(where.stdout.strip()).is_relative_to(installed)

    made = toolkit(installed, tmp_path, "new-plan", "blank.xlsx", "--language", "fr")
    assert made.returncode == 0, made.stdout + made.stderr
    assert (tmp_path / "blank.xlsx").stat().st_size > 0

    demo = toolkit(installed, tmp_path, "demo", "--out", "demo")
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert "Consolidated 22 return(s)" in demo.stdout
    assert (tmp_path / "demo" / "2026-H1" / "report" / "report.xlsx").stat().st_size > 0
    assert (tmp_path / "demo" / "annual" / "VAL-NAP_annual-report_2026.xlsx").stat().st_size > 0

    panel = toolkit(installed, tmp_path, "control-panel", "panel.xlsm")
    assert panel.returncode == 0, panel.stdout + panel.stderr
    inspected = toolkit(installed, tmp_path, "vba", "inspect", "panel.xlsm")
    assert inspected.returncode == 0, inspected.stdout + inspected.stderr
