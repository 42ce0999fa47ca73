"""The review pack of the coordination body (T7) and its decision log (T15): built from the
history store, checked against figures computed here from what the institutions typed, locked
and validated like the reporting workbooks, typed into in LibreOffice Calc, read back into the
store, and cited by the next period's report."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from click.testing import CliRunner
from history_cases import PERIODS, consolidate, last_of_year
from openpyxl import load_workbook

from tests.support import libreoffice as lo
from tests.support.ooxml import validate
from toolkit.cli import main
from toolkit.history.review import INPUTS

REVIEW_YEAR = 2025
"""Reviewed with only 2025-H2 recorded, so that 2026-H1 is the next report."""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def reviewed(plan_path, periods, tmp_path_factory):
    """2025-H2 and 2026-H1 recorded in one store, the review pack of 2025 and of the plan to
    date written from it: (folder, store)."""
    base = tmp_path_factory.mktemp("review")
    store = str(base / "history.sqlite")
    for code in PERIODS[:2]:
        consolidate(plan_path, periods[code], base / code, store)
    for how, name in ((("--year", REVIEW_YEAR), "annual.xlsx"), (("--to-date",), "mid.xlsx")):
        done = run("review", "--plan", plan_path, *how, "--store", store, "--out", base / name)
        assert done.exit_code == 0, done.output
    return base, store


def _rows(path, sheet: str) -> list[tuple]:
    ws = load_workbook(path, read_only=True)[sheet]
    return [r for r in ws.iter_rows(min_row=5, values_only=True) if r and r[0] is not None]


def _typed(periods, codes, activity: str, key: str, institution: str | None = None) -> list:
    return [rt.values[inst].get((activity, key)) for code in codes for inst, rt in
            [(i, periods[code]) for i in periods[code].values] if institution in (None, inst)]


def test_review_pack__one_row_per_objective_with_the_budget_and_statuses_typed(
        reviewed, plan, periods):
    base, _store = reviewed
    review = _rows(base / "mid.xlsx", "Review")
    assert [r[0] for r in review] == [o.code for o in plan.objectives]
    budget = {r[0]: r for r in _rows(base / "mid.xlsx", "Budget")}
    for obj in plan.objectives:
        acts = [a for a in plan.activities if a.objective == obj.code]
        codes = {a.code for a in acts}
        spent = sum(v for (_, _, row), v in last_of_year(periods, "spent", PERIODS[:2]).items()
                    if row in codes)
        assert budget[obj.code][3] == pytest.approx(spent)
        assert budget[obj.code][2] == sum(a.cost or 0 for a in acts)
    annual = {(r[1]): r for r in _rows(base / "annual.xlsx", "Activities")}
    labels = load_workbook(base / "annual.xlsx", read_only=True)["Activities"]
    head = next(labels.iter_rows(min_row=4, max_row=4, values_only=True))
    assert head[4:6] == ("2025-H2", "Last status")  # only the year's period
    for act in plan.activities:  # the status the lead typed, as its drop-down shows it
        (status,) = _typed(periods, PERIODS[:1], act.code, "status", act.lead)
        assert annual[act.code][4] == status


def test_review_pack__inputs_unlocked_and_validated_everything_else_locked(reviewed, plan):
    base, _store = reviewed
    wb = load_workbook(base / "annual.xlsx")
    ws = wb["Review"]
    assert all(wb[name].protection.sheet for name in wb.sheetnames)
    assert wb.security.lockStructure
    assert wb["Lists"].sheet_state == "hidden"
    first_input = 10  # column J: the first of the body's inputs
    for row in range(5, 5 + len(plan.objectives)):
        for col in range(1, first_input + len(INPUTS)):
            assert ws.cell(row=row, column=col).protection.locked == (col < first_input), \
                (row, col)
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    last = 4 + len(plan.objectives)
    for letter, kind, source in (("J", "list", "list_review_relevance"),
                                 ("L", "list", "list_review_adjustment"),
                                 ("N", "list", "list_review_decision"),
                                 ("O", "list", "list_review_institution"),
                                 ("P", "date", None), ("K", "textLength", None)):
        rule = rules[f"{letter}5:{letter}{last}"]
        assert (rule.type, rule.showErrorMessage, rule.showInputMessage) == (kind, True, True)
        assert rule.errorStyle in (None, "stop") and rule.prompt
        if source:
            assert rule.formula1 == source
    assert [i.code for i in plan.institutions] == [
        r[3] for r in wb["Lists"].iter_rows(min_row=2, values_only=True) if r[3]]


def test_review_pack__passes_the_ooxml_validator(reviewed):
    base, _store = reviewed
    assert validate(base / "annual.xlsx", base / "mid.xlsx") == []


def test_review__without_year_or_with_a_year_not_recorded_is_refused(reviewed, plan_path):
    base, store = reviewed
    assert run("review", "--plan", plan_path, "--store", store).exit_code == 2
    done = run("review", "--plan", plan_path, "--year", 2024, "--store", store, "--out",
               base / "none.xlsx")
    assert done.exit_code == 3 and "[STORE_007]" in done.output


def _entries(plan) -> dict[str, str]:
    """The body's entries on the first objective, as typed (labels of the lists)."""
    return {"J": "Partly relevant", "K": "Shelters lack places outside the capital",
            "L": "Move resources", "M": "Half the awareness budget is unspent",
            "N": "Approved", "O": plan.institutions[0].code, "P": "2026-09-30"}


