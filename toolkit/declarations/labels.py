"""The label catalogues (``labels/LANG.toml``): every text a workbook shows, checked on load.

English is the reference: another catalogue has exactly its keys, with the same placeholders
in braces. Every catalogue has a label (and a note) for every column, field, table and axis
item the declarations name, and its sheet names are names Excel accepts, no two alike.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from toolkit.declarations import schema as S
from toolkit.declarations.plan import PlanLayout, plan_layout
from toolkit.declarations.reporting import PLAN_AXES, declarations
from toolkit.declarations.source import DeclarationError, read_toml, templates_dir
from toolkit.limits import same_sheet_name, sheet_name_problem

REFERENCE = "en"
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _flatten(raw: dict[str, Any], out: S.Problems) -> dict[str, str]:
    """Dotted keys to texts (a list of texts is one text, a line each)."""
    flat: dict[str, str] = {}

    def walk(prefix: str, node: dict[str, Any], where: S.Where) -> None:
        for key, value in node.items():
            name = f"{prefix}.{key}" if prefix else key
            place = where.key(key, isinstance(value, dict))
            if isinstance(value, dict):
                walk(name, value, place)
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                flat[name] = "\n".join(value)
            elif isinstance(value, str):
                flat[name] = value
            else:
                out.add("DECL_005", place, value=S.shown(value), of="",
                        expected="a text in quotes, or a list of texts in square brackets")

    walk("", raw, S.Where())
    return flat


def _where(key: str) -> S.Where:
    """The place of a dotted key as a catalogue writes it: ``[report.area].status``."""
    head, _, last = key.rpartition(".")
    return S.Where(tuple(head.split(".")) if head else ()).key(last, False)


def declared_keys(plan: PlanLayout, decl: dict) -> dict[str, str]:
    """Every label the declarations call for, with what it is for (named in messages)."""
    keys: dict[str, str] = {}

    def need(key: str, what: str, note: bool = True) -> None:
        keys[key] = what
        if note:
            keys[f"{key}_note"] = what

    for column in plan.meta:
        need(f"plan.meta.{column.key}", f"field {column.key} of plan.toml")
        keys[f"plan.type_{column.kind}"] = f"type {column.type} in plan.toml"
    for sheet in plan.sheets:
        keys[f"plan.{sheet.part}.sheet_title"] = f"sheet {sheet.part} of plan.toml"
        for column in sheet.columns:
            need(f"plan.{sheet.part}.{column.key}", f"column {column.key} of sheet "
                                                    f"{sheet.part} in plan.toml")
            keys[f"plan.type_{column.kind}"] = f"type {column.type} in plan.toml"
    for kind, part in (("area", "columns"), ("indicators", "columns"), ("narrative", "fields"),
                       ("signoff", "fields"), ("recommendations", "columns"),
                       ("observations", "columns"), ("civil_society", "fields")):
        for item in decl[kind][part]:
            need(f"report.{kind}.{item['key']}", f"{part[:-1]} {item['key']} of [{kind}] in "
                                                 "reporting.toml")
    for table in decl["statistics"]:
        t = table["table"]
        keys[f"report.stats.table.{t}"] = f"statistics table {t} in reporting.toml"
        rows = table["rows"]
        axis = f"report.dimension.{rows}" if rows in PLAN_AXES else f"report.stats.axis.{rows}"
        keys[axis] = f"the rows of statistics table {t} in reporting.toml"
    for axis, items in decl["statistics_axes"].items():
        for item in items:
            keys[f"report.stats.item.{item}"] = f"item {item} of axis {axis} in reporting.toml"
    for attr in decl["passport"]["fields"]:
        keys[f"plan.indicators.{attr}"] = f"passport field {attr} in reporting.toml"
    return keys


def _against(flat: dict[str, str], reference: dict[str, str], out: S.Problems) -> None:
    """The reference catalogue's keys, no others, and the same placeholders."""
    for key in reference:
        if key not in flat:
            out.add("DECL_011", _where(key), key=key, of=f" ({REFERENCE}.toml has one)")
    for key, text in flat.items():
        if key not in reference:
            known = [k for k in reference if k.rpartition(".")[0] == key.rpartition(".")[0]]
            out.add("DECL_003", _where(key), key=key.rpartition(".")[2], of="",
                    suggestion=S.suggestion(key.rpartition(".")[2],
                                            [k.rpartition(".")[2] for k in known]),
                    known=f"those of {REFERENCE}.toml")
        elif sorted(_PLACEHOLDER.findall(text)) != sorted(_PLACEHOLDER.findall(reference[key])):
            out.add("DECL_012", _where(key), key=key,
                    found=", ".join(sorted(_PLACEHOLDER.findall(text))) or "none",
                    expected=", ".join(sorted(_PLACEHOLDER.findall(reference[key]))) or "none")


