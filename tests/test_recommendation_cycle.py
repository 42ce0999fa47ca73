"""One recommendation's whole cycle: in the plan workbook, in the workbooks of the institutions
it is addressed to, typed back through a real LibreOffice Calc, consolidated and recorded in the
history store, in the tracker, and carried into the next period from the store."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from tests.support import libreoffice as lo
from toolkit.cli import main
from toolkit.commands.aggregate import aggregate
from toolkit.generate.workbooks import generate
from toolkit.plan.load import load_checked_plan
from toolkit.plan.model import Recommendation
from toolkit.plan.write_xlsx import write_plan_workbook
from toolkit.reporting.layout import build_layout
from toolkit.reporting.periods import parse_period
from toolkit.reporting.scope import assignments

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not lo.available(), reason="needs soffice and /usr/bin/python3 with uno"),
]

REC = Recommendation(
    "GRETA3-112", "GRETA", dt.date(2024, 6, 20),
    "Ensure that presumed victims receive assistance before they are formally identified",
    ("POL", "NGO-1"), "Third evaluation round, paragraph 112", "urges", dt.date(2026, 3, 31),
    "SO-B1.1", ("B1.1.1",))
"""Addressed to the police and to the shelter association (a civil-society organisation)."""
FIRST, NEXT = "2025-H2", "2026-H1"


@pytest.fixture(scope="module")
def plan_path(tmp_path_factory) -> Path:
    from plans import small_plan

    plan = dataclasses.replace(small_plan(), recommendations=(REC,))
    return write_plan_workbook(tmp_path_factory.mktemp("plan") / "plan.xlsx", plan)


def _cell(plan, period_code: str, institution: str, key: str) -> tuple[str, str]:
    """(sheet, cell) of one input of the recommendation's row, from the layout."""
    period = parse_period(period_code, plan.meta.frequency, plan.meta.start, plan.meta.end)
    layout = build_layout(plan, period, assignments(plan, period)[institution])
    sheet = layout.sheet("recommendations")
    field = next(f for f in sheet.fields if f.row_key == REC.code and f.key == key)
    return sheet.name, field.ref


def _type_return(calc, plan, period: str, generated: Path, out: Path, institution: str,
                 values: dict[str, str]) -> Path:
    """Type the recommendation's inputs into a generated workbook in Calc and save it."""
    with calc.open(generated) as doc:
        for key, text in values.items():
            sheet, ref = _cell(plan, period, institution, key)
            assert doc.type(sheet, ref, text), (institution, key, text)
        return doc.save_as(out)


def _generated(plan, period_code: str, folder: Path) -> dict[str, Path]:
    period = parse_period(period_code, plan.meta.frequency, plan.meta.start, plan.meta.end)
    return {g.institution: g.path for g in generate(plan, period, folder, password="pw")}


def _rows(path: Path, sheet: str) -> list[tuple]:
    return [tuple(r) for r in load_workbook(path, read_only=True)[sheet].iter_rows(
        min_row=5, values_only=True)]


def _in_the_report(out: Path, expected: dict[str, tuple[str, str]]) -> None:
    """The follow-up table of report.xlsx and of report.docx: status and action per
    institution addressed."""
    from docx import Document

    sheet = load_workbook(out / "report.xlsx", read_only=True)["Recommendations"]
    head, *rows = [r for r in sheet.iter_rows(values_only=True) if any(r)]
    col = {name: head.index(name) for name in ("Recommendation", "Institution", "Status",
                                               "Action taken")}
    assert {r[col["Institution"]]: (r[col["Status"]], r[col["Action taken"]]) for r in rows
            if r[col["Recommendation"]] == REC.code} == expected
    document = Document(str(out / "report.docx"))
    titles = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Follow-up of recommendations" in titles
    found = {tuple(c.text for c in row.cells) for t in document.tables for row in t.rows}
    for code, (status, action) in expected.items():
        assert (REC.code, code, status, action, "") in found, code


