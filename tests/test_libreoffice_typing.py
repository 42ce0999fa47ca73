"""Returns typed as people type them, in a real LibreOffice Calc, then consolidated.

Each test reproduces one way a person fills a return that once went wrong: "60%" in a
whole-percent column, a row inserted in an unprotected sheet, a formula pasted into a text
column, a value pasted outside the drop-down, a list value with an en dash, a blank or
unreadable status. The English sample (Valdoria, 2026-H1) and the French one (Mérande,
2026-Q2) are both typed into; every expectation below is what the person meant, worked out
here from what was typed, not from what the toolkit makes of it.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support import libreoffice as lo
from toolkit.aggregate.run import aggregate
from toolkit.commands.samples import SAMPLES
from toolkit.generate.workbooks import generate
from toolkit.plan.jsonio import load
from toolkit.reporting.layout import WorkbookLayout, build_layout, default_deadline
from toolkit.reporting.periods import parse_period
from toolkit.reporting.scope import assignments

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not lo.available(), reason="needs soffice and /usr/bin/python3 with uno"),
]

PASSWORD = "pw"


@dataclass
class Typed:
    """One institution's return typed into Calc, and the consolidation of it."""

    layout: WorkbookLayout
    saved: Path
    result: object = None
    cells: dict = field(default_factory=dict)
    """(sheet kind or name, row key, field key) -> (sheet, cell) where it was typed."""
    inserted: dict = field(default_factory=dict)
    """Sheet name -> the row inserted into it."""

    def findings_at(self, sheet: str, cell: str) -> list:
        return [f for f in self.result.findings if f.sheet == sheet and f.cell == cell]


def _field(layout: WorkbookLayout, sheet: str, row_key: str, key: str):
    return next(f for f in layout.sheet(sheet).fields if f.row_key == row_key and f.key == key)


def _plan_and_period(name: str, code: str):
    plan = load(SAMPLES[name].json_path)
    m = plan.meta
    return plan, parse_period(code, m.frequency, m.start, m.end)


def _blank_return(sample: str, period_code: str, institution: str, base: Path):
    """The plan, period, a generated workbook and the Typed record of its return."""
    plan, period = _plan_and_period(sample, period_code)
    layout = build_layout(plan, period, assignments(plan, period)[institution],
                          default_deadline(plan, period))
    made = generate(plan, period, base / "generated", [institution], password=PASSWORD)[0].path
    return plan, period, made, Typed(layout, base / "returned" / made.name)


def _type_all(doc, layout, typed: Typed, entries, shift: dict[str, int]) -> None:
    """Type (or paste, for "paste:") every entry; rows at or below an inserted row are one
    lower."""
    for sheet, row_key, key, text in entries:
        f = _field(layout, sheet, row_key, key)
        row = f.row + (1 if sheet in shift and f.row >= shift[sheet] else 0)
        ref = f"{f.ref.rstrip('0123456789')}{row}"
        if text.startswith("paste:"):
            assert doc.paste(f.sheet, ref, text[6:]), (sheet, row_key, key, text)
        else:
            assert doc.type(f.sheet, ref, text), (sheet, row_key, key, text)
        typed.cells[(sheet, row_key, key)] = (f.sheet, ref)


def _statuses(layout, shown: str, skip: set[str]):
    return [(s.name, key, "status", shown) for s in layout.sheets if s.kind == "area"
            for key in s.row_keys.values() if key not in skip]


def _run(plan, period, typed: Typed, base: Path):
    out = base / "out"
    typed.result = aggregate(plan, period, [typed.saved], out, jobs=1)
    return typed


# -- Valdoria, English, 2026-H1, the police's return ---------------------------------------

