"""The Excel add-in (``.xlam``): the VBA project plus a ribbon tab with the toolkit's actions.

XlsxWriter writes the workbook with its VBA project; this module then turns the package into an
add-in: the add-in content type for the workbook part, the ``customUI/customUI14.xml`` ribbon
part and its relationship. The zip is rewritten with sorted entries and fixed timestamps, so the
same inputs give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

from toolkit.buttons.control_panel import TITLE, macro_workbook
from toolkit.vba.project import Module, VbaBuildError
from toolkit.vba.workbook import Button, check_buttons

CUSTOMUI_NS = "http://schemas.microsoft.com/office/2009/07/customui"
CUSTOMUI_PART = "customUI/customUI14.xml"
CUSTOMUI_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
ADDIN_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class RibbonButton:
    """One button of the ribbon tab; ``on_action`` is ``Module.Sub`` of ``macros/NapRibbon.bas``."""

    id: str
    label: str
    on_action: str
    image: str
    tip: str


RIBBON_GROUPS = (
    ("napPlan", "Plan", (
        RibbonButton("napCheckPlan", "Check plan", "NapRibbon.OnCheckPlan", "MacroPlay",
                     "Check the plan workbook named on the control panel."),
        RibbonButton("napGenerate", "Generate workbooks", "NapRibbon.OnGenerateWorkbooks",
                     "FileNew", "Write one locked reporting workbook per institution."),
    )),
    ("napReturns", "Returns", (
        RibbonButton("napCheckReturn", "Check this returned workbook",
                     "NapRibbon.OnCheckThisWorkbook", "FunctionWizard",
                     "Check the workbook you are looking at against the plan and period."),
        RibbonButton("napConsolidate", "Consolidate returns", "NapRibbon.OnConsolidateReturns",
                     "Refresh", "Consolidate the returned workbooks into a report."),
        RibbonButton("napOpenReport", "Open report", "NapRibbon.OnOpenReport", "FileOpen",
                     "Open the latest consolidated report of the period."),
    )),
)


def ribbon_buttons() -> list[RibbonButton]:
    """Every button of the ribbon tab, in order."""
    return [button for _, _, buttons in RIBBON_GROUPS for button in buttons]


def ribbon_xml() -> str:
    """The ``customUI14.xml`` part: one tab, its groups and buttons."""
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
             f'<customUI xmlns="{CUSTOMUI_NS}">', "  <ribbon>", "    <tabs>",
             '      <tab id="napTab" label="NAP toolkit">']
    for group_id, label, buttons in RIBBON_GROUPS:
        lines.append(f'        <group id="{group_id}" label={quoteattr(label)}>')
        for button in buttons:
            lines.append(f'          <button id="{button.id}" label={quoteattr(button.label)} '
                         f'size="large" imageMso="{button.image}" '
                         f'screentip={quoteattr(button.label)} supertip={quoteattr(button.tip)} '
                         f'onAction="{button.on_action}"/>')
        lines.append("        </group>")
    lines += ["      </tab>", "    </tabs>", "  </ribbon>", "</customUI>"]
    return "\n".join(lines) + "\n"


def _about_sheet(workbook, sheet) -> None:
    """The add-in's one sheet, which Excel hides: what it is and where its settings live."""
    sheet.write_string("A1", f"{TITLE}: add-in", workbook.add_format({"bold": True}))
    sheet.write_string("A2", "The NAP toolkit tab runs the toolkit on the settings of the open "
                             "control panel (made with: toolkit control-panel).")


def _as_addin(package: bytes) -> dict[str, bytes]:
    """The parts of an ``.xlsm`` package, changed into an add-in with the ribbon part."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    types = parts["[Content_Types].xml"].decode("utf-8")
    if MACRO_TYPE not in types:
        raise VbaBuildError("the workbook written by XlsxWriter is not macro-enabled")
    parts["[Content_Types].xml"] = types.replace(MACRO_TYPE, ADDIN_TYPE).encode("utf-8")
    rels = parts["_rels/.rels"].decode("utf-8")
    relationship = (f'<Relationship Id="rIdNapRibbon" Type="{CUSTOMUI_REL}" '
                    f'Target="{CUSTOMUI_PART}"/>')
    parts["_rels/.rels"] = rels.replace("</Relationships>",
                                        relationship + "</Relationships>").encode("utf-8")
    parts[CUSTOMUI_PART] = ribbon_xml().encode("utf-8")
    return parts


def _zip(parts: dict[str, bytes]) -> bytes:
    """A zip of ``parts`` with sorted names and fixed timestamps."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(parts):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, parts[name])
    return buffer.getvalue()


def build_addin(path: Path, modules: Sequence[Module]) -> Path:
    """Write the add-in ``.xlam``.

    Args:
        path: Where to write; must end in ``.xlam``.
        modules: The VBA modules: ``macros/`` (including the ribbon callbacks) plus xlwings'.

    Returns:
        The written path.

    Raises:
        VbaBuildError: On a wrong suffix, an invalid module or a ribbon action without its Sub.
    """
    path = Path(path)
    if path.suffix.lower() != ".xlam":
        raise VbaBuildError(f"{path}: an add-in must end in .xlam")
    check_ribbon(modules)
    buffer = io.BytesIO()
    workbook, (sheet,) = macro_workbook(buffer, modules, (("NAP add-in", "Sheet1"),))
    _about_sheet(workbook, sheet)
    workbook.close()
    path.write_bytes(_zip(_as_addin(buffer.getvalue())))
    return path


def check_ribbon(modules: Sequence[Module]) -> None:
    """Check that every ribbon ``onAction`` is a Sub of a standard module.

    Raises:
        VbaBuildError: Naming the ribbon button and its callback.
    """
    check_buttons([Button("A1", item.on_action, item.label) for item in ribbon_buttons()],
                  modules)
