"""The follow-up sheets of the reporting workbooks: Recommendations (T10) in the workbooks of
the institutions a recommendation is addressed to, and the civil-society contribution (T14) in
the workbooks of civil-society organisations; read, checked, consolidated and tracked."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from openpyxl import load_workbook
from returns import Returns

from tests.support.ooxml import validate
from toolkit.aggregate.context import make_context
from toolkit.aggregate.intake.files import sha256_of
from toolkit.aggregate.process import process
from toolkit.aggregate.returned import Submission
from toolkit.aggregate.run import aggregate
from toolkit.history.followup import follow_up, overall
from toolkit.history.records import PeriodRecord
from toolkit.history.series import History
from toolkit.plan.model import Recommendation

PERIOD = "2026-H1"
REC = "GRETA3-112"  # addressed to MLSP and SOC-CTR in the sample


@pytest.fixture(scope="module")
def rt(sample_plan, tmp_path_factory) -> Returns:
    return Returns(sample_plan, PERIOD, tmp_path_factory.mktemp("followup"),
                   ["SOC-CTR", "MLSP", "NGO-HOPE", "MOI", "STAT"])


@pytest.fixture(scope="module")
def ctx(rt):
    return make_context(rt.plan, rt.period)


def _run(ctx, path):
    return process(ctx, Submission(path, str(path), sha256_of(path), path.stat().st_size,
                                   path.stat().st_mtime))


def _found(result) -> list[tuple[str, str, str]]:
    return [(f.code, f.sheet, f.cell) for f in result.findings]


def _set(rt, code: str, values: dict[str, object], name: str, tmp_path, rec: str = REC):
    """The clean return of ``code`` with the recommendation's inputs replaced."""
    def change(wb):
        for key, value in values.items():
            f = rt.field(code, rec, key)
            wb[f.sheet].cell(row=f.row, column=f.col + 1).value = value
    return rt.edit(code, tmp_path / name, change)


def test_recommendations__only_in_the_workbooks_of_the_institutions_addressed(rt):
    for code, path in rt.generated.items():
        names = load_workbook(path, read_only=True).sheetnames
        assert ("Recommendations" in names) == (code in ("SOC-CTR", "MLSP", "STAT")), code
    ws = load_workbook(rt.generated["SOC-CTR"])["Recommendations"]
    assert [ws.cell(row=5, column=c).value for c in (1, 3)] == [REC, dt.datetime(2023, 6, 30)]
    assert ws["F4"].value == "Status" and ws["F5"].protection.locked is False
    assert ws["A5"].protection.locked is not False
    status = next(dv for dv in ws.data_validations.dataValidation if "F5" in str(dv.sqref))
    assert status.type == "list" and status.formula1 == "list_recommendation_status"
    assert status.errorStyle in (None, "stop")


def test_recommendations__a_recommendation_made_after_the_period_is_not_asked_yet(sample_plan):
    from toolkit.reporting.periods import parse_period
    from toolkit.reporting.scope import assignments

    m = sample_plan.meta
    early = parse_period("2025-H1", m.frequency, m.start, m.end)
    # NREM-2025-03 was made on 2025-04-30, within 2025-H1; EU-2024-DATA before the plan
    asked = {r.code for r in assignments(sample_plan, early)["POL"].recommendations}
    assert asked == {"NREM-2025-03"}
    later = dataclasses.replace(sample_plan.recommendations[2], date=dt.date(2025, 7, 1))
    plan = dataclasses.replace(sample_plan, recommendations=(later,))
    assert assignments(plan, early)["POL"].recommendations == ()


@pytest.mark.parametrize("values, expected", [
    ({"status": None}, [("CELL_001", "F5")]),
    ({"status": "Done"}, [("CELL_006", "F5")]),
    ({"status": "In progress", "action": None}, [("REC_001", "G5")]),
    ({"status": "Implemented", "evidence": None}, [("REC_002", "H5")]),
])
def test_recommendation_row__each_gap_is_reported_at_its_cell(values, expected, rt, ctx,
                                                              tmp_path):
    base = {"action": "Draft amendment sent to the government", "evidence": "Decree 12/2026",
            "next_step": "Adoption in 2026-H2"}
    path = _set(rt, "SOC-CTR", {**base, **values}, "soc.xlsx", tmp_path)
    found = [(c, cell) for c, sheet, cell in _found(_run(ctx, path))
             if sheet == "Recommendations"]
    assert found == expected


