"""What each Excel button does, as ordinary functions of a :class:`~toolkit.buttons.book.BookAdapter`.

Each ``run_*`` function reads and checks the control panel's settings, calls the same library
functions as the command line, and leaves its trace on the Log and Findings sheets. They run the
same in Excel (through ``toolkit.buttons.excel``) and in tests (through a ``MemoryBook``).
"""

from __future__ import annotations

from pathlib import Path

from toolkit.buttons.book import BookAdapter
from toolkit.buttons.steps import (
    OK,
    PROBLEMS,
    REPORT_DIR,
    STOPPED,
    Outcome,
    Stop,
    consolidation,
    folder,
    load_plan,
    period,
    plan_file,
    run,
)
from toolkit.findings import FindingError, finding, has_errors, summary
from toolkit.language import phrase, say

CHECK_PLAN, GENERATE, CONSOLIDATE = "Check plan", "Generate workbooks", "Consolidate returns"
OPEN_REPORT, CHECK_RETURN = "Open report", "Check this returned workbook"
_STATUS_BY_EXIT = {0: OK, 1: PROBLEMS}


def _check_plan(book: BookAdapter) -> Outcome:
    path = plan_file(book)
    plan, findings = load_plan(book, path, stop_on_errors=False)
    language = plan.meta.language
    if has_errors(findings):
        return Outcome(PROBLEMS, say(language, "button.plan_problems", file=path.name,
                                     summary=summary(findings, language)), findings,
                       language=language)
    return Outcome(OK, say(language, "button.plan_ready", file=path.name, code=plan.meta.code,
                           version=plan.meta.version, activities=len(plan.activities),
                           indicators=len(plan.indicators), institutions=len(plan.institutions),
                           summary=summary(findings, language)), findings, language=language)


def run_check_plan(book: BookAdapter, **options) -> Outcome:
    """Check the plan named in the settings and list its findings."""
    return run(book, CHECK_PLAN, _check_plan, **options)


def _unwritable(error: FindingError, out_dir: Path) -> Stop:
    """The button's own words for an output the commands layer could not write."""
    found = error.finding
    if found.code == "SAVE_003":
        found = finding("BTN_008", found.file, reason=found.param("reason"))
    elif found.code == "SAVE_002":
        found = finding("BTN_005", found.file, label="output folder", value=f'"{out_dir}"',
                        reason=found.param("reason"))
    return Stop(found, None, error.language)


def _generate(book: BookAdapter) -> Outcome:
    from toolkit.commands.generate import write_workbooks

    path = plan_file(book)
    output = folder(book, "nap_output_folder", writable=True)
    plan, findings = load_plan(book, path)
    chosen = period(book, plan)
    out_dir = output / chosen.code
    try:
        done = write_workbooks(plan, chosen, out_dir)
    except FindingError as exc:
        raise _unwritable(exc, out_dir) from exc
    language = done.language
    where = say(language, "button.password_env") if done.password_file is None else \
        say(language, "button.password_file", file=done.password_file)
    return Outcome(OK, say(language, "button.generated", count=len(done.written),
                           period=chosen.code, folder=out_dir, where=where), findings,
                   {"written": done.written, "out_dir": out_dir}, language)


def run_generate_workbooks(book: BookAdapter, **options) -> Outcome:
    """Write the locked reporting workbooks of the period into ``<output folder>/<period>``."""
    return run(book, GENERATE, _generate, **options)


def returned_files(returns: Path) -> list[Path]:
    """The workbooks in the returns folder, without Excel's ``~$`` lock files."""
    return sorted(path for path in returns.iterdir()
                  if path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file()
                  and not path.name.startswith("~$"))


def previous_export(output: Path, plan, chosen) -> Path | None:
    """The indicators export of the period before ``chosen`` in the output folder, if the
    Consolidate returns button (or ``toolkit aggregate``) wrote one there."""
    from toolkit.reporting.periods import previous_period

    meta = plan.meta
    before = previous_period(chosen, meta.frequency, meta.start, meta.end)
    if before is None:
        return None
    export = output / before.code / REPORT_DIR / "exports" / "indicators.csv"
    return export if export.is_file() else None