@pytest.mark.libreoffice
@pytest.mark.skipif(not lo.available(), reason="needs soffice and /usr/bin/python3 with uno")
def test_review__typed_in_calc_read_back_into_the_decision_log_and_cited_by_the_next_report(
        reviewed, plan, plan_path, periods, tmp_path, calc):
    from docx import Document

    base, _ = reviewed
    store = str(tmp_path / "history.sqlite")
    shutil.copy(base / "history.sqlite", store)
    pack = tmp_path / "pack.xlsx"
    shutil.copy(base / "annual.xlsx", pack)
    with calc.open(pack) as doc:
        assert doc.load_problems == []
        assert not doc.type("Review", "N5", "Maybe")  # not in the list
        assert not doc.type("Review", "P5", "2040-01-01")  # after the plan
        assert not doc.type("Review", "C5", "Another title")  # locked
        for letter, text in _entries(plan).items():
            assert doc.type("Review", f"{letter}5", text), (letter, text)
        assert doc.type("Meeting", "B4", "NCB meeting 3/2026")
        assert doc.type("Meeting", "B5", "2026-02-12")
        assert doc.type("Meeting", "B6", "Ministry of the Interior; Police; Shelter association")
        returned = doc.save_as(tmp_path / "pack-typed.xlsx")
    before = returned.read_bytes()

    done = run("review", "--plan", plan_path, "--read", returned, "--store", store)
    assert done.exit_code == 0, done.output
    assert "Recorded 1 decision(s) of review 2025" in done.output
    assert returned.read_bytes() == before  # only read

    from toolkit.store.connect import open_store
    from toolkit.store.review import last_review

    with open_store(store) as opened:
        log = last_review(opened, plan.meta.code)
    assert log.review == str(REVIEW_YEAR)
    assert log.meeting == {"meeting": "NCB meeting 3/2026", "meeting_date": dt.date(2026, 2, 12),
                           "participants": "Ministry of the Interior; Police; Shelter "
                                           "association"}
    (entry,) = log.rows
    assert entry == {"objective": plan.objectives[0].code, "relevant": "partly",
                     "obstacles": "Shelters lack places outside the capital",
                     "adjustment": "move resources",
                     "justification": "Half the awareness budget is unspent",
                     "decision": "approved", "responsible": plan.institutions[0].code,
                     "deadline": dt.date(2026, 9, 30)}

    # The next period's report cites the decisions.
    out = tmp_path / "2026-H2"
    consolidate(plan_path, periods["2026-H2"], out, store)
    sheet = load_workbook(out / "report.xlsx", read_only=True)["Decisions"]
    head, *rows = [r for r in sheet.iter_rows(values_only=True) if any(r)]
    assert [dict(zip(head, r)) for r in rows] == [{
        "Objective": plan.objectives[0].code, "Still relevant?": "Partly relevant",
        "Main obstacles": "Shelters lack places outside the capital",
        "Proposed adjustment": "Move resources",
        "Justification": "Half the awareness budget is unspent", "Decision": "Approved",
        "Responsible": plan.institutions[0].code, "Deadline": dt.datetime(2026, 9, 30)}]
    document = Document(str(out / "report.docx"))
    text = [p.text for p in document.paragraphs]
    assert "Decisions of the last review" in text
    assert any("annual review 2025 (meeting NCB meeting 3/2026 of 2026-02-12" in t for t in text)
    cells = {tuple(c.text for c in row.cells) for t in document.tables for row in t.rows}
    assert (plan.objectives[0].code, "Move resources", "Approved", plan.institutions[0].code,
            "2026-09-30", "Half the awareness budget is unspent") in cells


