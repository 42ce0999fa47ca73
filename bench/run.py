"""The benchmark: ``python -m bench`` (or ``make bench``).

For each corpus size it measures, on the same files and in one run:

- ``toolkit aggregate`` end to end (the library call, output to a temporary folder), with the
  default number of processes and with 1 and 2 processes;
- the floor: python-calamine reading every cell of every sheet of every file and nothing else
  (sequential, one process);
- the naive baseline: ``pandas.read_excel(path, sheet_name=None, engine="openpyxl")`` per file,
  timed on a sample of files and scaled linearly to the whole corpus;

and, once, ``toolkit generate`` against a baseline writing the same cell values with bare
openpyxl (no styles, validation or protection).

Every measured step runs in a fresh child process (spawned, not forked), so its peak resident
memory is its own: the table shows the child's peak and, for steps with worker processes, the
largest worker's peak as well.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
SIZES = (40, 400, 1000)
PANDAS_SAMPLE = 60
GENERATE_SIZE = 40
REPEAT = 3
"""Runs of each aggregate, floor and generate step; the fastest counts (the machine may be
shared, and a slower run measures the neighbours, not the code)."""


# -- measured steps (each runs in a child process) -------------------------------------------
def _corpus(spec: dict):
    from bench.corpus import build_corpus

    return build_corpus(spec["n"], Path(spec["cache"]), n_activities=spec["activities"],
                        n_indicators=spec["indicators"], log=lambda *_: None)


def step_aggregate(spec: dict, jobs: int | None) -> dict:
    """``toolkit aggregate`` of the whole corpus; every return must be accepted."""
    from toolkit.aggregate.run import aggregate

    corpus = _corpus(spec)
    with tempfile.TemporaryDirectory(dir=spec.get("out")) as tmp:
        start = time.perf_counter()
        result = aggregate(corpus.plan, corpus.period, corpus.returns, Path(tmp) / "out",
                           jobs=jobs)
        seconds = time.perf_counter() - start
    verdicts: dict[str, int] = {}
    for r in result.results:
        verdicts[r.verdict] = verdicts.get(r.verdict, 0) + 1
    if verdicts.get("accepted", 0) != len(corpus.returns) or result.missing:
        raise RuntimeError(f"not every return was accepted: {verdicts}, missing "
                           f"{len(result.missing)}")
    return {"seconds": seconds, "files": len(corpus.returns), "verdicts": verdicts,
            "jobs": jobs or os.cpu_count() or 1,
            "rows": len(result.tables.activities) + len(result.tables.indicators)
            + len(result.tables.statistics)}


def step_calamine(spec: dict) -> dict:
    """Every cell of every sheet of every file, read with python-calamine, sequentially."""
    import python_calamine

    corpus = _corpus(spec)
    cells = 0
    start = time.perf_counter()
    for path in corpus.returns:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            for row in book.get_sheet_by_name(name).to_python():
                cells += len(row)
        book.close()
    return {"seconds": time.perf_counter() - start, "files": len(corpus.returns),
            "cells": cells}


def step_pandas(spec: dict, sample: int) -> dict:
    """``pandas.read_excel`` with openpyxl on an evenly spread sample, scaled to the corpus."""
    import pandas as pd

    corpus = _corpus(spec)
    step = max(1, len(corpus.returns) // sample)
    chosen = corpus.returns[::step][:sample]
    start = time.perf_counter()
    for path in chosen:
        pd.read_excel(path, sheet_name=None, engine="openpyxl")
    measured = time.perf_counter() - start
    return {"seconds": measured * len(corpus.returns) / len(chosen), "measured": measured,
            "sampled": len(chosen), "files": len(corpus.returns),
            "scaled": len(chosen) < len(corpus.returns)}


def step_generate(spec: dict) -> dict:
    """``toolkit generate``: every workbook of the period."""
    from bench.corpus import make_plan, period_of
    from toolkit.generate.workbooks import generate

    plan = make_plan(spec["n"], spec["activities"], spec["indicators"])
    period = period_of(plan)
    with tempfile.TemporaryDirectory(dir=spec.get("out")) as tmp:
        start = time.perf_counter()
        written = generate(plan, period, Path(tmp), password="bench")
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "files": len(written)}


def step_openpyxl_write(spec: dict) -> dict:
    """The baseline of generation: the same sheets and cell values (every field of every
    layout, headings' cells left out) written with bare openpyxl, no styles, validation or
    protection. Building the layouts is timed too, as a bare writer needs the values."""
    from openpyxl import Workbook

    from bench.corpus import make_plan, period_of
    from toolkit.plan.identity import content_hash
    from toolkit.reporting.layout import build_layout, default_deadline
    from toolkit.reporting.scope import assignments

    plan = make_plan(spec["n"], spec["activities"], spec["indicators"])
    period = period_of(plan)
    cells = 0
    with tempfile.TemporaryDirectory(dir=spec.get("out")) as tmp:
        start = time.perf_counter()
        due = default_deadline(plan, period)
        plan_hash = content_hash(plan)
        for code, assignment in assignments(plan, period).items():
            layout = build_layout(plan, period, assignment, due, plan_hash=plan_hash)
            wb = Workbook()
            wb.remove(wb.active)
            for sheet in layout.sheets:
                ws = wb.create_sheet(sheet.name)
                for f in sheet.fields:
                    if f.value is None or f.value == "":
                        continue
                    ws.cell(row=f.row, column=f.col + 1, value=f.value)  # "=..." is a formula
                    cells += 1
            wb.save(Path(tmp) / f"{code}.xlsx")
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "cells": cells}


STEPS = {"aggregate": step_aggregate, "calamine": step_calamine, "pandas": step_pandas,
         "generate": step_generate, "openpyxl_write": step_openpyxl_write}


def _child(name: str, args: tuple, queue) -> None:
    # A spawned child inherits "spawn" as its default start method; reset it to the
    # platform's default, so that the step starts its workers as the command line would.
    mp.set_start_method(None, force=True)
    try:
        out = STEPS[name](*args)
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        out.update(peak_rss_mb=own / 1024, worker_peak_rss_mb=workers / 1024)
        queue.put(("ok", out))
    except BaseException as exc:  # reported by the parent
        import traceback

        queue.put(("error", traceback.format_exc()))
        raise SystemExit(1) from exc


def measure(name: str, *args, repeat: int = 1) -> dict:
    """Run one step in a fresh spawned process (``repeat`` times, keeping the fastest run and
    the largest peak memory); its figures plus its peak memory."""
    runs = [_measure_once(name, *args) for _ in range(repeat)]
    best = min(runs, key=lambda r: r["seconds"])
    best.update(runs=len(runs), all_seconds=[r["seconds"] for r in runs],
                peak_rss_mb=max(r["peak_rss_mb"] for r in runs),
                worker_peak_rss_mb=max(r["worker_peak_rss_mb"] for r in runs))
    return best


def _measure_once(name: str, *args) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(name, args, queue))
    proc.start()
    while True:
        try:
            status, out = queue.get(timeout=1)
            break
        except Exception:  # queue.Empty: still running, unless the child died
            if not proc.is_alive():
                status, out = "error", f"the child process ended with code {proc.exitcode}"
                break
    proc.join()
    if status != "ok":
        raise RuntimeError(f"step {name} failed:\n{out}")
    return out


# -- the run ---------------------------------------------------------------------------------
def run(sizes=SIZES, cache: Path | None = None, activities: int = 300, indicators: int = 400,
        pandas_sample: int = PANDAS_SAMPLE, generate_size: int | None = GENERATE_SIZE,
        results: Path | None = RESULTS, repeat: int = REPEAT, out: Path | None = None,
        log=print) -> dict:
    """Build (or reuse) the corpora, measure every step and return the figures.

    Args:
        out: the folder in which each aggregation writes its outputs (archive copies included)
            into a temporary folder; ``outputs/`` beside the corpora when None, as a
            coordinator's outputs sit beside the returns.
    """
    from bench.corpus import CACHE, build_corpus

    cache = Path(cache or CACHE)
    out = Path(out) if out else cache / "outputs"
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    doc: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                             "platform": platform.platform(),
                             "load_before": _load(),
                             "outputs_in": str(out)},
                 "plan": {"activities": activities, "indicators": indicators},
                 "notes": ["calamine floor: sequential, one process, every cell of every sheet",
                           f"pandas baseline: read_excel(sheet_name=None, engine='openpyxl') "
                           f"timed on up to {pandas_sample} files per corpus and scaled "
                           f"linearly to the corpus",
                           "peak RSS: the measured process; worker: the largest worker process",
                           f"wall time: the fastest of {repeat} runs (pandas: one run)"],
                 "sizes": {}}
    for n in sizes:
        corpus = build_corpus(n, cache, log=log, n_activities=activities,
                              n_indicators=indicators)
        if corpus.built_in:
            log(f"  built {len(corpus.returns)} returns in {corpus.built_in:.1f} s")
            # the files just written would otherwise reach the disk during the measurements
            os.sync()
        spec = {"n": n, "cache": str(cache), "activities": activities,
                "indicators": indicators, "out": str(out)}
        log(f"measuring {n} institutions ({len(corpus.returns)} returns) ...")
        figures = {"files": len(corpus.returns), "corpus_built_s": corpus.built_in,
                   "aggregate": measure("aggregate", spec, None, repeat=repeat),
                   "aggregate_1": measure("aggregate", spec, 1, repeat=repeat)}
        # The default is one process per CPU: on a 2-CPU machine that run is the 2-process one.
        figures["aggregate_2"] = figures["aggregate"] if os.cpu_count() == 2 else \
            measure("aggregate", spec, 2, repeat=repeat)
        figures["calamine"] = measure("calamine", spec, repeat=repeat)
        figures["pandas"] = measure("pandas", spec, pandas_sample)
        a, floor = figures["aggregate"]["seconds"], figures["calamine"]["seconds"]
        figures["ratios"] = {
            "aggregate_vs_floor": a / floor,
            "pandas_vs_aggregate": figures["pandas"]["seconds"] / a,
            "speedup_2_vs_1": figures["aggregate_1"]["seconds"]
            / figures["aggregate_2"]["seconds"]}
        doc["sizes"][str(n)] = figures
    if generate_size:
        spec = {"n": generate_size, "cache": str(cache), "activities": activities,
                "indicators": indicators, "out": str(out)}
        log(f"measuring generate at {generate_size} institutions ...")
        gen = measure("generate", spec, repeat=repeat)
        base = measure("openpyxl_write", spec, repeat=repeat)
        doc["generate"] = {"institutions": generate_size, "generate": gen,
                           "openpyxl_write": base,
                           "generate_vs_openpyxl": gen["seconds"] / base["seconds"]}
    doc["machine"]["load_after"] = _load()
    doc["memory"] = _memory_ratio(doc)
    doc["total_s"] = time.perf_counter() - started
    if results:
        results.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return doc


def _load() -> float | None:
    """The 1-minute load average: other work on the machine skews the figures, the
    parallel ones most."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def _peak(step: dict) -> float:
    """Peak memory of an aggregate step: the main process plus each worker at the largest
    worker's peak (an upper bound of what was resident at once)."""
    jobs = step.get("jobs", 1)
    return step["peak_rss_mb"] + (step["worker_peak_rss_mb"] * jobs if jobs > 1 else 0)


def _memory_ratio(doc: dict) -> dict:
    sizes = sorted(doc["sizes"], key=int)
    if len(sizes) < 2:
        return {}
    small, large = doc["sizes"][sizes[0]]["aggregate"], doc["sizes"][sizes[-1]]["aggregate"]
    return {"small": int(sizes[0]), "large": int(sizes[-1]),
            "aggregate_peak_small_mb": _peak(small), "aggregate_peak_large_mb": _peak(large),
            "large_vs_small": _peak(large) / _peak(small)}


def table(doc: dict) -> str:
    """The figures as a plain-text table."""
    box = doc["machine"]
    load = "" if box.get("load_before") is None else \
        f"; load average {box['load_before']:.2f} before, {box.get('load_after') or 0:.2f} after"
    lines = [f"machine: {box['cpus']} CPUs, Python {box['python']}{load}; outputs in "
             f"{box.get('outputs_in', '?')}; plan: "
             f"{doc['plan']['activities']} activities, {doc['plan']['indicators']} indicators",
             "", f"{'institutions':>12} {'step':<34} {'wall s':>8} {'ratio':>22} "
                 f"{'peak MB':>8} {'worker MB':>9}"]
    for n, f in doc["sizes"].items():
        rows = [
            ("toolkit aggregate (default jobs)", f["aggregate"], ""),
            ("toolkit aggregate, 1 process", f["aggregate_1"], ""),
            ("toolkit aggregate, 2 processes", f["aggregate_2"],
             f"{f['ratios']['speedup_2_vs_1']:.2f}x faster than 1"),
            ("calamine floor (1 process)", f["calamine"],
             f"aggregate = {f['ratios']['aggregate_vs_floor']:.2f}x floor"),
            ("pandas read_excel openpyxl" + (f" (*{f['pandas']['sampled']})"
                                             if f["pandas"]["scaled"] else ""), f["pandas"],
             f"{f['ratios']['pandas_vs_aggregate']:.1f}x aggregate"),
        ]
        for label, step, ratio in rows:
            lines.append(f"{n:>12} {label:<34} {step['seconds']:>8.2f} {ratio:>22} "
                         f"{step['peak_rss_mb']:>8.0f} {step['worker_peak_rss_mb']:>9.0f}")
    if "generate" in doc:
        g = doc["generate"]
        lines.append(f"{g['institutions']:>12} {'toolkit generate':<34} "
                     f"{g['generate']['seconds']:>8.2f} "
                     f"{g['generate_vs_openpyxl']:>17.2f}x base "
                     f"{g['generate']['peak_rss_mb']:>8.0f} {'':>9}")
        lines.append(f"{g['institutions']:>12} {'bare openpyxl, same cells':<34} "
                     f"{g['openpyxl_write']['seconds']:>8.2f} {'':>22} "
                     f"{g['openpyxl_write']['peak_rss_mb']:>8.0f} {'':>9}")
    m = doc.get("memory")
    if m:
        lines += ["", f"aggregate peak memory (process + workers): {m['small']} institutions "
                      f"{m['aggregate_peak_small_mb']:.0f} MB, {m['large']} institutions "
                      f"{m['aggregate_peak_large_mb']:.0f} MB ({m['large_vs_small']:.2f}x)"]
    if any(f["pandas"]["scaled"] for f in doc["sizes"].values()):
        lines.append("(*k) pandas timed on k files and scaled linearly to the corpus")
    lines.append("calamine floor: every cell of every sheet, sequential, one process")
    lines.append(doc["notes"][-1])
    lines.append(f"total benchmark time {doc['total_s']:.0f} s")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="institutions per corpus, comma-separated (default 40,400,1000)")
    parser.add_argument("--pandas-sample", type=int, default=PANDAS_SAMPLE)
    parser.add_argument("--generate-size", type=int, default=GENERATE_SIZE,
                        help="institutions of the plan used to time generation (0: skip)")
    parser.add_argument("--repeat", type=int, default=REPEAT,
                        help="runs of each step but pandas; the fastest counts (default 3)")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--out-dir", type=Path, default=None,
                        help="where aggregations write their outputs (default: outputs/ beside "
                             "the corpora in bench/.cache); the disk's speed shows in the figures")
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(","))
    doc = run(sizes, pandas_sample=args.pandas_sample, generate_size=args.generate_size,
              results=args.results, repeat=args.repeat, out=args.out_dir)
    print()
    print(table(doc))
    print(f"\nfigures written to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
