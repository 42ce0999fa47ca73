"""Consolidation of returns that a real LibreOffice Calc filled and saved, and of the report it
produced, recalculated and opened by Calc.

Three generated workbooks of the sample plan for 2026-H1 are typed into through key presses
(``Doc.type``), saved by Calc as .xlsx and consolidated. The report of that run and of
``toolkit demo`` are recalculated by Calc, and every figure is checked against sums computed
here from the CSV exports and the ledger.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.returns import person_values, rewrite_zip, stat_blocks
from tests.support import libreoffice as lo
from toolkit.aggregate.context import make_context
from toolkit.aggregate.run import aggregate
from toolkit.declarations.reporting import declarations
from toolkit.generate.workbooks import generate
from toolkit.reporting.layout import WorkbookLayout, build_layout, default_deadline
from toolkit.reporting.scope import assignments
from toolkit.reporting.statistics_sheet import axis

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not lo.available(), reason="needs soffice and /usr/bin/python3 with uno"),
]

PERIOD = "2026-H1"
INSTITUTIONS = ("POL", "NGO-HOPE", "MOI")
J2_TYPED = {("prison_1_3", "female"): 2}
"""The small count among the J2 cells POL types; the others are 10."""
STATUSES = ["Not started", "Ongoing - on track", "Ongoing - delayed", "Completed",
            "Partially completed", "Not implemented", "Continuous", "Cancelled / superseded",
            "No data"]
RATINGS = {"green": "On track (green)", "amber": "At risk (amber)", "red": "Off track (red)",
           "grey": "No data (grey)", "not rated": "Not rated (context-dependent)"}


@dataclass(frozen=True)
class Entry:
    """One value typed into a return, and what consolidation must make of it."""

    institution: str
    sheet: str
    row_key: str
    key: str
    text: str
    value: object


def _activity(inst, sheet, code, status, status_value, **fields):
    entries = [Entry(inst, sheet, code, "status", status, status_value)]
    for key, (text, value) in fields.items():
        entries.append(Entry(inst, sheet, code, key, text, value))
    return entries


def _forms(inst, name, position):
    return [Entry(inst, "Narrative", "achievements", "achievements",
                  "Joint operations with the labour inspectorate", "Joint operations with the "
                  "labour inspectorate"),
            Entry(inst, "Narrative", "challenges", "challenges",
                  "Staff turnover in regional units", "Staff turnover in regional units"),
            Entry(inst, "Sign-off", "confirm", "confirm", "Yes", "yes"),
            Entry(inst, "Sign-off", "name", "name", name, name),
            Entry(inst, "Sign-off", "position", "position", position, position),
            Entry(inst, "Sign-off", "date", "date", "2026-07-10", dt.date(2026, 7, 10))]


DETAILED = [
    # POL: lead of C1.2.2-C1.2.5 and A2.1.6, partner elsewhere.
    *_activity("POL", "C Prosecution", "C1.2.2", "Completed", "Completed",
               percent=("100", 100), done=("Joint investigation team set up",
                                           "Joint investigation team set up"),
               evidence=("Order 17 of the Police Directorate",
                         "Order 17 of the Police Directorate"),
               spent=("1234.5", 1234.5), spent_source=("State budget", "State budget")),
    *_activity("POL", "C Prosecution", "C1.2.3", "Ongoing (delayed)", "Ongoing - delayed",
               percent=("40", 40), done=("Two of five regional units trained",
                                         "Two of five regional units trained"),
               spent=("0", 0), problems=("Trainers were not available in spring",
                                         "Trainers were not available in spring"),
               corrective_action=("Training moved to the autumn",
                                  "Training moved to the autumn"),
               new_deadline=("2026-09-30", dt.date(2026, 9, 30))),
    *_activity("POL", "A Prevention", "A2.1.6", "Ongoing (on track)", "Ongoing - on track",
               percent=("55.5", 55.5), done=("Inspections of recruitment agencies",
                                             "Inspections of recruitment agencies")),
    # D2.2.4 has no estimated cost and no funding source in the plan.
    *_activity("POL", "D Framework", "D2.2.4", "Ongoing (on track)", "Ongoing - on track",
               done=("Data exchange protocol drafted", "Data exchange protocol drafted"),
               spent=("300", 300)),
    Entry("POL", "Indicators", "SO-C1.2-OC-01", "actual", "35", 35),
    Entry("POL", "Indicators", "SO-C1.2-OC-03", "actual", "4.5", 4.5),
    Entry("POL", "Indicators", "A2.1-OUT-05", "actual", "800", 800),
    Entry("POL", "Indicators", "A2.1-OUT-05", "source", "Police case register",
          "Police case register"),
    Entry("POL", "Indicators", "A2.1-OUT-06", "actual", "20", 20),
    Entry("POL", "Indicators", "C1.2-OUT-02", "actual", "5", 5),
    Entry("POL", "Indicators", "C1.2-OUT-03", "actual", "62.5", 62.5),
    Entry("POL", "Indicators", "C1.2-OUT-04", "actual", "0", 0),
    Entry("POL", "Indicators", "C1.2-OUT-04", "comment", "No case reached court yet",
          "No case reached court yet"),
    Entry("POL", "Statistics", "V1:0-11", "V1:female", "3", 3),
    Entry("POL", "Statistics", "V1:0-11", "V1:male", "0", 0),
    Entry("POL", "Statistics", "V1:18+", "V1:female", "7", 7),
    Entry("POL", "Statistics", "V1:source", "V1:source", "Police case register",
          "Police case register"),
    Entry("POL", "Statistics", "V1:definition", "V1:definition",
          "Persons identified by the police", "Persons identified by the police"),
    Entry("POL", "Statistics", "J1:suspected", "J1:persons", "3", 3),
    Entry("POL", "Statistics", "J1:convicted_final", "J1:persons", "12", 12),
    *[Entry("POL", "Statistics", f"J2:{band}", f"J2:{sex}", str(n), n)
      for band in ("prison_lt1", "prison_1_3", "prison_3_5", "prison_5_10", "prison_gt10",
                   "suspended", "fine_only")
      for sex in ("female", "male", "unknown")
      for n in [J2_TYPED.get((band, sex), 10)]],
    *_forms("POL", "Ana Petrovic", "Head of Unit"),
    Entry("POL", "Recommendations", "NREM-2025-03", "status", "In progress", "in progress"),
    Entry("POL", "Recommendations", "NREM-2025-03", "action",
          "Joint plan of operations with the labour inspectorate",
          "Joint plan of operations with the labour inspectorate"),
    # NGO-HOPE: lead of A1.1.2; an indicator broken down by referral source.
    *_activity("NGO-HOPE", "A Prevention", "A1.1.2", "Completed", "Completed",
               percent=("100", 100), done=("Hotline staffed around the clock",
                                           "Hotline staffed around the clock"),
               spent=("2500", 2500), spent_source=("Donor", "Donor")),
    Entry("NGO-HOPE", "Indicators", "SO-A1.1-OC-02", "actual", "14", 14),
    Entry("NGO-HOPE", "Indicators", "SO-A1.1-OC-02|referral_source=police", "actual", "5", 5),
    Entry("NGO-HOPE", "Indicators", "SO-A1.1-OC-02|referral_source=NGO", "actual", "6", 6),
    Entry("NGO-HOPE", "Indicators", "SO-A1.1-OC-02|referral_source=self-referral", "actual",
          "3", 3),
    Entry("NGO-HOPE", "Indicators", "SO-A1.1-OC-02", "source", "Hotline records",
          "Hotline records"),
    Entry("NGO-HOPE", "Indicators", "A1.1-OUT-02", "actual", "260", 260),
    Entry("NGO-HOPE", "Indicators", "A1.1-OUT-02", "comment", "Trainer on leave for two months",
          "Trainer on leave for two months"),
    Entry("NGO-HOPE", "Statistics", "V1:0-11", "V1:female", "2", 2),
    Entry("NGO-HOPE", "Statistics", "V1:18+", "V1:male", "4", 4),
    *_forms("NGO-HOPE", "Mira Kovac", "Programme Director"),
    Entry("NGO-HOPE", "Observations", "A1.1.1", "assessment", "Some progress", "some progress"),
    Entry("NGO-HOPE", "Observations", "A1.1.1", "observation", "Leaflets reached the schools",
          "Leaflets reached the schools"),
    Entry("NGO-HOPE", "Civil society", "consent", "consent", "No", "no"),
    # MOI: lead of A1.1.1, A1.2.5 and C2.2.2; indicators without breakdowns.
    *_activity("MOI", "A Prevention", "A1.1.1", "Ongoing (delayed)", "Ongoing - delayed",
               percent=("30", 30), done=("Campaign materials drafted",
                                         "Campaign materials drafted"),
               spent=("15000.75", 15000.75), problems=("Tender was repeated",
                                                       "Tender was repeated")),
    *_activity("MOI", "A Prevention", "A1.2.5", "Completed", "Completed",
               percent=("100", 100), done=("Guidelines adopted", "Guidelines adopted")),
    Entry("MOI", "Indicators", "A1.1-OUT-01", "actual", "125000", 125000),
    Entry("MOI", "Indicators", "A1.2-OUT-05", "actual", "0", 0),
    Entry("MOI", "Indicators", "A1.2-OUT-05", "comment", "Campaign not yet launched",
          "Campaign not yet launched"),
    *_forms("MOI", "Petar Jovanovic", "Senior Adviser"),
]


def _all_entries(layouts: dict[str, WorkbookLayout]) -> list[Entry]:
    """The detailed entries, plus "Not started" on every other activity (a status is always
    required)."""
    detailed = {(e.institution, e.row_key) for e in DETAILED if e.key == "status"}
    rest = [Entry(code, sheet.name, key, "status", "Not started", "Not started")
            for code in INSTITUTIONS for sheet in layouts[code].sheets if sheet.kind == "area"
            for _row, key in sorted(sheet.row_keys.items()) if (code, key) not in detailed]
    return DETAILED + rest


def _field(layout: WorkbookLayout, sheet: str, row_key: str, key: str):
    return next(f for f in layout.sheet(sheet).fields if f.row_key == row_key and f.key == key)


def _csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _num(text: str) -> float:
    return float(text) if text != "" else 0.0


# -- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def layouts(sample_plan, period) -> dict[str, WorkbookLayout]:
    deadline = default_deadline(sample_plan, period)
    scope = assignments(sample_plan, period)
    return {code: build_layout(sample_plan, period, scope[code], deadline)
            for code in INSTITUTIONS}


@dataclass
class Typed:
    entries: list[Entry]
    refused: list[Entry]
    cells: dict[Entry, tuple[str, str]]  # entry -> (sheet, cell) typed into
    saved: dict[str, Path]


@pytest.fixture(scope="module")
def typed(calc, sample_plan, period, layouts, tmp_path_factory) -> Typed:
    """The three returns typed into by key presses and saved by Calc."""
    base = tmp_path_factory.mktemp("lo-returns")
    generated = {g.institution: g.path for g in generate(
        sample_plan, period, base / "generated", list(INSTITUTIONS), password="pw")}
    entries = _all_entries(layouts)
    refused, cells, saved = [], {}, {}
    for code in INSTITUTIONS:
        with calc.open(generated[code]) as doc:
            for e in (e for e in entries if e.institution == code):
                f = _field(layouts[code], e.sheet, e.row_key, e.key)
                cells[e] = (f.sheet, f.ref)
                if not doc.type(f.sheet, f.ref, e.text):
                    refused.append(e)
            saved[code] = doc.save_as(base / "returned" / generated[code].name)
    return Typed(entries, refused, cells, saved)


@pytest.fixture(scope="module")
def consolidated(typed, sample_plan, period, tmp_path_factory):
    out = tmp_path_factory.mktemp("lo-aggregate") / "out"
    return aggregate(sample_plan, period, list(typed.saved.values()), out, jobs=1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from toolkit.commands.demo import run_demo

    return run_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def recalculated(consolidated, demo, tmp_path_factory) -> dict[str, Path]:
    """Both reports recalculated and saved by Calc (one soffice start-up)."""
    base = tmp_path_factory.mktemp("recalc")
    sources = {"typed": without_cached_results(consolidated.report_path,
                                               base / "typed-report.xlsx"),
               "demo": without_cached_results(demo.report_path, base / "demo-report.xlsx")}
    converted = lo.convert(list(sources.values()), base / "out")
    return dict(zip(sources, converted))


def without_cached_results(source: Path, target: Path) -> Path:
    """A copy of a report whose formulas carry no cached result, so that every figure read
    after conversion is one Calc computed."""
    def strip(name, data):
        if name is None or not name.startswith("xl/worksheets/sheet"):
            return data
        return re.sub(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1", data)

    rewrite_zip(source, target, strip)
    ws = load_workbook(target, data_only=True)["Overview"]
    assert ws["B6"].value is None and ws["A6"].value == "Returns expected"
    return target


@pytest.fixture(scope="module")
def runs(consolidated, demo):
    return {"typed": consolidated, "demo": demo}


# -- 1. typed values reach the tables -----------------------------------------------------


def _where(tables, e: Entry, sheet_kind: str):
    """The consolidated row and column that hold an entry's value."""
    if sheet_kind == "area":
        rows = [r for r in tables.activities
                if r["activity"] == e.row_key and r["institution"] == e.institution]
        return rows, e.key
    if sheet_kind == "indicators":
        code, _, breakdown = e.row_key.partition("|")
        dim, _, cat = breakdown.partition("=")
        rows = [r for r in tables.indicators
                if r["indicator"] == code and r["institution"] == e.institution
                and r["dimension"] == dim and r["category"] == cat]
        return rows, "value" if e.key == "actual" else e.key
    if sheet_kind == "recommendations":
        return [r for r in tables.recommendations if r["recommendation"] == e.row_key
                and r["institution"] == e.institution], e.key
    if sheet_kind == "observations":
        return [r for r in tables.observations if r["activity"] == e.row_key
                and r["institution"] == e.institution], e.key
    if sheet_kind == "civil_society":
        return [r for r in tables.narrative if r["part"] == sheet_kind and
                r["field"] == e.key and r["institution"] == e.institution], "text"
    table, _, row = e.row_key.partition(":")
    if row in ("source", "definition"):
        rows = [r for r in tables.statistics
                if r["table"] == table and r["institution"] == e.institution]
        return rows, "source_note" if row == "source" else None
    rows = [r for r in tables.statistics
            if r["table"] == table and r["row"] == row and r["column"] == e.key.partition(":")[2]
            and r["institution"] == e.institution]
    return rows, "value"


