"""A PDF of the T5 document, made by LibreOffice (Writer) when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from toolkit.findings import FindingError, finding

TIMEOUT_SECONDS = 300


class PdfError(FindingError):
    """The PDF could not be made (RPT_001, RPT_002); the document itself is written."""


def soffice() -> str | None:
    """The LibreOffice program on the PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(document: Path) -> Path:
    """``document`` converted to a PDF beside it, with a profile of its own (so a LibreOffice
    the user has open is neither used nor disturbed).

    Raises:
        PdfError: LibreOffice is not installed, or the conversion failed.
    """
    program = soffice()
    if program is None:
        raise PdfError(finding("RPT_001", document))
    target = document.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="nap-pdf-") as profile:
        try:
            done = subprocess.run(
                [program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                 "--norestore", "--convert-to", "pdf", "--outdir", str(document.parent),
                 str(document)], capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfError(finding("RPT_002", document, detail=str(exc))) from exc
    if done.returncode != 0 or not target.is_file():
        detail = (done.stderr or done.stdout).strip() or f"exit code {done.returncode}"
        raise PdfError(finding("RPT_002", document, detail=detail.splitlines()[-1][:200]))
    return target
