"""A plan survives every form it travels in: workbook, model, JSON, and a LibreOffice re-save."""

from __future__ import annotations

import dataclasses
import datetime as dt

from click.testing import CliRunner
from plans import small_plan

from toolkit.cli import main
from toolkit.plan.identity import content_hash
from toolkit.plan.jsonio import dumps, from_dict, load, to_dict
from toolkit.plan.load import read_plan
from toolkit.plan.write_xlsx import write_plan_workbook


def test_workbook_to_model_to_json_to_model__gives_an_equal_plan(sample_xlsx, sample_plan,
                                                                 tmp_path):
    from_workbook = read_plan(sample_xlsx).plan
    out = tmp_path / "plan.json"

    result = CliRunner().invoke(main, ["plan-export", str(sample_xlsx), str(out)])

    assert result.exit_code == 0, result.output
    assert load(out) == from_workbook == sample_plan


def test_json_text__is_stable(sample_plan):
    assert dumps(from_dict(to_dict(sample_plan))) == dumps(sample_plan)


def test_content_hash__changes_with_what_reporting_depends_on():
    plan = small_plan()
    act = plan.activities[0]
    changed_target = dataclasses.replace(plan, activities=(
        dataclasses.replace(act, deadline=dt.date(2026, 5, 31)),) + plan.activities[1:])
    inst = plan.institutions[0]
    changed_phone = dataclasses.replace(plan, institutions=(
        dataclasses.replace(inst, phone="+1 555"),) + plan.institutions[1:])
    bumped = dataclasses.replace(plan, meta=dataclasses.replace(plan.meta, version="1.1"))

    assert content_hash(plan) == content_hash(small_plan())
    assert content_hash(changed_target) != content_hash(plan)
    assert content_hash(bumped) != content_hash(plan)
    assert content_hash(changed_phone) == content_hash(plan)


def test_blank_and_filled_numbers__stay_apart(tmp_path):
    plan = small_plan()
    acts = list(plan.activities)
    acts[0] = dataclasses.replace(acts[0], cost=None)
    acts[1] = dataclasses.replace(acts[1], cost=0)
    plan = dataclasses.replace(plan, activities=tuple(acts))

    back = read_plan(write_plan_workbook(tmp_path / "p.xlsx", plan)).plan

    assert back.activities[0].cost is None
    assert back.activities[1].cost == 0


def test_a_plan_read_again__is_the_file_as_it_is_now_and_a_copy_of_its_own(tmp_path):
    path = tmp_path / "plan.xlsx"
    plan = small_plan()
    write_plan_workbook(path, plan)
    first = read_plan(path)
    first.findings.append("changed by the caller")
    first.sources.cells.clear()

    again = read_plan(path)
    bumped = dataclasses.replace(plan, meta=dataclasses.replace(plan.meta, version="9.9"))
    write_plan_workbook(path, bumped)
    rewritten = read_plan(path)

    assert again.plan == plan
    assert "changed by the caller" not in again.findings
    assert again.sources.cells
    assert rewritten.plan.meta.version == "9.9"
