"""Row heights that fit wrapped text.

Excel: a writer cannot ask for an autofit; Excel fits a row only when it lays the row out
again, and LibreOffice 7.4 keeps the height a file gives. So the writer sets a height that fits:
lines are counted from each cell's text and its column width (in characters), as the text
would wrap at word boundaries, and the tallest cell of the row gives the height.
"""

from __future__ import annotations

from typing import Iterable

LINE_POINTS = 15.0
"""The height of one line of 11-point Calibri, Excel's default row height, in points."""
MAX_POINTS = 409.0
"""Excel's largest row height."""


def wrapped_lines(text: str, width: float, bold: bool = False) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide, wrapping at spaces
    (a word longer than the line is broken, as the spreadsheet breaks it)."""
    # A column's width counts the digit "0"; an average letter is narrower, and Calc and Excel
    # keep a little padding: about 1.2 letters a unit, less one (1.05 in bold).
    usable = max(1, int(width * (1.05 if bold else 1.2)) - 1)
    lines = 0
    for paragraph in str(text).split("\n"):
        current = 0
        count = 1
        for word in paragraph.split(" "):
            size = len(word)
            if current and current + 1 + size > usable:
                count += 1
                current = 0
            if size > usable:
                count += (current + size - 1) // usable
                current = (current + size) % usable or usable
            else:
                current += size + (1 if current else 0)
        lines += count
    return lines


def fitted_height(cells: Iterable[tuple[object, float]], font_points: float = 11,
                  minimum: float = LINE_POINTS, bold: bool = False) -> float:
    """The row height, in points, that shows every wrapped cell of a row whole.

    Args:
        cells: (value, column width in characters) of the row's wrapped cells; values that
            are not text take one line.
        font_points: The font size of the cells.
        minimum: The smallest height to give.
        bold: The text is bold (headings), so wider.
    """
    line = LINE_POINTS * font_points / 11
    lines = max((wrapped_lines(value, width, bold) for value, width in cells
                 if isinstance(value, str) and value), default=1)
    return min(MAX_POINTS, max(minimum, round(lines * line + 2, 1)))
