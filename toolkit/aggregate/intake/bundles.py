"""Returns that arrive inside another file: a zip archive of returns, an e-mail saved with its
attachments (``.eml``). Each file inside is taken in as a return of its own, named after the
file it came in; the container is bounded as any workbook is (its size, the number of files,
their sizes and compression, how deep archives nest) and its own bytes are archived too.
"""

from __future__ import annotations

import email
import email.policy
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from toolkit.aggregate.intake.container import MAX_TOTAL_BYTES, ContainerError, check_sizes
from toolkit.aggregate.returned import Submission, shown
from toolkit.language import Phrase, phrase

MAX_MEMBERS = 500
"""Files one container may hold: a coordinator's whole batch, and not a bomb of names."""
MAX_MEMBER_BYTES = 64 << 20
MAX_DEPTH = 3
"""Containers inside containers: a zip attached to an e-mail, holding another zip."""
KINDS = {".zip": "path.zip", ".eml": "path.email"}


@dataclass(frozen=True)
class Member:
    """One file found inside a container, as a return of its own."""

    name: str
    """The container's name, a slash, and the file's name inside it."""
    data: bytes
    parent: str
    """The name of the container it came in."""
    mtime: float


class BundleError(Exception):
    """A container that cannot be opened safely, or that holds nothing (``code``)."""

    def __init__(self, code: str, kind: Phrase, detail: Phrase | str = ""):
        super().__init__(f"{code}: {detail}")
        self.code, self.kind, self.detail = code, kind, detail

    @property
    def params(self) -> dict:
        return {"kind": self.kind, "detail": self.detail} if self.code == "IN_011" else \
            {"kind": self.kind}


def is_bundle(name: str) -> bool:
    """True for the files opened as containers of returns."""
    return PurePosixPath(name.lower()).suffix in KINDS


def kind_of(name: str) -> Phrase:
    return phrase(KINDS[PurePosixPath(name.lower()).suffix])


def whole(sub: Submission) -> bytes:
    """The bytes of a container taken in, read again from the archive when it was too large
    to be held whole.

    Raises:
        BundleError: IN_011, it is larger than any container is opened.
    """
    if sub.size > MAX_TOTAL_BYTES:
        raise BundleError("IN_011", kind_of(sub.name), phrase(
            "bundle.large", name=sub.name, limit=f"{MAX_TOTAL_BYTES:,}"))
    return sub.data if sub.data is not None else sub.archived.read_bytes()


def members(name: str, data: bytes, mtime: float, depth: int = 1) -> list[Member]:
    """Every file in the container ``name`` (whose bytes are ``data``), containers inside it
    opened in turn.

    Raises:
        BundleError: IN_011 (too large, too many files, nested too deep, damaged) or IN_012
            (it holds no file).
    """
    kind = kind_of(name)
    if depth > MAX_DEPTH:
        raise BundleError("IN_011", kind, phrase("bundle.nested", depth=MAX_DEPTH))
    found = _zip_files(data, kind) if name.lower().endswith(".zip") else _attachments(data, kind)
    if not found:
        raise BundleError("IN_012", kind)
    if len(found) > MAX_MEMBERS:
        raise BundleError("IN_011", kind, phrase("bundle.members", count=len(found),
                                                  limit=MAX_MEMBERS))
    out = []
    for inner, content in found:
        full = f"{name}/{shown(inner)}"
        if is_bundle(inner):
            out += members(full, content, mtime, depth + 1)
        else:
            out.append(Member(full, content, name, mtime))
    return out


def _zip_files(data: bytes, kind: Phrase) -> list[tuple[str, bytes]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            if len(infos) > MAX_MEMBERS:
                raise BundleError("IN_011", kind, phrase("bundle.members", count=len(infos),
                                                          limit=MAX_MEMBERS))
            check_sizes(zf)
            return [(info.filename, _bounded(zf, info, kind)) for info in infos]
    except ContainerError as exc:
        raise BundleError("IN_011", kind, exc.detail) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError,
            RuntimeError, ValueError) as exc:
        raise BundleError("IN_011", kind, phrase("bundle.damaged", detail=str(exc)[:120])) \
            from exc


def _bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, kind: Phrase) -> bytes:
    """A member's bytes, never more than it declares (nor than the limit)."""
    with zf.open(info) as fh:
        content = fh.read(min(info.file_size, MAX_MEMBER_BYTES) + 1)
    if len(content) > min(info.file_size, MAX_MEMBER_BYTES):
        raise BundleError("IN_011", kind, phrase("bundle.large", name=shown(info.filename),
                                                  limit=f"{MAX_MEMBER_BYTES:,}"))
    return content


def _attachments(data: bytes, kind: Phrase) -> list[tuple[str, bytes]]:
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        found = []
        for n, part in enumerate(message.walk()):
            if part.is_multipart() or not (part.is_attachment() or part.get_filename()):
                continue
            content = part.get_payload(decode=True) or b""
            if len(content) > MAX_MEMBER_BYTES:
                raise BundleError("IN_011", kind, phrase(
                    "bundle.large", name=shown(part.get_filename() or ""),
                    limit=f"{MAX_MEMBER_BYTES:,}"))
            found.append((part.get_filename() or f"attachment-{n}", content))
            if len(found) > MAX_MEMBERS:
                break
        return found
    except (ValueError, LookupError, TypeError) as exc:
        raise BundleError("IN_011", kind, phrase("bundle.damaged", detail=str(exc)[:120])) \
            from exc
