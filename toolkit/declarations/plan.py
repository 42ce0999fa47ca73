"""``plan.toml``: the sheets and columns of the plan workbook, checked on load.

Each column holds one field of the plan model (``toolkit.plan.model``), so a column's key must
be a field of its part, every field without a default must have a column, and its type must be
one the reader knows (``enum:LIST`` naming a codelist, ``ref:PART`` a part others refer to).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.declarations import schema as S
from toolkit.declarations.source import DeclarationError, read_toml, templates_dir
from toolkit.limits import MAX_COLUMN_WIDTH, same_sheet_name, sheet_name_problem
from toolkit.plan.codelists import DEFAULTS
from toolkit.plan.model import PARTS, PlanMeta

PLAIN_TYPES = ("text", "code", "int", "number", "year", "date", "deadline", "sheetname",
               "email", "currency", "target", "codes", "measures")
LIST_TYPES = ("enum", "multi")
"""Types whose argument names a codelist: ``enum:level``."""
REF_TYPES = ("ref", "refs")
"""Types whose argument names a part: ``ref:institutions``."""
REF_PARTS = ("institutions", "areas", "goals", "objectives", "activities", "indicators",
             "results")
"""The parts a column may refer to (``results``: goals, objectives or activities)."""
KNOWN_TYPES = PLAIN_TYPES + tuple(f"{t}:LIST" for t in LIST_TYPES) + \
    tuple(f"{t}:PART" for t in REF_TYPES)


@dataclass(frozen=True)
class Column:
    """One declared column (or metadata field) and the value it takes."""

    key: str
    type: str
    required: bool = False
    width: int = 14
    example: Any = None
    min: float | None = None
    max: float | None = None

    @property
    def kind(self) -> str:
        """The type without its argument: ``enum:level`` gives ``enum``."""
        return self.type.split(":", 1)[0]

    @property
    def arg(self) -> str:
        """The type's argument: the codelist of an enum, the part of a ref."""
        return self.type.split(":", 1)[1] if ":" in self.type else ""


@dataclass(frozen=True)
class SheetDecl:
    """A declared data sheet: which plan part it holds and its columns in order."""

    part: str
    name: str
    columns: tuple[Column, ...]
    optional: bool = False
    """A sheet a plan workbook may leave out; its part is then empty."""

    def column(self, key: str) -> Column:
        """The column with this key."""
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class PlanLayout:
    """The plan workbook: the metadata sheet and the data sheets."""

    meta_sheet: str
    meta: tuple[Column, ...]
    sheets: tuple[SheetDecl, ...]

    def sheet(self, part: str) -> SheetDecl:
        """The declaration of the sheet holding one part."""
        return next(s for s in self.sheets if s.part == part)


NAME = S.Pattern(r"[a-z][a-z0-9_]*", "a key of lower-case letters, digits and underscores")
COLUMN = S.Table({
    "key": S.Key(NAME, required=True),
    "type": S.Key(S.TEXT, required=True),
    "required": S.Key(S.BOOL, default=False),
    "width": S.Key(S.Whole(1, MAX_COLUMN_WIDTH), default=14),
    "example": S.Key(S.SCALAR),
    "min": S.Key(S.Number()),
    "max": S.Key(S.Number()),
})
SCHEMA = S.Table({
    "meta": S.Key(S.Table({
        "sheet": S.Key(S.TEXT, required=True),
        "field": S.Key(S.Tables(COLUMN, "key", "field"), required=True),
    }), required=True),
    "sheet": S.Key(S.Tables(S.Table({
        "part": S.Key(S.OneOf(tuple(PARTS), "part"), required=True),
        "name": S.Key(S.TEXT, required=True),
        "optional": S.Key(S.BOOL, default=False),
        "columns": S.Key(S.Tables(COLUMN, "key", "column"), required=True),
    }), "part", "sheet"), required=True),
})


def _type_problem(out: S.Problems, where: S.Where, value: str) -> None:
    kind, _, arg = value.partition(":")
    if kind in PLAIN_TYPES and not arg:
        return
    if kind in LIST_TYPES + REF_TYPES and arg:
        known = tuple(DEFAULTS) if kind in LIST_TYPES else REF_PARTS
        if arg not in known:
            out.add("DECL_006", where, what="codelist" if kind in LIST_TYPES else "part",
                    value=S.shown(arg), suggestion=S.suggestion(arg, known),
                    known=", ".join(known), of=where.of)
        return
    out.add("DECL_006", where, what="type", value=S.shown(value), of=where.of,
            suggestion=S.suggestion(value, KNOWN_TYPES), known=", ".join(KNOWN_TYPES))


