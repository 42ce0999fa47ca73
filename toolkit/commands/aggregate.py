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
              jobs: int | None = None, previous: Path | None = None,
              store: str | Path | None = None, record: bool = True, deadline=None,
              progress=None, on_total=None) -> AggregateResult:
    """Check and consolidate the returns of a period (what ``toolkit aggregate`` does), and
    record the consolidation in the history store.

    The store is opened and checked before anything is consolidated; running totals are
    compared with the last period it holds before this one, unless ``previous`` names an
    earlier consolidation to compare with. The recording comes right after the outputs are
    written: when it fails, the outputs are there and the message says how to record them.

    Args:
        previous: An earlier consolidation to compare running totals with (``--previous``).
        store: The store (``--store``); by default as :func:`history.open_for` finds it.
        record: False to consolidate without a store (``--no-store``).

    Raises:
        ConsolidationError: the plan is unusable or the period is wrong.
        PreviousError: ``previous`` cannot be used.
        StoreError: the store cannot be used (nothing was consolidated), or the recording
            failed (the outputs were written).
    """
    from toolkit.aggregate.run import aggregate as run
    from toolkit.commands import history

    plan, chosen = _plan_and_period(Path(plan_path), period)
    opened = history.open_for(store, Path(out_dir), Path(plan_path)) if record else None
    try:
        figures = None if previous is None else Path(previous)
        if opened is not None:
            history.check_plan(opened, plan)
            if previous is None:
                figures = history.previous_from_store(opened, plan, chosen)
        result = run(plan, chosen, [Path(p) for p in returns], Path(out_dir), jobs,
                     deadline, progress=progress, on_total=on_total, previous=figures)
        if opened is not None:
            result.recorded = history.record_result(opened, plan, chosen, result)
        return result
    finally:
        if opened is not None:
            opened.close()


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