def test_recommendation__goes_round_the_cycle_and_into_the_next_period(plan_path, tmp_path):
    plan, findings = load_checked_plan(plan_path)
    assert [f for f in findings if f.severity == "error"] == []
    assert plan.recommendations == (REC,)  # read back from the plan workbook's sheet

    # In the addressed institutions' workbooks only.
    generated = _generated(plan, FIRST, tmp_path / "wb1")
    for code, path in generated.items():
        names = load_workbook(path, read_only=True).sheetnames
        assert ("Recommendations" in names) == (code in REC.addressees), code
    sheet, status_cell = _cell(plan, FIRST, "POL", "status")
    shown = load_workbook(generated["POL"])[sheet]
    assert shown["A5"].value == REC.code
    assert shown["B5"].value == "GRETA, Third evaluation round, paragraph 112"

    # Typed back through LibreOffice: a status outside the list is refused by Calc.
    returns = tmp_path / "returns1"
    returns.mkdir()
    with lo.Calc() as calc:
        with calc.open(generated["POL"]) as doc:
            assert not doc.type(sheet, status_cell, "Done")
        _type_return(calc, plan, FIRST, generated["POL"], returns / generated["POL"].name,
                     "POL", {"status": "Implemented", "action": "Instruction 4/2025 issued",
                             "evidence": "Instruction 4/2025 of the police directorate"})
        _type_return(calc, plan, FIRST, generated["NGO-1"], returns / generated["NGO-1"].name,
                     "NGO-1", {"status": "In progress",
                               "action": "Shelter admits presumed victims on referral"})

    # Consolidated and recorded in the store.
    store = tmp_path / "history.sqlite"
    first = aggregate(plan_path, FIRST, [returns], tmp_path / "out1", store=store)
    rows = {r["institution"]: r for r in first.tables.recommendations}
    assert sorted(rows) == ["NGO-1", "POL"]
    assert (rows["POL"]["status"], rows["POL"]["action"], rows["POL"]["evidence"]) == (
        "implemented", "Instruction 4/2025 issued",
        "Instruction 4/2025 of the police directorate")
    assert (rows["POL"]["sheet"], rows["POL"]["cell"]) == (sheet, status_cell)
    assert rows["NGO-1"]["status"] == "in progress"
    exported = (tmp_path / "out1" / "exports" / "recommendations.csv").read_text("utf-8")
    assert "GRETA3-112" in exported and "Instruction 4/2025 issued" in exported

    # In the report for the coordination body and in the T5 document.
    _in_the_report(tmp_path / "out1", {"POL": ("Implemented", "Instruction 4/2025 issued"),
                                       "NGO-1": ("In progress", "Shelter admits presumed "
                                                 "victims on referral")})

    # In the tracker.
    tracker = tmp_path / "tracker1.xlsx"
    done = CliRunner().invoke(main, ["tracker", str(plan_path), "--store", str(store),
                                     "--out", str(tracker)])
    assert done.exit_code == 0, done.output
    (overall,) = _rows(tracker, "Recommendations")
    assert overall[0] == REC.code and overall[10] == "Partially implemented"
    by_institution = {r[1]: r for r in _rows(tracker, "By institution")}
    assert by_institution["POL"][2:5] == ("Implemented", "Implemented", FIRST)

    # The next period: only the shelter association returns; the police's status is carried
    # from the store.
    nxt = _generated(plan, NEXT, tmp_path / "wb2")
    returns2 = tmp_path / "returns2"
    returns2.mkdir()
    with lo.Calc() as calc:
        _type_return(calc, plan, NEXT, nxt["NGO-1"], returns2 / nxt["NGO-1"].name, "NGO-1",
                     {"status": "Implemented", "action": "Admission rule in the shelter's "
                      "statutes", "evidence": "Statutes of 2026, article 7"})
    aggregate(plan_path, NEXT, [returns2], tmp_path / "out2", store=store)
    tracker2 = tmp_path / "tracker2.xlsx"
    done = CliRunner().invoke(main, ["tracker", str(plan_path), "--store", str(store),
                                     "--out", str(tracker2)])
    assert done.exit_code == 0, done.output
    (overall,) = _rows(tracker2, "Recommendations")
    assert overall[10] == "Implemented" and overall[11] is None
    by_institution = {r[1]: r for r in _rows(tracker2, "By institution")}
    assert by_institution["POL"][2:6] == ("Implemented", None, "Implemented", FIRST)
    assert by_institution["NGO-1"][2:6] == ("In progress", "Implemented", "Implemented", NEXT)
    assert by_institution["NGO-1"][7] == "Statutes of 2026, article 7"
