"""Hostile and broken returns: a whole corpus mixed with valid returns goes through one
consolidation, within bounded time and memory, each bad file with its finding, and no output
carries a formula that came from a return."""

from __future__ import annotations

import csv
import io
import pickle
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import hostile_corpus
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from returns import Returns, rewrite_zip

from tests.support.parallel import alone
from toolkit.aggregate.context import make_context
from toolkit.aggregate.intake.files import sha256_of
from toolkit.aggregate.process import process
from toolkit.aggregate.returned import Submission
from toolkit.aggregate.run import aggregate

PERIOD = "2026-H1"
TEN = ["NATC-OFF", "MOI", "POL", "BORDER", "PROS", "COURTS", "MOJ", "JTC", "LI", "MLSP"]
MAX_RSS_MB = 500
MAX_SECONDS = 5.0
FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")
REPORT_FORMULA_SHEETS = {"Overview", "Progress", "Budget"}


@pytest.fixture(scope="module")
def rt(sample_plan, tmp_path_factory) -> Returns:
    return Returns(sample_plan, PERIOD, tmp_path_factory.mktemp("hostile"),
                   TEN + list(hostile_corpus.SPARE))


@pytest.fixture(scope="module")
def folder(rt, tmp_path_factory) -> tuple[Path, list]:
    root = tmp_path_factory.mktemp("returns")
    valid = root / "a-valid"
    valid.mkdir()
    for code in TEN:
        shutil.copy(rt.clean[code], valid / rt.clean[code].name)
    cases = hostile_corpus.build(root / "b-hostile", rt, {c: valid / rt.clean[c].name
                                                          for c in TEN})
    return root, cases


RUNNER = r"""
import pickle, resource, sys, time
sys.path[:0] = [sys.argv[1], sys.argv[2]]
from pathlib import Path
from toolkit.plan.jsonio import load
from toolkit.reporting.periods import parse_period
import toolkit.aggregate.run as run

times = Path(sys.argv[5])
real = run.process

def timed(ctx, sub):
    start = time.perf_counter()
    try:
        return real(ctx, sub)
    finally:
        with open(times, "a", encoding="utf-8") as fh:
            fh.write(f"{time.perf_counter() - start:.4f}\t{sub.name}\n")

run.process = timed
plan = load(sys.argv[3])
m = plan.meta
period = parse_period(sys.argv[4], m.frequency, m.start, m.end)
result = run.aggregate(plan, period, [Path(sys.argv[6])], Path(sys.argv[7]), jobs=2)
# Linux keeps ru_maxrss across exec, so RUSAGE_SELF would include the forked pytest process
# this interpreter replaced; VmHWM is the peak of this program's own memory.
own = next(int(line.split()[1]) for line in open("/proc/self/status")
           if line.startswith("VmHWM:"))
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[8], "wb") as fh:
    pickle.dump({"tables": result.tables, "own_kb": own, "worker_kb": workers,
                 "results": [(r.name, r.verdict, [(f.code, f.sheet) for f in r.findings])
                             for r in result.results]}, fh)
"""


@pytest.fixture(scope="module")
def mixed(folder, tmp_path_factory, request):
    """One consolidation of the corpus and the ten valid returns, in a process of its own and
    while no other test runs, since its time is measured."""
    from conftest import ROOT, SAMPLE_JSON

    root, cases = folder
    work = tmp_path_factory.mktemp("mixed")
    out, times, dump = work / "out", work / "times.tsv", work / "result.pickle"
    with alone(request.config):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", RUNNER, str(ROOT), str(ROOT / "tests"),
                               str(SAMPLE_JSON), PERIOD, str(times), str(root), str(out),
                               str(dump)], capture_output=True, text=True, timeout=600)
        wall = time.perf_counter() - started
    assert done.returncode == 0, done.stderr[-3000:]
    with open(dump, "rb") as fh:
        data = pickle.load(fh)
    data["wall"] = wall
    data["times"] = [(float(t), name) for t, name in
                     (line.split("\t", 1) for line in times.read_text("utf-8").splitlines())]
    data["out"], data["cases"], data["root"] = out, cases, root
    return data


