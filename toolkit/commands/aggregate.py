"""Consolidation of returned workbooks: the entry points the CLI and the Excel buttons share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from toolkit.aggregate.run import AggregateResult
from toolkit.commands.outputs import writing
from toolkit.commands.plan import period as read_period
from toolkit.commands.plan import usable_plan
from toolkit.findings import Finding, FindingError


def _plan_and_period(plan_path: Path, period: str):
    checked = usable_plan(Path(plan_path), "CMD_003")
    return checked.plan, read_period(checked.plan, period)


def aggregate(plan_path: Path, period: str, returns: list[Path], out_dir: Path,
              jobs: int | None = None, previous: Path | None = None,
              store: str | Path | None = None, record: bool = True,
              deadline: dt.date | None = None, progress: Callable[[int], None] | None = None,
              on_total: Callable[[int], None] | None = None,
              outputs=None) -> AggregateResult:
    """Check and consolidate the returns of a period (what ``toolkit aggregate`` does), and
    record the consolidation in the history store.

    The store is opened and checked before anything is consolidated; running totals are
    compared with the last period it holds before this one, unless ``previous`` names an
    earlier consolidation to compare with; the report's trends run over the periods it holds
    up to this one. The recording comes right after the outputs are
    written: when it fails, the outputs are there and the message says how to record them.

    Args:
        previous: An earlier consolidation to compare running totals with (``--previous``).
        store: The store (``--store``); by default as :func:`history.open_for` finds it.
        record: False to consolidate without a store (``--no-store``).
        deadline: The date returns were due, when ``generate`` was given one.
        progress, on_total: Told how many files there are, then each time some are done.
        outputs: The T5 document, its PDF and the feedback's correction deadline
            (``aggregate.outputs.write.OutputOptions``; by default the document, no PDF).

    Raises:
        FindingError: PLAN_030, CMD_003 (the plan has errors), PER_001 to PER_003 (the period),
            PREV_001 to PREV_011 (``previous`` cannot be used, as ``PreviousError``), STORE_001
            to STORE_013 (the store cannot be used, as ``StoreError``; nothing was consolidated,
            or the recording failed after the outputs were written), SAVE_002 to SAVE_004 (an
            output cannot be written).
    """
    from toolkit.aggregate.run import aggregate as run
    from toolkit.commands import history

    plan, chosen = _plan_and_period(Path(plan_path), period)
    language = plan.meta.language
    opened = history.open_for(store, Path(out_dir), Path(plan_path)) if record else None
    try:
        figures = None if previous is None else Path(previous)
        earlier = None
        if opened is not None:
            history.check_plan(opened, plan)
            if previous is None:
                figures = history.previous_from_store(opened, plan, chosen)
            outputs = _citing_last_review(opened, plan, outputs)
            earlier = history.recorded_history(opened, plan)
        with writing(Path(out_dir), language):
            result = run(plan, chosen, [Path(p) for p in returns], Path(out_dir), jobs,
                         deadline, progress=progress, on_total=on_total, previous=figures,
                         outputs=outputs, history=earlier)
        if opened is not None:
            result.recorded = history.record_result(opened, plan, chosen, result)
        return result
    except FindingError as exc:
        exc.language = language
        raise
    finally:
        if opened is not None:
            opened.close()


def _citing_last_review(opened, plan, outputs):
    """The outputs' options with the decision log of the last review the store holds."""
    import dataclasses

    from toolkit.aggregate.outputs.write import OutputOptions
    from toolkit.store.review import last_review

    log = last_review(opened, plan.meta.code)
    return dataclasses.replace(outputs or OutputOptions(), review=log) if log else outputs


def check_return(plan_path: Path, period: str, path: Path) -> list[Finding]:
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


__all__ = ["AggregateResult", "aggregate", "check_return"]
