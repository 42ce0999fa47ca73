"""Findings: located, graded problems, and how they print.

A finding names the file, the sheet and cell (or a JSON path), what was expected, what was found and
what to do, and ends with a stable code from the message catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from toolkit.language import ENGLISH, Phrase, fill, phrase, template_fields, translation
from toolkit.messages import CATALOGUE

ERROR = "error"
WARNING = "warning"

_PLAIN_SHEET = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def sheet_ref(sheet: str) -> str:
    """A sheet name as Excel spells it in a reference: quoted when it holds spaces or symbols."""
    if _PLAIN_SHEET.match(sheet) and not re.match(r"^[A-Za-z]{1,3}[0-9]+$", sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


@dataclass(frozen=True)
class Finding:
    """One problem, with where it is and what to do about it."""

    code: str
    file: str
    sheet: str = ""
    cell: str = ""
    params: tuple[tuple[str, object], ...] = ()

    @property
    def severity(self) -> str:
        """``error`` (the value or file is not used) or ``warning`` (used and flagged)."""
        return CATALOGUE[self.code].severity

    @property
    def message(self) -> str:
        """What was expected and what was found, in plain words (English)."""
        return self.message_in(ENGLISH)

    @property
    def hint(self) -> str:
        """What the reader should do next (English)."""
        return self.hint_in(ENGLISH)

    def message_in(self, language: str) -> str:
        """What was expected and what was found, in ``language``."""
        return fill(translation(language).messages[self.code][0], self.params, language)

    def hint_in(self, language: str) -> str:
        """What the reader should do next, in ``language``."""
        return fill(translation(language).messages[self.code][1], self.params, language)

    def text(self, language: str = ENGLISH) -> str:
        """The whole line in ``language``: location, message, hint and code."""
        return translation(language).phrases["line.finding"].format(
            location=self.location, message=self.message_in(language),
            hint=self.hint_in(language), code=self.code)

    def render(self, language: str = ENGLISH) -> str:
        """The message alone in ``language``, for a finding quoted inside another one."""
        return self.message_in(language)

    @property
    def exit_code(self) -> int:
        """The exit code of a command that this finding stops, or that it ends with when it is
        the worst among others (see ``toolkit.messages``)."""
        return CATALOGUE[self.code].exit

    def at(self, file: str | Path, sheet: str = "", cell: str = "") -> Finding:
        """The same finding at another place: a check that did not know where its input came
        from is located by its caller."""
        return replace(self, file=str(file), sheet=sheet, cell=cell)

    @property
    def location(self) -> str:
        """``file:Sheet!A1``, ``file:Sheet``, ``file:path.in.json`` or just the file."""
        where = self.file
        if self.sheet and self.cell:
            return f"{where}:{sheet_ref(self.sheet)}!{self.cell}"
        if self.sheet:
            return f"{where}:{sheet_ref(self.sheet)}"
        if self.cell:
            return f"{where}:{self.cell}"
        return where

    def __str__(self) -> str:
        return self.text(ENGLISH)

    def param(self, name: str) -> object:
        """One of the values the message was built from."""
        return dict(self.params).get(name)


_FIELDS: dict[str, frozenset[str]] = {}
"""The parameters each message takes, by code (filled on first use)."""


def message_fields(code: str) -> frozenset[str]:
    """The parameters the message ``code`` takes: the placeholders of its text and hint."""
    fields = _FIELDS.get(code)
    if fields is None:
        message = CATALOGUE[code]
        fields = _FIELDS[code] = template_fields(message.text, message.hint)
    return fields


def finding(code: str, file: str | Path, sheet: str = "", cell: str = "", /,
            **params) -> Finding:
    """Build a finding, checked against its message so that it can always be printed.

    Raises:
        KeyError: ``code`` is not in the catalogue.
        TypeError: a parameter the message needs is missing, or one it does not use is given.
    """
    if code not in CATALOGUE:
        raise KeyError(f"no message {code} in the catalogue")
    expected = message_fields(code)
    if params.keys() != expected:
        missing = sorted(expected - params.keys())
        unexpected = sorted(params.keys() - expected)
        raise TypeError(f"{code} takes the parameters {sorted(expected)}: "
                        f"missing {missing}, unexpected {unexpected}")
    return Finding(code, str(file), sheet, cell, tuple(sorted(params.items())))


class FindingError(Exception):
    """Work that cannot go on, for the reason one finding gives (``finding``).

    Attributes:
        finding: Why the work stopped; its message gives the exit code.
        findings: Findings to list before it (the plan's problems, say).
        language: The language to show them in: the plan's, once a plan was read.
    """

    def __init__(self, found: Finding, findings: Iterable[Finding] = (),
                 language: str = ENGLISH):
        super().__init__(str(found))
        self.finding = found
        self.findings = list(findings)
        self.language = language

    @property
    def exit_code(self) -> int:
        """The exit code of the command it stops."""
        return self.finding.exit_code


def severity_counts(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings) among the findings."""
    errors = warnings = 0
    for f in findings:
        if f.severity == ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def summary(findings: Iterable[Finding], language: str = ENGLISH) -> str:
    """``2 error(s), 1 warning(s)``, in ``language``."""
    errors, warnings = severity_counts(findings)
    return translation(language).phrases["line.summary"].format(errors=errors,
                                                                 warnings=warnings)


def render(findings: Iterable[Finding], language: str = ENGLISH) -> list[str]:
    """Each finding as one line in ``language``."""
    return [item.text(language) for item in findings]


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any finding is of error severity."""
    return any(f.severity == ERROR for f in findings)


def quote(value: object, limit: int = 60) -> str | Phrase:
    """A value as shown inside a message: strings in quotes, long ones shortened."""
    if value is None:
        return phrase("value.empty_cell")
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"' if isinstance(value, str) else text