def test_typing_every_entry__is_accepted_by_calc(typed):
    assert typed.refused == []
    assert len(typed.entries) > 60


def test_returns_saved_by_calc__are_accepted_without_errors(typed, consolidated, sample_plan,
                                                              period):
    verdicts = {Path(r.name).name: (r.institution, r.verdict) for r in consolidated.results}
    assert verdicts == {p.name: (code, "accepted") for code, p in typed.saved.items()}
    assert [f for f in consolidated.findings if f.severity == "error"] == []
    codes = Counter(f.code for f in consolidated.findings)
    # Calc stamps the time of saving, so each return is late once the deadline has passed.
    late = dt.date.today() > default_deadline(sample_plan, period)
    assert codes["CONS_013"] == (len(INSTITUTIONS) if late else 0)
    # LibreOffice: Calc writes an empty <workbookProtection/> for a structure-locked
    # workbook; the check takes the element as a lock, so no warning is given.
    assert codes["ST_010"] == 0
    assert codes["CONS_011"] == 1  # the new deadline typed for C1.2.3


def test_missing_institutions__are_the_only_reason_for_exit_code_1(consolidated, sample_plan,
                                                                    period):
    expected = set(assignments(sample_plan, period)) - set(INSTITUTIONS)
    assert set(consolidated.missing) == expected and expected
    assert consolidated.rejected == []
    assert consolidated.exit_code == 1


