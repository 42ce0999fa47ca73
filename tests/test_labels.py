"""The label catalogues: every language has the keys and placeholders of English, and valid names."""

from __future__ import annotations

import re

import pytest

from toolkit.declarations.labels import labels, languages
from toolkit.limits import sheet_name_problem

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
OTHERS = [lang for lang in languages() if lang != "en"]


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_french_catalogue_exists():
    assert "fr" in languages()


@pytest.mark.parametrize("lang", OTHERS)
def test_same_keys_as_english(lang):
    english, other = labels("en"), labels(lang)
    assert sorted(set(english) - set(other)) == [], f"{lang}.toml lacks keys"
    assert sorted(set(other) - set(english)) == [], f"{lang}.toml has keys English lacks"


@pytest.mark.parametrize("lang", OTHERS)
def test_same_placeholders_as_english(lang):
    english, other = labels("en"), labels(lang)
    wrong = {key: (sorted(_placeholders(english[key])), sorted(_placeholders(other[key])))
             for key in english.keys() & other.keys()
             if _placeholders(english[key]) != _placeholders(other[key])}
    assert wrong == {}


@pytest.mark.parametrize("lang", OTHERS)
def test_same_array_lengths_as_english(lang):
    english, other = labels("en"), labels(lang)
    for key in ("plan.instructions", "report.cover.instructions"):
        assert len(other[key].split("\n")) == len(english[key].split("\n")), key


@pytest.mark.parametrize("lang", languages())
def test_footer_codes_kept(lang):
    footer = labels(lang)["report.footer"]
    for code in ("&L", "&C", "&R", "&P", "&N"):
        assert code in footer, code


@pytest.mark.parametrize("lang", languages())
def test_sheet_names_are_valid(lang):
    text = labels(lang)
    names = {key: value for key, value in text.items() if key.startswith("report.sheet.")}
    assert names, "no report.sheet.* labels"
    problems = {key: sheet_name_problem(value) for key, value in names.items()
                if sheet_name_problem(value)}
    assert problems == {}
    folded = [value.casefold() for value in names.values()]
    assert len(folded) == len(set(folded)), "two sheet names differ only by case"


@pytest.mark.parametrize("lang", languages())
def test_validation_texts_fit(lang):
    text = labels(lang)
    assert len(text["report.validation.title"]) <= 32
    for key, value in text.items():
        if key.startswith("report.validation."):
            assert len(value) <= 255, key


@pytest.mark.parametrize("lang", languages())
def test_plan_reads_codelists_sheet_by_its_fixed_name(lang):
    from toolkit.plan.layout import CODELISTS_SHEET

    assert labels(lang)["plan.sheets.Codelists"] == CODELISTS_SHEET
