"""The plan's parts behind the report's figures: yearly allocations, official sources of the
statistics and yes/no targets, in the plan workbook and in JSON."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from toolkit.plan.jsonio import to_dict
from toolkit.plan.load import load_checked_plan, read_plan


def test_yes_no_target__typed_as_a_word_in_either_language_is_read_as_1_or_0(sample_xlsx,
                                                                          tmp_path):
    wb = load_workbook(sample_xlsx)
    ws = wb["Targets"]
    ws["A5"], ws["B5"], ws["C5"] = "SO-D2.1-OC-02", 2025, "No"
    ws["A6"], ws["B6"], ws["C6"] = "SO-D2.1-OC-02", 2027, "oui"
    wb.save(tmp_path / "plan.xlsx")

    read = read_plan(tmp_path / "plan.xlsx")

    targets = read.plan.targets_of("SO-D2.1-OC-02")
    assert (targets[2025], targets[2027]) == (0, 1)
    assert read.findings == []


def test_plan_workbook_without_the_optional_sheets__reads_them_as_empty(sample_xlsx, tmp_path):
    """A plan workbook made before yearly allocations and official sources existed."""
    wb = load_workbook(sample_xlsx)
    del wb["Budget"], wb["Official sources"]
    wb.save(tmp_path / "old.xlsx")

    plan, findings = load_checked_plan(tmp_path / "old.xlsx")

    assert plan.allocations == () and plan.official_sources == ()
    assert {f.code for f in findings} == {"PLAN_036"}, "only the warnings of tables without "
    "an official source"
    assert all(f.severity == "warning" for f in findings)


def test_json_plan_without_the_new_parts_and_lists__takes_them_empty_and_default(sample_plan,
                                                                              tmp_path):
    doc = to_dict(sample_plan)
    for key in ("allocations", "official_sources"):
        doc.pop(key)
    del doc["codelists"]["statistics_table"]
    (tmp_path / "old.json").write_text(json.dumps(doc), encoding="utf-8")

    plan, findings = load_checked_plan(tmp_path / "old.json")

    assert plan.codelists["statistics_table"] == ("V1", "V2", "V3", "V4", "A1", "J1", "J2",
                                                  "P1")
    assert [f.code for f in findings if f.severity == "error"] == []


def test_statistics_tables_codelist__lists_the_declared_tables():
    from toolkit.declarations.reporting import declarations
    from toolkit.plan.codelists import DEFAULTS

    assert DEFAULTS["statistics_table"] == tuple(t["table"] for t in
                                                 declarations()["statistics"])


def test_allocations__are_found_by_activity_year_and_institution(sample_plan):
    shares = sample_plan.allocations_of("A1.1.1", 2026)
    assert shares == {"MOI": 36000, "NGO-HOPE": 9000}
    assert sample_plan.allocations_of("A1.1.1", 2030) == {}
