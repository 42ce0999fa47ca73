"""Writes plan workbooks: a blank one for a coordinator to fill, or one holding a whole plan."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from toolkit.declarations.labels import labels
from toolkit.declarations.plan import Column, SheetDecl, plan_layout
from toolkit.limits import col_letter
from toolkit.plan import layout as L
from toolkit.plan.codelists import FIXED, with_defaults
from toolkit.plan.model import DEFAULT_AREAS, Area, Plan, PlanMeta
from toolkit.xlsx import safety

TITLE_FONT = Font(bold=True, size=14)
HEADING_FONT = Font(bold=True)
HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")
KEY_FONT = Font(size=8, color="808080")
EXAMPLE_FONT = Font(italic=True, color="7F7F7F")
EXAMPLE_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
BLANK_ROWS = {"areas": [Area(*area) for area in DEFAULT_AREAS]}
"""What a blank plan starts with: the guide's four areas."""
META_DEFAULTS = {f.name: f.default for f in dataclasses.fields(PlanMeta)
                 if f.default is not dataclasses.MISSING}


def _cell_value(value):
    if isinstance(value, tuple):
        return "; ".join(value)
    return value


def _put(ws, row: int, col: int, value):
    cell = ws.cell(row=row, column=col, value=_cell_value(value))
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"  # openpyxl: text starting with "=" would be written as a formula
    return cell


def _validation_for(column: Column, text: dict[str, str], note: str):
    title = text.get(column.key, column.key)
    common = dict(prompt=note, prompt_title=title, error=note, error_title=title)
    if column.kind == "enum":
        return safety.validation("list", formula1=L.codelist_name(column.arg), **common)
    if column.kind == "ref" and column.arg in L.REF_NAMES:
        return safety.validation("list", formula1=L.REF_NAMES[column.arg], **common)
    if column.kind == "measures":
        # Excel: a warning alert, not a stop, lets a person type several ids separated by
        # semicolons next to picking one from the list; check-plan checks each id.
        return safety.validation("list", formula1=L.MEASURES_NAME, style="warning", **common)
    if column.kind in ("int", "year"):
        low, high = (1990, 2100) if column.kind == "year" else (column.min, column.max)
        return safety.validation("whole", operator="between", formula1=str(int(low or 0)),
                                 formula2=str(int(high if high is not None else 10**9)),
                                 **common)
    if column.kind == "number" and column.min is not None:
        return safety.validation("decimal", operator="greaterThanOrEqual",
                                 formula1=str(column.min), **common)
    if column.kind == "date":
        return safety.validation("date", operator="between", formula1="32874",
                                 formula2="73415", **common)  # 1990-01-01 to 2100-12-31
    return safety.validation("any", prompt=note, prompt_title=title)


def _write_instructions(wb, text: dict[str, str]) -> None:
    ws = safety.add_sheet(wb, text["plan.sheets.Instructions"])
    ws.column_dimensions["A"].width = 110
    ws.cell(row=1, column=1, value=text["plan.instructions_title"]).font = TITLE_FONT
    for i, paragraph in enumerate(text["plan.instructions"].split("\n")):
        cell = ws.cell(row=3 + i, column=1, value=paragraph)
        cell.alignment = WRAP


def _write_meta(wb, plan: Plan | None, text: dict[str, str]) -> None:
    lay = plan_layout()
    ws = safety.add_sheet(wb, lay.meta_sheet)
    ws.cell(row=L.TITLE_ROW, column=1, value=plan.meta.title if plan else "").font = TITLE_FONT
    for col, key in ((1, "heading_field"), (2, "heading_value"), (3, "heading_help")):
        cell = ws.cell(row=L.HEADING_ROW, column=col, value=text[f"plan.meta.{key}"])
        cell.font, cell.fill = HEADING_FONT, HEADING_FILL
    for width, letter in ((26, "A"), (50, "B"), (70, "C"), (22, "D")):
        ws.column_dimensions[letter].width = width
    for i, column in enumerate(lay.meta):
        row = L.META_FIRST_ROW + i
        note = text[f"plan.meta.{column.key}_note"] + " " + L.type_note(column, text)
        if not plan:
            note += " " + text["plan.example"].format(example=_cell_value(column.example))
        ws.cell(row=row, column=L.META_LABEL_COL, value=text[f"plan.meta.{column.key}"])
        value = getattr(plan.meta, column.key) if plan else META_DEFAULTS.get(column.key)
        _put(ws, row, L.META_VALUE_COL, value)
        ws.cell(row=row, column=L.META_HELP_COL, value=note).alignment = WRAP
        ws.cell(row=row, column=L.META_KEY_COL, value=column.key).font = KEY_FONT
        meta_text = {column.key: text[f"plan.meta.{column.key}"]}
        safety.add_validation(ws, _validation_for(column, meta_text, note),
                              f"B{row}")
    ws.freeze_panes = "A3"


