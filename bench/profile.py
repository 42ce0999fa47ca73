"""Where ``toolkit aggregate`` spends its time: ``python -m bench.profile [institutions]``.

Runs the aggregation of a cached corpus (400 institutions by default) in one process under
cProfile and splits the time into intake (hashing and archiving), parsing (the zip container
and its XML parts, and the cell values with python-calamine), checking (identification,
layouts, structure and inputs), consolidation, and writing (report, exports, feedback,
ledger). Profiling slows Python code down more than native code, so the shares are indicative.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

PARTS = {
    "intake (hash, archive copy)": [("toolkit/aggregate/intake/files.py", "take_in")],
    "parsing: container XML parts": [("toolkit/aggregate/intake/container.py", "open_container")],
    "parsing: cell values (calamine)": [("toolkit/aggregate/intake/sheetdata.py", "read_sheets")],
    "checking: identification": [("toolkit/aggregate/checks/identify.py", "identify"),
                                 ("-", "layouts")],
    "checking: structure and inputs": [("toolkit/aggregate/process.py", "_read_workbook")],
    "layouts (each built where first needed)": [("toolkit/reporting/layout.py",
                                                 "build_layout")],
    "consolidation and summary": [("toolkit/aggregate/consolidate/tables.py", "consolidate"),
                                  ("toolkit/aggregate/consolidate/summary.py", "summarise"),
                                  ("toolkit/aggregate/run.py", "choose")],
    "writing: report.xlsx": [("toolkit/aggregate/outputs/report.py", "write")],
    "writing: exports (CSV, Parquet)": [("toolkit/aggregate/outputs/write.py", "write_exports")],
    "writing: feedback and ledger": [("toolkit/aggregate/outputs/write.py", "write_feedbacks"),
                                     ("toolkit/aggregate/outputs/exports.py", "write_ledger")],
}


def breakdown(stats: pstats.Stats) -> dict[str, float]:
    """Cumulative seconds of each part (functions matched by file and name). A ("-", part)
    entry takes out the time of a part nested in it: identification builds the layout of the
    institution it finds the first time, which is counted as layouts."""
    cumulative = {}
    for part, functions in PARTS.items():
        total = 0.0
        for (path, _line, name), (_cc, _nc, _tt, cum, _callers) in stats.stats.items():
            if any(path.endswith(f) and name == n for f, n in functions):
                total += cum
        cumulative[part] = total
    out = {}
    for part, functions in PARTS.items():
        nested = [n for f, n in functions if f == "-"]
        out[part] = cumulative[part] - sum(v for k, v in cumulative.items()
                                           if any(k.startswith(n) for n in nested))
    return out


def main(argv=None) -> int:
    from bench.corpus import build_corpus
    from toolkit.aggregate.run import aggregate

    argv = sys.argv[1:] if argv is None else argv
    n = int(argv[0]) if argv else 400
    corpus = build_corpus(n)
    profile = cProfile.Profile()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        profile.enable()
        aggregate(corpus.plan, corpus.period, corpus.returns, Path(tmp) / "out", jobs=1)
        profile.disable()
        wall = time.perf_counter() - start
    stats = pstats.Stats(profile)
    parts = breakdown(stats)
    print(f"toolkit aggregate, {len(corpus.returns)} returns, 1 process, under cProfile: "
          f"{wall:.2f} s")
    for part, seconds in parts.items():
        print(f"  {part:<40} {seconds:6.2f} s  {100 * seconds / wall:5.1f} %")
    rest = wall - sum(parts.values())
    print(f"  {'other (imports, set-up)':<40} {rest:6.2f} s  {100 * rest / wall:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