def test_corpus__has_every_kind_of_bad_file(folder):
    _root, cases = folder
    assert len(cases) >= 40
    assert len({c.name for c in cases}) == len(cases)
    codes = {c.code for c in cases}
    assert {"WB_001", "WB_002", "WB_003", "WB_004", "WB_005", "WB_006", "WB_007", "WB_008",
            "WB_009", "WB_010", "WB_011", "CELL_007", "CELL_008", "CELL_009", "CELL_010",
            "CELL_011", "ST_011", "ID_007"} <= codes


def _ledger(out: Path) -> dict[str, dict]:
    with open(out / "ledger.csv", encoding="utf-8-sig") as fh:
        return {Path(row["name"].lstrip("'")).name: row for row in csv.DictReader(fh)}


def test_one_run__puts_every_bad_file_in_the_ledger_with_its_code(mixed):
    ledger = _ledger(mixed["out"])
    by_name = {Path(name).name: (verdict, found) for name, verdict, found in mixed["results"]}
    for case in mixed["cases"]:
        assert case.name in ledger, case.name
        verdict, found = by_name[case.name]
        codes = [code for code, _sheet in found]
        assert case.code in codes, (case.name, case.code, found)
        if case.sheet:
            assert (case.code, case.sheet) in found, (case.name, found)
        assert re.search(rf"(^| ){case.code}\b", ledger[case.name]["reasons"]), case.name
        assert verdict != "accepted" or all(
            f.startswith(("WB_004", "WB_010", "ST_")) for f in codes), (case.name, codes)


def test_one_run__consolidates_the_ten_valid_returns_as_a_run_on_them_alone(rt, mixed, folder,
                                                                            tmp_path):
    root, _cases = folder
    alone = aggregate(rt.plan, rt.period, [root / "a-valid"], tmp_path / "alone", jobs=1)
    for table in ("activities", "indicators", "statistics"):
        mine = [r for r in getattr(mixed["tables"], table) if r.get("institution") in TEN]
        ref = [r for r in getattr(alone.tables, table) if r.get("institution") in TEN]
        assert mine == ref, table
        assert ref, table
    assert all(any(r["file_sha256"] for r in getattr(alone.tables, t))
               for t in ("activities", "indicators", "statistics"))
    verdicts = {Path(n).name: v for n, v, _c in mixed["results"]}
    assert all(verdicts[rt.clean[c].name] == "accepted" for c in TEN)


def test_one_run__stays_within_memory_and_time(mixed):
    own, workers = mixed["own_kb"] / 1024, mixed["worker_kb"] / 1024
    slowest = max(mixed["times"])
    print(f"\npeak RSS: consolidating process {own:.0f} MB, largest worker {workers:.0f} MB; "
          f"slowest file {slowest[0]:.2f} s ({Path(slowest[1]).name}); whole run "
          f"{mixed['wall']:.1f} s for {len(mixed['times'])} files")
    assert own + 2 * workers < MAX_RSS_MB
    assert slowest[0] < MAX_SECONDS, slowest
    assert len(mixed["times"]) == len(mixed["results"]) - 3  # two lock files, one copy


def _report_sheets(path: Path) -> set[str]:
    from openpyxl import load_workbook

    return set(load_workbook(path, read_only=True).sheetnames)


_SHEET_IN_FORMULA = re.compile(r"(?:'((?:[^']|'')+)'|([A-Za-z_][\w. ]*))!")


