"""Loads the catalogue of standard measures: areas, strategic goals and measures, in a language.

The standard catalogue is ``workbook_templates/measures/standard.toml`` (what does not depend on
language) with one text file per language (``measures/<language>.toml``). A country adds its own
measures in a file of its own: ``$NAP_TOOLKIT_MEASURES`` when set, else
``workbook_templates/measures/national.toml`` when present. Its measures carry their texts per
language and the provenance ``N``.
"""

from __future__ import annotations

import functools
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from toolkit.declarations.source import read_toml
from toolkit.findings import FindingError, finding, quote
from toolkit.resources import templates_dir

MEASURES_ENV = "NAP_TOOLKIT_MEASURES"
NATIONAL = "N"
"""The provenance of a country's own measures."""
TEXT_FIELDS = ("text", "lead", "output", "outcome")


class CatalogueError(FindingError):
    """The country's file of measures cannot be used (exit status 3)."""


@dataclass(frozen=True)
class CatalogueArea:
    """An area of the catalogue and the articles that anchor it."""

    code: str
    label: str
    legal_anchor: str


@dataclass(frozen=True)
class StrategicGoal:
    """A strategic goal of the catalogue, grouping measures under one area."""

    code: str
    area: str
    title: str
    provenance: str


@dataclass(frozen=True)
class Measure:
    """One standard measure, with the indicators that usually go with it (T1's catalogue ref)."""

    id: str
    area: str
    goal: str
    text: str
    lead: str = ""
    output: str = ""
    outcome: str = ""
    legal_anchor: str = ""
    provenance: str = "R"
    guide_ref: str = ""

    @property
    def indicator_kinds(self) -> tuple[str, ...]:
        """The levels of indicator that usually go with the measure: output, outcome."""
        return tuple(level for level in ("output", "outcome") if getattr(self, level))


@dataclass(frozen=True)
class Catalogue:
    """The catalogue in one language: standard measures first, then the country's own."""

    language: str
    areas: tuple[CatalogueArea, ...]
    goals: tuple[StrategicGoal, ...]
    measures: tuple[Measure, ...]
    stopwords: frozenset[str] = frozenset()
    suffixes: tuple[str, ...] = ()
    national_file: str = ""

    @functools.cached_property
    def by_id(self) -> dict[str, Measure]:
        """The measures by id."""
        return {m.id: m for m in self.measures}

    def goal(self, code: str) -> StrategicGoal:
        """The strategic goal with this code."""
        return next(g for g in self.goals if g.code == code)

    def area(self, code: str) -> CatalogueArea:
        """The area with this code."""
        return next(a for a in self.areas if a.code == code)


def _toml(path: Path) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def _declared(path: Path) -> dict:
    """A file of the standard catalogue (a declaration: DeclarationError when it is broken)."""
    return read_toml(path)


def national_path() -> Path | None:
    """The country's file of measures, or None when there is none."""
    chosen = os.environ.get(MEASURES_ENV)
    if chosen:
        return Path(chosen)
    default = templates_dir() / "measures" / "national.toml"
    return default if default.is_file() else None


def _in(texts: dict, language: str) -> str:
    """A text of a national entry in ``language``, else English, else any language."""
    if not isinstance(texts, dict):
        return str(texts or "")
    for lang in (language, "en", *texts):
        if texts.get(lang):
            return str(texts[lang])
    return ""


def _standard(language: str) -> tuple[tuple, tuple, tuple, dict]:
    folder = templates_dir() / "measures"
    structure = _declared(folder / "standard.toml")
    english = _declared(folder / "en.toml")
    local = _declared(folder / f"{language}.toml") if (folder / f"{language}.toml").is_file() \
        else english

    def text(section: str, key: str, field: str | None = None) -> str:
        for source in (local, english):
            entry = source.get(section, {}).get(key)
            value = entry.get(field, "") if field and isinstance(entry, dict) else entry
            if value:
                return str(value)
        return ""

    areas = tuple(CatalogueArea(a["code"], text("area", a["code"]), a["legal_anchor"])
                  for a in structure["area"])
    goals = tuple(StrategicGoal(g["code"], g["area"], text("goal", g["code"]), g["provenance"])
                  for g in structure["goal"])
    area_of = {g.code: g.area for g in goals}
    measures = tuple(Measure(m["id"], area_of[m["goal"]], m["goal"],
                             *(text("measure", m["id"], f) for f in TEXT_FIELDS),
                             m.get("legal_anchor", ""), m["provenance"], m.get("guide_ref", ""))
                     for m in structure["measure"])
    return areas, goals, measures, local.get("similarity") or english.get("similarity", {})


