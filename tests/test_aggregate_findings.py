"""Each finding code, produced by one realistic edit of a generated and filled return, is reported
with exactly the right file, sheet and cell."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest
from french import assert_french
from openpyxl.packaging.custom import CustomPropertyList
from openpyxl.worksheet.protection import SheetProtection
from returns import Returns, rewrite_zip

from toolkit.aggregate.context import make_context
from toolkit.aggregate.intake.files import sha256_of
from toolkit.aggregate.process import process
from toolkit.aggregate.returned import Submission

S = "SOC-CTR"  # the subject: activities in three areas, disaggregated indicators, statistics
PERIOD = "2026-H1"


@pytest.fixture(scope="module")
def plan(sample_plan):
    """The sample plan, with a baseline under one of the subject's cumulative indicators."""
    from toolkit.reporting.periods import parse_period
    from toolkit.reporting.scope import assignments

    m = sample_plan.meta
    due = {i.code for i in assignments(sample_plan, parse_period(
        PERIOD, m.frequency, m.start, m.end))[S].indicators}
    inds = list(sample_plan.indicators)
    for i, ind in enumerate(inds):
        if ind.code in due and ind.unit == "number" and not ind.disaggregations:
            inds[i] = dataclasses.replace(ind, aggregation="cumulative", baseline_value=40)
            break
    return dataclasses.replace(sample_plan, indicators=tuple(inds))


@pytest.fixture(scope="module")
def rt(plan, tmp_path_factory) -> Returns:
    return Returns(plan, PERIOD, tmp_path_factory.mktemp("returns"), [S, "POL", "MOI"])


@pytest.fixture(scope="module")
def ctx(rt):
    return make_context(rt.plan, rt.period)


def located(result) -> list[tuple[str, str, str]]:
    return [(f.code, f.sheet, f.cell) for f in result.findings]


def run_one(ctx, path: Path):
    return process(ctx, Submission(path, str(path), sha256_of(path), path.stat().st_size,
                                   path.stat().st_mtime))


def at(rt, row_key: str, key: str, code: str = S) -> tuple[str, str]:
    f = rt.field(code, row_key, key)
    return f.sheet, f.ref


def first_activity(rt, code=S) -> str:
    sheet = next(s for s in rt.layouts[code].sheets if s.kind == "area")
    return sheet.row_keys[sheet.first_row]


def area_sheet(rt, code=S):
    return next(s for s in rt.layouts[code].sheets if s.kind == "area")


def set_input(rt, row_key, key, value, code=S):
    sheet, ref = at(rt, row_key, key, code)

    def change(wb):
        wb[sheet][ref] = value
    return change


def test_clean_returns__have_no_findings(rt, ctx):
    for code, path in rt.clean.items():
        assert located(run_one(ctx, path)) == [], code


CASES = {}


def case(code):
    def register(fn):
        CASES[code] = fn
        return fn
    return register


def _cell_case(code, row_key_fn, key, value, expected_key=None):
    """A case that types one value into one input of the subject's return."""
    def build(rt, tmp):
        row_key = row_key_fn(rt)
        path = rt.edit(S, tmp / "r.xlsx", set_input(rt, row_key, key, value))
        return path, [(code, *at(rt, row_key, expected_key or key))]
    CASES[code] = build


_cell_case("CELL_002", first_activity, "spent", "about a thousand")
_cell_case("CELL_003", first_activity, "spent", "12,5")
_cell_case("CELL_004", first_activity, "percent", 150)
_cell_case("CELL_006", first_activity, "status", "Done")
_cell_case("CELL_007", first_activity, "new_deadline", dt.datetime(2031, 1, 1))
_cell_case("CELL_008", first_activity, "evidence", "x" * 4500)
_cell_case("CELL_011", first_activity, "spent", "12,500")
_cell_case("CELL_010", first_activity, "spent", "#REF!")
_cell_case("CONS_011", first_activity, "new_deadline", dt.datetime(2026, 12, 31))


@case("CELL_001")
def _status_missing(rt, tmp):
    code = first_activity(rt)
    return rt.edit(S, tmp / "r.xlsx", set_input(rt, code, "status", None)), \
        [("CELL_001", *at(rt, code, "status"))]


@case("CELL_005")
def _fraction_count(rt, tmp):
    sheet = rt.layouts[S].sheet("statistics")
    f = next(f for f in sheet.inputs() if f.type == "count" and not f.key.startswith("V"))
    return rt.edit(S, tmp / "r.xlsx", set_input(rt, f.row_key, f.key, 2.5)), \
        [("CELL_005", f.sheet, f.ref)]


