"""Excel's limits, counted as Excel counts them: the one place that says what a sheet name, a cell
text, a validation's prompt and alert, a list and a defined name may hold.

Excel counts lengths in UTF-16 code units (an emoji counts 2). ``check-plan``, generation and
the report all measure through these functions, so a name the check lets through is a name the
writers can write. Pure: standard library only.
"""

from __future__ import annotations

import re

from toolkit.language import Phrase, phrase

MAX_SHEET_NAME = 31
"""Characters (UTF-16 units) in a sheet name."""
MAX_CELL_TEXT = 32767
"""Characters (UTF-16 units) in one cell."""
PROMPT_TITLE = 32
"""A validation's input prompt title and error alert title."""
PROMPT_TEXT = 255
"""A validation's input prompt, by the file format."""
ERROR_TEXT = 255
"""A validation's error alert, by the file format (Excel's dialog shows about 225)."""
LIST_FORMULA = 255
"""A list validation's formula, inline lists included."""
MAX_COLUMNS = 16384
MAX_COLUMN_WIDTH = 255
"""A column's width, in characters of the default font."""
MAX_ROWS = 1048576

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a text as a formula when it is imported (from
CSV, say): text written for spreadsheets that starts with one gets a leading apostrophe."""

FORBIDDEN_SHEET_CHARS = re.compile(r"[:\\/?*\[\]]")
RESERVED_SHEET_NAMES = ("history",)
"""Names Excel keeps for itself, compared without regard to case."""
STAMP_SHEET = "NAPStamp"
"""The hidden sheet that identifies a generated agency workbook."""
_NAME_RE = re.compile(r"^[A-Za-z_\\][A-Za-z0-9_.\\]{0,254}$")
_CELL_LIKE = re.compile(r"^(?:[A-Za-z]{1,3}[0-9]+|[RrCc][0-9]*|[Rr][0-9]+[Cc][0-9]+)$")


def utf16_len(text: str) -> int:
    """The length of a text as Excel counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def clip(text: str, limit: int) -> str:
    """A text cut to ``limit`` UTF-16 units, ending in an ellipsis when it was cut; a character
    is never split in two."""
    text = str(text)
    if utf16_len(text) <= limit:
        return text
    out, used = [], 1  # the ellipsis takes one unit
    for ch in text:
        size = 2 if ord(ch) > 0xFFFF else 1
        if used + size > limit:
            break
        out.append(ch)
        used += size
    return "".join(out) + "…"


def sheet_name_problem(name: str) -> Phrase | None:
    """Why Excel would refuse this sheet name, in words, or None when it is fine.

    Uniqueness is a matter of the whole workbook: see :func:`same_sheet_name`.
    """
    if not name or not name.strip():
        return phrase("limits.empty")
    length = utf16_len(name)
    if length > MAX_SHEET_NAME:
        return phrase("limits.too_long", length=length, limit=MAX_SHEET_NAME)
    bad = FORBIDDEN_SHEET_CHARS.search(name)
    if bad:
        return phrase("limits.forbidden", char=bad.group())
    if name.startswith("'") or name.endswith("'"):
        return phrase("limits.apostrophe")
    if name.casefold() in RESERVED_SHEET_NAMES:
        return phrase("limits.reserved", name=name)
    return None


def same_sheet_name(a: str, b: str) -> bool:
    """True when Excel would take the two sheet names for one: it ignores case."""
    return a.casefold() == b.casefold()


def defined_name_problem(name: str) -> Phrase | None:
    """Why Excel would refuse this defined name, or None."""
    if not _NAME_RE.match(name):
        return phrase("limits.defined_name")
    if _CELL_LIKE.match(name):
        return phrase("limits.cell_like")
    return None


def list_problem(values: list[str]) -> Phrase | None:
    """Why these values cannot form an inline list validation, or None. (The toolkit puts
    lists in ranges; this tells whether a declared list would fit inline at all.)"""
    if any("," in v for v in values):
        return phrase("limits.list_comma")
    length = utf16_len(",".join(values)) + 2
    if length > LIST_FORMULA:
        return phrase("limits.list_long", length=length, limit=LIST_FORMULA)
    return None


def col_letter(index: int) -> str:
    """``A`` for column 0, ``AA`` for 26: a 0-based column as Excel names it."""
    if not 0 <= index < MAX_COLUMNS:
        raise ValueError(f"column {index + 1} is outside Excel's {MAX_COLUMNS} columns")
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def col_index(letters: str) -> int:
    """The 1-based number of a column named ``A`` to ``XFD`` (any case)."""
    number = 0
    for ch in letters.upper():
        if not "A" <= ch <= "Z":
            raise ValueError(f"{letters!r} is not a column name")
        number = number * 26 + ord(ch) - 64
    return number


def cell_ref(row: int, col: int) -> str:
    """``G12`` from a 1-based row and a 0-based column."""
    return f"{col_letter(col)}{row}"
