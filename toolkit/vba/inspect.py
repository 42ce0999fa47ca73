"""Reading the VBA modules of an .xlsm, .xlam or vbaProject.bin and comparing them with macros/."""

from __future__ import annotations

import difflib
import io
import re
import struct
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import olefile

from toolkit.findings import FindingError, finding
from toolkit.language import Phrase, phrase
from toolkit.vba.compression import decompress
from toolkit.vba.project import module_text
from toolkit.vba.sources import load_project_modules

VBA_PART = "xl/vbaProject.bin"
_PROJECT_VERSION = 0x0009
_ATTRIBUTE_LINE = re.compile(r"Attribute\s+VB_\w+\s*=", re.IGNORECASE)


class VbaInspectError(FindingError, ValueError):
    """Raised when a file holds no readable VBA project (VBA_004, saying why)."""

    def __init__(self, where: str | Path, why: Phrase):
        super().__init__(finding("VBA_004", where, reason=why))


@dataclass(frozen=True)
class ModuleInfo:
    """One module found in a VBA project.

    Attributes:
        name: The module name.
        kind: ``"standard"``, ``"class"``, ``"document"`` or ``"designer"``.
        stream: The stream name inside the ``VBA`` storage.
        source: The stored text, decoded, with ``\\n`` line ends.
    """

    name: str
    kind: str
    stream: str
    source: str

    @property
    def code(self) -> str:
        """The source without its leading ``Attribute VB_*`` lines."""
        return strip_attributes(self.source)


def strip_attributes(text: str) -> str:
    """Drop the leading ``Attribute VB_*`` lines of a module text, as the VBA editor hides them."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = 0
    while start < len(lines) and _ATTRIBUTE_LINE.match(lines[start]):
        start += 1
    return "\n".join(lines[start:])


def read_vba_project_bytes(path: Path) -> bytes:
    """Return the ``vbaProject.bin`` bytes of ``path``, unzipping a workbook if needed.

    Raises:
        VbaInspectError: If a zip file has no VBA part.
    """
    data = Path(path).read_bytes()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if VBA_PART not in archive.namelist():
            raise VbaInspectError(path, phrase("vba.no_part", part=VBA_PART))
        return archive.read(VBA_PART)


def _dir_records(data: bytes) -> list[tuple[int, bytes]]:
    """Split a decompressed ``dir`` stream into ``(id, payload)`` records."""
    records = []
    position = 0
    while position + 6 <= len(data):
        record_id, size = struct.unpack_from("<HI", data, position)
        if record_id == _PROJECT_VERSION:
            size = 6
        records.append((record_id, data[position + 6 : position + 6 + size]))
        position += 6 + size
    return records


@dataclass
class _DirModule:
    """The fields of one MODULE record of a ``dir`` stream."""

    name: str = ""
    stream: str = ""
    offset: int = 0
    procedural: bool = False


def _parse_dir(data: bytes) -> tuple[str, list[_DirModule]]:
    """Return the code page's Python codec and the modules listed in a ``dir`` stream."""
    codec = "cp1252"
    modules: list[_DirModule] = []
    current: _DirModule | None = None
    for record_id, payload in _dir_records(data):
        if record_id == 0x0003:
            codec = f"cp{struct.unpack('<H', payload)[0]}"
        elif record_id == 0x0019:
            current = _DirModule(name=payload.decode(codec, "replace"))
            modules.append(current)
        elif current is None:
            continue
        elif record_id == 0x0047:
            current.name = payload.decode("utf-16-le", "replace")
        elif record_id == 0x001A:
            current.stream = payload.decode(codec, "replace")
        elif record_id == 0x0032:
            current.stream = payload.decode("utf-16-le", "replace")
        elif record_id == 0x0031:
            current.offset = struct.unpack("<I", payload)[0]
        elif record_id == 0x0021:
            current.procedural = True
        elif record_id == 0x002B:
            current = None
    return codec, modules


def _project_kinds(project_text: str) -> dict[str, str]:
    """Map module names to kinds from the ``PROJECT`` stream's Document/Class/... lines."""
    kinds = {"Document": "document", "Class": "class", "Module": "standard", "BaseClass": "designer"}
    found = {}
    for line in project_text.splitlines():
        key, _, value = line.partition("=")
        if key in kinds and value:
            found[value.split("/")[0].strip().lower()] = kinds[key]
    return found


def inspect_vba_bytes(data: bytes, label: str = "vbaProject.bin") -> list[ModuleInfo]:
    """Return the modules of a ``vbaProject.bin`` given as bytes.

    Raises:
        VbaInspectError: If the data is not a compound file with a VBA project.
    """
    if not olefile.isOleFile(io.BytesIO(data)):
        raise VbaInspectError(label, phrase("vba.not_compound"))
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        if not ole.exists("VBA/dir"):
            raise VbaInspectError(label, phrase("vba.no_dir"))
        codec, entries = _parse_dir(decompress(ole.openstream("VBA/dir").read()))
        project_text = ""
        if ole.exists("PROJECT"):
            project_text = ole.openstream("PROJECT").read().decode(codec, "replace")
        kinds = _project_kinds(project_text)
        modules = []
        for entry in entries:
            stream = ole.openstream(["VBA", entry.stream]).read()
            text = decompress(stream[entry.offset :]).decode(codec, "replace")
            default = "standard" if entry.procedural else "class"
            kind = kinds.get(entry.name.lower(), default)
            source = text.replace("\r\n", "\n").replace("\r", "\n")
            modules.append(ModuleInfo(entry.name, kind, entry.stream, source))
    return modules


def inspect_vba(path: Path) -> list[ModuleInfo]:
    """Return the modules of an ``.xlsm``, ``.xlam`` or ``vbaProject.bin`` file.

    Args:
        path: The file to read.

    Returns:
        The modules in project order, with decoded sources.

    Raises:
        VbaInspectError: If the file holds no readable VBA project.
    """
    return inspect_vba_bytes(read_vba_project_bytes(Path(path)), str(path))


def _normalised(text: str) -> list[str]:
    """Return code lines without attributes and without trailing blank lines."""
    lines = strip_attributes(text).split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return [line + "\n" for line in lines]


def diff_against(
    modules: Sequence[ModuleInfo], macros_dir: Path, include_xlwings: bool = True
) -> list[str]:
    """Compare modules found in a file with the sources the project is built from.

    Document modules without code are ignored on both sides. Line endings,
    attribute lines and trailing blank lines do not count as differences.

    Args:
        modules: Modules returned by :func:`inspect_vba`.
        macros_dir: The ``macros/`` directory.
        include_xlwings: Whether xlwings' module belongs to the expected set.

    Returns:
        One entry per differing module: a unified diff, or a line saying the
        module is only in the file or only in ``macros/``. Empty when equal.
    """
    expected = {
        module.name.lower(): (module.name, _normalised(module_text(module)))
        for module in load_project_modules(Path(macros_dir), include_xlwings)
    }
    found = {module.name.lower(): (module.name, _normalised(module.source)) for module in modules}
    differences = []
    for key in sorted(set(expected) | set(found)):
        if key not in expected:
            name, lines = found[key]
            if lines:
                differences.append(f"only in file: {name}")
        elif key not in found:
            name, lines = expected[key]
            if lines:
                differences.append(f"only in macros: {name}")
        elif expected[key][1] != found[key][1]:
            name = expected[key][0]
            diff = difflib.unified_diff(
                expected[key][1], found[key][1], f"macros/{name}", f"file/{name}"
            )
            differences.append("".join(diff))
    return differences