@case("CELL_009")
def _formula_typed(rt, tmp):
    code = first_activity(rt)
    return rt.edit(S, tmp / "r.xlsx", set_input(rt, code, "outputs", '=HYPERLINK("http://x")')), \
        [("CELL_009", *at(rt, code, "outputs"))]


def _status_case(code, status_key, key, extra=None, drop=None):
    def build(rt, tmp):
        act = first_activity(rt)
        sheet, _ref = at(rt, act, "status")

        def change(wb):
            wb[sheet][at(rt, act, "status")[1]] = rt.text[f"report.status.{status_key}"]
            for k, v in (extra or {}).items():
                wb[sheet][at(rt, act, k)[1]] = v
            for k in drop or ():
                wb[sheet][at(rt, act, k)[1]] = None
        return rt.edit(S, tmp / "r.xlsx", change), [(code, *at(rt, act, key))]
    CASES[code] = build


_status_case("CONS_001", "completed", "percent", {"percent": 80, "done": "Done."})
_status_case("CONS_002", "delayed", "problems", {"done": "Started."}, ["problems"])
_status_case("CONS_003", "on_track", "done", None, ["done"])
_status_case("CONS_012", "not_started", "spent", {"spent": 500}, ["percent", "done"])


@case("CONS_004")
def _parts(rt, tmp):
    ind = next(i for i in rt.assignments[S].indicators if i.disaggregations and i.unit == "number")
    dim = ind.disaggregations[0]
    cat = rt.plan.codelists[dim][0]
    part = rt.values[S][(f"{ind.code}|{dim}={cat}", "actual")]
    return rt.edit(S, tmp / "r.xlsx", set_input(rt, f"{ind.code}|{dim}={cat}", "actual",
                                                part + 3)), \
        [("CONS_004", *at(rt, ind.code, "actual"))]


@case("CONS_005")
def _running_total_down(rt, tmp):
    ind = next(i for i in rt.assignments[S].indicators
               if i.aggregation == "cumulative" and i.baseline_value == 40)
    return rt.edit(S, tmp / "r.xlsx", set_input(rt, ind.code, "actual", 35)), \
        [("CONS_005", *at(rt, ind.code, "actual"))]


@case("CONS_006")
def _overspent(rt, tmp):
    act = next(a for a, _r in rt.assignments[S].activities if a.cost)
    sheet, ref = at(rt, act.code, "spent")

    def change(wb):
        wb[sheet][ref] = act.cost * 2
        if wb[sheet][at(rt, act.code, "status")[1]].value == rt.text[
                "report.status.not_started"]:
            wb[sheet][at(rt, act.code, "status")[1]] = rt.text["report.status.on_track"]
            wb[sheet][at(rt, act.code, "done")[1]] = "Done."
    return rt.edit(S, tmp / "r.xlsx", change), [("CONS_006", sheet, ref)]


@case("CONS_007")
def _red_without_comment(rt, tmp):
    ind = next(i for i in rt.assignments[S].indicators
               if i.polarity == "higher-is-better" and i.unit == "number"
               and not i.disaggregations and (i.target_final or 0) > 0)
    sheet, ref = at(rt, ind.code, "actual")

    def change(wb):
        wb[sheet][ref] = 0
        wb[sheet][at(rt, ind.code, "comment")[1]] = None
    return rt.edit(S, tmp / "r.xlsx", change), [("CONS_007", *at(rt, ind.code, "comment"))]


@case("CONS_008")
def _victims_tables_differ(rt, tmp):
    sheet = rt.layouts[S].sheet("statistics")
    f = next(f for f in sheet.inputs() if f.key.startswith("V3:"))
    first_v3 = min((x for x in sheet.inputs() if x.key.startswith("V3:") and x.type == "count"),
                   key=lambda x: (x.row, x.col))
    value = rt.values[S][(f.row_key, f.key)]
    return rt.edit(S, tmp / "r.xlsx", set_input(rt, f.row_key, f.key, value + 2)), \
        [("CONS_008", first_v3.sheet, first_v3.ref)]


@case("CONS_009")
def _no_source(rt, tmp):
    return rt.edit(S, tmp / "r.xlsx", set_input(rt, "V1:source", "V1:source", None)), \
        [("CONS_009", *at(rt, "V1:source", "V1:source"))]


