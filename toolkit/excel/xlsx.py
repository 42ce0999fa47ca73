"""The Excel-safety layer for generated workbooks, over XlsxWriter.

XlsxWriter enforces Excel's limits and writes files Excel opens without repair. This module adds
what it lacks: workbook structure protection, and one place that turns a field type into a data
validation with its input prompt and stop alert.
"""

from __future__ import annotations

import datetime as dt

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

PROMPT_TITLE, PROMPT_TEXT, ERROR_TEXT = 32, 255, 255


def legacy_hash(password: str) -> str:
    """The 16-bit password hash of ECMA-376 Part 4 that sheet and workbook protection use."""
    value = 0
    for i, ch in enumerate(password, start=1):
        rotated = ord(ch) << i
        value ^= (rotated & 0x7FFF) | (rotated >> 15)
    value ^= len(password) ^ 0xCE4B
    return f"{value:X}"


class ProtectedWorkbook(xlsxwriter.Workbook):
    """An XlsxWriter workbook whose structure can be locked (sheets cannot be added, renamed,
    moved, hidden or unhidden)."""

    def __init__(self, filename, options=None):
        super().__init__(filename, options)
        self._structure_hash: str | None = None

    def lock_structure(self, password: str) -> None:
        """Lock the workbook's structure with a password."""
        self._structure_hash = legacy_hash(password) if password else ""

    def _write_workbook_pr(self) -> None:  # XlsxWriter 3.3: element order is fixed by schema
        super()._write_workbook_pr()
        if self._structure_hash is not None:
            attrs = [("workbookPassword", self._structure_hash)] if self._structure_hash else []
            self._xml_empty_tag("workbookProtection", attrs + [("lockStructure", "1")])


def clip(text: str, limit: int) -> str:
    """Shorten a text to Excel's limit for a prompt or alert."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def validation_options(kind: str, *, title: str, prompt: str, error: str,
                       error_title: str, source: str | None = None, minimum=None, maximum=None,
                       integer: bool = False, length: int | None = None) -> dict:
    """XlsxWriter data-validation options with the prompt shown and a stop alert.

    Args:
        kind: ``list`` (needs ``source``, a defined name), ``number``, ``date`` or ``length``.
    """
    base = {"input_title": clip(title, PROMPT_TITLE), "input_message": clip(prompt, PROMPT_TEXT),
            "error_title": clip(error_title, PROMPT_TITLE),
            "error_message": clip(error, ERROR_TEXT), "error_type": "stop",
            "show_input": True, "show_error": True, "ignore_blank": True}
    if kind == "list":
        if not source or source.startswith('"'):
            raise ValueError("lists must come from a range or defined name, never inline")
        return {**base, "validate": "list", "source": f"={source}"}
    if kind == "length":
        return {**base, "validate": "length", "criteria": "<=", "value": length}
    if kind == "date":
        return {**base, "validate": "date", "criteria": "between", "minimum": minimum,
                "maximum": maximum}
    validate = "integer" if integer else "decimal"
    if maximum is None:
        return {**base, "validate": validate, "criteria": ">=", "value": minimum}
    return {**base, "validate": validate, "criteria": "between", "minimum": minimum,
            "maximum": maximum}


def protect(ws, password: str) -> None:
    """Protect a sheet: locked cells cannot be changed; selecting cells stays allowed."""
    ws.protect(password, {"select_locked_cells": True, "select_unlocked_cells": True,
                          "format_columns": False, "format_rows": False})


def a1(row: int, col: int) -> str:
    """``G12`` from a 1-based row and 0-based column."""
    return f"{xl_col_to_name(col)}{row}"


def as_datetime(value):
    """XlsxWriter writes dates from datetime objects."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value
