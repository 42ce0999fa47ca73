"""Building a source-only ``vbaProject.bin`` from VBA modules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from toolkit.findings import Finding, FindingError, finding
from toolkit.vba.cfb import build_compound_file
from toolkit.vba.compression import compress
from toolkit.vba.streams import (
    ENCODING,
    VBA_PROJECT_STREAM,
    ModuleEntry,
    compressed_dir_stream,
    project_stream,
    project_wm_stream,
)

KINDS = ("standard", "class", "document")
MAX_NAME_LENGTH = 31
DEFAULT_PROJECT_ID = "{6A3F0C52-7B1E-4D0A-9C43-4E41502D4D4F}"
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_ATTRIBUTE = re.compile(r"Attribute\s+(VB_\w+)\s*=\s*(.*?)\s*\Z", re.IGNORECASE)
_RESERVED = frozenset(
    word.lower()
    for word in (
        "And As Boolean ByRef Byte ByVal Call Case Const Currency Date Declare Dim Do Double "
        "Each Else ElseIf End Enum Erase Event Exit False For Function Get Global GoSub GoTo "
        "If Implements In Integer Is Let Like Long LongLong LongPtr Loop Me Mod New Next Not "
        "Nothing Null On Option Optional Or ParamArray Preserve Private Property Public "
        "RaiseEvent ReDim Rem Resume Return Select Set Single Static Step Stop String Sub Then "
        "To True Type TypeOf Until Variant Wend While With WithEvents Xor"
    ).split()
)


class VbaBuildError(FindingError, ValueError):
    """Raised when modules cannot form a valid VBA project; the finding names the file.

    Given a text ``"<file>: <problem>"``, the finding is VBA_001 at that file.
    """

    def __init__(self, problem: str | Finding):
        if isinstance(problem, str):
            where, _, what = problem.partition(": ")
            problem = finding("VBA_001", where, reason=what) if what else \
                finding("VBA_001", "macros", reason=problem)
        super().__init__(problem)


@dataclass(frozen=True)
class Module:
    """One VBA module.

    Attributes:
        name: The module name (the ``VB_Name``).
        kind: ``"standard"``, ``"class"`` or ``"document"``.
        source: The module text; a leading ``Attribute VB_*`` block and the
            ``VERSION 1.0 CLASS`` header of exported class files are allowed.
        origin: Where the text came from, used in error messages.
    """

    name: str
    kind: str
    source: str
    origin: str = ""

    @property
    def label(self) -> str:
        """The file name or, without one, the module name, for messages."""
        return self.origin or f"module {self.name}"


def check_name(name: str, label: str) -> None:
    """Raise ``VbaBuildError`` unless ``name`` is a valid VBA module name.

    Args:
        name: The proposed module name.
        label: The file (or module) to name in the message.
    """
    if not _IDENTIFIER.match(name):
        raise VbaBuildError(
            f"{label}: module name {name!r} must start with a letter and hold only "
            "letters, digits and underscores"
        )
    if len(name) > MAX_NAME_LENGTH:
        raise VbaBuildError(f"{label}: module name {name!r} is longer than {MAX_NAME_LENGTH} characters")
    if name.lower() in _RESERVED:
        raise VbaBuildError(f"{label}: module name {name!r} is a VBA keyword")
    if name.lower() == "dir":
        raise VbaBuildError(f"{label}: module name {name!r} clashes with the project's dir stream")


def _check_encoding(text: str, label: str) -> None:
    """Raise ``VbaBuildError`` when ``text`` cannot be encoded in cp1252."""
    try:
        text.encode(ENCODING)
    except UnicodeEncodeError as error:
        line = text.count("\n", 0, error.start) + 1
        char = text[error.start]
        raise VbaBuildError(
            f"{label}: line {line}: character {char!r} (U+{ord(char):04X}) cannot be encoded "
            f"in {ENCODING}"
        ) from None


def _strip_class_header(lines: list[str]) -> list[str]:
    """Drop the ``VERSION 1.0 CLASS`` / ``BEGIN`` ... ``END`` block of exported class files."""
    if not lines or not lines[0].strip().upper().startswith("VERSION "):
        return lines
    for index, line in enumerate(lines[1:], start=1):
        if line.strip().upper() == "END":
            return lines[index + 1 :]
    return lines[1:]


def _default_attributes(module: Module, workbook_code_name: str) -> dict[str, str]:
    """Return the attribute block Excel writes for a module of this kind."""
    attributes = {"VB_Name": f'"{module.name}"'}
    if module.kind == "standard":
        return attributes
    if module.kind == "document":
        base = WORKBOOK_BASE if module.name == workbook_code_name else WORKSHEET_BASE
        creatable, predeclared, exposed, customizable = "False", "True", "True", "True"
    else:
        base = CLASS_BASE
        creatable, predeclared, exposed, customizable = "False", "False", "False", "False"
    attributes.update(
        VB_Base=f'"{base}"',
        VB_GlobalNameSpace="False",
        VB_Creatable=creatable,
        VB_PredeclaredId=predeclared,
        VB_Exposed=exposed,
        VB_TemplateDerived="False",
        VB_Customizable=customizable,
    )
    return attributes


def module_text(module: Module, workbook_code_name: str = "ThisWorkbook") -> str:
    """Return the text stored for ``module``: attribute block, then code, CRLF line ends.

    Attributes given in the source override the defaults; ``VB_Name`` must
    equal the module name.

    Raises:
        VbaBuildError: On a ``VB_Name`` mismatch.
    """
    lines = module.source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = _strip_class_header(lines)
    attributes = _default_attributes(module, workbook_code_name)
    position = 0
    while position < len(lines):
        match = _ATTRIBUTE.match(lines[position].strip())
        if not match:
            break
        key, value = match.group(1), match.group(2)
        if key.lower() == "vb_name" and value.strip('"') != module.name:
            raise VbaBuildError(
                f"{module.label}: Attribute VB_Name = {value} does not match the module "
                f"name {module.name!r}"
            )
        known = next((name for name in attributes if name.lower() == key.lower()), key)
        attributes[known] = value
        position += 1
    header = [f"Attribute {key} = {value}" for key, value in attributes.items()]
    return "".join(line + "\r\n" for line in header + lines[position:])


def _arrange(
    modules: Sequence[Module], workbook_code_name: str, sheet_code_names: Sequence[str]
) -> list[Module]:
    """Order modules as documents first, then the rest; create missing document modules."""
    code_names = [workbook_code_name, *sheet_code_names]
    documents = {module.name.lower(): module for module in modules if module.kind == "document"}
    for module in documents.values():
        if module.name not in code_names:
            raise VbaBuildError(
                f"{module.label}: document module {module.name!r} is not one of the "
                f"workbook's code names {code_names}"
            )
    arranged = [documents.get(name.lower(), Module(name, "document", "")) for name in code_names]
    return arranged + [module for module in modules if module.kind != "document"]


def validate(modules: Sequence[Module]) -> None:
    """Check kinds, names, uniqueness and encoding of ``modules``.

    Raises:
        VbaBuildError: On the first problem found, naming the file.
    """
    seen: dict[str, Module] = {}
    for module in modules:
        if module.kind not in KINDS:
            raise VbaBuildError(f"{module.label}: unknown module kind {module.kind!r}")
        check_name(module.name, module.label)
        previous = seen.get(module.name.lower())
        if previous is not None:
            raise VbaBuildError(
                f"{module.label}: module name {module.name!r} is already used by "
                f"{previous.label} (names are compared without regard to case)"
            )
        seen[module.name.lower()] = module
        _check_encoding(module.source, module.label)


def build_vba_project(
    modules: Sequence[Module],
    workbook_code_name: str = "ThisWorkbook",
    sheet_code_names: Sequence[str] = ("Sheet1",),
    project_id: str = DEFAULT_PROJECT_ID,
    office_reference: bool = True,
) -> bytes:
    """Build the bytes of a source-only ``vbaProject.bin``.

    One document module is created for the workbook and for each sheet, named
    by their code names; a document module in ``modules`` supplies the code of
    the one with the same name. The output depends only on the arguments.

    Args:
        modules: Standard, class and document modules.
        workbook_code_name: The workbook's code name.
        sheet_code_names: The sheets' code names, in sheet order.
        project_id: The project CLSID written to the PROJECT stream.
        office_reference: Whether to reference the Office object library.

    Returns:
        The compound file bytes.

    Raises:
        VbaBuildError: When a module or code name is invalid.
    """
    for code_name in [workbook_code_name, *sheet_code_names]:
        check_name(code_name, f"code name {code_name!r}")
    arranged = _arrange(modules, workbook_code_name, sheet_code_names)
    validate(arranged)
    entries = [ModuleEntry(module.name, module.kind) for module in arranged]
    streams = {
        "PROJECT": project_stream(entries, project_id),
        "PROJECTwm": project_wm_stream(entries),
        "VBA/_VBA_PROJECT": VBA_PROJECT_STREAM,
        "VBA/dir": compressed_dir_stream(entries, office_reference),
    }
    for module in arranged:
        text = module_text(module, workbook_code_name)
        streams[f"VBA/{module.name}"] = compress(text.encode(ENCODING))
    return build_compound_file(streams)
