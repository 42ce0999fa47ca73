"""check-plan: every kind of problem is reported at exactly its sheet and cell, with its code."""

from __future__ import annotations

import json
import re

import pytest
from broken_plans import CASES, JSON_CASES, build
from click.testing import CliRunner
from conftest import ROOT, SAMPLE_JSON, SAMPLE_XLSX
from french import assert_french

from toolkit.cli import main
from toolkit.messages import CATALOGUE
from toolkit.plan.jsonio import to_dict
from toolkit.plan.load import load_checked_plan, read_plan

LINE = re.compile(r"^(?P<file>.+?):(?:(?P<sheet>'[^']*(?:''[^']*)*'|[^!:]+)!?(?P<cell>[A-Z]+\d+)?)?"
                  r": .* \[(?P<code>[A-Z]+_\d{3})\]$")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def located(findings) -> list[tuple[str, str, str]]:
    return [(f.code, f.sheet, f.cell) for f in findings]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_broken_plan__reports_its_code_at_its_cells(case, tmp_path):
    target = tmp_path / f"{case.name}.xlsx"
    expected = [(case.code, sheet, cell) for sheet, cell in build(case, SAMPLE_XLSX, target)]

    _plan, findings = load_checked_plan(target)
    result = run("check-plan", str(target))

    assert located(findings) == expected
    assert_french(findings)
    assert result.exit_code == (1 if CATALOGUE[case.code].severity == "error" else 0)
    printed = [line for line in result.stdout.splitlines() if line.endswith("]")]
    assert len(printed) == len(expected)
    for line, (code, sheet, cell) in zip(printed, expected):
        assert line.startswith(f"{target}:")
        assert line.endswith(f"[{code}]")
        if cell:
            assert f"!{cell}: " in line and sheet in line


@pytest.mark.parametrize("name", sorted(JSON_CASES))
def test_broken_json_plan__reports_its_code_at_its_path(name, tmp_path, sample_plan):
    code, make = JSON_CASES[name]
    doc = to_dict(sample_plan)
    expected = [(code, sheet, path) for sheet, path in make(doc)]
    target = tmp_path / f"{name}.json"
    target.write_text(json.dumps(doc), encoding="utf-8")

    _plan, findings = load_checked_plan(target)

    assert located(findings) == expected
    assert_french(findings)
    assert run("check-plan", str(target)).exit_code == 1


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bundled_broken_plans__match_their_case(case, tmp_path):
    bundled = ROOT / "samples" / "broken" / f"{case.name}.xlsx"
    fresh = tmp_path / bundled.name
    expected = [(case.code, sheet, cell) for sheet, cell in build(case, SAMPLE_XLSX, fresh)]

    _plan, findings = load_checked_plan(bundled)

    assert located(findings) == expected


def test_sample_plan__is_clean_in_both_forms():
    for path in (SAMPLE_JSON, SAMPLE_XLSX):
        result = run("check-plan", str(path))
        assert result.exit_code == 0, result.output
        assert "[PLAN_" not in result.output
        assert "ready" in result.output


def test_sample_plan__has_the_promised_size(sample_plan):
    levels = {ind.level for ind in sample_plan.indicators}
    assert [a.code for a in sample_plan.areas] == ["A", "B", "C", "D"]
    assert len(sample_plan.objectives) >= 10
    assert len(sample_plan.activities) >= 50
    assert len(sample_plan.indicators) >= 70
    assert {"output", "outcome", "impact"} <= levels
    assert any(ind.aggregation == "cumulative" for ind in sample_plan.indicators)
    disaggregated = {d for ind in sample_plan.indicators for d in ind.disaggregations}
    assert {"sex", "age_group", "exploitation"} <= disaggregated
    assert len(sample_plan.institutions) >= 14
    assert sample_plan.meta.frequency == "semi-annual"
    assert len({a.funding_source for a in sample_plan.activities}) >= 3


def test_unreadable_file__exits_3_naming_the_file(tmp_path):
    fake = tmp_path / "plan.xlsx"
    fake.write_bytes(b"%PDF-1.4 not a workbook")

    result = run("check-plan", str(fake))

    assert result.exit_code == 3
    assert f"{fake}: the file cannot be read as a plan: it is not an .xlsx workbook" in \
        result.output
    assert "[PLAN_030]" in result.output
    assert "Traceback" not in result.output


def test_missing_file__exits_3():
    result = run("check-plan", "no-such-plan.xlsx")
    assert result.exit_code == 3
    assert "no-such-plan.xlsx: the file cannot be read as a plan: the file does not exist" in \
        result.output


def test_every_plan_message__is_produced_by_a_test():
    produced = {c.code for c in CASES} | {code for code, _ in JSON_CASES.values()} | {"PLAN_030"}
    plan_codes = {code for code in CATALOGUE if code.startswith("PLAN_")}
    assert plan_codes == produced


def test_every_message__names_what_to_do():
    for code, message in CATALOGUE.items():
        assert message.text and message.hint, code
        assert not message.text.endswith("."), f"{code}: the text is followed by the hint"


def test_read_plan__records_the_cell_of_every_value(sample_xlsx):
    read = read_plan(sample_xlsx)
    sheet, cell = read.sources.locate("activities", 0, "lead")
    assert (sheet, cell) == ("Activities", "D5")
    assert read.sources.locate("meta", 0, "currency") == ("Plan", "B10")
