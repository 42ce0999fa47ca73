"""Where the folders the toolkit reads at run time are: the declarations
(``workbook_templates/``), the VBA modules (``macros/``) and the sample plan (``samples/``).

In a checkout (and an editable install) they are the repository's own top-level folders. An
installed package carries copies of them in ``toolkit/_data/``, put there when it is built
(see ``setup.py``), and those are used when present.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SHIPPED = ("workbook_templates", "macros", "samples")
"""The folders copied into an installed package."""


def folder(name: str) -> Path:
    """The folder ``name`` (one of ``SHIPPED``): the installed copy, else the repository's."""
    if name not in SHIPPED:
        raise ValueError(f"{name} is not a folder the toolkit ships")
    installed = PACKAGE / "_data" / name
    return installed if installed.is_dir() else PACKAGE.parent / name


TEMPLATES_ENV = "NAP_TOOLKIT_TEMPLATES"


def templates_dir() -> Path:
    """The folder of declarations: ``$NAP_TOOLKIT_TEMPLATES``, else the package's."""
    override = os.environ.get(TEMPLATES_ENV)
    if override:
        return Path(override)
    return folder("workbook_templates")