def _fields(out: S.Problems, where: S.Where, columns: list[dict], record: type) -> None:
    """Each column a field of the record type, each field without a default a column."""
    fields = {f.name: f for f in dataclasses.fields(record)}
    for n, column in enumerate(columns):
        place = where.index(n, f"column {column['key']}")
        if column["key"] not in fields:
            out.add("DECL_006", place.key("key", False), what="field", of=place.of,
                    value=S.shown(column["key"]), suggestion=S.suggestion(column["key"], fields),
                    known=", ".join(fields))
        _type_problem(out, place.key("type", False), column["type"])
    keys = {c["key"] for c in columns}
    for name, f in fields.items():
        if name not in keys and f.default is dataclasses.MISSING and \
                f.default_factory is dataclasses.MISSING:
            out.add("DECL_004", where, missing=f"a column with key = {S.shown(name)}", of=where.of,
                    expected="a column for every field the plan cannot do without")


def _sheets(out: S.Problems, data: dict) -> None:
    """Sheet names Excel accepts, no two alike, and a sheet for every part."""
    names = [(S.Where(("meta",)).key("sheet", False), data["meta"]["sheet"])]
    names += [(S.Where().key("sheet", False).index(n, f"sheet {s['part']}").key("name", False),
               s["name"]) for n, s in enumerate(data["sheet"])]
    seen: dict[str, S.Where] = {}
    for where, name in names:
        problem = sheet_name_problem(name)
        if problem:
            out.add("DECL_013", where, value=S.shown(name), reason=problem, of=where.of)
        other = next((w for n, w in seen.items() if same_sheet_name(n, name)), None)
        if other is not None:
            out.add("DECL_007", where, what="the sheet name", value=S.shown(name),
                    first=str(other), of=where.of)
        seen.setdefault(name, where)
    declared = {s["part"] for s in data["sheet"]}
    for part in PARTS:
        if part not in declared:
            out.add("DECL_004", "sheet", missing=f'a [[sheet]] with part = "{part}"',
                    expected="a sheet for every part of the plan", of="")


def check_plan_declaration(data: dict, path: Path) -> PlanLayout:
    """The plan workbook's declaration from parsed ``plan.toml``.

    Raises:
        DeclarationError: every problem found, located.
    """
    out = S.Problems(path)
    data = S.check(data, SCHEMA, out)
    if not out.found:  # what the keys mean, once every key is there and of its kind
        _fields(out, S.Where(("meta",)).key("field", False), data["meta"]["field"], PlanMeta)
        for n, sheet in enumerate(data["sheet"]):
            where = S.Where().key("sheet", False).index(n, f"sheet {sheet['part']}")
            _fields(out, where.key("columns", False), sheet["columns"], PARTS[sheet["part"]])
        _sheets(out, data)
    if out.found:
        raise DeclarationError(out.found)
    meta = tuple(_column(f) for f in data["meta"]["field"])
    sheets = tuple(SheetDecl(s["part"], s["name"], tuple(_column(c) for c in s["columns"]),
                             s["optional"])
                   for s in data["sheet"])
    return PlanLayout(data["meta"]["sheet"], meta, sheets)


def _column(raw: dict[str, Any]) -> Column:
    example = raw.get("example")
    if isinstance(example, dt.datetime):
        example = example.date()
    return Column(raw["key"], raw["type"], raw["required"], raw["width"], example,
                  raw.get("min"), raw.get("max"))


def load_plan_layout(folder: Path) -> PlanLayout:
    """``plan.toml`` of a folder of declarations, read and checked (not cached)."""
    path = folder / "plan.toml"
    return check_plan_declaration(read_toml(path), path)


@functools.lru_cache(maxsize=None)
def plan_layout() -> PlanLayout:
    """The declared plan workbook (``workbook_templates/plan.toml``).

    Raises:
        DeclarationError: the file is missing, not TOML, or declares something wrong.
    """
    return load_plan_layout(templates_dir())