def test_typed_values__reach_the_tables_with_their_type_and_provenance(typed, consolidated,
                                                                        layouts):
    tables = consolidated.tables
    sha = {code: next(r.sha256 for r in consolidated.results if r.institution == code)
           for code in INSTITUTIONS}
    cell_of = {(e.institution, e.row_key, e.key): typed.cells[e] for e in typed.entries}
    problems = []
    for e in typed.entries:
        kind = layouts[e.institution].sheet(e.sheet).kind
        if kind in ("narrative", "signoff"):
            continue
        rows, column = _where(tables, e, kind)
        if not rows or (len(rows) > 1 and column not in ("source_note", None)):
            problems.append((e, f"{len(rows)} rows"))
            continue
        if column is None:  # a definition note: checked, not carried into the tables
            continue
        for row in rows:  # a source note is carried on every cell row of its table
            got = row[column]
            if got != e.value or type(got) is not type(e.value):
                problems.append((e, got))
        if column == "source_note":
            continue
        # An activity row cites the cell of its status, an indicator row its actual value, a
        # recommendation row its status and an observation row its assessment.
        cited = {"area": "status", "indicators": "actual", "recommendations": "status",
                 "observations": "assessment"}.get(kind, e.key)
        expected = (*cell_of[(e.institution, e.row_key, cited)], sha[e.institution])
        if (rows[0]["sheet"], rows[0]["cell"], rows[0]["file_sha256"]) != expected:
            problems.append((e, (rows[0]["sheet"], rows[0]["cell"])))
    assert problems == []


