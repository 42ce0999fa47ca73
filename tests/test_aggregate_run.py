"""aggregate as a whole: nothing lost, resubmissions, order and repetition, exit codes."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import shutil
from concurrent.futures import ProcessPoolExecutor

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from returns import Returns, person_values, stat_blocks

from toolkit.aggregate.context import make_context
from toolkit.aggregate.run import aggregate
from toolkit.cli import main
from toolkit.declarations.reporting import declarations, person_rows
from toolkit.messages import CATALOGUE
from toolkit.plan.model import OfficialSource

PERIOD = "2026-H1"
SOME = ["POL", "MOI", "BORDER", "NGO-HOPE"]


@pytest.fixture(scope="module")
def rt(sample_plan, tmp_path_factory) -> Returns:
    return Returns(sample_plan, PERIOD, tmp_path_factory.mktemp("run"), SOME)


def _folder(rt, tmp, extra=()):
    folder = tmp / "in"
    folder.mkdir()
    for path in rt.clean.values():
        shutil.copy(path, folder / path.name)
    for name, data in extra:
        (folder / name).write_bytes(data)
    return folder


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _csv(path) -> list[dict]:
    with open(path, encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_every_file__is_in_the_ledger_and_archived_byte_for_byte(rt, tmp_path):
    pol = rt.clean["POL"].read_bytes()
    folder = _folder(rt, tmp_path, [("~$VAL-NAP_2026-H1_POL.xlsx", b"\0" * 165),
                                    ("copy of POL.xlsx", pol), ("notes.txt", b"hello"),
                                    ("empty.xlsx", b"")])
    before = {p.name: _sha(p) for p in folder.iterdir()}

    result = aggregate(rt.plan, rt.period, [folder], tmp_path / "out")

    ledger = _csv(tmp_path / "out" / "ledger.csv")
    assert sorted(row["name"].split("/")[-1] for row in ledger) == sorted(before)
    verdicts = {row["name"].split("/")[-1]: row["verdict"] for row in ledger}
    assert verdicts["~$VAL-NAP_2026-H1_POL.xlsx"] == "ignored"
    assert verdicts["notes.txt"] == "rejected" and verdicts["empty.xlsx"] == "rejected"
    assert sorted([verdicts["copy of POL.xlsx"], verdicts["VAL-NAP_2026-H1_POL.xlsx"]]) == [
        "accepted", "duplicate"]
    for row in ledger:
        archived = tmp_path / "out" / row["archived_as"]
        assert _sha(archived) == row["sha256"]
    assert {p.name: _sha(p) for p in folder.iterdir()} == before, "returns were changed"
    codes = {f.code for f in result.findings}
    assert {"WB_006", "WB_008", "WB_001", "WB_007"} <= codes
    assert result.exit_code == 1


def test_a_pipe_among_the_returns__is_refused_without_waiting_for_it(rt, tmp_path):
    """A named pipe (or a device) given as a return is never read: IN_001, and the rest goes
    on."""
    import os

    pipe = tmp_path / "pipe.xlsx"
    os.mkfifo(pipe)
    result = aggregate(rt.plan, rt.period, [pipe, rt.clean["POL"]], tmp_path / "out", jobs=1)
    verdicts = {r.name.split("/")[-1]: (r.verdict, [f.code for f in r.findings])
                for r in result.results}
    assert verdicts["pipe.xlsx"] == ("rejected", ["IN_001"])
    assert verdicts[rt.clean["POL"].name] == ("accepted", [])
    ledger = {row["name"].split("/")[-1]: row for row in _csv(tmp_path / "out" / "ledger.csv")}
    assert ledger["pipe.xlsx"]["archived_as"] == "" and ledger["pipe.xlsx"]["sha256"] == ""
    assert "a named pipe, not a file" in str(next(f for f in result.findings
                                                   if f.code == "IN_001"))


def test_a_file_larger_than_is_read_whole__is_hashed_and_archived_in_chunks(rt, tmp_path):
    from toolkit.aggregate.intake.files import WHOLE

    big = tmp_path / "big.xlsx"
    big.write_bytes(b"%PDF" + bytes(range(256)) * (WHOLE // 256 + 100))
    result = aggregate(rt.plan, rt.period, [big], tmp_path / "out", jobs=1)
    assert [(r.verdict, [f.code for f in r.findings]) for r in result.results] == [
        ("rejected", ["WB_001"])]
    row = _csv(tmp_path / "out" / "ledger.csv")[0]
    assert row["sha256"] == _sha(big) and int(row["size"]) == big.stat().st_size
    assert _sha(tmp_path / "out" / row["archived_as"]) == row["sha256"]


def test_a_broken_copy_left_in_the_archive__is_replaced_not_read(rt, tmp_path):
    """A run into an output folder whose archive holds a cut copy of a return (an earlier run
    stopped while writing it) archives the file again and reads the values it hashed."""
    first = aggregate(rt.plan, rt.period, [rt.clean["POL"]], tmp_path / "out", jobs=1)
    row = _csv(tmp_path / "out" / "ledger.csv")[0]
    copy = tmp_path / "out" / row["archived_as"]
    copy.write_bytes(copy.read_bytes()[:500])
    again = aggregate(rt.plan, rt.period, [rt.clean["POL"]], tmp_path / "out", jobs=1)
    assert [r.verdict for r in first.results] == [r.verdict for r in again.results] == [
        "accepted"]
    assert _sha(copy) == row["sha256"]


def test_a_return_sent_twice__is_checked_once(rt, tmp_path, monkeypatch):
    import toolkit.aggregate.run as run_module

    checked = []
    real = run_module.process

    def counting(ctx, sub):
        checked.append(sub.name)
        return real(ctx, sub)

    monkeypatch.setattr(run_module, "process", counting)
    folder = _folder(rt, tmp_path, [("copy of POL.xlsx", rt.clean["POL"].read_bytes())])
    result = aggregate(rt.plan, rt.period, [folder], tmp_path / "out", jobs=1)
    assert sorted(n.split("/")[-1] for n in checked) == sorted(p.name for p in
                                                               rt.clean.values())
    copy = next(r for r in result.results if r.name.endswith("copy of POL.xlsx"))
    assert copy.verdict == "duplicate" and copy.findings[0].code == "WB_008"


def test_resubmission__replaces_the_earlier_file_without_double_counting(rt, tmp_path):
    folder = _folder(rt, tmp_path)
    later = dt.datetime.combine(rt.deadline, dt.time(8))

    def changed(wb):
        wb.properties.modified = later
        sheet = rt.field("POL", "V1:" + rt.plan.codelists["age_group"][0], "V1:female").sheet
        wb[sheet][rt.field("POL", "V1:" + rt.plan.codelists["age_group"][0],
                           "V1:female").ref] = 0
    rt.edit("POL", folder / "POL resent.xlsx", changed)

    result = aggregate(rt.plan, rt.period, [folder], tmp_path / "out")

    verdicts = {r.name.split("/")[-1]: r.verdict for r in result.results}
    assert verdicts["POL resent.xlsx"] == "accepted"
    assert verdicts["VAL-NAP_2026-H1_POL.xlsx"] == "superseded"
    rows = [r for r in result.tables.statistics if r["institution"] == "POL"]
    assert len(rows) == len({(r["table"], r["row"], r["column"]) for r in rows})
    first = [r for r in rows if r["table"] == "V1" and r["column"] == "female"][0]
    assert first["value"] == 0
    assert "ID_008" in {f.code for f in result.findings}


def _exports(out):
    return {name: (out / "exports" / f"{name}.csv").read_text(encoding="utf-8-sig")
            for name in ("activities", "indicators", "statistics", "findings")} | {
        "ledger": (out / "ledger.csv").read_text(encoding="utf-8-sig")}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(SOME), jobs=st.sampled_from([1, 2]))
def test_consolidation__is_idempotent_and_independent_of_file_order(rt, tmp_path_factory, order,
                                                                     jobs):
    base = tmp_path_factory.mktemp("order")
    paths = [rt.clean[code] for code in order]
    first = aggregate(rt.plan, rt.period, paths, base / "a", jobs=jobs)
    again = aggregate(rt.plan, rt.period, list(reversed(paths)), base / "a", jobs=jobs)
    reference = aggregate(rt.plan, rt.period, [rt.clean[c] for c in SOME], base / "b", jobs=1)

    assert _exports(base / "a") == _exports(base / "b")
    assert first.tables == again.tables == reference.tables


def test_blank_stays_blank__and_zero_stays_zero(rt, tmp_path):
    result = aggregate(rt.plan, rt.period, [rt.clean["POL"]], tmp_path / "out")
    missing = [r for r in result.tables.activities if r["institution"] == "MOI"]
    assert missing and all(r["status"] is None and r["spent"] is None for r in missing)
    rows = _csv(tmp_path / "out" / "exports" / "activities.csv")
    assert all(r["status"] == "" for r in rows if r["institution"] == "MOI")
    assert result.missing and result.exit_code == 1


def test_cli__exit_codes(rt, tmp_path):
    from conftest import SAMPLE_XLSX

    ok = CliRunner().invoke(main, ["aggregate", "--plan", str(SAMPLE_XLSX), "--period", PERIOD,
                                   "--out", str(tmp_path / "o1"), "--quiet",
                                   *map(str, rt.clean.values())])
    assert ok.exit_code == 1  # institutions outside SOME are missing
    assert "missing" in ok.output
    broken = tmp_path / "plan.xlsx"
    broken.write_bytes(b"not a plan")
    bad = CliRunner().invoke(main, ["aggregate", "--plan", str(broken), "--period", PERIOD,
                                    "--out", str(tmp_path / "o2"), str(rt.clean["POL"])])
    assert bad.exit_code == 3


EXPORTS = {
    "activities": ["plan", "period", "area", "objective", "activity", "institution", "role",
                   "due", "budget", "allocation", "funding_source", "status", "percent", "done",
                   "outputs", "indicator_value", "evidence", "spent", "spent_source",
                   "partners_involved", "problems", "corrective_action", "new_deadline",
                   "spent_under", "file_sha256", "sheet", "cell"],
    "indicators": ["plan", "period", "indicator", "institution", "level", "unit", "covers",
                   "dimension", "category", "value", "baseline", "year_target", "period_target",
                   "target_basis", "midterm_target", "final_target", "achievement", "rating",
                   "comment", "source", "file_sha256", "sheet", "cell"],
    "statistics": ["plan", "period", "table", "row", "column", "institution", "official",
                   "value", "source_note", "definition_note", "file_sha256", "sheet", "cell"],
    "narrative": ["plan", "period", "institution", "part", "field", "text", "file_sha256",
                  "sheet", "cell"],
    "findings": ["file", "institution", "sheet", "cell", "code", "severity", "message",
                 "what_to_do"],
}
"""The exported tables' columns, as analysts read them: names and order must not change."""