V_PERIOD = "2026-H1"
V_INST = "POL"
V_ENTRIES = [
    ("A Prevention", "A1.1.2", "percent", "60%"),
    ("A Prevention", "A1.1.2", "done", "Hotline staffed"),
    ("A Prevention", "A2.1.2", "percent", "60"),
    ("A Prevention", "A2.1.2", "done", "Inspections planned"),
    ("A Prevention", "A2.1.3", "percent", "20"),  # its status is left blank
    ("A Prevention", "A2.1.3", "done", "Talks with the ministry"),
    ("A Prevention", "A2.1.6", "status", "paste:Finished"),  # not a value of the list
    ("A Prevention", "A2.1.6", "done", "Recruitment agencies listed"),
    ("C Prosecution", "C1.2.2", "done", "paste:=1+1"),  # a formula where text belongs
    ("B Protection", "B1.2.3", "done", "Shelter rules drafted"),
    ("Sign-off", "confirm", "confirm", "paste:maybe"),
    ("Statistics", "V1:0-11", "V1:female", "3"),
    ("Statistics", "V1:18+", "V1:female", "7"),
    ("Statistics", "V1:unknown", "V1:male", "2"),
    ("Statistics", "J1:suspected", "J1:persons", "4"),
]
V_INSERTED = {"B Protection": 7, "Statistics": 9}
"""Rows inserted above B1.2.3 and above V1 "18+"; "Inserted by hand" is typed into each."""


@pytest.fixture(scope="module")
def valdoria(calc, tmp_path_factory) -> Typed:
    base = tmp_path_factory.mktemp("typing-valdoria")
    plan, period, made, typed = _blank_return("valdoria", V_PERIOD, V_INST, base)
    typed.inserted, layout = dict(V_INSERTED), typed.layout
    skip = {"A2.1.3", "A2.1.6"}
    with calc.open(made) as doc:
        for sheet, row in V_INSERTED.items():
            assert doc.unprotect(sheet, PASSWORD) and doc.insert_row(sheet, row)
            assert doc.type(sheet, f"B{row}", "Inserted by hand")
        _type_all(doc, layout, typed, _statuses(layout, "Ongoing (on track)", skip) +
                  V_ENTRIES, V_INSERTED)
        doc.save_as(typed.saved)
    return _run(plan, period, typed, base)


def _row(rows, **match) -> dict:
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, len(found))
    return found[0]


def test_percent_typed_with_a_sign__means_the_same_as_the_number(valdoria):
    rows = valdoria.result.tables.activities
    with_sign = _row(rows, activity="A1.1.2", institution=V_INST)
    plain = _row(rows, activity="A2.1.2", institution=V_INST)
    assert (with_sign["percent"], plain["percent"]) == (60, 60)
    sheet, cell = valdoria.cells[("A Prevention", "A1.1.2", "percent")]
    assert valdoria.findings_at(sheet, cell) == []


def test_statistics_row_inserted__is_one_finding_at_that_row_and_no_value_is_lost(valdoria):
    row = valdoria.inserted["Statistics"]
    found = [f for f in valdoria.result.findings
             if f.sheet == "Statistics" and f.code.startswith("ST_")]
    assert [(f.code, f.cell) for f in found] == [("ST_009", ""), ("ST_004", f"A{row}")]
    stats = valdoria.result.tables.statistics
    for (sheet, row_key, key), (_sheet, cell) in valdoria.cells.items():
        if sheet != "Statistics":
            continue
        table, _, line = row_key.partition(":")
        got = _row(stats, institution=V_INST, table=table, row=line,
                   column=key.partition(":")[2])
        typed = next(e[3] for e in V_ENTRIES if e[:3] == (sheet, row_key, key))
        assert (got["value"], got["cell"]) == (int(typed), cell)


def test_area_row_inserted__is_one_finding_at_that_row_and_no_reordering(valdoria):
    row = valdoria.inserted["B Protection"]
    found = [f for f in valdoria.result.findings
             if f.sheet == "B Protection" and f.code.startswith("ST_")]
    assert [(f.code, f.cell) for f in found] == [("ST_009", ""), ("ST_004", f"A{row}")]
    got = _row(valdoria.result.tables.activities, activity="B1.2.3", institution=V_INST)
    assert (got["done"], got["cell"]) == ("Shelter rules drafted",
                                          valdoria.cells[("B Protection", "B1.2.3",
                                                          "status")][1])


