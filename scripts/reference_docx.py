"""Writes ``workbook_templates/report-reference.docx``, the reference document whose styles the
T5 report takes (as pandoc takes a reference document's): python-docx's own template with
sober fonts, sizes and colours. A country restyles its report by editing the file this writes
(in Word: Home > Styles), not the code.

Run: ``make reference-docx``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.shared import Pt, RGBColor

BLUE = RGBColor(0x1F, 0x3A, 0x5F)
GREY = RGBColor(0x59, 0x59, 0x59)
SIZES = {"Normal": 10.5, "Title": 26, "Subtitle": 14, "Heading 1": 16, "Heading 2": 13,
         "Heading 3": 11.5, "Heading 4": 10.5, "Caption": 9, "Quote": 10.5,
         "TOC Heading": 14, "List Bullet": 10.5}


def build(path: Path) -> None:
    doc = Document()
    for name, size in SIZES.items():
        style = doc.styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        if name.startswith(("Heading", "Title", "TOC")):
            style.font.color.rgb = BLUE
            style.font.bold = True
        if name in ("Caption", "Subtitle"):
            style.font.color.rgb = GREY
            style.font.italic = name == "Caption"
            style.font.bold = False
        if name == "Quote":
            style.font.italic = True
            style.paragraph_format.left_indent = Pt(18)
            style.paragraph_format.space_after = Pt(2)
    doc.styles["Normal"].paragraph_format.space_after = Pt(6)
    doc.core_properties.title = "Monitoring report (reference document)"
    doc.save(str(path))


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else
          Path(__file__).resolve().parent.parent / "workbook_templates" / "report-reference.docx")
