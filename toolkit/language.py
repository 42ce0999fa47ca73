"""The texts people read, in the plan's working language.

English lives in the code: message texts in ``toolkit.messages.CATALOGUE``, phrases (sentences
and fragments the commands put into messages and their own lines) in ``toolkit.messages.PHRASES``.
Other languages live in data files: ``workbook_templates/messages/<language>.toml`` for messages
and phrases, ``workbook_templates/labels/<language>.toml`` for labels and codelist values. Adding
a language means adding those two files. A text missing from a translation falls back to
English (a test keeps every translation complete).

Values that must be rendered in the reader's language travel as :class:`Phrase` (a phrase and
its parameters) or :class:`Label` (a label or codelist value); anything else is shown as it is.
"""

from __future__ import annotations

import difflib
import errno
import functools
import re
import string
import tomllib
from dataclasses import dataclass

from toolkit.messages import CATALOGUE, PHRASES
from toolkit.plan.codelists import STATUS_KEYS
from toolkit.resources import templates_dir

ENGLISH = "en"

CODELIST_SECTIONS: dict[str, str] = {
    "status": "report.status", "unit": "report.unit", "disaggregation": "report.dimension",
    "indicator_rating": "report.rating", "role": "report.role", "yes_no": "report",
    "statistics_table": "report.stats.table", "statistics_item": "report.stats.item",
    "statistics_axis": "report.stats.axis"}
"""Codelists whose labels the reporting workbooks already show, by their label section; every
other codelist ``name`` has its labels under ``codelist.<name>``."""


@functools.lru_cache(maxsize=None)
def template_fields(*templates: str) -> frozenset[str]:
    """The names of the ``{placeholders}`` in text templates."""
    return frozenset(re.split(r"[.\[]", name, maxsplit=1)[0]
                     for template in templates
                     for _text, name, _spec, _conv in string.Formatter().parse(template)
                     if name is not None)


@dataclass(frozen=True)
class Translation:
    """The messages (code -> (text, hint)) and phrases (key -> text) of one language."""

    messages: dict[str, tuple[str, str]]
    phrases: dict[str, str]


@functools.lru_cache(maxsize=None)
def translation(language: str) -> Translation:
    """The messages and phrases of ``language``; English comes from ``toolkit.messages``."""
    english = Translation({code: (m.text, m.hint) for code, m in CATALOGUE.items()},
                          dict(PHRASES))
    path = templates_dir() / "messages" / f"{language}.toml"
    if language == ENGLISH or not path.is_file():
        return english
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    messages = dict(english.messages)
    for code, entry in raw.get("message", {}).items():
        if code in messages:
            messages[code] = (entry.get("text", messages[code][0]),
                              entry.get("hint", messages[code][1]))
    phrases = dict(english.phrases)
    phrases.update({key: text for key, text in raw.get("phrase", {}).items() if key in phrases})
    return Translation(messages, phrases)


def message_languages() -> list[str]:
    """The languages that have a message file, English included."""
    found = {p.stem for p in (templates_dir() / "messages").glob("*.toml")}
    return sorted(found | {ENGLISH})


def render_value(value: object, language: str) -> object:
    """A parameter as shown in ``language``: phrases and labels rendered, anything else as is."""
    render = getattr(value, "render", None)
    return render(language) if render is not None else value


def fill(template: str, params, language: str) -> str:
    """``template`` with its placeholders filled by ``params`` rendered in ``language``."""
    if not params:
        return template
    return template.format(**{name: render_value(value, language) for name, value in params})


@dataclass(frozen=True)
class Phrase:
    """A phrase of the catalogue with its parameters, rendered in the reader's language."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def render(self, language: str = ENGLISH) -> str:
        """The phrase in ``language``."""
        return fill(translation(language).phrases[self.key], self.params, language)

    def __str__(self) -> str:
        return self.render(ENGLISH)


def phrase(key: str, /, **params) -> Phrase:
    """A phrase from ``toolkit.messages.PHRASES``, checked against its template.

    Raises:
        KeyError: no such phrase.
        TypeError: a parameter the phrase needs is missing, or one it does not use is given.
    """
    expected = template_fields(PHRASES[key])
    if params.keys() != expected:
        raise TypeError(f"phrase {key} takes the parameters {sorted(expected)}: missing "
                        f"{sorted(expected - params.keys())}, unexpected "
                        f"{sorted(params.keys() - expected)}")
    return Phrase(key, tuple(sorted(params.items())))


def did_you_mean(value: object, choices) -> Phrase | str:
    """`` (did you mean "X"?)`` for a near miss among ``choices``, or an empty string."""
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return phrase("suggestion", value=close[0]) if close else ""


_ERRNO_PHRASES = {errno.EACCES: "os.EACCES", errno.EPERM: "os.EACCES",
                  errno.ENOENT: "os.ENOENT", errno.ENOSPC: "os.ENOSPC",
                  errno.EEXIST: "os.EEXIST", errno.ENOTDIR: "os.ENOTDIR",
                  errno.EISDIR: "os.EISDIR", errno.EROFS: "os.EROFS"}


def os_reason(exc: OSError) -> Phrase | str:
    """Why the system refused to read or write a file, in the reader's language where the
    toolkit knows the reason (the system's own words otherwise)."""
    key = _ERRNO_PHRASES.get(exc.errno or 0)
    if key is not None:
        return phrase(key)
    return exc.strerror or str(exc) or type(exc).__name__


def say(language: str, key: str, /, **params) -> str:
    """The phrase ``key`` rendered in ``language`` at once."""
    return phrase(key, **params).render(language)


def label(language: str, key: str) -> str:
    """A label of ``language``'s catalogue by its dotted key (English when it lacks it)."""
    found = labels(language).get(key)
    return found if found is not None else labels(ENGLISH)[key]


def codelist_key(codelist: str, code: str) -> str:
    """The label key of one value of a codelist."""
    if codelist == "status":
        code = STATUS_KEYS.get(code, code)
    elif codelist == "verdict":
        code = code.replace(" ", "_")
    section = CODELIST_SECTIONS.get(codelist, f"codelist.{codelist}")
    return f"{section}.{code}"


def codelist_label(language: str, codelist: str, code: str) -> str:
    """How a codelist value is shown in ``language``: its label, or the code itself when the
    catalogues have none (a value the plan added, a region)."""
    key = codelist_key(codelist, code)
    found = labels(language).get(key)
    if found is None:
        found = labels(ENGLISH).get(key)
    return code if found is None else found


@dataclass(frozen=True)
class Label:
    """A label (or a codelist value) rendered in the reader's language; ``lower`` for one
    that is quoted inside a sentence."""

    key: str
    lower: bool = False

    def render(self, language: str = ENGLISH) -> str:
        """The label in ``language``."""
        text = label(language, self.key)
        return text.lower() if self.lower else text

    def __str__(self) -> str:
        return self.render(ENGLISH)


def value_label(codelist: str, code: str) -> Label | str:
    """A codelist value that renders in the reader's language, or the code itself when no
    catalogue labels it."""
    key = codelist_key(codelist, code)
    return Label(key) if key in labels(ENGLISH) else code


def labels(language: str) -> dict[str, str]:
    """The label catalogue of ``language`` (imported here, not above: the declarations'
    errors are findings, and findings render through this module)."""
    from toolkit.declarations.labels import labels as catalogue

    return catalogue(language)
