"""The history store on SQLite and on a real PostgreSQL cluster: recording, revisions, plan
versions and series breaks, running totals from the store, migrations from the first schema up,
and every bad store refused with its code and nothing already recorded lost."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import threading

import pytest
import sqlalchemy as sa
from history_cases import CUMULATIVE, consolidate, save_plan

from toolkit.commands import history as H
from toolkit.store import schema as S
from toolkit.store.connect import (
    StoreError,
    location,
    open_store,
    schema_revision,
    upgrade,
)


def count(url, table) -> int:
    with open_store(url, create=False) as store, store.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def recordings(url) -> list[tuple[str, int, bool]]:
    with open_store(url, create=False) as store:
        return [(r["period"], r["revision"], r["is_current"]) for r in H.listing(store)]


def code_of(excinfo) -> str:
    return excinfo.value.finding.code


# Recording, revisions, running totals.

def test_aggregate__records_every_value_submission_and_budget_row(store_url, plan_path, periods,
                                                                  tmp_path):
    result = consolidate(plan_path, periods["2025-H2"], tmp_path / "o", store_url)

    assert result.recorded.revision == 1
    assert count(store_url, S.indicator_values) == len(result.tables.indicators)
    assert count(store_url, S.activity_values) == len(result.tables.activities)
    assert count(store_url, S.statistics_values) == len(result.tables.statistics)
    assert count(store_url, S.submissions) == len(result.summary["submissions"])
    with open_store(store_url) as store:
        from toolkit.store.read import history

        rec = history(store, "TST-NAP").periods[0]
    stored = {(r["indicator"], r["institution"], r["dimension"], r["category"]): r
              for r in rec.indicators}
    for row in result.tables.indicators:
        got = stored[(row["indicator"], row["institution"], row["dimension"], row["category"])]
        assert (got["value"], got["file_sha256"], got["sheet"], got["cell"], got["rating"]) == \
            (row["value"], row["file_sha256"], row["sheet"], row["cell"], row["rating"])


def test_period_recorded_again__is_a_new_revision_and_the_earlier_is_kept(store_url, plan_path,
                                                                         periods, tmp_path):
    consolidate(plan_path, periods["2025-H2"], tmp_path / "a", store_url)
    again = consolidate(plan_path, periods["2025-H2"], tmp_path / "b", store_url)

    assert again.recorded.revision == 2
    assert "revision 1 is kept as history" in again.recorded.sentences()[0]
    assert recordings(store_url) == [("2025-H2", 1, False), ("2025-H2", 2, True)]
    assert count(store_url, S.indicator_values) == 2 * len(again.tables.indicators)


def test_running_totals__are_compared_with_the_previous_period_in_the_store(
        store_url, plan_path, periods, tmp_path):
    before = periods["2025-H2"]
    consolidate(plan_path, before, tmp_path / "a", store_url)
    now = periods["2026-H1"]
    f = now.field("NGO-1", CUMULATIVE, "actual")
    earlier = before.values["NGO-1"][(CUMULATIVE, "actual")]
    lower = now.edit("NGO-1", tmp_path / "ngo.xlsx",
                     lambda wb: wb[f.sheet].__setitem__(f.ref, earlier - 1))

    from toolkit.commands.aggregate import aggregate

    result = aggregate(plan_path, "2026-H1", [lower], tmp_path / "b", jobs=1, store=store_url)

    found = [(x.code, x.sheet, x.cell, x.message) for x in result.findings
             if x.code == "CONS_005"]
    assert found == [("CONS_005", f.sheet, f.ref, f"the cumulative value {earlier - 1} is lower "
                      f"than {earlier} (2025-H2, the previous consolidation); a running total "
                      "cannot go down")]
    assert str(result.previous.compared).startswith("Running totals compared with 2025-H2, the "
                                                    "previous consolidation (history store ")


def test_no_store__records_nothing_and_previous_still_works(plan_path, periods, tmp_path):
    result = consolidate(plan_path, periods["2025-H2"], tmp_path / "out", None, record=False)

    assert result.recorded is None
    assert not (tmp_path / "nap-history.sqlite").exists()


def test_default_store__is_beside_the_outputs_or_named_by_settings(plan_path, periods, tmp_path,
                                                                   monkeypatch):
    monkeypatch.delenv("NAP_STORE", raising=False)
    consolidate(plan_path, periods["2025-H2"], tmp_path / "run" / "out", None)
    assert (tmp_path / "run" / "nap-history.sqlite").is_file()

    (plan_path.parent / "nap-toolkit.toml").write_text('[history]\nstore = "shared.sqlite"\n')
    try:
        done = consolidate(plan_path, periods["2025-H2"], tmp_path / "run2" / "out", None)
    finally:
        (plan_path.parent / "nap-toolkit.toml").unlink()
    assert done.recorded.store == str(plan_path.parent / "shared.sqlite")


def test_bad_settings_file__is_refused_with_its_code(plan_path, periods, tmp_path, monkeypatch):
    monkeypatch.delenv("NAP_STORE", raising=False)
    (plan_path.parent / "nap-toolkit.toml").write_text("[history\nstore = 1\n")
    try:
        with pytest.raises(StoreError) as excinfo:
            consolidate(plan_path, periods["2025-H2"], tmp_path / "out", None)
    finally:
        (plan_path.parent / "nap-toolkit.toml").unlink()
    assert code_of(excinfo) == "STORE_013"
    assert not (tmp_path / "out").exists()


def test_store_address__of_another_kind_is_refused():
    with pytest.raises(StoreError) as excinfo:
        location("mysql://user@host/nap")
    assert code_of(excinfo) == "STORE_009"
    assert "mysql://user@host/nap" in str(excinfo.value)


def test_password__is_never_shown():
    where = location("postgresql://nap:secret@db.example/nap")
    assert "secret" not in where.shown and "***" in where.shown


# Plan versions and series breaks.

def test_revised_plan__keeps_series_whose_code_persists_and_names_the_breaks(
        store_url, plan, plan_path, periods, tmp_path):
    consolidate(plan_path, periods["2025-H2"], tmp_path / "a", store_url)
    changed = "B1.1.1-OUT"
    indicators = tuple(dataclasses.replace(i, unit="percent") if i.code == changed else i
                       for i in plan.indicators if i.code != "B1.1.2-OUT")
    revised = dataclasses.replace(plan, meta=dataclasses.replace(plan.meta, version="1.1"),
                                  indicators=indicators,
                                  targets=tuple(t for t in plan.targets
                                                if t.indicator != "B1.1.2-OUT"))
    revised_path = save_plan(revised, tmp_path / "v11")
    from returns import Returns

    rt = Returns(revised, "2026-H1", tmp_path / "r11")
    result = consolidate(revised_path, rt, tmp_path / "b", store_url)

    assert result.recorded.earlier_version == "1.0"
    assert [b.indicator for b in result.recorded.breaks] == ["B1.1.1-OUT", "B1.1.2-OUT"]
    text = result.recorded.sentences()[1]
    assert 'B1.1.1-OUT (unit changed from "number" to "percent")' in text
    assert "B1.1.2-OUT (no longer in the plan)" in text
    with open_store(store_url) as store:
        broken = H.show(store, "TST-NAP", changed)
        kept = H.show(store, "TST-NAP", CUMULATIVE)
    assert [(p.period, p.broken) for p in broken.points] == [("2025-H2", True),
                                                             ("2026-H1", False)]
    assert [p.broken for p in kept.points] == [False, False]
    assert [p.value for p in kept.points] == [
        periods["2025-H2"].values["NGO-1"][(CUMULATIVE, "actual")],
        rt.values["NGO-1"][(CUMULATIVE, "actual")]]


# Bad stores: each refused with a message and a code, nothing recorded lost.

def test_another_plan_under_the_same_code__is_refused_and_nothing_is_lost(
        store_url, plan, plan_path, periods, tmp_path):
    consolidate(plan_path, periods["2025-H2"], tmp_path / "a", store_url)
    other = dataclasses.replace(plan, meta=dataclasses.replace(plan.meta, country="Otherland"))
    other_path = save_plan(other, tmp_path / "other")

    with pytest.raises(StoreError) as excinfo:
        consolidate(other_path, periods["2026-H1"], tmp_path / "b", store_url)

    assert code_of(excinfo) == "STORE_004"
    assert "of Otherland" in str(excinfo.value) and "of Testland" in str(excinfo.value)
    assert not (tmp_path / "b").exists(), "refused before anything was consolidated"
    assert recordings(store_url) == [("2025-H2", 1, True)]


def _set_revision(url, revision: str) -> None:
    with open_store(url) as store, store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = :v"),
                           {"v": revision})


def test_store_of_a_newer_toolkit__is_refused_and_left_unchanged(store_url, plan_path, periods,
                                                                 tmp_path):
    consolidate(plan_path, periods["2025-H2"], tmp_path / "a", store_url)
    _set_revision(store_url, "0099")
    before = (open(store_url, "rb").read() if "://" not in store_url else None)

    with pytest.raises(StoreError) as excinfo:
        consolidate(plan_path, periods["2026-H1"], tmp_path / "b", store_url)

    assert code_of(excinfo) == "STORE_003"
    assert "its schema is 0099; this version knows schemas up to 0004" in str(excinfo.value)
    if before is not None:
        assert open(store_url, "rb").read() == before
    engine = sa.create_engine(location(store_url).url)
    with engine.connect() as connection:
        assert schema_revision(connection) == "0099"
        assert connection.execute(sa.select(sa.func.count()).select_from(
            S.consolidations)).scalar() == 1
    engine.dispose()


def test_database_that_is_not_a_store__is_refused(store_url):
    engine = sa.create_engine(location(store_url).url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    engine.dispose()

    with pytest.raises(StoreError) as excinfo:
        open_store(store_url)

    assert code_of(excinfo) == "STORE_002"
    assert "(it holds the tables invoices)" in str(excinfo.value)


def test_file_that_is_not_a_database__is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("minutes of the meeting\n" * 20)

    with pytest.raises(StoreError) as excinfo:
        open_store(path)

    assert code_of(excinfo) == "STORE_001"
    assert str(path) in str(excinfo.value) and "file is not a database" in str(excinfo.value)
    assert path.read_text() == "minutes of the meeting\n" * 20


def test_history_of_a_plan_the_store_does_not_hold__says_so(store_url):
    from toolkit.store.read import history

    with open_store(store_url) as store, pytest.raises(StoreError) as excinfo:
        history(store, "NO-PLAN")
    assert code_of(excinfo) == "STORE_007"


def test_period_recorded_twice_at_the_same_moment__one_waits_the_other_is_told(
        store_url, plan, plan_path, periods, tmp_path):
    """Two runs record the plan's first period at once: the second finds the plan made by the
    first, is told with its code, and the first run's recording is whole."""
    rt = periods["2025-H2"]
    first = consolidate(plan_path, rt, tmp_path / "a", None, record=False)
    second = consolidate(plan_path, rt, tmp_path / "b", None, record=False)
    inside, release = threading.Event(), threading.Event()
    stores = [open_store(store_url), open_store(store_url)]

    def hold(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("INSERT INTO SUBMISSIONS"):
            inside.set()
            release.wait(20)

    sa.event.listen(stores[0].engine, "before_cursor_execute", hold)
    outcome = {}
    one = threading.Thread(target=lambda: outcome.setdefault(
        "first", H.record_result(stores[0], plan, rt.period, first)))
    one.start()
    assert inside.wait(20)

    def run_second():
        try:
            outcome["second"] = H.record_result(stores[1], plan, rt.period, second)
        except StoreError as exc:
            outcome["second"] = exc
    two = threading.Thread(target=run_second)
    two.start()
    two.join(1.0)
    release.set()
    one.join(30)
    two.join(30)
    for store in stores:
        store.close()

    assert outcome["first"].revision == 1
    assert isinstance(outcome["second"], StoreError)
    assert outcome["second"].finding.code == "STORE_006"
    assert "history import" in str(outcome["second"])
    assert recordings(store_url) == [("2025-H2", 1, True)]
    assert count(store_url, S.indicator_values) == len(first.tables.indicators)


def test_connection_dropped_mid_recording__records_nothing_and_keeps_the_rest(
        pg_cluster, plan, plan_path, periods, tmp_path):
    url = pg_cluster.create_database("dropped")
    consolidate(plan_path, periods["2025-H2"], tmp_path / "a", url)
    result = consolidate(plan_path, periods["2026-H1"], tmp_path / "b", None, record=False)
    store = open_store(url)

    def drop(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("INSERT INTO SUBMISSIONS"):
            assert pg_cluster.terminate_others("dropped") == 1

    sa.event.listen(store.engine, "before_cursor_execute", drop)
    with pytest.raises(StoreError) as excinfo:
        H.record_result(store, plan, periods["2026-H1"].period, result)
    store.close()

    assert code_of(excinfo) == "STORE_005"
    assert "nothing of 2026-H1 was recorded" in str(excinfo.value)
    assert f"toolkit history import {tmp_path / 'b'}" in str(excinfo.value)
    assert recordings(url) == [("2025-H2", 1, True)]


KILL = """
import os, signal, sys
import sqlalchemy as sa
sys.path.insert(0, {tests!r})
from history_cases import consolidate, history_plan, returns_of
from toolkit.commands import history as H
from toolkit.store.connect import open_store
from pathlib import Path
plan = history_plan()
rt = returns_of(plan, Path({folder!r}))["2026-H1"]
result = consolidate(Path({plan_path!r}), rt, Path({folder!r}) / "out", None, record=False)
store = open_store({url!r})
def kill(conn, cursor, statement, *args):
    if statement.lstrip().upper().startswith("INSERT INTO SUBMISSIONS"):
        os.kill(os.getpid(), signal.SIGKILL)
sa.event.listen(store.engine, "before_cursor_execute", kill)
H.record_result(store, plan, rt.period, result)
"""


def test_process_killed_mid_recording__leaves_the_store_as_it_was(store_url, plan_path, periods,
                                                                  tmp_path):
    consolidate(plan_path, periods["2025-H2"], tmp_path / "a", store_url)
    script = KILL.format(tests=os.path.dirname(__file__), folder=str(tmp_path / "k"),
                         plan_path=str(plan_path), url=store_url)

    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)

    assert done.returncode == -9, done.stderr
    assert recordings(store_url) == [("2025-H2", 1, True)]
    assert consolidate(plan_path, periods["2026-H1"], tmp_path / "c", store_url).recorded.revision \
        == 1


# Migrations.

def test_migrations__from_the_first_schema_up_keep_what_was_recorded(store_url):
    """A store made at the first schema, with a period in it, is moved to this toolkit's schema
    when opened; what was recorded stays, and the result is exactly the tables schema.py
    defines."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    where = location(store_url)
    engine = sa.create_engine(where.url)
    upgrade(engine, where, "0001")
    first = sa.MetaData()
    first.reflect(engine)
    assert set(first.tables) == {"alembic_version", "plans", "plan_versions", "consolidations",
                                 "indicator_values", "submissions"}
    with engine.begin() as connection:
        t = first.tables
        connection.execute(t["plans"].insert().values(
            id=1, code="OLD", country="Testland", title="t", start_date=sa.func.current_date(),
            end_date=sa.func.current_date(), frequency="annual", currency="EUR"))
        connection.execute(t["plan_versions"].insert().values(
            id=1, plan_id=1, version="1", content_hash="h", first_period="2025",
            recorded_at=sa.func.current_timestamp(), plan_json="{}"))
        connection.execute(t["consolidations"].insert().values(
            id=1, plan_id=1, plan_version_id=1, period="2025", period_start=sa.func.current_date(),
            period_end=sa.func.current_date(), revision=1, is_current=True,
            recorded_at=sa.func.current_timestamp(), source="aggregate", out_dir="o"))
        connection.execute(t["indicator_values"].insert().values(
            consolidation_id=1, indicator="I1", institution="X", dimension="", category="",
            value=7.0))
    engine.dispose()

    with open_store(store_url) as store, store.engine.connect() as connection:
        assert schema_revision(connection) == "0004"
        assert compare_metadata(MigrationContext.configure(connection), S.metadata) == []
        assert connection.execute(sa.select(S.indicator_values.c.value)).scalars().all() == [7.0]


def test_store_that_cannot_be_written__is_told_and_keeps_what_it_held(plan, plan_path, periods,
                                                                      tmp_path):
    """A store that is full (SQLite's own limit on its size, as a full disk would be)."""
    url = str(tmp_path / "full.sqlite")
    consolidate(plan_path, periods["2025-H2"], tmp_path / "a", url)
    result = consolidate(plan_path, periods["2026-H1"], tmp_path / "b", None, record=False)
    store = open_store(url)
    with store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    store.engine.dispose()
    sa.event.listen(store.engine, "connect", lambda dbapi, _record: dbapi.execute(
        f"PRAGMA max_page_count = {pages + 1}"))

    with pytest.raises(StoreError) as excinfo:
        H.record_result(store, plan, periods["2026-H1"].period, result)
    store.close()

    assert code_of(excinfo) == "STORE_008"
    assert "(database or disk is full)" in str(excinfo.value)
    assert recordings(url) == [("2025-H2", 1, True)]
