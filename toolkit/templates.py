"""Loads the declarations in ``workbook_templates/``: sheets, columns, types and labels.

Generation and reading share these declarations, so a cell is written and read from one definition.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.resources import folder

TEMPLATES_ENV = "NAP_TOOLKIT_TEMPLATES"


def templates_dir() -> Path:
    """The folder of declarations: ``$NAP_TOOLKIT_TEMPLATES``, else the package's (see
    ``toolkit.resources``)."""
    override = os.environ.get(TEMPLATES_ENV)
    if override:
        return Path(override)
    return folder("workbook_templates")


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


def _column(raw: dict[str, Any]) -> Column:
    example = raw.get("example")
    if isinstance(example, dt.datetime):
        example = example.date()
    return Column(raw["key"], raw["type"], bool(raw.get("required", False)),
                  int(raw.get("width", 14)), example, raw.get("min"), raw.get("max"))


@functools.lru_cache(maxsize=None)
def plan_layout() -> PlanLayout:
    """The declared plan workbook (``workbook_templates/plan.toml``)."""
    with open(templates_dir() / "plan.toml", "rb") as fh:
        raw = tomllib.load(fh)
    meta = tuple(_column(f) for f in raw["meta"]["field"])
    sheets = tuple(SheetDecl(s["part"], s["name"], tuple(_column(c) for c in s["columns"]))
                   for s in raw["sheet"])
    return PlanLayout(raw["meta"]["sheet"], meta, sheets)


@functools.lru_cache(maxsize=None)
def labels(language: str) -> dict[str, str]:
    """The label catalogue of one language, flattened to dotted keys."""
    path = templates_dir() / "labels" / f"{language}.toml"
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    flat: dict[str, str] = {}

    def walk(prefix: str, node: dict[str, Any]) -> None:
        for key, value in node.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict):
                walk(name, value)
            elif isinstance(value, list):
                flat[name] = "\n".join(str(v) for v in value)
            else:
                flat[name] = str(value)

    walk("", raw)
    return flat


def languages() -> list[str]:
    """The languages that have a label catalogue."""
    return sorted(p.stem for p in (templates_dir() / "labels").glob("*.toml"))
