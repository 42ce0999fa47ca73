"""Figures about the returns of a period: received, on time, missing, rejected, completeness,
counted over every expected return (docs/indicators.md §8)."""

from __future__ import annotations

from toolkit.aggregate.returned import REJECTED
from toolkit.findings import severity_counts


def _counts(result) -> tuple[int, int]:
    return severity_counts(result.findings)


def _file_columns(r) -> dict:
    errors, warnings = _counts(r)
    return {"file": r.name, "verdict": r.verdict, "saved_at": r.saved_at, "errors": errors,
            "warnings": warnings}


def _expected_row(ctx, code: str, used, rejected: list, required) -> dict:
    """The row of one expected institution: its return in use; else its rejected file, with
    why; else missing. A return not in use counts with none of its required inputs filled."""
    row = {"institution": code, "name": ctx.plan.institution(code).name, "expected": "yes"}
    if used is not None:
        return {**row, "state": "received", **_file_columns(used),
                "timeliness": "late" if used.late else "on time", "filled": used.filled,
                "required": used.required}
    row.update(state="missing", filled=0, required=required(code))
    if rejected:
        reason = next((f for f in rejected[0].findings if f.severity == "error"), None)
        row.update(state="rejected", reason=reason, **_file_columns(rejected[0]))
    return row


def summarise(ctx, results, used: dict, required=None) -> dict:
    """The figures of the Overview and the rows of the Submissions sheet.

    Args:
        required: ``required(institution)``, the required inputs of an institution's workbook
            as generated (``process.required_inputs``), for a return not in use.
    """
    required = required or (lambda code: 0)
    rejected: dict[str, list] = {}
    for r in results:
        if r.verdict == REJECTED and r.institution in ctx.assignments and \
                r.institution not in used:
            rejected.setdefault(r.institution, []).append(r)
    rows = [_expected_row(ctx, code, used.get(code), rejected.get(code, []), required)
            for code in ctx.assignments]
    shown = {id(used[c]) for c in used} | {id(rs[0]) for rs in rejected.values()}
    rows += [{"institution": r.institution or "", "name": "", "expected": "", "state": "",
              **_file_columns(r)} for r in results if id(r) not in shown]
    expected = [r for r in rows if r["expected"]]
    filled = sum(r["filled"] for r in expected)
    needed = sum(r["required"] for r in expected)
    return {"expected": len(ctx.assignments), "received": len(used),
            "on_time": sum(1 for r in used.values() if not r.late),
            "late": sum(1 for r in used.values() if r.late),
            "missing": sum(1 for r in expected if r["state"] == "missing"),
            "rejected": sum(1 for r in results if r.verdict == REJECTED),
            "completeness": filled / needed if needed else "",
            "submissions": rows,
            "issues": [(r.institution or "", f) for r in results for f in r.findings]}
