"""The bundled samples: the second one leaves the beaten path of the first (French, quarterly,
seven areas coded by words, annual, yes/no and milestone indicators, a victims table held by
three institutions with one official source, funding sources named by institutions), and
``toolkit demo --sample`` runs either."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from toolkit.cli import main
from toolkit.commands.samples import SAMPLES
from toolkit.plan.load import load_checked_plan


@pytest.fixture(scope="module")
def merande():
    plan, findings = load_checked_plan(SAMPLES["merande"].path)
    assert findings == []
    return plan


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample__is_clean_and_the_same_in_its_two_forms(name):
    from toolkit.plan.identity import content_hash

    workbook, found = load_checked_plan(SAMPLES[name].path)
    json_plan, found_json = load_checked_plan(SAMPLES[name].json_path)
    assert found == found_json == []
    assert content_hash(workbook) == content_hash(json_plan)


def test_merande__is_a_french_quarterly_plan_with_areas_coded_by_words(merande):
    assert (merande.meta.language, merande.meta.frequency) == ("fr", "quarterly")
    assert 6 <= len(merande.areas) <= 7
    assert all(len(a.code) > 3 and a.code.isalpha() for a in merande.areas)
    assert {a.sheet for a in merande.areas}.isdisjoint({"Couverture", "Indicateurs",
                                                       "Statistiques"})


def test_merande__has_annual_yes_no_and_milestone_indicators(merande):
    kinds = {(i.frequency, i.unit) for i in merande.indicators}
    assert ("annual", "number") in kinds and ("quarterly", "number") in kinds
    yes_no = [i for i in merande.indicators if i.unit == "yes-no"]
    milestones = [i for i in yes_no
                  if len(set(merande.targets_of(i.code).values())) > 1]
    assert milestones, "a yes/no target that changes from one year to the next"
    assert any(i.unit == "score" and len(set(merande.targets_of(i.code).values())) > 1
               for i in merande.indicators), "a milestone as stages"
    assert {i.polarity for i in merande.indicators} == {"higher-is-better", "lower-is-better",
                                                         "context-dependent"}
    assert any(i.aggregation == "cumulative" for i in merande.indicators)


def test_merande__victims_are_held_by_three_institutions_with_one_official_source(merande):
    holders = [i.code for i in merande.institutions if "V" in i.statistics]
    assert len(holders) == 3
    official = {s.table: s.institution for s in merande.official_sources if not s.rows}
    assert {official[t] for t in ("V1", "V2", "V3", "V4")} == {"MFFE"}


def test_merande__names_funding_sources_by_institutions_with_an_en_dash(merande):
    sources = merande.codelists["funding_source"]
    assert any("\u2013" in s for s in sources)
    assert "Sans coût" in sources
    assert len({a.funding_source for a in merande.activities}) >= 5
    assert merande.allocations and any(a.institution for a in merande.allocations)


@pytest.mark.slow
def test_demo_with_the_french_sample__runs_four_quarters_and_the_annual_report(tmp_path):
    done = CliRunner().invoke(main, ["demo", "--sample", "merande", "--out", str(tmp_path)])

    assert done.exit_code == 0, done.output
    for quarter in ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"):
        assert (tmp_path / quarter / "report" / "report.xlsx").stat().st_size > 0
    annual = tmp_path / "annual" / "MER-PAN_annual-report_2026.xlsx"
    assert f"Rapport annuel 2026, établi à partir du registre de l'historique\u00a0: {annual}" \
        in done.output, "the plan's language"
    assert load_workbook(annual, read_only=True).sheetnames
    assert "[ID_005]" in done.output, "a workbook of the previous quarter sent by mistake"
    english = re.compile(r"\b(the|of|and|with|was|were|Recorded|Running|store|to-date)\b")
    paths = re.compile(r"\S*/\S*")  # file names are names, in any language
    assert [line for line in done.output.splitlines() if english.search(paths.sub("", line))] \
        == [], "every line in the plan's language"
