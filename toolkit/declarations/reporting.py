"""``reporting.toml``: the forms of the reporting workbook and the tables of a consolidation,
checked on load.

What is declared must be something the toolkit can render and read: a column's kind, type,
source and required rule come from fixed sets (the generator writes a data validation per input
type and a value per source), the columns the checks and formulas rely on keep their kind and
type, statistics tables name declared axes, and the exported tables name columns the
consolidation fills. :func:`declarations` gives the checked data, defaults filled in, in the
shape of the file.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

from toolkit.declarations import schema as S
from toolkit.declarations.source import DeclarationError, read_toml, templates_dir
from toolkit.limits import MAX_CELL_TEXT, MAX_COLUMN_WIDTH
from toolkit.plan.codelists import DEFAULTS
from toolkit.plan.model import Activity, Indicator, Recommendation

LOCKED, INPUT, FORMULA = "locked", "input", "formula"
LISTS = ("status", "funding_source", "yes_no", "recommendation_status", "observation")
"""The drop-down lists of the hidden lists sheet; an input of type ``list:NAME`` uses one."""
INPUT_TYPES = tuple(f"list:{name}" for name in LISTS) + ("percent", "amount", "count", "text",
                                                         "date")
SHEETS = {
    # sheet kind -> (locked sources, formula sources, input types, required rules)
    "area": (("role",) + tuple(f"activity.{f.name}" for f in dataclasses.fields(Activity)),
             ("activity_check",), INPUT_TYPES,
             ("always", "unless_not_started", "if_delayed")),
    "indicators": (("breakdown", "unit", "covers", "year_target", "period_target") +
                   tuple(f"indicator.{f.name}" for f in dataclasses.fields(Indicator)),
                   ("achievement", "rating", "parts_check"), INPUT_TYPES + ("actual",),
                   ("total_row", "if_below_amber")),
    "recommendations": (("source",) + tuple(f"recommendation.{f.name}"
                                            for f in dataclasses.fields(Recommendation)),
                        ("recommendation_check",), INPUT_TYPES,
                        ("always", "if_addressed", "if_implemented")),
    "observations": (("lead",) + tuple(f"activity.{f.name}" for f in dataclasses.fields(Activity)),
                     (), INPUT_TYPES, ()),
}
ROW_SHEETS = tuple(SHEETS)
"""Sheet kinds of one row per item of the plan, found in a return by the code in column A."""
RELIED_ON = {
    "area": {"status": (INPUT, "list:status"), "percent": (INPUT, "percent"),
             "done": (INPUT, "text"), "problems": (INPUT, "text")},
    "indicators": {"breakdown": (LOCKED, "breakdown"), "period_target": (LOCKED, "period_target"),
                   "final_target": (LOCKED, "indicator.target_final"),
                   "actual": (INPUT, "actual"), "comment": (INPUT, "text"),
                   "achievement": (FORMULA, "achievement"), "rating": (FORMULA, "rating"),
                   "check": (FORMULA, "parts_check")},
    "recommendations": {"status": (INPUT, "list:recommendation_status"),
                        "action": (INPUT, "text"), "evidence": (INPUT, "text")},
    "observations": {"assessment": (INPUT, "list:observation"),
                     "observation": (INPUT, "text")},
}
"""Columns the workbook's formulas and the consolidation's checks find by key: each must be
declared, with this kind and this type (inputs) or source (locked and formula columns)."""
PLAN_AXES = ("sex", "age_group", "exploitation", "citizenship", "referral_source")
"""Statistics axes whose categories come from the plan's codelists; the others are declared."""
SIGNOFF_TYPES = INPUT_TYPES + ("signdate",)

EXPORT_INPUTS = {"activities": "area", "indicators": "indicators",
                 "recommendations": "recommendations", "observations": "observations"}
