"""Writing a macro-enabled workbook shell: a Settings sheet, form buttons and the VBA project."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from toolkit.vba.project import Module, VbaBuildError, build_vba_project, check_name

WORKBOOK_CODE_NAME = "ThisWorkbook"
SETTINGS_SHEET = "Settings"
_FIXED_DATE = dt.datetime(2026, 1, 1)
_PUBLIC_SUB = re.compile(
    r"^[ \t]*(?:Public[ \t]+)?Sub[ \t]+([A-Za-z]\w*)[ \t]*\(", re.IGNORECASE | re.MULTILINE
)


@dataclass(frozen=True)
class Button:
    """A form button on the Settings sheet.

    Attributes:
        cell: Top-left cell of the button, e.g. ``"D2"``.
        macro: ``"Module.Sub"`` run when the button is clicked.
        caption: The button's text.
        width: Width in pixels.
        height: Height in pixels.
    """

    cell: str
    macro: str
    caption: str
    width: int = 180
    height: int = 30


def public_subs(module: Module) -> set[str]:
    """Return the names of the Subs of ``module`` that a button can call."""
    return {match.group(1).lower() for match in _PUBLIC_SUB.finditer(module.source)}


def check_buttons(buttons: Sequence[Button], modules: Sequence[Module]) -> None:
    """Check that each button's macro is a Sub of a standard module.

    Raises:
        VbaBuildError: Naming the button and its macro when it cannot be found.
    """
    standard = {module.name.lower(): module for module in modules if module.kind == "standard"}
    for button in buttons:
        module_name, _, sub = button.macro.partition(".")
        module = standard.get(module_name.lower())
        if module is None or not sub:
            raise VbaBuildError(
                f"button {button.caption!r}: macro {button.macro!r} must be "
                "'Module.Sub' with a standard module of the project"
            )
        if sub.lower() not in public_subs(module):
            raise VbaBuildError(
                f"{module.label}: button {button.caption!r} calls {sub!r}, which is not a "
                "public Sub of the module"
            )


def _write_settings(workbook: xlsxwriter.Workbook, sheet, settings: Mapping[str, str]) -> None:
    """Write the settings as a two-column key/value table on ``sheet``."""
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, ["Setting", "Value"], bold)
    for row, (key, value) in enumerate(settings.items(), start=1):
        sheet.write_string(row, 0, str(key))
        sheet.write_string(row, 1, str(value))
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 48)


def build_xlsm(
    path: Path,
    modules: Sequence[Module],
    buttons: Sequence[Button] = (),
    settings: Mapping[str, str] | None = None,
    sheet_code_name: str = "Sheet1",
) -> Path:
    """Write an ``.xlsm`` with a Settings sheet, its buttons and the VBA project.

    The sheet's and the workbook's code names are the ones the document
    modules of the VBA project are named after, so both always agree.

    Args:
        path: Where to write; must end in ``.xlsm``.
        modules: Standard, class and document modules of the project.
        buttons: Form buttons placed on the Settings sheet.
        settings: Key/value rows written on the Settings sheet.
        sheet_code_name: The Settings sheet's code name.

    Returns:
        The written path.

    Raises:
        VbaBuildError: On an invalid module, code name or button macro, or
            when ``path`` does not end in ``.xlsm``.
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsm":
        raise VbaBuildError(f"{path}: a workbook with macros must end in .xlsm")
    check_name(sheet_code_name, f"code name {sheet_code_name!r}")
    check_buttons(buttons, modules)
    project = build_vba_project(modules, WORKBOOK_CODE_NAME, (sheet_code_name,))
    workbook = xlsxwriter.Workbook(str(path), {"in_memory": True})
    workbook.set_properties({"created": _FIXED_DATE, "title": "NAP monitoring toolkit"})
    workbook.set_vba_name(WORKBOOK_CODE_NAME)
    workbook.add_vba_project(io.BytesIO(project), is_stream=True)
    sheet = workbook.add_worksheet(SETTINGS_SHEET)
    sheet.set_vba_name(sheet_code_name)
    _write_settings(workbook, sheet, settings or {})
    for button in buttons:
        sheet.insert_button(
            button.cell,
            {"macro": button.macro, "caption": button.caption,
             "width": button.width, "height": button.height},
        )
    workbook.close()
    return path
