"""The independent OOXML validator (``shared/tools/ooxml/ooxml_validate.py`` beside the
repository, or the file ``NAP_OOXML_VALIDATOR`` names): schemas of ECMA-376 and the rules that
make Excel repair a file, run on workbooks the toolkit writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def validator() -> Path | None:
    """The validator's script, or None when neither place holds it."""
    given = os.environ.get("NAP_OOXML_VALIDATOR")
    if given:
        return Path(given)
    for folder in (ROOT, *ROOT.parents):
        found = folder / "shared" / "tools" / "ooxml" / "ooxml_validate.py"
        if found.is_file():
            return found
    return None


def validate(*paths: Path) -> list[str]:
    """The lines of the validator's report that say a file or part failed (none: every file
    passed); the test is skipped where the validator is not installed."""
    script = validator()
    if script is None:
        pytest.skip("the OOXML validator is not beside the repository")
    done = subprocess.run([sys.executable, str(script), "--no-info", *map(str, paths)],
                          capture_output=True, text=True, timeout=300)
    failed = [line for line in done.stdout.splitlines() if "FAIL" in line or "ERROR" in line]
    return failed if failed or done.returncode == 0 else [done.stdout + done.stderr]