def _sheet_names(flat: dict[str, str], plan: PlanLayout, out: S.Problems) -> None:
    """Sheet names Excel accepts, none the same as another of the same workbook."""
    reporting = [k for k in flat if k.startswith("report.sheet.")]
    planning = [k for k in flat if k.startswith("plan.sheets.")]
    fixed = [plan.meta_sheet] + [s.name for s in plan.sheets]
    for keys, others in ((reporting, []), (planning, fixed)):
        seen: dict[str, str] = {name: "plan.toml" for name in others}
        for key in keys:
            name = flat[key]
            problem = sheet_name_problem(name)
            if problem:
                out.add("DECL_013", _where(key), value=S.shown(name), reason=problem, of="")
                continue
            first = next((w for n, w in seen.items() if same_sheet_name(n, name)), None)
            if first is not None:
                out.add("DECL_007", _where(key), what="the sheet name", value=S.shown(name),
                        first=first, of="")
            seen.setdefault(name, str(_where(key)))


def check_catalogue(raw: dict, path: Path, plan: PlanLayout, decl: dict,
                    reference: dict[str, str] | None) -> dict[str, str]:
    """One parsed catalogue, flattened and checked; ``reference`` is English (None for
    English itself).

    Raises:
        DeclarationError: every problem found, located.
    """
    out = S.Problems(path)
    flat = _flatten(raw, out)
    if reference is not None:
        _against(flat, reference, out)
    else:  # another catalogue has English's keys, and English has the declared ones
        for key, what in declared_keys(plan, decl).items():
            if key not in flat:
                out.add("DECL_011", _where(key), key=key, of=f" (for the {what})")
    _sheet_names(flat, plan, out)
    if out.found:
        raise DeclarationError(out.found)
    return flat


def load_labels(folder: Path, language: str, plan: PlanLayout, decl: dict,
                reference: dict[str, str] | None) -> dict[str, str]:
    """The catalogue of ``language`` in a folder of declarations, checked (not cached)."""
    path = folder / "labels" / f"{language}.toml"
    return check_catalogue(read_toml(path), path, plan, decl, reference)


@functools.lru_cache(maxsize=None)
def labels(language: str) -> dict[str, str]:
    """The label catalogue of one language, flattened to dotted keys and checked.

    Raises:
        DeclarationError: the catalogue (or English, or a declaration it labels) is wrong.
    """
    reference = None if language == REFERENCE else labels(REFERENCE)
    return load_labels(templates_dir(), language, plan_layout(), declarations(), reference)


def languages() -> list[str]:
    """The languages that have a label catalogue."""
    return sorted(p.stem for p in (templates_dir() / "labels").glob("*.toml"))


def check_all() -> None:
    """Read and check every declaration and every catalogue (each is read once, then kept).

    Raises:
        DeclarationError: the first file found wrong, with all its problems.
    """
    plan_layout()
    declarations()
    for language in languages():
        labels(language)