def _formula_problems(path: Path, own_sheets: set[str], formula_sheets: set[str]) -> list:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    problems = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                where = f"{path.name}:{ws.title}!{cell.coordinate}"
                if cell.data_type == "f":
                    text = str(cell.value)
                    refs = {a.replace("''", "'") or b for a, b in _SHEET_IN_FORMULA.findall(text)}
                    if ws.title not in formula_sheets or not refs <= own_sheets or \
                            re.search(r"[\[|]|HYPERLINK|WEBSERVICE|CALL\(|EXEC", text, re.I):
                        problems.append((where, text))
                elif isinstance(cell.value, str) and cell.value.startswith(FORMULA_CHARS) and \
                        cell.data_type not in ("s", "inlineStr"):
                    problems.append((where, cell.value))
    return problems


def _texts_from_returns_reach_the_outputs(out: Path) -> None:
    """Guard against a vacuous scan: text that looks like a formula did reach the outputs."""
    from openpyxl import load_workbook

    findings = (out / "exports" / "findings.csv").read_text("utf-8-sig")
    activities = (out / "exports" / "activities.csv").read_text("utf-8-sig")
    assert "'=SUM(A1)" in activities and "'@SUM(1+1)" in activities
    assert "=HYPERLINK(1).xlsx" in findings
    texts = {c.value for sheet in load_workbook(out / "report.xlsx").worksheets
             for row in sheet.iter_rows() for c in row if c.data_type == "s"}
    # What was done and the problems are on the Activities sheet, the renamed sheet in a
    # finding; outputs and corrective actions are in the exports only.
    assert {"=SUM(A1)", "@SUM(1+1)", "=1+2"} <= texts


def test_no_output__carries_a_formula_from_a_return(mixed):
    import pyarrow.parquet as pq

    out = mixed["out"]
    _texts_from_returns_reach_the_outputs(out)
    report = out / "report.xlsx"
    own = _report_sheets(report)
    problems = _formula_problems(report, own, REPORT_FORMULA_SHEETS)
    feedback = sorted((out / "feedback").glob("*.xlsx"))
    assert feedback
    for path in feedback:
        problems += _formula_problems(path, set(), set())
    for path in [*(out / "exports").glob("*.csv"), out / "ledger.csv"]:
        with open(path, encoding="utf-8-sig") as fh:
            for n, row in enumerate(csv.reader(fh)):
                problems += [(f"{path.name}:{n + 1}", v) for v in row
                             if v.startswith(FORMULA_CHARS) and not _is_number(v)]
    for path in (out / "exports").glob("*.parquet"):
        for column in pq.read_table(path).to_pylist():
            problems += [(path.name, v) for v in column.values()
                         if isinstance(v, str) and v.startswith(FORMULA_CHARS)]
    assert problems == []


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def test_report__writes_its_own_formulas_on_its_summary_sheets(mixed):
    from openpyxl import load_workbook

    wb = load_workbook(mixed["out"] / "report.xlsx")
    with_formulas = {ws.title for ws in wb.worksheets
                     if any(c.data_type == "f" for row in ws.iter_rows() for c in row)}
    assert with_formulas and with_formulas <= REPORT_FORMULA_SHEETS


def test_huge_sheet__is_refused_at_its_sheet_and_far_corner(rt, tmp_path):
    ctx = make_context(rt.plan, rt.period)
    code = hostile_corpus.SPARE[0]
    part = hostile_corpus._sheet_part(rt, code)
    path = rewrite_zip(rt.clean[code], tmp_path / "far.xlsx", hostile_corpus._in_part(
        part, lambda d: d.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576">'
                                                   b"<v>1</v></c></row></sheetData>")))
    result = _process(ctx, path)
    area = next(s.name for s in rt.layouts[code].sheets if s.kind == "area")
    assert [(f.code, f.sheet, f.cell) for f in result.findings] == [
        ("WB_011", area, "XFD1048576")]
    assert result.verdict == "rejected"
    assert "XFD1048576" in str(result.findings[0]) and area in str(result.findings[0])


