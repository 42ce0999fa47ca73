"""The independent OOXML validator: schemas of ECMA-376 and the rules that make Excel repair a
file, run on workbooks the toolkit writes. The file ``NAP_OOXML_VALIDATOR`` names, else the
shared one beside the repository (``shared/tools/ooxml/ooxml_validate.py``), else the copy in
``ooxml_validator/`` here, so that the tests never skip for want of it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = Path(__file__).resolve().parent / "ooxml_validator" / "ooxml_validate.py"


def validator() -> Path:
    """The validator's script."""
    given = os.environ.get("NAP_OOXML_VALIDATOR")
    if given:
        return Path(given)
    for folder in (ROOT, *ROOT.parents):
        found = folder / "shared" / "tools" / "ooxml" / "ooxml_validate.py"
        if found.is_file():
            return found
    return BUNDLED


def validate(*paths: Path) -> list[str]:
    """The lines of the validator's report that say a file or part failed (none: every file
    passed)."""
    script = validator()
    done = subprocess.run([sys.executable, str(script), "--no-info", *map(str, paths)],
                          capture_output=True, text=True, timeout=300)
    failed = [line for line in done.stdout.splitlines() if "FAIL" in line or "ERROR" in line]
    return failed if failed or done.returncode == 0 else [done.stdout + done.stderr]
