"""Tests of the LibreOffice test client against the real program.

Workbooks are built with openpyxl, as the toolkit builds them, and then opened,
typed into, pasted into, converted and saved by a real headless LibreOffice.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from returns import rewrite_zip

from tests.support import libreoffice as lo

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not lo.available(), reason="needs soffice and /usr/bin/python3 with uno"),
]

AGENCIES = ["Police", "Labour inspectorate", "NGO"]


def build_form(path: Path) -> Path:
    """A protected reporting form like the toolkit's.

    Sheet "Form": A1 a locked label; B2 free text, B3 a whole number 0-100,
    B4 a choice from the list on the hidden sheet "Lists" through a defined
    name and B6 the same through a direct range reference (all unlocked, all
    with stop alerts); B5 a locked value. The sheet is protected with
    password "x".
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Form"
    ws["A1"] = "Agency report"
    ws["B5"] = "fixed"
    for ref in ("B2", "B3", "B4", "B6"):
        ws[ref].protection = Protection(locked=False)
    lists = wb.create_sheet("Lists")
    for row, name in enumerate(AGENCIES, start=1):
        lists.cell(row=row, column=1, value=name)
    lists.sheet_state = "hidden"
    wb.defined_names["Agencies"] = DefinedName("Agencies", attr_text="Lists!$A$1:$A$3")
    number = DataValidation(type="whole", operator="between", formula1="0", formula2="100",
                            showErrorMessage=True, errorStyle="stop")
    number.add("B3")
    choice = DataValidation(type="list", formula1="Agencies", showErrorMessage=True,
                            errorStyle="stop")
    choice.add("B4")
    direct = DataValidation(type="list", formula1="Lists!$A$1:$A$3", showErrorMessage=True,
                            errorStyle="stop")
    direct.add("B6")
    ws.add_data_validation(number)
    ws.add_data_validation(choice)
    ws.add_data_validation(direct)
    ws.protection.sheet = True
    ws.protection.password = "x"
    wb.save(path)
    return path


def build_formulas(path: Path, base: int) -> Path:
    """A sheet of formulas without cached values (openpyxl writes none)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for row, value in enumerate((base, base + 1, base + 2), start=1):
        ws.cell(row=row, column=1, value=value)
    ws["B1"] = "=SUM(A1:A3)"
    ws["B2"] = f'=COUNTIF(A1:A3,">{base}")'
    ws["B3"] = '=IFERROR(1/0,"none")'
    ws["B4"] = "=IFERROR(A2/A1,-1)"
    ws["B5"] = "=A1/0"
    wb.save(path)
    return path


def truncated_zip(source: Path, path: Path) -> Path:
    """A copy of ``source`` cut off in the middle: the zip directory is gone."""
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _first_sheet_edited(source: Path, path: Path, old: bytes, new: bytes) -> Path:
    """A copy of ``source`` whose first sheet has ``old`` replaced with ``new`` (once)."""
    def change(name, data):
        if name != "xl/worksheets/sheet1.xml":
            return data
        assert old in data
        return data.replace(old, new, 1)
    return rewrite_zip(source, path, change)


def broken_sheet_xml(source: Path, path: Path) -> Path:
    """A copy of ``source`` whose first sheet's XML is malformed."""
    return _first_sheet_edited(source, path, b"<sheetData>",
                               b"<sheetData><row r=\"1\"><c <<</row>")
    return path


@pytest.fixture(scope="module")
def form(tmp_path_factory) -> Path:
    return build_form(tmp_path_factory.mktemp("form") / "form.xlsx")


@pytest.fixture
def doc(calc, form):
    """The form, opened visibly; typed changes are discarded at the end."""
    with calc.open(form) as opened:
        yield opened


# -- convert ---------------------------------------------------------------------------


def test_convert_twenty_files_in_one_call_recalculates(tmp_path):
    sources = [build_formulas(tmp_path / f"agency{i:02}.xlsx", i) for i in range(20)]
    assert openpyxl.load_workbook(sources[0], data_only=True).active["B1"].value is None

    outputs = lo.convert(sources, tmp_path / "out")

    assert [p.name for p in outputs] == [p.name for p in sources]
    for i, path in enumerate(outputs):
        ws = openpyxl.load_workbook(path, data_only=True).active
        assert ws["B1"].value == 3 * i + 3
        assert ws["B2"].value == 2
        assert ws["B3"].value == "none"
        assert ws["B4"].value == (-1 if i == 0 else pytest.approx((i + 1) / i))