"""The exported tables that carry the declared input columns of a sheet."""
INPUTS = "inputs"
"""In an export's columns: the sheet's input columns the list does not name, in order."""
EXPORT_COLUMNS = {
    "activities": ("plan", "period", "area", "objective", "activity", "institution", "role",
                   "due", "budget", "allocation", "funding_source", "spent_under",
                   "file_sha256", "sheet", "cell"),
    "indicators": ("plan", "period", "indicator", "institution", "level", "unit", "covers",
                   "dimension", "category", "baseline", "year_target", "period_target",
                   "target_basis", "midterm_target", "final_target", "achievement", "rating",
                   "file_sha256", "sheet", "cell"),
    "statistics": ("plan", "period", "table", "row", "column", "institution", "value",
                   "official", "source_note", "definition_note", "file_sha256", "sheet", "cell"),
    "narrative": ("plan", "period", "institution", "part", "field", "text", "file_sha256",
                  "sheet", "cell"),
    "submissions": ("plan", "period", "institution", "expected", "state", "file", "verdict",
                    "saved_at", "timeliness", "errors", "warnings", "filled", "required"),
    "findings": ("file", "institution", "sheet", "cell", "code", "severity", "message",
                 "what_to_do"),
    "recommendations": ("plan", "period", "recommendation", "source", "date", "due",
                        "objective", "institution", "file_sha256", "sheet", "cell"),
    "observations": ("plan", "period", "activity", "area", "lead", "institution",
                     "file_sha256", "sheet", "cell"),
}
"""What the consolidation fills in each exported table, besides the input columns."""
EXPORT_NEEDS = {
    "activities": ("area", "objective", "institution", "role", "due", "budget",
                   "funding_source", "status", "spent"),
    "indicators": ("plan", "period", "indicator", "institution", "dimension", "category",
                   "value", "achievement", "rating"),
    "narrative": ("text",),
    "recommendations": ("recommendation", "institution", "status"),
}
"""Columns the report's formulas and the reading of a previous consolidation look up."""

NAME = S.Pattern(r"[a-z][a-z0-9_]*", "a key of lower-case letters, digits and underscores")
CODE = S.Pattern(r"[A-Za-z][A-Za-z0-9_]{0,19}", "a code of letters, digits and underscores "
                                                  "starting with a letter (at most 20)")
KINDS = S.OneOf((LOCKED, INPUT, FORMULA), "column kind")
_COLUMN = {"key": S.Key(NAME, required=True), "kind": S.Key(KINDS, required=True),
           "source": S.Key(S.TEXT), "type": S.Key(S.TEXT), "required": S.Key(S.TEXT),
           "width": S.Key(S.Whole(1, MAX_COLUMN_WIDTH), default=14), "export": S.Key(NAME)}
PASSPORT_EXTRA = ("yearly_targets",)
"""Passport lines that are not a field of the indicator: its target of each year (T2)."""
SCHEMA = S.Table({
    "workbook": S.Key(S.Table({
        "first_data_row": S.Key(S.Whole(5, 1000), required=True),
        "password_env": S.Key(S.Pattern(r"[A-Za-z_][A-Za-z0-9_]*", "the name of an "
                                        "environment variable"), required=True),
        "text_limit": S.Key(S.Whole(1, MAX_CELL_TEXT), required=True),
    }), required=True),
    "area": S.Key(S.Table({"columns": S.Key(S.Tables(S.Table(_COLUMN), "key", "column"),
                                            required=True)}), required=True),
    "indicators": S.Key(S.Table({"columns": S.Key(S.Tables(S.Table(
        {**_COLUMN, "total_only": S.Key(S.BOOL, default=False)}), "key", "column"),
        required=True)}), required=True),
    "statistics": S.Key(S.Tables(S.Table({
        "table": S.Key(CODE, required=True),
        "holder": S.Key(S.OneOf(DEFAULTS["statistics"], "holder"), required=True),
        "rows": S.Key(NAME, required=True), "columns": S.Key(NAME, required=True),
        "row_totals": S.Key(S.BOOL, required=True),
        "column_totals": S.Key(S.BOOL, required=True),
        "persons": S.Key(S.BOOL, required=True),
        "person_rows": S.Key(S.ListOf(S.TEXT, unique=True, least=1)),
    }), "table", "table"), required=True),
    "statistics_money": S.Key(S.Table({"rows": S.Key(S.ListOf(NAME, unique=True),
                                                     required=True)}), default={"rows": []}),
    "statistics_axes": S.Key(S.MapOf(NAME, S.ListOf(NAME, unique=True, least=1)),
                             required=True),
    "narrative": S.Key(S.Table({"fields": S.Key(S.Tables(S.Table({
        "key": S.Key(NAME, required=True),
        "required": S.Key(S.OneOf(("always",), "required rule")),
    }), "key", "field"), required=True)}), required=True),
    "recommendations": S.Key(S.Table({"columns": S.Key(S.Tables(S.Table(_COLUMN), "key",
                                                                "column"), required=True)}),
                             required=True),
    "observations": S.Key(S.Table({"columns": S.Key(S.Tables(S.Table(_COLUMN), "key",
                                                             "column"), required=True)}),
                          required=True),
    "civil_society": S.Key(S.Table({"fields": S.Key(S.Tables(S.Table({
        "key": S.Key(NAME, required=True),
        "type": S.Key(S.OneOf(("longtext", "list:yes_no"), "type"), default="longtext"),
        "required": S.Key(S.OneOf(("always",), "required rule")),
    }), "key", "field"), required=True)}), required=True),
    "signoff": S.Key(S.Table({"fields": S.Key(S.Tables(S.Table({
        "key": S.Key(NAME, required=True),
        "type": S.Key(S.OneOf(SIGNOFF_TYPES, "type"), required=True),
        "required": S.Key(S.OneOf(("always",), "required rule")),
    }), "key", "field"), required=True)}), required=True),
    "passport": S.Key(S.Table({"fields": S.Key(S.ListOf(S.OneOf(
        tuple(f.name for f in dataclasses.fields(Indicator)) + PASSPORT_EXTRA,
        "indicator field"), unique=True, least=1), required=True)}), required=True),
    "feedback": S.Key(S.Table({"correction_days": S.Key(S.Whole(1, 366), default=14)}),
                      default={"correction_days": 14}),
    "exports": S.Key(S.Table({name: S.Key(S.ListOf(NAME, unique=True, least=1), required=True)
                              for name in EXPORT_COLUMNS}), required=True),
})


