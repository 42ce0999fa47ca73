"""generate: locked workbooks where exactly the declared inputs are open, validated and explained."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from plans import plans

from toolkit.cli import main
from toolkit.declarations.reporting import declarations
from toolkit.generate.workbooks import generate
from toolkit.reporting.layout import INPUT, build_layout, last_row, statistics_layout
from toolkit.reporting.periods import parse_period, plan_periods
from toolkit.reporting.scope import assignments

PERIOD = "2026-H1"


@pytest.fixture(scope="module")
def generated(sample_plan, period, tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    return out, generate(sample_plan, period, out, password="test-password")


def _layouts(plan, period):
    return {code: build_layout(plan, period, a) for code, a in assignments(plan, period).items()}


def _validated_cells(ws) -> dict[str, list]:
    cells: dict[str, list] = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in range(rng.min_row, rng.max_row + 1):
                for col in range(rng.min_col, rng.max_col + 1):
                    cells.setdefault(f"{rng.coord.split(':')[0][0:0]}{col}:{row}", []).append(dv)
    return cells


def check_workbook(path, layout) -> None:
    """Everything the issue asks of a generated workbook, read back with openpyxl."""
    wb = load_workbook(path)
    assert wb.security is not None and wb.security.lockStructure
    stamp = wb["NAPStamp"]
    assert stamp.sheet_state == "veryHidden"
    values = {r[0]: r[1] for r in stamp.iter_rows(values_only=True)}
    assert values["plan_code"] == layout.plan_code and values["period"] == layout.period
    assert values["institution"] == layout.institution
    assert values["layout_fingerprint"] == layout.fingerprint
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title
        for dv in ws.data_validations.dataValidation:
            assert not (dv.formula1 or "").startswith('"'), "inline list"
    for sheet in layout.sheets:
        ws = wb[sheet.name]
        inputs = {(f.row, f.col + 1) for f in sheet.fields if f.kind == INPUT}
        validated = _validated_cells(ws)
        for row in ws.iter_rows():
            for cell in row:
                key = (cell.row, cell.column)
                unlocked = cell.protection.locked is False
                assert unlocked == (key in inputs), (sheet.name, cell.coordinate)
                dvs = validated.get(f"{cell.column}:{cell.row}", [])
                if key in inputs:
                    assert len(dvs) == 1, (sheet.name, cell.coordinate)
                    dv = dvs[0]
                    # Excel: errorStyle is omitted when it is "stop", the schema's default.
                    assert dv.showErrorMessage and dv.errorStyle in (None, "stop")
                    assert dv.showInputMessage and dv.prompt
                else:
                    assert not dvs, (sheet.name, cell.coordinate)


def test_every_sample_workbook__locks_all_but_validated_inputs(generated, sample_plan, period):
    out, written = generated
    layouts = _layouts(sample_plan, period)
    assert {g.institution for g in written} == set(layouts)
    for g in written:
        check_workbook(g.path, layouts[g.institution])


def test_manifest__lists_every_expected_return(generated, sample_plan):
    out, written = generated
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["period"] == PERIOD
    assert [e["file"] for e in manifest["expected"]] == [g.path.name for g in written]
    assert all(e["file"] == f"VAL-NAP_{PERIOD}_{e['institution']}.xlsx"
               for e in manifest["expected"])


def test_password__is_not_written_into_the_files(generated):
    _out, written = generated
    for g in written:
        with zipfile.ZipFile(g.path) as zf:
            for name in zf.namelist():
                assert b"test-password" not in zf.read(name), name


def test_generation__is_deterministic(sample_plan, period, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = generate(sample_plan, period, tmp_path / "a", password="pw")
    second = generate(sample_plan, period, tmp_path / "b", password="pw")
    for a, b in zip(first, second):
        with zipfile.ZipFile(a.path) as za, zipfile.ZipFile(b.path) as zb:
            assert za.namelist() == zb.namelist()
            for name in za.namelist():
                assert za.read(name) == zb.read(name), (a.path.name, name)


def test_cli__rejects_a_period_off_the_plans_frequency(tmp_path):
    from conftest import SAMPLE_XLSX

    result = CliRunner().invoke(main, ["generate", str(SAMPLE_XLSX), "--period", "2026-Q1",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert 'the period "2026-Q1" does not fit the plan\'s semi-annual reporting' in result.output


def test_cli__names_an_unknown_institution(tmp_path):
    from conftest import SAMPLE_XLSX

    result = CliRunner().invoke(main, ["generate", str(SAMPLE_XLSX), "--period", PERIOD,
                                       "--out", str(tmp_path), "--institution", "POLX"])
    assert result.exit_code == 2
    assert 'did you mean "POL"?' in result.output


def test_cli__writes_the_chosen_institution_only(tmp_path, monkeypatch):
    from conftest import SAMPLE_XLSX

    monkeypatch.setenv("NAP_SHEET_PASSWORD", "pw")
    result = CliRunner().invoke(main, ["generate", str(SAMPLE_XLSX), "--period", PERIOD,
                                       "--out", str(tmp_path), "--institution", "POL"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "VAL-NAP_2026-H1_POL.xlsx", "manifest.json"]


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans(), half=st.sampled_from(["2025-H1", "2025-H2", "2026-H1", "2026-H2"]))
def test_generated_plans__inputs_are_exactly_the_declared_ones(plan, half, tmp_path_factory):
    out = tmp_path_factory.mktemp("prop")
    period = parse_period(half, plan.meta.frequency, plan.meta.start, plan.meta.end)
    layouts = _layouts(plan, period)
    declared = {c["key"] for kind in ("area", "indicators")
                for c in declarations()[kind]["columns"] if c["kind"] == "input"}
    for g in generate(plan, period, out, password="pw"):
        layout = layouts[g.institution]
        for sheet in layout.sheets:
            if sheet.kind in ("area", "indicators"):
                assert {f.key for f in sheet.inputs()} <= declared
        check_workbook(g.path, layout)


def _english_fragments() -> set[str]:
    """Literal pieces of English labels that French does not share, 6 characters or more."""
    import re

    from toolkit.declarations.labels import labels

    en, fr = labels("en"), labels("fr")
    fragments = set()
    for key, text in en.items():
        if not key.startswith("report.") or fr.get(key) == text:
            continue
        for piece in re.split(r"\{[a-z_]+\}|&[LCRPN]|\n", text):
            piece = piece.strip(" .:,;-")
            if len(piece) >= 6 and piece not in fr[key]:
                fragments.add(piece)
    return fragments


def test_french_workbook__has_no_english_label_left(sample_plan, period, tmp_path):
    import dataclasses

    plan = dataclasses.replace(sample_plan, meta=dataclasses.replace(sample_plan.meta,
                                                                     language="fr"))
    fragments = _english_fragments()
    layouts = _layouts(plan, period)
    for g in generate(plan, period, tmp_path, password="pw"):
        content = {str(f.value) for s in layouts[g.institution].sheets for f in s.fields
                   if f.kind == "locked" and f.sheet != "Couverture"}
        wb = load_workbook(g.path)
        texts = []
        for ws in wb.worksheets:
            if ws.title == "NAPStamp":
                continue
            texts.append(ws.title)
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value not in content:
                        texts.append(cell.value)
            for dv in ws.data_validations.dataValidation:
                texts += [dv.prompt or "", dv.promptTitle or "", dv.error or "",
                          dv.errorTitle or ""]
        left = sorted({frag for frag in fragments for text in texts
                       if (frag in text if " " in frag else frag == text)})
        assert left == [], (g.path.name, left[:10])


def _check_shortcuts(plan, period, language=None) -> None:
    for a in assignments(plan, period).values():
        layout = build_layout(plan, period, a, language=language)
        assert last_row(plan, period, a, language) == max(s.last_row for s in layout.sheets)
        assert statistics_layout(plan, period, a, language) == layout.sheet("statistics")


def test_last_row_and_statistics__are_those_of_the_sample_layouts(sample_plan):
    m = sample_plan.meta
    for period in plan_periods(m.frequency, m.start, m.end):
        for language in ("en", "fr"):
            _check_shortcuts(sample_plan, period, language)


@settings(max_examples=25, deadline=None)
@given(plan=plans(), half=st.sampled_from(["2025-H1", "2025-H2", "2026-H1", "2026-H2"]))
def test_last_row_and_statistics__are_those_of_generated_plans_layouts(plan, half):
    _check_shortcuts(plan, parse_period(half, plan.meta.frequency, plan.meta.start,
                                        plan.meta.end))
