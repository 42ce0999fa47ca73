"""Figures of the monitoring report, computed from the tidy tables (and re-derived in the
workbook by formulas over the same rows)."""

from __future__ import annotations

from collections import Counter, defaultdict

from toolkit.plan.codelists import ACTIVITY_STATUSES

NO_DATA = "No data"
STATUSES = list(ACTIVITY_STATUSES) + [NO_DATA]
RATINGS = ("green", "amber", "red", "grey", "not rated")


def lead_rows(tables) -> list[dict]:
    """The lead institution's row of every activity: the one that counts for progress."""
    return [r for r in tables.activities if r["role"] == "lead"]


def status_of(row) -> str:
    """The reported status, or No data."""
    return row["status"] or NO_DATA


def status_counts(rows, key: str) -> dict[str, Counter]:
    """Per value of ``key`` (area or objective), how many lead rows have each status."""
    out: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        out[row[key]][status_of(row)] += 1
    return out


def implementation_rate(rows) -> float | None:
    """Completed activities among those due by the end of the period."""
    due = [r for r in rows if r["due"]]
    if not due:
        return None
    return sum(1 for r in due if r["status"] == "Completed") / len(due)


def rating_counts(tables) -> Counter:
    """Indicators (total rows) by rating."""
    return Counter(r["rating"] for r in tables.indicators if not r["dimension"])


def budget_by(tables, key: str) -> dict[str, tuple[float, float | None, float]]:
    """(estimated cost, allocated for the year, spent in the year to date) by area,
    institution or funding source (docs/indicators.md §7). The estimated cost counts each
    activity once (its lead's row); allocations are each institution's share; spending is
    added over every institution that reported it, by funding source under the one it was
    filed under. None: nothing allocated."""
    planned: dict[str, float] = defaultdict(float)
    allocated: dict[str, float] = {}
    spent: dict[str, float] = defaultdict(float)
    for row in tables.activities:
        k = row[key] or ""
        planned[k] += (row["budget"] or 0.0) if row["role"] == "lead" else 0.0
        if row.get("allocation") is not None:
            allocated[k] = allocated.get(k, 0.0) + row["allocation"]
        if row["spent"]:
            spent[row["spent_under"] if key == "funding_source" else k] += row["spent"]
    return {k: (planned.get(k, 0.0), allocated.get(k), spent.get(k, 0.0))
            for k in sorted(set(planned) | set(spent))}