def test_exports__keep_their_column_names_and_order(rt, tmp_path):
    import pyarrow.parquet as pq
    from openpyxl import load_workbook

    from toolkit.declarations.reporting import export_columns

    aggregate(rt.plan, rt.period, list(rt.clean.values()), tmp_path / "out")
    for name, columns in EXPORTS.items():
        assert list(export_columns(name)) == columns, name
        with open(tmp_path / "out" / "exports" / f"{name}.csv", encoding="utf-8-sig") as fh:
            assert next(csv.reader(fh)) == columns, name
        assert pq.read_schema(tmp_path / "out" / "exports" / f"{name}.parquet").names == \
            columns, name
    # The report's sheets are for people: headings in words, in the plan's language (see
    # test_report_outputs); the snake_case names are the exports'.
    report = load_workbook(tmp_path / "out" / "report.xlsx", read_only=True)
    head = [c.value for c in next(report["Activities"].iter_rows(max_row=1))]
    assert not set(head) & set(EXPORTS["activities"]) - {"Status"}


def test_every_message_code__is_produced_by_a_test():
    import pathlib
    import re

    text = " ".join(p.read_text() for p in pathlib.Path(__file__).parent.glob("test_*.py"))
    text += pathlib.Path(__file__).parent.joinpath("broken_plans.py").read_text()
    produced = set(re.findall(r'\b([A-Z]+_\d{3})\b', text))
    assert set(CATALOGUE) - produced == set()


