"""Spending checked against what the plan says the activity costs (docs/indicators.md §7)."""

from __future__ import annotations

from toolkit.aggregate.checks.structure import Located
from toolkit.plan.codelists import is_no_cost


def check_no_cost(sheet, name: str, values: dict, sources: dict[str, str],
                  out: list[Located]) -> None:
    """CONS_016 where money is reported as spent on an activity the plan lists as "No cost",
    or with "No cost" typed as the source of the funds.

    Args:
        values: The return's inputs read so far, by (sheet kind, row key, field key).
        sources: The plan's funding source of each activity of the sheet.
    """
    for code in sheet.row_keys.values():
        spent = values.get((sheet.kind, code, "spent"))
        if spent is None or not spent.value:
            continue
        typed = values.get((sheet.kind, code, "spent_source"))
        if is_no_cost(sources.get(code)) or (typed is not None and is_no_cost(typed.value)):
            out.append(Located("CONS_016", name, spent.ref, {"spent": f"{spent.value:,.2f}"}))
