"""Row and column positions of the plan workbook, shared by its writer and its reader."""

from __future__ import annotations

from toolkit.declarations.plan import Column

TITLE_ROW = 1
HEADING_ROW = 2
KEY_ROW = 3
EXAMPLE_ROW = 4
FIRST_DATA_ROW = 5
LAST_DATA_ROW = 2000
"""Rows the reader looks at and drop-down sources cover; a plan has far fewer."""

META_LABEL_COL, META_VALUE_COL, META_HELP_COL, META_KEY_COL = 1, 2, 3, 4
META_FIRST_ROW = 3

CODELIST_KEY_ROW = 1
CODELIST_KIND_ROW = 2
CODELIST_FIRST_ROW = 3
CODELIST_LAST_ROW = 200

CODELISTS_SHEET = "Codelists"
INSTRUCTIONS_SHEET = "Instructions"

REF_NAMES = {"institutions": "ref_institutions", "areas": "ref_areas", "goals": "ref_goals",
             "objectives": "ref_objectives", "indicators": "ref_indicators",
             "activities": "ref_activities"}
"""Defined names over the code column of each part that others refer to by a drop-down."""
MEASURES_NAME = "ref_measures"
"""The defined name over the ids of the Measures sheet (the catalogue of standard measures)."""


def codelist_name(codelist: str) -> str:
    """The defined name over one codelist's values."""
    return f"cl_{codelist}"


def type_note(column: Column, labels: dict[str, str]) -> str:
    """The sentence that tells what a column takes, from the label catalogue."""
    text = labels[f"plan.type_{column.kind}"].format(arg=column.arg)
    if column.min is not None and column.max is not None:
        text += " " + labels["plan.range"].format(min=column.min, max=column.max)
    elif column.min is not None:
        text += " " + labels["plan.minimum"].format(min=column.min)
    if column.required:
        text += " " + labels["plan.required"]
    return text