def test_untouched_inputs__stay_blank_never_zero(typed, consolidated, layouts):
    tables = consolidated.tables
    typed_keys = {(e.institution, e.row_key, e.key) for e in typed.entries}
    from toolkit.declarations.reporting import input_columns

    fields = [c["key"] for c in input_columns("area")]
    blank = []
    for row in tables.activities:
        if row["institution"] in INSTITUTIONS:
            blank += [(row["institution"], row["activity"], k, row[k]) for k in fields
                      if (row["institution"], row["activity"], k) not in typed_keys]
    for row in tables.indicators:
        if row["institution"] in INSTITUTIONS:
            key = row["indicator"] + (f"|{row['dimension']}={row['category']}"
                                      if row["dimension"] else "")
            blank += [(row["institution"], key, k, row[v]) for k, v in
                      (("actual", "value"), ("comment", "comment"), ("source", "source"))
                      if (row["institution"], key, k) not in typed_keys
                      and not (row["dimension"] and k != "actual")]
    for row in tables.statistics:
        if row["institution"] in INSTITUTIONS:
            key = (row["institution"], f"{row['table']}:{row['row']}",
                   f"{row['table']}:{row['column']}")
            if key not in typed_keys:
                blank.append((*key, row["value"]))
    assert len(blank) > 300
    assert [b for b in blank if b[-1] is not None] == []
    # The zeros typed stayed zeros.
    zeros = [e for e in typed.entries if e.value == 0 and not isinstance(e.value, bool)]
    assert len(zeros) == 4


