"""The oracle: for both bundled samples and every period of one year, the returns are filled,
one is left missing and one is sent for the wrong period, the period is consolidated, and
report.xlsx is compared cell by cell with figures worked out by tests/oracle.py from
docs/indicators.md alone (it does not import the toolkit's consolidation, targets or rating
code; it reads the plan's JSON and the values the institutions typed).

The required inputs of a return that did not arrive are read from the institution's blank
workbook as LibreOffice computes its completeness panel.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook
from oracle import (
    OraclePlan,
    budget_figures,
    budget_lines,
    indicator_figures,
    statistics_figures,
)
from returns import Returns

from tests.support import libreoffice as lo
from toolkit.aggregate.run import aggregate
from toolkit.commands.samples import SAMPLES
from toolkit.declarations.labels import labels
from toolkit.plan.load import load_checked_plan

YEARS = {"valdoria": 2026, "merande": 2026}
PERIODS = {"valdoria": ["2026-H1", "2026-H2"],
           "merande": ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]}
CASES = [(name, period) for name in sorted(PERIODS) for period in PERIODS[name]]

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not lo.available(), reason="needs soffice and /usr/bin/python3 with uno"),
]


@pytest.fixture(scope="module")
def plans():
    out = {}
    for name in PERIODS:
        plan, findings = load_checked_plan(SAMPLES[name].path)
        assert findings == []
        out[name] = (plan, OraclePlan.read(SAMPLES[name].json_path))
    return out


def _wrong_period(rt: Returns, code: str, target):
    """The institution's return, with the stamp of another period: rejected, but its stamp
    still names the institution."""
    def change(wb):
        for row in wb["NAPStamp"].iter_rows():
            if row[0].value == "period":
                row[1].value = "2025-H2" if rt.plan.meta.frequency == "semi-annual" \
                    else "2025-Q4"
    return rt.edit(code, target, change)


def _providers(oracle: OraclePlan, period: str, rt: Returns) -> list[str]:
    """Institutions providing an indicator due in the period, coordinator last."""
    from oracle import due

    found = sorted({i["provider"] for i in oracle.data["indicators"] if due(oracle, i, period)}
                   & set(rt.assignments))
    office = oracle.meta["coordinating_office"]
    return [c for c in found if c != office] + [c for c in found if c == office]


@pytest.fixture(scope="module", params=CASES, ids=[f"{n}-{p}" for n, p in CASES])
def run(request, plans, tmp_path_factory):
    name, period = request.param
    plan, oracle = plans[name]
    tmp = tmp_path_factory.mktemp(f"oracle-{name}-{period}")
    rt = Returns(plan, period, tmp)
    missing, rejected = _providers(oracle, period, rt)[:2]
    sent = tmp / "sent"
    sent.mkdir()
    for code, path in rt.clean.items():
        if code == rejected:
            _wrong_period(rt, code, sent / path.name)
        elif code != missing:
            (sent / path.name).write_bytes(path.read_bytes())
    result = aggregate(plan, rt.period, [sent], tmp / "out", jobs=1)
    typed = {c: v for c, v in rt.values.items() if c not in (missing, rejected)}
    return {"name": name, "period": period, "plan": plan, "oracle": oracle, "rt": rt,
            "missing": missing, "rejected": rejected, "result": result, "typed": typed,
            "out": tmp / "out", "text": labels(plan.meta.language)}


def _table(wb, title: str, header_row: int = 1) -> tuple[list[str], list[tuple]]:
    ws = wb[title]
    rows = list(ws.iter_rows(min_row=header_row, values_only=True))
    return list(rows[0]), rows[1:]


def _col(text, key: str) -> str:
    return text[f"monitoring.column.{key}"]


def _report(run):
    return load_workbook(run["out"] / "report.xlsx", data_only=True)


def _shown(text, unit: str, value):
    if unit == "yes-no" and value is not None:
        return text["report.yes"] if value else text["report.no"]
    return value


RATING_KEYS = {"green": "green", "amber": "amber", "red": "red", "grey": "grey",
               "not rated": "not_rated"}


def test_indicators__targets_values_achievements_and_ratings_are_the_rules(run):
    text = run["text"]
    expected = indicator_figures(run["oracle"], run["period"], run["typed"])
    header, rows = _table(_report(run), text["monitoring.sheet.indicators"])
    at = {key: header.index(_col(text, key)) for key in (
        "indicator", "institution", "breakdown", "baseline", "target", "actual",
        "achievement", "rating")}
    found = {}
    for row in rows:
        if row[at["breakdown"]] == text["monitoring.total"]:
            found[(row[at["indicator"]], row[at["institution"]])] = row
    assert set(found) == set(expected), "one total row per indicator due, by its provider"
    for key, fig in expected.items():
        row = found[key]
        got = {k: row[at[k]] for k in ("baseline", "target", "actual", "achievement", "rating")}
        want = {"baseline": fig.baseline, "target": _shown(text, fig.unit, fig.target),
                "actual": _shown(text, fig.unit, fig.value), "achievement": fig.achievement,
                "rating": text[f"monitoring.rating.{RATING_KEYS[fig.rating]}"]}
        if isinstance(got["achievement"], float):
            got["achievement"] = round(got["achievement"], 4)
        assert got == want, key


def _overview(run) -> dict[str, object]:
    ws = _report(run)[run["text"]["monitoring.sheet.overview"]]
    return {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row[0]}


def _figure(run, key: str):
    return _overview(run)[run["text"][f"monitoring.figure.{key}"]]


def test_overview__counts_every_expected_return_and_rating(run):
    rt = run["rt"]
    expected = indicator_figures(run["oracle"], run["period"], run["typed"])
    ratings = {r: sum(1 for f in expected.values() if f.rating == r) for r in RATING_KEYS}
    n = len(rt.assignments)
    assert (_figure(run, "expected"), _figure(run, "received"), _figure(run, "missing"),
            _figure(run, "rejected")) == (n, n - 2, 1, 1)
    assert _figure(run, "timeliness") == pytest.approx((n - 2) / n)
    assert _figure(run, "indicators") == len(expected)
    for code, count in ratings.items():
        label = run["text"][f"monitoring.rating.{RATING_KEYS[code]}"]
        assert _overview(run)[label] == count, code


def _blank_required(calc, run, code: str) -> int:
    """The required inputs of the institution's blank workbook: the sum of its completeness
    panel, as LibreOffice computes it."""
    text = run["text"]
    with calc.open(run["rt"].generated[code], visible=False) as doc:
        doc.recalc()
        sheet = text["report.sheet.cover"]
        row = next(r for r in range(1, 60)
                   if doc.value(sheet, f"B{r}") == text["report.cover.required"])
        total = 0
        while doc.value(sheet, f"A{row + 1}"):
            row += 1
            total += int(doc.value(sheet, f"B{row}"))
    return total


@pytest.fixture(scope="module")
def calc():
    with lo.Calc() as instance:
        yield instance


def test_completeness__counts_the_missing_and_the_rejected_return_as_unfilled(run, calc):
    text = run["text"]
    header, rows = _table(_report(run), text["monitoring.sheet.submissions"])
    at = {key: header.index(_col(text, key)) for key in (
        "institution", "state", "filled", "required")}
    by = {r[at["institution"]]: r for r in rows if r[at["institution"]]}
    for code in (run["missing"], run["rejected"]):
        assert by[code][at["filled"]] == 0
        assert by[code][at["required"]] == _blank_required(calc, run, code), code
    used = [r for c, r in by.items() if c not in (run["missing"], run["rejected"])]
    filled = sum(r[at["filled"]] for r in used)
    required = sum(r[at["required"]] for r in used) + by[run["missing"]][at["required"]] + \
        by[run["rejected"]][at["required"]]
    assert _figure(run, "completeness") == pytest.approx(filled / required)
    assert by[run["missing"]][at["state"]] == text["monitoring.state.missing"]


def test_rejected_return__is_attributed_in_submissions_ledger_and_feedback(run):
    text, code = run["text"], run["rejected"]
    header, rows = _table(_report(run), text["monitoring.sheet.submissions"])
    row = next(r for r in rows if r[0] == code)
    wrong = "2025-H2" if run["plan"].meta.frequency == "semi-annual" else "2025-Q4"
    reason = text["monitoring.reason.ID_005"].format(found=wrong, expected=run["period"])
    assert row[header.index(_col(text, "state"))] == \
        text["monitoring.state.rejected"].format(reason=reason)
    entries = json.loads((run["out"] / "ledger.json").read_text(encoding="utf-8"))
    [entry] = [e for e in entries if e["verdict"] == "rejected"]
    assert entry["institution"] == code
    feedback = run["out"] / "feedback" / f"{run['plan'].meta.code}_{run['period']}_{code}" \
        "_feedback.xlsx"
    assert feedback.exists()


def test_oracle_covers_every_period_of_a_year():
    for name, periods in PERIODS.items():
        oracle = OraclePlan.read(SAMPLES[name].json_path)
        assert periods == oracle.periods(YEARS[name]), name
    assert dt.date.fromisoformat(
        OraclePlan.read(SAMPLES["merande"].json_path).meta["start"]).year == 2026


def _blocks(ws, titles: dict[str, str]) -> dict[str, list[tuple]]:
    """The rows of each statistics table of a report sheet, its heading row first, then the
    note under it (after a blank line), by table."""
    rows = list(ws.iter_rows(values_only=True))
    by_title = {title: key for key, title in titles.items()}
    out, current, ended = {}, None, False
    for row in rows:
        filled = any(v not in (None, "") for v in row)
        if row[0] in by_title:
            current, ended = by_title[row[0]], False
            out[current] = []
        elif current and filled:
            out[current].append(row)
            if ended:
                current = None
        elif current:
            ended = True
    return out


def _titles(text) -> dict[str, str]:
    return {k.rpartition(".")[2]: v for k, v in text.items()
            if k.startswith("report.stats.table.")}


def test_statistics__consolidated_figure_is_the_official_sources_never_a_sum(run):
    text = run["text"]
    expected = statistics_figures(run["oracle"], run["rt"].values, set(run["typed"]))
    ws = _report(run)[text["monitoring.sheet.statistics_restricted"]]
    blocks = _blocks(ws, _titles(text))
    assert set(blocks) == set(expected)
    for table, figures in expected.items():
        head, *body = blocks[table]
        width = len(figures[0].columns)
        lines = iter(body)
        for fig in figures:
            line = next(lines)
            want = fig.figures or [None] * width
            assert list(line[1:1 + width]) == want, (table, fig.row)
            if len(fig.by_holder) == 1:
                continue
            flag = text["monitoring.statistics.differ"] if fig.differ else None
            assert (line[1 + width] or None) == flag, (table, fig.row)
            shown = {}
            for _ in fig.by_holder:
                holder = next(lines)
                shown[holder[0].strip()] = list(holder[1:1 + width])
            want = {(text["monitoring.statistics.official"].format(institution=h)
                     if h == fig.official else h): v for h, v in fig.by_holder.items()}
            assert shown == want, (table, fig.row)


def test_statistics__public_cells_are_official_figures_or_marks_with_the_source_named(run):
    text = run["text"]
    expected = statistics_figures(run["oracle"], run["rt"].values, set(run["typed"]))
    ws = _report(run)[text["monitoring.sheet.statistics_public"]]
    blocks = _blocks(ws, _titles(text))
    threshold = run["oracle"].meta["publication_threshold"]
    names = {i["code"]: i["name"] for i in run["oracle"].data["institutions"]}
    for table, figures in expected.items():
        head, *body = blocks[table]
        official = [f for f in figures if f.official]
        values = [v for f in official for v in f.figures]
        shown = [v for row in body[:len(official)] for v in row[1:1 + len(figures[0].columns)]]
        for want, got in zip(values, shown):
            if isinstance(got, (int, float)):
                assert got == want, table
            elif got == f"<{threshold}":
                assert want is not None and 0 < want < threshold, table
        note = body[-1][0]
        for inst in {f.official for f in official}:
            assert names[inst] in note, (table, inst)


def test_budget__execution_is_spending_of_the_year_to_date_against_its_allocations(run):
    text, year = run["text"], run["period"][:4]
    expected = budget_figures(run["oracle"], run["period"], run["rt"].values, set(run["typed"]))
    rows = list(_report(run)[text["monitoring.sheet.budget"]].iter_rows(values_only=True))
    for key, lines in expected.items():
        found = budget_lines(rows, text[f"monitoring.budget_by.{key}"])
        assert set(found) == set(lines), key
        for code, fig in lines.items():
            row = found[code]
            basis = text["monitoring.budget_basis.no_share"] if key == "institution" else \
                text["monitoring.budget_basis.no_allocation"].format(year=year)
            assert (row[3], row[4]) == pytest.approx((fig.allocated or 0, fig.spent)), \
                (key, code)
            if fig.execution is None:
                assert row[5] == basis, (key, code)
            else:
                assert row[5] == pytest.approx(fig.execution), (key, code)
    overview = _overview(run)
    allocated = sum(f.allocated or 0 for f in expected["area"].values())
    spent = sum(f.spent for f in expected["area"].values())
    label = text["monitoring.figure.execution"].format(year=year)
    assert overview[label] == pytest.approx(spent / allocated)


WORKBOOK_RATINGS = {"green": "report.rating.green", "amber": "report.rating.amber",
                    "red": "report.rating.red", "not rated": "report.rating.not_rated"}


def test_workbook_formula__shows_the_rating_the_report_gives(run, calc):
    """The rating of each indicator in the institution's own workbook, as LibreOffice
    recalculates it, is the oracle's (and so the report's)."""
    rt, text = run["rt"], run["text"]
    code = run["oracle"].meta["coordinating_office"]
    expected = {k[0]: f for k, f in indicator_figures(run["oracle"], run["period"],
                                                      run["typed"]).items() if k[1] == code}
    assert expected, "the coordinator's office provides indicators in every period"
    with calc.open(rt.clean[code], visible=False) as doc:
        doc.recalc()
        for ind, fig in expected.items():
            f = rt.field(code, ind, "rating")
            shown = doc.value(f.sheet, f.ref)
            want = text[WORKBOOK_RATINGS[fig.rating]] if fig.rating in WORKBOOK_RATINGS else ""
            assert (shown or "") == want, ind


def test_indicators__only_total_rows_are_rated(run):
    text = run["text"]
    header, rows = _table(_report(run), text["monitoring.sheet.indicators"])
    breakdown, rating = header.index(_col(text, "breakdown")), header.index(_col(text, "rating"))
    parts = [r for r in rows if r[breakdown] != text["monitoring.total"]]
    assert parts and all(r[rating] in (None, "") for r in parts)


def test_overview__counts_the_indicators_not_due_in_the_period(run):
    from oracle import due

    oracle = run["oracle"]
    not_due = sum(1 for i in oracle.data["indicators"] if not due(oracle, i, run["period"]))
    assert _figure(run, "not_due") == not_due
