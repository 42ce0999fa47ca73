"""The Excel-safety layer for generated workbooks, over XlsxWriter.

XlsxWriter enforces Excel's limits and writes files Excel opens without repair. This module adds
what it lacks: workbook structure protection, and one place that turns a field type into a data
validation with its input prompt and stop alert.
"""

from __future__ import annotations

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name


def legacy_hash(password: str) -> str:
    """The 16-bit password hash of ECMA-376 Part 4 that sheet and workbook protection use.

    Each character, the last first, is added into a 15-bit value that is rotated left one bit
    before each one, then the length; the hash is always four hexadecimal digits. It is the hash
    XlsxWriter gives the sheets, so the structure lock opens with the sheets' password. (The
    closed form that shifts character i by i bits, as openpyxl computes it, outgrows 16 bits
    past 23 ASCII characters.)
    """
    value = 0
    for ch in reversed(password):
        value = ((value >> 14) & 1) | ((value << 1) & 0x7FFF)
        value ^= ord(ch)
    value = ((value >> 14) & 1) | ((value << 1) & 0x7FFF)
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


def protect(ws, password: str) -> None:
    """Protect a sheet: locked cells cannot be changed; selecting cells stays allowed."""
    ws.protect(password, {"select_locked_cells": True, "select_unlocked_cells": True,
                          "format_columns": False, "format_rows": False})


def a1(row: int, col: int) -> str:
    """``G12`` from a 1-based row and 0-based column."""
    return f"{xl_col_to_name(col)}{row}"
