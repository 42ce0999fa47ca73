"""What each step of checking one file costs, next to the floor: ``python -m bench.stages``.

``python -m bench.stages [institutions] [--repeat N]`` (1,000 by default) times, in one
process and without a profiler, each step ``toolkit aggregate`` takes for every return of the
cached corpus, one step at a time over all the files, and the calamine floor on the same files
in the same run. Each figure is the fastest of ``--repeat`` passes. It then runs ``toolkit
aggregate`` with every core and splits its wall time into the files and the rest (start,
consolidation, report, exports, feedback, ledger).

From these it derives the shortest wall time the aggregator could take on this machine's
cores if its per-file steps were spread perfectly: the per-file total divided by the cores,
plus the rest as measured. That bound, set against two times the floor,
tells how much of the per-file work must go for ``toolkit aggregate`` to stay within it.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path


def _best(repeat: int, run, out: Path) -> float:
    """The fastest of ``repeat`` timings of ``run()``, given a fresh folder in ``out``."""
    best = float("inf")
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(dir=out) as tmp:
            gc.collect()
            start = time.perf_counter()
            run(Path(tmp))
            best = min(best, time.perf_counter() - start)
    return best


def measure(n: int, repeat: int, cache: Path | None = None, activities: int = 300,
            indicators: int = 400) -> dict:
    """Seconds per step over the whole corpus of ``n`` institutions (built or taken from
    ``cache``), and the number of files."""
    import python_calamine

    from bench.corpus import CACHE, build_corpus
    from toolkit.aggregate.checks.identify import identify
    from toolkit.aggregate.context import make_context
    from toolkit.aggregate.intake import container as C
    from toolkit.aggregate.intake import files as intake
    from toolkit.aggregate.intake import guards
    from toolkit.aggregate.intake.sheetdata import read_sheets
    from toolkit.aggregate.process import _read_workbook

    corpus = build_corpus(n, cache or CACHE, log=lambda *_: None, n_activities=activities,
                          n_indicators=indicators)
    files = corpus.returns
    datas = [p.read_bytes() for p in files]
    ctx = make_context(corpus.plan, corpus.period)
    opened = [C.open_container(p, data=d) for p, d in zip(files, datas)]
    values = [read_sheets(p, {s.name: ctx.last_row for s in c.sheets}, data=d)
              for p, c, d in zip(files, opened, datas)]
    found = [identify(ctx, c, v, ctx.first_row).institution for c, v in zip(opened, values)]

    def floor(_tmp):
        for path in files:
            book = python_calamine.CalamineWorkbook.from_path(str(path))
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python()
            book.close()

    def take_in(tmp):
        for path in files:
            intake.take_in(path, tmp)

    def unpack(_tmp):
        for data in datas:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                C.check_sizes(zf)
                guards.unpack_parts(data, zf, C.MAX_ENTRY_BYTES)

    def container(_tmp):
        for path, data in zip(files, datas):
            C.open_container(path, data=data)

    def read_values(_tmp):
        for path, c, data in zip(files, opened, datas):
            read_sheets(path, {s.name: ctx.last_row for s in c.sheets}, data=data)

    def layouts(_tmp):
        fresh = make_context(corpus.plan, corpus.period)
        for code in found:
            fresh.layout(code)

    for code in found:  # the checks are timed with every layout built
        ctx.layout(code)

    def checks(_tmp):
        for c, v in zip(opened, values):
            code = identify(ctx, c, v, ctx.first_row).institution
            _read_workbook(ctx, code, c, v, [])

    steps = {"floor": floor, "intake": take_in, "unpack": unpack, "container": container,
             "values": read_values, "layouts": layouts, "checks": checks}
    out = Path(cache or CACHE) / "outputs"  # where python -m bench writes them too
    out.mkdir(parents=True, exist_ok=True)
    found = {"files": len(files), **{k: _best(repeat, f, out) for k, f in steps.items()}}
    found["whole"], found["files_phase"] = _run_with_all_cores(corpus, repeat, out)
    return found


def _run_with_all_cores(corpus, repeat: int, out: Path) -> tuple[float, float]:
    """``toolkit aggregate`` with the default processes: its wall time, and how long of it the
    files took (from the first file taken in to the last result back); the fastest run."""
    from toolkit.aggregate import run

    real, spent = run._process_all, []

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - start)

    best = (float("inf"), 0.0)
    run._process_all = timed
    try:
        for _ in range(repeat):
            with tempfile.TemporaryDirectory(dir=out) as tmp:
                gc.collect()
                start = time.perf_counter()
                run.aggregate(corpus.plan, corpus.period, corpus.returns, Path(tmp) / "out")
                best = min(best, (time.perf_counter() - start, spent[-1]))
    finally:
        run._process_all = real
    return best


def table(m: dict, cores: int) -> str:
    """The per-file steps as milliseconds and as multiples of the floor, and the bound."""
    files, floor = m["files"], m["floor"]
    per_file = {
        "intake: read, hash, archive copy": m["intake"],
        "container: bounded unpacking of every part": m["unpack"],
        "container: workbook, properties, sheet scan": m["container"] - m["unpack"],
        "values: python-calamine, bounded rows": m["values"],
        "layouts: one per institution": m["layouts"],
        "checks: identification, structure, inputs": m["checks"],
    }
    total = sum(per_file.values())
    # what a run with every core spends outside the files: start, consolidation, outputs
    once = m["whole"] - m["files_phase"]
    lines = [f"{files} returns, one process; floor (calamine, every cell): "
             f"{1000 * floor / files:.3f} ms a file",
             "", f"{'step':<46} {'ms a file':>9} {'x floor':>8}"]
    for name, seconds in per_file.items():
        lines.append(f"{name:<46} {1000 * seconds / files:9.3f} {seconds / floor:8.2f}")
    lines += [f"{'all per-file steps':<46} {1000 * total / files:9.3f} {total / floor:8.2f}",
              "",
              f"toolkit aggregate on {cores} cores: {m['whole']:.2f} s = "
              f"{m['whole'] / floor:.2f} x floor; the files {m['files_phase']:.2f} s, the rest "
              f"(start, consolidation, outputs) {once:.2f} s = {once / floor:.2f} x floor",
              f"shortest wall time with the per-file steps spread perfectly over {cores} cores "
              f"and that rest: {total / cores + once:.2f} s = "
              f"{(total / cores + once) / floor:.2f} x floor (the per-file steps alone: "
              f"{total / cores / floor:.2f} x floor)"]
    budget = 2 * floor - once
    need = budget * cores / files
    lines.append(f"to stay within 2.0 x floor the per-file steps may take at most "
                 f"{1000 * need:.3f} ms a file ({1000 * total / files:.3f} now)")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stages", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("institutions", nargs="?", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(table(measure(args.institutions, args.repeat), os.cpu_count() or 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
