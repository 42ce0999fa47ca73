"""The functions the Excel buttons call through xlwings' ``RunPython``, and the xlwings adapter.

``macros/NapButtons.bas`` runs ``import toolkit.buttons.excel as b; b.check_plan()`` and so on.
Each function finds the calling workbook with ``xw.Book.caller()`` and hands it to the matching
``run_*`` function of :mod:`toolkit.buttons.actions`. xlwings is imported only here, inside the
functions, so the rest of the toolkit runs without it.
"""

from __future__ import annotations

from pathlib import Path

from toolkit.buttons import actions
from toolkit.buttons.book import (
    FINDING_HEADINGS,
    FINDINGS_SHEET,
    LOG_SHEET,
    SETTINGS,
    FindingRow,
    LogRow,
    Setting,
    cell_text,
)
from toolkit.findings import finding

TITLE = "NAP monitoring toolkit"
MESSAGE_LIMIT = 1000  # Excel: a message box shows at most 1,024 characters.
_LINK_COLUMN = FINDING_HEADINGS.index("Cell") + 1


class ExcelNotAvailable(RuntimeError):
    """The buttons were called where xlwings cannot reach Excel (Linux, a plain Python prompt)."""


class XlwingsBook:
    """A :class:`~toolkit.buttons.book.BookAdapter` over an xlwings ``Book``.

    Args:
        caller: The workbook whose button or ribbon was clicked.
        panel: The workbook holding the settings; the caller itself, or the active
            workbook when an add-in was clicked.
    """

    def __init__(self, caller, panel=None):
        self._caller = caller
        self._panel = panel if panel is not None else caller

    @classmethod
    def for_caller(cls, caller) -> "XlwingsBook":
        """Use the caller's settings, or the active workbook's when the caller has none."""
        if _has_name(caller, SETTINGS[0].name):
            return cls(caller)
        active = caller.app.books.active
        return cls(caller, active if _has_name(active, SETTINGS[0].name) else caller)

    @property
    def name(self) -> str:
        return self._panel.name

    @property
    def folder(self) -> Path | None:
        full = Path(self._panel.fullname)
        return full.parent if full.is_absolute() else None

    def setting(self, name: str) -> Setting | None:
        if not _has_name(self._panel, name):
            return None
        cell = self._panel.names[name].refers_to_range
        return Setting(name, cell_text(cell.value), cell.sheet.name,
                       cell.address.replace("$", ""))

    def _sheet(self, name: str):
        names = [sheet.name for sheet in self._panel.sheets]
        return self._panel.sheets[name] if name in names else None

    def append_log(self, rows: list[LogRow]) -> None:
        sheet = self._sheet(LOG_SHEET)
        if sheet is None:
            return
        last = sheet.range("A1").end("down").row if sheet.range("A2").value else 1
        sheet.range((last + 1, 1)).value = [[r.time, r.action, r.outcome, r.message]
                                            for r in rows]

    def write_findings(self, rows: list[FindingRow]) -> None:
        sheet = self._sheet(FINDINGS_SHEET)
        if sheet is None:
            return
        used = max(sheet.used_range.last_cell.row, 2)
        sheet.range((2, 1), (used, len(FINDING_HEADINGS))).clear_contents()
        if not rows:
            return
        sheet.range((2, 1)).value = [row.values() for row in rows]
        for offset, row in enumerate(rows):
            if row.link:
                sheet.range((2 + offset, _LINK_COLUMN)).add_hyperlink(row.link, row.cell)

    def message(self, text: str) -> None:
        if len(text) > MESSAGE_LIMIT:
            text = text[: MESSAGE_LIMIT - 1] + "…"
        self._caller.app.alert(text, title=TITLE)

    def active_workbook_path(self) -> Path | None:
        full = Path(self._caller.app.books.active.fullname)
        return full if full.is_absolute() else None

    def open_workbook(self, path: Path) -> None:
        self._caller.app.books.open(str(path))


def _has_name(book, name: str) -> bool:
    return any(item.name == name for item in book.names)


def calling_book() -> XlwingsBook:
    """The workbook whose button was clicked.

    Raises:
        ExcelNotAvailable: When xlwings is missing or cannot reach Excel, with a message
            that says to use the command line.
    """
    try:
        import xlwings as xw
    except ImportError as exc:
        reason = "xlwings is not installed; install it with: pip install xlwings==0.37.8"
        raise ExcelNotAvailable(str(finding("BTN_013", "toolkit", reason=reason))) from exc
    try:
        caller = xw.Book.caller()
    except Exception as exc:  # xlwings raises different errors per platform
        reason = f"{type(exc).__name__}: {exc}".strip().rstrip(".")
        raise ExcelNotAvailable(str(finding("BTN_013", "toolkit", reason=reason))) from exc
    return XlwingsBook.for_caller(caller)


def check_plan() -> None:
    """Button "Check plan"."""
    actions.run_check_plan(calling_book())


def generate_workbooks() -> None:
    """Button "Generate workbooks"."""
    actions.run_generate_workbooks(calling_book())


def consolidate_returns() -> None:
    """Button "Consolidate returns"."""
    actions.run_consolidate_returns(calling_book())


def open_report() -> None:
    """Button "Open report"."""
    actions.run_open_report(calling_book())


def check_this_workbook() -> None:
    """Ribbon button "Check this returned workbook"."""
    actions.run_check_this_workbook(calling_book())
