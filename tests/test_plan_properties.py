"""Properties of check-plan over generated plans: clean plans pass, one bad cell gives one finding."""

from __future__ import annotations

import datetime as dt

from broken_plans import column, meta_cell, rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from plans import plans

from toolkit.plan.load import load_checked_plan
from toolkit.plan.write_xlsx import write_plan_workbook

# (sheet, field key, invalid value, expected code); the row is drawn by the test.
MUTATIONS = [
    ("Activities", "lead", "NOBODY", "PLAN_006"),
    ("Activities", "partners", "OFF; NOBODY", "PLAN_006"),
    ("Activities", "start", "soon", "PLAN_009"),
    ("Activities", "deadline", dt.datetime(2031, 1, 1), "PLAN_010"),
    ("Activities", "cost", "12,5", "PLAN_007"),
    ("Activities", "cost", -1, "PLAN_008"),
    ("Activities", "funding_status", "maybe", "PLAN_011"),
    ("Activities", "description", None, "PLAN_003"),
    ("Indicators", "unit", "kg", "PLAN_011"),
    ("Indicators", "disaggregations", "sex; colour", "PLAN_011"),
    ("Indicators", "provider", "NOPE", "PLAN_006"),
    ("Indicators", "baseline_value", None, "PLAN_012"),
    ("Indicators", "baseline_value", "n/a", "PLAN_007"),
    ("Indicators", "baseline_year", 1850, "PLAN_017"),
    ("Targets", "year", 2030, "PLAN_014"),
    ("Targets", "value", "ten", "PLAN_007"),
    ("Areas", "sheet", "A/B", "PLAN_015"),
    ("Institutions", "email", "nobody", "PLAN_021"),
    ("Risks", "code", "R 1", "PLAN_004"),
    ("Risks", "likelihood", "extreme", "PLAN_011"),
    ("Plan", "currency", "euro", "PLAN_022"),
    ("Plan", "frequency", "monthly", "PLAN_011"),
]

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(plan=plans())
def test_generated_valid_plan__has_no_findings(plan, tmp_path):
    path = write_plan_workbook(tmp_path / "plan.xlsx", plan)
    read, findings = load_checked_plan(path)
    assert findings == []
    assert read == plan


@SETTINGS
@given(plan=plans(), mutation=st.sampled_from(MUTATIONS), pick=st.integers(0, 1000))
def test_one_invalid_value__gives_exactly_one_finding_at_its_cell(plan, mutation, pick, tmp_path):
    sheet, key, bad, code = mutation
    path = write_plan_workbook(tmp_path / "plan.xlsx", plan)
    wb = load_workbook(path)
    ws = wb[sheet]
    if sheet == "Plan":
        ref = meta_cell(ws, key)
    else:
        data_rows = rows(ws)
        ref = f"{column(ws, key)}{data_rows[pick % len(data_rows)]}"
    ws[ref] = bad
    wb.save(path)

    _plan, findings = load_checked_plan(path)

    assert [(f.code, f.sheet, f.cell) for f in findings] == [(code, sheet, ref)]
