"""Properties of check-plan over generated plans: clean plans pass, one bad cell gives one finding."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest

from broken_plans import column, meta_cell, rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from plans import plans, small_plan

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


# -- sheet names generate can write ------------------------------------------------------

FIXED_SHEETS = ("cover", "indicators", "statistics", "narrative", "signoff", "passports",
                "lists", "recommendations", "observations", "civil_society")
"""The sheets every agency workbook may hold besides the area sheets (labels report.sheet.*)."""


def _with_area_sheet(plan, sheet: str, language: str = "en"):
    import dataclasses

    areas = list(plan.areas)
    areas[-1] = dataclasses.replace(areas[-1], sheet=sheet)
    return dataclasses.replace(plan, areas=tuple(areas),
                               meta=dataclasses.replace(plan.meta, language=language))


def _checked(plan, tmp_path):
    path = write_plan_workbook(tmp_path / "plan.xlsx", plan)
    return path, load_checked_plan(path)[1]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("kind", FIXED_SHEETS)
def test_area_sheet_named_as_a_fixed_sheet_in_any_case__is_refused(kind, language, tmp_path):
    from toolkit.language import label

    fixed = label(language, f"report.sheet.{kind}")
    plan = _with_area_sheet(small_plan(), fixed.swapcase(), language)
    _path, findings = _checked(plan, tmp_path)
    assert [(f.code, f.sheet) for f in findings] == [("PLAN_042", "Areas")]
    assert fixed in findings[0].message_in(language)


def test_area_sheet_named_as_the_identity_stamp__is_refused(tmp_path):
    _path, findings = _checked(_with_area_sheet(small_plan(), "napstamp"), tmp_path)
    assert [f.code for f in findings] == ["PLAN_042"]


def test_sheet_name_length__is_counted_in_utf16_units_as_excel_counts(tmp_path):
    # 16 characters, 32 UTF-16 units: one more than Excel allows.
    _path, findings = _checked(_with_area_sheet(small_plan(), "\U0001F680" * 16), tmp_path)
    assert [f.code for f in findings] == ["PLAN_015"]
    _path, findings = _checked(_with_area_sheet(small_plan(), "A" + "\U0001F680" * 15),
                               tmp_path)
    assert findings == []


def _sheet_names():
    """Area sheet names as people write them, near the edges of what Excel takes."""
    from toolkit.language import label

    fixed = [label(lang, f"report.sheet.{k}") for lang in ("en", "fr") for k in FIXED_SHEETS]
    odd = st.text(st.characters(min_codepoint=32, max_codepoint=0x1F6FF,
                                blacklist_categories=("Cs", "Cc")), min_size=1, max_size=33)
    return st.one_of(st.sampled_from(fixed).map(str.swapcase), st.sampled_from(fixed),
                     st.sampled_from(["NAPStamp", "Lists", "A Prevention"]), odd)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans(), sheet=_sheet_names(), language=st.sampled_from(["en", "fr"]))
def test_generate__never_fails_on_a_plan_check_plan_accepts(plan, sheet, language, tmp_path):
    from click.testing import CliRunner

    from toolkit.cli import main

    plan = _with_area_sheet(plan, sheet, language)
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path, findings = _checked(plan, folder)
    if any(f.severity == "error" for f in findings):
        return
    run = CliRunner().invoke(main, ["generate", str(path), "--period", "2025-H1", "--out",
                                    str(folder / "out"), "--institution", "POL"])
    assert run.exception is None or isinstance(run.exception, SystemExit), run.output
    assert run.exit_code == 0, run.output
