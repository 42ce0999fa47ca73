"""Drive a real LibreOffice Calc, headless, the way a person would.

This module is responsible for starting and stopping LibreOffice for the tests,
for converting files with it, and for typing and pasting into cells so that sheet
protection and data validation are enforced by the real program, not simulated.

Usage::

    from tests.support import libreoffice as lo

    pytestmark = pytest.mark.skipif(not lo.available(), reason="needs LibreOffice")

    # Recalculate and re-save many files with one soffice start-up (~1 s + files).
    outputs = lo.convert([a, b, c], out_dir)          # -> [out_dir/a.xlsx, ...]

    with lo.Calc() as calc:                           # one soffice, private profile
        with calc.open(path) as doc:                  # Doc; closed at the end
            assert doc.load_problems == []            # nothing raised while loading
            doc.sheet_names()                         # ["Form", "Lists"]
            doc.is_protected("Form")                  # True
            doc.is_locked("Form", "B5")               # True
            doc.type("Form", "B3", "42")              # True: typed like a person
            doc.type("Form", "B3", "500")             # False: refused by validation
            doc.type("Form", "B5", "x")               # False: locked cell
            doc.paste("Form", "B3", "abc")            # True: a paste skips validation
            doc.unprotect("Form", "pw")               # True: the password removes protection
            doc.insert_row("Form", 4)                 # True: rows 4 and below move down
            doc.value("Form", "B3")                   # "abc" (numbers come as float)
            doc.save_as(tmp_path / "back.xlsx")       # .xlsx, for openpyxl to check

Errors: :class:`LoadError` when a file cannot be opened at all (its ``problems``
say what LibreOffice reported), ``ValueError`` for a bad sheet, cell or input,
:class:`LibreOfficeError` when soffice fails, dies or does not answer in time.

Design: ``Calc`` starts one ``soffice --headless`` with a private profile (a temp
directory) listening on a unique pipe, plus one long-running worker,
``lo_worker.py``, under Debian's ``/usr/bin/python3`` (the only interpreter with
``uno``). The worker takes one JSON request per line on stdin and answers one JSON
line on stdout. Every request has a timeout; when it expires, or soffice dies, both
processes are stopped by PID, the call raises :class:`LibreOfficeError`, and the
next ``Calc.open`` starts a fresh soffice; documents of the stopped instance raise
:class:`LibreOfficeError` from then on. Start-up takes about 1 s, opening a small
file 0.1-0.3 s, typing into a cell about 50 ms.

Typing sends key presses to the document's grid window through LibreOffice's
UITest service (the ``TYPE`` action of LibreOffice's own UI tests), so Calc applies
AutoCorrect, number recognition in the profile's locale, protection and validation
as for a person. Headless, the alert of a stop-style validation is answered with
Cancel, so an invalid value is refused silently and the cell keeps its content.

Known limits, all from LibreOffice 7.4 as packaged by Debian:

- Input that Calc would offer to correct as a formula (``=1+``, ``=SUM(1``,
  ``+1+``) would abort soffice, so ``Doc.type`` refuses it with ``ValueError``.
- Malformed sheet XML inside an ``.xlsx`` is not reported at all: Calc opens the
  file and silently drops what it could not read. An empty ``load_problems`` is
  not proof that a file is intact.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import json
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Iterable

SOFFICE = "soffice"
UNO_PYTHON = "/usr/bin/python3"
WORKER = Path(__file__).with_name("lo_worker.py")

START_TIMEOUT = 60.0
REQUEST_TIMEOUT = 30.0
OPEN_TIMEOUT = 60.0
STOP_GRACE = 5.0

# Settings of the private profile: (configuration node, property, value).
PROFILE_SETTINGS = (
    # LibreOffice: Calc never recalculates Excel 2007+ files on load by default
    # and keeps their cached results; 0 means "always" (ODF files too).
    ("/org.openoffice.Office.Calc/Formula/Load", "OOXMLRecalcMode", "{recalc}"),
    ("/org.openoffice.Office.Calc/Formula/Load", "ODFRecalcMode", "{recalc}"),
    # LibreOffice: AutoInput completes typed text from the column's other entries
    # ("a" becomes "abc"); off, a typed value is the value meant.
    ("/org.openoffice.Office.Calc/Input", "AutoInput", "false"),
    ("/org.openoffice.Office.Common/Misc", "FirstRun", "false"),
    ("/org.openoffice.Setup/L10N", "ooSetupSystemLocale", "{locale}"),
)
# LibreOffice: the Debian nogui build aborts about 0.5 s after the first dispatcher
# call or when a document is shown, because it cannot build the input line (window
# 26100) from .ui files it lacks; hiding that window prevents it. This member of
# the Windows set must be created with a <node> element: an <item> whose path
# names the member (".../Windows/...WindowType['26100']") is silently dropped.
HIDE_INPUT_LINE = (
    '<item oor:path="/org.openoffice.Office.Views/Windows"><node oor:name="26100" '
    'oor:op="replace"><prop oor:name="Visible" oor:op="fuse"><value>false</value>'
    "</prop></node></item>"
)
XCU_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
)


class LibreOfficeError(RuntimeError):
    """LibreOffice failed, timed out or died; the message says which and where."""


@functools.cache
def available() -> bool:
    """Tell whether soffice and a Python with ``uno`` are installed.

    Returns:
        True when ``soffice`` is on PATH and ``/usr/bin/python3`` imports ``uno``.
    """
    if shutil.which(SOFFICE) is None or not os.access(UNO_PYTHON, os.X_OK):
        return False
    probe = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True,
                           timeout=30, check=False)
    return probe.returncode == 0


def make_profile(directory: Path, recalc: bool = True, locale: str = "en-US") -> str:
    """Write a private LibreOffice profile and return its ``-env`` argument.

    Args:
        directory: An empty directory that becomes the user installation.
        recalc: Whether formulas of loaded files are always recalculated.
        locale: Locale used to recognise typed numbers and dates.

    Returns:
        The ``-env:UserInstallation=...`` command-line argument.
    """
    user = directory / "user"
    user.mkdir(parents=True, exist_ok=True)
    # 0 = always recalculate, 1 = never (Calc's default for OOXML is 1).
    fill = {"recalc": 0 if recalc else 1, "locale": locale}
    items = [f'<item oor:path="{node}"><prop oor:name="{name}" oor:op="fuse">'
             f"<value>{value.format(**fill)}</value></prop></item>"
             for node, name, value in PROFILE_SETTINGS]
    xcu = "\n".join([XCU_HEAD, *items, HIDE_INPUT_LINE, "</oor:items>", ""])
    (user / "registrymodifications.xcu").write_text(xcu, encoding="utf-8")
    return "-env:UserInstallation=" + directory.resolve().as_uri()


def _group_members(pgid: int) -> list[int]:
    """PIDs of the live (not zombie) processes in process group ``pgid`` (Linux)."""
    members = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # state, ppid, pgrp, ...
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def _stop_group(proc: subprocess.Popen, grace: float = STOP_GRACE) -> None:
    """Stop a process started with ``start_new_session=True`` and its children.

    Signals go to the PIDs of that session's process group only: soffice's
    launcher (oosplash) and the soffice.bin it started. The launcher is reaped
    last, so the group id cannot be reused while we signal it.
    """
    for sig in (signal.SIGTERM, signal.SIGKILL):
        members = _group_members(proc.pid)
        for pid in members:
            try:
                os.kill(pid, sig)
                os.kill(pid, signal.SIGCONT)  # a stopped process acts on SIGTERM only then
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace
        while members and time.monotonic() < deadline:
            time.sleep(0.02)
            members = _group_members(proc.pid)
        if not members:
            break
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass


def _remove_pipes(profile_uri: str, *names: str) -> None:
    """Remove the socket files a killed soffice leaves in /tmp.

    LibreOffice: besides the ``--accept`` pipe, soffice listens on
    ``OSL_PIPE_<uid>_SingleOfficeIPC_<hash>``, where the hash is the MD5 of the
    profile URL in UTF-16LE, each byte in hex without zero padding. Only a
    graceful exit removes them.
    """
    digest = hashlib.md5(profile_uri.encode("utf-16-le")).digest()
    ipc = "SingleOfficeIPC_" + "".join(f"{byte:x}" for byte in digest)
    for name in (ipc, *names):
        Path(f"/tmp/OSL_PIPE_{os.getuid()}_{name}").unlink(missing_ok=True)


def _soffice_env(tmp: Path) -> dict[str, str]:
    """soffice's environment: its temp files go to our own temp directory."""
    tmp.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "TMPDIR": str(tmp)}


