"""The Excel-safety layer: the only place that builds validations, notes, names and protection.

openpyxl's defaults are not Excel's: a validation shows no error dialog unless asked to, duplicate
sheet names are renamed silently, over-long names only warn, and inline lists over 255 characters
are accepted. Everything here enforces Excel's own rules before writing.
"""

from __future__ import annotations

import re

from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

MAX_SHEET_NAME = 31
MAX_CELL_TEXT = 32767
_FORBIDDEN_SHEET_CHARS = re.compile(r"[:\\/?*\[\]]")
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]{0,254}$")


class ExcelLimitError(ValueError):
    """A name or text that Excel would reject or silently change."""


def sheet_name_problem(name: str) -> str | None:
    """Why Excel would reject this sheet name, or None when it is fine."""
    if not name or not name.strip():
        return "it is empty"
    if len(name) > MAX_SHEET_NAME:
        return f"it has {len(name)} characters, more than 31"
    bad = _FORBIDDEN_SHEET_CHARS.search(name)
    if bad:
        return f"it contains the character {bad.group()}"
    if name.startswith("'") or name.endswith("'"):
        return "it starts or ends with an apostrophe"
    if name.casefold() == "history":
        return "Excel reserves the name History"
    return None


def add_sheet(wb, name: str, index: int | None = None):
    """Create a sheet, refusing names Excel would reject or openpyxl would silently rename."""
    problem = sheet_name_problem(name)
    if problem:
        raise ExcelLimitError(f"sheet name {name!r}: {problem}")
    if any(ws.title.casefold() == name.casefold() for ws in wb.worksheets):
        raise ExcelLimitError(f"sheet name {name!r} is already used (Excel ignores case)")
    return wb.create_sheet(name, index)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def validation(kind: str, *, formula1: str | None = None, formula2: str | None = None,
               operator: str | None = None, prompt: str = "", prompt_title: str = "",
               error: str = "", error_title: str = "", style: str = "stop",
               allow_blank: bool = True) -> DataValidation:
    """A data validation with the input prompt and error alert switched on.

    Args:
        kind: ``list``, ``whole``, ``decimal``, ``date``, ``textLength``, ``custom`` or
            ``any`` (no rule: only the input prompt).
        formula1: for lists, a defined name or range (never an inline list).
        style: ``stop`` refuses bad values; ``warning`` and ``information`` only ask.
    """
    if kind == "list" and formula1 and formula1.startswith('"'):
        raise ExcelLimitError("inline lists are not allowed: point the list at a range")
    # Excel: error and prompt titles are capped at 32 characters, texts at 255.
    dv = DataValidation(type=None if kind == "any" else kind, formula1=formula1, formula2=formula2, operator=operator,
                        allow_blank=allow_blank, showErrorMessage=True,
                        showInputMessage=bool(prompt), errorStyle=style,
                        promptTitle=_clip(prompt_title, 32) or None,
                        prompt=_clip(prompt, 255) or None,
                        errorTitle=_clip(error_title, 32) or None,
                        error=_clip(error, 255) or None)
    return dv


def add_validation(ws, dv: DataValidation, ref: str) -> DataValidation:
    """Attach a validation to a range of a sheet."""
    dv.add(ref)
    ws.add_data_validation(dv)
    return dv


def add_note(cell, text: str, author: str = "NAP toolkit", width: int = 320) -> None:
    """Attach a note (comment) to a cell, sized so that it can be read."""
    note = Comment(_clip(text, MAX_CELL_TEXT), author)
    note.width = width
    note.height = max(80, 20 * (len(text) // 45 + 2))
    cell.comment = note


def define_name(wb, name: str, ref: str) -> None:
    """Add a workbook-level defined name, checking Excel's naming rules."""
    if not _NAME_RE.match(name) or re.match(r"^[A-Za-z]{1,3}[0-9]+$", name):
        raise ExcelLimitError(f"defined name {name!r} is not a valid Excel name")
    wb.defined_names[name] = DefinedName(name, attr_text=ref)


def absolute_range(sheet: str, col: str, first_row: int, last_row: int) -> str:
    """``'Sheet'!$A$5:$A$200``, quoted the way Excel quotes sheet names."""
    quoted = "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!${col}${first_row}:${col}${last_row}"
