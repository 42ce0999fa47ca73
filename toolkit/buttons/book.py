"""What the Excel buttons need from a workbook: the settings, the Log and Findings sheets, messages.

The button logic talks to a :class:`BookAdapter`. The xlwings implementation lives in
``toolkit.buttons.excel``; :class:`MemoryBook` keeps everything in memory, so the same logic
runs in tests and without Excel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

SETTINGS_SHEET, LOG_SHEET, FINDINGS_SHEET = "Settings", "Log", "Findings"
LOG_HEADINGS = ("Time", "Action", "Outcome", "Message")
FINDING_HEADINGS = ("Code", "Severity", "File", "Sheet", "Cell", "Message", "What to do")


@dataclass(frozen=True)
class SettingSpec:
    """One setting of the control panel: its defined name, label, cell and what it takes."""

    name: str
    label: str
    cell: str
    expected: str
    example: str


SETTINGS = (
    SettingSpec("nap_plan_file", "plan file", "B4",
                "the full path of the plan workbook (.xlsx) or its JSON form",
                r"C:\NAP\valdoria-nap.xlsx"),
    SettingSpec("nap_period", "reporting period", "B5",
                "a period such as 2026-Q3, 2026-H1 or 2026, by the plan's frequency", "2026-H1"),
    SettingSpec("nap_returns_folder", "returns folder", "B6",
                "the full path of the folder holding the returned workbooks",
                r"C:\NAP\returns\2026-H1"),
    SettingSpec("nap_output_folder", "output folder", "B7",
                "the full path of the folder for generated workbooks and reports",
                r"C:\NAP\output"),
)
SPECS = {spec.name: spec for spec in SETTINGS}


@dataclass(frozen=True)
class Setting:
    """A setting as found in the workbook.

    Attributes:
        name: The defined name, e.g. ``nap_period``.
        value: The cell's value as text; ``""`` when blank.
        sheet: The sheet holding the cell.
        cell: The cell, e.g. ``B5``.
    """

    name: str
    value: str
    sheet: str
    cell: str


@dataclass(frozen=True)
class LogRow:
    """One row of the Log sheet."""

    time: str
    action: str
    outcome: str
    message: str


@dataclass(frozen=True)
class FindingRow:
    """One row of the Findings sheet; ``link`` is a hyperlink target for the cell, or ``""``."""

    code: str
    severity: str
    file: str
    sheet: str
    cell: str
    message: str
    hint: str
    link: str = ""

    def values(self) -> list[str]:
        """The cells of the row, in the order of :data:`FINDING_HEADINGS`."""
        return [self.code, self.severity, self.file, self.sheet, self.cell, self.message,
                self.hint]


class BookAdapter(Protocol):
    """The calling workbook, as the button logic sees it."""

    @property
    def name(self) -> str:
        """The workbook's file name, used in messages."""

    @property
    def folder(self) -> Path | None:
        """The folder holding the workbook, or None when it was never saved."""

    def setting(self, name: str) -> Setting | None:
        """The setting behind a defined name, or None when the name is not defined."""

    def append_log(self, rows: list[LogRow]) -> None:
        """Add rows at the end of the Log sheet."""

    def write_findings(self, rows: list[FindingRow]) -> None:
        """Replace the rows of the Findings sheet."""

    def message(self, text: str) -> None:
        """Show a message box."""

    def active_workbook_path(self) -> Path | None:
        """The file of the workbook the user is looking at, or None when it is unsaved."""

    def open_workbook(self, path: Path) -> None:
        """Open a workbook in Excel for the user."""


def cell_text(value: object) -> str:
    """A cell value as the text the user typed: ``2026.0`` reads as ``2026``, blank as ``""``.

    Excel stores a typed ``2026`` as the number 2026.0.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class MemoryBook:
    """A control panel held in memory: settings in; log rows, findings and messages out.

    Attributes:
        values: Setting values by defined name; a name left out is not defined.
        name: The workbook's file name.
        folder: The folder the workbook is in.
        active: The path of the workbook the user is looking at.
    """

    values: dict[str, object]
    name: str = "control-panel.xlsm"
    folder: Path | None = None
    active: Path | None = None
    log: list[LogRow] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    opened: list[Path] = field(default_factory=list)

    def setting(self, name: str) -> Setting | None:
        if name not in self.values:
            return None
        spec = SPECS.get(name)
        return Setting(name, cell_text(self.values[name]), SETTINGS_SHEET,
                       spec.cell if spec else "")

    def append_log(self, rows: list[LogRow]) -> None:
        self.log.extend(rows)

    def write_findings(self, rows: list[FindingRow]) -> None:
        self.findings = list(rows)

    def message(self, text: str) -> None:
        self.messages.append(text)

    def active_workbook_path(self) -> Path | None:
        return self.active

    def open_workbook(self, path: Path) -> None:
        self.opened.append(path)
