"""Reads the tidy exports of an earlier consolidation (its output folder), so that periods
consolidated before the history store existed can be recorded in it.

The exports are the coordinator's own files, but still input: they must be of the plan given and
of one of its periods. Consolidations made before the submissions export existed give their
submissions from the ledger (received or missing, timeliness unknown).
"""

from __future__ import annotations

import csv
from pathlib import Path

from toolkit.aggregate.intake.previous import _text
from toolkit.findings import FindingError, finding
from toolkit.history.records import (
    ACTIVITY_FIELDS,
    INDICATOR_FIELDS,
    MISSING,
    RECEIVED,
    RECOMMENDATION_FIELDS,
    STATISTICS_FIELDS,
    PeriodRecord,
    pick,
    submission_rows,
)
from toolkit.reporting.periods import Period, PeriodError, parse_period
from toolkit.reporting.scope import assignments

NUMBERS = {"value", "period_target", "achievement", "budget", "percent", "spent", "errors",
           "warnings"}
USED = ("accepted", "accepted with errors")


class ExportsError(FindingError):
    """The folder holds no usable exports; ``finding`` says why."""


def _table(path: Path) -> list[dict]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ExportsError(finding("PREV_002", path, reason=str(exc))) from exc
    return [{k: _cell(k, _text(v or "")) for k, v in row.items() if k is not None}
            for row in rows]


def _cell(name: str, text: str):
    if name == "due":
        return text == "yes"
    if name in NUMBERS:
        if text == "":
            return None
        try:
            return float(text)
        except ValueError:
            return None
    return text


def read_exports(out_dir: Path, plan) -> tuple[Period, list[dict], list[dict], list[dict],
                                                 list[dict], list[dict]]:
    """The period and the indicator, activity, statistics, submission and recommendation rows
    of the consolidation in ``out_dir``.

    Raises:
        ExportsError: STORE_011 no exports there or not one period of the plan; STORE_012 the
            exports are of another plan; PREV_002 a file cannot be read.
    """
    exports = Path(out_dir) / "exports"
    if not (exports / "indicators.csv").is_file():
        found = "the folder does not exist" if not Path(out_dir).is_dir() else \
            "it holds no exports/indicators.csv"
        raise ExportsError(finding("STORE_011", out_dir, found=found))
    tables = {name: _table(exports / f"{name}.csv") if (exports / f"{name}.csv").is_file()
              else [] for name in ("indicators", "activities", "statistics", "submissions",
                                   "recommendations")}
    period = _period(out_dir, plan, [r for rows in tables.values() for r in rows])
    submissions = tables["submissions"] or _from_ledger(Path(out_dir), plan, period)
    return (period, pick(tables["indicators"], INDICATOR_FIELDS),
            pick(tables["activities"], ACTIVITY_FIELDS),
            pick(tables["statistics"], STATISTICS_FIELDS), submission_rows(submissions),
            pick(tables["recommendations"], RECOMMENDATION_FIELDS))


def _period(out_dir: Path, plan, rows: list[dict]) -> Period:
    plans = sorted({r["plan"] for r in rows if r.get("plan")} - {plan.meta.code})
    if plans:
        raise ExportsError(finding("STORE_012", out_dir, found=", ".join(plans),
                                   plan=plan.meta.code))
    periods = sorted({r["period"] for r in rows if r.get("period")})
    if len(periods) != 1:
        raise ExportsError(finding("STORE_011", out_dir, found=f"the exports hold the periods "
                                   f"{', '.join(periods) or 'none'}, not one"))
    meta = plan.meta
    try:
        return parse_period(periods[0], meta.frequency, meta.start, meta.end)
    except PeriodError as exc:
        raise ExportsError(finding("STORE_011", out_dir, found=str(exc))) from exc


def _from_ledger(out_dir: Path, plan, period: Period) -> list[dict]:
    """Received or missing for every expected institution, from the ledger."""
    ledger = _table(out_dir / "ledger.csv") if (out_dir / "ledger.csv").is_file() else []
    used = {r["institution"]: r for r in ledger if r.get("verdict") in USED}
    rows = []
    for code in assignments(plan, period):
        r = used.get(code)
        rows.append({"institution": code, "expected": "yes",
                     "state": RECEIVED if r else MISSING, "file": r["name"] if r else "",
                     "verdict": r["verdict"] if r else ""})
    return rows


def period_record(out_dir: Path, plan, plan_hash: str) -> tuple[Period, PeriodRecord]:
    """The record of the consolidation in ``out_dir``, as the store keeps it."""
    period, *rows = read_exports(out_dir, plan)
    return period, PeriodRecord(plan.meta.code, plan.meta.version, plan_hash, period.code, None,
                                "import", str(Path(out_dir).resolve()), *rows)
