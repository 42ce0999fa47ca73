"""Reads a previous consolidation's indicators export, so that running totals and counts since
1 January can be compared with what each institution reported in an earlier period.

The export is the coordinator's own file, but it is still input: its period must be one of the
plan's and come before the period being consolidated, and only the institution totals of
indicators whose values never fall (cumulative ones, and periodic counts) are taken from it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.declarations.reporting import export_columns
from toolkit.findings import FindingError, finding
from toolkit.language import Phrase, os_reason, phrase
from toolkit.limits import FORMULA_STARTS
from toolkit.plan.model import Plan
from toolkit.reporting.periods import Period, PeriodError, parse_period, previous_period

EXPORT = Path("exports") / "indicators.csv"
NEEDED = ("period", "indicator", "institution", "dimension", "category", "value")
_BOM = b"\xef\xbb\xbf"
_BOM_MISREAD = _BOM.decode("cp1252")
"""The byte order mark as a spreadsheet shows it after opening the file as Windows-1252."""
_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
_WHOLE = re.compile(r"^-?\d+$")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
_DECIMAL_POINT = re.compile(r"^-?\d+\.\d+$")


class PreviousError(FindingError):
    """The previous consolidation cannot be used; ``finding`` says where and why."""


@dataclass
class PreviousFigures:
    """The running totals and counts since 1 January an earlier consolidation holds, by
    (indicator, institution)."""

    path: Path | Phrase
    """The earlier output folder, or the history store as a phrase."""
    period: Period
    immediate: bool
    """True when ``period`` is the plan's period just before the one being consolidated."""
    values: dict[tuple[str, str], float] = field(default_factory=dict)

    def value(self, indicator: str, institution: str) -> float | None:
        """The institution's previous total of an indicator whose values never fall (a running
        total, or a count since 1 January), or None if not known."""
        return self.values.get((indicator, institution))

    @property
    def when(self) -> Phrase:
        """The comparison as a finding names it: ``2025-H2, the previous consolidation``."""
        kind = "previous" if self.immediate else "earlier"
        return phrase(f"previous.when.{kind}", period=self.period.code)

    @property
    def compared(self) -> Phrase:
        """The sentence that tells a user which consolidation was compared with."""
        return phrase("previous.compared", when=self.when, path=self.path)


def export_path(given: Path) -> Path:
    """The indicators export meant by ``given``: an output folder, its exports folder or the
    file itself.

    Raises:
        PreviousError: PREV_001 when none of them is there.
    """
    if given.is_file():
        return given
    if not given.exists():
        raise PreviousError(finding("PREV_001", given, found=phrase("previous.no_path")))
    for candidate in (given / EXPORT, given / EXPORT.name):
        if candidate.is_file():
            return candidate
    raise PreviousError(finding("PREV_001", given, found=phrase(
        "previous.no_export", export=EXPORT, name=EXPORT.name)))


def read_previous(given: Path, plan: Plan, period: Period) -> PreviousFigures:
    """The running totals and counts since 1 January of the consolidation at ``given``,
    checked against the plan.

    Args:
        given: An output folder of ``toolkit aggregate``, its exports folder or indicators.csv.
        plan: The plan being consolidated; its calendar and indicators are trusted.
        period: The period being consolidated; the file's must come before it.

    Raises:
        PreviousError: the file is missing, unreadable, or not an earlier export of this plan.
    """
    path = export_path(Path(given))
    export = _read(path)
    earlier = _period(export, plan, period)
    meta = plan.meta
    figures = PreviousFigures(path, earlier, earlier == previous_period(
        period, meta.frequency, meta.start, meta.end))
    kept = {i.code for i in plan.indicators if i.never_falls}
    first: dict[tuple[str, str], int] = {}
    for number, row in export.rows:
        key = (row["indicator"], row["institution"])
        if key[0] not in kept or plan.institution(key[1]) is None or \
                row["dimension"] or row["category"] or not row["value"]:
            continue
        if key in first:
            raise PreviousError(finding("PREV_009", path, "", export.cell("indicator", number),
                                        indicator=key[0], institution=key[1],
                                        first=first[key]))
        first[key] = number
        figures.values[key] = _number(export, number, row["value"])
    return figures


