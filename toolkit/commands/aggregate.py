"""Consolidation of returned workbooks: the entry points the CLI and the Excel buttons share."""

from __future__ import annotations

from pathlib import Path

from toolkit.aggregate.run import AggregateResult


class ConsolidationError(Exception):
    """Nothing could be produced: the plan cannot be used or the period is wrong."""

    def __init__(self, message: str, findings=()):
        super().__init__(message)
        self.findings = list(findings)


def _plan_and_period(plan_path: Path, period: str):
    from toolkit.findings import has_errors
    from toolkit.plan.load import PlanReadError, load_checked_plan
    from toolkit.reporting.periods import PeriodError, parse_period

    try:
        plan, findings = load_checked_plan(plan_path)
    except PlanReadError as exc:
        raise ConsolidationError(str(exc.finding), [exc.finding]) from exc
    if has_errors(findings):
        raise ConsolidationError(f"{plan_path}: the plan has errors; run check-plan first",
                                 findings)
    try:
        return plan, parse_period(period, plan.meta.frequency, plan.meta.start, plan.meta.end)
    except PeriodError as exc:
        raise ConsolidationError(f"period {period}: {exc}") from exc


def aggregate(plan_path: Path, period: str, returns: list[Path], out_dir: Path,
              jobs: int | None = None, previous: Path | None = None) -> AggregateResult:
    """Check and consolidate the returns of a period (what ``toolkit aggregate`` does).

    Args:
        previous: An earlier consolidation to compare running totals with (``--previous``).

    Raises:
        ConsolidationError: the plan is unusable or the period is wrong.
        PreviousError: ``previous`` cannot be used.
    """
    from toolkit.aggregate.run import aggregate as run

    plan, chosen = _plan_and_period(Path(plan_path), period)
    return run(plan, chosen, [Path(p) for p in returns], Path(out_dir), jobs,
               previous=None if previous is None else Path(previous))


def check_return(plan_path: Path, period: str, path: Path) -> list:
    """Every finding about one returned workbook, without consolidating anything."""
    from toolkit.aggregate.context import make_context
    from toolkit.aggregate.intake.files import sha256_of
    from toolkit.aggregate.process import process
    from toolkit.aggregate.returned import Submission

    plan, chosen = _plan_and_period(Path(plan_path), period)
    path = Path(path)
    stat = path.stat()
    result = process(make_context(plan, chosen),
                     Submission(path, str(path), sha256_of(path), stat.st_size, stat.st_mtime))
    return result.findings


__all__ = ["AggregateResult", "ConsolidationError", "aggregate", "check_return"]
