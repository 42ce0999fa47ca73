"""Generated reporting workbooks in a real LibreOffice Calc, filled the way an agency would.

The sample plan's workbooks for 2026-H1 are opened in a headless Calc. Values go in through
key presses (``Doc.type``), so Calc enforces protection and validation itself; formulas are
recalculated by Calc; the saved file is what Calc wrote.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.support import libreoffice as lo
from toolkit.generate.workbooks import generate
from toolkit.reporting.layout import INPUT, WorkbookLayout, build_layout
from toolkit.reporting.scope import assignments

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not lo.available(), reason="needs soffice and /usr/bin/python3 with uno"),
]

PERIOD = "2026-H1"
PASSWORD = "pw"
INSTITUTION = "POL"  # activities in four areas, indicators and six statistics tables
PANEL_KINDS = ("area", "indicators", "statistics", "recommendations", "civil_society",
               "narrative", "signoff")
EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass
class Panel:
    """The completeness panel of a Cover sheet as Calc computed it."""

    rows: dict[str, tuple]  # sheet name -> (required, filled, missing, state)
    summary: str


def ref(layout: WorkbookLayout, sheet: str, row_key: str, key: str) -> str:
    """The cell of one field, e.g. ``G5``."""
    return next(f.ref for f in layout.sheet(sheet).fields
                if f.row_key == row_key and f.key == key)


def read_panel(doc: lo.Doc, layout: WorkbookLayout) -> Panel:
    cover = layout.sheet("cover")
    rows = {}
    for name in cover.extra["panel"]:
        cells = [ref(layout, cover.name, f"panel:{name}", key)
                 for key in ("required", "filled", "missing", "state")]
        assert doc.value(cover.name, "A" + cells[0][1:]) == name
        rows[name] = tuple(doc.value(cover.name, cell) for cell in cells)
    return Panel(rows, doc.value(cover.name, ref(layout, cover.name, "panel:summary",
                                                 "summary")))


def required_when_empty(sheet) -> int:
    """Required inputs of an untouched sheet, counted from its layout."""
    if sheet.kind == "area":  # one status per activity row
        return sum(1 for f in sheet.fields if f.key == "status")
    if sheet.kind == "indicators":  # one actual per indicator's total row
        return sum(1 for f in sheet.fields if f.key == "breakdown" and f.value == "Total")
    if sheet.kind == "statistics":  # a source and a definition note per table
        return 2 * len(sheet.extra["blocks"])
    if sheet.kind == "recommendations":  # one status per recommendation row
        return sum(1 for f in sheet.fields if f.key == "status")
    return {"narrative": 2, "signoff": 4, "civil_society": 1}[sheet.kind]


def serial(day: dt.date) -> float:
    """The number Calc holds for a date."""
    return float((day - EXCEL_EPOCH).days)


@pytest.fixture(scope="module")
def layouts(sample_plan, period) -> dict[str, WorkbookLayout]:
    return {code: build_layout(sample_plan, period, a)
            for code, a in assignments(sample_plan, period).items()}


@pytest.fixture(scope="module")
def generated(sample_plan, period, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("generated")
    return {g.institution: g.path
            for g in generate(sample_plan, period, out, password=PASSWORD)}


@pytest.fixture(scope="module")
def opened_all(calc, generated, layouts) -> dict[str, tuple[list[str], Panel]]:
    """Every workbook opened once: its load problems and its recalculated panel."""
    seen = {}
    for code, path in generated.items():
        with calc.open(path, visible=False) as doc:
            doc.recalc()
            seen[code] = (doc.load_problems, read_panel(doc, layouts[code]))
    return seen


def _copy(path: Path, tmp_path_factory, name: str) -> Path:
    return Path(shutil.copy(path, tmp_path_factory.mktemp(name) / path.name))


@pytest.fixture
def fresh(calc, generated, tmp_path):
    """POL's workbook, untouched, open for typing; changes are discarded."""
    path = Path(shutil.copy(generated[INSTITUTION], tmp_path / "fresh.xlsx"))
    with calc.open(path) as doc:
        yield doc


