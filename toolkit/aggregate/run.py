"""``toolkit aggregate``: intake, checks, resubmissions, consolidation and every output."""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from pathlib import Path
from typing import Callable

from toolkit.aggregate.checks.across import contradictions
from toolkit.aggregate.consolidate.tables import Tables, consolidate
from toolkit.aggregate.context import PlanContext, make_context
from toolkit.aggregate.intake import bundles
from toolkit.aggregate.intake import files as intake
from toolkit.aggregate.intake.bundles import Member
from toolkit.aggregate.intake.paths import Found, find, refuse_outdir_above
from toolkit.aggregate.intake.previous import PreviousFigures, read_previous
from toolkit.aggregate.outputs import outset
from toolkit.aggregate.process import process, required_inputs
from toolkit.aggregate.returned import (
    ACCEPTED_WITH_ERRORS,
    DUPLICATE,
    IGNORED,
    REJECTED,
    SUPERSEDED,
    FileResult,
    Submission,
    archive_name,
    shown,
)
from toolkit.aggregate.workers import WORKER, deferred_signals, executor, pool_for, stoppable
from toolkit.findings import Finding, finding
from toolkit.plan.model import Plan
from toolkit.reporting.periods import Period

REPORT = "report.xlsx"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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


def _work(item, archive: Path) -> FileResult:
    return take_in_and_check(WORKER["ctx"], item, archive)


def take_in_and_check(ctx: PlanContext, item, archive: Path) -> FileResult:
    """Hash and archive one file, then check it (lock files are only accounted for, an
    Outlook message is named as such).

    Args:
        item: A file's path, a ``Found`` path with the link it came through, or a ``Member``
            of a container.
    """
    return _taken_in(item if isinstance(item, (Found, Member)) else Found(item), archive,
                     lambda sub: _check(ctx, sub))


def _check(ctx: PlanContext, sub: Submission) -> FileResult:
    if intake.is_lock_file(sub.path):
        return _special(sub, IGNORED, "WB_006")
    if sub.name.lower().endswith(".msg") and (sub.data or b"").startswith(OLE):
        return _special(sub, REJECTED, "WB_015")
    return process(ctx, sub)


def _taken_in(item: Found | Member, archive: Path,
              then: Callable[[Submission], FileResult]) -> FileResult:
    """Hash and archive one file, then ``then(submission)``; a file that cannot be read is
    refused with WB_013, one whose archive copy cannot be written is marked OUT_002."""
    member = isinstance(item, Member)
    try:
        result = then(intake.take_member(item, archive) if member else
                      intake.take_in(item.path, archive))
    except intake.Unreadable as exc:
        result = FileResult(shown(str(item.path)), "", 0, 0.0)
        result.add("WB_013", detail=str(exc))
    except intake.ArchiveError as exc:
        result = FileResult(exc.sub.name, exc.sub.sha256, exc.sub.size, exc.sub.mtime)
        result.add("OUT_002", reason=exc.reason)
    if member:
        result.parent = item.parent
    else:
        result.link = shown(item.target)
    return result


def _opened(found: Found, archive: Path) -> tuple[FileResult, list[Member]]:
    """A container of returns taken in whole, and the files inside it."""
    inside: list[Member] = []

    def open_up(sub: Submission) -> FileResult:
        try:
            inside.extend(bundles.members(sub.name, bundles.whole(sub), sub.mtime))
        except bundles.BundleError as exc:
            return _special(sub, REJECTED, exc.code, **exc.params)
        return _special(sub, IGNORED, "IN_010", kind=bundles.kind_of(sub.name),
                        count=len(inside))

    return _taken_in(found, archive, open_up), inside


def _isolated(ctx: PlanContext, found: Found | Member, archive: Path) -> FileResult:
    """Check one file in a process of its own, so that a reader that kills its process costs
    that file only."""
    try:
        with executor(ctx, 1) as alone:
            return alone.submit(_work, found, archive).result()
    except BrokenProcessPool:
        return _taken_in(found, archive, _stopped)


def _stopped(sub: Submission) -> FileResult:
    result = FileResult(sub.name, sub.sha256, sub.size, sub.mtime)
    result.add("WB_012", detail="the reading process stopped")
    return result


