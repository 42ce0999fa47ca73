"""The output folder of a consolidation as a whole: one run at a time, and a set of outputs that
is either complete and of one run, or plainly marked incomplete.

A run holds ``run.lock`` (naming its process, machine and start) for as long as it writes. It
builds its outputs in ``incomplete-<run>/`` inside the output folder, the ledger first, and
moves the finished set into place at the end, with ``run.json``, which names the run and the
SHA-256 of every output. While the set is being moved, ``run.json`` says ``incomplete``; a run
that stops earlier leaves the previous set as it was, and its own folder, still called
``incomplete-<run>``, with the ledger of what it received and nothing cut short.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import socket
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from toolkit.findings import FindingError, finding
from toolkit.language import Phrase, os_reason, phrase

LOCK = "run.lock"
RUN_FILE = "run.json"
STAGING = "incomplete-"
OUTPUTS = ("report.xlsx", "report.docx", "report.pdf", "ledger.csv", "ledger.json", "exports",
           "feedback")
"""What a run puts in its output folder besides the archive: a rerun replaces them all, so
that nothing of an earlier run stays beside a later one."""
FOLDERS = ("exports", "feedback")
LEDGER = ("ledger.csv", "ledger.json")
FORMAT = "nap-toolkit consolidation"
UNREADABLE_LOCK_AGE = 30
"""Seconds after which a lock file that cannot be read is taken for one left by a stopped
run (a run writes its lock at once)."""


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _started(pid: int) -> str:
    """When a process started, as the system counts it (Linux), to tell a process from a later
    one given the same number; empty elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _alive(holder: dict) -> bool:
    pid = holder.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return False
    if sys.platform == "win32":
        return _alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    since = holder.get("since", "")
    return not since or _started(pid) in ("", since)


def _alive_windows(pid: int) -> bool:
    import ctypes

    kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel.OpenProcess(0x100000, False, pid)  # SYNCHRONIZE
    if not handle:
        return False
    try:
        return kernel.WaitForSingleObject(handle, 0) == 0x102  # WAIT_TIMEOUT: still running
    finally:
        kernel.CloseHandle(handle)


def _read_holder(path: Path) -> dict | None:
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
        return holder if isinstance(holder, dict) else None
    except (OSError, ValueError):
        return None


def _stale(path: Path, holder: dict | None) -> bool:
    """A lock left by a run that is no longer running on this machine."""
    if holder is None:
        try:
            return time.time() - path.stat().st_mtime > UNREADABLE_LOCK_AGE
        except FileNotFoundError:
            return True
    return holder.get("host") == socket.gethostname() and not _alive(holder)


def _take(path: Path, holder: dict) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(holder, fh)
    return True


@contextmanager
def locked(out_dir: Path):
    """Hold the output folder's lock for the block; yields the run's id. A lock left by a run
    that stopped (its process is gone from this machine) is taken over.

    Raises:
        FindingError: OUT_003, another run holds the lock.
    """
    path = out_dir / LOCK
    run = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(3)
    holder = {"run": run, "pid": os.getpid(), "host": socket.gethostname(),
              "started": _now(), "since": _started(os.getpid())}
    if not _take(path, holder):
        other = _read_holder(path)
        if not _stale(path, other) or not _retake(path, holder):
            other = other or {}
            raise FindingError(finding("OUT_003", path, pid=other.get("pid", "?"),
                                       host=other.get("host", "?"),
                                       started=other.get("started", "?"), lock=path))
    try:
        yield run
    finally:
        if (_read_holder(path) or {}).get("run") == run:
            path.unlink(missing_ok=True)


def _retake(path: Path, holder: dict) -> bool:
    path.unlink(missing_ok=True)
    return _take(path, holder)


