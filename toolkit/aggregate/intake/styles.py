"""Which cells of a returned sheet show their number as a percentage.

A person who types "60%" into a cell formatted as a plain number gets 0.6, shown as 60 %: both
Excel and LibreOffice store the fraction and give the cell a percentage format. In Excel, a
number typed into a cell that already has a percentage format is also stored as a fraction
("60" becomes 0.6, shown as 60 %). The cell's format tells which meaning the person saw, so the
reader of a whole-percent column takes a fraction shown as a percentage as the percentage it
shows (``checks.values.read_cell``).
"""

from __future__ import annotations

import re

PERCENT_BUILTIN = frozenset({9, 10})
"""Excel's built-in number formats 0% and 0.00%."""
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_CELL_STYLE = re.compile(rb'<(?:\w+:)?c\b([^>]*)>')
_ATTR = re.compile(rb'\s(r|s)=["\']([^"\']*)["\']')


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def is_percent_format(code: str) -> bool:
    """Whether a number format code shows its number as a percentage (a % sign outside quoted
    text, escapes and brackets)."""
    return "%" in _QUOTED.sub("", code)


def percent_styles(styles) -> frozenset[int]:
    """Indexes of the cell formats (``cellXfs``) of a parsed styles part that show numbers as
    percentages; namespaces are ignored, so Strict and Transitional files read alike."""
    if styles is None:
        return frozenset()
    custom = {el.get("numFmtId"): el.get("formatCode", "") for el in styles.iter()
              if _local(el.tag) == "numFmt"}
    found = set()
    for block in (el for el in styles.iter() if _local(el.tag) == "cellXfs"):
        for index, xf in enumerate(x for x in block if _local(x.tag) == "xf"):
            number = xf.get("numFmtId", "0")
            if (number.isdigit() and int(number) in PERCENT_BUILTIN) or \
                    is_percent_format(custom.get(number, "")):
                found.add(index)
    return frozenset(found)


def percent_cells(data: bytes, styles: frozenset[int]) -> set[str]:
    """References of the cells of a sheet whose format is one of ``styles``."""
    if not styles:
        return set()
    wanted = {str(i).encode() for i in styles}
    found = set()
    for match in _CELL_STYLE.finditer(data):
        attrs = dict(_ATTR.findall(match.group(1)))
        if attrs.get(b"s") in wanted and b"r" in attrs:
            found.add(attrs[b"r"].decode().upper())
    return found