def with_stale_cached_value(source: Path, path: Path) -> Path:
    """A copy of ``source`` where B1's formula carries the wrong cached result 999."""
    return _first_sheet_edited(source, path, b"<f>SUM(A1:A3)</f>",
                               b"<f>SUM(A1:A3)</f><v>999</v>")


def test_convert_recalculates_only_when_asked(tmp_path):
    stale = with_stale_cached_value(build_formulas(tmp_path / "src.xlsx", 1), tmp_path / "stale.xlsx")

    kept = lo.convert([stale], tmp_path / "kept", recalc=False)[0]
    fresh = lo.convert([stale], tmp_path / "fresh")[0]

    assert openpyxl.load_workbook(kept, data_only=True).active["B1"].value == 999
    assert openpyxl.load_workbook(fresh, data_only=True).active["B1"].value == 6


def test_convert_names_the_file_it_could_not_read(tmp_path):
    good = build_formulas(tmp_path / "good.xlsx", 1)
    bad = truncated_zip(good, tmp_path / "bad.xlsx")

    with pytest.raises(lo.LibreOfficeError, match="bad.xlsx") as caught:
        lo.convert([good, bad], tmp_path / "out")

    assert "good.xlsx" not in str(caught.value).split("\n")[0]
    assert (tmp_path / "out" / "good.xlsx").exists()


def test_convert_refuses_outputs_that_collide(tmp_path):
    a = build_formulas(tmp_path / "a.xlsx", 1)
    (tmp_path / "sub").mkdir()
    b = build_formulas(tmp_path / "sub" / "a.xlsx", 2)
    with pytest.raises(ValueError, match="both convert to a.xlsx"):
        lo.convert([a, b], tmp_path / "out")
    with pytest.raises(ValueError, match="overwrite"):
        lo.convert([a], tmp_path)


# -- opening, protection ---------------------------------------------------------------


def test_form_opens_without_load_problems(doc):
    assert doc.load_problems == []
    assert doc.sheet_names() == ["Form", "Lists"]
    assert doc.value("Form", "A1") == "Agency report"
    assert doc.value("Lists", "A3") == "NGO"
    assert doc.value("Form", "B2") is None


def test_protection_and_locks_are_reported(doc):
    assert doc.is_protected("Form")
    assert not doc.is_protected("Lists")
    assert doc.is_locked("Form", "B5")
    assert not doc.is_locked("Form", "B2")


def test_unlocked_cell_accepts_typing(doc):
    assert doc.type("Form", "B2", "Ministry of Interior")
    assert doc.value("Form", "B2") == "Ministry of Interior"


def test_locked_cell_refuses_typing_again_and_again(calc, doc):
    soffice = calc.soffice_pid
    for attempt in range(5):
        assert doc.type("Form", "B5", f"changed {attempt}") is False
        assert doc.value("Form", "B5") == "fixed"
    assert calc.running and calc.soffice_pid == soffice
    assert doc.type("Form", "B2", "still typing")
    assert doc.value("Form", "B2") == "still typing"


def test_many_refusals_in_one_session_keep_soffice_up(calc, doc):
    soffice = calc.soffice_pid
    for attempt in range(25):
        assert doc.type("Form", "B5", str(attempt)) is False
        assert doc.type("Form", "B3", str(101 + attempt)) is False
    assert calc.running and calc.soffice_pid == soffice
    assert doc.value("Form", "B5") == "fixed"
    assert doc.value("Form", "B3") is None
    assert doc.type("Form", "B3", "7")


# -- validation ------------------------------------------------------------------------


def test_whole_number_validation_refuses_and_accepts(doc):
    assert doc.type("Form", "B3", "500") is False
    assert doc.type("Form", "B3", "abc") is False
    assert doc.value("Form", "B3") is None
    assert doc.type("Form", "B3", "42")
    assert doc.value("Form", "B3") == 42
    assert isinstance(doc.value("Form", "B3"), float)