def _consolidator(tools):
    def body(book: BookAdapter) -> Outcome:
        path = plan_file(book)
        returns = folder(book, "nap_returns_folder")
        output = folder(book, "nap_output_folder", writable=True)
        plan, _ = load_plan(book, path)
        chosen = period(book, plan)
        aggregate = (tools or consolidation()).aggregate
        out_dir = output / chosen.code / REPORT_DIR
        out_dir.mkdir(parents=True, exist_ok=True)
        files = returned_files(returns)
        previous = previous_export(output, plan, chosen)

        def consolidate(**extra):
            try:
                return aggregate(path, chosen.code, files, out_dir, **extra)
            except FindingError as exc:
                if exc.finding.code.startswith("PREV_"):
                    raise
                raise _unwritable(exc, out_dir) from exc

        result, skipped = _comparing(consolidate, previous)
        language = plan.meta.language
        findings = ([skipped] if skipped else []) + list(result.findings)
        status = _STATUS_BY_EXIT.get(result.exit_code, STOPPED)
        counts = summary(result.findings, language)
        if status == STOPPED:
            text = say(language, "button.no_report", period=chosen.code, summary=counts)
        else:
            text = say(language, "button.consolidated", count=len(files), period=chosen.code,
                       report=result.report_path, summary=counts)
            if getattr(result, "previous", None) is not None:
                text += " " + result.previous.compared.render(language)
            elif skipped:
                text += " " + say(language, "button.not_compared", code=skipped.code)
        return Outcome(status, text, findings, {"result": result}, language)
    return body


def _comparing(consolidate, previous: Path | None):
    """The consolidation, compared with the previous period's export when there is one, and
    the finding that explains why it was not, if it could not be. The comparison was not asked
    for, so an export that cannot be used costs the comparison, never the consolidation."""
    if previous is None:
        return consolidate(), None
    from toolkit.aggregate.intake.previous import PreviousError

    try:
        return consolidate(previous=previous), None
    except PreviousError as exc:
        return consolidate(), exc.finding


def run_consolidate_returns(book: BookAdapter, tools=None, **options) -> Outcome:
    """Consolidate the returned workbooks into ``<output folder>/<period>/report``.

    Args:
        book: The calling workbook.
        tools: An object with ``aggregate`` and ``check_return``; by default this version's
            ``toolkit.commands.aggregate``.
        **options: Passed to :func:`toolkit.buttons.steps.run`.
    """
    return run(book, CONSOLIDATE, _consolidator(tools), **options)


def latest_report(report_dir: Path) -> Path | None:
    """The newest report workbook in ``report_dir`` (not the ledger, not a lock file)."""
    if not report_dir.is_dir():
        return None
    candidates = [path for path in returned_files(report_dir) if "ledger" not in path.name]
    return max(candidates, key=lambda p: (p.stat().st_mtime, p.name), default=None)


def _open_report(book: BookAdapter) -> Outcome:
    path = plan_file(book)
    output = folder(book, "nap_output_folder")
    plan, _ = load_plan(book, path, stop_on_errors=False)
    chosen = period(book, plan)
    report_dir = output / chosen.code / REPORT_DIR
    report = latest_report(report_dir)
    if report is None:
        raise Stop(finding("BTN_010", report_dir, period=chosen.code))
    book.open_workbook(report)
    return Outcome(OK, say(plan.meta.language, "button.opened", report=report), None,
                   {"report": report}, plan.meta.language)


def run_open_report(book: BookAdapter, **options) -> Outcome:
    """Open the latest consolidated report of the period in Excel."""
    return run(book, OPEN_REPORT, _open_report, **options)


def _returned_workbook(book: BookAdapter) -> Path:
    active = book.active_workbook_path()
    if active is None:
        raise Stop(finding("BTN_011", book.name, value='""', reason=phrase("button.unsaved")))
    if active.name == book.name:
        raise Stop(finding("BTN_011", book.name, value=f'"{active.name}"',
                           reason=phrase("button.is_the_panel")))
    if not active.is_file():
        raise Stop(finding("BTN_011", book.name, value=f'"{active}"',
                           reason=phrase("button.not_a_file")))
    return active


def _return_checker(tools):
    def body(book: BookAdapter) -> Outcome:
        returned = _returned_workbook(book)
        path = plan_file(book)
        plan, _ = load_plan(book, path)
        chosen = period(book, plan)
        check_return = (tools or consolidation()).check_return
        findings = check_return(path, chosen.code, returned)
        status = PROBLEMS if has_errors(findings) else OK
        language = plan.meta.language
        return Outcome(status, say(language, "button.checked", file=returned.name,
                                   summary=summary(findings, language), period=chosen.code),
                       findings, language=language)
    return body


def run_check_this_workbook(book: BookAdapter, tools=None, **options) -> Outcome:
    """Check the active (returned) workbook against the plan and period of the settings.

    Args:
        book: The calling workbook.
        tools: As for :func:`run_consolidate_returns`.
        **options: Passed to :func:`toolkit.buttons.steps.run`.
    """
    return run(book, CHECK_RETURN, _return_checker(tools), **options)