def test_typed_narrative_and_sign_off__are_read_from_the_cells_typed(typed, consolidated,
                                                                     layouts):
    used = {r.institution: r for r in consolidated.results if r.verdict == "accepted"}
    for e in typed.entries:
        kind = layouts[e.institution].sheet(e.sheet).kind
        if kind not in ("narrative", "signoff"):
            continue
        cell = used[e.institution].values[(kind, e.row_key, e.key)]
        assert (cell.value, type(cell.value)) == (e.value, type(e.value)), e
        assert (cell.sheet, cell.ref) == typed.cells[e], e


def test_typed_narrative__reaches_the_consolidated_tables(typed, consolidated, layouts):
    rows = {(r["institution"], r["field"]): r for r in consolidated.tables.narrative}
    for e in typed.entries:
        kind = layouts[e.institution].sheet(e.sheet).kind
        if kind not in ("narrative", "signoff"):
            continue
        row = rows[(e.institution, e.key)]
        assert row["text"] == e.value and row["part"] == kind, e
        assert (row["sheet"], row["cell"]) == typed.cells[e], e


# -- 2. the report, recalculated by Calc, against the exports ------------------------------


def _labelled(ws, column: int = 2) -> dict[str, object]:
    """Column A label -> the value beside it."""
    return {row[0].value: row[column - 1].value for row in ws.iter_rows(max_col=column)
            if isinstance(row[0].value, str)}


def _expected_overview(out: Path, plan, period) -> dict[str, object]:
    acts = _csv(out / "exports" / "activities.csv")
    inds = _csv(out / "exports" / "indicators.csv")
    ledger = _csv(out / "ledger.csv")
    expected = set(assignments(plan, period))
    used = [r for r in ledger if r["verdict"] in ("accepted", "accepted with errors")]
    received = {r["institution"] for r in used} & expected
    late = {r["institution"] for r in used if "CONS_013" in r["reasons"]}
    due = [r for r in acts if r["role"] == "lead" and r["due"] == "yes"]
    ratings = Counter(r["rating"] for r in inds if r["dimension"] == "")
    return {
        "Returns expected": len(expected), "Returns received": len(received),
        "Received on time": len(received - late), "Received late": len(late),
        "Missing": len(expected - received),
        "Files rejected": sum(r["verdict"] == "rejected" for r in ledger),
        "Implementation rate (completed of activities due)":
            sum(r["status"] == "Completed" for r in due) / len(due),
        **{label: ratings.get(code, 0) for code, label in RATINGS.items()},
        "Estimated cost of the plan (for reference)":
            sum(_num(r["budget"]) for r in acts if r["role"] == "lead"),
        f"Allocated for {period.year}": sum(_num(r["allocation"]) for r in acts),
        f"Spent in {period.year} to date": sum(_num(r["spent"]) for r in acts),
    }


@pytest.mark.parametrize("run", ["typed", "demo"])
def test_recalculated_overview__matches_the_exports_and_ledger(run, runs, recalculated,
                                                               sample_plan, period):
    result = runs[run]
    overview = _labelled(load_workbook(recalculated[run], data_only=True)["Overview"])
    expected = _expected_overview(result.out_dir, sample_plan, period)
    got = {label: overview[label] for label in expected}
    assert got == pytest.approx(expected)
    used = [r for r in result.results if r.verdict in ("accepted", "accepted with errors")]
    completeness = overview["Data completeness (required inputs filled)"]
    # Every expected return counts; one not in use with none of its inputs filled.
    unfilled = [r["required"] for r in result.summary["submissions"]
                if r["expected"] and r["state"] != "received"]
    assert all(n > 0 for n in unfilled)
    assert completeness == pytest.approx(sum(r.filled for r in used) /
                                         (sum(r.required for r in used) + sum(unfilled)))
    # The typed returns leave the notes of most statistics tables empty; the demo fills all
    # but one return is missing.
    assert 0 < completeness < 1
    if run == "demo":
        assert (got["Received late"], got["Missing"]) == (1, 1)
        assert expected["Implementation rate (completed of activities due)"] > 0


