"""Makes the README's pictures from a demo's outputs: the Overview of report.xlsx and a page of
the T5 document with indicator and activity tables, as PNG files.

Needs LibreOffice (Writer and Calc) and poppler-utils (pdftoppm, pdftotext).
Run: ``make docs-pictures`` (it runs the demo first).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def to_pdf(source: Path, out: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="nap-docs-") as profile:
        subprocess.run(["soffice", f"-env:UserInstallation={Path(profile).as_uri()}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(out), str(source)],
                       check=True, capture_output=True, timeout=300)
    return out / (source.stem + ".pdf")


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def png(pdf: Path, page: int, target: Path, dpi: int = 80) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                        "-singlefile", str(pdf), str(Path(tmp) / "page")], check=True)
        shutil.copy(Path(tmp) / "page.png", target)


def main(report_dir: Path, docs: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        document = shutil.copy(report_dir / "report.docx", out / "report-document.docx")
        workbook = to_pdf(report_dir / "report.xlsx", out)
        png(workbook, 1, docs / "report-overview.png")
        pdf = to_pdf(Path(document), out)
        page = next(n for n in range(1, 60) if "Indicators against targets" in page_text(pdf, n)
                    and "Activity status" in page_text(pdf, n))
        png(pdf, page, docs / "report-document-page.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