@case("CONS_010")
def _not_confirmed(rt, tmp):
    return rt.edit(S, tmp / "r.xlsx", set_input(rt, "confirm", "confirm", rt.text["report.no"])), \
        [("CONS_010", *at(rt, "confirm", "confirm"))]


@case("CONS_013")
def _late(rt, tmp):
    def change(wb):
        wb.properties.modified = dt.datetime.combine(rt.deadline, dt.time(12)) + \
            dt.timedelta(days=3)
    return rt.edit(S, tmp / "r.xlsx", change), [("CONS_013", "", "")]


def _sheet_case(code, change_fn, expected_fn):
    def build(rt, tmp):
        return rt.edit(S, tmp / "r.xlsx", lambda wb: change_fn(rt, wb)), expected_fn(rt)
    CASES[code] = build


def _unprotect(wb, name):
    wb[name].protection = SheetProtection(sheet=False)


_sheet_case("ST_001", lambda rt, wb: wb.remove(wb[rt.text["report.sheet.narrative"]]),
            lambda rt: [("ST_001", rt.text["report.sheet.narrative"], "")])
_sheet_case("ST_002", lambda rt, wb: wb.create_sheet("My notes"),
            lambda rt: [("ST_002", "My notes", "")])


def _rename(rt, wb):
    wb[area_sheet(rt).name].title = "Prevention (ours)"


_sheet_case("ST_003", _rename, lambda rt: [("ST_003", "Prevention (ours)", "")])


def _append_row(rt, wb):
    sheet = area_sheet(rt)
    ws = wb[sheet.name]
    _unprotect(wb, sheet.name)
    ws.cell(row=sheet.last_row + 1, column=1, value="A9.9.9")
    ws.cell(row=sheet.last_row + 1, column=2, value="An activity of our own")


_sheet_case("ST_004", _append_row, lambda rt: [
    ("ST_009", area_sheet(rt).name, ""),
    ("ST_004", area_sheet(rt).name, f"A{area_sheet(rt).last_row + 1}")])


def _delete_last_row(rt, wb):
    sheet = area_sheet(rt)
    _unprotect(wb, sheet.name)
    wb[sheet.name].delete_rows(sheet.last_row)


_sheet_case("ST_005", _delete_last_row, lambda rt: [
    ("ST_009", area_sheet(rt).name, ""),
    ("ST_005", area_sheet(rt).name, f"A{area_sheet(rt).last_row}")])


def _two_row_sheet(rt):
    """An area sheet with two activities at least, whose first two rows can be swapped."""
    return next(s for s in rt.layouts[S].sheets if s.kind == "area" and len(s.row_keys) > 1)


def _swap_rows(rt, wb):
    sheet = _two_row_sheet(rt)
    ws = wb[sheet.name]
    _unprotect(wb, sheet.name)
    a, b = sheet.first_row, sheet.first_row + 1
    for col in range(1, ws.max_column + 1):
        top, bottom = ws.cell(row=a, column=col), ws.cell(row=b, column=col)
        top.value, bottom.value = bottom.value, top.value


def _swap_expected(rt):
    sheet = _two_row_sheet(rt)
    return [("ST_009", sheet.name, ""),
            ("ST_006", sheet.name, f"A{sheet.first_row + 1}")]


_sheet_case("ST_006", _swap_rows, _swap_expected)


def _edit_locked(rt, wb):
    sheet, ref = at(rt, first_activity(rt), "description")
    _unprotect(wb, sheet)
    wb[sheet][ref] = "A shorter description"


_sheet_case("ST_007", _edit_locked, lambda rt: [
    ("ST_009", area_sheet(rt).name, ""), ("ST_007", *at(rt, first_activity(rt), "description"))])


def _formula_to_value(rt, wb):
    sheet, ref = at(rt, first_activity(rt), "check")
    _unprotect(wb, sheet)
    wb[sheet][ref] = "ok"


_sheet_case("ST_008", _formula_to_value, lambda rt: [
    ("ST_009", area_sheet(rt).name, ""), ("ST_008", *at(rt, first_activity(rt), "check"))])
_sheet_case("ST_009", lambda rt, wb: _unprotect(wb, rt.text["report.sheet.signoff"]),
            lambda rt: [("ST_009", rt.text["report.sheet.signoff"], "")])


def _unlock_structure(rt, wb):
    wb.security.lockStructure = False


_sheet_case("ST_010", _unlock_structure, lambda rt: [("ST_010", "", "")])


