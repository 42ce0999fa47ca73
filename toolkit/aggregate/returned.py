"""A returned file as the run sees it: the file as received (``Submission``), what its workbook
holds as intake read it (``Container``, ``SheetData``), and the verdict with its findings and
values (``FileResult``). Intake fills these records; the checks and consolidation read them.
Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.findings import Finding, finding

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
"""Characters that move a terminal's cursor, change its colours or turn text around."""


def shown(name: str) -> str:
    """A file name as every output shows it: bytes that are not UTF-8 (which arrive as
    surrogate escapes) as ``%E9``, and control characters as ``%1B`` or ``%u202E``, so that
    the name prints harmlessly and encodes in any output. (Not a backslash form: a backslash
    separates folders in the names of files sent from Windows.)"""
    text = _CONTROL.sub(_code, name)
    return _SURROGATE.sub(lambda m: f"%{ord(m.group()) - 0xDC00:02X}", text)


def _code(match: re.Match) -> str:
    point = ord(match.group())
    return f"%{point:02X}" if point < 0x100 else f"%u{point:04X}"


_SURROGATE = re.compile("[\udc80-\udcff]")


@dataclass
class SheetPart:
    """One sheet as declared in the workbook part."""

    name: str
    state: str
    path: str
    protected: bool = False
    formula_cells: set[str] = field(default_factory=set)
    formulas: dict[str, str] = field(default_factory=dict)
    """The text of the formulas the sheet spells out, by cell (see ``formula_texts``)."""
    percent_cells: set[str] = field(default_factory=set)
    """Cells whose format shows their number as a percentage (see ``intake.styles``)."""
    error_cells: set[str] = field(default_factory=set)


@dataclass
class Container:
    """What the XML parts of a workbook say, beyond its cell values."""

    sheets: list[SheetPart]
    structure_locked: bool
    modified: str = ""
    has_vba: bool = False
    custom: dict[str, str] = field(default_factory=dict)
    external_links: int = 0

    def sheet(self, name: str) -> SheetPart | None:
        """The sheet of this name, or None."""
        return next((s for s in self.sheets if s.name == name), None)


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


@dataclass
class Submission:
    """One file given to consolidation, as received."""

    path: Path
    name: str
    sha256: str
    size: int
    mtime: float
    data: bytes | None = field(default=None, repr=False, compare=False)
    """The bytes hashed, when the file was read whole: checked as they are, not read again."""
    archived: Path | None = None
    """The archive's copy, from which the values of a file too large to be held whole are
    read."""


ACCEPTED, ACCEPTED_WITH_ERRORS, REJECTED = "accepted", "accepted with errors", "rejected"
SUPERSEDED, DUPLICATE, IGNORED = "superseded", "duplicate", "ignored"


@dataclass
class FileResult:
    """The verdict on one file, its findings, and the values it contributes."""

    name: str
    sha256: str
    size: int
    mtime: float
    verdict: str = REJECTED
    institution: str | None = None
    saved_at: str = ""
    late: bool = False
    findings: list[Finding] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)
    """(sheet kind, row key) -> (sheet name, row number) of every expected row found."""
    filled: int = 0
    required: int = 0
    link: str = ""
    """Where the file's link leads, when it was found as a link."""
    parent: str = ""
    """The file it arrived in (a zip archive, an e-mail), when it arrived in one."""

    def add(self, code: str, sheet: str = "", cell: str = "", /, **params) -> None:
        """Record a finding about this file."""
        self.findings.append(finding(code, self.name, sheet, cell, **params))


def archive_name(sub: Submission) -> str:
    """The archive file name: hash prefix plus a safe form of the name as received."""
    safe = _UNSAFE.sub("_", Path(sub.name).name)[:80] or "file"
    return f"{sub.sha256[:16]}_{safe}"
