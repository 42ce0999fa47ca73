"""Deliberately broken plans, one per kind of problem, each made by editing a valid plan workbook.

Every case names the message code it must produce and the cells where it must be reported. Run
as a script to (re)write the bundled set in ``samples/broken/`` from the sample plan:

    python tests/broken_plans.py samples/valdoria-nap.xlsx samples/broken
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from openpyxl import load_workbook

from toolkit.plan.jsonio import to_dict
from toolkit.plan.load import read_plan

FIRST = 5  # first data row of every plan data sheet


def column(ws, key: str) -> str:
    """Letter of the column whose field key (row 3) is ``key``."""
    for cell in ws[3]:
        if cell.value == key:
            return cell.column_letter
    raise KeyError(f"{ws.title} has no column {key}")


def rows(ws) -> list[int]:
    """Row numbers of the data rows of a sheet."""
    return [r for r in range(FIRST, ws.max_row + 1) if ws.cell(row=r, column=1).value]


def put(ws, key: str, row: int, value) -> str:
    """Set one cell by field key and row; returns its reference."""
    ref = f"{column(ws, key)}{row}"
    ws[ref] = value
    return ref


def meta_cell(ws, key: str) -> str:
    """The value cell of a field of the Plan sheet."""
    row = next(r for r in range(3, 40) if ws.cell(row=r, column=4).value == key)
    return f"B{row}"


def _first(ws, predicate) -> int:
    return next(r for r in rows(ws) if predicate(r))


def _no_yearly_targets(wb) -> int:
    ind, tgt = wb["Indicators"], wb["Targets"]
    with_targets = {tgt.cell(row=r, column=1).value for r in rows(tgt)}
    return _first(ind, lambda r: ind.cell(row=r, column=1).value not in with_targets)


def _dated_activity(ws) -> int:
    c = column(ws, "deadline")
    return _first(ws, lambda r: isinstance(ws[f"{c}{r}"].value, dt.datetime))


def _region_disaggregation(wb):
    cl = wb["Codelists"]
    col = next(c for c in cl[1] if c.value == "region").column
    for r in range(3, 201):
        cl.cell(row=r, column=col).value = None
    ind = wb["Indicators"]
    return [("Indicators", put(ind, "disaggregations", FIRST, "sex; region"))]


def _duplicate_target(wb):
    ws = wb["Targets"]
    a, b = rows(ws)[:2]
    assert ws[f"A{a}"].value == ws[f"A{b}"].value, "the first two targets share an indicator"
    return [("Targets", put(ws, "year", b, ws[f"B{a}"].value))]


def _empty_plan(wb):
    for name in ("Goals", "Objectives", "Activities", "Indicators", "Targets", "Budget", "Risks",
                 "Recommendations"):
        ws = wb[name]
        ws.delete_rows(FIRST, ws.max_row)
    return [(name, "A5") for name in ("Goals", "Objectives", "Activities", "Indicators")]


def _edit(sheet: str, key: str, value, pick=lambda ws: rows(ws)[0]):
    def apply(wb):
        ws = wb[sheet]
        return [(sheet, put(ws, key, pick(ws), value))]
    return apply


def _meta(key: str, value):
    def apply(wb):
        ws = wb["Plan"]
        ref = meta_cell(ws, key)
        ws[ref] = value
        return [("Plan", ref)]
    return apply


def _drop_sheet(name: str):
    def apply(wb):
        del wb[name]
        return [(name, "")]
    return apply


def _rename_key(sheet: str, key: str):
    def apply(wb):
        ws = wb[sheet]
        ref = f"{column(ws, key)}3"
        ws[ref] = key + "s"
        return [(sheet, ref)]
    return apply


def _duplicate_code(sheet: str):
    def apply(wb):
        ws = wb[sheet]
        a, b = rows(ws)[:2]
        ws[f"A{b}"] = ws[f"A{a}"].value
        return [(sheet, f"A{b}")]
    return apply


def _no_target(wb):
    ws = wb["Indicators"]
    return [("Indicators", put(ws, "target_final", _no_yearly_targets(wb), None))]


def _deadline_before_start(wb):
    ws = wb["Activities"]
    row = _dated_activity(ws)
    deadline = ws[f"{column(ws, 'deadline')}{row}"].value
    put(ws, "start", row, deadline + dt.timedelta(days=1))
    return [("Activities", f"{column(ws, 'deadline')}{row}")]


def _level_mismatch(wb):
    ws = wb["Indicators"]
    lvl = column(ws, "level")
    row = _first(ws, lambda r: ws[f"{lvl}{r}"].value == "outcome")
    activity = wb["Activities"][f"A{FIRST}"].value
    return [("Indicators", put(ws, "linked_result", row, activity))]


def _drop_meta_row(wb):
    ws = wb["Plan"]
    row = int(meta_cell(ws, "currency")[1:])
    ws.delete_rows(row)
    return [("Plan", "D3")]


def _fixed_list_changed(wb):
    cl = wb["Codelists"]
    col = next(c for c in cl[1] if c.value == "status")
    cl.cell(row=4, column=col.column).value = "Going fine"
    return [("Codelists", f"{col.column_letter}1")]


def _official_row(ws, table: str) -> int:
    return _first(ws, lambda r: ws[f"A{r}"].value == table)


def _unknown_row(wb):
    ws = wb["Official sources"]
    row = _official_row(ws, "J1")
    ref = f"{column(ws, 'rows')}{row}"
    ws[ref] = ws[ref].value + "; arrests"
    return [("Official sources", ref)]


def _official_twice(wb):
    ws = wb["Official sources"]
    row = FIRST + len(rows(ws))
    put(ws, "table", row, "J2")
    return [("Official sources", put(ws, "institution", row, "PROS"))]


def _no_official_source(wb):
    ws = wb["Official sources"]
    ws.delete_rows(_official_row(ws, "V1"))
    return [("Official sources", f"A{FIRST + len(rows(ws))}")]


def _allocation_twice(wb):
    ws = wb["Budget"]
    row = FIRST + len(rows(ws))
    for key in ("activity", "year", "institution"):
        put(ws, key, row, ws[f"{column(ws, key)}{FIRST}"].value)
    put(ws, "amount", row, 0)
    return [("Budget", f"{column(ws, 'year')}{row}")]


def _allocations_above_cost(wb):
    ws = wb["Budget"]
    put(ws, "amount", FIRST, 10_000_000)
    act = wb["Activities"]
    row = _first(act, lambda r: act[f"A{r}"].value == ws[f"A{FIRST}"].value)
    return [("Activities", f"{column(act, 'cost')}{row}")]


def _yes_no_target(wb):
    ws = wb["Indicators"]
    unit = column(ws, "unit")
    return [("Indicators", put(ws, "target_final",
                               _first(ws, lambda r: ws[f"{unit}{r}"].value == "yes-no"), 2))]


@dataclass(frozen=True)
class Case:
    """One broken plan: its file name, the code it must produce and how it is made."""

    name: str
    code: str
    make: Callable


CASES: tuple[Case, ...] = (
    Case("missing-sheet", "PLAN_001", _drop_sheet("Risks")),
    Case("missing-column-key", "PLAN_002", _rename_key("Activities", "cost")),
    Case("required-empty", "PLAN_003", _edit("Activities", "description", None)),
    Case("malformed-code", "PLAN_004", _edit("Risks", "code", "R 01")),
    Case("code-typed-as-number", "PLAN_004", _edit("Risks", "code", 1.1)),
    Case("duplicate-code", "PLAN_005", _duplicate_code("Risks")),
    Case("unknown-institution", "PLAN_006", _edit("Activities", "lead", "MOLSP")),
    Case("unknown-result", "PLAN_006", _edit("Risks", "affected", "SO-Z9.9")),
    Case("text-for-number", "PLAN_007", _edit("Activities", "cost", "12 000")),
    Case("negative-cost", "PLAN_008", _edit("Activities", "cost", -100)),
    Case("text-for-date", "PLAN_009", _edit("Activities", "start", "1st of March")),
    Case("date-outside-period", "PLAN_010", _edit("Activities", "deadline",
                                                 dt.datetime(2031, 6, 30), _dated_activity)),
    Case("value-not-in-codelist", "PLAN_011", _edit("Indicators", "unit", "kg")),
    Case("no-baseline", "PLAN_012", _edit("Indicators", "baseline_value", None)),
    Case("no-target", "PLAN_013", _no_target),
    Case("target-outside-years", "PLAN_014", _edit("Targets", "year", 2031)),
    Case("sheet-name-rejected", "PLAN_015", _edit("Areas", "sheet", "A: Prevention")),
    Case("sheet-name-twice", "PLAN_016", _edit("Areas", "sheet", "a prevention",
                                               lambda ws: rows(ws)[1])),
    Case("sheet-name-of-a-fixed-sheet", "PLAN_042", _edit("Areas", "sheet", "statistics")),
    Case("not-a-year", "PLAN_017", _edit("Indicators", "baseline_year", 20245)),
    Case("end-before-start", "PLAN_018", _meta("end", dt.datetime(2024, 12, 31))),
    Case("fixed-list-changed", "PLAN_019", _fixed_list_changed),
    Case("deadline-before-start", "PLAN_020", _deadline_before_start),
    Case("bad-email", "PLAN_021", _edit("Institutions", "email", "focal point at moi")),
    Case("bad-currency", "PLAN_022", _meta("currency", "Euro")),
    Case("amber-above-green", "PLAN_023", _meta("amber_threshold", 95)),
    Case("duplicate-target", "PLAN_024", _duplicate_target),
    Case("empty-disaggregation-list", "PLAN_025", _region_disaggregation),
    Case("empty-plan", "PLAN_026", _empty_plan),
    Case("baseline-after-start", "PLAN_028", _edit("Indicators", "baseline_year", 2027)),
    Case("level-link-mismatch", "PLAN_029", _level_mismatch),
    Case("missing-plan-field", "PLAN_031", _drop_meta_row),
    Case("official-source-not-holder", "PLAN_032", _edit("Official sources", "institution",
                                                         "MOI")),
    Case("official-source-unknown-row", "PLAN_033", _unknown_row),
    Case("official-source-rows-of-total-table", "PLAN_034",
         _edit("Official sources", "rows", "0-11")),
    Case("official-source-twice", "PLAN_035", _official_twice),
    Case("no-official-source", "PLAN_036", _no_official_source),
    Case("allocation-outside-years", "PLAN_037", _edit("Budget", "year", 2031)),
    Case("allocation-not-a-partner", "PLAN_038", _edit("Budget", "institution", "MOF")),
    Case("allocation-twice", "PLAN_039", _allocation_twice),
    Case("yes-no-target", "PLAN_040", _yes_no_target),
    Case("allocations-above-cost", "PLAN_041", _allocations_above_cost),
)


def too_long_json(plan_doc: dict) -> list[tuple[str, str]]:
    """A JSON plan whose first activity's text cannot fit in a cell; its expected location.

    A workbook cannot hold such a text (Excel and openpyxl cut it at 32,767 characters), so this
    case exists in JSON form only.
    """
    activity = plan_doc["activities"][0]
    activity["description"] = "x" * 32800
    code = activity["code"]
    return [("", f'activities["{code}"].description')]


JSON_CASES = {"text-too-long": ("PLAN_027", too_long_json)}


def build(case: Case, source: Path, out: Path) -> list[tuple[str, str]]:
    """Write the broken plan of one case; returns the (sheet, cell) pairs it must report."""
    wb = load_workbook(source)
    expected = case.make(wb)
    wb.save(out)
    return expected


def main(source: str, folder: str) -> None:
    """Write every case to ``folder`` as ``<name>.xlsx``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        build(case, Path(source), out / f"{case.name}.xlsx")
    for name, (_code, make) in JSON_CASES.items():
        doc = to_dict(read_plan(source).plan)
        make(doc)
        (out / f"{name}.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
