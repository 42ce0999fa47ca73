"""The benchmark machinery on a tiny corpus, so that it cannot rot unnoticed."""

from __future__ import annotations

import json

import pytest

from bench.corpus import build_corpus, make_plan, period_of
from bench.run import run, table
from bench.stages import measure
from bench.stages import table as stage_table
from toolkit.plan.check import check_plan
from toolkit.plan.sources import json_sources
from toolkit.reporting.scope import assignments


def test_synthetic_plan__is_valid_and_gives_everyone_something_to_report():
    plan = make_plan(12, n_activities=10, n_indicators=8)
    assert check_plan(plan, json_sources("bench", plan)) == []
    assert len(assignments(plan, period_of(plan))) == 12
    assert any(i.statistics for i in plan.institutions)


def test_bench__measures_a_tiny_corpus_and_writes_the_figures(tmp_path):
    results = tmp_path / "results.json"
    doc = run((3,), cache=tmp_path / "cache", activities=6, indicators=5, pandas_sample=2,
              generate_size=3, results=results, repeat=1, log=lambda *_: None)
    figures = doc["sizes"]["3"]
    assert figures["files"] == 3
    assert figures["aggregate"]["verdicts"] == {"accepted": 3}
    for step in ("aggregate", "aggregate_1", "aggregate_2", "calamine", "pandas"):
        assert figures[step]["seconds"] > 0 and figures[step]["peak_rss_mb"] > 0
    assert figures["pandas"]["sampled"] == 2 and figures["pandas"]["scaled"]
    assert doc["generate"]["generate_vs_openpyxl"] > 0
    assert json.loads(results.read_text())["sizes"]["3"]["files"] == 3
    assert "calamine floor" in table(doc)
    again = build_corpus(3, tmp_path / "cache", n_activities=6, n_indicators=5)
    assert again.built_in == 0 and len(again.returns) == 3


def test_stages__times_every_step_of_a_tiny_corpus_against_the_floor(tmp_path):
    m = measure(3, repeat=1, cache=tmp_path / "cache", activities=6, indicators=5)
    assert m["files"] == 3
    steps = ("floor", "intake", "unpack", "container", "values", "layouts", "checks", "whole")
    assert all(m[k] > 0 for k in steps)
    assert 0 < m["files_phase"] < m["whole"]
    assert m["unpack"] < m["container"]  # unpacking is part of opening the container
    text = stage_table(m, cores=2)
    assert "all per-file steps" in text and "x floor" in text


def test_store_bench__records_every_plan_and_period_on_both_back_ends(tmp_path, pg_cluster):
    from bench import store

    doc = store.run(2, 3, 2, tmp_path / "cache", postgres=True)

    for name in ("sqlite", "postgresql"):
        figures = doc["backends"][name]
        assert figures["consolidations"] == 4
        assert figures["record_median_ms"] > 0 and figures["trend_total_s"] > 0
        assert figures["record_vs_consolidation"] == pytest.approx(
            figures["record_median_ms"] / 1000 / doc["consolidation_s"], rel=0.05)
    assert doc["consolidation_s"] > 0
    assert set(doc["postgresql_vs_sqlite"]) == {"record", "trend_read"}
    assert "PostgreSQL / SQLite" in store.table(doc)