def export_name(column: dict) -> str:
    """The name of an input column in the exports: its ``export`` name, else its key."""
    return column.get("export") or column["key"]


def _unknown(out, where, what: str, value: str, known) -> None:
    out.add("DECL_006", where, what=what, value=S.shown(value), of=where.of,
            suggestion=S.suggestion(value, known), known=", ".join(known))


def _columns(out: S.Problems, data: dict, kind: str) -> None:
    """Each column's source, type and required rule fit its kind and sheet; the columns the
    toolkit relies on are there, as it relies on them."""
    locked, formulas, types, rules = SHEETS[kind]
    where = S.Where((kind,)).key("columns", False)
    columns = data[kind]["columns"]
    for n, c in enumerate(columns):
        place = where.index(n, f"column {c['key']}")
        if c["kind"] == INPUT:
            _setting(out, place, c, "type", types, ("source",))
        else:
            known = locked if c["kind"] == LOCKED else formulas
            _setting(out, place, c, "source", known, ("type", "export"))
        if "required" in c and c["required"] not in rules:
            _unknown(out, place.key("required", False), "required rule", c["required"], rules)
    found = {c["key"]: c for c in columns}
    for key, (ckind, value) in RELIED_ON[kind].items():
        c = found.get(key)
        if c is None:
            out.add("DECL_004", where, missing=f"the column {key}", of="",
                    expected=f"a {ckind} column with key = \"{key}\"")
        elif (c["kind"], c.get("type" if ckind == INPUT else "source")) != (ckind, value):
            out.add("DECL_014", where.index(columns.index(c), f"column {key}"), key=key,
                    expected=_described(ckind, value), found=_described(
                        c["kind"], c.get("type" if c["kind"] == INPUT else "source", "")))


def _described(kind: str, value: str) -> str:
    """``an input column of type text``, ``a formula column of source rating``."""
    what = "type" if kind == INPUT else "source"
    return f"{'an' if kind == INPUT else 'a'} {kind} column of {what} {value or '(none)'}"


def _setting(out, place, column: dict, name: str, known, foreign: tuple[str, ...]) -> None:
    """The column's ``name`` (type or source) given and known; no key of another kind."""
    if name not in column:
        out.add("DECL_004", place, missing=f"the key {name}", of=place.of,
                expected=f"one of: {', '.join(known)}")
    elif column[name] not in known:
        _unknown(out, place.key(name, False), name, column[name], known)
    for other in foreign:
        if other in column:
            out.add("DECL_003", place.key(other, False), key=other, suggestion="", of=place.of,
                    known=f"none of {', '.join(foreign)} for a {column['kind']} column")


def _statistics(out: S.Problems, data: dict) -> None:
    """Tables on declared axes, person_rows that can be applied, money rows that exist."""
    axes = data["statistics_axes"]
    known = PLAN_AXES + tuple(axes)
    for n, table in enumerate(data["statistics"]):
        where = S.Where().key("statistics", False).index(n, f"table {table['table']}")
        for side in ("rows", "columns"):
            if table[side] not in known:
                out.add("DECL_008", where.key(side, False), what="the axis", of=where.of,
                        value=S.shown(table[side]), place="neither in [statistics_axes] nor "
                        f"one of the plan's codelists {', '.join(PLAN_AXES)}",
                        suggestion=S.suggestion(table[side], known))
        _person_rows(out, where, table, axes)
        money = set(data["statistics_money"]["rows"])
        if table["persons"] and (table["row_totals"] or table["column_totals"]):
            for row in axes.get(table["rows"], ()):
                if row in money:
                    out.add("DECL_010", where, table=table["table"], row=row)
    items = {item for values in axes.values() for item in values}
    for n, row in enumerate(data["statistics_money"]["rows"]):
        if row not in items:
            out.add("DECL_008", S.Where(("statistics_money",)).key("rows", False).index(n),
                    what="the row", value=S.shown(row), place="no axis of [statistics_axes] "
                    "has it", suggestion=S.suggestion(row, items), of="")


