"""The history store at regional scale: ``python -m bench.store``.

A regional secretariat follows 50 plans of 30 institutions each, reporting semi-annually for
four years (8 periods): 400 consolidations in one store. One real consolidation of a
30-institution plan (sample-sized: 70 activities, 110 indicators) gives the rows of a period;
each plan and period records them under its own plan code and period, values shifted so that
no two periods are alike. For SQLite and for PostgreSQL (a throw-away cluster, Unix socket
only), it measures the time to record each consolidation and the time to build a plan-to-date
trend report from the store (reading the plan's history, then writing the workbook and the
T5 document), and prints them side by side with their ratios; the figures go to
``bench/store-results.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "store-results.json"


def base_consolidation(institutions: int, cache: Path):
    """One real consolidation of a sample-sized plan: (plan, result, seconds it took), the
    baseline the recording is measured against."""
    from bench.corpus import build_corpus
    from toolkit.aggregate.run import aggregate

    corpus = build_corpus(institutions, cache, log=lambda *_: None, n_activities=70,
                          n_indicators=110)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = aggregate(corpus.plan, corpus.period, corpus.returns, Path(tmp) / "out")
        took = time.perf_counter() - start
    assert not result.rejected, "every return of the corpus must be accepted"
    return corpus.plan, result, took


def regional_plans(plan, n: int):
    """``n`` plans of the same shape, each its own country and code, over 2025-2028."""
    import datetime as dt

    out = []
    for k in range(1, n + 1):
        meta = dataclasses.replace(plan.meta, code=f"REG-{k:02d}", country=f"Country {k:02d}",
                                   start=dt.date(2025, 1, 1), end=dt.date(2028, 12, 31),
                                   frequency="semi-annual")
        out.append(dataclasses.replace(plan, meta=meta))
    return out


def records(plan, result, periods):
    """One period record per period: the consolidation's rows, values shifted per period."""
    from toolkit.history.records import from_tables
    from toolkit.plan.identity import content_hash

    digest = content_hash(plan)
    base = from_tables(plan, periods[0], result.deadline, result.tables, result.summary,
                       "bench", digest)
    out = []
    for n, period in enumerate(periods):
        rec = dataclasses.replace(base, period=period.code)
        rec.indicators = [r | {"value": None if r["value"] is None else r["value"] + n}
                          for r in base.indicators]
        out.append((period, rec))
    return out


def measure(url: str, plans, result, periods) -> dict:
    """Record every plan's every period, then build one plan's trend report."""
    from toolkit.aggregate.consolidate.report_history import build_history_report
    from toolkit.aggregate.consolidate.report_parts import Words
    from toolkit.aggregate.outputs.history_docx import write_history_document
    from toolkit.aggregate.outputs.history_report import HistoryReportWriter
    from toolkit.declarations.labels import labels
    from toolkit.store.connect import open_store
    from toolkit.store.read import history
    from toolkit.store.record import record
    from toolkit.timestamps import generated_time

    times = []
    rows = 0
    with open_store(url) as store:
        for period_index in range(len(periods)):
            for plan in plans:
                period, rec = records(plan, result, periods)[period_index]
                start = time.perf_counter()
                record(store, rec, plan, period)
                times.append(time.perf_counter() - start)
                rows += sum(len(getattr(rec, k)) for k in ("indicators", "activities",
                                                            "statistics", "submissions"))
        start = time.perf_counter()
        found = history(store, plans[0].meta.code, plans[0])
        read = time.perf_counter() - start
        language = found.plan.meta.language
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            model = build_history_report(Words(labels(language), language), found, None)
            HistoryReportWriter(Path(tmp) / "to-date.xlsx", model, generated_time()).write()
            written = time.perf_counter() - start
            start = time.perf_counter()
            write_history_document(Path(tmp) / "to-date.docx", model)
            document = time.perf_counter() - start
    return {"consolidations": len(times), "rows": rows, "record_total_s": round(sum(times), 2),
            "record_median_ms": round(statistics.median(times) * 1000, 1),
            "record_p95_ms": round(sorted(times)[int(len(times) * 0.95)] * 1000, 1),
            "trend_read_s": round(read, 3), "trend_write_s": round(written, 3),
            "trend_document_s": round(document, 3),
            "trend_total_s": round(read + written + document, 3)}