@dataclass
class Filled:
    doc: lo.Doc
    layout: WorkbookLayout
    entries: dict[tuple[str, str], str]  # (sheet, cell) -> text entered
    accepted: dict[tuple[str, str], bool]
    panel: Panel


@pytest.fixture(scope="module")
def filled(calc, generated, layouts, sample_plan, tmp_path_factory) -> Filled:
    """POL's workbook partly filled by key presses, then recalculated."""
    layout = layouts[INSTITUTION]
    path = _copy(generated[INSTITUTION], tmp_path_factory, "filled")
    a, c = layout.sheet("A Prevention"), layout.sheet("C Prosecution")
    delayed, completed = a.row_keys[a.first_row], a.row_keys[a.first_row + 1]
    abandoned = c.row_keys[c.first_row]
    indicator = red_indicator(layout, sample_plan)
    stats = layout.sheet("statistics")
    first_table = stats.extra["blocks"][0][0]["table"]
    entries = {
        ("A Prevention", ref(layout, "A Prevention", delayed, "corrective_action")):
            "Second call centre shift from September",
        ("A Prevention", ref(layout, "A Prevention", delayed, "new_deadline")): "2026-09-30",
        ("A Prevention", ref(layout, "A Prevention", completed, "status")): "Completed",
        ("A Prevention", ref(layout, "A Prevention", completed, "percent")): "100",
        ("A Prevention", ref(layout, "A Prevention", completed, "done")):
            "Inspected 41 recruitment agencies with the labour inspectorate",
        ("C Prosecution", ref(layout, "C Prosecution", abandoned, "status")): "Not implemented",
        ("C Prosecution", ref(layout, "C Prosecution", abandoned, "problems")):
            "No budget for special investigative techniques",
        ("Indicators", ref(layout, "Indicators", indicator.code, "actual")):
            str(indicator.actual),
        ("Statistics", ref(layout, "Statistics", f"{first_table}:source",
                           f"{first_table}:source")): "Police case register",
        ("Narrative", ref(layout, "Narrative", "achievements", "achievements")):
            "Two joint operations with the labour inspectorate",
        ("Sign-off", ref(layout, "Sign-off", "confirm", "confirm")): "Yes",
        ("Sign-off", ref(layout, "Sign-off", "name", "name")): "Ana Petrovic",
        ("Sign-off", ref(layout, "Sign-off", "position", "position")): "Head of Unit",
        ("Sign-off", ref(layout, "Sign-off", "date", "date")): "2026-07-10",
        ("Recommendations", ref(layout, "Recommendations", "NREM-2025-03", "status")):
            "Implemented",
    }
    status = ("A Prevention", ref(layout, "A Prevention", delayed, "status"))
    doc = calc.open(path)
    entries = {status: "Ongoing (delayed)", **entries}
    accepted = {}
    for (sheet, cell), text in entries.items():
        accepted[(sheet, cell)] = doc.type(sheet, cell, text)
    doc.recalc()
    yield Filled(doc, layout, entries, accepted, read_panel(doc, layout))
    doc.close()


@dataclass
class RedIndicator:
    code: str
    row: int
    actual: int


def red_indicator(layout: WorkbookLayout, plan) -> RedIndicator:
    """A numeric higher-is-better indicator and an actual well below the amber threshold."""
    sheet = layout.sheet("indicators")
    for f in sheet.fields:
        if f.key != "period_target" or not isinstance(f.value, (int, float)) or f.value < 10:
            continue
        ind = next(i for i in plan.indicators if i.code == f.row_key)
        if ind.unit == "number" and ind.polarity == "higher-is-better":
            actual = int(f.value * 0.4)
            assert actual / f.value * 100 < plan.meta.amber_threshold
            return RedIndicator(ind.code, f.row, actual)
    raise AssertionError("no numeric higher-is-better indicator with a target")


# -- every workbook, untouched -----------------------------------------------------------


def test_every_generated_workbook__opens_in_calc_without_load_problems(opened_all, layouts):
    assert set(opened_all) == set(layouts)
    assert {code: problems for code, (problems, _panel) in opened_all.items()
            if problems} == {}