def _soffice_command(profile_arg: str, *args: str) -> list[str]:
    """The soffice command line shared by conversion and the UNO server."""
    return [SOFFICE, profile_arg, "--headless", "--invisible", "--norestore",
            "--nologo", "--nolockcheck", *args]


def convert(paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike,
            fmt: str = "xlsx", recalc: bool = True,
            timeout: float | None = None) -> list[Path]:
    """Convert many files with one soffice start-up.

    An output of the same name in ``out_dir`` is removed first, so a stale file
    can never pass for a result.

    Args:
        paths: Files to convert. Their stems must differ.
        out_dir: Directory for the outputs (created if missing).
        fmt: soffice ``--convert-to`` target, e.g. ``"xlsx"`` or ``"ods"``, or
            ``"xlsx:Calc MS Excel 2007 XML"``.
        recalc: Recalculate every formula on load (a private profile setting).
        timeout: Seconds for the whole call; default 30 plus 5 per file.

    Returns:
        The output paths, in the order of ``paths``.

    Raises:
        FileNotFoundError: An input does not exist.
        ValueError: Two inputs would produce the same output, or an output
            would overwrite its input.
        LibreOfficeError: soffice timed out or did not produce an output (the
            message names the files).
    """
    sources = [Path(p).resolve() for p in paths]
    out = Path(out_dir).resolve()
    outputs = [out / (src.stem + "." + fmt.split(":")[0]) for src in sources]
    _check_conversion(sources, outputs)
    out.mkdir(parents=True, exist_ok=True)
    for target in outputs:
        target.unlink(missing_ok=True)
    limit = timeout if timeout is not None else 30.0 + 5.0 * len(sources)
    log = _run_conversion(sources, out, fmt, recalc, limit)
    missing = [src.name for src, target in zip(sources, outputs) if not target.exists()]
    if missing:
        raise LibreOfficeError(f"LibreOffice did not convert {missing}:\n{log[-2000:]}")
    return outputs