@dataclass
class _Export:
    """The rows of an indicators export, each with its row number as a spreadsheet shows it."""

    path: Path
    delimiter: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]

    def cell(self, column: str, row: int) -> str:
        """The cell of a column in a row, as a spreadsheet opening the file names it."""
        from toolkit.limits import col_letter

        return f"{col_letter(self.columns.index(column))}{row}"


def _read(path: Path) -> _Export:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PreviousError(finding("PREV_002", path, reason=os_reason(exc))) from exc
    try:
        text = data.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PreviousError(finding("PREV_002", path,
                                    reason=phrase("previous.not_utf8"))) from exc
    # Excel: saved again in a country whose decimal mark is a comma, a CSV file has semicolons
    # between its columns; the first row tells which.
    head = text.partition("\n")[0]
    delimiter = ";" if ";" in head and not set(NEEDED) <= set(_headings(head, ",")) else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        table = [[_text(cell) for cell in record] for record in reader]
    except csv.Error as exc:
        raise PreviousError(finding("PREV_002", path, reason=f"{exc}")) from exc
    if not table:
        raise PreviousError(finding("PREV_002", path, reason=phrase("previous.empty")))
    header = _headings(head, delimiter)
    for column in NEEDED:
        if column not in header:
            raise PreviousError(finding(
                "PREV_003", path, column=column,
                found=", ".join(header) or phrase("previous.nothing"),
                expected=", ".join(export_columns("indicators"))))
    index = {name: header.index(name) for name in NEEDED + ("plan",) if name in header}
    rows = [(number, {name: record[i] if i < len(record) else ""
                      for name, i in index.items()})
            for number, record in enumerate(table[1:], start=2) if any(record)]
    if not rows:
        raise PreviousError(finding("PREV_008", path))
    return _Export(path, delimiter, header, rows)


def _headings(line: str, delimiter: str) -> list[str]:
    """The column names in the first line of the file."""
    cells = [_text(cell) for cell in next(csv.reader([line], delimiter=delimiter), [])]
    if cells:
        # LibreOffice: a CSV file opened without choosing UTF-8 is read as Windows-1252, and
        # its byte order mark is saved again as three letters at the start of the first cell.
        cells[0] = cells[0].removeprefix(_BOM_MISREAD)
    return cells


def _text(cell: str) -> str:
    """A cell as written before the export neutralised it against formula injection."""
    cell = cell.strip()
    if cell.startswith("'") and cell[1:2] and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def _period(export: _Export, plan: Plan, period: Period) -> Period:
    """The file's one period, checked to be the plan's and earlier than ``period``; the plan's
    code too when the export names it (exports written before it had a plan column do not)."""
    path, rows = export.path, export.rows
    if "plan" in export.columns:
        other = next(((n, row["plan"]) for n, row in rows if row["plan"] != plan.meta.code),
                     None)
        if other is not None:
            raise PreviousError(finding("PREV_011", path, "", export.cell("plan", other[0]),
                                        found=f'"{other[1]}"', plan=plan.meta.code))
    found = sorted({row["period"] for _n, row in rows})
    if len(found) > 1:
        raise PreviousError(finding("PREV_004", path, found=", ".join(
            f'"{p}"' for p in found)))
    meta = plan.meta
    try:
        earlier = parse_period(found[0], meta.frequency, meta.start, meta.end)
    except PeriodError as exc:
        raise PreviousError(finding("PREV_005", path, "", export.cell("period", rows[0][0]),
                                    plan=meta.code, reason=exc.finding)) from exc
    if not earlier < period:
        raise PreviousError(finding("PREV_006", path, "", export.cell("period", rows[0][0]),
                                    found=earlier.code, period=period.code))
    return earlier


def _number(export: _Export, number: int, text: str) -> float:
    """A value of the export as a number; a value that could be read two ways is refused."""
    path, where = export.path, export.cell("value", number)
    if export.delimiter == ";":
        if _DECIMAL_POINT.match(text):
            raise PreviousError(finding("PREV_010", path, "", where, value=f'"{text}"',
                                        column="value", one=text,
                                        other=text.replace(".", "")))
        if _WHOLE.match(text) or _DECIMAL_COMMA.match(text):
            return float(text.replace(",", "."))
    elif _NUMBER.match(text):
        return float(text)
    raise PreviousError(finding("PREV_007", path, "", where, value=f'"{text}"', column="value"))

