"""Loads ``workbook_templates/reporting.toml``: the declared columns of each sheet kind."""

from __future__ import annotations

import functools
import tomllib

from toolkit.templates import templates_dir


@functools.lru_cache(maxsize=None)
def declarations() -> dict:
    """The reporting workbook declarations, as parsed TOML."""
    with open(templates_dir() / "reporting.toml", "rb") as fh:
        return tomllib.load(fh)
