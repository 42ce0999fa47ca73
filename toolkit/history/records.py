"""The record of one consolidated period, as the history store keeps it: the plan's identity,
the period, every institution's values with their provenance, the ratings, the submissions with
their timeliness, and the budget.

Built from a consolidation's tables (``from_tables``) or from an earlier consolidation's exports;
the store writes and reads exactly these fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

PROVENANCE = ("file_sha256", "sheet", "cell")
INDICATOR_FIELDS = ("indicator", "institution", "dimension", "category", "value",
                    "period_target", "achievement", "rating") + PROVENANCE
ACTIVITY_FIELDS = ("activity", "institution", "role", "area", "objective", "due", "budget",
                   "funding_source", "status", "percent", "spent") + PROVENANCE
STATISTICS_FIELDS = ("table", "row", "column", "institution", "value") + PROVENANCE
SUBMISSION_FIELDS = ("institution", "expected", "state", "file", "verdict", "saved_at",
                     "timeliness", "errors", "warnings")
RECOMMENDATION_FIELDS = ("recommendation", "institution", "status", "action", "evidence",
                         "next_step") + PROVENANCE
"""The fields of each kind of row, as a consolidation's tables and exports name them."""

RECEIVED, MISSING = "received", "missing"
ON_TIME, LATE = "on time", "late"


@dataclass
class PeriodRecord:
    """One period of one plan, as consolidated."""

    plan: str
    version: str
    plan_hash: str
    period: str
    deadline: dt.date | None
    source: str
    """``aggregate`` (recorded by the consolidation) or ``import`` (from its exports)."""
    out_dir: str
    indicators: list[dict] = field(default_factory=list)
    activities: list[dict] = field(default_factory=list)
    statistics: list[dict] = field(default_factory=list)
    submissions: list[dict] = field(default_factory=list)
    recommendations: list[dict] = field(default_factory=list)
    """Where each recommendation stood, by addressed institution (template T10)."""
    revision: int = 0
    """Set by the store: 1 for the first recording of the period, then 2, 3..."""
    recorded_at: dt.datetime | None = None

    @property
    def expected(self) -> list[dict]:
        """The submission rows of the institutions expected to report."""
        return [s for s in self.submissions if s["expected"]]

    def counts(self) -> dict[str, int]:
        """Expected, received, on time, late and missing returns."""
        expected = self.expected
        return {"expected": len(expected),
                "received": sum(1 for s in expected if s["state"] == RECEIVED),
                "on_time": sum(1 for s in expected if s["timeliness"] == ON_TIME),
                "late": sum(1 for s in expected if s["timeliness"] == LATE),
                "missing": sum(1 for s in expected if s["state"] == MISSING)}


def pick(rows, names: tuple[str, ...]) -> list[dict]:
    """The rows with only the named fields (absent ones blank)."""
    return [{name: row.get(name) for name in names} for row in rows]


def submission_rows(submissions: list[dict]) -> list[dict]:
    """The Submissions rows of a consolidation's summary, as the store keeps them: every
    expected institution (received or missing), then every other file received."""
    rows = []
    for s in submissions:
        expected = s.get("expected") in ("yes", True)
        rows.append({"institution": s.get("institution") or "", "expected": expected,
                     "state": s.get("state") or "", "file": s.get("file") or "",
                     "verdict": s.get("verdict") or "", "saved_at": s.get("saved_at") or "",
                     "timeliness": s.get("timeliness") or "",
                     "errors": int(s.get("errors") or 0),
                     "warnings": int(s.get("warnings") or 0)})
    return rows


def from_tables(plan, period, deadline, tables, summary: dict, out_dir: str,
                plan_hash: str, source: str = "aggregate") -> PeriodRecord:
    """The record of a consolidation from its tables and its summary of the returns."""
    return PeriodRecord(plan.meta.code, plan.meta.version, plan_hash, period.code, deadline,
                        source, out_dir, pick(tables.indicators, INDICATOR_FIELDS),
                        pick(tables.activities, ACTIVITY_FIELDS),
                        pick(tables.statistics, STATISTICS_FIELDS),
                        submission_rows(summary["submissions"]),
                        pick(tables.recommendations, RECOMMENDATION_FIELDS))