class _National:
    """Reads the country's file, reporting each problem at its TOML path."""

    def __init__(self, path: Path, language: str, goals: tuple, known: set[str]):
        self.path, self.language = path, language
        self.goals, self.known = list(goals), set(known)
        self.areas = {g.area for g in goals}

    def fail(self, code: str, where: str, **params) -> None:
        raise CatalogueError(finding(code, self.path, "", where, **params))

    def read(self) -> tuple[tuple, tuple]:
        try:
            raw = _toml(self.path)
        except FileNotFoundError:
            self.fail("MEAS_001", "", reason="the file does not exist")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            self.fail("MEAS_001", "", reason=str(exc))
        goals = [self.goal(entry, f"goal[{i}]") for i, entry in enumerate(raw.get("goal", []))]
        measures = [self.measure(entry, f"measure[{i}]")
                    for i, entry in enumerate(raw.get("measure", []))]
        return tuple(goals), tuple(measures)

    def field(self, entry, where: str, name: str) -> object:
        value = entry.get(name) if isinstance(entry, dict) else None
        if value in (None, "", {}):
            self.fail("MEAS_002", f"{where}.{name}", field=name)
        return value

    def goal(self, entry, where: str) -> StrategicGoal:
        code, area = str(self.field(entry, where, "code")), str(self.field(entry, where, "area"))
        if area not in self.areas:
            self.fail("MEAS_004", f"{where}.area", value=quote(area),
                      known=", ".join(sorted(self.areas)))
        self.unique(code, f"{where}.code")
        found = StrategicGoal(code, area, _in(self.field(entry, where, "title"), self.language),
                              NATIONAL)
        self.goals.append(found)
        return found

    def measure(self, entry, where: str) -> Measure:
        mid, goal = str(self.field(entry, where, "id")), str(self.field(entry, where, "goal"))
        area = next((g.area for g in self.goals if g.code == goal), None)
        if area is None:
            self.fail("MEAS_006", f"{where}.goal", value=quote(goal),
                      known=", ".join(g.code for g in self.goals))
        self.unique(mid, f"{where}.id")
        texts = [_in(entry.get(name, ""), self.language) for name in TEXT_FIELDS]
        self.field(entry, where, "text")
        return Measure(mid, area, goal, *texts, str(entry.get("legal_anchor", "")), NATIONAL,
                       str(entry.get("guide_ref", "")))

    def unique(self, code: str, where: str) -> None:
        if code in self.known:
            self.fail("MEAS_003", where, value=quote(code))
        self.known.add(code)


@functools.lru_cache(maxsize=8)
def _load(language: str, national: str, stamp: float) -> Catalogue:
    areas, goals, measures, similarity = _standard(language)
    if national:
        known = {g.code for g in goals} | {m.id for m in measures}
        more_goals, more = _National(Path(national), language, goals, known).read()
        goals, measures = goals + more_goals, measures + more
    return Catalogue(language, areas, goals, measures,
                     frozenset(similarity.get("stopwords", ())),
                     tuple(similarity.get("suffixes", ())), national)


def load_catalogue(language: str = "en") -> Catalogue:
    """The catalogue in ``language`` (texts it lacks in English), with the country's measures.

    Raises:
        CatalogueError: the country's file is missing, unreadable or inconsistent.
    """
    path = national_path()
    stamp = path.stat().st_mtime if path is not None and path.is_file() else 0.0
    return _load(language, str(path) if path else "", stamp)
