"""The coordinator's control panel: an ``.xlsm`` with the settings, four buttons, Log and Findings.

The settings cells carry the defined names the buttons read (:data:`toolkit.buttons.book.SETTINGS`),
each button runs a Sub of ``macros/NapButtons.bas``, and the VBA project is built from
``macros/`` plus xlwings' module. The same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

import xlsxwriter

from toolkit.buttons.book import (
    FINDING_HEADINGS,
    FINDINGS_SHEET,
    LOG_HEADINGS,
    LOG_SHEET,
    SETTINGS,
    SETTINGS_SHEET,
)
from toolkit.reporting.validation import validation_options
from toolkit.vba.project import Module, VbaBuildError, build_vba_project
from toolkit.vba.workbook import WORKBOOK_CODE_NAME, Button, check_buttons

FIXED_DATE = dt.datetime(2026, 1, 1)
TITLE = "NAP monitoring toolkit"
MAX_PATH = 259  # Windows: a full path holds at most 259 characters plus the terminator.
BUTTONS = (
    Button("E4", "NapButtons.CheckPlan", "Check plan"),
    Button("E6", "NapButtons.GenerateWorkbooks", "Generate workbooks"),
    Button("E8", "NapButtons.ConsolidateReturns", "Consolidate returns"),
    Button("E10", "NapButtons.OpenReport", "Open report"),
)
PANEL_SHEETS = ((SETTINGS_SHEET, "Sheet1"), (LOG_SHEET, "Sheet2"), (FINDINGS_SHEET, "Sheet3"))


def macro_workbook(target, modules: Sequence[Module], sheets: Sequence[tuple[str, str]],
                   buttons: Sequence[Button] = ()):
    """Start an XlsxWriter workbook holding the VBA project and one sheet per ``(name, code name)``.

    Args:
        target: A path or a binary stream.
        modules: The project's modules.
        sheets: Sheet names and code names, in order.
        buttons: Buttons that will be placed; checked against the modules' Subs.

    Returns:
        The workbook and its sheets, in order.

    Raises:
        VbaBuildError: On an invalid module, code name or button macro.
    """
    check_buttons(buttons, modules)
    project = build_vba_project(modules, WORKBOOK_CODE_NAME, [code for _, code in sheets])
    workbook = xlsxwriter.Workbook(target, {"in_memory": True})
    workbook.set_properties({"created": FIXED_DATE, "title": TITLE})
    workbook.set_vba_name(WORKBOOK_CODE_NAME)
    workbook.add_vba_project(io.BytesIO(project), is_stream=True)
    added = []
    for name, code_name in sheets:
        sheet = workbook.add_worksheet(name)
        sheet.set_vba_name(code_name)
        added.append(sheet)
    return workbook, added


def _write_settings(workbook, sheet) -> None:
    """The title, one row per setting (label, input cell, what to type) and the defined names."""
    bold = workbook.add_format({"bold": True})
    title = workbook.add_format({"bold": True, "font_size": 14})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    # Excel: a text format keeps "2026" and paths as typed instead of numbers or dates.
    entry = workbook.add_format({"num_format": "@", "bg_color": "#FFF2CC", "border": 1,
                                 "valign": "top"})
    sheet.write_string("A1", f"{TITLE}: control panel", title)
    sheet.write_string("A2", "Type the four settings in the yellow cells, then click a button. "
                             "Each click adds a row to the Log sheet; problems are listed on the "
                             "Findings sheet.")
    sheet.write_row("A3", ["Setting", "Value", "What to type"], bold)
    for spec in SETTINGS:
        row = int(spec.cell[1:]) - 1
        label = spec.label[0].upper() + spec.label[1:]
        sheet.write_string(row, 0, label, bold)
        sheet.write_blank(row, 1, None, entry)
        sheet.write_string(row, 2, f"{spec.expected}, for example {spec.example}", wrap)
        sheet.data_validation(spec.cell, validation_options(
            "length", title=label, prompt=f"Type {spec.expected}, for example {spec.example}.",
            error=f"At most {MAX_PATH} characters.", error_title=label, length=MAX_PATH))
        workbook.define_name(spec.name, f"={SETTINGS_SHEET}!${spec.cell[0]}${spec.cell[1:]}")
    sheet.set_column("A:A", 20)
    sheet.set_column("B:B", 55)
    sheet.set_column("C:C", 45)
    sheet.set_column("E:E", 26)
    sheet.activate()


def _write_table(workbook, sheet, headings: Sequence[str], widths: Sequence[int]) -> None:
    """A heading row, frozen, with column widths."""
    sheet.write_row(0, 0, list(headings), workbook.add_format({"bold": True, "bottom": 1}))
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)


def build_control_panel(path: Path, modules: Sequence[Module]) -> Path:
    """Write the control panel ``.xlsm``.

    Args:
        path: Where to write; must end in ``.xlsm``.
        modules: The VBA modules: ``macros/`` plus xlwings' module.

    Returns:
        The written path.

    Raises:
        VbaBuildError: On a wrong suffix, an invalid module or a button without its Sub.
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsm":
        raise VbaBuildError(f"{path}: a workbook with macros must end in .xlsm")
    workbook, (settings, log, findings) = macro_workbook(str(path), modules, PANEL_SHEETS,
                                                         BUTTONS)
    _write_settings(workbook, settings)
    for button in BUTTONS:
        settings.insert_button(button.cell, {"macro": button.macro, "caption": button.caption,
                                             "width": button.width, "height": button.height})
    _write_table(workbook, log, LOG_HEADINGS, (20, 24, 10, 120))
    _write_table(workbook, findings, FINDING_HEADINGS, (10, 9, 40, 18, 7, 70, 60))
    workbook.close()
    return path