def test_cli__exits_0_when_every_return_is_in_and_clean(tmp_path, monkeypatch):
    from plans import small_plan

    from toolkit.plan.jsonio import save

    plan = small_plan()
    plan_path = tmp_path / "plan.json"
    save(plan, plan_path)
    returns = Returns(plan, "2025-H2", tmp_path / "r")

    result = CliRunner().invoke(main, ["aggregate", "--plan", str(plan_path), "--period",
                                       "2025-H2", "--out", str(tmp_path / "out"),
                                       *map(str, returns.clean.values())])

    assert result.exit_code == 0, result.output
    assert "0 rejected, 0 missing" in result.output


@pytest.mark.parametrize("threshold", [1, 2, 3, 5])
def test_public_statistics__hide_small_counts_at_any_threshold(rt, tmp_path, threshold):
    import dataclasses

    from openpyxl import load_workbook

    plan = dataclasses.replace(rt.plan, meta=dataclasses.replace(
        rt.plan.meta, publication_threshold=threshold))
    result = aggregate(plan, rt.period, list(rt.clean.values()), tmp_path / "out")
    ws = load_workbook(result.report_path)["Statistics (public)"]
    shown = person_values(stat_blocks(ws, rt.text), make_context(plan, rt.period))
    assert {"V1", "A1", "J1", "J2"} <= set(shown)
    numbers = [v for values in shown.values() for v in values if isinstance(v, (int, float))]
    assert numbers, "the public sheet holds counts"
    assert all(v == 0 or v >= threshold for v in numbers)


