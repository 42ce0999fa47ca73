"""Where each value of a plan came from, so that a finding can name its sheet and cell."""

from __future__ import annotations

from dataclasses import dataclass, field

Key = tuple[str, object, str]
"""(part, row index or codelist name, field): ``("activities", 3, "lead")``."""


@dataclass
class SourceMap:
    """Maps each value of a plan to its sheet and cell, or to its JSON path."""

    file: str
    cells: dict[Key, tuple[str, str]] = field(default_factory=dict)
    invalid: set[Key] = field(default_factory=set)
    """Values that could not be read; later checks say nothing more about them."""

    def locate(self, part: str, index: object, name: str) -> tuple[str, str]:
        """(sheet, cell) of one value; ("", json path) for a JSON plan."""
        return self.cells.get((part, index, name), ("", ""))

    def is_invalid(self, part: str, index: object, name: str) -> bool:
        """True when the value failed to read and was already reported."""
        return (part, index, name) in self.invalid


def json_sources(file: str, plan) -> SourceMap:
    """A source map for a plan read from JSON: each value located by its path."""
    from toolkit.plan.model import PARTS, field_names

    sources = SourceMap(file)
    for name in field_names(type(plan.meta)):
        sources.cells[("meta", 0, name)] = ("", f"meta.{name}")
    for part in PARTS:
        for i, record in enumerate(getattr(plan, part)):
            label = getattr(record, "code", None) or f"#{i + 1}"
            for name in field_names(type(record)):
                sources.cells[(part, i, name)] = ("", f'{part}["{label}"].{name}')
    for name in plan.codelists:
        sources.cells[("codelists", name, "")] = ("", f"codelists.{name}")
    return sources
