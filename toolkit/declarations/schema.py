"""A small validator for the declarations: a schema is plain data, and every problem is a
finding located by the key it concerns, as the file spells it (``[area].columns[12].type``;
items of a list are counted from 1).

A schema is built from a few value kinds: :data:`TEXT`, :data:`BOOL`, :class:`Whole`,
:class:`Pattern`, :class:`OneOf`, :class:`ListOf`, :class:`Table` (known keys, each a
:class:`Key`), :class:`Tables` (a list of tables with an identifying key) and :class:`MapOf`
(free keys). :func:`check` walks a parsed file along its schema, collects every problem (not
only the first) and returns the data with the defaults filled in.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.findings import Finding, finding

_MISSING = object()


@dataclass(frozen=True)
class Where:
    """A place in a declaration file: the table headers, then keys and 1-based item numbers,
    and the item it belongs to (``column spent_source``), named in messages."""

    header: tuple[str, ...] = ()
    rest: str = ""
    item: str = ""

    def key(self, name: str, table: bool) -> Where:
        """The place of ``name`` inside this one; ``table``: its value is a table."""
        if table and not self.rest:
            return Where(self.header + (name,), "", self.item)
        return Where(self.header, f"{self.rest}.{name}" if self.rest or self.header else name,
                     self.item)

    def index(self, n: int, item: str = "") -> Where:
        """The place of the ``n``-th (0-based) item of the list here."""
        return Where(self.header, f"{self.rest}[{n + 1}]", item or self.item)

    def __str__(self) -> str:
        head = f"[{'.'.join(self.header)}]" if self.header else ""
        return head + self.rest

    @property
    def of(self) -> str:
        """`` in column spent_source``, or nothing outside a named item."""
        return f" in {self.item}" if self.item else ""


@dataclass
class Problems:
    """The problems found in one file so far."""

    path: Path
    found: list[Finding] = field(default_factory=list)

    def add(self, code: str, where: Where | str, **params) -> None:
        """A problem at ``where``; a message that names the item takes ``of=where.of``."""
        self.found.append(finding(code, self.path, "", str(where), **params))


def shown(value: Any) -> str:
    """A value as a message quotes it: text in quotes, tables and lists by what they are."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (dt.date, dt.time)):
        return f"the date {value}"
    return str(value)


def suggestion(value: Any, choices) -> str:
    """`` (did you mean "x"?)`` for a near miss among ``choices``, or nothing."""
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


class Kind:
    """A kind of value; :meth:`check` returns the value to use, or ``_MISSING`` when wrong."""

    expected = "a value"

    def check(self, value: Any, where: Where, out: Problems) -> Any:
        return value

    def wrong(self, value: Any, where: Where, out: Problems) -> Any:
        out.add("DECL_005", where, value=shown(value), expected=self.expected, of=where.of)
        return _MISSING


class _Text(Kind):
    expected = "a text in quotes"

    def check(self, value, where, out):
        return value if isinstance(value, str) else self.wrong(value, where, out)


class _Bool(Kind):
    expected = "true or false"

    def check(self, value, where, out):
        return value if isinstance(value, bool) else self.wrong(value, where, out)


class _Scalar(Kind):
    expected = "a text, a number or a date"

    def check(self, value, where, out):
        if isinstance(value, (dict, list)):
            return self.wrong(value, where, out)
        return value


TEXT, BOOL, SCALAR = _Text(), _Bool(), _Scalar()


@dataclass(frozen=True)
class Whole(Kind):
    """A whole number from ``low`` to ``high``."""

    low: int
    high: int

    @property
    def expected(self) -> str:
        return f"a whole number from {self.low:,} to {self.high:,}"

    def check(self, value, where, out):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return value if ok and self.low <= value <= self.high else self.wrong(value, where, out)


@dataclass(frozen=True)
class Number(Kind):
    """Any number (a whole one or not)."""

    expected = "a number"

    def check(self, value, where, out):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return value if ok else self.wrong(value, where, out)


@dataclass(frozen=True)
class Pattern(Kind):
    """A text matching ``regex``; ``expected`` says in words what it takes."""

    regex: str
    expected: str

    def check(self, value, where, out):
        if isinstance(value, str) and re.fullmatch(self.regex, value):
            return value
        return self.wrong(value, where, out)