def test_person_rows__follow_the_declaration_and_leave_money_out():
    tables = {t["table"]: t for t in declarations()["statistics"]}
    axes = declarations()["statistics_axes"]
    assert all(isinstance(t["persons"], bool) for t in tables.values())
    assert person_rows(tables["P1"], axes["prevention_item"]) == {"victims_by_inspectors",
                                                                  "hotline_referrals"}
    assert person_rows(tables["J1"], axes["justice_item"]) == set(axes["justice_item"])
    assert person_rows(tables["A1"], axes["assistance_item"]) == (
        set(axes["assistance_item"]) - {"compensation_paid"})


# Small counts typed into the justice, prevention and assistance tables of three returns; every
# other cell of these tables holds 10. POL holds J1 and J2, JTC holds P1, NGO-HOPE holds A1.
SMALL_J1 = {("suspected", "persons"): 3, ("convicted_final", "persons"): 1,
            ("officials", "persons"): 2, ("officials", "cases"): 1, ("jit", "cases"): 4}
SMALL_J2 = {("prison_1_3", "female"): 2}
P1_TYPED = {"campaigns": 2, "campaign_reach": 3, "training_sessions": 1, "trained_women": 4,
            "trained_men": 3, "labour_inspections": 2, "victims_by_inspectors": 2,
            "hotline_calls": 40, "hotline_referrals": 3, "agencies_inspected": 1,
            "ads_removed": 0}
SMALL_A1 = {("compensation_awarded", "count"): 2, ("compensation_paid", "count"): 3}


def _type_small_counts(rt, code: str, small: dict[str, dict], target):
    """A copy of a clean return whose tables named in ``small`` hold 10 in every cell but the
    ones given there."""
    def change(wb):
        for f in rt.layouts[code].sheet("statistics").inputs():
            table, _, column = f.key.partition(":")
            row = f.row_key.partition(":")[2]
            if table in small and column not in ("source", "definition"):
                wb[f.sheet][f.ref] = small[table].get((row, column), 10)
    return rt.edit(code, target / f"{code}.xlsx", change)


@pytest.fixture(scope="module")
def small(sample_plan, tmp_path_factory):
    """The public and restricted statistics of a report whose returns hold small counts."""
    from openpyxl import load_workbook

    base = tmp_path_factory.mktemp("small")
    # The institutions that type the small counts are the tables' official sources, whose
    # figures are the ones published (docs/indicators.md §6).
    plan = dataclasses.replace(sample_plan, official_sources=tuple(
        s for s in sample_plan.official_sources if s.table not in ("J1", "J2", "P1", "A1")) + (
        OfficialSource("J1", "POL"), OfficialSource("J2", "POL"), OfficialSource("P1", "JTC"),
        OfficialSource("A1", "NGO-HOPE")))
    rt = Returns(plan, PERIOD, base, ["POL", "JTC", "NGO-HOPE"])
    typed = {"POL": {"J1": SMALL_J1, "J2": SMALL_J2},
             "JTC": {"P1": {(row, "count"): v for row, v in P1_TYPED.items()}},
             "NGO-HOPE": {"A1": SMALL_A1}}
    paths = [_type_small_counts(rt, code, tables, base / "typed")
             for code, tables in typed.items()]
    result = aggregate(plan, rt.period, paths, base / "out")
    assert {r.verdict for r in result.results} == {"accepted"}
    wb = load_workbook(result.report_path)
    return {"ctx": make_context(plan, rt.period), "text": rt.text,
            "public": stat_blocks(wb["Statistics (public)"], rt.text),
            "restricted": stat_blocks(wb["Statistics (restricted)"], rt.text)}


def _by_label(block: list[tuple]) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in block[1:]}


def _label(small, item: str) -> str:
    return small["text"][f"report.stats.item.{item}"]


