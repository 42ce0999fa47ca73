"""Opens a returned file as a zip container, safely, and reads the few XML parts read directly.

Sizes are checked before anything is decompressed; XML is parsed with defusedxml; sheet XML is
only scanned for protection and formula markers. Values are read elsewhere, by a fast reader.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree as SafeET

MAX_ENTRY_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 5000

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*?>\s*<f[ >/]')


class ContainerError(Exception):
    """The file cannot be used as a workbook; ``code`` names the finding, ``detail`` the why."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}")
        self.code, self.detail = code, detail


@dataclass
class SheetPart:
    """One sheet as declared in the workbook part."""

    name: str
    state: str
    path: str
    protected: bool = False
    formula_cells: set[str] = field(default_factory=set)


@dataclass
class Container:
    """What the XML parts of a workbook say, beyond its cell values."""

    sheets: list[SheetPart]
    structure_locked: bool
    modified: str = ""
    has_vba: bool = False
    custom: dict[str, str] = field(default_factory=dict)
    external_links: int = 0

    def sheet(self, name: str) -> SheetPart | None:
        """The sheet of this name, or None."""
        return next((s for s in self.sheets if s.name == name), None)


def sniff(data: bytes) -> str:
    """What a file that is not an .xlsx workbook seems to be, for the message."""
    if not data:
        return "empty"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.startswith(b"PK"):
        return "zip"
    if data.startswith(b"<") or data[:200].count(b"<") > 2:
        return "xml/html"
    try:
        data[:4096].decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return "binary"


def check_sizes(zf: zipfile.ZipFile) -> None:
    """Refuse archives whose declared sizes or compression ratios look like a bomb."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ContainerError("WB_005", f"{len(infos)} parts")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_ENTRY_BYTES or (info.file_size > 1_000_000 and ratio > MAX_RATIO):
            raise ContainerError("WB_005", f"part {info.filename} unpacks to "
                                 f"{info.file_size:,} bytes")
    if total > MAX_TOTAL_BYTES:
        raise ContainerError("WB_005", f"{total:,} bytes in all")


def _read(zf: zipfile.ZipFile, name: str, limit: int = MAX_ENTRY_BYTES) -> bytes:
    with zf.open(name) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ContainerError("WB_005", f"part {name} unpacks to more than {limit:,} bytes")
    return data


def _xml(zf: zipfile.ZipFile, name: str):
    try:
        return SafeET.fromstring(_read(zf, name))
    except ContainerError:
        raise
    except Exception as exc:  # defusedxml raises several kinds for entities and bad XML
        raise ContainerError("WB_009", f"{name}: {type(exc).__name__}") from exc
