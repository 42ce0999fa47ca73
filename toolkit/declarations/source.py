"""Where the declarations are, how a file of them is read, and the error that stops a command
when one of them is wrong."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from toolkit.findings import Finding, FindingError, finding
from toolkit.resources import TEMPLATES_ENV, templates_dir

__all__ = ["TEMPLATES_ENV", "DeclarationError", "read_toml", "templates_dir"]

_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


class DeclarationError(FindingError):
    """A declaration file is wrong: every problem found in it, each located by its key.

    ``finding`` is the first problem, ``findings`` all of them; the text is one line each.
    """

    def __init__(self, found: list[Finding]):
        super().__init__(found[0])
        self.findings = list(found)
        self.args = ("\n".join(str(f) for f in found),)

    def __str__(self) -> str:
        return self.args[0]


def read_toml(path: Path) -> dict[str, Any]:
    """One declaration file, parsed.

    Raises:
        DeclarationError: the file is missing or unreadable (DECL_002), or is not valid TOML
            (DECL_001, at its line).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DeclarationError([finding("DECL_002", path, reason=exc.strerror or str(exc))]) \
            from exc
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DeclarationError([finding("DECL_002", path, reason=f"it is not UTF-8 text "
                                        f"(byte {exc.start + 1})")]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise DeclarationError([_syntax(path, exc)]) from exc


def _syntax(path: Path, exc: tomllib.TOMLDecodeError) -> Finding:
    """The syntax error at its line: Python 3.14 gives the position as attributes, earlier
    versions only inside the message."""
    text = getattr(exc, "msg", None) or str(exc)
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    at = _AT.search(text)
    if at:
        text = text[: at.start()]
        line, column = line or int(at.group(1)), column or int(at.group(2))
    where = f"line {line}" if line else ""
    return finding("DECL_001", path, "", where, reason=text[:1].lower() + text[1:],
                   column=column or "?")
