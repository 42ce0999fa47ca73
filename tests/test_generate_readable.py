"""Agencies' workbooks that read well: rows as high as their wrapped text in Calc, wide sheets
printed at a readable size, the Cover's panel coloured by its state, clean number formats,
and passports with the yearly targets."""

from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import load_workbook

from tests.support import libreoffice as lo
from toolkit.declarations.labels import labels
from toolkit.generate.workbooks import generate
from toolkit.reporting.periods import parse_period

PERIOD = "2026-H1"
INSTITUTION = "MOI"


@pytest.fixture(scope="module")
def workbook(sample_plan, tmp_path_factory):
    period = parse_period(PERIOD, sample_plan.meta.frequency, sample_plan.meta.start,
                          sample_plan.meta.end)
    out = tmp_path_factory.mktemp("readable")
    return generate(sample_plan, period, out, [INSTITUTION], password="pw")[0].path


def test_number_formats__show_whole_numbers_and_years_cleanly(workbook):
    with zipfile.ZipFile(workbook) as z:
        styles = z.read("xl/styles.xml").decode()
    assert "#,##0.##" not in styles
    wb = load_workbook(workbook)
    year = labels("en")["plan.indicators.baseline_year"]
    cells = [r[2] for r in wb["Indicator passports"].iter_rows(min_row=5) if r[1].value == year]
    assert cells and {c.number_format for c in cells} == {"0"}
    budget = next(c for row in wb["A Prevention"].iter_rows(min_row=5, max_row=5)
                  for c in row if isinstance(c.value, (int, float)))
    assert budget.number_format == "#,##0"


def test_passports__list_the_yearly_targets(workbook, sample_plan):
    ws = load_workbook(workbook)["Indicator passports"]
    heading = labels("en")["plan.indicators.yearly_targets"]
    found = {r[0].value: r[2].value for r in ws.iter_rows(min_row=5) if r[1].value == heading}
    assert found
    for code, text in found.items():
        targets = sample_plan.targets_of(code)
        assert text == "; ".join(f"{y}: {v:g}" if isinstance(v, float) else f"{y}: {v}"
                                 for y, v in sorted(targets.items()))
        assert all(str(year) in text for year in targets)


def test_wide_sheets__print_at_8_points_or_more(workbook):
    wb = load_workbook(workbook)
    for name in ("A Prevention", "Indicators", "Statistics"):
        if name not in wb.sheetnames:
            continue
        ws = wb[name]
        assert not ws.sheet_properties.pageSetUpPr or \
            not ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert 11 * ws.page_setup.scale / 100 >= 8, name
        assert ws.print_title_cols and ws.page_setup.orientation == "landscape", name


def test_cover_panel__is_green_when_complete_and_amber_when_not(workbook):
    with zipfile.ZipFile(workbook) as z:
        assert '<sheet name="Cover" sheetId="1"' in z.read("xl/workbook.xml").decode()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        styles = z.read("xl/styles.xml").decode()
    rules = re.findall(r'<cfRule type="expression" dxfId="(\d+)"[^>]*><formula>([^<]+)'
                       r"</formula>", sheet)
    complete = [(dxf, f) for dxf, f in rules if not f.startswith("AND(") and (
        '="Complete"' in f or "All required inputs" in f)]
    assert len(complete) == 2
    dxfs = re.findall(r"<dxf>(.*?)</dxf>", styles)
    for dxf, _formula in complete:
        assert "C6EFCE" in dxfs[int(dxf)]  # green fill
    incomplete = [(dxf, f) for dxf, f in rules if f.startswith("AND(") and "&lt;&gt;" in f]
    assert len(incomplete) == 2 and all("FFEB9C" in dxfs[int(d)] for d, _f in incomplete)




@pytest.mark.libreoffice
@pytest.mark.skipif(not lo.available(), reason="needs soffice and /usr/bin/python3 with uno")
def test_rows__are_as_high_as_calc_needs_for_their_wrapped_text(workbook):
    wb = load_workbook(workbook)
    checks = {}
    for name in ("Cover", "A Prevention", "Indicators", "Indicator passports"):
        ws = wb[name]
        checks[name] = [r for r in range(1, ws.max_row + 1)
                        if ws.row_dimensions[r].height]
    short = {}
    with lo.Calc() as calc, calc.open(workbook, visible=False) as doc:
        for name, rows in checks.items():
            assert rows, name
            for row, (given, optimal) in zip(rows, doc.row_heights(name, rows)):
                if given < optimal - 20:  # 0.2 mm: rounding between points and mm
                    short[(name, row)] = (given, optimal)
    assert short == {}