def run(n_plans: int, institutions: int, n_periods: int, cache: Path, postgres: bool) -> dict:
    from toolkit.reporting.periods import plan_periods

    plan, result, consolidation = base_consolidation(institutions, cache)
    plans = regional_plans(plan, n_plans)
    meta = plans[0].meta
    periods = plan_periods(meta.frequency, meta.start, meta.end)[:n_periods]
    doc = {"plans": n_plans, "institutions": institutions, "periods": n_periods,
           "machine": {"python": platform.python_version(), "system": platform.platform()},
           "consolidation_s": round(consolidation, 2), "backends": {}}
    with tempfile.TemporaryDirectory() as tmp:
        doc["backends"]["sqlite"] = measure(str(Path(tmp) / "regional.sqlite"), plans, result,
                                            periods)
    if postgres:
        sys.path.insert(0, str(HERE.parent))
        from tests.support.postgres import Cluster

        cluster = Cluster()
        try:
            doc["backends"]["postgresql"] = measure(cluster.create_database("regional"), plans,
                                                    result, periods)
        finally:
            cluster.stop()
    for b in doc["backends"].values():
        b["record_vs_consolidation"] = round(b["record_median_ms"] / 1000 / consolidation, 4)
    if len(doc["backends"]) == 2:
        s, p = doc["backends"]["sqlite"], doc["backends"]["postgresql"]
        doc["postgresql_vs_sqlite"] = {
            "record": round(p["record_median_ms"] / s["record_median_ms"], 2),
            "trend_read": round(p["trend_read_s"] / s["trend_read_s"], 2)}
    return doc


def table(doc: dict) -> str:
    lines = [f"{doc['plans']} plans x {doc['institutions']} institutions x {doc['periods']} "
             f"periods: {next(iter(doc['backends'].values()))['consolidations']} "
             "consolidations into one store",
             f"{'back end':<11} {'record, median':>15} {'p95':>8} {'all':>9} "
             f"{'rows':>9} {'trend: read':>12} {'workbook':>9} {'document':>9} {'total':>7}"
             f" {'record / consolidation':>23}"]
    for name, b in doc["backends"].items():
        lines.append(f"{name:<11} {b['record_median_ms']:>12.1f} ms {b['record_p95_ms']:>5.1f} ms"
                     f" {b['record_total_s']:>7.1f} s {b['rows']:>9,} {b['trend_read_s']:>10.2f} s"
                     f" {b['trend_write_s']:>7.2f} s {b['trend_document_s']:>7.2f} s"
                     f" {b['trend_total_s']:>5.2f} s {b['record_vs_consolidation']:>22.1%}")
    lines.append(f"The consolidation the records come from ({doc['institutions']} returns, "
                 f"same run): {doc['consolidation_s']:.2f} s")
    if "postgresql_vs_sqlite" in doc:
        r = doc["postgresql_vs_sqlite"]
        lines.append(f"PostgreSQL / SQLite: recording {r['record']}x, reading a plan's history "
                     f"for its trend report {r['trend_read']}x (writing the workbook and the "
                     "document does not depend on the back end)")
    return "\n".join(lines)


def main(argv=None) -> int:
    from bench.corpus import CACHE
    from tests.support.postgres import binaries

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=50)
    parser.add_argument("--institutions", type=int, default=30)
    parser.add_argument("--periods", type=int, default=8)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    postgres = not args.no_postgres and binaries() is not None
    doc = run(args.plans, args.institutions, args.periods, CACHE, postgres)
    print(table(doc))
    if not postgres:
        print("PostgreSQL not measured: " + ("--no-postgres" if args.no_postgres else
                                             "initdb not found (make postgresql)"))
    RESULTS.write_text(json.dumps(doc, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
