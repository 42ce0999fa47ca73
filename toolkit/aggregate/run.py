"""``toolkit aggregate``: intake, checks, resubmissions, consolidation and every output."""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from pathlib import Path
from typing import Callable

from toolkit.aggregate.consolidate.tables import Tables, consolidate
from toolkit.aggregate.context import PlanContext, make_context
from toolkit.aggregate.intake import files as intake
from toolkit.aggregate.intake.previous import PreviousFigures, read_previous
from toolkit.aggregate.process import process, required_inputs
from toolkit.aggregate.returned import (
    ACCEPTED_WITH_ERRORS,
    DUPLICATE,
    IGNORED,
    REJECTED,
    SUPERSEDED,
    FileResult,
    Submission,
)
from toolkit.findings import Finding, finding
from toolkit.plan.model import Plan
from toolkit.reporting.periods import Period

REPORT = "report.xlsx"


@dataclass
class AggregateResult:
    """What a consolidation produced and how it went."""

    out_dir: Path
    report_path: Path
    ledger_path: Path
    results: list[FileResult]
    tables: Tables
    missing: list[str]
    findings: list[Finding] = field(default_factory=list)
    previous: PreviousFigures | None = None
    """The earlier consolidation whose running totals were compared with, if any."""
    summary: dict = field(default_factory=dict)
    """The figures about the returns (see ``consolidate.summary``)."""
    deadline: dt.date | None = None
    recorded: object = None
    """What the history store recorded of this consolidation, when it was recorded."""
    language: str = "en"
    """The plan's working language, which every text about the consolidation is shown in."""
    document_path: Path | None = None
    """The T5 document, ``report.docx``."""
    pdf_path: Path | None = None
    output_problems: list[Finding] = field(default_factory=list)
    """Outputs that could not be made (the PDF), as findings."""

    @property
    def rejected(self) -> list[FileResult]:
        """Files that could not be used."""
        return [r for r in self.results if r.verdict == REJECTED]

    @property
    def exit_code(self) -> int:
        """0 when every expected return was used; 1 when any was rejected or is missing."""
        return 1 if self.rejected or self.missing else 0


_WORKER: dict = {}


def _init_worker(plan: Plan, period: Period, deadline,
                 previous: PreviousFigures | None = None) -> None:
    _WORKER["ctx"] = make_context(plan, period, deadline, previous)


def _work(path: Path, archive: Path) -> FileResult:
    return take_in_and_check(_WORKER["ctx"], path, archive)


def take_in_and_check(ctx: PlanContext, path: Path, archive: Path) -> FileResult:
    """Hash and archive one file, then check it (lock files are only accounted for)."""
    return _taken_in(path, archive, lambda sub: _special(sub, IGNORED, "WB_006")
                     if intake.is_lock_file(sub.path) else process(ctx, sub))


def _taken_in(path: Path, archive: Path,
              then: Callable[[Submission], FileResult]) -> FileResult:
    """Hash and archive one file, then ``then(submission)``; a file that cannot be read is
    refused with WB_013."""
    try:
        sub = intake.take_in(path, archive)
    except intake.Unreadable as exc:
        result = FileResult(str(path), "", 0, 0.0)
        result.add("WB_013", detail=str(exc))
        return result
    return then(sub)


@contextmanager
def _pool(ctx: PlanContext, jobs: int, files: int):
    """Worker processes for the files and the outputs, or None to work in this process."""
    # Each worker builds the layouts of the institutions whose files it checks.
    # The plan context is long-lived: keep the collector from walking it again and again (and,
    # in forked workers, from touching and so copying every page they inherited).
    gc.freeze()
    try:
        if jobs <= 1 or files < 4:
            yield None
            return
        with _executor(ctx, jobs) as pool:
            yield pool
    finally:
        gc.unfreeze()
        _WORKER.clear()


def _executor(ctx: PlanContext, jobs: int) -> ProcessPoolExecutor:
    mp_context = multiprocessing.get_context()
    if mp_context.get_start_method() == "fork":
        _WORKER["ctx"] = ctx
        return ProcessPoolExecutor(jobs, mp_context=mp_context)
    # spawned workers start empty and build their own context
    return ProcessPoolExecutor(jobs, mp_context=mp_context, initializer=_init_worker,
                               initargs=(ctx.plan, ctx.period, ctx.deadline, ctx.previous))


def _isolated(ctx: PlanContext, path: Path, archive: Path) -> FileResult:
    """Check one file in a process of its own, so that a reader that kills its process costs
    that file only."""
    try:
        with _executor(ctx, 1) as alone:
            return alone.submit(_work, path, archive).result()
    except BrokenProcessPool:
        return _taken_in(path, archive, _stopped)


def _stopped(sub: Submission) -> FileResult:
    result = FileResult(sub.name, sub.sha256, sub.size, sub.mtime)
    result.add("WB_012", detail="the reading process stopped")
    return result