def _run_conversion(sources: list[Path], out: Path, fmt: str, recalc: bool,
                    limit: float) -> str:
    """Run one ``soffice --convert-to`` with a throw-away profile; return its output."""
    with tempfile.TemporaryDirectory(prefix="nap-lo-convert-") as tmp:
        profile = make_profile(Path(tmp) / "profile", recalc)
        cmd = _soffice_command(profile, "--convert-to", fmt, "--outdir", str(out),
                               *map(str, sources))
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True,
                                env=_soffice_env(Path(tmp) / "tmp"))
        try:
            log, _ = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            raise LibreOfficeError(
                f"soffice --convert-to timed out after {limit:.0f} s "
                f"on {[s.name for s in sources]}") from None
        finally:
            _stop_group(proc)
            _remove_pipes(profile.split("=", 1)[1])
    return log.decode("utf-8", "replace")


def _check_conversion(sources: list[Path], outputs: list[Path]) -> None:
    """Refuse conversions that would lose a file or overwrite another."""
    for src in sources:
        if not src.is_file():
            raise FileNotFoundError(src)
    seen: dict[Path, Path] = {}
    for src, target in zip(sources, outputs):
        if target == src:
            raise ValueError(f"converting {src} would overwrite it")
        if target in seen:
            raise ValueError(f"{seen[target].name} and {src.name} both convert to {target.name}")
        seen[target] = src