def test_recommendation_past_due__asks_for_the_next_step(rt, ctx, tmp_path):
    # EU-2024-DATA was due on 2025-12-31, before the end of 2026-H1
    path = _set(rt, "STAT", {"status": "In progress", "action": "Dataset drafted",
                             "next_step": None}, "stat.xlsx", tmp_path, "EU-2024-DATA")
    found = _run(ctx, path).findings
    assert [(f.code, f.sheet, f.cell) for f in found] == [("REC_003", "Recommendations", "I5")]
    assert str(found[0]).endswith("recommendation EU-2024-DATA was due on 2025-12-31 and is in "
                                  "progress, and no next step is given. Say in Next step what "
                                  "will be done, and by when [REC_003]")
    implemented = _set(rt, "STAT", {"status": "Implemented", "evidence": "Release 2026/4",
                                    "next_step": None}, "stat2.xlsx", tmp_path, "EU-2024-DATA")
    assert _run(ctx, implemented).findings == []


def test_recommendation_statuses__are_read_in_the_workbook_language(sample_plan, tmp_path):
    plan = dataclasses.replace(sample_plan, meta=dataclasses.replace(sample_plan.meta,
                                                                     language="fr"))
    rt = Returns(plan, PERIOD, tmp_path, ["MLSP"])
    path = _set(rt, "MLSP", {"status": "Mise en œuvre", "evidence": "Décret 12/2026"},
                "mlsp.xlsx", tmp_path)
    ctx = make_context(plan, rt.period)
    result = _run(ctx, path)
    assert [f for f in result.findings if f.sheet == "Recommandations"] == []
    assert result.values[("recommendations", REC, "status")].value == "implemented"


def test_civil_society__form_in_every_ngo_workbook_and_in_no_other(rt, sample_plan):
    from toolkit.reporting.periods import parse_period
    from toolkit.reporting.scope import assignments

    names = load_workbook(rt.generated["NGO-HOPE"], read_only=True).sheetnames
    assert {"Observations", "Civil society"} <= set(names)
    assert "Observations" not in load_workbook(rt.generated["MOI"], read_only=True).sheetnames
    # an organisation with nothing else to report still gets the form
    m = sample_plan.meta
    alone = dataclasses.replace(sample_plan, institutions=sample_plan.institutions + (
        dataclasses.replace(sample_plan.institutions[-1], code="NGO-NEW", name="New NGO",
                            type="ngo", statistics=()),))
    period = parse_period(PERIOD, m.frequency, m.start, m.end)
    new = assignments(alone, period)["NGO-NEW"]
    assert new.civil_society and not new.activities and len(new.observations) == 60


def test_civil_society__consent_is_required_and_contributions_are_consolidated(
        rt, ctx, tmp_path):
    def change(wb):
        f = rt.field("NGO-HOPE", "consent", "consent")
        wb[f.sheet].cell(row=f.row, column=f.col + 1).value = None
        f = rt.field("NGO-HOPE", "A1.1.1", "assessment")
        wb[f.sheet].cell(row=f.row, column=f.col + 1, value="No progress")
        f = rt.field("NGO-HOPE", "A1.1.1", "observation")
        wb[f.sheet].cell(row=f.row, column=f.col + 1, value="The campaign missed the villages")
    path = rt.edit("NGO-HOPE", tmp_path / "ngo.xlsx", change)
    assert [(c, cell) for c, sheet, cell in _found(_run(ctx, path))
            if sheet == "Civil society"] == [("CELL_001", "C9")]
    result = aggregate(rt.plan, rt.period, [path, rt.clean["MOI"]], tmp_path / "out")
    observed = {r["activity"]: r for r in result.tables.observations}
    assert observed["A1.1.1"]["assessment"] == "no progress"
    assert observed["A1.1.1"]["observation"] == "The campaign missed the villages"
    assert (observed["A1.1.1"]["sheet"], observed["A1.1.1"]["institution"]) == (
        "Observations", "NGO-HOPE")
    typed = {k for k, v in rt.values["NGO-HOPE"].items() if k[1] == "assessment"}
    assert set(observed) == {code for code, _key in typed} | {"A1.1.1"}
    parts = {(r["part"], r["field"]): r["text"] for r in result.tables.narrative
             if r["institution"] == "NGO-HOPE"}
    assert parts[("civil_society", "assistance")] == "Too few shelter places outside the capital."
    assert parts[("civil_society", "consent")] is None
    assert not any(r["part"] == "civil_society" for r in result.tables.narrative
                   if r["institution"] == "MOI")