def test_declared_dimension_alone__is_harmless_and_read_as_usual(rt, tmp_path):
    """python-calamine ignores the declared dimension: only real cells make it allocate."""
    ctx = make_context(rt.plan, rt.period)
    code = hostile_corpus.SPARE[0]
    part = hostile_corpus._sheet_part(rt, code)
    path = rewrite_zip(rt.clean[code], tmp_path / "declared.xlsx", hostile_corpus._in_part(
        part, lambda d: re.sub(rb'<dimension ref="[^"]*"\s*/>',
                               b'<dimension ref="A1:XFD1048576"/>', d)))
    start = time.perf_counter()
    result = _process(ctx, path)
    assert time.perf_counter() - start < 2
    assert result.findings == [] and result.verdict == "accepted"


def _process(ctx, path: Path):
    return process(ctx, Submission(path, str(path), sha256_of(path), path.stat().st_size,
                                   path.stat().st_mtime))


# Fuzzing: any damage to a valid return becomes findings, never an exception.

class _Base(tuple):
    """The plan context and a valid return's bytes, shown briefly in failure reports."""

    def __repr__(self) -> str:
        return f"<context and {len(self[1]):,} bytes of a valid return>"


@pytest.fixture(scope="module")
def fuzz_base(rt):
    code = hostile_corpus.SPARE[1]
    return _Base((make_context(rt.plan, rt.period), rt.clean[code].read_bytes()))


def _check_survives(ctx, data: bytes, tmp: Path) -> None:
    path = tmp / "fuzzed.xlsx"
    path.write_bytes(data)
    result = _process(ctx, path)
    assert result.verdict in ("accepted", "accepted with errors", "rejected")
    assert all(f.file == str(path) and str(f) for f in result.findings)
    if result.verdict == "rejected":
        assert any(f.severity == "error" for f in result.findings)


_byte_edit = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**9), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.integers(0, 10**9), st.just(0)),
    st.tuples(st.just("insert"), st.integers(0, 10**9), st.binary(min_size=1, max_size=64)),
)


def _apply_bytes(data: bytes, edits) -> bytes:
    buf = bytearray(data)
    for kind, pos, arg in edits:
        pos %= max(len(buf), 1)
        if kind == "flip" and buf:
            buf[pos] ^= arg
        elif kind == "cut":
            del buf[pos:]
        elif kind == "insert":
            buf[pos:pos] = arg
    return bytes(buf)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(_byte_edit, min_size=1, max_size=4))
def test_fuzzed_bytes__become_findings_never_exceptions(fuzz_base, tmp_path, edits):
    ctx, data = fuzz_base
    _check_survives(ctx, _apply_bytes(data, edits), tmp_path)


_XML_SNIPPETS = [b"<", b">", b"&", b"&amp;", b"<!DOCTYPE x>", b"]]>", b"\x00", b"\xff\xfe",
                 b'r="XFD1048576"', b'r="A0"', b'r="ZZZZ9"', b"<f>1/0</f>", b't="e"', b't="s"',
                 b"<v>1e309</v>", b"<v>NaN</v>", b"<v>-1</v>", b'<c r="B5" t="s"><v>99999</v></c>',
                 b'<row r="0">', b"</sheetData>", b'state="veryHidden"', b'sheet="1"',
                 b'<sheet name="" sheetId="9" r:id="rId99"/>', b'<c r="A1" t="d"><v>x</v></c>',
                 "é😀".encode(), b"<is><t>=cmd|' /C calc'!A0</t></is>"]


@st.composite
def _xml_edit(draw):
    return (draw(st.integers(0, 10**6)), draw(st.sampled_from(["insert", "replace", "delete"])),
            draw(st.integers(0, 10**9)), draw(st.integers(1, 40)),
            draw(st.sampled_from(_XML_SNIPPETS) | st.binary(max_size=20)))


