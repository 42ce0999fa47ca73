"""Compares a returned workbook's structure with the layout the plan gives: sheets, rows,
locked cells, formulas and protection. Rows are matched by their codes, not their positions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from toolkit.aggregate.returned import Container, SheetData
from toolkit.language import Phrase, phrase
from toolkit.limits import STAMP_SHEET, cell_ref
from toolkit.reporting.layout import FORMULA, LOCKED, SheetLayout, WorkbookLayout

MATCHED_BY_CODE = ("area", "indicators", "recommendations", "observations", "statistics")


@dataclass
class Located:
    """A problem with the sheet and cell it concerns."""

    code: str
    sheet: str
    cell: str
    params: dict = field(default_factory=dict)


@dataclass
class SheetMatch:
    """Where each expected row of a sheet is in the file (None: missing), and the sheet used."""

    name: str
    rows: dict[int, int | None]
    usable: bool = True


def _a1(row: int, col: int) -> str:
    return cell_ref(row, col)


def _same(expected, found) -> bool:
    if expected in (None, "") and found in (None, ""):
        return True
    if isinstance(expected, dt.date) and isinstance(found, (dt.date, dt.datetime)):
        found = found.date() if isinstance(found, dt.datetime) else found
        return found == expected
    if isinstance(expected, (int, float)) and isinstance(found, (int, float)) \
            and not isinstance(found, bool):
        return abs(float(expected) - float(found)) <= 1e-9 * max(1.0, abs(float(expected)))
    return str(expected).strip() == str(found).strip() if found is not None else False


def _row_identity(sheet: SheetLayout) -> dict[int, tuple]:
    """Expected row -> the values that identify it in the file: column A (and C on the
    Indicators sheet); on the Statistics sheet, the table's code and column A."""
    if sheet.kind == "statistics":
        return {row: _table_row(key) for row, key in sheet.row_keys.items()}
    ident = {}
    for f in sheet.fields:
        if f.col == 0 and f.kind == LOCKED:
            ident.setdefault(f.row, [str(f.value), None])[0] = str(f.value)
        if sheet.kind == "indicators" and f.key == "breakdown":
            ident.setdefault(f.row, [None, None])[1] = str(f.value)
    return {row: tuple(v) if sheet.kind == "indicators" else (v[0],)
            for row, v in ident.items()}


def _table_row(key: str) -> tuple:
    """A Statistics row key ("V1" for a table's heading, "V1:0-11" for a row of it) as the
    file identifies it: the table's code, then the row's code in column A."""
    table, _, row = key.partition(":")
    return (table, row or table)


def _found_keys(sheet: SheetLayout, data: SheetData) -> list[tuple[tuple, int]]:
    """(identity, row) of every non-empty row of the file, as ``_row_identity`` gives them
    (None for a table's column headings)."""
    tables = {key for key in sheet.row_keys.values() if ":" not in key}
    table, found, previous = "", [], ""
    for row in data.non_empty_rows(sheet.first_row):
        code = str(data.get(row, 0)).strip()
        if sheet.kind == "statistics":
            # the column headings right under a table's title have nothing in column A
            heading = previous in tables and data.get(row, 0) is None
            table = code if code in tables else table
            found.append((None if heading else (table, code), row))
            previous = code
        elif sheet.kind == "indicators":
            found.append(((code, str(data.get(row, 2)).strip()), row))
        else:
            found.append(((code,), row))
    return found


def match_rows(sheet: SheetLayout, data: SheetData, out: list[Located],
               name: str | None = None) -> dict[int, int | None]:
    """Find each expected row in the file by its codes; report missing, moved and added rows.

    Args:
        name: the sheet's name in the file, when it was renamed.
    """
    name = name or sheet.name
    if sheet.kind not in MATCHED_BY_CODE:
        return _match_by_position(sheet, data, out, name)
    ident = _row_identity(sheet)
    found: dict = {}
    for key, row in _found_keys(sheet, data):
        if key is None:
            found.setdefault(None, set()).add(row)
        else:
            found.setdefault(key, row)
    where = {exp: found.get(key) for exp, key in ident.items()}
    code = {exp: sheet.row_keys[exp] if sheet.kind == "statistics" else key[0]
            for exp, key in ident.items()}
    moved = _first_out_of_order(where)
    if moved:
        out.append(Located("ST_006", name, _a1(moved[1], 0),
                           {"code": code[moved[0]], "row": moved[1], "expected": moved[0]}))
    for exp, got in sorted(where.items()):
        if got is None:
            out.append(Located("ST_005", name, _a1(exp, 0), {"code": code[exp]}))
    used = {v for v in where.values() if v is not None} | found.get(None, set())
    for row in data.non_empty_rows(sheet.first_row):
        if row not in used:
            shown = data.get(row, 0)
            out.append(Located("ST_004", name, _a1(row, 0), {
                "row": row,
                "found": f'"{shown}"' if shown is not None else phrase("value.no_code")}))
            break
    return where


