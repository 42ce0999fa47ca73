"""toolkit coverage: what a plan covers of the standard measures, and what it leaves out."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from tests.support import libreoffice as lo
from toolkit.cli import main
from toolkit.measures.catalogue import MEASURES_ENV
from toolkit.plan.read_xlsx import read_plan_workbook
from toolkit.plan.write_xlsx import write_plan_workbook

UNTAGGED = {"A1.1.1": "A2.1", "A1.1.2": "A2.3", "B1.1.1": "B1.1"}
"""Sample activities whose measure is taken away, and the measure their words point to."""


@pytest.fixture(autouse=True)
def _standard_catalogue_only(monkeypatch):
    monkeypatch.delenv(MEASURES_ENV, raising=False)


def _run(*args):
    return CliRunner().invoke(main, ["coverage", *map(str, args)])


def _rows(path, sheet) -> list[tuple]:
    """The table of a coverage sheet: headings on row 4, records below."""
    return [tuple(r) for r in load_workbook(path, read_only=True)[sheet].iter_rows(
        min_row=5, values_only=True)]


def _fills(path, sheet) -> dict[object, str]:
    """The fill colour of the first cell of each record, by its value."""
    ws = load_workbook(path)[sheet]
    return {ws.cell(row=r, column=2).value: ws.cell(row=r, column=1).fill.fgColor.rgb
            for r in range(5, ws.max_row + 1)}


def _without(plan, drop=(), untag=()):
    acts = tuple(dataclasses.replace(a, catalogue_ref=()) if a.code in untag else a
                 for a in plan.activities if a.code not in drop)
    return dataclasses.replace(plan, activities=acts)


def test_coverage__on_the_sample_reports_covered_measures_and_the_goals_left_out(
        tmp_path, sample_xlsx):
    out = tmp_path / "coverage.xlsx"
    result = _run(sample_xlsx, "--out", out)
    assert result.exit_code == 0, result.output
    assert "59 of 65 standard measures covered" in result.output
    assert "A9 Prevention at local level; D3 Strategy and action plan cycle" in result.output
    assert load_workbook(out).sheetnames == ["Summary", "Strategic goals", "Measures",
                                             "Not covered", "Activities without measure",
                                             "Plan areas"]
    summary = {r[0][:1]: r for r in _rows(out, "Summary")}
    assert summary["C"][1:4] == (12, 12, 1) and summary["A"][1:3] == (19, 18)
    measures = {r[2]: r for r in _rows(out, "Measures")}
    campaign = measures["A2.1"]
    assert campaign[4] == "yes" and campaign[5] == "A1.1.1"
    assert campaign[6] == 180000 and "A1.1-OUT-01" in campaign[7]
    assert measures["A9.1"][4] == "no" and measures["A9.1"][5] is None
    assert {r[3] for r in _rows(out, "Not covered")} == {"A9.1", "B3.1", "B7.2", "D3.1",
                                                         "D3.2", "D6.2"}


def test_coverage__a_plan_missing_a_whole_strategic_goal_is_reported(tmp_path, sample_plan):
    dropped = {a.code for a in sample_plan.activities
               if any(ref.startswith("C4.") for ref in a.catalogue_ref)}
    assert dropped, "the sample covers C4"
    plan = write_plan_workbook(tmp_path / "plan.xlsx", _without(sample_plan, drop=dropped))
    out = tmp_path / "coverage.xlsx"
    result = _run(plan, "--out", out)
    assert result.exit_code == 0, result.output
    assert "C4 Capacity and practice of police, prosecution and courts" in result.output
    goals = {r[1]: r for r in _rows(out, "Strategic goals")}
    assert goals["C4"][4] == 0 and goals["C4"][5] == "C4.1; C4.2"
    assert goals["C4"][8] == "No measure of this strategic goal is covered"
    assert goals["C3"][8] is None
    fills = _fills(out, "Strategic goals")
    assert fills["C4"] == "FFFFC7CE" and fills["C3"] != "FFFFC7CE"
    summary = {r[0][:1]: r for r in _rows(out, "Summary")}
    assert "C4 Capacity and practice" in summary["C"][5]


def test_coverage__areas_without_outcome_indicators_are_reported(tmp_path, sample_plan):
    c_objectives = {o.code for o in sample_plan.objectives if o.goal.startswith("SG-C")}
    indicators = tuple(i for i in sample_plan.indicators
                       if not (i.level == "outcome" and i.linked_result in c_objectives))
    plan = dataclasses.replace(sample_plan, indicators=indicators,
                               targets=tuple(t for t in sample_plan.targets
                                             if t.indicator in {i.code for i in indicators}))
    path = write_plan_workbook(tmp_path / "plan.xlsx", plan)
    out = tmp_path / "coverage.xlsx"
    result = _run(path, "--out", out)
    assert "Plan areas without an outcome indicator: C." in result.output
    areas = {r[0][:1]: r for r in _rows(out, "Plan areas")}
    assert areas["C"][3:7] == (4, 0, 0, "No outcome indicator in this area")
    assert areas["B"][6] is None


def test_coverage__suggestions_are_shown_and_never_written_into_the_plan(tmp_path, sample_plan):
    path = write_plan_workbook(tmp_path / "plan.xlsx", _without(sample_plan, untag=UNTAGGED))
    before = hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns
    out = tmp_path / "coverage.xlsx"
    result = _run(path, "--out", out)
    assert result.exit_code == 0, result.output
    assert "3 activit(y/ies) name no standard measure" in result.output
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coverage.xlsx", "plan.xlsx"]
    again = read_plan_workbook(path).plan
    assert {a.code: a.catalogue_ref for a in again.activities if a.code in UNTAGGED} == \
        {code: () for code in UNTAGGED}
    unlinked = {r[0]: r for r in _rows(out, "Activities without measure")}
    assert sorted(unlinked) == sorted(UNTAGGED)
    for code, measure in UNTAGGED.items():
        assert unlinked[code][5].startswith(f"{measure} "), unlinked[code][5]
        assert "(matched on: " in unlinked[code][5]


def test_coverage__in_french_and_from_the_plan_json(tmp_path):
    from conftest import SAMPLE_JSON

    out = tmp_path / "couverture.xlsx"
    result = _run(SAMPLE_JSON, "--out", out, "--language", "fr")
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["Synthèse", "Objectifs stratégiques", "Mesures"]
    assert wb["Synthèse"]["A1"].value.startswith("Couverture des mesures types\u00a0:")
    goals = {r[1]: r for r in _rows(out, "Objectifs stratégiques")}
    assert goals["A9"][2] == "Prévention au niveau local"


def test_coverage__default_output_beside_the_plan_and_usage_errors(tmp_path, sample_plan):
    path = write_plan_workbook(tmp_path / "plan.xlsx", sample_plan)
    assert _run(path).exit_code == 0
    assert (tmp_path / "plan-coverage.xlsx").is_file()
    assert _run(path, "--language", "xx").exit_code == 2
    missing = _run(tmp_path / "none.xlsx")
    assert missing.exit_code == 3 and "[PLAN_030]" in missing.output


@pytest.mark.libreoffice
@pytest.mark.skipif(not lo.available(), reason="needs soffice and /usr/bin/python3 with uno")
def test_coverage_workbook__opens_in_calc_without_load_problems(tmp_path, sample_plan):
    path = write_plan_workbook(tmp_path / "plan.xlsx", _without(sample_plan, untag=UNTAGGED))
    out = tmp_path / "coverage.xlsx"
    assert _run(path, "--out", out).exit_code == 0
    with lo.Calc() as calc, calc.open(out, visible=False) as doc:
        assert doc.load_problems == []
        assert doc.sheet_names()[4] == "Activities without measure"
        assert doc.value("Strategic goals", "B5") == "A1"


def test_coverage__on_the_french_sample_in_its_language(tmp_path):
    from toolkit.commands.samples import sample

    out = tmp_path / "couverture.xlsx"
    result = _run(sample("merande").path, "--out", out)
    assert result.exit_code == 0, result.output
    assert "MER-PAN\u00a0: 23 mesures types couvertes sur 65." in result.output
    assert "D10 Suite donnée aux recommandations" in result.output
    assert "Domaines du plan sans indicateur de résultat\u00a0: GENRE, PARTENARIAT, " \
           "COORDINATION." in result.output
    wb = load_workbook(out, read_only=True)
    assert wb.sheetnames == ["Synthèse", "Objectifs stratégiques", "Mesures", "Non couvertes",
                             "Activités sans mesure", "Domaines du plan"]
    # the plan's areas are coded by words; the catalogue's remain A to D
    areas = {r[0].split()[0]: r for r in _rows(out, "Domaines du plan")}
    assert list(areas) == ["PREVENTION", "PROTECTION", "POURSUITES", "DONNEES", "GENRE",
                           "PARTENARIAT", "COORDINATION"]
    assert [r[0][:1] for r in _rows(out, "Synthèse")] == ["A", "B", "C", "D"]
    (untagged,) = _rows(out, "Activités sans mesure")
    assert untagged[:3] == ("PREV-2.1.2", "PREVENTION", "PREV-2.1")
    # "revise the list of hazardous work forbidden to children": child protection is among them
    assert any(s.startswith("A4.2 ") for s in untagged[5:8])
    assert "mots communs\u00a0: enfants" in untagged[6]