def test_empty_workbooks__panel_counts_every_required_input_as_missing(opened_all, layouts):
    for code, (_problems, panel) in opened_all.items():
        layout = layouts[code]
        sheets = [s for s in layout.sheets if s.kind in PANEL_KINDS]
        assert list(panel.rows) == [s.name for s in sheets], code
        for sheet in sheets:
            n = required_when_empty(sheet)
            assert n > 0, (code, sheet.name)
            assert panel.rows[sheet.name] == (n, 0, n, "Incomplete"), (code, sheet.name)
        assert panel.summary == "Still incomplete:" + "".join(
            f" {s.name};" for s in sheets), code


# -- one workbook, partly filled ---------------------------------------------------------


def test_partly_filled__every_entry_is_accepted(filled):
    assert filled.accepted == {key: True for key in filled.entries}
    for (sheet, cell), text in filled.entries.items():
        value = filled.doc.value(sheet, cell)
        if text[:1].isdigit():
            assert isinstance(value, float), (sheet, cell, value)
        else:
            assert value == text, (sheet, cell)


def test_partly_filled__panel_counts_follow_the_completeness_rules(filled):
    layout, panel = filled.layout, filled.panel
    rows = {s.name: required_when_empty(s) for s in layout.sheets if s.kind in PANEL_KINDS}
    expected = {name: (n, 0) for name, n in rows.items()}
    # Area: every row needs a status; a status other than "Not started" also needs
    # "what was done"; a delayed or not implemented one also needs the reason.
    # A Prevention: delayed (no "done", no reason) and completed (with "done").
    expected["A Prevention"] = (rows["A Prevention"] + 2 + 1, 2 + 1 + 0)
    # C Prosecution: not implemented, reason given, "done" missing.
    expected["C Prosecution"] = (rows["C Prosecution"] + 1 + 1, 1 + 0 + 1)
    # Indicators: the actual typed is rated red, which makes a comment required.
    expected["Indicators"] = (rows["Indicators"] + 1, 1)
    expected["Statistics"] = (rows["Statistics"], 1)
    expected["Narrative"] = (2, 1)
    expected["Sign-off"] = (4, 4)
    # Recommendations: implemented, so the action taken and the evidence are required too.
    expected["Recommendations"] = (1 + 1 + 1, 1)
    got = {name: (req, fil) for name, (req, fil, _m, _s) in panel.rows.items()}
    assert got == expected
    for name, (req, fil, missing, state) in panel.rows.items():
        assert missing == req - fil, name
        assert state == ("Complete" if missing == 0 else "Incomplete"), name
    assert panel.summary == "Still incomplete:" + "".join(
        f" {name};" for name, (_r, _f, missing, _s) in panel.rows.items() if missing)
    assert "Sign-off" not in panel.summary


def test_partly_filled__check_column_names_the_first_gap_of_each_row(filled):
    layout, doc = filled.layout, filled.doc
    a, c = layout.sheet("A Prevention"), layout.sheet("C Prosecution")
    delayed, completed = a.row_keys[a.first_row], a.row_keys[a.first_row + 1]
    untouched = a.row_keys[a.first_row + 2]
    check = lambda s, key: doc.value(s, ref(layout, s, key, "check"))  # noqa: E731
    assert check("A Prevention", delayed) == "Delayed: give the reason"
    assert check("Recommendations", "NREM-2025-03") == "Say what was done"
    assert check("A Prevention", completed) == ""
    assert check("A Prevention", untouched) == ""
    assert check("C Prosecution", c.row_keys[c.first_row]) == "Describe what was done"


def test_partly_filled__indicator_below_amber_is_rated_red(filled, sample_plan):
    indicator = red_indicator(filled.layout, sample_plan)
    rating = ref(filled.layout, "Indicators", indicator.code, "rating")
    achievement = ref(filled.layout, "Indicators", indicator.code, "achievement")
    assert filled.doc.value("Indicators", rating) == "Red"
    target = filled.doc.value("Indicators", ref(filled.layout, "Indicators", indicator.code,
                                                "period_target"))
    assert filled.doc.value("Indicators", achievement) == pytest.approx(
        indicator.actual / target)


