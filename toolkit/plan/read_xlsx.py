"""Reads a plan workbook into the plan model, recording where every value came from.

Reading only converts cells to values of the declared types; anything that cannot be converted
(text where a number belongs, a code Excel turned into a number) becomes a finding. Whether the
values make sense together is :mod:`toolkit.plan.check`'s job.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import pickle
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from toolkit.declarations.plan import Column, plan_layout
from toolkit.findings import Finding, FindingError, finding, quote
from toolkit.language import phrase
from toolkit.limits import col_letter
from toolkit.plan import layout as L
from toolkit.plan.codelists import with_defaults
from toolkit.plan.model import CONTINUOUS, PARTS, Plan, PlanMeta
from toolkit.plan.sources import SourceMap


class PlanReadError(FindingError):
    """The file cannot be read as a plan at all (exit status 3)."""


@dataclass
class PlanRead:
    """What reading a plan gave: the plan, where each value came from, and reading problems."""

    plan: Plan
    sources: SourceMap
    findings: list[Finding]


class _Bad(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


def _number(raw):
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise _Bad("PLAN_007", value=quote(raw), expected=phrase("expect.number"))
    return int(raw) if isinstance(raw, float) and raw.is_integer() else raw


def _date(raw, expected="expect.date"):
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    raise _Bad("PLAN_009", value=quote(raw), expected=phrase(expected))


def _text(raw):
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, (dt.datetime, dt.date)):
        raw = raw.isoformat()[:10]
    return str(raw).strip()


YES_NO = {"yes": 1, "no": 0, "oui": 1, "non": 0}
"""Words a target of a yes/no indicator may be typed as, in the catalogues' languages."""


def _target(raw):
    """A target: a number, or yes/no typed as a word (stored as 1 or 0)."""
    if isinstance(raw, str) and raw.strip().casefold() in YES_NO:
        return YES_NO[raw.strip().casefold()]
    return _number(raw)


def _convert(column: Column, raw):
    """One cell's value as the column's type; raises _Bad when it cannot be."""
    kind = column.kind
    if kind == "target":
        return _target(raw)
    if kind in ("int", "number"):
        value = _number(raw)
        if kind == "int" and not isinstance(value, int):
            raise _Bad("PLAN_007", value=quote(raw), expected=phrase("expect.whole_number"))
        return value
    if kind == "year":
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw != int(raw):
            raise _Bad("PLAN_017", value=quote(raw))
        return int(raw)
    if kind == "date":
        return _date(raw)
    if kind == "deadline":
        if isinstance(raw, str) and raw.strip().casefold() == CONTINUOUS:
            return CONTINUOUS
        return _date(raw, "expect.deadline")
    if kind == "code" and isinstance(raw, (int, float, dt.date)):
        raise _Bad("PLAN_004", value=quote(raw))
    if kind in ("multi", "refs", "codes", "measures"):
        return tuple(v.strip() for v in _text(raw).replace(",", ";").split(";") if v.strip())
    return _text(raw)


def _empty_value(record_type: type, name: str):
    for f in dataclasses.fields(record_type):
        if f.name == name and f.default is not dataclasses.MISSING:
            return f.default
    return None