def _edited(source, target, change):
    wb = load_workbook(source)
    change(wb)
    wb.save(target)
    return target


@pytest.mark.parametrize("change, expected", [
    (lambda wb: wb["Review"].__setitem__("N5", "Perhaps"), [("REV_002", "Review", "N5")]),
    (lambda wb: wb["Review"].__setitem__("P5", "next spring"), [("REV_003", "Review", "P5")]),
    (lambda wb: wb["Review"].__setitem__("A5", "SO-X9"), [("REV_004", "Review", "A5")]),
    (lambda wb: wb["Review"].__setitem__("N5", "Approved"), [("REV_005", "Review", "O5")]),
])
def test_review_read__a_value_the_cell_does_not_take_is_told_at_its_cell(
        reviewed, plan_path, tmp_path, change, expected):
    from toolkit.commands.review import read_review

    base, _ = reviewed
    path = _edited(base / "annual.xlsx", tmp_path / "edited.xlsx", change)
    done = read_review(plan_path, path, str(tmp_path / "store.sqlite"))
    assert [(f.code, f.sheet, f.cell) for f in done.findings] == expected
    assert done.recorded == (expected[0][0] == "REV_005")  # a warning does not stop it


def test_review_read__a_store_that_cannot_be_written__says_so_and_how_to_record_again(
        reviewed, plan_path, tmp_path):
    import sqlalchemy as sa

    base, store = reviewed
    copy = tmp_path / "store.sqlite"
    shutil.copy(store, copy)
    before = copy.read_bytes()
    path = _edited(base / "annual.xlsx", tmp_path / "pack with decisions.xlsx", lambda wb: (
        wb["Review"].__setitem__("N5", "Approved"), wb["Review"].__setitem__("O5", "POL")))

    def read_only(dbapi, _record):
        dbapi.execute("PRAGMA query_only = ON")

    sa.event.listen(sa.engine.Engine, "connect", read_only)
    try:
        done = run("review", "--plan", plan_path, "--read", path, "--store", copy)
    finally:
        sa.event.remove(sa.engine.Engine, "connect", read_only)

    assert done.exit_code == 3, done.output
    assert "[STORE_014]" in done.output and "review 2025" in done.output
    assert f'--read "{path}"' in done.output
    assert "history import" not in done.output
    assert copy.read_bytes() == before


def test_review_read__another_file_is_refused(reviewed, plan_path, tmp_path):
    base, store = reviewed
    done = run("review", "--plan", plan_path, "--read", base / "2025-H2" / "report.xlsx",
               "--store", tmp_path / "s.sqlite")
    assert done.exit_code == 3 and "[REV_001]" in done.output
