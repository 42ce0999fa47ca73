"""Plans as JSON: a stable, diffable text form for version control."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import typing
from pathlib import Path
from typing import Any

from toolkit.language import Phrase, phrase
from toolkit.plan import model
from toolkit.plan.codelists import with_defaults
from toolkit.plan.model import CONTINUOUS, PARTS, Plan, PlanMeta

FORMAT = "nap-toolkit/plan"
FORMAT_VERSION = 1


class PlanFormatError(ValueError):
    """A JSON document that is not a plan of this format; ``reason`` says why, in the reader's
    language."""

    def __init__(self, reason: Phrase):
        super().__init__(str(reason))
        self.reason = reason


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _record(obj: Any) -> dict[str, Any]:
    return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data, parts in plan order and keys in declaration order."""
    doc: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION,
                           "meta": _record(plan.meta)}
    for part in PARTS:
        doc[part] = [_record(r) for r in getattr(plan, part)]
    doc["codelists"] = {k: list(v) for k, v in sorted(plan.codelists.items())}
    return doc


def dumps(plan: Plan) -> str:
    """The plan as indented JSON text, ending in a newline."""
    return json.dumps(to_dict(plan), indent=2, ensure_ascii=False) + "\n"


def _convert(value: Any, annotation: Any, where: str) -> Any:
    if value is None:
        return None
    text = str(annotation)
    if "tuple" in text:
        if isinstance(value, str):  # a single value, as plans wrote catalogue references once
            return tuple(v.strip() for v in value.split(";") if v.strip())
        return tuple(value)
    if "date" in text and isinstance(value, str):
        if value == CONTINUOUS and "str" in text:
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise PlanFormatError(phrase("json.not_a_date", where=where, value=repr(value))) \
                from exc
    return value


def _build(record_type: type, data: dict[str, Any], where: str) -> Any:
    hints = typing.get_type_hints(record_type, vars(model))
    names = {f.name for f in dataclasses.fields(record_type)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise PlanFormatError(phrase("json.unknown_fields", where=where, fields=", ".join(unknown)))
    missing = [f.name for f in dataclasses.fields(record_type) if f.name not in data
               and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if missing:
        raise PlanFormatError(phrase("json.missing_fields", where=where, fields=", ".join(missing)))
    try:
        return record_type(**{k: _convert(v, hints[k], f"{where}.{k}") for k, v in data.items()})
    except TypeError as exc:
        raise PlanFormatError(phrase("json.wrong_field", where=where, detail=str(exc))) from exc


def from_dict(doc: dict[str, Any]) -> Plan:
    """Rebuild a plan from :func:`to_dict` output.

    Raises:
        PlanFormatError: the document is not a plan of this format.
    """
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise PlanFormatError(phrase("json.not_a_plan", format=FORMAT))
    if doc.get("format_version") != FORMAT_VERSION:
        raise PlanFormatError(phrase("json.format_version", found=repr(doc.get("format_version")),
                                     expected=FORMAT_VERSION))
    parts = {part: tuple(_build(cls, row, f"{part}[{i}]")
                         for i, row in enumerate(doc.get(part, [])))
             for part, cls in PARTS.items()}
    # As the workbook reader does: a list the document leaves out takes its default values.
    codelists = with_defaults({k: tuple(v) for k, v in doc.get("codelists", {}).items()})
    return Plan(meta=_build(PlanMeta, doc.get("meta", {}), "meta"), codelists=codelists,
                **parts)


def load(path: str | Path) -> Plan:
    """Read a plan from a JSON file."""
    with open(path, encoding="utf-8") as fh:
        try:
            doc = json.load(fh)
        except json.JSONDecodeError as exc:
            raise PlanFormatError(phrase("json.syntax", line=exc.lineno, column=exc.colno,
                                         detail=exc.msg)) from exc
    return from_dict(doc)


def save(plan: Plan, path: str | Path) -> None:
    """Write a plan to a JSON file."""
    Path(path).write_text(dumps(plan), encoding="utf-8")
