"""The code has no unused imports or names, undefined names or syntax errors (pyflakes rules)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import ROOT


def test_code__passes_pyflakes_rules():
    ruff = shutil.which("ruff") or str(__import__("pathlib").Path(sys.executable).parent / "ruff")
    folders = [name for name in ("toolkit", "tests", "bench") if (ROOT / name).is_dir()]
    result = subprocess.run([ruff, "check", "--select", "F,E9", "--output-format", "concise",
                             *folders], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
