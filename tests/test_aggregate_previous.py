"""Running totals against the previous consolidation: a real 2025-H2 consolidation of the
sample plan, then 2026-H1 returns compared with it; and every way the previous export is
refused, through the command line."""

from __future__ import annotations

import csv
import dataclasses
import multiprocessing

import pytest
from click.testing import CliRunner
from french import assert_french
from openpyxl import load_workbook
from returns import Returns

from toolkit.aggregate.intake.previous import PreviousError, read_previous
from toolkit.aggregate.run import aggregate
from toolkit.cli import main

PERIOD, BEFORE = "2026-H1", "2025-H2"
IND, INST = "A1.2-OUT-05", "MOI"
"""A cumulative number indicator of the Ministry of Interior, due in both periods."""
PREVIOUS = 110
OTHERS = ["BORDER", "POL", "NGO-HOPE"]


@pytest.fixture(scope="module")
def plan(sample_plan):
    """The sample plan, with a baseline of 50 under the indicator."""
    indicators = tuple(dataclasses.replace(i, baseline_value=50) if i.code == IND else i
                       for i in sample_plan.indicators)
    return dataclasses.replace(sample_plan, indicators=indicators)


def set_actual(rt, value, indicator=IND):
    f = rt.field(INST, indicator, "actual")

    def change(wb):
        wb[f.sheet][f.ref] = value
    return change


@pytest.fixture(scope="module")
def earlier(plan, tmp_path_factory):
    """The output folder of the 2025-H2 consolidation, MOI's running total at 110."""
    folder = tmp_path_factory.mktemp("earlier")
    rt = Returns(plan, BEFORE, folder, [INST, "BORDER"])
    moi = rt.edit(INST, folder / "moi.xlsx", set_actual(rt, PREVIOUS))
    aggregate(plan, rt.period, [moi, rt.clean["BORDER"]], folder / "out", jobs=1)
    return folder / "out"


@pytest.fixture(scope="module")
def now(plan, tmp_path_factory) -> Returns:
    return Returns(plan, PERIOD, tmp_path_factory.mktemp("now"), [INST, *OTHERS])


def running_totals(result) -> list[tuple[str, str, str, str]]:
    return [(f.code, f.sheet, f.cell, f.message) for f in result.findings if f.code == "CONS_005"]


def lower(now, value) -> tuple[str, str, str, str]:
    f = now.field(INST, IND, "actual")
    return ("CONS_005", f.sheet, f.ref, f"the cumulative value {value} is lower than {PREVIOUS} "
            f"({BEFORE}, the previous consolidation); a running total cannot go down")


@pytest.mark.parametrize("value, flagged", [(100, True), (40, True), (PREVIOUS, False),
                                            (120, False)])
def test_running_total__is_compared_with_the_previous_consolidation(now, earlier, tmp_path,
                                                                    value, flagged):
    """40 is below the baseline (50) too: one finding, naming the previous period."""
    moi = now.edit(INST, tmp_path / "moi.xlsx", set_actual(now, value))

    result = aggregate(now.plan, now.period, [moi], tmp_path / "out", jobs=1, previous=earlier)

    assert result.previous.period.code == BEFORE
    assert running_totals(result) == ([lower(now, value)] if flagged else [])


def test_running_total__is_compared_in_spawned_workers_too(now, earlier, tmp_path, monkeypatch):
    from toolkit.aggregate import workers

    spawn = multiprocessing.get_context("spawn")
    monkeypatch.setattr(workers.multiprocessing, "get_context", lambda *_a: spawn)
    moi = now.edit(INST, tmp_path / "moi.xlsx", set_actual(now, 100))
    paths = [moi, *(now.clean[code] for code in OTHERS)]

    result = aggregate(now.plan, now.period, paths, tmp_path / "out", jobs=2, previous=earlier)

    assert running_totals(result) == [lower(now, 100)]


