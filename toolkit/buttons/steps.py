"""The steps every Excel button shares: reading and checking settings, and the frame it runs in.

A problem that stops a button becomes a finding that names the setting's cell; :func:`run` then
logs the outcome, lists the findings and shows one message.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from toolkit.buttons.book import (
    SPECS,
    BookAdapter,
    FindingRow,
    LogRow,
    Setting,
)
from toolkit.findings import Finding, FindingError, finding, sheet_ref
from toolkit.language import ENGLISH

MIN_PYTHON = (3, 11)
REPORT_DIR = "report"
PLAN_SUFFIXES = (".xlsx", ".xlsm", ".json")
OK, PROBLEMS, STOPPED = "ok", "problems", "stopped"
_CELL = re.compile(r"^\$?[A-Z]{1,3}\$?[0-9]+$")


class Stop(Exception):
    """An action cannot go on: ``reason`` says why; ``findings`` (by default the reason) are
    listed, in ``language`` (the plan's, once it was read)."""

    def __init__(self, reason: Finding, findings: list[Finding] | None = None,
                 language: str = ENGLISH):
        super().__init__(str(reason))
        self.reason = reason
        self.findings = findings
        self.language = language

    @classmethod
    def of(cls, error: FindingError) -> Stop:
        """The stop for an error of the commands layer: its findings, then its reason."""
        listed = [*error.findings, *([] if error.finding in error.findings else [error.finding])]
        listed = listed if error.findings else None
        return cls(error.finding, listed, error.language)


@dataclass
class Outcome:
    """The result of one button: status, the message shown and the findings (None: unchanged),
    in ``language``."""

    status: str
    message: str
    findings: list[Finding] | None = None
    extra: dict = field(default_factory=dict)
    language: str = ENGLISH


def check_python(book: BookAdapter, version: tuple) -> None:
    """Stop when the Python that xlwings started is older than the toolkit supports.

    Args:
        book: The calling workbook, named in the message.
        version: The running Python's version, e.g. ``(3, 11, 7)``.

    Raises:
        Stop: With BTN_007.
    """
    if tuple(version[:2]) < MIN_PYTHON:
        raise Stop(finding("BTN_007", book.name, found=".".join(map(str, version))))


def _required(book: BookAdapter, name: str) -> Setting:
    """The setting behind ``name``; stops when it is not defined or blank."""
    spec = SPECS[name]
    setting = book.setting(name)
    if setting is None:
        raise Stop(finding("BTN_001", book.name, label=spec.label, name=name))
    if not setting.value:
        raise Stop(finding("BTN_002", book.name, setting.sheet, setting.cell,
                           label=spec.label, expected=spec.expected))
    return setting


def _path(book: BookAdapter, setting: Setting) -> Path:
    """The path typed in a setting; relative paths start at the workbook's folder.

    Explorer's "Copy as path" wraps the path in double quotes, so they are dropped.
    """
    path = Path(setting.value.strip().strip('"')).expanduser()
    if not path.is_absolute() and book.folder is not None:
        path = book.folder / path
    return path


def _fail(book: BookAdapter, setting: Setting, code: str, **params) -> Stop:
    spec = SPECS[setting.name]
    return Stop(finding(code, book.name, setting.sheet, setting.cell, label=spec.label,
                        value=f'"{setting.value}"', **params))


def plan_file(book: BookAdapter) -> Path:
    """The plan file setting, checked to name an existing file."""
    setting = _required(book, "nap_plan_file")
    path = _path(book, setting)
    if not path.is_file():
        raise _fail(book, setting, "BTN_003", expected=SPECS[setting.name].expected)
    if path.suffix.lower() not in PLAN_SUFFIXES:
        reason = f"{path.suffix or 'no extension'} is not one of {', '.join(PLAN_SUFFIXES)}"
        raise Stop(finding("PLAN_030", path, reason=reason))
    return path


def folder(book: BookAdapter, name: str, writable: bool = False) -> Path:
    """A folder setting, checked to exist and, when asked, to accept new files."""
    setting = _required(book, name)
    path = _path(book, setting)
    if not path.is_dir():
        raise _fail(book, setting, "BTN_004")
    if writable:
        try:
            with tempfile.TemporaryFile(dir=path):
                pass
        except OSError as exc:
            raise _fail(book, setting, "BTN_005", reason=exc.strerror or str(exc)) from exc
    return path


def load_plan(book: BookAdapter, path: Path, stop_on_errors: bool = True):
    """Read and check the plan; stops when it cannot be read or, if asked, has errors."""
    from toolkit.commands.plan import check_plan

    try:
        checked = check_plan(path)
    except FindingError as exc:
        raise Stop(exc.finding, [exc.finding]) from exc
    if stop_on_errors and checked.errors:
        raise Stop(finding("BTN_012", path, errors=checked.errors), checked.findings,
                   checked.language)
    return checked.plan, checked.findings


def period(book: BookAdapter, plan):
    """The period setting, parsed against the plan's frequency and dates."""
    from toolkit.commands.plan import period as read_period

    setting = _required(book, "nap_period")
    try:
        return read_period(plan, setting.value)
    except FindingError as exc:
        raise Stop(finding("BTN_006", book.name, setting.sheet, setting.cell,
                           reason=exc.finding), language=exc.language) from exc


def link(item: Finding, book_name: str) -> str:
    """A hyperlink target for the finding's cell: inside this workbook or into its file."""
    if not item.sheet or not _CELL.match(item.cell or ""):
        return ""
    target = f"{sheet_ref(item.sheet)}!{item.cell}"
    if item.file == book_name:
        return f"#{target}"
    return f"{item.file}#{target}"


def finding_rows(findings: list[Finding], book_name: str,
                 language: str = ENGLISH) -> list[FindingRow]:
    """The Findings sheet rows for ``findings`` in ``language``, with links to their cells."""
    return [FindingRow(item.code, item.severity, item.file, item.sheet, item.cell,
                       item.message_in(language), item.hint_in(language), link(item, book_name))
            for item in findings]


def run(book: BookAdapter, action: str, body: Callable[[BookAdapter], Outcome],
        now: Callable[[], dt.datetime] = dt.datetime.now,
        python: tuple = tuple(sys.version_info[:3])) -> Outcome:
    """Run one button: check Python, run ``body``, then log, list findings and show the message.

    Args:
        book: The calling workbook.
        action: The button's caption, written to the Log sheet.
        body: The action; raises :class:`Stop` when it cannot go on.
        now: The clock for the Log sheet.
        python: The running Python's version.

    Returns:
        The outcome, as also shown and logged.
    """
    try:
        check_python(book, python)
        outcome = body(book)
    except Stop as stop:
        findings = stop.findings if stop.findings is not None else [stop.reason]
        outcome = Outcome(STOPPED, stop.reason.text(stop.language), findings,
                          language=stop.language)
    except FindingError as error:
        stop = Stop.of(error)
        outcome = Outcome(STOPPED, stop.reason.text(stop.language),
                          stop.findings or [stop.reason], language=stop.language)
    if outcome.findings is not None:
        book.write_findings(finding_rows(outcome.findings, book.name, outcome.language))
    stamp = now().isoformat(sep=" ", timespec="seconds")
    book.append_log([LogRow(stamp, action, outcome.status, outcome.message)])
    book.message(outcome.message)
    return outcome


def consolidation():
    """The consolidation functions (``aggregate`` and ``check_return``) of this version.

    Raises:
        Stop: BTN_009 when this version has no consolidation.
    """
    try:
        aggregate = importlib.import_module("toolkit.commands.aggregate")
    except ImportError as exc:
        if exc.name not in (None, "toolkit.commands.aggregate"):
            raise
        raise Stop(finding("BTN_009", "toolkit")) from exc
    return SimpleNamespace(aggregate=aggregate.aggregate, check_return=aggregate.check_return)

