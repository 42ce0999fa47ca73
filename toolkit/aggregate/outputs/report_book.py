"""The report's workbook: XlsxWriter, with whole tables of records written at once.

A ``write_*`` call per cell costs XlsxWriter several microseconds, twice (when stored and when
serialised); the detail sheets of a large run hold over a hundred thousand cells. A
:class:`RecordSheet` takes a table in one call and writes its cells straight into the sheet XML,
as XlsxWriter would: text as shared strings (never a formula), numbers, dates with the date
format, and a column's format on cells without one of their own. It relies on XlsxWriter's
internals, which is why ``setup.cfg`` pins its version.
"""

from __future__ import annotations

import datetime as dt
import re
from math import isinf, isnan
from typing import Iterable, Sequence

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet, _utf16_len, _utf16_truncate

DYNAMIC_FUNCTIONS = re.compile(
    r"\b(?:ANCHORARRAY|BYCOL|BYROW|CHOOSECOLS|CHOOSEROWS|DROP|EXPAND|FILTER|HSTACK|LAMBDA|"
    r"MAKEARRAY|MAP|RANDARRAY|REDUCE|SCAN|SEQUENCE|SORT|SORTBY|SWITCH|TAKE|TEXTSPLIT|TOCOL|"
    r"TOROW|UNIQUE|VSTACK|WRAPCOLS|WRAPROWS|XLOOKUP)\(|\SINGLE\(")
"""Every function name XlsxWriter's ``_prepare_formula`` rewrites (future functions aside)."""


class RecordSheet(Worksheet):
    """A worksheet that also writes a table of records (a heading row and one row per record)
    in one call. A sheet with records holds nothing else: no other cell is written."""

    def __init__(self) -> None:
        super().__init__()
        self.records_xml: list[str] | None = None
        self.records_formats: tuple = ()

    def write_records(self, columns: list[str], rows: Iterable[Sequence], head,
                      date_format=None, heights: Sequence[float | None] | None = None,
                      head_height: float | None = None) -> None:
        """The heading row in ``head`` format, then one row per sequence of values, each value
        as :func:`report_sheets.write_cell` writes it; dates in ``date_format``; row n (from 0)
        ``heights[n]`` points high when given (None: the default height), and the heading row
        ``head_height``."""
        letters = [xl_col_to_name(j) for j in range(len(columns))]
        index = self.str_table._get_shared_string_index
        text, short = self._text, self.xls_strmax // 2
        # {j} stands for the style of a cell without a format of its own in column j, {n} and
        # {n + 1} (n columns) for the date and heading formats: styles are numbered on closing.
        styles = [f"{{{j}}}" for j in range(len(columns))]
        date_style = f"{{{len(columns)}}}" if date_format else None
        head_size = f' ht="{head_height:g}" customHeight="1"' if head_height else ""
        out = [f'<row r="1"{head_size}>'] + [f'<c r="{letter}1"{{{len(columns) + 1}}} t="s">'
                                 f'<v>{index(text(name))}</v></c>'
                                 for letter, name in zip(letters, columns)] + ["</row>"]
        last_row = 0
        for n, values in enumerate(rows, start=1):
            if n >= self.xls_rowmax:
                break  # as XlsxWriter does, past the last row of a sheet
            r = str(n + 1)
            cells = []
            for letter, style, value in zip(letters, styles, values):
                if value is None or value == "":
                    continue
                if value.__class__ is str:
                    if len(value) > short:
                        value = text(value)
                    cells.append(f'<c r="{letter}{r}"{style} t="s"><v>{index(value)}</v></c>')
                elif isinstance(value, bool):
                    cells.append(f'<c r="{letter}{r}"{style} t="s"><v>'
                                 f'{index("yes" if value else "no")}</v></c>')
                elif isinstance(value, (int, float)):
                    if isnan(value) or isinf(value):
                        raise TypeError("NAN/INF not supported in write_number()")
                    cells.append(f'<c r="{letter}{r}"{style}><v>{value:.16G}</v></c>')
                elif isinstance(value, dt.date):
                    number = self._convert_date_time(dt.datetime(value.year, value.month,
                                                                 value.day))
                    cells.append(f'<c r="{letter}{r}"{date_style or style}>'
                                 f'<v>{number:.16G}</v></c>')
                else:
                    cells.append(f'<c r="{letter}{r}"{style} t="s"><v>'
                                 f'{index(text(str(value)))}</v></c>')
            if cells:
                height = heights[n - 1] if heights is not None else None
                size = f' ht="{height:g}" customHeight="1"' if height else ""
                out.append(f'<row r="{r}"{size}>{"".join(cells)}</row>')
                last_row = n
        self._check_dimensions(0, 0)
        self._check_dimensions(last_row, len(columns) - 1)
        self.records_xml = out
        self.records_formats = (len(columns), date_format, head)

    def add_table(self, first_row, first_col, last_row, last_col, options=None):
        """XlsxWriter's, on a sheet of records too: the records already hold the heading row
        that the table writes (with the same names), so the table's own heading cells are
        dropped."""
        result = super().add_table(first_row, first_col, last_row, last_col, options)
        if self.records_xml is not None:
            self.table.pop(first_row, None)
        return result

    def _text(self, text: str) -> str:
        """Text as XlsxWriter stores it: cut to the 32,767 UTF-16 units a cell holds."""
        if _utf16_len(text) > self.xls_strmax:
            return _utf16_truncate(text, self.xls_strmax)
        return text

    def _write_sheet_data(self) -> None:
        if self.records_xml is None:
            super()._write_sheet_data()
            return
        if self.table:
            raise RuntimeError(f"{self.name}: cells written besides the records")
        columns, date_format, head = self.records_formats
        formats = [info.column_format if (info := self.col_info.get(col)) else None
                   for col in range(columns)] + [date_format, head]
        styles = [f' s="{fmt._get_xf_index()}"' if fmt else "" for fmt in formats]
        self.fh.write("<sheetData>")
        self.fh.write("".join(self.records_xml).format(*styles))
        self.fh.write("</sheetData>")

    def _prepare_formula(self, formula, expand_future_functions=False):
        """XlsxWriter's, without its thirty substitutions when none of them applies."""
        if self.use_future_functions or expand_future_functions:
            return super()._prepare_formula(formula, expand_future_functions)
        bare = formula
        if bare.startswith("{"):
            bare = bare[1:]
        if bare.startswith("="):
            bare = bare[1:]
        if bare.endswith("}"):
            bare = bare[:-1]
        if "_xlfn." in bare or not DYNAMIC_FUNCTIONS.search(bare):
            return bare
        return super()._prepare_formula(formula, expand_future_functions)


class ReportBook(xlsxwriter.Workbook):
    """A workbook of :class:`RecordSheet` worksheets."""

    worksheet_class = RecordSheet