@dataclass(frozen=True)
class OneOf(Kind):
    """One of a fixed set of texts; ``what`` names the setting in the message."""

    choices: tuple[str, ...]
    what: str

    @property
    def expected(self) -> str:
        return f"one of: {', '.join(self.choices)}"

    def check(self, value, where, out):
        if not isinstance(value, str):
            return TEXT.wrong(value, where, out)
        if value not in self.choices:
            out.add("DECL_006", where, what=self.what, value=shown(value), of=where.of,
                    suggestion=suggestion(value, self.choices), known=", ".join(self.choices))
            return _MISSING
        return value


@dataclass(frozen=True)
class ListOf(Kind):
    """A list of values of one kind; ``unique``: no value twice."""

    item: Kind
    unique: bool = False
    least: int = 0

    @property
    def expected(self) -> str:
        return f"a list in square brackets{' of at least one value' if self.least else ''}"

    def check(self, value, where, out):
        if not isinstance(value, list) or len(value) < self.least:
            return self.wrong(value, where, out)
        items, first = [], {}
        for n, raw in enumerate(value):
            place = where.index(n)
            got = self.item.check(raw, place, out)
            if got is _MISSING:
                continue
            if self.unique and isinstance(got, str):
                if got in first:
                    out.add("DECL_007", place, what="the value", value=shown(got), of=place.of,
                            first=str(first[got]))
                    continue
                first[got] = place
            items.append(got)
        return items


@dataclass(frozen=True)
class Key:
    """A key of a table: its kind, whether it must be given, its default otherwise."""

    kind: Kind
    required: bool = False
    default: Any = None


@dataclass(frozen=True)
class Table(Kind):
    """A table with known keys: unknown keys and missing required ones are problems."""

    keys: dict[str, Key]
    expected = "a table"

    def check(self, value, where, out):
        if not isinstance(value, dict):
            return self.wrong(value, where, out)
        got: dict[str, Any] = {}
        for name, raw in value.items():
            if name not in self.keys:
                out.add("DECL_003", where.key(name, False), key=name, of=where.of,
                        suggestion=suggestion(name, self.keys), known=", ".join(self.keys))
                continue
            kind = self.keys[name].kind
            place = where.key(name, isinstance(kind, (Table, MapOf)))
            checked = kind.check(raw, place, out)
            if checked is not _MISSING:
                got[name] = checked
        for name, key in self.keys.items():
            if name in value:
                continue
            if key.required:
                out.add("DECL_004", where, missing=f"the key {name}", of=where.of,
                        expected=key.kind.expected)
            elif key.default is not None:
                got[name] = key.default
        return got


@dataclass(frozen=True)
class Tables(Kind):
    """A list of tables, each named by its ``ident`` key (unique); ``noun`` names one item in
    messages (``column status``)."""

    table: Table
    ident: str
    noun: str
    least: int = 1

    @property
    def expected(self) -> str:
        return f"a list of tables, at least {self.least}"

    def check(self, value, where, out):
        if not isinstance(value, list) or len(value) < self.least:
            return self.wrong(value, where, out)
        items, first = [], {}
        for n, raw in enumerate(value):
            name = raw.get(self.ident) if isinstance(raw, dict) else None
            place = where.index(n, f"{self.noun} {name}" if isinstance(name, str) else "")
            got = self.table.check(raw, place, out)
            if got is _MISSING:
                continue
            name = got.get(self.ident)
            if isinstance(name, str) and name in first:
                out.add("DECL_007", place.key(self.ident, False), what=f"the {self.noun}",
                        value=shown(name), first=str(first[name]), of="")
                continue
            first[name] = place
            items.append(got)
        return items


@dataclass(frozen=True)
class MapOf(Kind):
    """A table of free keys (matching ``names``), each holding a value of one kind."""

    names: Pattern
    value: Kind
    expected = "a table"

    def check(self, value, where, out):
        if not isinstance(value, dict):
            return self.wrong(value, where, out)
        got = {}
        for name, raw in value.items():
            place = where.key(name, False)
            if self.names.check(name, place, out) is _MISSING:
                continue
            checked = self.value.check(raw, place, out)
            if checked is not _MISSING:
                got[name] = checked
        return got


def check(data: dict, schema: Table, out: Problems) -> dict:
    """The file's data along ``schema``, defaults filled in; problems go to ``out``."""
    got = schema.check(data, Where(), out)
    return {} if got is _MISSING else got
