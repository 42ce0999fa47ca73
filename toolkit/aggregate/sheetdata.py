"""Reads cell values of a returned workbook with python-calamine, bounded to the expected area."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

EXTRA_ROWS = 200
"""Rows read past the last expected row, to notice rows appended below the data."""


@dataclass
class SheetData:
    """The values of one sheet, by 1-based row and 0-based column; blank reads as None."""

    rows: dict[int, list] = field(default_factory=dict)
    more_rows: bool = False
    """True when non-empty rows continue past the rows read."""
    _filled: dict[int, list[int]] = field(default_factory=dict, repr=False, compare=False)

    def get(self, row: int, col: int):
        """The raw value of a cell, or None when blank."""
        values = self.rows.get(row)
        if values is None or col >= len(values):
            return None
        value = values[col]
        return None if value == "" else value

    def non_empty_rows(self, first: int) -> list[int]:
        """Rows at or below ``first`` holding at least one value (a new list each time)."""
        if first not in self._filled:
            self._filled[first] = sorted(r for r, vals in self.rows.items()
                                         if r >= first and any(v != "" for v in vals))
        return list(self._filled[first])


def read_sheets(path: Path, wanted: dict[str, int], width: int = 40,
                data: bytes | None = None) -> dict[str, SheetData]:
    """Values of the wanted sheets, each read down to its given last row plus a margin.

    Args:
        path: the workbook.
        wanted: sheet name -> last row of interest (1-based).
        width: columns to keep per row.
        data: the workbook's bytes, when they were read already (then read, not ``path``).

    Raises:
        python_calamine.CalamineError and subclasses, for the caller to turn into a finding.
    """
    book = python_calamine.CalamineWorkbook.from_path(str(path)) if data is None else \
        python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        result = {}
        for name, last in wanted.items():
            if name not in book.sheet_names:
                continue
            sheet = book.get_sheet_by_name(name)
            start_row, start_col = sheet.start or (0, 0)
            data = SheetData()
            limit = last + EXTRA_ROWS
            for i, values in enumerate(sheet.iter_rows()):
                row = start_row + i + 1
                if row > limit:
                    data.more_rows = any(v != "" for v in values)
                    if data.more_rows:
                        break
                    continue
                if start_col:
                    values = [""] * start_col + values
                data.rows[row] = values if len(values) <= width else values[:width]
            result[name] = data
        return result
    finally:
        book.close()