def _hide(rt, wb):
    wb[rt.text["report.sheet.passports"]].sheet_state = "hidden"


_sheet_case("ST_011", _hide, lambda rt: [("ST_011", rt.text["report.sheet.passports"], "")])


def _show_stamp(rt, wb):
    wb["NAPStamp"].sheet_state = "visible"


_sheet_case("ST_012", _show_stamp, lambda rt: [("ST_012", "NAPStamp", "")])


def _insert_column(rt, wb):
    sheet = area_sheet(rt)
    _unprotect(wb, sheet.name)
    wb[sheet.name].insert_cols(3)


_sheet_case("ST_013", _insert_column, lambda rt: [
    ("ST_009", area_sheet(rt).name, ""), ("ST_013", area_sheet(rt).name,
                                          f"C{area_sheet(rt).first_row - 1}")])


def _strip_stamp(wb):
    wb.remove(wb["NAPStamp"])
    wb.custom_doc_props = CustomPropertyList()


@case("ID_001")
def _no_stamp(rt, tmp):
    return rt.edit(S, tmp / "r.xlsx", _strip_stamp), [("ID_001", "", "")]


@case("ID_002")
def _no_stamp_no_layout(rt, tmp):
    def change(wb):
        _strip_stamp(wb)
        sheet = area_sheet(rt)
        _unprotect(wb, sheet.name)
        wb[sheet.name].delete_rows(sheet.first_row)
    return rt.edit(S, tmp / "r.xlsx", change), [("ID_002", "", "")]


def _stamp_case(code, key, value_fn):
    def build(rt, tmp):
        def change(wb):
            ws = wb["NAPStamp"]
            for row in ws.iter_rows():
                if row[0].value == key:
                    row[1].value = value_fn(rt)
        return rt.edit(S, tmp / "r.xlsx", change), [(code, "", "")]
    CASES[code] = build


_stamp_case("ID_003", "plan_code", lambda rt: "OTHER-NAP")
_stamp_case("ID_004", "plan_hash", lambda rt: "0" * 64)
_stamp_case("ID_005", "period", lambda rt: "2025-H2")
_stamp_case("ID_006", "institution", lambda rt: "MINFIN")
_stamp_case("ID_007", "institution", lambda rt: "POL")


def _raw_case(code, data_fn, name="r.xlsx"):
    def build(rt, tmp):
        path = tmp / name
        data_fn(rt, path)
        return path, [(code, "", "")]
    CASES[code] = build


_raw_case("WB_001", lambda rt, p: p.write_bytes(b"%PDF-1.7\n%binary report\n"))
_raw_case("WB_007", lambda rt, p: p.write_bytes(b""))


def _ods(rt, path):
    import zipfile

    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")


_raw_case("WB_002", _ods)


def _encrypted(rt, path):
    import msoffcrypto.format.ooxml

    plain = io.BytesIO(rt.clean[S].read_bytes())
    with open(path, "wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("secret", out)


_raw_case("WB_003", _encrypted)


def _with_part(name, data):
    def fn(rt, path):
        rewrite_zip(rt.clean[S], path, lambda n, d: {name: data} if n is None else d)
    return fn


_raw_case("WB_004", _with_part("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 500))
_raw_case("WB_010", _with_part("xl/externalLinks/externalLink1.xml", b"<externalLink/>"))


def _bomb(rt, path):
    rewrite_zip(rt.clean[S], path, lambda n, d: {"xl/media/huge.bin": b"\0" * (80 << 20)}
                if n is None else d)


_raw_case("WB_005", _bomb)


def _entities(rt, path):
    sheet = "xl/worksheets/sheet2.xml"
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')

    def change(name, data):
        if name == sheet:
            return bomb + (data[data.index(b"?>") + 2:] if data.startswith(b"<?xml") else data)
        return None if name is None else data
    rewrite_zip(rt.clean[S], path, change)


@case("WB_009")
def _entities_in_a_sheet(rt, tmp):
    path = tmp / "r.xlsx"
    _entities(rt, path)
    return path, [("WB_009", rt.layouts[S].sheets[1].name, "")]


@pytest.mark.parametrize("code", sorted(CASES))
def test_edit__is_reported_with_its_code_at_its_cell(code, rt, ctx, tmp_path):
    path, expected = CASES[code](rt, tmp_path)
    result = run_one(ctx, path)
    assert located(result) == expected
    assert all(f.file == str(path) for f in result.findings)
    assert_french(result.findings)