HEAD = "(headings)"


def _blocks(ws, titles: set[str], key_col: int) -> dict[str, dict[str, list]]:
    """Title -> {code in ``key_col``: the row's values} for the titled blocks of a sheet, the
    headings under ``HEAD``."""
    blocks, current = {}, None
    for row in ws.iter_rows(values_only=True):
        if row[0] in titles:
            current = blocks.setdefault(row[0], {HEAD: None})
        elif current is not None and current[HEAD] is None:
            current[HEAD] = list(row)
        elif current is not None and any(v is not None for v in row):
            current[row[key_col] or ""] = list(row)
        else:
            current = None
    return blocks


@pytest.mark.parametrize("run", ["typed", "demo"])
def test_recalculated_progress__matches_the_exports(run, runs, recalculated, sample_plan):
    acts = _csv(runs[run].out_dir / "exports" / "activities.csv")
    goal_of = {o.code: o.goal for o in sample_plan.objectives}
    counts: dict[str, Counter] = defaultdict(Counter)
    for r in acts:
        if r["role"] == "lead":
            for code in (r["area"], goal_of[r["objective"]], r["objective"]):
                counts[code][r["status"] or "No data"] += 1
    labels = [labels_of(sample_plan)[s] for s in STATUSES]
    ws = load_workbook(recalculated[run], data_only=True)["Progress"]
    blocks = _blocks(ws, {"Areas: activities by status",
                          "Areas, goals and objectives: activities by status"}, 1)
    by_area = blocks["Areas: activities by status"]
    tree = blocks["Areas, goals and objectives: activities by status"]
    assert by_area[HEAD][1:4 + len(STATUSES)] == ["Code", "Title", *labels, "Total"]
    assert tree[HEAD][:4 + len(STATUSES)] == ["Level", "Code", "Title", *labels, "Total"]
    expected = {k: [c[s] for s in STATUSES] + [sum(c.values())] for k, c in counts.items()}
    got = {code: row[3:4 + len(STATUSES)] for code, row in tree.items() if code != HEAD}
    assert {k: got[k] for k in expected} == expected
    assert all(sum(v) == 0 for k, v in got.items() if k not in expected)
    assert {code: row[3:4 + len(STATUSES)] for code, row in by_area.items()
            if code != HEAD} == {
        a.code: expected[a.code] for a in sample_plan.areas if a.code in expected}
    titles = {o.code: o.title for o in sample_plan.objectives}
    assert all(tree[code][2] == titles[code] for code in titles if code in tree)


def labels_of(plan) -> dict[str, str]:
    """Status code -> the label the report shows (the agencies' drop-down's)."""
    from toolkit.declarations.labels import labels
    from toolkit.reporting.sheets import STATUS_KEYS

    text = labels(plan.meta.language)
    return {**{s: text[f"report.status.{k}"] for s, k in STATUS_KEYS.items()},
            "No data": text["monitoring.status.no_data"]}


def _budget_blocks(ws) -> dict[str, dict[str, tuple]]:
    found = _blocks(ws, {"By area", "By institution", "By funding source"}, 0)
    return {title: {code: tuple(row[2:6]) for code, row in rows.items() if code != HEAD}
            for title, rows in found.items()}


@pytest.mark.parametrize("run", ["typed", "demo"])
def test_recalculated_budget__matches_the_exports(run, runs, recalculated):
    acts = _csv(runs[run].out_dir / "exports" / "activities.csv")
    expected = {}
    for title, key in (("By area", "area"), ("By institution", "institution"),
                       ("By funding source", "funding_source")):
        planned, allocated, spent = defaultdict(float), defaultdict(float), defaultdict(float)
        for r in acts:
            planned[r[key]] += float(r["budget"]) if r["role"] == "lead" and r["budget"] else 0
            allocated[r[key]] += float(r["allocation"] or 0)
            if r["spent"] not in ("", "0", "0.0"):
                spent[r["spent_under"] if key == "funding_source" else r[key]] += \
                    float(r["spent"])
        # Execution is against the year's allocations; without them the line says why.
        basis = "no budget share" if key == "institution" else "no allocation for 2026"
        expected[title] = {k: (planned[k], allocated[k], spent[k],
                               spent[k] / allocated[k] if allocated[k] else basis)
                           for k in sorted(set(planned) | set(spent))}
    got = _budget_blocks(load_workbook(recalculated[run], data_only=True)["Budget"])
    assert got.keys() == expected.keys()
    for title in expected:
        assert got[title].keys() == expected[title].keys(), title
        for k, values in expected[title].items():
            assert got[title][k] == pytest.approx(values), (title, k)


