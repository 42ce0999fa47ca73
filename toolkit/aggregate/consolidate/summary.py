"""Figures about the returns of a period: received, on time, missing, rejected, completeness."""

from __future__ import annotations

from toolkit.aggregate.returned import REJECTED
from toolkit.findings import severity_counts


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