@pytest.mark.parametrize("cell", ["B4", "B6"], ids=["defined-name", "range"])
def test_list_validation_on_hidden_sheet(doc, cell):
    assert doc.type("Form", cell, "Labour inspectorate")
    assert doc.value("Form", cell) == "Labour inspectorate"
    assert doc.type("Form", cell, "Ministry") is False
    assert doc.value("Form", cell) == "Labour inspectorate"


def test_paste_skips_validation_like_real_calc(doc):
    assert doc.paste("Form", "B3", "abc")
    assert doc.value("Form", "B3") == "abc"


def test_paste_on_locked_cell_does_nothing(doc):
    assert doc.paste("Form", "B5", "abc") is False
    assert doc.value("Form", "B5") == "fixed"


def test_typed_numbers_follow_the_locale(doc):
    assert doc.type("Form", "B2", "007")
    assert doc.value("Form", "B2") == 7
    assert doc.type("Form", "B2", "'007")
    assert doc.value("Form", "B2") == "007"
    assert doc.type("Form", "B2", "12,5")
    assert doc.value("Form", "B2") == "12,5"


def test_typing_applies_autocorrect_like_a_person(doc):
    assert doc.type("Form", "B2", "Ministère de l'Intérieur")
    assert doc.value("Form", "B2") == "Ministère de l\u2019Intérieur"
    assert doc.type("Form", "B2", "1/2")
    assert doc.value("Form", "B2") == "\u00bd"
    assert doc.type("Form", "B2", "Škoda – Łódź 日本")
    assert doc.value("Form", "B2") == "Škoda – Łódź 日本"


def test_locale_decides_how_typed_numbers_are_read(form):
    with lo.Calc(locale="de-DE") as german, german.open(form) as doc:
        assert doc.type("Form", "B2", "12,5")
        assert doc.value("Form", "B2") == 12.5


@pytest.mark.parametrize("text", ["=1+", "=SUM(1", "=2x3", "+1+", "-2-"])
def test_formula_calc_would_correct_is_refused_before_typing(calc, doc, text):
    with pytest.raises(ValueError, match="correction dialog"):
        doc.type("Form", "B2", text)
    assert calc.running
    assert doc.value("Form", "B2") is None


@pytest.mark.parametrize("text, value", [("=B3+1", 1), ("+2*3", 6), ("-5", -5),
                                         ("- none -", "- none -"), ("-", "-")])
def test_formulas_and_dashes_that_calc_takes_as_typed(calc, doc, text, value):
    assert doc.type("Form", "B2", text)
    assert doc.value("Form", "B2") == value


def test_typing_goes_to_the_right_document(calc, form, tmp_path):
    other = build_form(tmp_path / "other.xlsx")
    with calc.open(form) as first, calc.open(other) as second:
        assert second.type("Form", "B2", "second")
        assert first.type("Form", "B2", "first")
        assert first.value("Form", "B2") == "first"
        assert second.value("Form", "B2") == "second"