def test_formula_in_what_was_done__is_one_finding_that_shows_the_formula(valdoria):
    sheet, cell = valdoria.cells[("C Prosecution", "C1.2.2", "done")]
    found = valdoria.findings_at(sheet, cell)
    assert [f.code for f in found] == ["CELL_009"]
    assert "=1+1" in found[0].message and "(a formula)" not in found[0].message


def test_value_off_the_list__names_the_drop_down_values_as_shown(valdoria):
    sheet, cell = valdoria.cells[("A Prevention", "A2.1.6", "status")]
    status = valdoria.findings_at(sheet, cell)
    assert [f.code for f in status] == ["CELL_006"]
    for shown in ("Ongoing (on track)", "Ongoing (delayed)", "Not started", "Completed"):
        assert shown in status[0].message
    assert "Ongoing - on track" not in status[0].message
    sheet, cell = valdoria.cells[("Sign-off", "confirm", "confirm")]
    confirm = valdoria.findings_at(sheet, cell)
    assert [f.code for f in confirm] == ["CELL_006"]
    assert "Yes, No" in confirm[0].message


def test_blank_and_unreadable_statuses__keep_their_sheet_and_cell_in_every_export(valdoria):
    rows = valdoria.result.tables.activities
    exported = {(r["activity"], r["institution"]): r for r in
                csv.DictReader(open(valdoria.result.out_dir / "exports" / "activities.csv",
                                    encoding="utf-8-sig"))}
    for code in ("A2.1.3", "A2.1.6"):
        sheet, cell = valdoria.cells.get(("A Prevention", code, "status")) or \
            ("A Prevention", f"G{_field(valdoria.layout, 'A Prevention', code, 'status').row}")
        assert _row(rows, activity=code, institution=V_INST)["status"] is None
        assert (_row(rows, activity=code, institution=V_INST)["sheet"],
                _row(rows, activity=code, institution=V_INST)["cell"]) == (sheet, cell)
        assert (exported[(code, V_INST)]["sheet"], exported[(code, V_INST)]["cell"]) == \
            (sheet, cell)


# -- Mérande, French, 2026-Q2, the anti-trafficking secretariat's return --------------------

M_PERIOD = "2026-Q2"
M_INST = "SP-CNLTP"
EN_DASH_SOURCE = "Bailleur – Union européenne"


@pytest.fixture(scope="module")
def merande(calc, tmp_path_factory) -> Typed:
    base = tmp_path_factory.mktemp("typing-merande")
    plan, period, made, typed = _blank_return("merande", M_PERIOD, M_INST, base)
    layout = typed.layout
    first = next(s for s in layout.sheets if s.kind == "area")
    code = first.row_keys[min(first.row_keys)]
    entries = [(first.name, code, "percent", "45%"), (first.name, code, "spent", "1000"),
               (first.name, code, "spent_source", EN_DASH_SOURCE),
               (first.name, code, "done", "Campagne radio diffusée")]
    with calc.open(made) as doc:
        _type_all(doc, layout, typed, _statuses(layout, "En cours (dans les délais)", set()) +
                  entries, {})
        doc.save_as(typed.saved)
    typed.cells["first"] = (first.name, code)
    return _run(plan, period, typed, base)


def test_french_list_value_with_an_en_dash__is_accepted(merande):
    sheet, code = merande.cells["first"]
    got = _row(merande.result.tables.activities, activity=code, institution=M_INST)
    assert got["spent_source"] == EN_DASH_SOURCE
    assert got["percent"] == 45
    codes = Counter(f.code for f in merande.result.findings if f.sheet == sheet)
    assert codes["CELL_006"] == 0 and codes["CELL_004"] == 0
