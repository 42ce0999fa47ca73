"""Excel formula text for the reporting workbooks: references, quoting and the shared checks."""

from __future__ import annotations

from toolkit.limits import col_letter


def col(index: int) -> str:
    """Column letter of a 0-based column index."""
    return col_letter(index)


def q(text: str) -> str:
    """A string literal inside a formula."""
    return '"' + str(text).replace('"', '""') + '"'


def sheet_prefix(sheet: str) -> str:
    """``'Sheet name'!`` as used in a reference to another sheet."""
    return "'" + sheet.replace("'", "''") + "'!"


def rng(sheet: str, column: int, first: int, last: int) -> str:
    """An absolute range in one column of a sheet: ``'Sheet'!$G$5:$G$20``."""
    c = col(column)
    return f"{sheet_prefix(sheet)}${c}${first}:${c}${last}"


def cell(sheet: str, column: int, row: int) -> str:
    """An absolute single-cell reference on a sheet."""
    return f"{sheet_prefix(sheet)}${col(column)}${row}"


def is_filled(ref: str) -> str:
    """1 when a cell or each cell of a range holds something, else 0."""
    return f"(LEN({ref})>0)"


def any_of(ref: str, values: list[str]) -> str:
    """1 where a cell equals one of the values (summed comparisons)."""
    return "(" + "+".join(f"({ref}={q(v)})" for v in values) + ")"


def count_where(condition: str) -> str:
    """SUMPRODUCT count of the cells of a range meeting an array condition."""
    return f"SUMPRODUCT(--({condition}>0))" if "*" not in condition else \
        f"SUMPRODUCT({condition})"