def test_typed_run__budget_spent_holds_the_decimals_typed(runs, recalculated):
    blocks = _budget_blocks(load_workbook(recalculated["typed"], data_only=True)["Budget"])
    spent = {k: v[2] for k, v in blocks["By institution"].items()}
    # D2.2.4 has no funding source: its spending is shown on a labelled row of its own.
    assert blocks["By funding source"][""][2] == 300
    assert spent["POL"] == pytest.approx(1234.5 + 0 + 300)
    assert spent["MOI"] == pytest.approx(15000.75)
    assert spent["NGO-HOPE"] == pytest.approx(2500)


# -- 3. statistics: suppression in public, exact sums in restricted ------------------------


def test_demo_public_statistics__show_no_count_below_the_threshold(demo, recalculated,
                                                                   sample_plan, period):
    threshold = sample_plan.meta.publication_threshold
    assert threshold == 5
    ctx = make_context(sample_plan, period)
    ws = load_workbook(recalculated["demo"], data_only=True)["Statistics (public)"]
    shown = person_values(stat_blocks(ws, ctx.text), ctx)
    assert {"V1", "V2", "V3", "V4", "A1", "J1", "J2", "P1"} <= set(shown)
    for table, values in shown.items():
        numbers = [v for v in values if isinstance(v, (int, float))]
        assert [v for v in numbers if 0 < v < threshold] == [], table
    marks = [v for values in shown.values() for v in values if v in (f"<{threshold}", ":c")]
    assert marks


def test_demo_public_prevention__shows_the_counts_that_are_not_of_persons_exactly(
        demo, recalculated, sample_plan, period):
    ctx = make_context(sample_plan, period)
    wb = load_workbook(recalculated["demo"], data_only=True)
    public = stat_blocks(wb["Statistics (public)"], ctx.text)["P1"]
    restricted = _official_lines(stat_blocks(wb["Statistics (restricted)"], ctx.text)["P1"])
    victims = {ctx.text[f"report.stats.item.{item}"]
               for item in ("victims_by_inspectors", "hotline_referrals")}
    others = [(p[:2], r[:2]) for p, r in zip(public, restricted) if p[0] not in victims]
    assert len(others) == len(public) - 2
    assert [p for p, _r in others] == [r for _p, r in others]
    assert any(isinstance(r[1], int) for _p, r in others)


def test_demo_public_statistics__hide_no_count_that_a_published_total_gives_away(
        demo, recalculated, sample_plan, period):
    ctx = make_context(sample_plan, period)
    ws = load_workbook(recalculated["demo"], data_only=True)["Statistics (public)"]
    blocks = stat_blocks(ws, ctx.text)
    lines = []  # (table, cells, their published total)
    for table, (header, *body) in blocks.items():
        if "Total" not in header:
            continue
        end = header.index("Total")
        lines += [(table, row[1:end], row[end]) for row in body]
        if body[-1][0] == "Total":
            lines += [(table, [row[c] for row in body[:-1]], body[-1][c])
                      for c in range(1, end + 1)]
    checked = [(table, cells) for table, cells, total in lines if isinstance(total, int)]
    assert len(checked) > 20
    # One hidden cell beside a published total would be that total minus the others.
    assert [(table, cells) for table, cells in checked
            if sum(v in ("<5", ":c") for v in cells) == 1] == []


def _holder_lines(block: list[tuple]) -> dict[tuple[str, str], tuple]:
    """(row label, holder) -> its figures, from a restricted block: each row's official line
    is followed by one indented line per holder."""
    out, label = {}, None
    for row in block[1:]:
        if str(row[0]).startswith(" "):
            out[(label, row[0].strip().split(" ")[0])] = row[1:]
        else:
            label = row[0]
    return out


def _official_lines(block: list[tuple]) -> list[tuple]:
    return [row for row in block if not str(row[0]).startswith(" ")]