class LoadError(LibreOfficeError):
    """LibreOffice could not open a file.

    Attributes:
        problems: What LibreOffice reported while trying, one line each.
    """

    def __init__(self, message: str, problems: list[str]):
        super().__init__(message)
        self.problems = problems


class Calc:
    """One headless LibreOffice with a private profile, driven through UNO.

    Use it as a context manager. soffice and the worker are stopped by PID at
    exit and the temp directory (profile, logs) is removed.

    Args:
        locale: Locale used to read typed numbers and dates (``"en-US"`` reads
            ``12,5`` as text, ``"de-DE"`` as 12.5).
        request_timeout: Seconds allowed for one request (open excepted).
        open_timeout: Seconds allowed for loading one document.
    """

    def __init__(self, locale: str = "en-US", request_timeout: float = REQUEST_TIMEOUT,
                 open_timeout: float = OPEN_TIMEOUT):
        self.locale = locale
        self.request_timeout = request_timeout
        self.open_timeout = open_timeout
        self.generation = 0
        self._tmp: Path | None = None
        self._soffice: subprocess.Popen | None = None
        self._worker: subprocess.Popen | None = None
        self._buffer = b""
        self._pipe = ""
        self._profile_uri = ""
        self._opened: set[Path] = set()

    def __enter__(self) -> "Calc":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """Whether soffice and the worker are both alive."""
        return (self._soffice is not None and self._soffice.poll() is None
                and self._worker is not None and self._worker.poll() is None)

    @property
    def soffice_pid(self) -> int | None:
        """PID of the soffice launcher, for tests that check it survived."""
        return self._soffice.pid if self._soffice is not None else None

    def start(self) -> None:
        """Start soffice and the worker; wait until UNO answers.

        Raises:
            LibreOfficeError: soffice did not answer within START_TIMEOUT.
        """
        self.stop()
        atexit.register(self.stop)
        self._tmp = Path(tempfile.mkdtemp(prefix="nap-lo-"))
        profile = make_profile(self._tmp / "profile", locale=self.locale)
        self._profile_uri = profile.split("=", 1)[1]
        self._pipe = pipe = "nap-lo-" + uuid.uuid4().hex
        accept = f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"
        with open(self._tmp / "soffice.log", "wb") as log:
            self._soffice = subprocess.Popen(
                _soffice_command(profile, "--nodefault", accept), stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                env=_soffice_env(self._tmp / "tmp"))
        with open(self._tmp / "worker.log", "wb") as log:
            self._worker = subprocess.Popen(
                [UNO_PYTHON, str(WORKER), pipe], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=log, start_new_session=True)
        self._buffer = b""
        self.generation += 1
        self._answer("start", START_TIMEOUT)

    def stop(self, graceful: bool = True) -> None:
        """Stop the worker and soffice by PID and remove the temp directory.

        Args:
            graceful: First ask soffice to quit by itself (it then removes its
                lock files and pipe); skipped after a failure.
        """
        atexit.unregister(self.stop)
        if graceful and self.running:
            self._terminate_gracefully()
        if self._worker is not None:
            _stop_group(self._worker, grace=2.0)
            for stream in (self._worker.stdin, self._worker.stdout):
                stream.close()
            self._worker = None
        if self._soffice is not None:
            _stop_group(self._soffice)
            self._soffice = None
        self._remove_leftovers()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def _terminate_gracefully(self) -> None:
        """Let soffice quit by itself, so it removes its pipes and lock files."""
        try:
            self._worker.stdin.write(b'{"op": "terminate"}\n{"op": "quit"}\n')
            self._worker.stdin.flush()
            self._worker.wait(timeout=STOP_GRACE)
            self._soffice.wait(timeout=STOP_GRACE)
        except (OSError, subprocess.TimeoutExpired):
            pass

    def _remove_leftovers(self) -> None:
        """Remove the lock files and pipe socket a stopped soffice left behind.

        LibreOffice: a killed soffice leaves ``.~lock.<name>#`` next to each open
        file, and the next LibreOffice opens that file read-only. Only lock files
        that name this instance's private profile are removed.
        """
        for path in self._opened:
            lock = path.with_name(f".~lock.{path.name}#")
            try:
                if self._profile_uri and self._profile_uri in lock.read_text("utf-8", "replace"):
                    lock.unlink()
            except OSError:
                pass
        self._opened.clear()
        if self._profile_uri:
            _remove_pipes(self._profile_uri, self._pipe)
            self._pipe = self._profile_uri = ""

    def _log_tail(self) -> str:
        """The end of soffice's and the worker's logs, for error messages."""
        parts = []
        for name in ("soffice.log", "worker.log"):
            try:
                text = (self._tmp / name).read_text("utf-8", "replace").strip()
            except (OSError, TypeError):
                continue
            if text:
                parts.append(f"--- {name} ---\n{text[-1500:]}")
        return "\n".join(parts)

    def _fail(self, message: str) -> None:
        """Stop everything and raise; the next open() starts a fresh soffice."""
        status = self._soffice.poll() if self._soffice is not None else None
        if status is not None:
            message += f" (soffice exited with status {status})"
        message += "\n" + self._log_tail()
        self.stop(graceful=False)
        raise LibreOfficeError(message)

    def _answer(self, what: str, timeout: float):
        """Read the worker's next answer line; fail cleanly on timeout or EOF."""
        deadline = time.monotonic() + timeout
        stdout = self._worker.stdout
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    self._fail(f"LibreOffice did not answer {what} within {timeout:.0f} s")
                chunk = os.read(stdout.fileno(), 65536)
                if not chunk:
                    self._fail(f"LibreOffice worker ended during {what}")
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        answer = json.loads(line)
        if answer["ok"]:
            return answer["result"]
        if answer["kind"] == "disconnected" or not self.running:
            self._fail(f"LibreOffice went away during {what}: {answer['error']}")
        if answer["kind"] == "usage":
            raise ValueError(f"{what}: {answer['error']}")
        raise LibreOfficeError(f"{what} failed: {answer['error']}")

    def _request(self, op: str, timeout: float | None = None, **args):
        """Send one request to the worker and return its result.

        Args:
            op: Worker operation (``open``, ``value``, ``type``, ...).
            timeout: Seconds to wait; default ``request_timeout``.
            **args: The operation's arguments (JSON-serialisable).

        Raises:
            ValueError: The worker rejected the request (bad sheet, cell, ...).
            LibreOfficeError: LibreOffice failed, died or timed out.
        """
        if not self.running:
            self._fail(f"LibreOffice is not running (request {op})")
        try:
            self._worker.stdin.write(json.dumps({"op": op, **args}).encode() + b"\n")
            self._worker.stdin.flush()
        except OSError as exc:
            self._fail(f"cannot send {op} to the LibreOffice worker: {exc}")
        return self._answer(op, timeout or self.request_timeout)

    def open(self, path: str | os.PathLike, visible: bool = True) -> "Doc":
        """Load a spreadsheet, recording every problem LibreOffice reports.

        Starts a fresh soffice first if a previous failure stopped it.

        Args:
            path: The file to open.
            visible: Show the document's window (needed by ``Doc.type``).

        Returns:
            The open document; its ``load_problems`` lists warnings and errors
            raised while loading (a repair offer, "data could not be loaded
            completely", ...), in order.

        Raises:
            FileNotFoundError: ``path`` does not exist.
            LoadError: LibreOffice could not open the file at all.
        """
        path = Path(path).resolve()
        if not path.is_file():
            raise FileNotFoundError(path)
        if not self.running:
            self.start()
        self._opened.add(path)
        result = self._request("open", self.open_timeout, path=str(path), visible=visible)
        if result["doc"] is None:
            raise LoadError(f"LibreOffice could not open {path.name}: {result['problems']}",
                            result["problems"])
        return Doc(self, result["doc"], path, result["problems"])