# -- what typing may and may not change --------------------------------------------------


def test_typing_into_locked_cells__is_refused_and_leaves_them_unchanged(fresh, layouts):
    layout = layouts[INSTITUTION]
    a = layout.sheet("A Prevention")
    ind = layout.sheet("indicators")
    description = ref(layout, a.name, a.row_keys[a.first_row], "description")
    target = ref(layout, ind.name, ind.row_keys[ind.first_row], "period_target")
    for sheet, cell in ((a.name, description), (ind.name, target)):
        assert fresh.is_locked(sheet, cell) and fresh.is_protected(sheet)
        before = fresh.value(sheet, cell)
        assert before not in (None, "")
        assert not fresh.type(sheet, cell, "42")
        assert fresh.value(sheet, cell) == before


def test_typing_valid_values_into_inputs__stores_them_with_their_type(fresh, layouts):
    layout = layouts[INSTITUTION]
    a = layout.sheet("A Prevention")
    row = a.row_keys[a.first_row]
    stats = layout.sheet("statistics")
    count = next(f for f in stats.inputs() if f.type == "count")
    cases = [
        (a.name, ref(layout, a.name, row, "percent"), "55.5", 55.5),
        (a.name, ref(layout, a.name, row, "spent"), "12500", 12500.0),
        (a.name, ref(layout, a.name, row, "new_deadline"), "2026-03-04",
         serial(dt.date(2026, 3, 4))),
        (a.name, ref(layout, a.name, row, "status"), "Completed", "Completed"),
        (stats.name, count.ref, "12", 12.0),
        ("Sign-off", ref(layout, "Sign-off", "confirm", "confirm"), "No", "No"),
    ]
    for sheet, cell, text, value in cases:
        assert not fresh.is_locked(sheet, cell), (sheet, cell)
        assert fresh.type(sheet, cell, text), (sheet, cell, text)
        assert fresh.value(sheet, cell) == value, (sheet, cell, text)


def test_typing_invalid_values_into_inputs__is_refused(fresh, layouts, sample_plan):
    layout = layouts[INSTITUTION]
    a = layout.sheet("A Prevention")
    row = a.row_keys[a.first_row]
    stats = layout.sheet("statistics")
    count = next(f for f in stats.inputs() if f.type == "count")
    after_plan = sample_plan.meta.end + dt.timedelta(days=1)
    cases = [
        (a.name, ref(layout, a.name, row, "percent"), "150"),
        (a.name, ref(layout, a.name, row, "spent"), "-5"),
        (stats.name, count.ref, "many"),
        (stats.name, count.ref, "2.5"),
        (a.name, ref(layout, a.name, row, "status"), "Finished"),
        (a.name, ref(layout, a.name, row, "new_deadline"), after_plan.isoformat()),
        ("Sign-off", ref(layout, "Sign-off", "date", "date"), "2025-12-31"),
        ("Sign-off", ref(layout, "Sign-off", "confirm", "confirm"), "Maybe"),
    ]
    for sheet, cell, text in cases:
        assert not fresh.type(sheet, cell, text), (sheet, cell, text)
        assert fresh.value(sheet, cell) is None, (sheet, cell, text)


def test_delayed_status__can_be_typed_because_its_label_has_no_spaced_hyphen(
        fresh, layouts):
    layout = layouts[INSTITUTION]
    a = layout.sheet("A Prevention")
    row = a.row_keys[a.first_row]
    status, done = ref(layout, a.name, row, "status"), ref(layout, a.name, row, "done")
    # LibreOffice: AutoCorrect turns a typed " - " into an en dash, so a list value holding
    # " - " could not be typed (the stop alert refuses the changed text). The status labels
    # therefore use parentheses, and the dash replacement is shown in a free-text cell.
    assert not fresh.type(a.name, status, "Ongoing - delayed")
    assert fresh.type(a.name, done, "Ongoing - delayed")
    assert fresh.value(a.name, done) == "Ongoing \u2013 delayed"
    assert fresh.type(a.name, status, "Ongoing (delayed)")
    assert fresh.value(a.name, status) == "Ongoing (delayed)"


