"""Figures about the returns of a period, and the writing of every output of a consolidation."""

from __future__ import annotations

from pathlib import Path

from toolkit.aggregate import intake, outputs
from toolkit.aggregate.context import Submission
from toolkit.aggregate.process import REJECTED
from toolkit.aggregate.report import (ACTIVITY_COLUMNS, INDICATOR_COLUMNS, NARRATIVE_COLUMNS,
                                     ReportWriter)
from toolkit.reporting.generate import generated_time

STATISTICS_COLUMNS = ["period", "table", "row", "column", "institution", "value",
                      "source_note", "definition_note", "file_sha256", "sheet", "cell"]
FINDING_COLUMNS = ["file", "institution", "sheet", "cell", "code", "severity", "message",
                   "what_to_do"]


def _counts(result) -> tuple[int, int]:
    errors = sum(1 for f in result.findings if f.severity == "error")
    return errors, len(result.findings) - errors


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
        entries.append({"name": r.name, "sha256": r.sha256, "size": r.size,
                        "modified": dt.datetime.utcfromtimestamp(r.mtime).isoformat(
                            timespec="seconds") + "Z",
                        "institution": r.institution or "", "verdict": r.verdict,
                        "archived_as": f"archive/{intake.archive_name(sub)}",
                        "reasons": " | ".join(f"{f.code} {f.sheet}!{f.cell}".replace(" !", " ")
                                              .rstrip("!") for f in r.findings)})
    return entries


def write_outputs(ctx, out_dir: Path, results, used: dict, tables, summary: dict):
    """report.xlsx, exports/, feedback/ and the ledger; returns (report path, ledger path)."""
    report = out_dir / "report.xlsx"
    ReportWriter(report, ctx, tables, results, summary, generated_time()).write()
    exports = out_dir / "exports"
    exports.mkdir(exist_ok=True)
    findings = [{"file": f.file, "institution": inst, "sheet": f.sheet, "cell": f.cell,
                 "code": f.code, "severity": f.severity, "message": f.message,
                 "what_to_do": f.hint} for inst, f in summary["issues"]]
    for name, columns, rows in (("activities", ACTIVITY_COLUMNS, tables.activities),
                                ("indicators", INDICATOR_COLUMNS, tables.indicators),
                                ("statistics", STATISTICS_COLUMNS, tables.statistics),
                                ("narrative", NARRATIVE_COLUMNS, tables.narrative),
                                ("findings", FINDING_COLUMNS, findings)):
        outputs.write_csv(exports / f"{name}.csv", columns, rows)
        outputs.write_parquet(exports / f"{name}.parquet", columns, rows)
    feedback = out_dir / "feedback"
    feedback.mkdir(exist_ok=True)
    by_inst: dict[str, list] = {}
    for r in results:
        if r.institution and r.findings:
            by_inst.setdefault(r.institution, []).append(r)
    for code, group in sorted(by_inst.items()):
        name = f"{ctx.plan.meta.code}_{ctx.period.code}_{code}_feedback.xlsx"
        outputs.write_feedback(feedback / name, ctx.plan, ctx.period, code, group, ctx.deadline)
    ledger = outputs.write_ledger(out_dir, _ledger_entries(results))
    return report, ledger
