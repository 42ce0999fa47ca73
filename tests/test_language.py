"""One language throughout: every message, phrase, label and codelist value people read exists in
every language, is translated, and renders in the language asked for."""

from __future__ import annotations

import re
import tomllib

import pytest

from toolkit.declarations.labels import labels, languages
from toolkit.findings import finding, render, summary
from toolkit.language import (
    Label,
    codelist_key,
    codelist_label,
    message_languages,
    phrase,
    say,
    translation,
    value_label,
)
from toolkit.messages import CATALOGUE, PHRASES
from toolkit.plan.codelists import DEFAULTS
from toolkit.resources import templates_dir

OTHERS = [lang for lang in languages() if lang != "en"]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")

SAME_IN_FRENCH = frozenset({
    "monitoring.column.justification", "review.column.justification",
    "review.column.participants", "review.column.description", "evaluation.criterion.impact",
    "evaluation.tor.column_code", "evaluation.tor.column_name", "evaluation.tor.column_type",
    "evaluation.tor.objective", "evaluation.tor.annexes",
    # Sheet names the toolkit reads by name, kept in English in every language.
    "plan.sheets.Codelists",
    # Words spelt the same in French.
    "plan.sheets.Instructions", "plan.meta.version", "plan.institutions.name",
    "plan.institutions.type", "report.cover.plan", "report.cover.institution",
    "report.area.description", "report.indicators.total", "report.indicators.source",
    "report.statistics.total", "report.signoff.date", "report.unit.score",
    "codelist.level.impact", "codelist.confidentiality.public", "codelist.institution_type.police",
    "codelist.institution_level.national", "codelist.institution_level.local",
    "codelist.referral_source.police", "plan.measures.provenance", "coverage.provenance",
    "coverage.description", "coverage.suggestion", "plan.recommendations.source",
    "plan.recommendations.date", "codelist.recommendation_source.GRETA",
    "report.sheet.observations", "report.recommendations.source",
    "report.observations.observation", "tracker.institution", "tracker.source",
    # Symbols.
    "report.unit.percent",
    # The monitoring report: words spelt the same in French, a dash, a caption's pattern.
    "monitoring.blank", "monitoring.total", "monitoring.sheet.budget", "monitoring.group.budget",
    "monitoring.column.institution", "monitoring.column.description", "monitoring.column.code",
    "monitoring.column.total", "monitoring.column.question", "monitoring.t5.annexes",
    "monitoring.t5.figure", "monitoring.history.budget",
})
"""Label keys whose French is legitimately the English (reviewed one by one)."""

SAME_MESSAGES = frozenset({"BTN_006.text", "VBA_001.text", "value.quoted", "series.break"})
"""Message texts that are only placeholders (with the brackets around the second), and the
straight quotes that delimit a value as typed, in every language."""

CODELISTS_SHOWN = ("frequency", "indicator_frequency", "level", "unit", "polarity", "aggregation",
                   "confidentiality", "funding_status", "statistics", "disaggregation", "status",
                   "language", "rating", "funding_source", "institution_type",
                   "institution_level", "collection_method", "risk_status", "sex", "age_group",
                   "citizenship", "exploitation", "referral_source", "recommendation_status",
                   "observation", "recommendation_source", "recommendation_strength")
"""Every codelist of the plan whose values people read (all but ``region``, which the plan
fills)."""
VERDICTS = ("accepted", "accepted with errors", "rejected", "superseded", "duplicate", "ignored")


def _raw_messages(lang: str) -> dict:
    with open(templates_dir() / "messages" / f"{lang}.toml", "rb") as fh:
        return tomllib.load(fh)


def _texts(lang: str) -> dict[str, str]:
    """Every text of a language's message file, by ``CODE.text``/``CODE.hint``/phrase key."""
    raw = _raw_messages(lang)
    texts = {f"{code}.{part}": entry[part] for code, entry in raw.get("message", {}).items()
             for part in entry}
    texts.update(raw.get("phrase", {}))
    return texts


def _english() -> dict[str, str]:
    texts = {f"{code}.{part}": getattr(m, part) for code, m in CATALOGUE.items()
             for part in ("text", "hint")}
    texts.update(PHRASES)
    return texts


def test_every_language__has_labels_and_messages():
    assert "fr" in OTHERS
    assert message_languages() == languages()


@pytest.mark.parametrize("lang", OTHERS)
def test_messages__every_code_and_phrase_is_translated(lang):
    english, other = _english(), _texts(lang)
    assert sorted(set(english) - set(other)) == [], f"messages/{lang}.toml lacks these"
    assert sorted(set(other) - set(english)) == [], f"messages/{lang}.toml has unknown keys"
    same = sorted(key for key in english if other[key] == english[key]
                  and key not in SAME_MESSAGES)
    assert same == [], f"messages/{lang}.toml leaves these in English"


