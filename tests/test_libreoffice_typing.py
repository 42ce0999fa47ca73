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
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.returns import rewrite_zip
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
    institution: str
    result: object = None
    cells: dict = field(default_factory=dict)
    """(sheet kind or name, row key, field key) -> (sheet, cell) where it was typed."""
    inserted: dict = field(default_factory=dict)
    """Sheet name -> the row inserted into it."""
    others: dict = field(default_factory=dict)
    """Institution -> the other returns consolidated with this one."""

    def findings(self) -> list:
        """The findings about this institution's return (other returns may be consolidated
        with it)."""
        return [f for r in self.result.results if r.institution == self.institution
                for f in r.findings]

    def findings_at(self, sheet: str, cell: str) -> list:
        return [f for f in self.findings() if f.sheet == sheet and f.cell == cell]


def _field(layout: WorkbookLayout, sheet: str, row_key: str, key: str):
    return next(f for f in layout.sheet(sheet).fields if f.row_key == row_key and f.key == key)


def _plan_and_period(name: str, code: str):
    plan = load(SAMPLES[name].json_path)
    m = plan.meta
    return plan, parse_period(code, m.frequency, m.start, m.end)


def _blank_return(plan, period, institution: str, base: Path) -> tuple[Path, Typed]:
    """A generated workbook and the Typed record of its return."""
    layout = build_layout(plan, period, assignments(plan, period)[institution],
                          default_deadline(plan, period))
    made = generate(plan, period, base / "generated", [institution], password=PASSWORD)[0].path
    return made, Typed(layout, base / "returned" / made.name, institution)


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


def _run(plan, period, typed: Typed, base: Path, *others: Typed):
    """Consolidate the return with the others given; every Typed gets the result."""
    result = aggregate(plan, period, [t.saved for t in (typed, *others)], base / "out", jobs=1)
    for one in (typed, *others):
        one.result = result
    return typed


