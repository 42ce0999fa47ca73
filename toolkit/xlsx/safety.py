"""The Excel-safety layer: the only place that builds validations, notes, names and protection.

openpyxl's defaults are not Excel's: a validation shows no error dialog unless asked to, duplicate
sheet names are renamed silently, over-long names only warn, and inline lists over 255 characters
are accepted. Everything here enforces Excel's own rules before writing.
"""

from __future__ import annotations

from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from toolkit.limits import (
    ERROR_TEXT,
    MAX_CELL_TEXT,
    PROMPT_TEXT,
    PROMPT_TITLE,
    clip,
    defined_name_problem,
    same_sheet_name,
    sheet_name_problem,
)


class ExcelLimitError(ValueError):
    """A name or text that Excel would reject or silently change."""


def add_sheet(wb, name: str, index: int | None = None):
    """Create a sheet, refusing names Excel would reject or openpyxl would silently rename."""
    problem = sheet_name_problem(name)
    if problem:
        raise ExcelLimitError(f"sheet name {name!r}: {problem}")
    if any(same_sheet_name(ws.title, name) for ws in wb.worksheets):
        raise ExcelLimitError(f"sheet name {name!r} is already used (Excel ignores case)")
    return wb.create_sheet(name, index)


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
                        promptTitle=clip(prompt_title, PROMPT_TITLE) or None,
                        prompt=clip(prompt, PROMPT_TEXT) or None,
                        errorTitle=clip(error_title, PROMPT_TITLE) or None,
                        error=clip(error, ERROR_TEXT) or None)
    return dv


def add_validation(ws, dv: DataValidation, ref: str) -> DataValidation:
    """Attach a validation to a range of a sheet."""
    dv.add(ref)
    ws.add_data_validation(dv)
    return dv


def add_note(cell, text: str, author: str = "NAP toolkit", width: int = 320) -> None:
    """Attach a note (comment) to a cell, sized so that it can be read."""
    note = Comment(clip(text, MAX_CELL_TEXT), author)
    note.width = width
    note.height = max(80, 20 * (len(text) // 45 + 2))
    cell.comment = note


def define_name(wb, name: str, ref: str) -> None:
    """Add a workbook-level defined name, checking Excel's naming rules."""
    problem = defined_name_problem(name)
    if problem:
        raise ExcelLimitError(f"defined name {name!r}: {problem}")
    wb.defined_names[name] = DefinedName(name, attr_text=ref)


def absolute_range(sheet: str, col: str, first_row: int, last_row: int) -> str:
    """``'Sheet'!$A$5:$A$200``, quoted the way Excel quotes sheet names."""
    quoted = "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!${col}${first_row}:${col}${last_row}"
