"""Reads cell values of a returned workbook with python-calamine, bounded to the expected area."""

from __future__ import annotations

import io
from pathlib import Path

import python_calamine

from toolkit.aggregate.returned import SheetData

EXTRA_ROWS = 200
"""Rows read past the last expected row, to notice rows appended below the data."""


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