def _partner(calc, plan, period, institution: str, base: Path, entries, shown: str) -> Typed:
    """Another institution's return of the same plan and period, typed into and saved."""
    made, typed = _blank_return(plan, period, institution, base)
    skip = {e[1] for e in entries if e[2] == "status"}
    with calc.open(made) as doc:
        _type_all(doc, typed.layout, typed, _statuses(typed.layout, shown, skip) + entries, {})
        doc.save_as(typed.saved)
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
    ("C Prosecution", "C1.2.3", "percent", "100"),  # 100 % and still "Ongoing (on track)"
    ("C Prosecution", "C2.2.2", "status", "Completed"),  # its lead, MOI, says "Not started"
    ("C Prosecution", "C2.2.2", "percent", "100"),
    ("C Prosecution", "C2.2.2", "done", "Data sharing agreement signed"),
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
    plan, period = _plan_and_period("valdoria", V_PERIOD)
    made, typed = _blank_return(plan, period, V_INST, base)
    typed.inserted, layout = dict(V_INSERTED), typed.layout
    skip = {"A2.1.3", "A2.1.6", "C2.2.2"}
    with calc.open(made) as doc:
        for sheet, row in V_INSERTED.items():
            assert doc.unprotect(sheet, PASSWORD) and doc.insert_row(sheet, row)
            assert doc.type(sheet, f"B{row}", "Inserted by hand")
        _type_all(doc, layout, typed, _statuses(layout, "Ongoing (on track)", skip) +
                  V_ENTRIES, V_INSERTED)
        doc.save_as(typed.saved)
    typed.others["MOI"] = _partner(calc, plan, period, "MOI", base, [
        ("C Prosecution", "C2.2.2", "status", "Not started")], "Ongoing (on track)")
    return _run(plan, period, typed, base, *typed.others.values())


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
    found = [f for f in valdoria.findings()
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
    found = [f for f in valdoria.findings()
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
    plan, period = _plan_and_period("merande", M_PERIOD)
    made, typed = _blank_return(plan, period, M_INST, base)
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
    typed.others["DGT"] = _partner(calc, plan, period, "DGT", base, [
        ("Prévention", "PREV-2.1.1", "percent", "100"),
        ("Prévention", "PREV-2.1.2", "status", "En cours (dans les délais)")],
        "En cours (dans les délais)")
    return _run(plan, period, typed, base, *typed.others.values())


def test_french_list_value_with_an_en_dash__is_accepted(merande):
    sheet, code = merande.cells["first"]
    got = _row(merande.result.tables.activities, activity=code, institution=M_INST)
    assert got["spent_source"] == EN_DASH_SOURCE
    assert got["percent"] == 45
    codes = Counter(f.code for f in merande.findings() if f.sheet == sheet)
    assert codes["CELL_006"] == 0 and codes["CELL_004"] == 0


def test_lead_and_partner_reporting_contradictory_statuses__are_each_told_at_their_status(
        valdoria):
    lead = valdoria.others["MOI"]
    mine = valdoria.findings_at(*valdoria.cells[("C Prosecution", "C2.2.2", "status")])
    theirs = lead.findings_at(*lead.cells[("C Prosecution", "C2.2.2", "status")])
    assert [f.code for f in mine] == [f.code for f in theirs] == ["CONS_019"]
    assert '"Completed"' in mine[0].message and '"Not started"' in mine[0].message
    assert "MOI (lead)" in mine[0].message and "POL (partner)" in theirs[0].message
    # Statuses that can both be true (one ongoing, one not started) give no finding.
    assert sorted((f.file, f.cell) for f in valdoria.result.findings if f.code == "CONS_019") \
        == sorted((f.file, f.cell) for f in mine + theirs)


def test_100_percent_complete_but_not_completed__is_flagged_at_the_percentage(valdoria):
    sheet, cell = valdoria.cells[("C Prosecution", "C1.2.3", "percent")]
    assert [f.code for f in valdoria.findings_at(sheet, cell)] == ["CONS_018"]
    assert '"Ongoing (on track)"' in valdoria.findings_at(sheet, cell)[0].message
    assert [f.cell for f in valdoria.findings() if f.code == "CONS_018"] == [cell]


def test_activities_past_their_deadline__are_flagged_for_their_lead_only(valdoria, merande):
    dgt = merande.others["DGT"]
    plan = load(SAMPLES["merande"].json_path)
    period_end = parse_period(M_PERIOD, plan.meta.frequency, plan.meta.start,
                              plan.meta.end).end
    due = {a.code for a in plan.activities if a.lead == "DGT" and a.deadline != "continuous"
           and a.deadline <= period_end}
    assert due == {"PREV-2.1.2"}
    status = dgt.cells[("Prévention", "PREV-2.1.2", "status")]
    found = [f for f in dgt.findings() if f.code == "CONS_017"]
    assert [(f.sheet, f.cell) for f in found] == [status]
    assert "30/06/2026" in found[0].message_in("fr") or "2026-06-30" in found[0].message_in("fr")
    # POL is only a partner of B1.1.2, due 2026-06-30 and reported ongoing: not POL's to close.
    assert [f for f in valdoria.findings() if f.code == "CONS_017"] == []


def test_french_100_percent_not_completed__is_told_in_french(merande):
    dgt = merande.others["DGT"]
    found = dgt.findings_at(*dgt.cells[("Prévention", "PREV-2.1.1", "percent")])
    assert [f.code for f in found] == ["CONS_018"]
    assert "100 %" in found[0].message_in("fr") and "En cours" in found[0].message_in("fr")


# -- a return saved as "Strict Open XML Spreadsheet" ----------------------------------------

STRICT_NAMESPACES = [
    (b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
     b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     b"http://purl.oclc.org/ooxml/officeDocument/relationships"),
    (b"http://schemas.openxmlformats.org/drawingml/2006/main",
     b"http://purl.oclc.org/ooxml/drawingml/main"),
]
"""What Excel's "Strict Open XML Spreadsheet" changes in the parts of a workbook: the
spreadsheet, relationship and drawing namespaces (the package's own stay). LibreOffice 7.4
cannot save Strict, so the copy Calc saved is rewritten the way Excel writes it."""


def _as_strict(source: Path, target: Path) -> Path:
    def change(name, data):
        if name is None or not name.endswith((".xml", ".rels")):
            return data
        for transitional, strict in STRICT_NAMESPACES:
            data = data.replace(transitional, strict)
        if name == "xl/workbook.xml":
            data = data.replace(b"<workbook ", b'<workbook conformance="strict" ', 1)
        return data

    return rewrite_zip(source, target, change)


def _without_file(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "file_sha256"} for r in rows
            if r["institution"] == V_INST]


def test_return_saved_as_strict_open_xml__is_read_like_the_transitional_one(valdoria,
                                                                             tmp_path):
    strict = _as_strict(valdoria.saved, tmp_path / valdoria.saved.name)
    assert b"purl.oclc.org" in zipfile.ZipFile(strict).read("xl/workbook.xml")
    plan, period = _plan_and_period("valdoria", V_PERIOD)
    read = aggregate(plan, period, [strict, valdoria.others["MOI"].saved], tmp_path / "out",
                     jobs=1)
    for table in ("activities", "indicators", "statistics", "narrative"):
        assert _without_file(getattr(read.tables, table)) == \
            _without_file(getattr(valdoria.result.tables, table)), table
    mine = next(r for r in read.results if r.institution == V_INST)
    assert sorted((f.code, f.sheet, f.cell) for f in mine.findings) == \
        sorted((f.code, f.sheet, f.cell) for f in valdoria.findings())