def _first_out_of_order(where: dict[int, int | None]) -> tuple[int, int] | None:
    """The first expected row found elsewhere, when rows were sorted or moved: some row is found
    above one that comes before it in the plan. Rows that are only lower or higher than
    expected (a row inserted or deleted above them) keep their order and are not reported."""
    found = [got for _exp, got in sorted(where.items()) if got is not None]
    if found == sorted(found):
        return None
    return next((exp, got) for exp, got in sorted(where.items())
                if got is not None and got != exp)


def _expected_in_a(sheet: SheetLayout, key: str) -> str | None:
    """What column A shows on a row of a sheet matched by position (None: not checked)."""
    if sheet.kind == "cover":
        return None
    if sheet.kind == "passports":
        return key.split("|", 1)[0]
    return key.split(":", 1)[1] if ":" in key else key


def _match_by_position(sheet: SheetLayout, data: SheetData, out: list[Located], name: str):
    where: dict[int, int | None] = {}
    for row, key in sorted(sheet.row_keys.items()):
        expected = _expected_in_a(sheet, key)
        if expected is not None and str(data.get(row, 0) or "").strip() != expected:
            out.append(Located("ST_005", name, _a1(row, 0), {"code": key}))
            where[row] = None
        else:
            where[row] = row
    return where


def check_headings(sheet: SheetLayout, data: SheetData, headings: list[str],
                   out: list[Located], name: str) -> bool:
    """False (and ST_013) when the heading row no longer matches: columns were moved."""
    row = sheet.first_row - 1
    for col, expected in enumerate(headings):
        found = data.get(row, col)
        if str(found or "").strip() != expected:
            out.append(Located("ST_013", name, _a1(row, col),
                               {"found": f'"{found}"' if found else phrase("value.empty_cell"),
                                "expected": f'"{expected}"'}))
            return False
    return True


def check_cells(sheet: SheetLayout, data: SheetData, where: dict[int, int | None],
                formulas: set[str], out: list[Located], name: str) -> None:
    """Locked values changed (ST_007) and formulas replaced by values (ST_008).

    The Cover's information lines (contact, deadline) are for the reader and may differ from
    the plan's current values without affecting the return, so they are not compared.
    """
    for f in sheet.fields:
        row = where.get(f.row)
        if row is None:
            continue
        if f.kind == LOCKED and sheet.kind != "cover":
            found = data.get(row, f.col)
            if not _same(f.value, found):
                out.append(Located("ST_007", name, _a1(row, f.col), {
                    "expected": _shown(f.value), "found": _shown(found)}))
        elif f.kind == FORMULA and _a1(row, f.col) not in formulas:
            out.append(Located("ST_008", name, _a1(row, f.col)))


def _shown(value) -> str | Phrase:
    if value in (None, ""):
        return phrase("value.empty")
    text = str(value)
    return f'"{text[:50]}"' if isinstance(value, str) else text


def check_sheets(layout: WorkbookLayout, container: Container,
                 data: dict[str, SheetData], out: list[Located]) -> dict[str, str]:
    """Missing, renamed, added and hidden sheets, and removed protection.

    Returns:
        Expected sheet name -> the name it has in the file (renamed sheets are followed).
    """
    present = {s.name: s for s in container.sheets}
    expected = {s.name for s in layout.sheets} | {STAMP_SHEET}
    names: dict[str, str] = {}
    extra = [n for n in present if n not in expected]
    for sheet in layout.sheets:
        if sheet.name in present:
            names[sheet.name] = sheet.name
            continue
        renamed = _renamed(sheet, extra, data)
        if renamed:
            extra.remove(renamed)
            names[sheet.name] = renamed
            out.append(Located("ST_003", renamed, "", {"expected": sheet.name, "name": renamed}))
        else:
            out.append(Located("ST_001", sheet.name, "", {"name": sheet.name}))
    for name in extra:
        out.append(Located("ST_002", name, "", {"name": name}))
    for sheet in layout.sheets:
        part = present.get(names.get(sheet.name, ""))
        if part is None:
            continue
        if sheet.state == "visible" and part.state != "visible":
            out.append(Located("ST_011", part.name, "", {"name": part.name}))
        if not part.protected:
            out.append(Located("ST_009", part.name, ""))
    stamp = present.get(STAMP_SHEET)
    if stamp is not None and stamp.state == "visible":
        out.append(Located("ST_012", STAMP_SHEET, ""))
    if not container.structure_locked:
        out.append(Located("ST_010", "", ""))
    return names


def _renamed(sheet: SheetLayout, candidates: list[str], data: dict[str, SheetData]):
    codes = {str(f.value) for f in sheet.fields if f.col == 0 and f.kind == LOCKED}
    for name in candidates:
        found = data.get(name)
        if found is None or not codes:
            continue
        got = {str(found.get(r, 0)).strip() for r in found.non_empty_rows(sheet.first_row)}
        if codes <= got:
            return name
    return None
