"""Intake: every file given is hashed, copied byte for byte into the archive, and accounted for.

Returned files are only ever read: never modified, moved or deleted.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

from toolkit.aggregate.returned import Submission, archive_name

LOCK_PREFIXES = ("~$", ".~lock.")
WHOLE = 16 << 20
"""Files up to this size are read whole to be hashed and archived."""


def collect(inputs: list[Path], exclude: Path | None = None) -> list[Path]:
    """Every file under the given files and folders (folders searched recursively), in a
    stable order, each once, leaving out those inside ``exclude`` (the output folder)."""
    parents: dict[str, str] = {}

    def real(path: Path) -> str:
        # a folder is resolved once; a file only when it is a link itself
        if path.is_symlink():
            return os.path.realpath(path)
        folder = str(path.parent)
        if folder not in parents:
            parents[folder] = os.path.realpath(folder)
        return os.path.join(parents[folder], path.name)

    skip = os.path.realpath(exclude) + os.sep if exclude is not None else None
    found: dict[str, Path] = {}
    for item in inputs:
        paths = sorted(p for p in item.rglob("*") if p.is_file()) if item.is_dir() else [item]
        for path in paths:
            key = real(path)
            if skip is None or not key.startswith(skip):
                found.setdefault(key, path)
    return list(found.values())


def copies(paths: list[Path]) -> dict[Path, Path]:
    """Byte-identical copies among the files: each copy -> the first of its kind by name.
    Only regular, non-empty files of the same size are hashed."""
    by_size: dict[int, list[Path]] = {}
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_size and not is_lock_file(path):
            by_size.setdefault(info.st_size, []).append(path)
    found: dict[Path, Path] = {}
    for group in by_size.values():
        if len(group) < 2:
            continue
        by_hash: dict[str, list[Path]] = {}
        for path in group:
            try:
                by_hash.setdefault(sha256_of(path), []).append(path)
            except OSError:
                continue
        for same in by_hash.values():
            first = min(same, key=str)
            found.update((p, first) for p in same if p is not first)
    return found


def is_lock_file(path: Path) -> bool:
    """Excel (``~$name.xlsx``) and LibreOffice (``.~lock.name#``) lock files."""
    return path.name.startswith(LOCK_PREFIXES)


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Unreadable(Exception):
    """A file that cannot be taken in: gone, not readable, or not a regular file."""


def take_in(path: Path, archive: Path) -> Submission:
    """Hash one file and copy it into the archive (once per distinct content): the copy holds
    the very bytes hashed. Files larger than ``WHOLE`` are hashed and copied in chunks.

    Raises:
        Unreadable: the file cannot be read, or is not a regular file (a pipe or a device).
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("it is not a regular file")
        with open(path, "rb") as fh:
            # as much as the file holds (asking for WHOLE would allocate that much each time)
            want = min(info.st_size, WHOLE) + 1
            data = fh.read(want)
            if len(data) == want <= WHOLE:  # it grew since: read on, up to the limit
                data += fh.read(WHOLE + 1 - want)
            digest, size = hashlib.sha256(data), len(data)
            if size > WHOLE:  # hashed on in the same reading, then copied in chunks
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
                    size += len(chunk)
                data = None
        sub = Submission(path, str(path), digest.hexdigest(), size, info.st_mtime, data)
        sub.archived = archive / archive_name(sub)
        _archive(path, data, sub)
    except OSError as exc:
        raise Unreadable(f"{type(exc).__name__}: {exc.strerror or exc}") from exc
    return sub


def _archive(path: Path, data: bytes | None, sub: Submission) -> None:
    """Put the archive's copy in place, unless a copy of the same bytes is there already. A
    copy left cut short (by a run that was stopped) is replaced whole: written aside, then
    renamed."""
    target = sub.archived
    if data is not None:
        try:
            with open(target, "xb") as fh:
                fh.write(data)
            return
        except FileExistsError:
            pass
    if target.exists() and target.stat().st_size == sub.size and \
            sha256_of(target) == sub.sha256:
        return
    aside = target.with_name(f".{target.name}.{os.getpid()}.part")
    if data is None:
        shutil.copyfile(path, aside)
    else:
        aside.write_bytes(data)
    os.replace(aside, target)