def test_status_in_lower_case__is_accepted_as_typed_and_counted_by_the_panel(fresh, layouts):
    layout = layouts[INSTITUTION]
    a = layout.sheet("A Prevention")
    status = ref(layout, a.name, a.row_keys[a.first_row], "status")
    # LibreOffice: the list validation compares without regard to case, and keeps
    # the text as typed, so a return can hold "completed" for "Completed".
    assert fresh.type(a.name, status, "completed")
    assert fresh.value(a.name, status) == "completed"
    fresh.recalc()
    rows = required_when_empty(a)
    # Formula comparisons ignore case too: the row counts as started, so it now
    # also needs "what was done".
    assert read_panel(fresh, layout).rows[a.name] == (rows + 1, 1, rows, "Incomplete")


def test_pasted_unlisted_status__bypasses_validation_and_is_counted_as_filled(fresh, layouts):
    layout = layouts[INSTITUTION]
    a = layout.sheet("A Prevention")
    status = ref(layout, a.name, a.row_keys[a.first_row], "status")
    assert not fresh.type(a.name, status, "Finished")
    # LibreOffice: a paste skips data validation, as in Excel.
    assert fresh.paste(a.name, status, "Finished")
    assert fresh.value(a.name, status) == "Finished"
    fresh.recalc()
    rows = required_when_empty(a)
    assert read_panel(fresh, layout).rows[a.name] == (rows + 1, 1, rows, "Incomplete")


# -- saved by Calc -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def saved(filled, tmp_path_factory) -> Path:
    return filled.doc.save_as(tmp_path_factory.mktemp("returned") / "POL-calc.xlsx")


def test_saved_by_calc__typed_values_are_in_their_cells_with_their_types(filled, saved):
    wb = load_workbook(saved)
    got = {key: wb[key[0]][key[1]].value for key in filled.entries}
    expected = {}
    for key, text in filled.entries.items():
        try:
            expected[key] = dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
        except ValueError:
            expected[key] = int(text) if text.isdigit() else text
    assert got == expected


def test_saved_by_calc__keeps_every_sheet_protected_and_inputs_unlocked(filled, saved):
    wb = load_workbook(saved)
    assert [ws.title for ws in wb.worksheets] == [s.name for s in filled.layout.sheets] + [
        "NAPStamp"]
    assert all(ws.protection.sheet for ws in wb.worksheets)
    for sheet in filled.layout.sheets:
        ws = wb[sheet.name]
        for f in sheet.fields:
            assert ws[f.ref].protection.locked is (f.kind != INPUT), (sheet.name, f.ref)


def test_saved_by_calc__caches_the_panel_calc_showed(filled, saved):
    wb = load_workbook(saved, data_only=True)
    layout, cover = filled.layout, filled.layout.sheet("cover")
    ws = wb[cover.name]
    for name, values in filled.panel.rows.items():
        cells = [ref(layout, cover.name, f"panel:{name}", key)
                 for key in ("required", "filled", "missing", "state")]
        assert [ws[cell].value for cell in cells] == list(values), name
    assert ws[ref(layout, cover.name, "panel:summary", "summary")].value == \
        filled.panel.summary


def test_saved_by_calc__stamp_survives_but_is_only_hidden_and_structure_unlocked(
        filled, saved):
    wb = load_workbook(saved)
    stamp = wb["NAPStamp"]
    values = {k: v for k, v in stamp.iter_rows(values_only=True)}
    assert values["institution"] == INSTITUTION
    assert values["layout_fingerprint"] == filled.layout.fingerprint
    custom = {p.name: p.value for p in wb.custom_doc_props.props}
    assert custom["nap_layout_fingerprint"] == filled.layout.fingerprint
    # LibreOffice: Calc has no "very hidden" state; it writes the stamp sheet back
    # as plain "hidden", which any user can unhide.
    assert stamp.sheet_state == "hidden"
    # LibreOffice: Calc writes an empty <workbookProtection/>, dropping the structure
    # lock (and its password) that kept sheets from being unhidden or renamed.
    assert not (wb.security is not None and wb.security.lockStructure)
