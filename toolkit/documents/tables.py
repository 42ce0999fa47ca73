"""Writes a workbook of read-only tables: a title, a short introduction, a heading row and one
row per record on each sheet, with column formats, filters and fitted row heights.

The coverage workbook and the recommendation tracker are such workbooks: a person reads, sorts
and filters them, and nothing is read back from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from toolkit.timestamps import generated_time
from toolkit.xlsx import writer as xlsx

FORMATS = {
    "title": {"bold": True, "font_size": 14},
    "intro": {"italic": True, "text_wrap": True, "valign": "top", "font_color": "#404040"},
    "head": {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7",
             "border": 1},
    "text": {"text_wrap": True, "valign": "top"},
    "code": {"valign": "top"},
    "int": {"num_format": "#,##0", "valign": "top"},
    "money": {"num_format": "#,##0", "valign": "top"},
    "share": {"num_format": "0%", "valign": "top"},
    "date": {"num_format": "yyyy-mm-dd", "valign": "top"},
}
MARKS = {"alert": "#FFC7CE", "warn": "#FFEB9C", "good": "#C6EFCE", "quiet": "#EDEDED"}
"""Fills of a row that needs attention (alert, warn), reads well (good) or is only context."""
HEAD_ROW = 3
"""0-based row of the headings: title, introduction, a blank row, then the headings."""
LINE_POINTS = 15.0


@dataclass(frozen=True)
class TableColumn:
    """A column: its heading, width in characters and kind (a key of ``FORMATS``)."""

    heading: str
    width: float = 14
    kind: str = "text"


@dataclass(frozen=True)
class Table:
    """One sheet: name, title, introduction, columns and rows; ``marks`` names a fill from
    ``MARKS`` for the row at the same index (or None)."""

    name: str
    title: str
    intro: str
    columns: tuple[TableColumn, ...]
    rows: Sequence[Sequence[object]]
    marks: Sequence[str | None] = field(default_factory=tuple)


def _lines(text: str, width: float) -> int:
    # A column's width counts the digit "0"; letters are narrower, and cells keep some padding.
    usable = max(1, int(width * 1.2) - 1)
    lines = 0
    for paragraph in text.split("\n"):
        count, current = 1, 0
        for word in paragraph.split(" "):
            if current and current + 1 + len(word) > usable:
                count, current = count + 1, 0
            current += len(word) + (1 if current else 0)
        lines += count + max(0, current - 1) // usable
    return lines


def row_height(values: Sequence[object], columns: Sequence[TableColumn]) -> float | None:
    """Excel: a writer cannot ask for autofit and LibreOffice keeps the height a file gives, so
    the height is set to fit the tallest wrapped cell; None keeps the default height."""
    lines = max((_lines(v, c.width) for v, c in zip(values, columns)
                 if isinstance(v, str) and v and c.kind == "text"), default=1)
    return None if lines <= 1 else min(409.0, lines * LINE_POINTS + 2)


class Prefixed:
    """The labels of one section of a language's catalogue (``tracker.*``, ``review.*``)."""

    prefix = ""

    def __init__(self, language: str) -> None:
        from toolkit.declarations.labels import labels

        self.language, self.text = language, labels(language)

    def __call__(self, key: str, **params) -> str:
        text = self.text[f"{self.prefix}.{key}"]
        return text.format(**params) if params else text


class TableBook:
    """Writes :class:`Table` sheets into one workbook."""

    def __init__(self, path: Path, title: str, footer: str = "") -> None:
        self.wb = xlsx.ProtectedWorkbook(str(path), {"in_memory": True,
                                                     "strings_to_numbers": False,
                                                     "strings_to_formulas": False,
                                                     "strings_to_urls": False})
        self.wb.set_properties({"title": title, "created": generated_time(),
                                "comments": "Written by the NAP monitoring toolkit"})
        self.footer = footer
        self.fmt = {name: self.wb.add_format(spec) for name, spec in FORMATS.items()}
        self.marked: dict[tuple[str, str], object] = {}

    def mark(self, kind: str, fill: str):
        """The format of a cell of ``kind`` in a row filled for ``fill``."""
        key = (kind, fill)
        if key not in self.marked:
            self.marked[key] = self.wb.add_format({**FORMATS[kind], "bg_color": MARKS[fill]})
        return self.marked[key]

    def add(self, table: Table):
        """Write one table on a sheet of its own; returns the XlsxWriter worksheet."""
        ws = self.wb.add_worksheet(table.name)
        width = len(table.columns)
        ws.write_string(0, 0, table.title, self.fmt["title"])
        if table.intro:
            ws.merge_range(1, 0, 1, max(width - 1, 1), table.intro, self.fmt["intro"])
            total = sum(c.width for c in table.columns[:max(width, 2)])
            ws.set_row(1, max(LINE_POINTS, _lines(table.intro, total) * LINE_POINTS + 4))
        for j, column in enumerate(table.columns):
            ws.set_column(j, j, column.width)
            ws.write_string(HEAD_ROW, j, column.heading, self.fmt["head"])
        heading = row_height([c.heading for c in table.columns],
                             [TableColumn(c.heading, c.width) for c in table.columns])
        if heading:
            ws.set_row(HEAD_ROW, heading)
        for i, values in enumerate(table.rows):
            fill = table.marks[i] if i < len(table.marks) else None
            self.row(ws, HEAD_ROW + 1 + i, values, table.columns, fill)
        last = HEAD_ROW + len(table.rows)
        ws.autofilter(HEAD_ROW, 0, max(last, HEAD_ROW), width - 1)
        ws.freeze_panes(HEAD_ROW + 1, 1)
        self.print_setup(ws)
        return ws

    def row(self, ws, r: int, values: Sequence[object], columns, fill: str | None) -> None:
        for j, (value, column) in enumerate(zip(values, columns)):
            fmt = self.mark(column.kind, fill) if fill else self.fmt[column.kind]
            if value is None or value == "":
                ws.write_blank(r, j, None, fmt)
            elif isinstance(value, bool):
                raise TypeError("write yes/no as a label, not a bool")
            elif isinstance(value, (int, float)):
                ws.write_number(r, j, value, fmt)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, j, dt.datetime(value.year, value.month, value.day), fmt)
            else:
                ws.write_string(r, j, str(value), fmt)
        height = row_height(values, columns)
        if height:
            ws.set_row(r, height)

    def print_setup(self, ws) -> None:
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(HEAD_ROW)
        if self.footer:
            ws.set_footer(self.footer)

    def close(self) -> None:
        """Write the file."""
        self.wb.close()


def write_tables(path: Path, title: str, tables: Sequence[Table], footer: str = "") -> Path:
    """Write ``tables`` to ``path``, one sheet each, in order.

    Raises:
        FileCreateError: the file cannot be written (``toolkit.commands.outputs.writing``
            turns it into a finding).
    """
    book = TableBook(path, title, footer)
    for table in tables:
        book.add(table)
    book.close()
    return path