def test_typed_counts__are_shown_per_holder_and_never_summed(recalculated, sample_plan,
                                                              period):
    ctx = make_context(sample_plan, period)
    wb = load_workbook(recalculated["typed"], data_only=True)
    restricted = stat_blocks(wb["Statistics (restricted)"], ctx.text)["V1"]
    public = stat_blocks(wb["Statistics (public)"], ctx.text)["V1"]
    # POL typed 3 and NGO-HOPE 2 girls aged 0-11, POL 0 boys, 7 women; NGO-HOPE 4 men. The
    # official source of V1, SOC-CTR, sent nothing: the official figures are unknown.
    assert [r[:4] for r in _official_lines(restricted)] == [
        (None, "Female", "Male", "Unknown"), ("0–11 years", None, None, None),
        ("12–17 years", None, None, None), ("18 years and over", None, None, None),
        ("Unknown", None, None, None)]
    holders = _holder_lines(restricted)
    assert holders[("0–11 years", "POL")][:3] == (3, 0, None)
    assert holders[("0–11 years", "NGO-HOPE")][:3] == (2, None, None)
    assert holders[("18 years and over", "NGO-HOPE")][:3] == (None, 4, None)
    assert _official_lines(restricted)[1][4] == ctx.text["monitoring.statistics.differ"]
    # Nothing is published in place of the official figures, and no sum either.
    assert all(v == ":" for row in public[1:] for v in row[1:4])


def test_typed_justice_counts__are_exact_in_restricted_and_hidden_below_5_in_public(
        recalculated, sample_plan, period):
    ctx = make_context(sample_plan, period)
    wb = load_workbook(recalculated["typed"], data_only=True)
    restricted = stat_blocks(wb["Statistics (restricted)"], ctx.text)
    public = stat_blocks(wb["Statistics (public)"], ctx.text)
    suspected = ctx.text["report.stats.item.suspected"]
    final = ctx.text["report.stats.item.convicted_final"]
    j1 = {name: {r[0]: r[1:3] for r in _official_lines(blocks["J1"])[1:]}
          for name, blocks in (("restricted", restricted), ("public", public))}
    # POL, the official source of suspects, typed 3 persons suspected and no number of cases;
    # it also typed 12 convicted, of which the courts are the official source.
    assert j1["restricted"][suspected] == (3, None) and j1["public"][suspected] == ("<5", None)
    assert j1["restricted"][final] == j1["public"][final] == (None, None)
    assert _holder_lines(restricted["J1"])[(final, "POL")][:2] == (12, None)
    # J2 is the courts' table: POL's 2 women sentenced to 1 to 3 years are not published.
    assert [r[1:4] for r in _official_lines(restricted["J2"])[1:3]] == [(None,) * 3] * 2
    one_to_three = _official_lines(restricted["J2"])[2][0]
    assert _holder_lines(restricted["J2"])[(one_to_three, "POL")][:3] == (2, 10, 10)
    assert not [v for row in public["J2"][1:] for v in row[1:] if isinstance(v, int) and v]


def test_demo_restricted_statistics__hold_the_official_figures_of_the_export(
        demo, recalculated, sample_plan, period):
    official: dict[tuple, int] = {}
    for r in _csv(demo.out_dir / "exports" / "statistics.csv"):
        if r["official"] == "yes":
            official[(r["table"], r["row"], r["column"])] = \
                int(r["value"]) if r["value"] != "" else None
    ctx = make_context(sample_plan, period)
    ws = load_workbook(recalculated["demo"], data_only=True)["Statistics (restricted)"]
    blocks = stat_blocks(ws, ctx.text)
    got: dict[tuple, int] = {}
    for table in declarations()["statistics"]:
        if table["table"] not in blocks:
            continue
        rows, cols = axis(ctx, table["rows"]), axis(ctx, table["columns"])
        header, *body = _official_lines(blocks[table["table"]])
        assert list(header[1:len(cols) + 1]) == [label for _c, label in cols]
        assert [r[0] for r in body] == [label for _c, label in rows]
        for (rcode, _l), values in zip(rows, body):
            for (ccode, _l2), value in zip(cols, values[1:]):
                got[(table["table"], rcode, ccode)] = value
    assert {k: v for k, v in got.items() if v is not None} == \
        {k: v for k, v in official.items() if v is not None}
    assert sum(v for v in got.values() if v) > 0


# -- 4. outputs open in Calc --------------------------------------------------------------


def test_reports_and_feedback_workbooks__open_in_calc_without_load_problems(calc, runs):
    paths = []
    for result in runs.values():
        feedback = sorted((result.out_dir / "feedback").glob("*.xlsx"))
        assert feedback
        paths += [result.report_path, *feedback]
    problems = {}
    for path in paths:
        with calc.open(path, visible=False) as doc:
            if doc.load_problems:
                problems[path.name] = doc.load_problems
            assert "Overview" in doc.sheet_names() or path.parent.name == "feedback"
    assert problems == {}
