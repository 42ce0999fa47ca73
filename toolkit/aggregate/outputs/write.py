"""Writes every output of a consolidation: the report, the exports, the feedback workbooks
and the ledger, spreading the work over the run's process pool when there is one."""

from __future__ import annotations

from pathlib import Path

from toolkit.aggregate.consolidate.tables import finding_rows
from toolkit.aggregate.outputs import exports as outputs
from toolkit.aggregate.outputs.feedback import write_feedback
from toolkit.aggregate.outputs.report import ReportWriter
from toolkit.aggregate.returned import Submission, archive_name
from toolkit.declarations.reporting import export_columns
from toolkit.timestamps import generated_time, utc_from_timestamp


def _ledger_entries(results) -> list[dict]:
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
                                              .rstrip("!") for f in r.findings)})
    return entries


def write_exports(exports: Path, tables: dict[str, tuple[list[str], list[dict]]]) -> None:
    """The tidy exports: one CSV (and Parquet, when pyarrow is there) per table."""
    exports.mkdir(exist_ok=True)
    for name, (columns, rows) in tables.items():
        outputs.write_table(exports / name, columns, rows)


def write_feedbacks(plan, period, deadline, items: list[tuple[Path, str, list]]) -> None:
    """Feedback workbooks: (path, institution, its results) each."""
    for path, code, group in items:
        write_feedback(path, plan, period, code, group, deadline)


def write_outputs(ctx, out_dir: Path, results, used: dict, tables, summary: dict, pool=None,
                  workers: int = 1):
    """report.xlsx, exports/, feedback/ and the ledger; returns (report path, ledger path).

    With a process pool (of ``workers`` processes), the exports and the feedback workbooks are
    written by its workers while this process writes the report and the ledger.
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
    by_inst: dict[str, list] = {}
    for r in results:
        if r.institution and r.findings:
            by_inst.setdefault(r.institution, []).append(r)
    items = [(feedback / f"{ctx.plan.meta.code}_{ctx.period.code}_{code}_feedback.xlsx", code,
              group) for code, group in sorted(by_inst.items())]
    pending = []
    if pool is None:
        write_exports(out_dir / "exports", exports)
        write_feedbacks(ctx.plan, ctx.period, ctx.deadline, items)
    else:
        pending.append(pool.submit(write_exports, out_dir / "exports", exports))
        workers = max(1, workers)
        for n in range(workers):
            if items[n::workers]:
                pending.append(pool.submit(write_feedbacks, ctx.plan, ctx.period,
                                           ctx.deadline, items[n::workers]))
    report = out_dir / "report.xlsx"
    ReportWriter(report, ctx, tables, results, summary, generated_time()).write()
    ledger = outputs.write_ledger(out_dir, _ledger_entries(results))
    for job in pending:
        job.result()
    return report, ledger