def _record(period: str, rows: list[dict]) -> PeriodRecord:
    return PeriodRecord("P", "1", "h", period, None, "aggregate", "o", recommendations=rows)


def test_tracker__carries_the_last_status_reported_and_tells_overdue(sample_plan):
    rec = Recommendation("R1", "EU", dt.date(2025, 1, 1), "Do it", ("A", "B"),
                         due=dt.date(2025, 12, 31))
    plan = dataclasses.replace(sample_plan, recommendations=(rec,))
    history = History(plan, [
        _record("2025-H2", [{"recommendation": "R1", "institution": "A", "status": "in progress",
                             "action": "Started"}]),
        _record("2026-H1", [{"recommendation": "R1", "institution": "B",
                             "status": "implemented", "evidence": "Law 3"}])])
    (item,) = follow_up(history)
    a, b = item.standings
    assert (a.status, a.since, a.action, a.by_period) == (
        "in progress", "2025-H2", "Started", {"2025-H2": "in progress", "2026-H1": None})
    assert (b.status, b.since, b.evidence) == ("implemented", "2026-H1", "Law 3")
    assert item.overall == "partially implemented" and item.overdue
    assert follow_up(history, today=dt.date(2025, 12, 1))[0].overdue is False


@pytest.mark.parametrize("statuses, expected", [
    ([None, None], None),
    (["implemented", "implemented"], "implemented"),
    (["not addressed", None], "not addressed"),
    (["in progress", "not addressed"], "in progress"),
    (["partially implemented", "in progress"], "partially implemented"),
    (["implemented", None], "partially implemented"),
])
def test_tracker__overall_status_across_the_institutions_addressed(statuses, expected):
    assert overall(statuses) == expected


@pytest.mark.slow
def test_demo__shows_coverage_recommendations_review_and_evaluation(tmp_path):
    import csv

    from click.testing import CliRunner

    from toolkit.cli import main

    done = CliRunner().invoke(main, ["demo", "--out", str(tmp_path)])
    assert done.exit_code == 0, done.output
    assert "VAL-NAP: 59 of 65 standard measures covered." in done.output
    assert f"Wrote {tmp_path / 'coverage.xlsx'}." in done.output
    assert "3 recommendation(s) followed over 4 recorded period(s)." in done.output
    # The review of 2025, decided on one objective and read back, is cited by 2026's reports.
    assert "Recorded 1 decision(s) of review 2025 of plan VAL-NAP" in done.output
    for period in ("2025-H2", "2026-H1"):
        sheet = load_workbook(tmp_path / period / "report" / "report.xlsx",
                              read_only=True)["Decisions"]
        cited = [r for r in sheet.iter_rows(min_row=2, values_only=True) if any(r)]
        assert [(r[0], r[5]) for r in cited] == ([] if period == "2025-H2" else
                                                 [("SO-A1.1", "Approved")])
    assert (tmp_path / "review-to-date.xlsx").is_file()
    assert sorted(p.name for p in (tmp_path / "evaluation").iterdir()) == [
        "VAL-NAP_evaluation-matrix.xlsx", "VAL-NAP_evaluation-terms-of-reference.docx"]
    # Every kind of workbook the cycle writes: the agencies' workbooks, reports, feedback, the
    # annual report, coverage, tracker, review packs and evaluation matrix (not the returns the
    # demo filled, nor their archive copies).
    written = [p for p in tmp_path.rglob("*.xlsx") if not {"returns", "archive"} & set(p.parts)]
    assert {p.parent.name for p in written} >= {"workbooks", "report", "feedback", "annual",
                                                "evaluation", tmp_path.name}
    assert validate(*written) == []
    periods = ["2025-H1", "2025-H2", "2026-H1", "2026-H2"]
    reported = {}
    for period in periods:
        with open(tmp_path / period / "report" / "exports" / "recommendations.csv",
                  encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                reported[(row["recommendation"], row["institution"], period)] = row["status"]
    ws = load_workbook(tmp_path / "tracker.xlsx", read_only=True)["By institution"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert list(rows[0][2:6]) == periods
    labels = {"not addressed": "Not addressed", "in progress": "In progress",
              "partially implemented": "Partially implemented", "implemented": "Implemented"}
    for row in rows[1:]:
        assert [row[2 + n] for n in range(4)] == [
            labels[reported[(row[0], row[1], p)]] for p in periods], row[:2]
    assert len(rows) - 1 == 7  # 2 + 3 + 2 institutions addressed
