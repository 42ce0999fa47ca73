"""Statistics per data holder: whose figure of each row is the official one, and the figures
of every holder side by side (docs/indicators.md §6). Never summed across holders. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class HeldTable:
    """One statistics table as its holders reported it."""

    key: str
    holders: list[str] = field(default_factory=list)
    """The institutions that hold the table, in the order of the consolidation."""
    official: dict[str, str | None] = field(default_factory=dict)
    """Per row, the institution whose figures are the official ones; None: several holders
    and none named, so the row is shown per holder only."""
    values: dict[tuple[str, str, str], object] = field(default_factory=dict)
    """(row, column, institution) -> value reported (None: blank)."""
    notes: dict[str, tuple[object, object]] = field(default_factory=dict)
    """Per holder, the source system and the deviation from the definitions it reported."""

    def value(self, row: str, column: str, institution: str | None):
        """A holder's figure of a cell; None when blank, not held or no holder is given."""
        return self.values.get((row, column, institution)) if institution else None

    def official_value(self, row: str, column: str):
        """The consolidated figure of a cell: the official source's; blank is unknown."""
        return self.value(row, column, self.official.get(row))

    def differs(self, row: str, columns) -> bool:
        """True when holders who reported a number for a cell of the row give different
        numbers."""
        for column in columns:
            numbers = {self.values.get((row, column, h)) for h in self.holders}
            if len(numbers - {None}) > 1:
                return True
        return False

    def sources(self) -> list[str]:
        """The official institutions of the table, in the order of its rows."""
        return list(dict.fromkeys(i for i in self.official.values() if i))


def official_source(plan, table: str, row: str, holders: list[str]) -> str | None:
    """The institution whose figure of a row is the official one: the one the plan names for
    the table or the row, else the only holder, else None."""
    for src in plan.official_sources:
        if src.table == table and (not src.rows or row in src.rows):
            return src.institution
    return holders[0] if len(holders) == 1 else None


def held_tables(plan, rows: list[dict]) -> dict[str, HeldTable]:
    """The statistics rows of the consolidation (one per holder and cell) by table."""
    out: dict[str, HeldTable] = {}
    for r in rows:
        table = out.setdefault(r["table"], HeldTable(r["table"]))
        if r["institution"] not in table.holders:
            table.holders.append(r["institution"])
        table.values[(r["row"], r["column"], r["institution"])] = r["value"]
        table.notes.setdefault(r["institution"], (r["source_note"], r["definition_note"]))
    for table in out.values():
        for row, _column, _inst in table.values:
            if row not in table.official:
                table.official[row] = official_source(plan, table.key, row, table.holders)
    return out


def mark_official(plan, rows: list[dict]) -> None:
    """Set ``official`` on each statistics row: whether it is the official source's figure."""
    tables = held_tables(plan, rows)
    for r in rows:
        r["official"] = tables[r["table"]].official.get(r["row"]) == r["institution"]
