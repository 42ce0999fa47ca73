"""Finding the returns: every path given, and every path found in a folder given, with what it
is, so that none is left out without a word.

Folders are walked without following links. A link is followed only when its target lies
inside the returns folders given; every other odd path (a named pipe, a device, a dangling
link, a loop, a folder that cannot be read, an empty folder, an earlier consolidation's output
folder) is named with the finding that says why it was not taken in. Nothing is opened here:
only names and file kinds are looked at.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.aggregate.returned import shown
from toolkit.findings import FindingError, finding
from toolkit.language import Phrase, os_reason, phrase

RUN_FILE = "run.json"
"""The file every consolidation writes in its output folder (see ``outputs.outset``)."""


@dataclass(frozen=True)
class Found:
    """One path given or found: a file to take in (``code`` empty), or a path that is not one
    with the finding that says why."""

    path: Path
    code: str = ""
    params: dict = field(default_factory=dict, hash=False, compare=False)
    target: str = ""
    """Where a link leads, when the path is a link."""


def _real(path: Path) -> str:
    """The real location of the directory entry itself (a link is not followed)."""
    return os.path.join(os.path.realpath(path.parent), path.name)


def _inside(real: str, folder: str) -> bool:
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)


def is_output_folder(folder: Path) -> bool:
    """True for a folder that holds a consolidation's outputs: its run file, or an archive and
    a ledger as earlier versions left them."""
    try:
        return (folder / RUN_FILE).is_file() or (
            (folder / "archive").is_dir() and (folder / "ledger.csv").is_file())
    except OSError:  # a folder that cannot be opened is named as such when it is walked
        return False


def refuse_outdir_above(inputs: list[Path], out_dir: Path) -> None:
    """Stop when the output folder is a returns folder given, or holds one: the outputs would
    be found among the returns, and the returns taken for outputs.

    Raises:
        FindingError: IN_008.
    """
    out = os.path.realpath(out_dir)
    for item in inputs:
        real = os.path.realpath(item) if item.is_dir() else _real(item)
        if _inside(real, out):
            raise FindingError(finding("IN_008", shown(str(out_dir)), returns=shown(str(item))))


def find(inputs: list[Path], out_dir: Path | None = None) -> list[Found]:
    """Every path given or found under the folders given, in a stable order, each once."""
    roots = [os.path.realpath(p) if p.is_dir() and not p.is_symlink() else
             os.path.realpath(p.parent) for p in inputs]
    walk = _Walk(roots, os.path.realpath(out_dir) if out_dir is not None else None)
    for item in inputs:
        walk.visit(item)
    return list(walk.found.values())


class _Walk:
    def __init__(self, roots: list[str], out: str | None):
        self.roots, self.out = roots, out
        self.found: dict[str, Found] = {}

    def add(self, path: Path, code: str = "", link: str = "", **params) -> None:
        self.found.setdefault(_real(path), Found(path, code, params, link))

    def visit(self, path: Path) -> None:
        try:
            info = path.lstat()
        except OSError as exc:
            self.add(path, "WB_013", detail=os_reason(exc))
            return
        if stat.S_ISLNK(info.st_mode):
            self.link(path)
        elif stat.S_ISDIR(info.st_mode):
            self.folder(path)
        elif stat.S_ISREG(info.st_mode):
            self.add(path)
        else:
            self.add(path, "IN_001", kind=_kind(info.st_mode))

    def folder(self, path: Path) -> None:
        if self.out is not None and os.path.realpath(path) == self.out or is_output_folder(path):
            self.add(path, "IN_007")
            return
        try:
            with os.scandir(path) as entries:
                names = sorted((e.name for e in entries), key=os.fsencode)
        except OSError as exc:
            self.add(path, "IN_005", reason=os_reason(exc))
            return
        if not names:
            self.add(path, "IN_006")
        for name in names:
            self.visit(path / name)

    def link(self, path: Path) -> None:
        target = os.readlink(path)
        try:
            info = path.stat()
        except OSError as exc:
            code = "IN_003" if exc.errno == errno.ELOOP else "IN_002"
            self.add(path, code, target, target=shown(target))
            return
        real = os.path.realpath(path)
        if not any(_inside(real, root) for root in self.roots):
            self.add(path, "IN_004", real, target=shown(real))
        elif stat.S_ISDIR(info.st_mode):
            self.add(path, "IN_009", real, target=shown(real))
        elif stat.S_ISREG(info.st_mode):
            self.add(path, "", real)
        else:
            self.add(path, "IN_001", real, kind=_kind(info.st_mode))


def _kind(mode: int) -> Phrase:
    if stat.S_ISFIFO(mode):
        return phrase("path.fifo")
    if stat.S_ISSOCK(mode):
        return phrase("path.socket")
    return phrase("path.device")
