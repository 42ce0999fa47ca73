"""The catalogue of standard measures: complete against DOMAIN.md §1.5-1.8, in every language,
with the country's own measures, and checked in the plan's Standard measures column."""

from __future__ import annotations

import dataclasses
import tomllib

import pytest
from click.testing import CliRunner
from conftest import ROOT

from toolkit.cli import main
from toolkit.declarations.labels import languages
from toolkit.findings import FindingError
from toolkit.measures.catalogue import MEASURES_ENV, load_catalogue
from toolkit.measures.similarity import MeasureIndex
from toolkit.plan.check import check_plan
from toolkit.plan.read_xlsx import read_plan_workbook
from toolkit.plan.write_xlsx import write_plan_workbook

DOMAIN_MEASURES = {
    # DOMAIN.md §1.5, area A: prevention.
    "A": ["A1.1", "A1.2", "A2.1", "A2.2", "A2.3", "A2.4", "A3.1", "A4.1", "A4.2", "A4.3",
          "A5.1", "A5.2", "A5.3", "A6.1", "A6.2", "A6.3", "A7.1", "A8.1", "A9.1"],
    # §1.6, area B: assistance and protection of victims and victim-witnesses.
    "B": ["B1.1", "B1.2", "B1.3", "B1.4", "B1.5", "B2.1", "B2.2", "B2.3", "B3.1", "B3.2",
          "B3.3", "B4.1", "B5.1", "B5.2", "B5.3", "B6.1", "B7.1", "B7.2", "B8.1"],
    # §1.7, area C: investigation and prosecution.
    "C": ["C1.1", "C1.2", "C2.1", "C2.2", "C2.3", "C2.4", "C2.5", "C3.1", "C4.1", "C4.2",
          "C5.1", "C6.1"],
    # §1.8, area D: the enabling framework.
    "D": ["D1.1", "D1.2", "D1.3", "D2.1", "D3.1", "D3.2", "D4.1", "D4.2", "D5.1", "D6.1",
          "D6.2", "D7.1", "D8.1", "D9.1", "D10.1"],
}
"""Every measure of DOMAIN.md §1.5-1.8, by area, copied by hand from its tables."""
MEASURES_DIR = ROOT / "workbook_templates" / "measures"


@pytest.fixture(autouse=True)
def _standard_catalogue_only(monkeypatch):
    monkeypatch.delenv(MEASURES_ENV, raising=False)


def test_catalogue__holds_every_measure_of_the_domain_tables_and_no_other():
    catalogue = load_catalogue("en")
    assert sum(len(ids) for ids in DOMAIN_MEASURES.values()) == 65
    assert len(catalogue.measures) == 65
    for area, ids in DOMAIN_MEASURES.items():
        assert [m.id for m in catalogue.measures if m.area == area] == ids, area


def test_catalogue__each_measure_sits_under_the_goal_and_area_its_id_names():
    catalogue = load_catalogue("en")
    assert [a.code for a in catalogue.areas] == ["A", "B", "C", "D"]
    for m in catalogue.measures:
        assert m.goal == m.id.split(".")[0] and m.area == m.id[0]
        assert catalogue.goal(m.goal).area == m.area
    assert len(catalogue.goals) == 33  # A1-A9, B1-B8, C1-C6, D1-D10


def test_catalogue__keeps_the_domain_provenance_and_a_blank_guide_reference():
    raw = tomllib.loads((MEASURES_DIR / "standard.toml").read_text(encoding="utf-8"))
    assert {m["provenance"] for m in raw["measure"]} == {"R"}
    assert {g["provenance"] for g in raw["goal"]} == {"P"}
    assert all("guide_ref" in m and m["guide_ref"] == "" for m in raw["measure"])
    catalogue = load_catalogue("en")
    assert catalogue.by_id["B2.3"].legal_anchor == "CoE Arts 13-14"
    assert catalogue.by_id["D10.1"].indicator_kinds == ("output",)
    assert catalogue.by_id["C1.2"].indicator_kinds == ("outcome",)


@pytest.mark.parametrize("language", languages())
def test_catalogue__every_language_has_every_text_and_nothing_else(language):
    english = tomllib.loads((MEASURES_DIR / "en.toml").read_text(encoding="utf-8"))
    other = tomllib.loads((MEASURES_DIR / f"{language}.toml").read_text(encoding="utf-8"))
    for section in ("area", "goal", "measure"):
        assert sorted(other[section]) == sorted(english[section]), section
    for mid, texts in english["measure"].items():
        assert sorted(other["measure"][mid]) == sorted(texts), mid
        assert bool(other["measure"][mid]["output"]) == bool(texts["output"]), mid
        assert bool(other["measure"][mid]["outcome"]) == bool(texts["outcome"]), mid
    catalogue = load_catalogue(language)
    assert all(m.text for m in catalogue.measures) and all(g.title for g in catalogue.goals)
    assert len({m.text for m in catalogue.measures}) == 65
    if language != "en":
        same = [m.id for m, e in zip(catalogue.measures, load_catalogue("en").measures)
                if m.text == e.text]
        assert same == []


def _national(tmp_path, monkeypatch, text: str):
    path = tmp_path / "national.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv(MEASURES_ENV, str(path))
    return path