@pytest.mark.parametrize("given", ["", "exports", "exports/indicators.csv"])
def test_previous__is_the_output_folder_its_exports_or_the_file_and_the_overview_says_so(
        now, earlier, tmp_path, given):
    result = aggregate(now.plan, now.period, [now.clean[INST]], tmp_path / "out", jobs=1,
                       previous=earlier / given)

    export = earlier / "exports" / "indicators.csv"
    assert (result.previous.path, result.previous.period.code) == (export, BEFORE)
    overview = load_workbook(result.report_path)["Overview"]
    assert overview["A3"].value == (f"Running totals compared with {BEFORE}, the previous "
                                    f"consolidation: {export}")


def test_cli__compares_with_previous_and_says_with_which(now, earlier, plan_json, tmp_path):
    moi = now.edit(INST, tmp_path / "moi.xlsx", set_actual(now, 100))
    result = CliRunner().invoke(main, ["aggregate", "--plan", str(plan_json), "--period", PERIOD,
                                       "--out", str(tmp_path / "out"), "--previous",
                                       str(earlier), str(moi)])
    assert result.exit_code == 1, result.output
    assert f"lower than {PREVIOUS} ({BEFORE}, the previous consolidation)" in result.output
    assert (f"Running totals compared with {BEFORE}, the previous consolidation "
            f"({earlier / 'exports' / 'indicators.csv'}).") in result.output


# Counts since 1 January: lower than the institution's previous consolidation of the same year.

COUNT = "A1.1-OUT-01"
"""A count (periodic number) of the Ministry of Interior, typed since 1 January."""
FIRST_HALF = 30


@pytest.fixture(scope="module")
def first_half(plan, tmp_path_factory):
    """The output folder of the 2026-H1 consolidation, MOI's count since 1 January at 30."""
    folder = tmp_path_factory.mktemp("first-half")
    rt = Returns(plan, PERIOD, folder, [INST])
    moi = rt.edit(INST, folder / "moi.xlsx", set_actual(rt, FIRST_HALF, COUNT))
    aggregate(plan, rt.period, [moi], folder / "out", jobs=1)
    return folder / "out"


def counts_down(result) -> list[tuple[str, str, str, str]]:
    return [(f.code, f.sheet, f.cell, f.message) for f in result.findings if f.code == "CONS_020"]


@pytest.mark.parametrize("value, flagged", [(12, True), (FIRST_HALF - 1, True),
                                            (FIRST_HALF, False), (45, False)])
def test_count_since_1_january__lower_than_earlier_in_the_year__is_told_at_its_cell(
        plan, first_half, tmp_path, value, flagged):
    """12 is what a person types who gives the second half's count alone."""
    rt = Returns(plan, "2026-H2", tmp_path / "returns", [INST])
    moi = rt.edit(INST, tmp_path / "moi.xlsx", set_actual(rt, value, COUNT))

    result = aggregate(plan, rt.period, [moi], tmp_path / "out", jobs=1, previous=first_half)

    f = rt.field(INST, COUNT, "actual")
    assert counts_down(result) == ([(
        "CONS_020", f.sheet, f.ref, f"the count {value} is lower than {FIRST_HALF} (2026-H1, "
        "the previous consolidation); a count since 1 January cannot go down within the "
        "year")] if flagged else [])


def test_count_since_1_january__is_not_compared_across_a_new_year(now, earlier, tmp_path):
    moi = now.edit(INST, tmp_path / "moi.xlsx", set_actual(now, 0, COUNT))

    result = aggregate(now.plan, now.period, [moi], tmp_path / "out", jobs=1, previous=earlier)

    assert result.previous.period.code == BEFORE
    assert result.previous.value(COUNT, INST) is not None, "read, and left alone in a new year"
    assert counts_down(result) == []


# The previous export as input: what is read, what is skipped, what is refused.

