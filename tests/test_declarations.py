"""The declarations are checked on load: every mistake a country adapting a form could make in
``plan.toml``, ``reporting.toml`` or a label catalogue gives a finding at the key it concerns,
one test per kind of mistake, and stops every command with exit code 3, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLE_JSON

from toolkit.cli import main
from toolkit.declarations import labels as L
from toolkit.declarations import plan as P
from toolkit.declarations import reporting as R
from toolkit.declarations.source import TEMPLATES_ENV, DeclarationError

SHIPPED = ROOT / "workbook_templates"


class Templates:
    """A copy of the shipped declarations that a test edits, and their loaders."""

    def __init__(self, folder: Path):
        self.folder = folder

    def edit(self, name: str, old: str, new: str) -> Templates:
        path = self.folder / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not once in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return self

    def plan(self):
        return P.load_plan_layout(self.folder)

    def reporting(self):
        return R.load_declarations(self.folder)

    def catalogue(self, language: str):
        plan, decl = self.plan(), self.reporting()
        english = L.load_labels(self.folder, "en", plan, decl, None)
        if language == "en":
            return english
        return L.load_labels(self.folder, language, plan, decl, english)


@pytest.fixture
def templates(tmp_path) -> Templates:
    folder = tmp_path / "workbook_templates"
    shutil.copytree(SHIPPED, folder)
    return Templates(folder)


def problems(load) -> list[tuple[str, str, str]]:
    """(code, file name, key) of every problem the load raises."""
    with pytest.raises(DeclarationError) as caught:
        load()
    return [(f.code, Path(f.file).name, f.cell) for f in caught.value.findings]


def message(load) -> str:
    with pytest.raises(DeclarationError) as caught:
        load()
    return str(caught.value)


def test_shipped_declarations__load_without_a_problem(templates):
    assert templates.plan().sheet("activities").column("cost").type == "number"
    assert templates.reporting()["workbook"]["first_data_row"] == 5
    for language in L.languages():
        assert templates.catalogue(language)["report.sheet.cover"]


# -- the file itself ---------------------------------------------------------------------------
def test_toml_syntax_error__is_given_with_its_line(templates):
    templates.edit("reporting.toml", 'text_limit = 4000', 'text_limit = 4000 words')
    line = 1 + (templates.folder / "reporting.toml").read_text().split("\n").index(
        "text_limit = 4000 words")
    assert problems(templates.reporting) == [("DECL_001", "reporting.toml", f"line {line}")]
    assert "not valid TOML: expected newline or end of document after a statement, at column " \
           "19" in message(templates.reporting)


def test_key_given_twice_in_a_table__is_a_syntax_error_at_its_line(templates):
    templates.edit("labels/fr.toml", '[report.sheet]\n', '[report.sheet]\ncover = "Page"\n')
    found = problems(lambda: templates.catalogue("fr"))
    assert [code for code, _f, _k in found] == ["DECL_001"]
    assert found[0][2].startswith("line ")


def test_missing_file__says_which_and_how_to_get_it_back(templates):
    (templates.folder / "plan.toml").unlink()
    assert problems(templates.plan) == [("DECL_002", "plan.toml", "")]
    assert "NAP_TOOLKIT_TEMPLATES" in message(templates.plan)


# -- keys and values -----------------------------------------------------------------------------
def test_unknown_key__is_named_with_the_near_miss(templates):
    templates.edit("reporting.toml", '{ key = "role", kind = "locked", source = "role", width = 9 }',
                   '{ key = "role", kind = "locked", source = "role", widht = 9 }')
    assert problems(templates.reporting) == [
        ("DECL_003", "reporting.toml", "[area].columns[3].widht")]
    assert 'unknown key widht in column role (did you mean "width"?)' in \
        message(templates.reporting)


def test_missing_key__is_named_at_its_table(templates):
    templates.edit("reporting.toml", '{ key = "evidence", kind = "input", type = "text", '
                   'width = 24 }', '{ key = "evidence", type = "text", width = 24 }')
    assert problems(templates.reporting) == [("DECL_004", "reporting.toml", "[area].columns[12]")]
    assert "the key kind is missing in column evidence" in message(templates.reporting)


def test_missing_table__is_named(templates):
    text = (templates.folder / "reporting.toml").read_text()
    start = text.index("[narrative]")
    templates.edit("reporting.toml", text[start:text.index("[signoff]")], "")
    assert problems(templates.reporting) == [("DECL_004", "reporting.toml", "")]
    assert "the key narrative is missing" in message(templates.reporting)


@pytest.mark.parametrize("old, new, key, expected", [
    ('first_data_row = 5 ', 'first_data_row = "5" ', "[workbook].first_data_row",
     "a whole number from 5 to 1,000"),
    ('first_data_row = 5 ', 'first_data_row = 2 ', "[workbook].first_data_row",
     "a whole number from 5 to 1,000"),
    ('text_limit = 4000', 'text_limit = 40000', "[workbook].text_limit",
     "a whole number from 1 to 32,767"),
    ('key = "budget", kind = "locked", source = "activity.cost", width = 12',
     'key = "budget", kind = "locked", source = "activity.cost", width = "wide"',
     "[area].columns[6].width", "a whole number from 1 to 255"),
    ('table = "V3"\nrow_totals = false', 'table = "V3"\nrow_totals = "no"',
     "statistics[3].row_totals", "true or false"),
    ('rows = ["compensation_paid"]', 'rows = "compensation_paid"', "[statistics_money].rows",
     "a list in square brackets"),
])
def test_wrong_value_type__says_what_the_key_takes(templates, old, new, key, expected):
    templates.edit("reporting.toml", old, new)
    assert problems(templates.reporting) == [("DECL_005", "reporting.toml", key)]
    assert f"is not {expected}" in message(templates.reporting)


def test_unknown_column_kind__lists_the_kinds(templates):
    templates.edit("reporting.toml", '{ key = "outputs", kind = "input"',
                   '{ key = "outputs", kind = "imput"')
    assert problems(templates.reporting) == [("DECL_006", "reporting.toml",
                                              "[area].columns[10].kind")]
    assert 'unknown column kind "imput" in column outputs (did you mean "input"?); known: ' \
           "locked, input, formula" in message(templates.reporting)


def test_unknown_input_type__lists_the_types(templates):
    templates.edit("reporting.toml", '{ key = "spent", kind = "input", type = "amount"',
                   '{ key = "spent", kind = "input", type = "ammount"')
    assert problems(templates.reporting) == [("DECL_006", "reporting.toml",
                                              "[area].columns[13].type")]
    assert '"ammount" in column spent (did you mean "amount"?)' in message(templates.reporting)


def test_list_type_naming_no_list__is_refused_with_the_lists_there_are(templates):
    templates.edit("reporting.toml", 'type = "list:funding_source"', 'type = "list:region"')
    assert problems(templates.reporting) == [("DECL_006", "reporting.toml",
                                              "[area].columns[14].type")]
    text = message(templates.reporting)
    assert text.startswith(f'{templates.folder / "reporting.toml"}:[area].columns[14].type: '
                           'unknown type "list:region"')
    assert "known: list:status, list:funding_source, list:yes_no, list:recommendation_status, " \
           "list:observation, percent, amount, count, text, date." in text


def test_actual_type_outside_the_indicators_sheet__is_unknown(templates):
    templates.edit("reporting.toml", '{ key = "evidence", kind = "input", type = "text"',
                   '{ key = "evidence", kind = "input", type = "actual"')
    assert problems(templates.reporting) == [("DECL_006", "reporting.toml",
                                              "[area].columns[12].type")]


def test_unknown_source__lists_the_sources(templates):
    templates.edit("reporting.toml", 'source = "activity.cost"', 'source = "activity.costs"')
    assert problems(templates.reporting) == [("DECL_006", "reporting.toml",
                                              "[area].columns[6].source")]
    assert 'unknown source "activity.costs" in column budget (did you mean "activity.cost"?)' \
        in message(templates.reporting)


def test_formula_column_with_an_unknown_formula__is_refused(templates):
    templates.edit("reporting.toml", 'source = "activity_check"', 'source = "row_check"')
    assert problems(templates.reporting) == [("DECL_006", "reporting.toml",
                                              "[area].columns[19].source")]


def test_input_column_without_a_type__is_refused(templates):
    templates.edit("reporting.toml", '{ key = "outputs", kind = "input", type = "text", ',
                   '{ key = "outputs", kind = "input", ')
    assert problems(templates.reporting) == [("DECL_004", "reporting.toml", "[area].columns[10]")]


def test_key_of_another_kind_of_column__is_refused(templates):
    templates.edit("reporting.toml", '{ key = "outputs", kind = "input", type = "text", ',
                   '{ key = "outputs", kind = "input", type = "text", source = "activity.code", ')
    assert problems(templates.reporting) == [("DECL_003", "reporting.toml",
                                              "[area].columns[10].source")]


def test_unknown_required_rule__lists_the_rules_of_the_sheet(templates):
    templates.edit("reporting.toml", 'required = "if_delayed"', 'required = "if_late"')
    assert problems(templates.reporting) == [("DECL_006", "reporting.toml",
                                              "[area].columns[16].required")]
    assert "known: always, unless_not_started, if_delayed" in message(templates.reporting)


def test_column_the_checks_rely_on__keeps_its_kind_and_type(templates):
    templates.edit("reporting.toml", 'key = "status", kind = "input", type = "list:status"',
                   'key = "status", kind = "input", type = "text"')
    assert problems(templates.reporting) == [("DECL_014", "reporting.toml", "[area].columns[7]")]
    assert "the column status must be an input column of type list:status, because the " \
           "workbook's formulas and the toolkit's checks rely on it; found an input column of " \
           "type text" in message(templates.reporting)


def test_column_the_checks_rely_on__cannot_be_removed(templates):
    templates.edit("reporting.toml", '  { key = "comment", kind = "input", type = "text", '
                   'required = "if_below_amber", total_only = true, width = 34 },\n', "")
    assert problems(templates.reporting) == [
        ("DECL_004", "reporting.toml", "[indicators].columns"),
        ("DECL_006", "reporting.toml", "[exports].indicators[19]")]


def test_duplicate_column_key__names_the_first(templates):
    templates.edit("reporting.toml", '{ key = "outputs", kind = "input"',
                   '{ key = "evidence", kind = "input"')
    assert problems(templates.reporting) == [("DECL_007", "reporting.toml",
                                              "[area].columns[12].key")]
    assert "first at [area].columns[10]" in message(templates.reporting)


def test_duplicate_statistics_table__names_the_first(templates):
    templates.edit("reporting.toml", 'table = "V4"', 'table = "V3"')
    assert problems(templates.reporting) == [("DECL_007", "reporting.toml",
                                              "statistics[4].table")]


def test_unknown_passport_field__lists_the_indicator_fields(templates):
    templates.edit("reporting.toml", '"polarity", "aggregation"', '"polarity", "agregation"')
    assert problems(templates.reporting) == [("DECL_006", "reporting.toml",
                                              "[passport].fields[9]")]


# -- statistics tables ---------------------------------------------------------------------------
def test_statistics_table_on_an_unknown_axis__is_refused(templates):
    templates.edit("reporting.toml", 'rows = "justice_item"', 'rows = "justice_items"')
    assert problems(templates.reporting) == [("DECL_008", "reporting.toml", "statistics[6].rows")]
    assert '(did you mean "justice_item"?)' in message(templates.reporting)


def test_statistics_table_without_persons__is_refused(templates):
    templates.edit("reporting.toml", 'columns = "count"\npersons = true\n[[statistics]]\n'
                   'table = "A1"', 'columns = "count"\n[[statistics]]\ntable = "A1"')
    assert problems(templates.reporting) == [("DECL_004", "reporting.toml", "statistics[4]")]
    assert "the key persons is missing in table V4" in message(templates.reporting)


def test_person_rows_in_a_table_that_counts_no_persons__is_refused(templates):
    templates.edit("reporting.toml", 'persons = true\nperson_rows =',
                   'persons = false\nperson_rows =')
    assert problems(templates.reporting) == [("DECL_009", "reporting.toml",
                                              "statistics[8].person_rows")]
    assert "persons = false" in message(templates.reporting)


def test_person_rows_in_a_table_with_totals__is_refused(templates):
    templates.edit("reporting.toml", 'rows = "sentence_band"\ncolumns = "sex"\npersons = true',
                   'rows = "sentence_band"\ncolumns = "sex"\npersons = true\n'
                   'person_rows = ["prison_lt1"]')
    assert problems(templates.reporting) == [("DECL_009", "reporting.toml",
                                              "statistics[7].person_rows")]
    assert "has totals" in message(templates.reporting)


def test_person_rows_on_rows_from_the_plans_codelists__is_refused(templates):
    templates.edit("reporting.toml", 'rows = "citizenship"\ncolumns = "count"\npersons = true',
                   'rows = "citizenship"\ncolumns = "count"\npersons = true\n'
                   'person_rows = ["national"]')
    templates.edit("reporting.toml", 'table = "V3"\nrow_totals = false\ncolumn_totals = true',
                   'table = "V3"\nrow_totals = false\ncolumn_totals = false')
    assert problems(templates.reporting) == [("DECL_009", "reporting.toml",
                                              "statistics[3].person_rows")]


def test_person_rows_naming_a_row_the_table_has_not__is_refused(templates):
    templates.edit("reporting.toml", 'person_rows = ["victims_by_inspectors", '
                   '"hotline_referrals"]', 'person_rows = ["victims_by_inspectors", '
                   '"hotline_referral"]')
    assert problems(templates.reporting) == [("DECL_008", "reporting.toml",
                                              "statistics[8].person_rows[2]")]
    assert '(did you mean "hotline_referrals"?)' in message(templates.reporting)


def test_money_row_in_a_table_with_totals__is_refused(templates):
    templates.edit("reporting.toml", 'rows = ["compensation_paid"]', 'rows = ["prison_lt1"]')
    assert problems(templates.reporting) == [("DECL_010", "reporting.toml", "statistics[7]")]


def test_money_row_no_axis_has__is_refused(templates):
    templates.edit("reporting.toml", 'rows = ["compensation_paid"]', 'rows = ["compensation"]')
    assert problems(templates.reporting) == [("DECL_008", "reporting.toml",
                                              "[statistics_money].rows[1]")]


# -- exports -------------------------------------------------------------------------------------
def test_export_naming_a_column_the_consolidation_does_not_fill__is_refused(templates):
    templates.edit("reporting.toml", '"role", "due", "budget"', '"role", "due", "budgt"')
    assert problems(templates.reporting) == [
        ("DECL_006", "reporting.toml", "[exports].activities[9]"),
        ("DECL_004", "reporting.toml", "[exports].activities")]
    assert '"budgt" (did you mean "budget"?)' in message(templates.reporting)


def test_export_without_a_column_the_report_looks_up__is_refused(templates):
    templates.edit("reporting.toml", '"achievement", "rating", "comment"',
                   '"achievement", "comment"')
    assert problems(templates.reporting) == [("DECL_004", "reporting.toml",
                                              "[exports].indicators")]


# -- plan.toml -----------------------------------------------------------------------------------
def test_plan_column_that_is_no_field_of_the_plan__is_refused(templates):
    templates.edit("plan.toml", '{ key = "catalogue_ref", type = "measures"',
                   '{ key = "catalogue_reference", type = "measures"')
    assert problems(templates.plan) == [("DECL_006", "plan.toml", "sheet[4].columns[13].key")]
    assert '(did you mean "catalogue_ref"?)' in message(templates.plan)


def test_plan_field_the_model_needs__cannot_be_removed(templates):
    templates.edit("plan.toml", '  { key = "lead", type = "ref:institutions", required = true, '
                   'width = 12, example = "MOI" },\n', "")
    assert problems(templates.plan) == [("DECL_004", "plan.toml", "sheet[4].columns")]


def test_plan_column_type__is_checked_down_to_its_codelist(templates):
    templates.edit("plan.toml", 'type = "enum:funding_status"', 'type = "enum:funding_state"')
    templates.edit("plan.toml", 'key = "email", type = "email"', 'key = "email", type = "mail"')
    assert problems(templates.plan) == [
        ("DECL_006", "plan.toml", "sheet[4].columns[11].type"),
        ("DECL_006", "plan.toml", "sheet[8].columns[8].type")]


def test_plan_sheet_name_excel_refuses__is_refused(templates):
    templates.edit("plan.toml", 'name = "Targets"', 'name = "Yearly targets: values by year"')
    assert problems(templates.plan) == [("DECL_013", "plan.toml", "sheet[6].name")]


def test_plan_sheet_names_alike_but_for_case__are_refused(templates):
    templates.edit("plan.toml", 'name = "Risks"', 'name = "GOALS"')
    assert problems(templates.plan) == [("DECL_007", "plan.toml", "sheet[10].name")]


def test_plan_part_twice__is_refused(templates):
    templates.edit("plan.toml", 'part = "risks"', 'part = "targets"')
    assert [code for code, _f, _k in problems(templates.plan)] == ["DECL_007"]


# -- label catalogues ----------------------------------------------------------------------------
def test_new_column_without_its_labels__names_the_label_and_the_column(templates):
    templates.edit("reporting.toml", '  { key = "evidence",',
                   '  { key = "region", kind = "input", type = "text" },\n  { key = "evidence",')
    found = problems(lambda: templates.catalogue("en"))
    assert found == [("DECL_011", "en.toml", "[report.area].region"),
                     ("DECL_011", "en.toml", "[report.area].region_note")]
    assert "no label report.area.region (for the column region of [area] in reporting.toml)" in \
        message(lambda: templates.catalogue("en"))


def test_label_missing_from_another_language__is_named(templates):
    templates.edit("labels/fr.toml", 'achievements_note = ', 'achievement_note = ')
    found = problems(lambda: templates.catalogue("fr"))
    assert sorted(found) == [("DECL_003", "fr.toml", "[report.narrative].achievement_note"),
                             ("DECL_011", "fr.toml", "[report.narrative].achievements_note")]


def test_label_placeholders_unlike_english__are_refused(templates):
    text = (templates.folder / "labels" / "fr.toml").read_text()
    line = next(ln for ln in text.split("\n") if ln.startswith("footer = "))
    templates.edit("labels/fr.toml", line, line.replace("{institution}", "{institution_name}"))
    assert problems(lambda: templates.catalogue("fr")) == [
        ("DECL_012", "fr.toml", "[report].footer")]


def test_label_that_is_no_text__is_refused(templates):
    templates.edit("labels/en.toml", 'yes = "Yes"', "yes = true")
    assert problems(lambda: templates.catalogue("en")) == [("DECL_005", "en.toml", "[report].yes")]


def test_fixed_sheet_name_excel_refuses__is_refused(templates):
    templates.edit("labels/fr.toml", 'lists = "Listes"', 'lists = "Listes [cachées]"')
    assert problems(lambda: templates.catalogue("fr")) == [
        ("DECL_013", "fr.toml", "[report.sheet].lists")]


def test_two_fixed_sheets_of_one_name__are_refused(templates):
    templates.edit("labels/en.toml", 'lists = "Lists"', 'lists = "cover"')
    assert problems(lambda: templates.catalogue("en")) == [
        ("DECL_007", "en.toml", "[report.sheet].lists")]


# -- every command stops, exit 3, no traceback --------------------------------------------------
def _clear_caches() -> None:
    P.plan_layout.cache_clear()
    R.declarations.cache_clear()
    R.export_columns.cache_clear()
    L.labels.cache_clear()


@pytest.fixture
def broken(templates, monkeypatch):
    """The shipped declarations with a misspelt list type, in force for the commands."""
    templates.edit("reporting.toml", 'type = "list:funding_source"', 'type = "list:region"')
    monkeypatch.setenv(TEMPLATES_ENV, str(templates.folder))
    _clear_caches()
    yield templates
    monkeypatch.delenv(TEMPLATES_ENV)
    _clear_caches()


@pytest.mark.parametrize("args", [
    ["check-plan", str(SAMPLE_JSON)],
    ["new-plan", "{tmp}/plan.xlsx"],
    ["plan-export", str(SAMPLE_JSON), "{tmp}/plan.json"],
    ["plan-import", str(SAMPLE_JSON), "{tmp}/plan.xlsx"],
    ["generate", str(SAMPLE_JSON), "--period", "2025-H1", "--out", "{tmp}/out"],
    ["aggregate", "--plan", str(SAMPLE_JSON), "--period", "2025-H1", "--out", "{tmp}/out",
     str(SAMPLE_JSON)],
    ["demo", "--out", "{tmp}/demo"],
    ["control-panel", "{tmp}/panel.xlsm"],
    ["vba", "inspect", "{tmp}/panel.xlsm"],
])
def test_every_command__stops_with_the_located_problem_and_exit_3(broken, tmp_path, args):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 3, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert 'reporting.toml:[area].columns[14].type: unknown type "list:region"' in \
        result.output
    assert result.output.rstrip().endswith("[DECL_006]")
    assert not (tmp_path / "out").exists() and not (tmp_path / "plan.xlsx").exists()


def test_generate__writes_no_plain_text_rule_for_a_misspelt_list(broken, tmp_path):
    result = CliRunner().invoke(main, ["generate", str(SAMPLE_JSON), "--period", "2025-H1",
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert not (tmp_path / "out").exists()


# -- a new input column flows through without a change to the code ------------------------------
def test_new_input_column__is_generated_read_checked_and_exported(templates, monkeypatch,
                                                                   tmp_path):
    import datetime as dt

    from openpyxl import load_workbook
    from plans import small_plan

    from toolkit.aggregate.run import aggregate
    from toolkit.commands.agency import fill_return
    from toolkit.generate.workbooks import generate
    from toolkit.reporting.layout import build_layout
    from toolkit.reporting.periods import parse_period
    from toolkit.reporting.scope import assignments

    templates.edit("reporting.toml", '  { key = "evidence",', '  { key = "region_served", '
                   'kind = "input", type = "text", width = 20 },\n  { key = "evidence",')
    templates.edit("reporting.toml", '  { key = "comment", kind = "input"', '  { key = "method", '
                   'kind = "input", type = "count", total_only = true },\n  { key = "comment", '
                   'kind = "input"')
    for language in ("en", "fr"):
        templates.edit(f"labels/{language}.toml", "[report.area]\n", '[report.area]\n'
                       'region_served = "Region"\nregion_served_note = "Where it took place."\n')
        templates.edit(f"labels/{language}.toml", "[report.indicators]\n", '[report.indicators]'
                       '\nmethod = "Sources"\nmethod_note = "How many sources were used."\n')
    monkeypatch.setenv(TEMPLATES_ENV, str(templates.folder))
    _clear_caches()
    try:
        plan = small_plan()
        period = parse_period("2025-H2", plan.meta.frequency, plan.meta.start, plan.meta.end)
        generated = generate(plan, period, tmp_path / "gen", ["POL"], password="pw")[0].path
        layout = build_layout(plan, period, assignments(plan, period)["POL"], dt.date(2026, 1, 15))

        def tweak(values, layout, text, formats):
            for sheet in layout.sheets:
                for f in sheet.inputs():
                    if f.key == "region_served":
                        values[(f.row_key, f.key)] = f"North of {f.row_key}"
                    elif f.key == "method":
                        values[(f.row_key, f.key)] = "two" if f.row_key.startswith("A1.1.1") \
                            else 2

        filled = tmp_path / "returns" / generated.name
        filled.parent.mkdir()
        fill_return(generated, filled, layout, plan, period, dt.datetime(2026, 1, 10, 9), 0,
                    L.labels("en"), tweak)
        result = aggregate(plan, period, [filled], tmp_path / "out")
        activities = _csv(tmp_path / "out" / "exports" / "activities.csv")
        indicators = _csv(tmp_path / "out" / "exports" / "indicators.csv")
        report = load_workbook(tmp_path / "out" / "report.xlsx", read_only=True)
        report_head = [c.value for c in next(report["Activities"].iter_rows(max_row=1))]
    finally:
        monkeypatch.delenv(TEMPLATES_ENV)
        _clear_caches()
    head = list(activities[0])
    assert head[head.index("evidence") - 1] == "region_served"
    # The report shows a column the forms add at the end of its table, by its label.
    assert report_head[-1] == "Region" and "Activity" in report_head
    served = {r["activity"]: r["region_served"] for r in activities
              if r["institution"] == "POL"}
    assert served and all(v == f"North of {code}" for code, v in served.items())
    assert list(indicators[0])[-4:] == ["method", "file_sha256", "sheet", "cell"]
    totals = {r["indicator"]: r["method"] for r in indicators
              if not r["dimension"] and r["institution"] == "POL"}
    assert totals["A1.1.1-OUT"] == "" and totals["A1.2.1-OUT"] == "2"
    assert {r["method"] for r in indicators if r["dimension"]} == {""}
    refused = [f for f in result.findings if f.code == "CELL_002"]
    assert len(refused) == 1 and refused[0].param("value") == '"two"'


def _csv(path: Path) -> list[dict]:
    import csv

    with open(path, encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))
