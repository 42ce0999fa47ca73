"""The macro workbooks: building the control panel and the add-in with their VBA project, and
reading the VBA project of a file back to compare it with ``macros/``.

The workbooks themselves are laid out by ``toolkit.buttons``, which sits above this layer, so the
caller hands the builder in.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.commands.outputs import writing
from toolkit.findings import FindingError, finding
from toolkit.resources import folder

MACROS_DIR = folder("macros")

Builder = Callable[[Path, Sequence], Path]
"""Writes a macro workbook to a path from the project's modules."""


def build_macro_workbook(out: Path, build: Builder, suffix: str) -> Path:
    """Write a macro workbook (``.xlsm`` control panel or ``.xlam`` add-in) with the modules of
    ``macros/`` and xlwings' module.

    Raises:
        FindingError: USE_014 (wrong suffix), VBA_001 to VBA_003 (the project cannot be built),
            SAVE_002 to SAVE_004 (the file cannot be written).
    """
    from toolkit.vba.sources import load_project_modules

    out = Path(out)
    if out.suffix.lower() != suffix:
        raise FindingError(finding("USE_014", out, suffix=suffix,
                                   example=f"nap-toolkit{suffix}"))
    modules = load_project_modules(MACROS_DIR)
    with writing(out):
        return build(out, modules)


@dataclass
class Inspection:
    """The modules of a file's VBA project and how they differ from ``macros/``."""

    file: Path
    modules: list
    differences: list[str]

    def difference(self):
        """VBA_005 when the modules differ from ``macros/``, else None."""
        if not self.differences:
            return None
        return finding("VBA_005", self.file, count=len(self.differences), folder=MACROS_DIR)


def inspect(file: Path) -> Inspection:
    """Read the VBA project of an ``.xlsm``, ``.xlam`` or ``vbaProject.bin`` and compare it
    with ``macros/`` plus xlwings' module.

    Raises:
        FindingError: VBA_006 (no such file), VBA_004 (no readable project in it).
    """
    from toolkit.language import os_reason
    from toolkit.vba.inspect import VbaInspectError, diff_against, inspect_vba

    file = Path(file)
    try:
        modules = inspect_vba(file)
    except VbaInspectError:
        raise
    except FileNotFoundError as exc:
        raise FindingError(finding("VBA_006", file)) from exc
    except OSError as exc:
        raise FindingError(finding("VBA_004", file, reason=os_reason(exc))) from exc
    except (ValueError, struct.error, zipfile.BadZipFile) as exc:
        raise FindingError(finding("VBA_004", file, reason=str(exc) or type(exc).__name__)) \
            from exc
    return Inspection(file, modules, diff_against(modules, MACROS_DIR))