def _process_all(ctx: PlanContext, paths: list[Path], archive: Path, pool, jobs: int,
                 progress: Callable[[int], None] | None) -> tuple[list[FileResult], bool]:
    """Every file's result, in order, and whether the pool is still usable."""
    out: list[FileResult] = []
    if pool is None:
        for path in paths:
            out.append(take_in_and_check(ctx, path, archive))
            if progress:
                progress(1)
        return out, True
    try:
        for result in pool.map(_work, paths, repeat(archive),
                               chunksize=max(1, len(paths) // (jobs * 8))):
            out.append(result)
            if progress:
                progress(1)
        return out, True
    except BrokenProcessPool:
        # A worker died (a reader aborted the process): the files not yet done are checked
        # again one by one, each in a process of its own.
        for path in paths[len(out):]:
            out.append(_isolated(ctx, path, archive))
            if progress:
                progress(1)
        return out, False


def _special(sub: Submission, verdict: str, code: str, **params) -> FileResult:
    result = FileResult(sub.name, sub.sha256, sub.size, sub.mtime, verdict)
    result.findings.append(finding(code, sub.name, **params))
    return result


def _latest_first(results: list[FileResult]) -> list[FileResult]:
    return sorted(results, key=lambda r: (r.saved_at or "", r.mtime, r.name), reverse=True)


def choose(results: list[FileResult]) -> dict[str, FileResult]:
    """The return used per institution: the latest saved; the others are superseded."""
    by_inst: dict[str, list[FileResult]] = {}
    for r in results:
        if r.institution and r.verdict not in (REJECTED, DUPLICATE, IGNORED):
            by_inst.setdefault(r.institution, []).append(r)
    used = {}
    for inst, group in by_inst.items():
        ordered = _latest_first(group)
        used[inst] = ordered[0]
        for older in ordered[1:]:
            older.verdict = SUPERSEDED
            older.findings.append(finding("ID_008", older.name, newer=ordered[0].name))
    return used


def _copy(path: Path, original: Path, archive: Path) -> FileResult:
    return _taken_in(path, archive,
                     lambda sub: _special(sub, DUPLICATE, "WB_008", original=str(original)))


def set_aside_copies(results: list[FileResult]) -> list[FileResult]:
    """Byte-identical copies of a file: the first by name is used, the others are set aside
    as duplicates."""
    first: dict[str, str] = {}
    out = []
    for r in sorted(results, key=lambda r: (r.sha256, r.name)):
        if r.sha256 in first and r.size and r.verdict != IGNORED:
            r = _special(Submission(Path(r.name), r.name, r.sha256, r.size, r.mtime), DUPLICATE,
                         "WB_008", original=first[r.sha256])
        elif r.verdict != IGNORED:
            first.setdefault(r.sha256, r.name)
        out.append(r)
    return out


def aggregate(plan: Plan, period: Period, returns: list[Path], out_dir: Path,
              jobs: int | None = None, deadline: dt.date | None = None,
              progress: Callable[[int], None] | None = None,
              on_total: Callable[[int], None] | None = None,
              previous: Path | PreviousFigures | None = None,
              outputs=None) -> AggregateResult:
    """Check every returned file and consolidate the usable ones into the period's outputs.

    Args:
        previous: An earlier consolidation of the plan (its output folder, exports folder or
            indicators.csv, or its figures already read): running totals lower than there are
            flagged with CONS_005.
        outputs: What to write besides the report workbook (``write.OutputOptions``): the T5
            document, its PDF, the correction deadline of the feedback.

    Raises:
        PreviousError: ``previous`` cannot be used; nothing was written.
    """
    from toolkit.aggregate.consolidate.summary import summarise
    from toolkit.aggregate.outputs.write import OutputOptions, write_outputs

    figures = previous if previous is None or isinstance(previous, PreviousFigures) else \
        read_previous(previous, plan, period)
    ctx = make_context(plan, period, deadline, figures)
    archive = out_dir / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    paths = intake.collect(returns, exclude=out_dir)
    jobs = jobs or os.cpu_count() or 1
    if on_total:
        on_total(len(paths))
    # Copies are only taken in: a file sent twice is checked once.
    copies = intake.copies(paths)
    results = [_copy(path, copies[path], archive) for path in copies]
    if progress and results:
        progress(len(results))
    originals = [p for p in paths if p not in copies]
    with _pool(ctx, jobs, len(originals)) as pool:
        checked, pool_ok = _process_all(ctx, originals, archive, pool, jobs, progress)
        results = set_aside_copies(results + checked)
        results.sort(key=lambda r: (r.name, r.sha256))
        used = choose(results)
        for r in results:
            if r.verdict == "accepted" and any(f.severity == "error" for f in r.findings):
                r.verdict = ACCEPTED_WITH_ERRORS
        tables = consolidate(ctx, used)
        missing = sorted(set(ctx.assignments) - set(used))
        summary = summarise(ctx, results, used, partial(required_inputs, ctx))
        written = write_outputs(ctx, out_dir, results, used, tables, summary,
                                pool if pool_ok else None, jobs, outputs or OutputOptions())
    return AggregateResult(out_dir, written.report, written.ledger, results, tables, missing,
                           [f for r in results for f in r.findings], figures, summary,
                           ctx.deadline, language=plan.meta.language,
                           document_path=written.document, pdf_path=written.pdf,
                           output_problems=written.problems)