class Doc:
    """A spreadsheet open in a :class:`Calc`. Sheets are names or 0-based indexes.

    Attributes:
        path: The file it was loaded from.
        load_problems: Warnings and errors LibreOffice raised while loading.
    """

    def __init__(self, calc: Calc, doc_id: int, path: Path, load_problems: list[str]):
        self._calc = calc
        self._id = doc_id
        self._generation = calc.generation
        self._closed = False
        self.path = path
        self.load_problems = load_problems

    def __enter__(self) -> "Doc":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _call(self, op: str, **args):
        if self._closed:
            raise LibreOfficeError(f"{self.path.name} is closed")
        if self._generation != self._calc.generation or not self._calc.running:
            raise LibreOfficeError(f"{self.path.name} was lost: LibreOffice was stopped")
        return self._calc._request(op, doc=self._id, **args)

    def sheet_names(self) -> list[str]:
        """Names of all sheets, hidden ones included, in order."""
        return self._call("sheet_names")

    def recalc(self) -> None:
        """Recalculate every formula (``calculateAll``)."""
        self._call("recalc")

    def value(self, sheet: str | int, cell: str):
        """A cell's value: float, str, or None when empty.

        A formula gives its current result; an error result gives its text,
        such as ``"#DIV/0!"``.
        """
        return self._call("value", sheet=sheet, cell=cell)

    def row_heights(self, sheet: str | int, rows: list[int]) -> list[tuple[int, int]]:
        """(height the file gives, the height Calc would fit to the text) of each 1-based
        row, in hundredths of a millimetre."""
        return [tuple(pair) for pair in self._call("row_heights", sheet=sheet, rows=rows)]

    def is_protected(self, sheet: str | int) -> bool:
        """Whether the sheet is protected."""
        return self._call("is_protected", sheet=sheet)

    def is_locked(self, sheet: str | int, cell: str) -> bool:
        """Whether the cell is locked (enforced only on a protected sheet)."""
        return self._call("is_locked", sheet=sheet, cell=cell)

    def type(self, sheet: str | int, cell: str, text: str) -> bool:
        """Type ``text`` into a cell like a person: key presses, then Enter.

        Calc applies protection, data validation, AutoCorrect and number
        recognition, so read the result back with :meth:`value`: in en-US
        ``l'État`` becomes ``l’État``, ``1/2`` becomes ``½`` and ``10%`` 0.1.
        A refused value leaves the cell unchanged.

        Returns:
            True when the cell changed or now holds ``text``; False when Calc
            refused the input (locked cell, value breaking a stop validation).
            Typing a cell's current content again therefore returns True.

        Raises:
            ValueError: ``text`` holds Enter or Tab, the document is hidden, or
                ``text`` is a formula Calc would offer to correct.
        """
        return self._call("type", sheet=sheet, cell=cell, text=text)

    def paste(self, sheet: str | int, cell: str, text: str) -> bool:
        """Paste ``text`` (plain text on the clipboard, then Edit > Paste).

        Like a real paste, it skips data validation. On a locked cell of a
        protected sheet Paste is disabled and nothing happens.

        Returns:
            True when the cell changed or now holds ``text``.
        """
        return self._call("paste", sheet=sheet, cell=cell, text=text)

    def unprotect(self, sheet: str | int, password: str) -> bool:
        """Remove a sheet's protection with its password, as a person can; True when the
        sheet is unprotected now."""
        return self._call("unprotect", sheet=sheet, password=password)

    def insert_row(self, sheet: str | int, row: int) -> bool:
        """Insert an empty row above the 1-based ``row`` (Sheet > Insert Rows > Rows Above);
        refused on a protected sheet. True when the rows below moved down."""
        return self._call("insert_row", sheet=sheet, row=row)

    def save_as(self, path: str | os.PathLike) -> Path:
        """Save a copy as .xlsx with Calc's "Calc MS Excel 2007 XML" filter."""
        target = Path(path).resolve()
        self._call("save_as", path=str(target))
        return target

    def close(self) -> None:
        """Close the document, discarding changes. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        if self._generation == self._calc.generation and self._calc.running:
            self._calc._request("close", doc=self._id)