def table(earlier) -> list[list[str]]:
    with open(earlier / "exports" / "indicators.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def write(rows, path, delimiter=",", encoding="utf-8-sig"):
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def row_of(rows, indicator=IND, institution=INST) -> int:
    """The index in ``rows`` of the institution's total of the indicator."""
    head = rows[0]
    return next(n for n, r in enumerate(rows) if r[head.index("indicator")] == indicator and
                r[head.index("institution")] == institution and not r[head.index("dimension")])


def put(rows, n, column, value):
    rows[n][rows[0].index(column)] = value
    return rows


def test_previous__takes_institution_totals_of_running_totals_and_counts_only(now, earlier,
                                                                             tmp_path):
    rows = table(earlier)
    gone = list(rows[row_of(rows)])
    gone[rows[0].index("indicator")] = "GONE-01"
    gone[rows[0].index("value")] = "not even a number"
    put(rows, row_of(rows, "B1.2-OUT-04", "BORDER"), "value", "")
    path = write(rows + [gone], tmp_path / "indicators.csv")

    figures = read_previous(path, now.plan, now.period)

    kept = {i.code for i in now.plan.indicators if i.aggregation == "cumulative"
            or (i.aggregation == "periodic" and i.unit == "number")}
    assert figures.value(IND, INST) == PREVIOUS
    assert ("B1.2-OUT-04", "BORDER") not in figures.values  # blank: not reported
    assert {code for code, _inst in figures.values} <= kept
    assert {"A1.2-OUT-05", "A1.1-OUT-01"} <= {code for code, _inst in figures.values}


def test_previous__saved_again_with_semicolons_and_no_bom_is_read_the_same(now, earlier,
                                                                            tmp_path):
    rows = table(earlier)
    put(rows, row_of(rows), "value", "110,0")
    rows[1][rows[0].index("comment")] = "'=SUM(A1)"
    path = write(rows, tmp_path / "indicators.csv", ";", "utf-8")
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")

    figures = read_previous(path, now.plan, now.period)

    assert figures.values == read_previous(earlier, now.plan, now.period).values
    assert figures.value(IND, INST) == PREVIOUS


def at(rows, column: str, n: int) -> str:
    """The cell of ``column`` in ``rows[n]`` as a spreadsheet opening the file names it."""
    from openpyxl.utils.cell import get_column_letter

    return f"{get_column_letter(rows[0].index(column) + 1)}{n + 1}"


def _missing(earlier, tmp):
    return tmp / "nowhere", "PREV_001", "", "the path does not exist"


def _no_export(earlier, tmp):
    (tmp / "empty").mkdir()
    return tmp / "empty", "PREV_001", "", "the folder holds neither exports/indicators.csv"


def _not_utf8(earlier, tmp):
    rows = put(table(earlier), 1, "comment", "Prévention")
    return write(rows, tmp / "i.csv", encoding="cp1252"), "PREV_002", "", "not UTF-8 text"


def _empty(earlier, tmp):
    (tmp / "i.csv").write_bytes(b"")
    return tmp / "i.csv", "PREV_002", "", "the file is empty"


def _no_value_column(earlier, tmp):
    value = table(earlier)[0].index("value")
    rows = [r[:value] + r[value + 1:] for r in table(earlier)]
    return write(rows, tmp / "i.csv"), "PREV_003", "", "the column value is missing"


def _two_periods(earlier, tmp):
    rows = put(table(earlier), 2, "period", "2025-H1")
    return write(rows, tmp / "i.csv"), "PREV_004", "", 'more than one period ("2025-H1", ' \
                                                       '"2025-H2")'


def _not_the_plans(earlier, tmp):
    rows = table(earlier)
    for n in range(1, len(rows)):
        put(rows, n, "period", "2025-Q3")
    return write(rows, tmp / "i.csv"), "PREV_005", at(rows, "period", 1), "this export is " \
        'of a period that plan VAL-NAP does not have: the period "2025-Q3" does not fit'


def _another_plan(earlier, tmp):
    rows = table(earlier)
    put(rows, 3, "plan", "OTHER-NAP")
    return write(rows, tmp / "i.csv"), "PREV_011", at(rows, "plan", 3), 'this export is of ' \
        'plan "OTHER-NAP", not of plan VAL-NAP'



def _not_before(code):
    def build(earlier, tmp):
        rows = table(earlier)
        for n in range(1, len(rows)):
            put(rows, n, "period", code)
        return write(rows, tmp / "i.csv"), "PREV_006", at(rows, "period", 1), \
            f"the file is for period {code}, which is not before {PERIOD}"
    return build


def _not_a_number(earlier, tmp):
    rows = table(earlier)
    n = row_of(rows)
    return write(put(rows, n, "value", "about 110"), tmp / "i.csv"), "PREV_007", \
        at(rows, "value", n), \
        'the value "about 110" in column value is not a number'


def _no_rows(earlier, tmp):
    return write(table(earlier)[:1], tmp / "i.csv"), "PREV_008", "", "no rows below its headings"


def _twice(earlier, tmp):
    rows = table(earlier)
    n = row_of(rows)
    return write(rows + [rows[n]], tmp / "i.csv"), "PREV_009", at(rows, "indicator", len(rows)), \
        f"indicator {IND} of institution {INST} is given twice (first in row {n + 1})"


def _ambiguous(earlier, tmp):
    rows = table(earlier)
    n = row_of(rows)
    return write(put(rows, n, "value", "1.100"), tmp / "i.csv", ";"), "PREV_010", \
        at(rows, "value", n), \
        'the value "1.100" in column value could be read as 1.100 or as 1100'


REFUSALS = {"missing": _missing, "no export": _no_export, "not UTF-8": _not_utf8,
            "empty": _empty, "no value column": _no_value_column, "two periods": _two_periods,
            "not the plan's": _not_the_plans, "another plan": _another_plan,
            "same period": _not_before(PERIOD),
            "later period": _not_before("2026-H2"), "not a number": _not_a_number,
            "no rows": _no_rows, "twice": _twice, "ambiguous": _ambiguous}


@pytest.fixture(scope="module")
def plan_json(plan, tmp_path_factory):
    from toolkit.plan.jsonio import save

    path = tmp_path_factory.mktemp("plan") / "plan.json"
    save(plan, path)
    return path


@pytest.mark.parametrize("case", REFUSALS)
def test_cli__refuses_a_previous_export_it_cannot_trust(case, now, earlier, plan_json, tmp_path):
    given, code, cell, fragment = REFUSALS[case](earlier, tmp_path)
    with pytest.raises(PreviousError) as refused:
        read_previous(given, now.plan, now.period)
    assert_french([refused.value.finding])

    result = CliRunner().invoke(main, ["aggregate", "--plan", str(plan_json), "--period", PERIOD,
                                       "--out", str(tmp_path / "out"), "--previous", str(given),
                                       str(now.clean[INST])])

    assert result.exit_code == 3, result.output
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"{given}:{cell}: " if cell else f"{given}: ")
    assert fragment in line and line.endswith(f"[{code}]")
    assert not (tmp_path / "out").exists(), "nothing is written"


@pytest.mark.libreoffice
def test_previous__saved_again_by_libreoffice_with_semicolons_is_read_the_same(now, earlier,
                                                                               tmp_path):
    from tests.support import libreoffice as lo

    if not lo.available():
        pytest.skip("needs soffice and /usr/bin/python3 with uno")
    export = earlier / "exports" / "indicators.csv"
    [saved] = lo.convert([export], tmp_path, "csv:Text - txt - csv (StarCalc):59,34,76,1")
    # opened as Windows-1252 text, the byte order mark comes back as three letters
    assert saved.read_text(encoding="utf-8").startswith('"\u00ef\u00bb\u00bfplan";"period"')

    figures = read_previous(saved, now.plan, now.period)

    assert figures.values == read_previous(export, now.plan, now.period).values
    assert figures.value(IND, INST) == PREVIOUS