def _process_all(ctx: PlanContext, paths: list[Found | Member], archive: Path, pool, jobs: int,
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
    """Returns that gave values first, then the latest saved: a copy nothing could be read from
    never supersedes one that was read."""
    return sorted(results, key=lambda r: (bool(r.values), r.saved_at or "", r.mtime, r.name),
                  reverse=True)


def choose(results: list[FileResult]) -> dict[str, FileResult]:
    """The return used per institution: the latest saved of those that gave values; the others
    are superseded."""
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


def _copy(found: Found, original: Path, archive: Path) -> FileResult:
    return _taken_in(found, archive, lambda sub: _special(sub, DUPLICATE, "WB_008",
                                                          original=shown(str(original))))


def _not_taken(found: Found) -> FileResult:
    """A path that is not a file to take in: its finding, and the verdict that follows."""
    result = FileResult(shown(str(found.path)), "", 0, 0.0)
    result.add(found.code, **found.params)
    result.link = shown(found.target)
    if all(f.severity == "warning" for f in result.findings):
        result.verdict = IGNORED
    return result


def set_aside_copies(results: list[FileResult]) -> list[FileResult]:
    """Byte-identical copies of a file: the first by name is used, the others are set aside
    as duplicates."""
    first: dict[str, str] = {}
    out = []
    for r in sorted(results, key=lambda r: (r.sha256, r.name)):
        if r.sha256 in first and r.size and r.verdict != IGNORED:
            link, parent = r.link, r.parent
            r = _special(Submission(Path(r.name), r.name, r.sha256, r.size, r.mtime), DUPLICATE,
                         "WB_008", original=first[r.sha256])
            r.link, r.parent = link, parent
        elif r.verdict != IGNORED:
            first.setdefault(r.sha256, r.name)
        out.append(r)
    return out


def aggregate(plan: Plan, period: Period, returns: list[Path], out_dir: Path,
              jobs: int | None = None, deadline: dt.date | None = None,
              progress: Callable[[int], None] | None = None,
              on_total: Callable[[int], None] | None = None,
              previous: Path | PreviousFigures | None = None,
              outputs=None, history=None) -> AggregateResult:
    """Check every returned file and consolidate the usable ones into the period's outputs.

    Args:
        previous: An earlier consolidation of the plan (its output folder, exports folder or
            indicators.csv, or its figures already read): running totals lower than there are
            flagged with CONS_005.
        outputs: What to write besides the report workbook (``write.OutputOptions``): the T5
            document, its PDF, the correction deadline of the feedback.
        history: The plan's periods in the history store (``history.series.History``): the
            report and the T5 document show their trends up to this period.

    Raises:
        PreviousError: ``previous`` cannot be used; nothing was written.
    """
    figures = previous if previous is None or isinstance(previous, PreviousFigures) else \
        read_previous(previous, plan, period)
    ctx = make_context(plan, period, deadline, figures)
    refuse_outdir_above(returns, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with stoppable(), outset.locked(out_dir) as run:
        staged = outset.OutputSet(out_dir, run)
        staged.begin()
        try:
            result = _run(ctx, returns, staged, jobs or os.cpu_count() or 1, progress,
                          on_total, outputs, history)
            with deferred_signals():
                staged.commit()
        except BaseException as exc:
            replaced = outset.stopped(exc, staged, plan.meta.language)
            if replaced is exc:
                raise
            raise replaced from exc
    result.previous = figures
    return result


def _run(ctx: PlanContext, returns: list[Path], staged: outset.OutputSet, jobs: int,
         progress, on_total, outputs, history=None) -> AggregateResult:
    """Take in and check every file, write the ledger, then every other output, into the
    staging folder."""
    from toolkit.aggregate.consolidate.summary import summarise
    from toolkit.aggregate.outputs.exports import write_ledger
    from toolkit.aggregate.outputs.write import OutputOptions, ledger_entries, write_outputs

    out_dir = staged.out_dir
    archive = out_dir / "archive"
    archive.mkdir(exist_ok=True)
    intake.clear_parts(archive)
    found = find(returns, out_dir)
    files = [f for f in found if not f.code]
    if on_total:
        on_total(len(found))
    results = [_not_taken(f) for f in found if f.code]
    # Copies are only taken in: a file sent twice is checked once.
    copies = intake.copies([f.path for f in files])
    results += [_copy(f, copies[f.path], archive) for f in files if f.path in copies]
    if progress and results:
        progress(len(results))
    originals = [f for f in files if f.path not in copies]
    for found in [f for f in originals if bundles.is_bundle(f.path.name)]:
        result, inside = _opened(found, archive)
        results.append(result)
        originals.remove(found)
        originals += inside
    with pool_for(ctx, jobs, len(originals)) as pool:
        checked, pool_ok = _process_all(ctx, originals, archive, pool, jobs, progress)
        results = set_aside_copies(results + checked)
        results.sort(key=lambda r: (r.name, r.sha256))
        used = choose(results)
        for inst, item in contradictions(ctx.plan, used):
            used[inst].add(item.code, item.sheet, item.cell, **item.params)
        for r in results:
            if r.verdict == "accepted" and any(f.severity == "error" for f in r.findings):
                r.verdict = ACCEPTED_WITH_ERRORS
        write_ledger(staged.folder, ledger_entries(results))
        staged.ledger_written = True
        _refuse_unarchived(results, archive)
        tables = consolidate(ctx, used)
        missing = sorted(set(ctx.assignments) - set(used))
        summary = summarise(ctx, results, used, partial(required_inputs, ctx))
        written = write_outputs(ctx, staged.folder, results, used, tables, summary,
                                pool if pool_ok else None, jobs, outputs or OutputOptions(),
                                history)
    return AggregateResult(out_dir, out_dir / REPORT, out_dir / "ledger.csv", results, tables,
                           missing, [f for r in results for f in r.findings], None, summary,
                           ctx.deadline, language=ctx.language,
                           document_path=_placed(written.document, staged),
                           pdf_path=_placed(written.pdf, staged), output_problems=written.problems)


def _placed(path: Path | None, staged: outset.OutputSet) -> Path | None:
    """Where an output written in the staging folder is once the set is in place."""
    return None if path is None else staged.out_dir / path.relative_to(staged.folder)


def _refuse_unarchived(results: list[FileResult], archive: Path) -> None:
    """Stop, once the ledger is written, when a file's archive copy could not be written.

    Raises:
        outset.WriteFailed: naming the first such copy.
    """
    for r in results:
        for f in r.findings:
            if f.code == "OUT_002":
                sub = Submission(Path(r.name), r.name, r.sha256, r.size, r.mtime)
                raise outset.WriteFailed(archive / archive_name(sub), f.param("reason"))
