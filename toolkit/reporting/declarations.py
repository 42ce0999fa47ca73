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


def person_rows(table: dict, rows: list[str]) -> frozenset[str]:
    """The rows of a declared statistics table that count persons.

    Small counts of persons are suppressed in anything published. A table says
    ``persons = true`` when it counts persons, and ``person_rows`` when only the rows named do.
    Money rows (``[statistics_money]``) hold amounts and never count persons.

    Args:
        table: One ``[[statistics]]`` declaration.
        rows: The codes of the table's rows.

    Returns:
        The codes of the rows whose small counts are suppressed; empty when there are none.

    Raises:
        ValueError: If the declaration does not say ``persons = true`` or ``false``, names a
            row the table does not have, or names only some rows of a table with totals,
            which is suppressed as a whole.
    """
    name = table["table"]
    persons = table.get("persons")
    if type(persons) is not bool:
        raise ValueError(f"reporting.toml: statistics table {name} must say whether it counts "
                         f"persons: persons = true or persons = false, not {persons!r}")
    named = table.get("person_rows")
    if named is not None and not persons:
        raise ValueError(f"reporting.toml: statistics table {name} names person_rows but says "
                         "persons = false")
    if not persons:
        return frozenset()
    unknown = sorted(set(named or ()) - set(rows))
    if unknown:
        raise ValueError(f"reporting.toml: person_rows of statistics table {name} names "
                         f"{', '.join(unknown)}, not among its rows {', '.join(rows)}")
    money = set(declarations().get("statistics_money", {}).get("rows", ()))
    chosen = frozenset(rows if named is None else named) - money
    if (table["row_totals"] or table["column_totals"]) and chosen != set(rows):
        raise ValueError(f"reporting.toml: statistics table {name} has totals, so all its rows "
                         "must count persons or none; drop person_rows or the totals")
    return chosen
