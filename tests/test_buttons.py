"""The Excel buttons' logic, run through the in-memory workbook: settings in; log, findings and
messages out. Plan checking, generation and consolidation are real (sample plan, files in
tmp_path); a small fake of the consolidation functions also lets some tests pin exact calls."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest

from toolkit.buttons import actions
from toolkit.buttons.book import MemoryBook, Setting, cell_text
from toolkit.buttons.steps import Stop, check_python, consolidation
from toolkit.findings import finding
from toolkit.messages import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "valdoria-nap.xlsx"
BROKEN = ROOT / "samples" / "broken"
CLOCK = {"now": lambda: dt.datetime(2026, 7, 3, 9, 30, 5)}


def panel(tmp_path: Path, **values) -> MemoryBook:
    """A control panel with valid settings, overridden by ``values`` (None removes a name)."""
    (tmp_path / "returns").mkdir(exist_ok=True)
    (tmp_path / "out").mkdir(exist_ok=True)
    settings = {"nap_plan_file": str(SAMPLE), "nap_period": "2026-H1",
                "nap_returns_folder": str(tmp_path / "returns"),
                "nap_output_folder": str(tmp_path / "out")}
    settings.update(values)
    settings = {key: value for key, value in settings.items() if value is not None}
    return MemoryBook(settings, folder=tmp_path)


def stopped(outcome, book: MemoryBook, code: str, cell: str = "") -> str:
    """Assert the button stopped with exactly one finding ``code`` at ``cell``; its message."""
    assert outcome.status == "stopped"
    assert [(row.code, row.cell) for row in book.findings] == [(code, cell)]
    assert book.messages == [outcome.message]
    assert book.log[-1].outcome == "stopped" and book.log[-1].message == outcome.message
    assert outcome.message.endswith(f"[{code}]")
    return outcome.message


# Check plan

def test_check_plan__sample_is_ready_and_logged(tmp_path):
    book = panel(tmp_path)
    outcome = actions.run_check_plan(book, **CLOCK)
    assert outcome.status == "ok"
    assert book.messages == ["valdoria-nap.xlsx: plan VAL-NAP version 1.0 is ready (68 activities, "
                             "111 indicators, 23 institutions); 0 error(s), 0 warning(s)."]
    assert [tuple(vars(row).values()) for row in book.log] == [
        ("2026-07-03 09:30:05", "Check plan", "ok", book.messages[0])]
    assert book.findings == []


def test_check_plan__broken_plan_lists_findings_with_links(tmp_path):
    plan = BROKEN / "unknown-institution.xlsx"
    book = panel(tmp_path, nap_plan_file=str(plan))
    outcome = actions.run_check_plan(book)
    assert outcome.status == "problems"
    assert "1 error(s), 0 warning(s)" in book.messages[0]
    [row] = book.findings
    assert (row.code, row.severity, row.sheet, row.cell) == ("PLAN_006", "error", "Activities", "D5")
    assert row.file == str(plan)
    assert row.link == f"{plan}#Activities!D5"
    assert "MOLSP" in row.message and row.hint == "Add it there or correct the code"


def test_check_plan__missing_sheet_finding_has_no_cell_link(tmp_path):
    book = panel(tmp_path, nap_plan_file=str(BROKEN / "missing-sheet.xlsx"))
    actions.run_check_plan(book)
    assert book.findings[0].code == "PLAN_001"
    assert book.findings[0].link == ""


def test_settings__undefined_name_says_which_setting(tmp_path):
    book = panel(tmp_path, nap_plan_file=None)
    message = stopped(actions.run_check_plan(book), book, "BTN_001")
    assert "no defined name nap_plan_file" in message
    assert message.startswith("control-panel.xlsm: the setting plan file is missing")


def test_settings__blank_plan_file_names_its_cell(tmp_path):
    book = panel(tmp_path, nap_plan_file="   ")
    message = stopped(actions.run_check_plan(book), book, "BTN_002", "B4")
    assert message.startswith("control-panel.xlsm:Settings!B4: the setting plan file is empty")
    assert book.findings[0].link == "#Settings!B4"


def test_settings__plan_file_not_found_quotes_the_value(tmp_path):
    book = panel(tmp_path, nap_plan_file=r"C:\NAP\no-such-plan.xlsx")
    message = stopped(actions.run_check_plan(book), book, "BTN_003", "B4")
    assert 'the plan file "C:\\NAP\\no-such-plan.xlsx" does not exist' in message


def test_settings__plan_that_is_not_a_workbook_is_refused(tmp_path):
    text = tmp_path / "plan.csv"
    text.write_text("code,title\n", encoding="utf-8")
    book = panel(tmp_path, nap_plan_file=str(text))
    message = stopped(actions.run_check_plan(book), book, "PLAN_030")
    assert ".csv is not one of .xlsx, .xlsm, .json" in message


def test_settings__relative_and_quoted_paths_start_at_the_panel_folder(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "plan.xlsx").write_bytes(SAMPLE.read_bytes())
    book = panel(tmp_path, nap_plan_file='"plans/plan.xlsx"')
    assert actions.run_check_plan(book).status == "ok"


def test_cell_text__reads_numbers_as_typed():
    assert cell_text(2026.0) == "2026"
    assert cell_text(None) == ""
    assert cell_text(" 2026-H1 ") == "2026-H1"


# Generate workbooks

def test_generate__writes_every_workbook_and_the_manifest(tmp_path, monkeypatch):
    monkeypatch.delenv("NAP_SHEET_PASSWORD", raising=False)
    book = panel(tmp_path)
    outcome = actions.run_generate_workbooks(book)
    out_dir = tmp_path / "out" / "2026-H1"
    assert outcome.status == "ok"
    written = outcome.extra["written"]
    assert written and all(item.path.parent == out_dir and item.path.is_file() for item in written)
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(entry["file"] for entry in manifest["expected"]) == \
        sorted(item.path.name for item in written)
    assert (out_dir / "sheet-password.txt").read_text(encoding="utf-8").strip()
    assert book.messages == [f"Wrote {len(written)} workbook(s) for 2026-H1 to {out_dir}. Sheets "
                             f"are protected with the password kept in "
                             f"{out_dir / 'sheet-password.txt'}."]
    assert book.log[-1].action == "Generate workbooks" and book.log[-1].outcome == "ok"


def test_generate__chosen_password_is_not_written(tmp_path, monkeypatch):
    monkeypatch.setenv("NAP_SHEET_PASSWORD", "coordinator-secret")
    book = panel(tmp_path)
    actions.run_generate_workbooks(book)
    assert not (tmp_path / "out" / "2026-H1" / "sheet-password.txt").exists()
    assert "chosen in NAP_SHEET_PASSWORD" in book.messages[0]


@pytest.mark.parametrize("value, expected", [
    ("2026-Q3", "does not fit the plan's semi-annual reporting. Expected YYYY-H1 or YYYY-H2"),
    (2031.0, 'the period "2031" does not fit'),
    ("2030-H1", "the period 2030-H1 is outside the plan, which runs from 2025-01-01 to 2028-12-31"),
])
def test_generate__invalid_period_names_the_period_cell(tmp_path, value, expected):
    book = panel(tmp_path, nap_period=value)
    message = stopped(actions.run_generate_workbooks(book), book, "BTN_006", "B5")
    assert message.startswith("control-panel.xlsm:Settings!B5: ") and expected in message
    assert not (tmp_path / "out" / "2026-H1").exists()


def test_generate__missing_output_folder_names_its_cell(tmp_path):
    book = panel(tmp_path, nap_output_folder=str(tmp_path / "nowhere"))
    message = stopped(actions.run_generate_workbooks(book), book, "BTN_004", "B7")
    assert f'the output folder "{tmp_path / "nowhere"}" is not an existing folder' in message


def test_generate__output_folder_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "out.txt").write_text("", encoding="utf-8")
    book = panel(tmp_path, nap_output_folder=str(tmp_path / "out.txt"))
    stopped(actions.run_generate_workbooks(book), book, "BTN_004", "B7")


def test_generate__output_that_cannot_be_made_a_folder_is_reported(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "2026-H1").write_text("a file where the period folder goes", "utf-8")
    book = panel(tmp_path)
    message = stopped(actions.run_generate_workbooks(book), book, "BTN_005")
    assert message.startswith(f'{tmp_path / "out" / "2026-H1"}: the output folder')
    assert "cannot be written to (File exists)" in message


def test_generate__plan_with_errors_generates_nothing(tmp_path):
    book = panel(tmp_path, nap_plan_file=str(BROKEN / "unknown-institution.xlsx"))
    outcome = actions.run_generate_workbooks(book)
    assert outcome.status == "stopped" and outcome.message.endswith("[BTN_012]")
    assert "the plan has 1 error(s), so nothing was done" in outcome.message
    assert [row.code for row in book.findings] == ["PLAN_006"]
    assert list((tmp_path / "out").iterdir()) == []


def test_generate__workbook_open_in_excel_gives_a_clear_message(tmp_path, monkeypatch):
    # Linux has no Excel file locks; Windows reports a workbook open in Excel as this error.
    from toolkit.generate import workbooks as G

    target = tmp_path / "out" / "2026-H1" / "VAL-NAP_2026-H1_MOI.xlsx"

    def locked(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(G, "generate", locked)
    book = panel(tmp_path)
    message = stopped(actions.run_generate_workbooks(book), book, "BTN_008")
    assert message == (f"{target}: the file cannot be written because it is open in Excel or "
                       "another program (Permission denied). Close the file, then click the "
                       "button again [BTN_008]")


def test_python_version__older_than_3_11_is_refused(tmp_path):
    book = panel(tmp_path)
    with pytest.raises(Stop, match=r"Python 3\.10\.14, but the toolkit needs Python 3\.11"):
        check_python(book, (3, 10, 14))
    message = stopped(actions.run_generate_workbooks(book, python=(3, 10, 14)), book, "BTN_007")
    assert not (tmp_path / "out" / "2026-H1").exists()
    assert message.startswith("control-panel.xlsm: the buttons run with Python 3.10.14")
    check_python(book, (3, 11, 0))


# Consolidate returns, Open report, Check this returned workbook

@dataclass
class FakeResult:
    report_path: Path
    ledger_path: Path
    findings: list
    exit_code: int


@dataclass
class FakeConsolidation:
    """Stands in for ``toolkit.commands.aggregate`` (not in this version): records calls, writes a report."""

    exit_code: int = 0
    findings: list = field(default_factory=list)
    calls: list = field(default_factory=list)

    def aggregate(self, plan_path, period, returns, out_dir):
        self.calls.append((plan_path, period, returns, out_dir))
        report = out_dir / f"report-{period}.xlsx"
        if self.exit_code != 3:
            report.write_bytes(b"report")
        return FakeResult(report, out_dir / "ledger.csv", self.findings, self.exit_code)

    def check_return(self, plan_path, period, path):
        self.calls.append((plan_path, period, path))
        return self.findings


def test_consolidation__missing_module_gives_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "toolkit.commands.aggregate", None)
    with pytest.raises(Stop, match="consolidation is not available in this version"):
        consolidation()
    book = panel(tmp_path)
    message = stopped(actions.run_consolidate_returns(book), book, "BTN_009")
    assert message.startswith("toolkit: consolidation is not available")
    book = panel(tmp_path, nap_period="2026-H1")
    book.active = tmp_path / "returns" / "moi.xlsx"
    book.active.write_bytes(b"x")
    stopped(actions.run_check_this_workbook(book), book, "BTN_009")


def test_consolidate__passes_the_returns_and_opens_the_report(tmp_path):
    book = panel(tmp_path)
    for name in ("moi.xlsx", "mlsp.xlsx", "~$moi.xlsx", "notes.txt"):
        (tmp_path / "returns" / name).write_bytes(b"x")
    warning = finding("PLAN_012", "returns/moi.xlsx", "Indicators", "E12", indicator="I.1")
    fake = FakeConsolidation(exit_code=1, findings=[warning])
    outcome = actions.run_consolidate_returns(book, tools=fake)
    out_dir = tmp_path / "out" / "2026-H1" / "report"
    assert fake.calls == [(SAMPLE, "2026-H1", [tmp_path / "returns" / "mlsp.xlsx",
                                                tmp_path / "returns" / "moi.xlsx"], out_dir)]
    assert outcome.status == "problems"
    assert book.messages[0] == (f"Consolidated 2 returned workbook(s) for 2026-H1 into "
                                f"{out_dir / 'report-2026-H1.xlsx'}; 1 error(s), 0 warning(s).")
    assert book.findings[0].link == "returns/moi.xlsx#Indicators!E12"
    assert actions.run_open_report(book).status == "ok"
    assert book.opened == [out_dir / "report-2026-H1.xlsx"]


def test_consolidate__nothing_produced_is_logged_as_stopped(tmp_path):
    book = panel(tmp_path)
    outcome = actions.run_consolidate_returns(book, tools=FakeConsolidation(exit_code=3))
    assert outcome.status == "stopped"
    assert book.log[-1].message == "No report for 2026-H1: 0 error(s), 0 warning(s)."


def test_consolidate__missing_returns_folder_names_its_cell(tmp_path):
    book = panel(tmp_path, nap_returns_folder=str(tmp_path / "inbox"))
    stopped(actions.run_consolidate_returns(book, tools=FakeConsolidation()), book, "BTN_004", "B6")


def test_open_report__before_consolidation_says_what_to_do(tmp_path):
    book = panel(tmp_path)
    message = stopped(actions.run_open_report(book), book, "BTN_010")
    assert "there is no consolidated report for 2026-H1 in this folder yet" in message
    assert "Click Consolidate returns first" in message
    assert book.opened == []


def test_check_this_workbook__links_each_finding_to_its_cell(tmp_path):
    book = panel(tmp_path)
    returned = tmp_path / "returns" / "VAL-NAP_2026-H1_MOI.xlsx"
    returned.write_bytes(b"x")
    book.active = returned
    problem = finding("PLAN_007", returned, "Annex A - Indicators", "E12", value='"12,5"',
                      expected="a whole number")
    fake = FakeConsolidation(findings=[problem])
    outcome = actions.run_check_this_workbook(book, tools=fake)
    assert fake.calls == [(SAMPLE, "2026-H1", returned)]
    assert outcome.status == "problems"
    assert book.findings[0].link == f"{returned}#'Annex A - Indicators'!E12"
    assert book.messages == ["VAL-NAP_2026-H1_MOI.xlsx: 1 error(s), 0 warning(s) for 2026-H1. "
                             "See the Findings sheet; each cell is a link."]


@pytest.mark.parametrize("active, reason", [
    (None, "not saved yet"),
    ("control-panel.xlsm", "this control panel, not a returned workbook"),
    ("gone.xlsx", "not a file on this computer"),
])
def test_check_this_workbook__needs_a_saved_returned_workbook(tmp_path, active, reason):
    book = panel(tmp_path)
    book.active = tmp_path / active if active else None
    message = stopped(actions.run_check_this_workbook(book, tools=FakeConsolidation()), book,
                      "BTN_011")
    assert reason in message


# The xlwings side

def test_buttons_without_excel__say_to_use_the_command_line():
    from toolkit.buttons import excel as buttons

    with pytest.raises(buttons.ExcelNotAvailable) as raised:
        buttons.check_plan()
    text = str(raised.value)
    assert "the buttons need Excel on Windows or macOS" in text
    assert "Use the command line instead" in text and text.endswith("[BTN_013]")


def test_every_button_message__is_produced_by_a_test():
    source = Path(__file__).read_text(encoding="utf-8")
    untested = [code for code in CATALOGUE if code.startswith("BTN_") and code not in source]
    assert untested == []


# The names the xlwings adapter uses, checked against the installed xlwings' classes.
XLWINGS_API = {
    "Book": ["caller", "names", "sheets", "fullname", "name", "app"],
    "Name": ["name", "refers_to_range"],
    "Range": ["value", "address", "sheet", "end", "row", "clear_contents", "add_hyperlink",
              "last_cell"],
    "Sheet": ["range", "cells", "used_range", "name"],
    "App": ["alert", "books"],
    "Books": ["active", "open"],
}


def test_xlwings_adapter__uses_only_names_xlwings_has():
    import xlwings.main

    missing = [f"{cls}.{name}" for cls, names in XLWINGS_API.items() for name in names
               if not hasattr(getattr(xlwings.main, cls), name)]
    assert missing == []


class _Cell:
    """The few parts of an xlwings Range the adapter touches (Excel itself is out of reach)."""

    def __init__(self, sheet, row, column):
        self.sheet, self.row, self.column = sheet, row, column

    @property
    def address(self):
        return f"${'ABCDEFGH'[self.column - 1]}${self.row}"

    @property
    def value(self):
        return self.sheet.cells_by_position.get((self.row, self.column))

    @value.setter
    def value(self, rows):
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                self.sheet.cells_by_position[(self.row + r, self.column + c)] = value

    def end(self, direction):
        row = self.row
        while (row + 1, self.column) in self.sheet.cells_by_position:
            row += 1
        return _Cell(self.sheet, row, self.column)

    def add_hyperlink(self, address, text_to_display=None):
        self.sheet.links[(self.row, self.column)] = (address, text_to_display)


class _Sheet:
    def __init__(self, name):
        self.name, self.cells_by_position, self.links = name, {}, {}
        self.used_range = SimpleNamespace(last_cell=SimpleNamespace(row=1))

    def range(self, first, last=None):
        if isinstance(first, str):
            first = (int(first[1:]), ord(first[0]) - 64)
        if last is not None:
            return SimpleNamespace(clear_contents=lambda: [
                self.cells_by_position.pop(key) for key in list(self.cells_by_position)
                if first[0] <= key[0] <= last[0]])
        return _Cell(self, *first)


def _fake_book(name, sheets, names=None, active=None):
    """The parts of an xlwings Book, its App and Books that the adapter touches."""
    book = SimpleNamespace(name=name, fullname=f"/nap/{name}", alerts=[], sheets=sheets)
    book.names = _Names(SimpleNamespace(name=key, refers_to_range=value)
                        for key, value in (names or {}).items())
    books = SimpleNamespace(active=active or book, open=lambda path: book.alerts.append(path))
    book.app = SimpleNamespace(books=books, alert=lambda text, title: book.alerts.append(text))
    return book


class _Names(list):
    def __getitem__(self, key):
        if isinstance(key, str):
            return next(item for item in self if item.name == key)
        return super().__getitem__(key)


class _Sheets(dict):
    def __iter__(self):
        return iter(self.values())


def test_xlwings_adapter__add_in_uses_the_open_panel_and_writes_its_sheets():
    from toolkit.buttons.excel import XlwingsBook

    settings, log, findings = _Sheet("Settings"), _Sheet("Log"), _Sheet("Findings")
    settings.cells_by_position[(5, 2)] = 2026.0
    log.cells_by_position.update({(1, 1): "Time", (2, 1): "earlier"})
    panel_book = _fake_book("panel.xlsm", _Sheets(Settings=settings, Log=log, Findings=findings),
                            {"nap_plan_file": _Cell(settings, 4, 2),
                             "nap_period": _Cell(settings, 5, 2)})
    addin_book = _fake_book("nap.xlam", _Sheets(), active=panel_book)
    book = XlwingsBook.for_caller(addin_book)
    assert book.name == "panel.xlsm" and book.folder == Path("/nap")
    assert book.setting("nap_period") == Setting("nap_period", "2026", "Settings", "B5")
    assert book.setting("nap_output_folder") is None
    outcome = actions.run_check_plan(book, **CLOCK)
    assert log.cells_by_position[(3, 4)] == outcome.message
    assert findings.cells_by_position[(2, 1)] == "BTN_002"
    assert findings.links[(2, 5)] == ("#Settings!B4", "B4")
    assert addin_book.alerts == [outcome.message]


@pytest.fixture(scope="module")
def real_returns(tmp_path_factory):
    from returns import Returns

    from toolkit.plan.load import load_checked_plan

    plan, _ = load_checked_plan(SAMPLE)
    return Returns(plan, "2026-H1", tmp_path_factory.mktemp("real"), ["MOI", "NGO-HOPE"])


def test_consolidate__with_the_real_aggregator_writes_and_opens_the_report(tmp_path,
                                                                           real_returns):
    book = panel(tmp_path)
    for path in real_returns.clean.values():
        (tmp_path / "returns" / path.name).write_bytes(path.read_bytes())
    outcome = actions.run_consolidate_returns(book)
    report = tmp_path / "out" / "2026-H1" / "report" / "report.xlsx"
    assert outcome.status == "problems"  # 21 institutions have not sent anything yet
    assert report.is_file()
    assert f"into {report}" in book.messages[0]
    assert actions.run_open_report(book).status == "ok"
    assert book.opened == [report]


def test_check_this_workbook__with_the_real_checks_links_each_finding(tmp_path, real_returns):
    from openpyxl import load_workbook
    from returns import save_keeping_time

    book = panel(tmp_path)
    clean = real_returns.clean["MOI"]
    book.active = clean
    assert actions.run_check_this_workbook(book).status == "ok"
    assert book.findings == []
    wrong = tmp_path / "returns" / clean.name
    wb = load_workbook(clean)
    f = real_returns.field("MOI", next(k for s in real_returns.layouts["MOI"].sheets
                                       if s.kind == "area" for k in s.row_keys.values()),
                           "percent")
    wb[f.sheet][f.ref] = 150
    save_keeping_time(wb, wrong)
    book.active = wrong
    outcome = actions.run_check_this_workbook(book)
    assert outcome.status == "problems"
    assert [(row.code, row.sheet, row.cell) for row in book.findings] == [
        ("CELL_004", f.sheet, f.ref)]
    assert book.findings[0].link == f"{wrong}#'{f.sheet}'!{f.ref}"


@pytest.fixture(scope="module")
def earlier_report(tmp_path_factory):
    """A 2025-H2 consolidation of the sample plan in which MOI's running total of A1.2-OUT-05
    is 110, as the button writes it: ``<output folder>/2025-H2/report``."""
    from returns import Returns

    from toolkit.aggregate.run import aggregate
    from toolkit.plan.load import load_checked_plan

    plan, _ = load_checked_plan(SAMPLE)
    rt = Returns(plan, "2025-H2", tmp_path_factory.mktemp("earlier"), ["MOI"])
    f = rt.field("MOI", "A1.2-OUT-05", "actual")
    moi = rt.edit("MOI", rt.folder / "moi.xlsx",
                  lambda wb: wb[f.sheet].__setitem__(f.ref, 110))
    out = rt.folder / "out"
    aggregate(plan, rt.period, [moi], out / "2025-H2" / "report", jobs=1)
    return out


def _returned_moi(tmp_path, real_returns, value):
    from openpyxl import load_workbook
    from returns import save_keeping_time

    f = real_returns.field("MOI", "A1.2-OUT-05", "actual")
    wb = load_workbook(real_returns.clean["MOI"])
    wb[f.sheet][f.ref] = value
    save_keeping_time(wb, tmp_path / "returns" / real_returns.clean["MOI"].name)
    return f


def test_consolidate__compares_with_the_previous_periods_report_by_itself(tmp_path, real_returns,
                                                                         earlier_report):
    import shutil

    book = panel(tmp_path)
    shutil.copytree(earlier_report / "2025-H2", tmp_path / "out" / "2025-H2")
    f = _returned_moi(tmp_path, real_returns, 100)

    outcome = actions.run_consolidate_returns(book)

    export = tmp_path / "out" / "2025-H2" / "report" / "exports" / "indicators.csv"
    assert book.messages[0].endswith(f" Running totals compared with 2025-H2, the previous "
                                     f"consolidation ({export}).")
    assert outcome.extra["result"].previous.path == export
    [row] = [row for row in book.findings if row.code == "CONS_005"]
    assert (row.sheet, row.cell) == (f.sheet, f.ref)
    assert row.message.startswith("the cumulative value 100 is lower than 110 (2025-H2, the "
                                  "previous consolidation)")


def test_consolidate__a_previous_report_it_cannot_trust_is_left_out_with_its_reason(
        tmp_path, real_returns, earlier_report):
    import shutil

    book = panel(tmp_path)
    shutil.copytree(earlier_report / "2025-H2", tmp_path / "out" / "2025-H2")
    export = tmp_path / "out" / "2025-H2" / "report" / "exports" / "indicators.csv"
    export.write_text(export.read_text(encoding="utf-8-sig").replace("2025-H2", "2026-H1", 1),
                      encoding="utf-8-sig")
    _returned_moi(tmp_path, real_returns, 100)

    outcome = actions.run_consolidate_returns(book)

    assert outcome.status != "stopped", outcome.message  # others are missing: "problems"
    assert (tmp_path / "out" / "2026-H1" / "report" / "report.xlsx").exists()
    assert "Running totals were not compared with the previous period" in outcome.message
    assert "(PREV_004, first on the Findings sheet)" in outcome.message
    first = outcome.findings[0]
    assert first.code == "PREV_004" and first.file == str(export)
    assert str(first).startswith(f"{export}: the file holds more than one period")
    assert "CONS_005" not in [f.code for f in outcome.findings]