def _mutate_xml(data: bytes, edits) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {n: src.read(n) for n in src.namelist()}
    xml_names = sorted(n for n in parts if n.endswith((".xml", ".rels")))
    # Weight the parts the readers depend on: sheets and the workbook part, three times over.
    xml_names += 3 * [n for n in xml_names if n.startswith(("xl/worksheets/", "xl/workbook"))]
    for which, kind, pos, length, snippet in edits:
        name = xml_names[which % len(xml_names)]
        text = bytearray(parts[name])
        pos %= max(len(text), 1)
        if kind == "insert":
            text[pos:pos] = snippet
        elif kind == "replace":
            text[pos:pos + len(snippet)] = snippet
        else:
            del text[pos:pos + length]
        parts[name] = bytes(text)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, part in parts.items():
            zf.writestr(name, part)
    return out.getvalue()


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(_xml_edit(), min_size=1, max_size=3))
def test_fuzzed_xml__becomes_findings_never_exceptions(fuzz_base, tmp_path, edits):
    ctx, data = fuzz_base
    _check_survives(ctx, _mutate_xml(data, edits), tmp_path)



def test_reader_failure_nobody_foresaw__rejects_the_file_and_the_batch_goes_on(rt, tmp_path,
                                                                                monkeypatch):
    """A reader that fails in a new way (here: the sheet reader, failing as a bug would) costs
    the file, with WB_012, and never the batch."""
    import toolkit.aggregate.process as P

    real = P.read_sheets
    victim = rt.clean[hostile_corpus.SPARE[0]]

    def failing(path, wanted, *args, **kwargs):
        if Path(path).name.endswith(victim.name):  # the path given is the archive's copy
            raise IndexError("list index out of range")
        return real(path, wanted, *args, **kwargs)
    monkeypatch.setattr(P, "read_sheets", failing)
    result = aggregate(rt.plan, rt.period, [victim, rt.clean["POL"]], tmp_path / "out", jobs=1)

    verdicts = {Path(r.name).name: (r.verdict, [f.code for f in r.findings])
                for r in result.results}
    assert verdicts[victim.name] == ("rejected", ["WB_012"])
    assert verdicts[rt.clean["POL"].name] == ("accepted", [])
    found = next(f for r in result.results for f in r.findings if f.code == "WB_012")
    assert "IndexError" in str(found) and found.file.endswith(victim.name)


def test_a_reader_that_kills_its_process__costs_that_file_only(tmp_path, monkeypatch):
    """A file whose reading aborts the worker process is rejected with WB_012; the other files
    of the batch are consolidated as usual."""
    import os

    from conftest import SAMPLE_JSON
    from returns import Returns

    from toolkit.aggregate import process as process_module
    from toolkit.aggregate import run as run_module
    from toolkit.plan.jsonio import load

    plan = load(SAMPLE_JSON)
    rt = Returns(plan, "2026-H1", tmp_path / "r", ["POL", "MOI", "BORDER", "NGO-HOPE"])
    poison = tmp_path / "poison.xlsx"
    poison.write_bytes(rt.clean["POL"].read_bytes() + b"\0")
    real = process_module.process

    def aborting(ctx, sub):
        if sub.name.endswith("poison.xlsx"):
            os._exit(134)  # what an aborting native reader does to its process
        return real(ctx, sub)

    monkeypatch.setattr(run_module, "process", aborting)
    result = run_module.aggregate(plan, rt.period, [*rt.clean.values(), poison],
                                  tmp_path / "out", jobs=2)

    verdicts = {r.name.split("/")[-1]: r.verdict for r in result.results}
    assert verdicts["poison.xlsx"] == "rejected"
    assert [f.code for r in result.results if r.name.endswith("poison.xlsx")
            for f in r.findings] == ["WB_012"]
    assert {v for k, v in verdicts.items() if k != "poison.xlsx"} == {"accepted"}
    assert (tmp_path / "out" / "report.xlsx").is_file()