def test_national_measures__are_added_after_the_standard_ones_with_provenance_n(
        tmp_path, monkeypatch):
    example = (MEASURES_DIR / "national.example.toml").read_text(encoding="utf-8")
    _national(tmp_path, monkeypatch, example)
    english, french = load_catalogue("en"), load_catalogue("fr")
    assert [m.id for m in english.measures[65:]] == ["NA1.1", "NB2.9"]
    seasonal, shelter = english.measures[65:]
    assert (seasonal.area, seasonal.goal, seasonal.provenance) == ("A", "NA1", "N")
    assert (shelter.area, shelter.goal) == ("B", "B2")
    assert english.goal("NA1").title == "Prevent trafficking during seasonal harvests"
    assert french.by_id["NA1.1"].text.startswith("Points d'information")
    assert shelter.outcome == "" and french.by_id["NB2.9"].lead == ""


@pytest.mark.parametrize("text, code, where", [
    ("[[measure]\nid = 1", "MEAS_001", ""),
    ('[[measure]]\nid = "N1"\ngoal = "A2"\n', "MEAS_002", "measure[0].text"),
    ('[[measure]]\nid = "A2.1"\ngoal = "A2"\ntext = { en = "Again" }\n', "MEAS_003",
     "measure[0].id"),
    ('[[goal]]\ncode = "N1"\narea = "E"\ntitle = { en = "Other" }\n', "MEAS_004",
     "goal[0].area"),
    ('[[measure]]\nid = "N1.1"\ngoal = "N9"\ntext = { en = "Shelter" }\n', "MEAS_006",
     "measure[0].goal"),
])
def test_national_measures__a_file_that_cannot_be_used_names_where(
        tmp_path, monkeypatch, text, code, where):
    path = _national(tmp_path, monkeypatch, text)
    with pytest.raises(FindingError) as caught:
        load_catalogue("en")
    assert (caught.value.finding.code, caught.value.finding.cell) == (code, where)
    assert str(caught.value).startswith(f"{path}")


def test_national_measures__a_missing_file_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv(MEASURES_ENV, str(tmp_path / "none.toml"))
    with pytest.raises(FindingError, match=r"none.toml: .*the file does not exist.*MEAS_001"):
        load_catalogue("en")


def _tagged(plan, refs: dict[str, tuple[str, ...]]):
    acts = tuple(dataclasses.replace(a, catalogue_ref=refs.get(a.code, a.catalogue_ref))
                 for a in plan.activities)
    return dataclasses.replace(plan, activities=acts)


def test_check_plan__an_id_not_in_the_catalogue_is_reported_at_its_cell(tmp_path, sample_plan):
    plan = _tagged(sample_plan, {"A1.1.1": ("A2.1", "A2.9"), "A1.1.2": ("A2.1", "A2.3")})
    path = write_plan_workbook(tmp_path / "plan.xlsx", plan)
    read = read_plan_workbook(path)
    assert read.plan.activities[1].catalogue_ref == ("A2.1", "A2.3")
    found = [f for f in check_plan(read.plan, read.sources, read.findings)
             if f.code == "MEAS_005"]
    assert [(f.sheet, f.cell) for f in found] == [("Activities", "M5")]
    assert '"A2.9" is not in the catalogue of standard measures (did you mean' in str(found[0])


def test_check_plan__a_country_file_that_cannot_be_used_is_one_finding(
        tmp_path, monkeypatch, sample_xlsx):
    _national(tmp_path, monkeypatch, "not = toml = at all")
    result = CliRunner().invoke(main, ["check-plan", str(sample_xlsx)])
    assert result.exit_code == 1
    assert "[MEAS_001]" in result.output and "MEAS_005" not in result.output


def test_plan_json__reads_a_single_catalogue_reference_and_writes_a_list(sample_plan):
    from toolkit.plan.jsonio import from_dict, to_dict

    assert sample_plan.activities[0].catalogue_ref == ("A2.1",)  # "A2.1" in the sample file
    doc = to_dict(sample_plan)
    assert doc["activities"][0]["catalogue_ref"] == ["A2.1"]
    assert from_dict(doc).activities[0].catalogue_ref == ("A2.1",)


def test_similarity__finds_the_measure_of_most_sample_activities_from_their_words(sample_plan):
    index = MeasureIndex(load_catalogue("en"))
    first = top3 = 0
    for act in sample_plan.activities:
        found = [s.measure for s in index.suggest(f"{act.description} {act.expected_output}")]
        first += found[:1] == list(act.catalogue_ref[:1])
        top3 += act.catalogue_ref[0] in found
    # measured on the sample: 58 of 68 first, 64 of 68 among the three
    assert first >= 55 and top3 >= 62, (first, top3)


def test_similarity__explains_itself_and_works_in_french():
    english = MeasureIndex(load_catalogue("en")).suggest(
        "Open a shelter with places for child victims and boys")
    assert english[0].measure == "B2.1" and "shelter" in english[0].words
    french = MeasureIndex(load_catalogue("fr")).suggest(
        "Ouvrir un foyer d'hébergement sécurisé pour les victimes masculines")
    assert french[0].measure == "B2.1"
    assert MeasureIndex(load_catalogue("en")).suggest("the and of") == []