def test_public_justice_and_prevention__publish_no_count_of_persons_below_5(small):
    shown = person_values(small["public"], small["ctx"])
    for table in ("J1", "J2", "P1"):
        numbers = [v for v in shown[table] if isinstance(v, int)]
        assert [v for v in numbers if 0 < v < 5] == [], table
        assert "<5" in shown[table], table
    j1 = _by_label(small["public"]["J1"])
    assert j1[_label(small, "suspected")][:2] == ("<5", 10)
    assert j1[_label(small, "officials")][:2] == ("<5", "<5")
    assert j1[_label(small, "jit")][:2] == (10, "<5")
    p1 = _by_label(small["public"]["P1"])
    assert p1[_label(small, "victims_by_inspectors")][0] == "<5"
    assert p1[_label(small, "hotline_referrals")][0] == "<5"


def test_public_sentences__hide_a_small_count_that_the_totals_would_give_away(small):
    header, *body = small["public"]["J2"]
    assert "Total" in header and body[-1][0] == "Total", "J2 is published with its totals"
    end = header.index("Total")
    cells = [list(row[1:end]) for row in body[:-1]]
    lines = [(row, body[r][end]) for r, row in enumerate(cells)]
    lines += [([row[c] for row in cells], body[-1][c + 1]) for c in range(end - 1)]
    hidden = ("<5", ":c")
    assert cells[1][0] == "<5"  # 1 to 3 years, female
    assert sum(v == ":c" for row in cells for v in row) >= 3
    # One hidden cell beside a published total would be that total less the others.
    assert [line for line, total in lines if isinstance(total, int)
            and sum(v in hidden for v in line) == 1] == []


def test_public_prevention_and_money__keep_exact_values_that_count_no_person(small):
    p1 = _by_label(small["public"]["P1"])
    shown = {item: p1[_label(small, item)][0] for item in P1_TYPED}
    assert shown == P1_TYPED | {"victims_by_inspectors": "<5", "hotline_referrals": "<5"}
    a1 = _by_label(small["public"]["A1"])
    assert a1[_label(small, "compensation_paid")][0] == 3
    assert a1[_label(small, "compensation_awarded")][0] == "<5"


def test_restricted_statistics__keep_the_exact_small_counts(small):
    j1 = _by_label(small["restricted"]["J1"])
    for (row, column), value in SMALL_J1.items():
        assert j1[_label(small, row)][["persons", "cases"].index(column)] == value
    j2 = _by_label(small["restricted"]["J2"])
    assert j2[_label(small, "prison_1_3")][:3] == (2, 10, 10)
    p1 = _by_label(small["restricted"]["P1"])
    assert {item: p1[_label(small, item)][0] for item in P1_TYPED} == P1_TYPED


def test_a_copy_nothing_was_read_from__never_supersedes_one_that_was_read():
    from toolkit.aggregate.checks.inputs import Cell
    from toolkit.aggregate.returned import ACCEPTED, SUPERSEDED, FileResult
    from toolkit.aggregate.run import choose

    read = FileResult("read.xlsx", "a" * 64, 10, 1.0, ACCEPTED, "POL",
                      saved_at="2026-07-01T10:00:00Z")
    read.values[("area", "A1", "status")] = Cell("Completed", "A Prevention", "G5")
    blank = FileResult("blank.xlsx", "b" * 64, 10, 2.0, ACCEPTED, "POL",
                       saved_at="2026-07-02T10:00:00Z")
    assert choose([blank, read]) == {"POL": read}
    assert blank.verdict == SUPERSEDED
    # Between two copies that were both read, the latest saved is used.
    later = FileResult("later.xlsx", "c" * 64, 10, 3.0, ACCEPTED, "POL",
                       saved_at="2026-07-03T10:00:00Z", values=dict(read.values))
    assert choose([read, later]) == {"POL": later}


def test_work_given_to_the_pool__sees_its_arguments_as_they_were_when_given():
    """The pool pickles what it is given in a thread of its own; the report is meanwhile built
    from the same plan and labels, whose caches fill as it goes. A dictionary that changed
    under that thread once stopped a run ("dictionary changed size during iteration")."""
    from toolkit.aggregate.outputs.write import submit

    with ProcessPoolExecutor(1) as pool:
        pool.submit(int).result()
        given = {"first": 1}
        job = submit(pool, len, given)
        given.update({f"later {n}": n for n in range(10_000)})
        assert job.result() == 1

