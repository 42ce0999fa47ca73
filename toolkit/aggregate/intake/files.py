"""Intake: every file given is hashed, copied byte for byte into the archive, and accounted for.

Returned files are only ever read: never modified, moved or deleted.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

from toolkit.aggregate.returned import Submission, archive_name, shown
from toolkit.language import Phrase, os_reason, phrase

LOCK_PREFIXES = ("~$", ".~lock.")
WHOLE = 16 << 20
"""Files up to this size are read whole to be hashed and archived."""


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


class ArchiveError(Exception):
    """A file that was read but whose archive copy could not be written, or does not hold the
    bytes read: the fault of the output folder, not of the file."""

    def __init__(self, sub: Submission, reason: Phrase | str):
        super().__init__(str(reason))
        self.sub, self.reason = sub, reason


def take_in(path: Path, archive: Path, name: str | None = None) -> Submission:
    """Hash one file and copy it into the archive (once per distinct content): the copy holds
    the very bytes hashed, as hashing it again proves. Files larger than ``WHOLE`` are hashed
    and copied in chunks.

    Args:
        name: The name the file is known by (default: its path, as :func:`shown` shows it).

    Raises:
        Unreadable: the file cannot be read, or is not a regular file (a pipe or a device).
        ArchiveError: its archive copy cannot be written; nothing cut short is left.
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
    except OSError as exc:
        raise Unreadable(f"{type(exc).__name__}: {exc.strerror or exc}") from exc
    sub = Submission(path, name or shown(str(path)), digest.hexdigest(), size, info.st_mtime,
                     data)
    return archived(sub, archive)


def take_member(member, archive: Path) -> Submission:
    """Hash and archive a file that arrived inside another (a ``bundles.Member``).

    Raises:
        ArchiveError: its archive copy cannot be written.
    """
    sub = Submission(Path(member.name), member.name, hashlib.sha256(member.data).hexdigest(),
                     len(member.data), member.mtime, member.data)
    return archived(sub, archive)


def archived(sub: Submission, archive: Path) -> Submission:
    """Put the archive's copy of a submission in place (``sub.archived``).

    Raises:
        ArchiveError: the copy cannot be written, or does not hold the bytes hashed.
    """
    sub.archived = archive / archive_name(sub)
    try:
        _archive(sub.path, sub.data, sub)
    except OSError as exc:
        raise ArchiveError(sub, os_reason(exc)) from exc
    return sub


def _archive(path: Path, data: bytes | None, sub: Submission) -> None:
    """Put the archive's copy in place, unless a copy of the same bytes is there already. The
    copy is written aside, proved by its hash, then renamed: a copy cut short (by a full disk
    or a run that was stopped) never takes the archive's name."""
    target = sub.archived
    if _holds(target, sub):
        return
    aside = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        if data is None:
            shutil.copyfile(path, aside)
        else:
            with open(aside, "wb") as fh:
                fh.write(data)
        if not _holds(aside, sub):
            raise ArchiveError(sub, phrase("archive.differs"))
        os.replace(aside, target)
    finally:
        aside.unlink(missing_ok=True)


def _holds(copy: Path, sub: Submission) -> bool:
    try:
        return copy.stat().st_size == sub.size and sha256_of(copy) == sub.sha256
    except FileNotFoundError:
        return False


def clear_parts(archive: Path) -> None:
    """Delete copies cut short by runs that were stopped (``.name.pid.part``)."""
    for part in archive.glob(".*.part"):
        part.unlink(missing_ok=True)