def _write_data_sheet(wb, decl: SheetDecl, rows: list, text: dict[str, str]) -> None:
    ws = safety.add_sheet(wb, decl.name)
    prefix = f"plan.{decl.part}"
    ws.cell(row=L.TITLE_ROW, column=1, value=text[f"{prefix}.sheet_title"]).font = TITLE_FONT
    last = L.FIRST_DATA_ROW + max(len(rows), 500) - 1
    headings = {c.key: text[f"{prefix}.{c.key}"] for c in decl.columns}
    for i, column in enumerate(decl.columns):
        col = i + 1
        letter = col_letter(i)
        note = text[f"{prefix}.{column.key}_note"] + " " + L.type_note(column, text)
        heading = ws.cell(row=L.HEADING_ROW, column=col, value=headings[column.key])
        heading.font, heading.fill, heading.alignment = HEADING_FONT, HEADING_FILL, WRAP
        safety.add_note(heading, note)
        ws.cell(row=L.KEY_ROW, column=col, value=column.key).font = KEY_FONT
        example = _put(ws, L.EXAMPLE_ROW, col, column.example)
        example.font, example.fill = EXAMPLE_FONT, EXAMPLE_FILL
        ws.column_dimensions[letter].width = column.width
        for r, record in enumerate(rows):
            _put(ws, L.FIRST_DATA_ROW + r, col, getattr(record, column.key))
        safety.add_validation(ws, _validation_for(column, headings, note),
                              f"{letter}{L.FIRST_DATA_ROW}:{letter}{last}")
    safety.add_note(ws.cell(row=L.EXAMPLE_ROW, column=1), text["plan.example_note"])
    safety.add_note(ws.cell(row=L.KEY_ROW, column=1), text["plan.keys_note"])
    ws.freeze_panes = ws.cell(row=L.FIRST_DATA_ROW, column=2)
    if decl.part in L.REF_NAMES:
        safety.define_name(wb, L.REF_NAMES[decl.part], safety.absolute_range(
            decl.name, "A", L.FIRST_DATA_ROW, L.LAST_DATA_ROW))


def _write_measures(wb, language: str, text: dict[str, str]) -> None:
    """The catalogue of standard measures, for reference; its ids feed the Activities sheet's
    drop-down. The reader ignores the sheet: the catalogue comes from the declarations."""
    from toolkit.measures.catalogue import load_catalogue

    catalogue = load_catalogue(language)
    ws = safety.add_sheet(wb, text["plan.sheets.Measures"])
    ws.cell(row=L.TITLE_ROW, column=1, value=text["plan.measures.sheet_title"]).font = TITLE_FONT
    keys = ("id", "area", "goal", "text", "output", "outcome", "legal_anchor", "provenance",
            "guide_ref")
    for col, (key, width) in enumerate(zip(keys, (9, 26, 30, 70, 34, 34, 24, 10, 12)), start=1):
        cell = ws.cell(row=L.HEADING_ROW, column=col, value=text[f"plan.measures.{key}"])
        cell.font, cell.fill, cell.alignment = HEADING_FONT, HEADING_FILL, WRAP
        ws.column_dimensions[col_letter(col - 1)].width = width
    safety.add_note(ws.cell(row=L.HEADING_ROW, column=1), text["plan.measures.intro"])
    for row, m in enumerate(catalogue.measures, start=L.HEADING_ROW + 1):
        goal = catalogue.goal(m.goal)
        values = (m.id, f"{m.area} {catalogue.area(m.area).label}", f"{goal.code} {goal.title}",
                  m.text, m.output, m.outcome, m.legal_anchor, m.provenance, m.guide_ref)
        for col, value in enumerate(values, start=1):
            ws.cell(row=row, column=col, value=value).alignment = WRAP
    ws.freeze_panes = ws.cell(row=L.HEADING_ROW + 1, column=2)
    safety.define_name(wb, L.MEASURES_NAME, safety.absolute_range(
        ws.title, "A", L.HEADING_ROW + 1, L.HEADING_ROW + len(catalogue.measures)))


def _write_codelists(wb, codelists: dict[str, tuple[str, ...]], text: dict[str, str]) -> None:
    ws = safety.add_sheet(wb, text["plan.sheets.Codelists"])
    for i, (name, values) in enumerate(codelists.items()):
        col, letter = i + 1, col_letter(i)
        ws.cell(row=L.CODELIST_KEY_ROW, column=col, value=name).font = HEADING_FONT
        kind = text["plan.fixed"] if name in FIXED else text["plan.editable"]
        ws.cell(row=L.CODELIST_KIND_ROW, column=col, value=kind).font = KEY_FONT
        for r, value in enumerate(values):
            ws.cell(row=L.CODELIST_FIRST_ROW + r, column=col, value=value)
        ws.column_dimensions[letter].width = max(12, min(30, max((len(v) for v in values),
                                                                 default=10) + 2))
        last = L.CODELIST_FIRST_ROW + (len(values) if name in FIXED else
                                       L.CODELIST_LAST_ROW - L.CODELIST_FIRST_ROW + 1) - 1
        safety.define_name(wb, L.codelist_name(name), safety.absolute_range(
            ws.title, letter, L.CODELIST_FIRST_ROW, max(last, L.CODELIST_FIRST_ROW)))
    ws.freeze_panes = "A3"


def write_plan_workbook(path: str | Path, plan: Plan | None = None,
                        language: str | None = None) -> Path:
    """Write a plan workbook: blank (with worked examples) when ``plan`` is None.

    Args:
        path: where to write the ``.xlsx`` file.
        plan: the plan to write, or None for a blank plan.
        language: label language; defaults to the plan's working language, else English.

    Returns:
        The path written.
    """
    lang = language or (plan.meta.language if plan else "en")
    text = labels(lang)
    wb = Workbook()
    wb.remove(wb.active)
    _write_instructions(wb, text)
    _write_meta(wb, plan, text)
    for decl in plan_layout().sheets:
        rows = list(getattr(plan, decl.part)) if plan else BLANK_ROWS.get(decl.part, [])
        _write_data_sheet(wb, decl, rows, text)
    _write_measures(wb, lang, text)
    _write_codelists(wb, with_defaults(plan.codelists if plan else None), text)
    path = Path(path)
    wb.save(path)
    return path
