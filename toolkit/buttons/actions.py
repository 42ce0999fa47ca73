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
from toolkit.findings import finding, has_errors, summary

CHECK_PLAN, GENERATE, CONSOLIDATE = "Check plan", "Generate workbooks", "Consolidate returns"
OPEN_REPORT, CHECK_RETURN = "Open report", "Check this returned workbook"
_STATUS_BY_EXIT = {0: OK, 1: PROBLEMS}


def _check_plan(book: BookAdapter) -> Outcome:
    path = plan_file(book)
    plan, findings = load_plan(book, path, stop_on_errors=False)
    if has_errors(findings):
        return Outcome(PROBLEMS, f"{path.name}: {summary(findings)}. Correct the cells listed on "
                                 "the Findings sheet, then click Check plan again.", findings)
    return Outcome(OK, f"{path.name}: plan {plan.meta.code} version {plan.meta.version} is ready "
                       f"({len(plan.activities)} activities, {len(plan.indicators)} indicators, "
                       f"{len(plan.institutions)} institutions); {summary(findings)}.", findings)


def run_check_plan(book: BookAdapter, **options) -> Outcome:
    """Check the plan named in the settings and list its findings."""
    return run(book, CHECK_PLAN, _check_plan, **options)


def _write_workbooks(plan, chosen, out_dir: Path):
    """Generate, turning an output that cannot be written into a finding on that file."""
    from toolkit.generate import workbooks as G

    password, fixed = G.sheet_password()
    try:
        written = G.generate(plan, chosen, out_dir, None, None, password)
        if not fixed:
            (out_dir / G.PASSWORD_FILE).write_text(password + "\n", encoding="utf-8")
    except PermissionError as exc:
        target = exc.filename or out_dir
        raise Stop(finding("BTN_008", target, reason=exc.strerror or str(exc))) from exc
    except OSError as exc:
        raise Stop(finding("BTN_005", out_dir, label="output folder", value=f'"{out_dir}"',
                           reason=exc.strerror or str(exc))) from exc
    return written, fixed, out_dir / G.PASSWORD_FILE


def _generate(book: BookAdapter) -> Outcome:
    path = plan_file(book)
    output = folder(book, "nap_output_folder", writable=True)
    plan, findings = load_plan(book, path)
    chosen = period(book, plan)
    out_dir = output / chosen.code
    written, fixed, password_file = _write_workbooks(plan, chosen, out_dir)
    where = "chosen in NAP_SHEET_PASSWORD" if fixed else f"kept in {password_file}"
    return Outcome(OK, f"Wrote {len(written)} workbook(s) for {chosen.code} to {out_dir}. Sheets "
                       f"are protected with the password {where}.", findings,
                   {"written": written, "out_dir": out_dir})


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
            except PermissionError as exc:
                raise Stop(finding("BTN_008", exc.filename or out_dir,
                                   reason=exc.strerror or str(exc))) from exc

        result, skipped = _comparing(consolidate, previous)
        findings = ([skipped] if skipped else []) + list(result.findings)
        status = _STATUS_BY_EXIT.get(result.exit_code, STOPPED)
        if status == STOPPED:
            text = f"No report for {chosen.code}: {summary(result.findings)}."
        else:
            text = (f"Consolidated {len(files)} returned workbook(s) for {chosen.code} into "
                    f"{result.report_path}; {summary(result.findings)}.")
            if getattr(result, "previous", None) is not None:
                text += f" {result.previous.compared}"
            elif skipped:
                text += (" Running totals were not compared with the previous period: its "
                         f"report cannot be used ({skipped.code}, first on the Findings sheet).")
        return Outcome(status, text, findings, {"result": result})
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
    return Outcome(OK, f"Opened {report}.", None, {"report": report})


def run_open_report(book: BookAdapter, **options) -> Outcome:
    """Open the latest consolidated report of the period in Excel."""
    return run(book, OPEN_REPORT, _open_report, **options)


def _returned_workbook(book: BookAdapter) -> Path:
    active = book.active_workbook_path()
    if active is None:
        raise Stop(finding("BTN_011", book.name, value='""', reason="not saved yet"))
    if active.name == book.name:
        raise Stop(finding("BTN_011", book.name, value=f'"{active.name}"',
                           reason="this control panel, not a returned workbook"))
    if not active.is_file():
        raise Stop(finding("BTN_011", book.name, value=f'"{active}"',
                           reason="not a file on this computer"))
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
        return Outcome(status, f"{returned.name}: {summary(findings)} for {chosen.code}. See the "
                               "Findings sheet; each cell is a link.", findings)
    return body


def run_check_this_workbook(book: BookAdapter, tools=None, **options) -> Outcome:
    """Check the active (returned) workbook against the plan and period of the settings.

    Args:
        book: The calling workbook.
        tools: As for :func:`run_consolidate_returns`.
        **options: Passed to :func:`toolkit.buttons.steps.run`.
    """
    return run(book, CHECK_RETURN, _return_checker(tools), **options)