@pytest.mark.parametrize("lang", OTHERS)
def test_messages__keep_the_placeholders_of_english(lang):
    english, other = _english(), _texts(lang)
    wrong = {key: (sorted(set(PLACEHOLDER.findall(english[key]))),
                   sorted(set(PLACEHOLDER.findall(other[key]))))
             for key in english.keys() & other.keys()
             if set(PLACEHOLDER.findall(english[key])) != set(PLACEHOLDER.findall(other[key]))}
    assert wrong == {}


@pytest.mark.parametrize("lang", OTHERS)
def test_labels__every_key_is_translated(lang):
    english, other = labels("en"), labels(lang)
    assert sorted(set(english) - set(other)) == [], f"labels/{lang}.toml lacks these"
    same = sorted(key for key in english if other[key] == english[key]
                  and key not in SAME_IN_FRENCH)
    assert same == [], f"labels/{lang}.toml leaves these in English"


def test_same_in_french__lists_only_keys_that_exist_and_are_the_same():
    english, french = labels("en"), labels("fr")
    assert sorted(k for k in SAME_IN_FRENCH if english.get(k) != french.get(k)) == []


def test_french__follows_french_typography():
    """A non-breaking space before : ; ? ! and inside « », never an ordinary one, so that a
    line never starts with the sign."""
    texts = {**{f"labels.{k}": v for k, v in labels("fr").items()},
             **{f"messages.{k}": v for k, v in _texts("fr").items()}}
    wrong = {key: text for key, text in texts.items()
             if re.search(r" [:;?!»]|« ", text.replace("\n", " "))}
    assert wrong == {}


@pytest.mark.parametrize("lang", languages())
def test_codelists__every_value_people_read_has_a_label(lang):
    shown = [(name, code) for name in CODELISTS_SHOWN for code in DEFAULTS[name]]
    shown += [("verdict", v) for v in VERDICTS] + [("yes_no", "yes"), ("yes_no", "no")]
    shown += [("indicator_rating", v) for v in ("green", "amber", "red", "not_rated")]
    shown += [("role", "lead"), ("role", "partner")]
    text = labels(lang)
    assert [item for item in shown if codelist_key(*item) not in text] == []


def test_codelist_label__translates_and_keeps_unknown_codes():
    assert codelist_label("fr", "status", "Ongoing - delayed") == "En cours (en retard)"
    assert codelist_label("fr", "funding_source", "State budget") == "Budget de l'État"
    assert codelist_label("fr", "age_group", "18+") == "18 ans et plus"
    assert codelist_label("fr", "verdict", "accepted with errors") == "Accepté avec erreurs"
    assert codelist_label("en", "unit", "rate-100k") == "per 100,000"
    assert codelist_label("fr", "region", "North") == "North"
    assert codelist_label("fr", "funding_source", "EU grant") == "EU grant"


def test_finding__renders_in_the_language_asked_for():
    item = finding("ST_001", "returns/moi.xlsx", "Indicators", "", name="Indicators")
    assert str(item) == item.text("en") == (
        "returns/moi.xlsx:Indicators: the sheet Indicators is missing, so its values cannot be "
        "read. Send the workbook with all its sheets; do not delete or rename sheets [ST_001]")
    assert item.text("fr") == (
        "returns/moi.xlsx:Indicators\u00a0: la feuille Indicators est absente\u00a0; ses "
        "valeurs ne peuvent donc pas être lues. Envoyez le classeur avec toutes ses "
        "feuilles\u00a0; ne supprimez ni ne renommez aucune feuille [ST_001]")
    assert render([item], "fr") == [item.text("fr")]
    assert summary([item], "fr") == "1 erreur(s), 0 avertissement(s)"
    assert summary([item]) == "1 error(s), 0 warning(s)"


def test_finding__renders_phrases_and_labels_given_as_parameters():
    item = finding("CONS_007", "moi.xlsx", "Indicators", "H7",
                   rating=value_label("indicator_rating", "amber"))
    assert item.message == "the indicator is rated Amber but no explanation is given"
    assert item.message_in("fr") == "l'indicateur est noté Orange, mais aucune explication " \
                                    "n'est donnée"
    assert Label("report.yes").render("fr") == "Oui"
    assert say("fr", "line.summary", errors=2, warnings=0) == "2 erreur(s), 0 avertissement(s)"


def test_phrase__checks_its_parameters_when_built():
    with pytest.raises(TypeError, match=r"missing \['warnings'\]"):
        phrase("line.summary", errors=1)
    with pytest.raises(KeyError):
        phrase("no.such.phrase")


def test_translation__falls_back_to_english_for_a_language_without_messages():
    assert translation("xx").messages["WB_007"] == (CATALOGUE["WB_007"].text,
                                                     CATALOGUE["WB_007"].hint)
