"""Budget with stated time bases (docs/indicators.md §7), on returns edited as institutions do:
spending filed under the source of funds the institution typed, money reported as spent on a
"No cost" activity (a finding, never filed under "No cost"), and a partner with no budget
share. The expected figures come from the plan's allocations and the values typed."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from oracle import budget_lines
from returns import Returns

from toolkit.aggregate.run import aggregate
from toolkit.declarations.labels import labels

PERIOD = "2026-H1"
LEAD, NO_COST, PLAN_SOURCE = "MLSP", "A2.1.1", "State budget"


@pytest.fixture(scope="module")
def run(sample_plan, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("budget")
    rt = Returns(sample_plan, PERIOD, tmp, [LEAD])
    acts = {a.code: a for a, role in rt.assignments[LEAD].activities if role == "lead"}
    assert acts[NO_COST].funding_source == "No cost"
    paid = next(c for c, a in acts.items() if a.funding_source == PLAN_SOURCE and
                (c, "spent") in rt.values[LEAD])

    def change(wb):
        for code, spent, source in ((NO_COST, 1200.0, None), (paid, 3400.0, "Donor")):
            for key, value in (("spent", spent), ("spent_source", source)):
                f = rt.field(LEAD, code, key)
                wb[f.sheet][f.ref].value = value
    edited = rt.edit(LEAD, tmp / "sent" / rt.clean[LEAD].name, change)
    result = aggregate(sample_plan, rt.period, [edited], tmp / "out", jobs=1)
    return result, tmp / "out", rt, paid


def _block(out, key: str) -> dict[str, tuple]:
    text = labels("en")
    rows = list(load_workbook(out / "report.xlsx", data_only=True)[
        text["monitoring.sheet.budget"]].iter_rows(values_only=True))
    return budget_lines(rows, text[f"monitoring.budget_by.{key}"])


def test_spending_on_a_no_cost_activity__is_a_finding_at_its_cell(run):
    result, _out, rt, _paid = run
    f = rt.field(LEAD, NO_COST, "spent")
    found = [(x.code, x.sheet, x.cell) for x in result.findings if x.code == "CONS_016"]
    assert found == [("CONS_016", f.sheet, f.ref)]


def test_spending__is_filed_under_the_source_typed_else_the_plans_never_no_cost(run):
    _result, out, rt, paid = run
    by_source = _block(out, "funding_source")
    assert "No cost" not in by_source or by_source["No cost"][4] == 0
    spent = {}
    acts = {a.code: a for a, _r in rt.assignments[LEAD].activities}
    for code, act in acts.items():
        value = 1200.0 if code == NO_COST else 3400.0 if code == paid else \
            rt.values[LEAD].get((code, "spent"))
        source = "" if code == NO_COST else "Donor" if code == paid else \
            rt.values[LEAD].get((code, "spent_source")) or act.funding_source
        if value:
            spent[source] = spent.get(source, 0) + value
    assert {k: by_source[k][4] for k in spent} == pytest.approx(spent)


def test_partner_without_a_budget_share__is_shown_as_such(run):
    _result, out, rt, _paid = run
    by_inst = _block(out, "institution")
    shares = {who for a in rt.plan.activities
              for who in rt.plan.allocations_of(a.code, 2026)}
    partners = [c for c in by_inst if c and c not in shares]
    assert partners, "a partner of the lead's activities has no share in the allocations"
    for code in partners:
        assert by_inst[code][5] == labels("en")["monitoring.budget_basis.no_share"]
