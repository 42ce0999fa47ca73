"""Writes every output of a consolidation: the ledger's rows, the report, the exports and the
feedback workbooks, spreading the work over the run's process pool when there is one."""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.aggregate.consolidate.report_model import build_report
from toolkit.aggregate.consolidate.tables import finding_rows
from toolkit.aggregate.outputs import exports as outputs
from toolkit.aggregate.outputs.feedback import Feedback, feedback_for, write_feedback
from toolkit.aggregate.outputs.pdf import PdfError, to_pdf
from toolkit.aggregate.outputs.report import ReportWriter
from toolkit.aggregate.returned import Submission, archive_name
from toolkit.declarations.reporting import declarations, export_columns
from toolkit.reporting.layout import file_name
from toolkit.timestamps import generated_time, utc_from_timestamp


@dataclass
class Written:
    """The outputs of a consolidation, and what could not be made."""

    report: Path
    document: Path | None = None
    pdf: Path | None = None
    problems: list = field(default_factory=list)
    """Findings about outputs that could not be made (the PDF)."""


def ledger_entries(results) -> list[dict]:
    """The ledger's rows: every file given or found, with its verdict and reasons."""
    entries = []
    for r in results:
        sub = Submission(Path(r.name), r.name, r.sha256, r.size, r.mtime)
        read = bool(r.sha256)  # a file that could not be read has no hash and no copy
        entries.append({"name": r.name, "sha256": r.sha256, "size": r.size,
                        "modified": utc_from_timestamp(r.mtime).isoformat(
                            timespec="seconds") + "Z" if read else "",
                        "institution": r.institution or "", "verdict": r.verdict,
                        "archived_as": f"archive/{archive_name(sub)}" if read else "",
                        "reasons": " | ".join(f"{f.code} {f.sheet}!{f.cell}".replace(" !", " ")
                                              .rstrip("!") for f in r.findings),
                        "link_target": r.link, "received_in": r.parent})
    return entries


def write_exports(exports: Path, tables: dict[str, tuple[list[str], list[dict]]]) -> None:
    """The tidy exports: one CSV (and Parquet, when pyarrow is there) per table."""
    exports.mkdir(exist_ok=True)
    for name, (columns, rows) in tables.items():
        outputs.write_table(exports / name, columns, rows)


def write_feedbacks(plan, period, text: dict[str, str], deadline,
                    items: list[tuple[Path, Feedback]]) -> None:
    """Feedback workbooks: (path, what to tell the institution) each."""
    for path, item in items:
        write_feedback(path, text, plan, period, item, deadline)


def correction_deadline(options: OutputOptions, today: dt.date) -> dt.date:
    """The date corrections are asked by: the one given, else today plus the declared days."""
    if options.correction_deadline is not None:
        return options.correction_deadline
    days = int(declarations().get("feedback", {}).get("correction_days", 14))
    return today + dt.timedelta(days=days)


@dataclass(frozen=True)
class OutputOptions:
    """What a consolidation writes besides the report workbook and the ledger."""

    document: bool = True
    """Write the T5 document, ``report.docx``."""
    pdf: bool = False
    """Also make ``report.pdf`` from it with LibreOffice."""
    correction_deadline: dt.date | None = None
    """The date the feedback asks corrections by (default: the run's date plus the declared
    number of days)."""
    review: object = None
    """The decision log of the coordination body's last review, which the report cites
    (``history.review.DecisionLog``, from the history store); None without one."""


def write_document(path: Path, model, pdf: bool = False) -> tuple[Path, Path | None]:
    """``report.docx`` (and ``report.pdf`` when asked) from the report model.

    Raises:
        PdfError: the PDF could not be made; the document is written.
    """
    from toolkit.aggregate.outputs.charts import report_charts
    from toolkit.aggregate.outputs.report_docx import DocxWriter

    DocxWriter(path, model, report_charts(model)).write()
    return path, (to_pdf(path) if pdf else None)


def _with_this_period(ctx, out_dir: Path, tables, summary: dict, history):
    """The history with this consolidation as it will be recorded; None without a store, or
    when the store holds no earlier period (one period makes no trend)."""
    if history is None:
        return None
    from toolkit.history.records import from_tables
    from toolkit.history.series import as_recorded

    found = as_recorded(history, from_tables(ctx.plan, ctx.period, ctx.deadline, tables,
                                             summary, str(out_dir), ""))
    return found if len(found.periods) > 1 else None


def submit(pool, fn, *args):
    """``pool.submit(fn, *args)``, with the arguments pickled here and now. The pool would pickle
    them later, in a thread of its own, while this process goes on building the report and
    filling the caches of the very objects being pickled."""
    return pool.submit(_call_pickled, pickle.dumps((fn, args), pickle.HIGHEST_PROTOCOL))


def _call_pickled(blob: bytes):
    fn, args = pickle.loads(blob)
    return fn(*args)


def write_outputs(ctx, out_dir: Path, results, used: dict, tables, summary: dict, pool=None,
                  workers: int = 1, options: OutputOptions = OutputOptions(),
                  history=None) -> Written:
    """report.xlsx, report.docx, exports/ and feedback/ (the ledger is written before); with
    the plan's ``history`` from the store holding an earlier period, the report's trends up
    to this period.

    With a process pool (of ``workers`` processes), the exports, the T5 document and the
    feedback workbooks are written by its workers while this process writes the report.
    """
    findings = finding_rows(summary["issues"])
    exports = {name: (list(export_columns(name)), rows) for name, rows in (
        ("activities", tables.activities), ("indicators", tables.indicators),
        ("statistics", tables.statistics), ("narrative", tables.narrative),
        ("recommendations", tables.recommendations), ("observations", tables.observations),
        ("submissions", [{"plan": ctx.plan.meta.code, "period": ctx.period.code, **row}
                         for row in summary["submissions"]]),
        ("findings", findings))}
    feedback = out_dir / "feedback"
    feedback.mkdir(exist_ok=True)
    names = {file_name(ctx.plan, ctx.period, code): code for code in ctx.assignments}
    items = [(feedback / f"{ctx.plan.meta.code}_{ctx.period.code}_{item.institution}"
                         "_feedback.xlsx", item) for item in feedback_for(results, used, names)]
    created = generated_time()
    due = correction_deadline(options, created.date())
    pending = []
    if pool is None:
        write_exports(out_dir / "exports", exports)
        write_feedbacks(ctx.plan, ctx.period, ctx.text, due, items)
    else:
        pending.append(submit(pool, write_exports, out_dir / "exports", exports))
        workers = max(1, workers)
        for n in range(workers):
            if items[n::workers]:
                pending.append(submit(pool, write_feedbacks, ctx.plan, ctx.period, ctx.text,
                                           due, items[n::workers]))
    report = out_dir / "report.xlsx"
    model = build_report(ctx, tables, summary, created, options.review, _with_this_period(
        ctx, out_dir, tables, summary, history))
    document = None
    if options.document:
        args = (out_dir / "report.docx", model, options.pdf)
        document = submit(pool, write_document, *args) if pool is not None else None
    ReportWriter(report, model, created, model.identity["previous"]).write()
    for job in pending:
        job.result()
    written = Written(report)
    if options.document:
        try:
            written.document, written.pdf = (document.result() if document is not None
                                             else write_document(*args))
        except PdfError as exc:
            written.document, written.problems = args[0], [exc.finding]
    return written
