"""Intake: every file given is hashed, copied byte for byte into the archive, and accounted for.

Returned files are only ever read: never modified, moved or deleted.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

from toolkit.aggregate.context import Submission

LOCK_PREFIXES = ("~$", ".~lock.")
WHOLE = 16 << 20
"""Files up to this size are read whole to be hashed and archived."""
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


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


def archive_name(sub: Submission) -> str:
    """The archive file name: hash prefix plus a safe form of the name as received."""
    safe = _UNSAFE.sub("_", Path(sub.name).name)[:80] or "file"
    return f"{sub.sha256[:16]}_{safe}"


def take_in(path: Path, archive: Path) -> Submission:
    """Hash one file and copy it into the archive (once per distinct content): the copy holds
    the very bytes hashed. Files larger than ``WHOLE`` are hashed and copied in chunks."""
    stat = path.stat()
    if stat.st_size > WHOLE:
        sub = Submission(path, str(path), sha256_of(path), stat.st_size, stat.st_mtime)
        sub.archived = archive / archive_name(sub)
        if not sub.archived.exists():
            shutil.copyfile(path, sub.archived)
        return sub
    data = path.read_bytes()
    sub = Submission(path, str(path), hashlib.sha256(data).hexdigest(), len(data),
                     stat.st_mtime, data)
    sub.archived = archive / archive_name(sub)
    if not sub.archived.exists():
        sub.archived.write_bytes(data)
    return sub
