"""Loading VBA module sources from ``macros/`` and from the installed xlwings package."""

from __future__ import annotations

import re
from importlib import metadata, util
from pathlib import Path

from toolkit.findings import finding
from toolkit.vba.project import (
    WORKBOOK_BASE,
    WORKSHEET_BASE,
    Module,
    VbaBuildError,
)

XLWINGS_VERSION = "0.37.8"
XLWINGS_MODULE_NAME = "xlwings"
SUFFIXES = (".bas", ".cls")

_VB_NAME = re.compile(r'^\s*Attribute\s+VB_Name\s*=\s*"([^"]*)"\s*$', re.IGNORECASE | re.MULTILINE)
_VB_BASE = re.compile(r'^\s*Attribute\s+VB_Base\s*=\s*"([^"]*)"\s*$', re.IGNORECASE | re.MULTILINE)
_VERSION_CONST = re.compile(r'^Public Const XLWINGS_VERSION As String = "([^"]+)"', re.MULTILINE)
_DOCUMENT_BASES = {WORKBOOK_BASE.upper(), WORKSHEET_BASE.upper()}


def read_text(path: Path) -> str:
    """Read a module file as cp1252 text, keeping its line endings.

    Raises:
        VbaBuildError: If the file is not valid cp1252.
    """
    data = path.read_bytes()
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise VbaBuildError(
            f"{path}: line {line}: byte 0x{data[error.start]:02X} is not valid cp1252"
        ) from None


def _header_block(text: str) -> str:
    """Return the leading lines of a module up to its first code line."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.upper().startswith(("ATTRIBUTE ", "VERSION ", "BEGIN", "END", "MULTIUSE")):
            lines.append(line)
        elif stripped:
            break
    return "\n".join(lines)


def module_from_file(path: Path) -> Module:
    """Load one ``.bas`` or ``.cls`` file as a module.

    The name comes from ``Attribute VB_Name``, or from the file name when the
    attribute is absent. A ``.cls`` whose ``VB_Base`` is the workbook's or a
    worksheet's is a document module; other ``.cls`` files are class modules.

    Raises:
        VbaBuildError: If the file is unreadable as cp1252 or has an unknown suffix.
    """
    if path.suffix.lower() not in SUFFIXES:
        raise VbaBuildError(f"{path}: unknown module file type {path.suffix!r}")
    text = read_text(path)
    header = _header_block(text)
    match = _VB_NAME.search(header)
    name = match.group(1) if match else path.stem
    kind = "standard"
    if path.suffix.lower() == ".cls":
        base = _VB_BASE.search(header)
        is_document = base is not None and base.group(1).upper() in _DOCUMENT_BASES
        kind = "document" if is_document else "class"
    return Module(name=name, kind=kind, source=text, origin=str(path))


def load_macros(macros_dir: Path) -> list[Module]:
    """Load every ``.bas`` and ``.cls`` file of ``macros_dir``, sorted by file name."""
    paths = sorted(
        (path for path in Path(macros_dir).iterdir() if path.suffix.lower() in SUFFIXES),
        key=lambda path: path.name.lower(),
    )
    return [module_from_file(path) for path in paths]


def xlwings_module_path() -> Path:
    """Return the path of ``xlwings.bas`` in the installed xlwings package.

    Raises:
        VbaBuildError: If xlwings is not installed or lacks the file.
    """
    spec = util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise VbaBuildError(finding("VBA_003", "xlwings"))
    path = Path(spec.origin).parent / "xlwings.bas"
    if not path.is_file():
        raise VbaBuildError(f"{path}: xlwings' VBA module is missing")
    return path


def xlwings_module_version(text: str) -> str | None:
    """Return the ``XLWINGS_VERSION`` constant declared in xlwings' VBA module text."""
    match = _VERSION_CONST.search(text)
    return match.group(1) if match else None


def load_xlwings_module(expected_version: str = XLWINGS_VERSION) -> Module:
    """Load xlwings' standalone VBA module and check it matches the pinned version.

    Raises:
        VbaBuildError: If the installed xlwings, or the version its module
            declares, differs from ``expected_version``.
    """
    installed = metadata.version("xlwings")
    path = xlwings_module_path()
    if installed != expected_version:
        raise VbaBuildError(finding("VBA_002", path, found=installed, expected=expected_version))
    module = module_from_file(path)
    declared = xlwings_module_version(module.source)
    if declared != expected_version:
        raise VbaBuildError(f"{path}: module declares version {declared}, expected {expected_version}")
    return module


def load_project_modules(macros_dir: Path, include_xlwings: bool = True) -> list[Module]:
    """Load the modules of the project: ``macros_dir`` plus xlwings' module."""
    modules = load_macros(macros_dir)
    if include_xlwings:
        modules.append(load_xlwings_module())
    return modules