class OutputSet:
    """The outputs of one run, built in ``incomplete-<run>/`` and put in place at the end."""

    def __init__(self, out_dir: Path, run: str):
        self.out_dir, self.run = out_dir, run
        self.folder = out_dir / f"{STAGING}{run}"
        self.started = _now()
        self.had_previous = (out_dir / RUN_FILE).is_file() or (out_dir / "ledger.csv").exists()
        self.ledger_written = False
        """Set once the ledger is whole in the staging folder: it is then kept, whatever
        follows."""

    def begin(self) -> Path:
        """Make the staging folder, marked incomplete from the start."""
        self.folder.mkdir()
        self._mark(self.folder / RUN_FILE, "incomplete")
        return self.folder

    def _mark(self, path: Path, status: str, outputs: dict | None = None) -> None:
        record = {"format": FORMAT, "run": self.run, "status": status,
                  "started": self.started, "finished": _now() if outputs is not None else ""}
        if outputs is not None:
            record["outputs"] = outputs
        aside = path.with_name(f".{path.name}.part")
        aside.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        os.replace(aside, path)

    def commit(self) -> None:
        """Move the finished set into place: the earlier run's outputs go, this run's come,
        and ``run.json`` says ``complete`` only once all are there."""
        for name in OUTPUTS:
            old = self.out_dir / name
            if old.is_dir() != (name in FOLDERS) and old.exists():
                raise WriteFailed(old, phrase("os.EISDIR" if old.is_dir() else "os.ENOTDIR"))
        self._mark(self.folder / RUN_FILE, "complete", _hashes(self.folder))
        self._mark(self.folder / f".{RUN_FILE}.replacing", "incomplete")
        os.replace(self.folder / f".{RUN_FILE}.replacing", self.out_dir / RUN_FILE)
        for name in OUTPUTS:
            old, new = self.out_dir / name, self.folder / name
            if name in FOLDERS and old.is_dir() and not old.is_symlink():
                os.replace(old, self.folder / f".old-{name}")
            elif old.exists() or old.is_symlink():
                old.unlink()
            if new.exists():
                os.replace(new, old)
        os.replace(self.folder / RUN_FILE, self.out_dir / RUN_FILE)
        shutil.rmtree(self.folder, ignore_errors=True)
        for other in self.out_dir.glob(f"{STAGING}*"):
            # the lock is held: no other run is writing there
            shutil.rmtree(other, ignore_errors=True)

    def abandon(self) -> Phrase:
        """Leave the staging folder with the ledger alone, when it was written whole, and say
        what was kept."""
        ledger = self.ledger_written
        for item in list(self.folder.iterdir()) if self.folder.is_dir() else ():
            if item.name in LEDGER + (RUN_FILE,) and ledger:
                continue
            shutil.rmtree(item, ignore_errors=True) if item.is_dir() else \
                item.unlink(missing_ok=True)
        if not ledger:
            shutil.rmtree(self.folder, ignore_errors=True)
        first = phrase("kept.previous" if self.had_previous else "kept.none")
        if ledger:
            return phrase("kept.both", first=first, second=phrase("kept.ledger",
                                                                  folder=self.folder))
        return first


class WriteFailed(Exception):
    """An output (or an archive copy) that could not be written, and why."""

    def __init__(self, path: Path, reason):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


def stopped(exc: BaseException, staged: OutputSet, language: str) -> BaseException:
    """What to raise for a run stopped by ``exc``, once its staging folder is left as
    :meth:`OutputSet.abandon` leaves it: a finding saying what was kept when the run was
    interrupted or an output could not be written, else ``exc`` itself."""
    cause = exc.args[0] if type(exc).__name__ == "FileCreateError" and exc.args else exc
    if isinstance(cause, KeyboardInterrupt):
        return FindingError(finding("OUT_004", staged.out_dir, kept=staged.abandon()),
                            language=language)
    if isinstance(cause, WriteFailed):
        where, reason = cause.path, cause.reason
    elif isinstance(cause, OSError):
        where, reason = Path(cause.filename or staged.out_dir), os_reason(cause)
        where = staged.out_dir / where.relative_to(staged.folder) \
            if where.is_relative_to(staged.folder) else where
    else:
        staged.abandon()
        return exc
    return FindingError(finding("OUT_001", where, reason=reason, kept=staged.abandon()),
                        language=language)


def _hashes(folder: Path) -> dict[str, str]:
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != RUN_FILE and not path.name.startswith("."):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            out[path.relative_to(folder).as_posix()] = digest
    return out