class _Reader:
    def __init__(self, path: Path, wb):
        self.path, self.wb = path, wb
        self.sources = SourceMap(str(path))
        self.findings: list[Finding] = []
        self.lists: dict[str, tuple[str, ...]] = {}

    def problem(self, code: str, sheet: str, cell: str = "", **params) -> None:
        self.findings.append(finding(code, self.path, sheet, cell, **params))

    def sheet(self, name: str):
        if name in self.wb.sheetnames:
            return self.wb[name]
        self.problem("PLAN_001", name, name=name, found=", ".join(self.wb.sheetnames))
        return None

    def value(self, key, record_type, column: Column, raw, sheet: str, cell: str):
        self.sources.cells[key] = (sheet, cell)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return _empty_value(record_type, column.key)
        try:
            return self.canonical(column, _convert(column, raw))
        except _Bad as bad:
            self.sources.invalid.add(key)
            self.problem(bad.code, sheet, cell, **bad.params)
            return _empty_value(record_type, column.key)

    def canonical(self, column: Column, value):
        """A codelist value as the list spells it (Excel's drop-downs ignore case)."""
        if column.kind not in ("enum", "multi"):
            return value
        spelled = {v.casefold(): v for v in self.lists.get(column.arg, ())}
        if column.kind == "enum":
            return spelled.get(value.casefold(), value)
        return tuple(spelled.get(v.casefold(), v) for v in value)

    def meta(self) -> PlanMeta:
        lay = plan_layout()
        ws = self.sheet(lay.meta_sheet)
        rows: dict[str, int] = {}
        if ws is not None:
            for row in range(L.META_FIRST_ROW, L.META_FIRST_ROW + 60):
                key = ws.cell(row=row, column=L.META_KEY_COL).value
                if isinstance(key, str) and key.strip():
                    rows.setdefault(key.strip(), row)
        values = {}
        for column in lay.meta:
            row = rows.get(column.key)
            if ws is not None and row is None:
                self.problem("PLAN_031", lay.meta_sheet, f"D{L.META_FIRST_ROW}", key=column.key)
            raw = ws.cell(row=row, column=L.META_VALUE_COL).value if row else None
            cell = f"B{row}" if row else ""
            values[column.key] = self.value(("meta", 0, column.key), PlanMeta, column, raw,
                                            lay.meta_sheet, cell)
        defaults = {f.name: f.default for f in dataclasses.fields(PlanMeta)}
        for name, value in values.items():
            if value is None and defaults.get(name) not in (None, dataclasses.MISSING):
                values[name] = defaults[name]
        return PlanMeta(**values)

    def part(self, decl) -> tuple:
        if decl.optional and decl.name not in self.wb.sheetnames:
            return ()
        ws = self.sheet(decl.name)
        if ws is None:
            return ()
        keys = {}
        for col in range(1, ws.max_column + 1):
            key = ws.cell(row=L.KEY_ROW, column=col).value
            if isinstance(key, str) and key.strip():
                keys.setdefault(key.strip(), col)
        for i, column in enumerate(decl.columns):
            if column.key not in keys:
                self.problem("PLAN_002", decl.name, f"{col_letter(i)}{L.KEY_ROW}",
                             key=column.key, row=L.KEY_ROW)
        record_type = PARTS[decl.part]
        records = []
        last = min(ws.max_row, L.LAST_DATA_ROW)
        for row in ws.iter_rows(min_row=L.FIRST_DATA_ROW, max_row=last, values_only=True):
            records.append(row)
        out = []
        for offset, row in enumerate(records):
            cells = {c.key: (row[keys[c.key] - 1] if c.key in keys and keys[c.key] <= len(row)
                             else None) for c in decl.columns}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
                continue
            index, excel_row = len(out), L.FIRST_DATA_ROW + offset
            values = {}
            for column in decl.columns:
                letter = get_column_letter(keys.get(column.key, 0)) if column.key in keys else ""
                cell = f"{letter}{excel_row}" if letter else ""
                values[column.key] = self.value((decl.part, index, column.key), record_type,
                                                column, cells[column.key], decl.name, cell)
            out.append(record_type(**values))
        return tuple(out)

    def codelists(self) -> dict[str, tuple[str, ...]]:
        names = [ws for ws in self.wb.sheetnames if ws.casefold() == L.CODELISTS_SHEET.casefold()]
        if not names:
            self.problem("PLAN_001", L.CODELISTS_SHEET, name=L.CODELISTS_SHEET,
                         found=", ".join(self.wb.sheetnames))
            return with_defaults(None)
        ws = self.wb[names[0]]
        lists: dict[str, tuple[str, ...]] = {}
        columns = ws.iter_cols(min_row=L.CODELIST_KEY_ROW, max_row=L.CODELIST_LAST_ROW,
                               values_only=True)
        for col, values in enumerate(columns):
            key = values[0]
            if not isinstance(key, str) or not key.strip():
                continue
            items = tuple(_text(v) for v in values[L.CODELIST_FIRST_ROW - 1:]
                          if v is not None and _text(v))
            lists[key.strip()] = items
            self.sources.cells[("codelists", key.strip(), "")] = (
                ws.title, f"{col_letter(col)}{L.CODELIST_KEY_ROW}")
        return with_defaults(lists)


# Plans read in this process, by (path as given, sha256 of the bytes): a run that reads the
# same plan for every period and every step parses it once. Each caller gets its own copy.
_READ: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_READ_KEPT = 4


def read_plan_workbook(path: str | Path) -> PlanRead:
    """Read a plan workbook.

    The file's bytes are read once and hashed; a workbook with the same path and bytes as one
    read before in this process is not parsed again.

    Args:
        path: the ``.xlsx`` plan workbook.

    Returns:
        The plan (with empty values where cells could not be read), its source map and the
        reading problems.

    Raises:
        PlanReadError: the file is missing or is not an ``.xlsx`` workbook.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise PlanReadError(finding("PLAN_030", path, reason=phrase("plan.file_missing"))) \
            from exc
    except OSError as exc:
        raise PlanReadError(finding("PLAN_030", path, reason=phrase(
            "plan.damaged", detail=type(exc).__name__))) from exc
    key = (str(path), hashlib.sha256(data).hexdigest())
    kept = _READ.get(key)
    if kept is not None:
        _READ.move_to_end(key)
        return pickle.loads(kept)
    read = _parse(path, data)
    _READ[key] = pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL)
    while len(_READ) > _READ_KEPT:
        _READ.popitem(last=False)
    return read


def _parse(path: Path, data: bytes) -> PlanRead:
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError,
            TypeError) as exc:
        reason = phrase("plan.not_xlsx") if isinstance(
            exc, (zipfile.BadZipFile, InvalidFileException)) else (
            phrase("plan.damaged", detail=type(exc).__name__))
        raise PlanReadError(finding("PLAN_030", path, reason=reason)) from exc
    reader = _Reader(path, wb)
    reader.lists = reader.codelists()
    meta = reader.meta()
    parts = {decl.part: reader.part(decl) for decl in plan_layout().sheets}
    plan = Plan(meta=meta, codelists=reader.lists, **parts)
    return PlanRead(plan, reader.sources, reader.findings)
