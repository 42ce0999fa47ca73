"""Figures about the returns of a period, and the writing of every output of a consolidation."""

from __future__ import annotations

from pathlib import Path

from toolkit.aggregate import intake, outputs
from toolkit.aggregate.context import Submission
from toolkit.aggregate.process import REJECTED
from toolkit.findings import severity_counts
from toolkit.aggregate.report import (ACTIVITY_COLUMNS, INDICATOR_COLUMNS, NARRATIVE_COLUMNS,
                                     ReportWriter)
from toolkit.reporting.generate import generated_time

STATISTICS_COLUMNS = ["plan", "period", "table", "row", "column", "institution", "value",
                      "source_note", "definition_note", "file_sha256", "sheet", "cell"]
FINDING_COLUMNS = ["file", "institution", "sheet", "cell", "code", "severity", "message",
                   "what_to_do"]


def _counts(result) -> tuple[int, int]:
    return severity_counts(result.findings)


def summarise(ctx, results, used: dict, missing: list[str]) -> dict:
    """The figures of the Overview and the rows of the Submissions sheet."""
    rows = []
    for code in ctx.assignments:
        inst = ctx.plan.institution(code)
        r = used.get(code)
        row = {"institution": code, "name": inst.name, "expected": "yes",
               "state": "received" if r else "missing"}
        if r:
            errors, warnings = _counts(r)
            row.update(file=r.name, verdict=r.verdict, saved_at=r.saved_at,
                       timeliness="late" if r.late else "on time", errors=errors,
                       warnings=warnings, filled=r.filled, required=r.required)
        rows.append(row)
    for r in results:
        if r.institution in used and used[r.institution] is r:
            continue
        errors, warnings = _counts(r)
        rows.append({"institution": r.institution or "", "name": "", "expected": "",
                     "state": "", "file": r.name, "verdict": r.verdict,
                     "saved_at": r.saved_at, "errors": errors, "warnings": warnings})
    filled = sum(r.filled for r in used.values())
    required = sum(r.required for r in used.values())
    return {"expected": len(ctx.assignments), "received": len(used),
            "on_time": sum(1 for r in used.values() if not r.late),
            "late": sum(1 for r in used.values() if r.late), "missing": len(missing),
            "rejected": sum(1 for r in results if r.verdict == REJECTED),
            "completeness": filled / required if required else "",
            "submissions": rows,
            "issues": [(r.institution or "", f) for r in results for f in r.findings]}


def _ledger_entries(results) -> list[dict]:
    import datetime as dt

    entries = []
    for r in results:
        sub = Submission(Path(r.name), r.name, r.sha256, r.size, r.mtime)
        read = bool(r.sha256)  # a file that could not be read has no hash and no copy
        entries.append({"name": r.name, "sha256": r.sha256, "size": r.size,
                        "modified": dt.datetime.utcfromtimestamp(r.mtime).isoformat(
                            timespec="seconds") + "Z" if read else "",
                        "institution": r.institution or "", "verdict": r.verdict,
                        "archived_as": f"archive/{intake.archive_name(sub)}" if read else "",
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
        outputs.write_feedback(path, plan, period, code, group, deadline)


def write_outputs(ctx, out_dir: Path, results, used: dict, tables, summary: dict, pool=None,
                  workers: int = 1):
    """report.xlsx, exports/, feedback/ and the ledger; returns (report path, ledger path).

    With a process pool (of ``workers`` processes), the exports and the feedback workbooks are
    written by its workers while this process writes the report and the ledger.
    """
    findings = [{"file": f.file, "institution": inst, "sheet": f.sheet, "cell": f.cell,
                 "code": f.code, "severity": f.severity, "message": f.message,
                 "what_to_do": f.hint} for inst, f in summary["issues"]]
    exports = {"activities": (ACTIVITY_COLUMNS, tables.activities),
               "indicators": (INDICATOR_COLUMNS, tables.indicators),
               "statistics": (STATISTICS_COLUMNS, tables.statistics),
               "narrative": (NARRATIVE_COLUMNS, tables.narrative),
               "findings": (FINDING_COLUMNS, findings)}
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
