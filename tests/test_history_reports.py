"""Reports across periods from the history store: the annual figures against figures computed
here from the values typed into the returns, the trend sheets and charts in LibreOffice, and the
history commands (list, show, export, import) through the command line."""

from __future__ import annotations

import csv
import zipfile

import pytest
from click.testing import CliRunner
from history_cases import PERIODS, consolidate, figure_of, last_of_year, save_plan
from openpyxl import load_workbook

from toolkit.cli import main

YEAR = 2026


@pytest.fixture(scope="module")
def recorded(plan_path, periods, tmp_path_factory):
    """Every period consolidated and recorded in one SQLite store: (store, output folders)."""
    base = tmp_path_factory.mktemp("recorded")
    store = str(base / "history.sqlite")
    outs = {code: consolidate(plan_path, periods[code], base / code, store).out_dir
            for code in PERIODS}
    return store, outs


def run(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def report_of(plan_path, store, tmp_path, *how):
    done = run("report", "--plan", plan_path, *how, "--out", tmp_path / "report", "--store",
               store)
    assert done.exit_code == 0, done.output
    return load_workbook(done.output.splitlines()[0].removeprefix("Report: "))


def typed(rt, code: str) -> list:
    """What the institutions typed for an indicator in one period's returns."""
    return [values[(code, "actual")] for values in rt.values.values()
            if (code, "actual") in values]


def expected_annual(plan, periods, year: int) -> dict[str, object]:
    """Each indicator's figure for the year, from the values typed: the total of the year's
    last period with a report, whether a count for the year to date, a running total or a
    level (docs/indicators.md §10)."""
    out = {}
    for ind in plan.indicators:
        reported = [sum(typed(periods[p], ind.code)) for p in PERIODS
                    if p.startswith(str(year)) and typed(periods[p], ind.code)]
        out[ind.code] = reported[-1] if reported else None
    return out


def sheet_rows(ws, first: int = 5) -> dict[str, tuple]:
    return {row[0]: row for row in ws.iter_rows(min_row=first, values_only=True) if row[0]}


def labelled(ws) -> dict[str, object]:
    return {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row[0]}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_annual_report__figures_equal_those_of_the_years_returns(backend, plan, plan_path,
                                                                 periods, tmp_path, request):
    if backend == "sqlite":
        store = request.getfixturevalue("recorded")[0]
    else:
        store = request.getfixturevalue("pg_cluster").create_database("annual")
        for code in PERIODS:
            consolidate(plan_path, periods[code], tmp_path / code, store)

    wb = report_of(plan_path, store, tmp_path, "--year", YEAR)

    rows = sheet_rows(wb[f"Indicators {YEAR}"])
    assert {code: row[4] for code, row in rows.items()} == expected_annual(plan, periods, YEAR)
    targets = {code: row[6] for code, row in rows.items()}
    assert targets == {i.code: plan.targets_of(i.code).get(YEAR) for i in plan.indicators}
    overview = labelled(wb["Overview"])
    year = [periods[p] for p in PERIODS if p.startswith(str(YEAR))]
    assert overview["Returns expected"] == sum(len(rt.assignments) for rt in year)
    assert overview["Returns received"] == overview["Received on time"] == \
        sum(len(rt.clean) for rt in year)
    spent = sum(last_of_year(periods, "spent", [p for p in PERIODS
                                                if p.startswith(str(YEAR))]).values())
    assert overview["Spent in the periods covered"] == pytest.approx(spent)
    allocated = sum(a.amount for a in plan.allocations if a.year == YEAR)
    assert overview[f"Allocated for {YEAR}"] == allocated == 2400
    assert overview[f"Budget execution {YEAR} (spent of allocated)"] == \
        pytest.approx(spent / allocated, abs=1e-4)
    assert overview["Periods covered: 2026-H1, 2026-H2."] is None


def test_to_date_report__takes_every_period_and_compares_with_mid_term_and_final(
        plan, plan_path, periods, recorded, tmp_path):
    wb = report_of(plan_path, recorded[0], tmp_path, "--to-date")

    rows = sheet_rows(wb["Progress to date"])
    for ind in plan.indicators:
        reported = [sum(typed(periods[p], ind.code)) for p in PERIODS
                    if typed(periods[p], ind.code)]
        value = figure_of(ind, [(p, sum(typed(periods[p], ind.code))) for p in PERIODS
                                if typed(periods[p], ind.code)])
        row = rows[ind.code]
        assert (row[4], row[5]) == (pytest.approx(value), f"{len(reported)} of {len(PERIODS)}")
        assert (row[7], row[9]) == (ind.target_midterm, ind.target_final)
        if ind.target_final is not None and ind.target_final != ind.baseline_value:
            assert row[10] == pytest.approx((value - ind.baseline_value) /
                                            (ind.target_final - ind.baseline_value), abs=1e-4)
    series = wb["Series"]
    assert [c.value for c in series[4]][4:] == list(PERIODS)
    overview = labelled(wb["Overview"])
    spent = sum(last_of_year(periods, "spent").values())
    planned = sum(a.cost or 0 for a in plan.activities)
    assert overview["Spent in the periods covered"] == pytest.approx(spent)
    assert overview["Spent to date against the estimated cost"] == \
        pytest.approx(spent / planned, abs=1e-4)


def test_series_sheet__holds_each_indicator_against_its_period_targets(plan, plan_path, periods,
                                                                       recorded, tmp_path):
    wb = report_of(plan_path, recorded[0], tmp_path, "--to-date")

    lines = {(r[0], r[3]): r[4:] for r in wb["Series"].iter_rows(min_row=5, values_only=True)}
    for ind in plan.indicators:
        assert lines[(ind.code, "Actual")] == tuple(
            sum(typed(periods[p], ind.code)) if typed(periods[p], ind.code) else None
            for p in PERIODS)
    charts = zipfile.ZipFile(next((tmp_path / "report").glob("*.xlsx"))).namelist()
    assert sum(1 for n in charts if n.startswith("xl/charts/chart")) == \
        len(plan.indicators) + 3  # a line per indicator; ratings, reporting rates, budget


def test_reporting_rates__per_institution_over_periods(plan_path, periods, recorded, tmp_path):
    wb = report_of(plan_path, recorded[0], tmp_path, "--to-date")

    rows = sheet_rows(wb["Reporting rates"])
    for code in ("OFF", "POL", "NGO-1"):
        expected = [p for p in PERIODS if code in periods[p].assignments]
        states = rows[code][2:2 + len(PERIODS)]
        assert [s for s in states if s] == ["on time"] * len(expected)
        assert rows[code][2 + len(PERIODS):4 + len(PERIODS)] == (1, 1)


@pytest.mark.libreoffice
def test_history_reports__open_in_calc_without_problems_and_keep_their_charts(
        plan_path, recorded, tmp_path):
    from support import libreoffice as lo

    if not lo.available():
        pytest.skip("LibreOffice (soffice and python3-uno) is not installed")
    annual = run("report", "--plan", plan_path, "--year", YEAR, "--out", tmp_path / "a",
                 "--store", recorded[0])
    to_date = run("report", "--plan", plan_path, "--to-date", "--out", tmp_path / "t",
                  "--store", recorded[0])
    paths = [next((tmp_path / d).glob("*.xlsx")) for d in ("a", "t")]
    assert annual.exit_code == to_date.exit_code == 0
    with lo.Calc() as calc:
        for path in paths:
            with calc.open(path, visible=False) as doc:
                assert doc.load_problems == []
                assert {"Series", "Series charts", "Progress to date", "Reporting rates",
                        "Budget to date"} <= set(doc.sheet_names())
    for path, saved in zip(paths, lo.convert(paths, tmp_path / "saved")):
        def charts(p):
            return sorted(n for n in zipfile.ZipFile(p).namelist()
                          if n.startswith("xl/charts/chart"))
        assert len(charts(saved)) == len(charts(path))


# The history commands.

def test_history_list__shows_every_recording(recorded):
    done = run("history", "list", "--store", recorded[0])

    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()[1:]
    assert [line.split()[:4] for line in lines] == [["TST-NAP", "1.0", p, "1"] for p in PERIODS]
    assert all("3/3" in line for line in lines)


def test_history_show__prints_the_series_with_its_targets(plan, periods, recorded):
    code = "A1.1.2-OUT"
    done = run("history", "show", "--indicator", code, "--store", recorded[0])

    assert done.exit_code == 0, done.output
    assert "yearly targets: 2025 5, 2026 10" in done.output
    values = [line.split()[1] for line in done.output.splitlines()[3:]]
    assert values == [str(sum(typed(periods[p], code))) for p in PERIODS]


def test_history_show__unknown_indicator_suggests_the_near_one(recorded):
    done = run("history", "show", "--indicator", "A1.1.2-OTU", "--store", recorded[0])

    assert done.exit_code == 3
    assert 'did you mean "A1.1.2-OUT"?' in done.output and "[STORE_010]" in done.output


def test_history_commands__on_a_store_that_is_not_there_say_so(tmp_path):
    done = run("history", "list", "--store", tmp_path / "none.sqlite")

    assert done.exit_code == 3
    assert "there is no store there" in done.output and "[STORE_001]" in done.output


def test_report__of_a_year_without_periods_says_which_are_recorded(plan_path, recorded,
                                                                   tmp_path):
    done = run("report", "--plan", plan_path, "--year", 2024, "--out", tmp_path,
               "--store", recorded[0])

    assert done.exit_code == 3
    assert "for 2024 (periods recorded: 2025-H2, 2026-H1, 2026-H2)" in done.output
    assert "[STORE_007]" in done.output


def test_history_export__writes_tidy_csv_and_parquet_of_every_value(recorded, tmp_path):
    import pyarrow.parquet as pq

    done = run("history", "export", tmp_path / "x", "--store", recorded[0])

    assert done.exit_code == 0, done.output
    for name in ("indicators", "activities", "statistics", "submissions"):
        with open(tmp_path / "x" / f"{name}.csv", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
        exported = [row for out in recorded[1].values()
                    for row in csv.DictReader(open(out / "exports" / f"{name}.csv",
                                                   encoding="utf-8-sig"))]
        expected = len(exported)
        assert len(rows) == expected
        assert {r["period"] for r in rows} == {r["period"] for r in exported}
        assert pq.read_table(tmp_path / "x" / f"{name}.parquet").num_rows == expected


def test_history_import__records_earlier_output_folders_as_the_run_did(plan_path, periods,
                                                                       recorded, tmp_path):
    from toolkit.store.connect import open_store
    from toolkit.store.read import history

    outs = [consolidate(plan_path, periods[p], tmp_path / p, None, record=False).out_dir
            for p in PERIODS]
    (outs[0] / "exports" / "submissions.csv").unlink()  # made before that export existed
    store = tmp_path / "imported.sqlite"

    done = run("history", "import", *outs, "--plan", plan_path, "--store", store)
    again = run("history", "import", outs[1], "--plan", plan_path, "--store", store)

    assert done.exit_code == again.exit_code == 0, done.output + again.output
    assert done.output.count("(revision 1)") == 3
    assert "already recorded" in again.output and "(revision 1)" in again.output
    with open_store(recorded[0]) as a, open_store(store) as b:
        direct, imported = history(a, "TST-NAP"), history(b, "TST-NAP")
    for one, other in zip(direct.periods, imported.periods):
        assert one.indicators == other.indicators and one.activities == other.activities
        assert one.statistics == other.statistics
        assert other.source == "import"
    assert [s["timeliness"] for s in imported.periods[0].expected] == ["", "", ""]
    assert [s["state"] for s in imported.periods[0].expected] == ["received"] * 3
    assert imported.periods[1].submissions == direct.periods[1].submissions


def test_history_import__refuses_a_folder_without_exports_or_of_another_plan(
        plan, plan_path, recorded, tmp_path):
    import dataclasses

    empty = run("history", "import", tmp_path, "--plan", plan_path, "--store",
                tmp_path / "s.sqlite")
    other = dataclasses.replace(plan, meta=dataclasses.replace(plan.meta, code="OTHER"))
    wrong = run("history", "import", recorded[1]["2025-H2"], "--plan",
                save_plan(other, tmp_path / "o"), "--store", tmp_path / "s.sqlite")

    assert empty.exit_code == wrong.exit_code == 3
    assert "it holds no exports/indicators.csv" in empty.output and "[STORE_011]" in empty.output
    assert "the exports are of plan TST-NAP, not of plan OTHER" in wrong.output
    assert "[STORE_012]" in wrong.output


def test_aggregate_cli__says_where_it_recorded(plan_path, periods, tmp_path):
    rt = periods["2025-H2"]
    done = run("aggregate", "--plan", plan_path, "--period", rt.period.code, "--out",
               tmp_path / "out", "--store", tmp_path / "s.sqlite", "--quiet", *rt.clean.values())

    assert done.exit_code == 0, done.output
    assert (f"Recorded 2025-H2 of plan TST-NAP in the history store {tmp_path / 's.sqlite'} "
            "(revision 1).") in done.output


@pytest.mark.slow
def test_demo__runs_two_years_into_a_store_and_writes_the_annual_report(tmp_path):
    done = run("demo", "--out", tmp_path)

    assert done.exit_code == 0, done.output
    listed = run("history", "list", "--store", tmp_path / "nap-history.sqlite")
    assert [line.split()[2] for line in listed.output.splitlines()[1:]] == \
        ["2025-H1", "2025-H2", "2026-H1", "2026-H2"]
    annual = tmp_path / "annual" / "VAL-NAP_annual-report_2026.xlsx"
    assert f"Annual report 2026, built from the history store: {annual}" in done.output
    assert "Indicators 2026" in load_workbook(annual, read_only=True).sheetnames