def _person_rows(out, where: S.Where, table: dict, axes: dict) -> None:
    named = table.get("person_rows")
    if named is None:
        return
    place = where.key("person_rows", False)
    reason = ("person_rows is given, but the table says persons = false" if not table["persons"]
              else "person_rows is given, but the table has totals, which are published or "
              "suppressed as a whole" if table["row_totals"] or table["column_totals"] else
              f"person_rows names rows of the axis {table['rows']}, which come from the plan's "
              "codelists and may change"
              if table["rows"] not in axes else "")
    if reason:
        out.add("DECL_009", place, table=table["table"], reason=reason)
        return
    rows = axes[table["rows"]]
    for n, row in enumerate(named):
        if row not in rows:
            out.add("DECL_008", place.index(n), what="the row", value=S.shown(row), of=place.of,
                    place=f"the axis {table['rows']} of the table has "
                          f"{', '.join(rows)}", suggestion=S.suggestion(row, rows))


def _exports(out: S.Problems, data: dict) -> None:
    """Every exported column one the consolidation fills, and those it looks up there."""
    for table, columns in data["exports"].items():
        where = S.Where(("exports",)).key(table, False)
        sheet = EXPORT_INPUTS.get(table)
        inputs = [export_name(c) for c in data[sheet]["columns"] if c["kind"] == INPUT] \
            if sheet else []
        known = EXPORT_COLUMNS[table] + tuple(inputs) + ((INPUTS,) if sheet else ())
        for n, name in enumerate(columns):
            if name not in known:
                _unknown(out, where.index(n), f"column of the {table} table", name, known)
        expanded = expand_export(columns, inputs)
        for name in EXPORT_NEEDS.get(table, ()):
            if name not in expanded:
                out.add("DECL_004", where, missing=f"the column {name}", of="",
                        expected="the columns the report and --previous look up")


def expand_export(columns: list[str], inputs: list[str]) -> list[str]:
    """An export's columns with ``inputs`` replaced by the input columns not named."""
    rest = [name for name in inputs if name not in columns]
    out: list[str] = []
    for name in columns:
        out.extend(rest if name == INPUTS else [name])
    return out


def check_reporting_declaration(data: dict, path: Path) -> dict:
    """The reporting workbook's declarations from parsed ``reporting.toml``.

    Raises:
        DeclarationError: every problem found, located.
    """
    out = S.Problems(path)
    data = S.check(data, SCHEMA, out)
    if not out.found:  # what the keys mean, once every key is there and of its kind
        for kind in SHEETS:
            _columns(out, data, kind)
        _statistics(out, data)
        _exports(out, data)
    if out.found:
        raise DeclarationError(out.found)
    return data


def load_declarations(folder: Path) -> dict:
    """``reporting.toml`` of a folder of declarations, read and checked (not cached)."""
    path = folder / "reporting.toml"
    return check_reporting_declaration(read_toml(path), path)


@functools.lru_cache(maxsize=None)
def declarations() -> dict:
    """The reporting workbook declarations (``workbook_templates/reporting.toml``), checked.

    Raises:
        DeclarationError: the file is missing, not TOML, or declares something wrong.
    """
    return load_declarations(templates_dir())


@functools.lru_cache(maxsize=None)
def export_columns(table: str) -> tuple[str, ...]:
    """The columns of one exported table (``activities``, ``indicators``, ``statistics``,
    ``narrative``, ``submissions``, ``findings``), in the order the exports and the report show them."""
    decl = declarations()
    sheet = EXPORT_INPUTS.get(table)
    inputs = [export_name(c) for c in decl[sheet]["columns"] if c["kind"] == INPUT] \
        if sheet else []
    return tuple(expand_export(decl["exports"][table], inputs))


def input_columns(kind: str) -> tuple[dict, ...]:
    """The declared input columns of a sheet of rows (``area``, ``indicators``,
    ``recommendations``, ``observations``), in order."""
    return tuple(c for c in declarations()[kind]["columns"] if c["kind"] == INPUT)


def person_rows(table: dict, rows: list[str]) -> frozenset[str]:
    """The rows of a declared statistics table that count persons.

    Small counts of persons are suppressed in anything published. A table says
    ``persons = true`` when it counts persons, and ``person_rows`` when only the rows named do
    (checked on load to be rows of the table's declared axis, in a table without totals).
    Money rows (``[statistics_money]``) hold amounts and never count persons.

    Args:
        table: One ``[[statistics]]`` declaration.
        rows: The codes of the table's rows.

    Returns:
        The codes of the rows whose small counts are suppressed; empty when there are none.
    """
    if not table["persons"]:
        return frozenset()
    named = table.get("person_rows")
    money = set(declarations()["statistics_money"]["rows"])
    return frozenset(rows if named is None else named) - money