def test_typing_goes_to_the_named_sheet_not_the_active_one(calc, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "First"
    wb.create_sheet("Second")
    wb.create_sheet("Third")
    wb.save(tmp_path / "sheets.xlsx")
    with calc.open(tmp_path / "sheets.xlsx") as doc:
        assert doc.type("Third", "C5", "third")
        assert doc.type("Second", "C5", "second")
        assert doc.type("First", "C5", "first")
        assert [doc.value(name, "C5") for name in ("First", "Second", "Third")] == [
            "first", "second", "third"]


def test_formula_values_follow_typed_input(calc, tmp_path):
    with calc.open(build_formulas(tmp_path / "f.xlsx", 1)) as doc:
        assert doc.value(0, "B1") == 6
        assert doc.value(0, "B3") == "none"
        assert doc.value(0, "B5") == "#DIV/0!"
        assert doc.type(0, "A1", "10")
        doc.recalc()
        assert doc.value(0, "B1") == 15
        assert doc.value(0, "B2") == 3


def test_hidden_document_can_be_read_but_not_typed_into(calc, form):
    with calc.open(form, visible=False) as doc:
        assert doc.value("Form", "B5") == "fixed"
        with pytest.raises(ValueError, match="visible=True"):
            doc.type("Form", "B2", "x")


def test_bad_requests_raise_without_harming_soffice(calc, doc, tmp_path):
    with pytest.raises(ValueError, match="no sheet named 'Nope'"):
        doc.value("Nope", "A1")
    with pytest.raises(ValueError, match="bad cell address"):
        doc.value("Form", "A0")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(lo.LibreOfficeError, match="save_as failed"):
        doc.save_as(blocker / "x.xlsx")
    assert calc.running
    assert doc.value("Form", "B5") == "fixed"


# -- saving ----------------------------------------------------------------------------


def test_save_as_keeps_typed_values_and_protection(doc, tmp_path):
    assert doc.type("Form", "B2", "Labour inspectorate report")
    assert doc.type("Form", "B3", "42")
    assert doc.type("Form", "B4", "Police")
    saved = doc.save_as(tmp_path / "returned.xlsx")

    wb = openpyxl.load_workbook(saved)
    ws = wb["Form"]
    assert ws["B2"].value == "Labour inspectorate report"
    assert ws["B3"].value == 42
    assert ws["B4"].value == "Police"
    assert ws.protection.sheet
    assert ws["B5"].protection.locked
    assert not ws["B2"].protection.locked
    validated = {str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert {"B3", "B4", "B6"} <= validated
    assert wb["Lists"].sheet_state == "hidden"


# -- damaged files and failures ----------------------------------------------------------


def test_truncated_file_gives_a_clean_error(calc, form, tmp_path):
    bad = truncated_zip(form, tmp_path / "cut.xlsx")
    started = time.monotonic()
    with pytest.raises(lo.LoadError, match="cut.xlsx") as caught:
        calc.open(bad)
    assert caught.value.problems
    assert time.monotonic() - started < 10
    assert calc.running


def test_malformed_sheet_xml_opens_without_a_word(calc, form, tmp_path):
    # LibreOffice 7.4 reports nothing for malformed sheet XML: it drops the rest of
    # the sheet's data silently. An empty load_problems does not prove a file intact.
    bad = broken_sheet_xml(form, tmp_path / "broken.xlsx")
    with calc.open(bad) as broken:
        assert broken.load_problems == []
        assert broken.value("Form", "B5") is None
        assert broken.value("Lists", "A1") == "Police"
    assert calc.running


def test_file_in_use_elsewhere_is_reported(calc, form, tmp_path):
    copy = tmp_path / "in_use.xlsx"
    copy.write_bytes(form.read_bytes())
    lock = tmp_path / ".~lock.in_use.xlsx#"
    lock.write_text(",someone,otherhost,28.11.2026 09:00,file:///home/someone/.config/lo;")
    with calc.open(copy) as in_use:
        assert "opened read-only" in in_use.load_problems
        assert any("choices: Approve" in problem for problem in in_use.load_problems)
        assert in_use.type("Form", "B2", "x") is False


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie awaiting its parent."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError, ProcessLookupError):
        return False
    return state != "Z"


def test_hung_soffice_fails_the_request_and_is_replaced(form):
    with lo.Calc(request_timeout=3) as calc:
        doc = calc.open(form)
        old = lo._group_members(calc.soffice_pid)
        for pid in old:
            os.kill(pid, signal.SIGSTOP)
        started = time.monotonic()
        with pytest.raises(lo.LibreOfficeError, match="did not answer value within 3 s"):
            doc.value("Form", "B5")
        assert time.monotonic() - started < 15
        assert not calc.running
        # Killed processes leave /proc once their parent (or init) has reaped them, which can
        # take a moment after the kill returns.
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in old) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in old)
        with pytest.raises(lo.LibreOfficeError, match="was lost"):
            doc.value("Form", "B5")
        with calc.open(form) as fresh:
            assert fresh.value("Form", "B5") == "fixed"


def test_killed_soffice_fails_the_request_and_is_replaced(form):
    with lo.Calc() as calc:
        doc = calc.open(form)
        for pid in lo._group_members(calc.soffice_pid):
            os.kill(pid, signal.SIGKILL)
        with pytest.raises(lo.LibreOfficeError):
            doc.value("Form", "B5")
        assert not calc.running
        with calc.open(form) as fresh:
            assert fresh.type("Form", "B2", "after restart")
