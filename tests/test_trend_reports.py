"""The trends in a period's report when a history store is used, and in the annual and
plan-to-date reports: each indicator's series against its targets (table and native line
charts, read back from the chart XML), reporting and on-time rates per institution, budget to
date, page setup, the plan's language, and LibreOffice opening them. Every expected figure is
computed here from the values typed into the returns."""

from __future__ import annotations

import re
import shutil
import zipfile
from xml.etree import ElementTree as ET

import pytest
from history_cases import PERIODS, figure_of, last_of_year
from openpyxl import load_workbook

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
SERIES = "Series"
TREND_SHEETS = ("Series", "Series charts", "Progress to date", "Reporting rates",
                "Budget to date")
LEFT_OUT = {"2026-H1": 1}
"""Periods consolidated without some returns: how many institutions, from the last, left out."""


def given(rt, period: str) -> list[str]:
    """The institutions whose returns a period's consolidation is given."""
    codes = sorted(rt.clean)
    return codes[:len(codes) - LEFT_OUT.get(period, 0)]


def aggregate(plan_path, rt, out, store, institutions=None, **options):
    from toolkit.commands.aggregate import aggregate as run

    chosen = institutions if institutions is not None else given(rt, rt.period.code)
    return run(plan_path, rt.period.code, [rt.clean[c] for c in chosen], out, jobs=1,
               store=store, **options)


@pytest.fixture(scope="module")
def trended(plan_path, periods, tmp_path_factory):
    """The three periods consolidated one after the other into one SQLite store, one
    institution's return of 2026-H1 left out: (store, output folder by period)."""
    base = tmp_path_factory.mktemp("trended")
    store = str(base / "history.sqlite")
    outs = {p: aggregate(plan_path, periods[p], base / p, store).out_dir for p in PERIODS}
    return store, outs


def typed_total(rt, period: str, code: str):
    """What the institutions given typed for an indicator, added up (None: nobody did)."""
    values = [rt.values[i][(code, "actual")] for i in given(rt, period)
              if (code, "actual") in rt.values[i]]
    return sum(values) if values else None


def due(rt, code: str) -> bool:
    """Whether any institution's workbook of the period asks for the indicator."""
    return any((code, "actual") in values for values in rt.values.values())


def series_lines(ws) -> dict[tuple[str, str], tuple]:
    """(indicator, line) -> the values of each period, from the Series sheet."""
    return {(r[0], r[3]): r[4:] for r in ws.iter_rows(min_row=5, values_only=True) if r[0]}


def heading_periods(ws) -> list[str]:
    return [c.value for c in ws[4]][4:]


def test_period_report__with_a_store_shows_the_series_up_to_its_period(plan, periods,
                                                                       trended):
    from toolkit.reporting.scope import period_target  # the plan's targets, per period

    first = load_workbook(trended[1][PERIODS[0]] / "report.xlsx", read_only=True)
    assert not set(TREND_SHEETS) & set(first.sheetnames)  # one period makes no trend
    for n, period in enumerate(PERIODS[1:], start=1):
        wb = load_workbook(trended[1][period] / "report.xlsx")
        assert set(TREND_SHEETS) <= set(wb.sheetnames)
        assert heading_periods(wb[SERIES]) == list(PERIODS[:n + 1])
        lines = series_lines(wb[SERIES])
        for ind in plan.indicators:
            assert lines[(ind.code, "Actual")] == tuple(
                typed_total(periods[p], p, ind.code) for p in PERIODS[:n + 1]), ind.code
            assert lines[(ind.code, "Target")] == tuple(
                period_target(plan, ind, periods[p].period) if due(periods[p], ind.code)
                else None for p in PERIODS[:n + 1]), ind.code


def test_period_report__on_postgresql_shows_the_series_of_the_periods_recorded(
        plan, plan_path, periods, pg_cluster, tmp_path):
    store = pg_cluster.create_database("trends")
    for period in PERIODS[:2]:
        done = aggregate(plan_path, periods[period], tmp_path / period, store)

    lines = series_lines(load_workbook(done.report_path)[SERIES])
    for ind in plan.indicators:
        assert lines[(ind.code, "Actual")] == tuple(
            typed_total(periods[p], p, ind.code) for p in PERIODS[:2]), ind.code


def test_period_report__of_an_earlier_period_ends_its_trends_with_that_period(
        plan_path, periods, trended, tmp_path):
    store = shutil.copy(trended[0], tmp_path / "copy.sqlite")

    again = aggregate(plan_path, periods["2026-H1"], tmp_path / "again", str(store))

    wb = load_workbook(again.report_path, read_only=True)
    assert heading_periods(wb[SERIES]) == ["2025-H2", "2026-H1"]


def test_period_report__without_a_store_has_no_trend_sheets(plan_path, periods, tmp_path):
    done = aggregate(plan_path, periods["2025-H2"], tmp_path / "out", None, record=False)

    names = load_workbook(done.report_path, read_only=True).sheetnames
    assert not set(TREND_SHEETS) & set(names)
    assert "Overview" in names


def charts_of(path) -> list[list[dict]]:
    """Every chart of a workbook: its series, each with the kind of chart it is drawn in, the
    ranges of its name and values, and the values cached in the chart."""
    out = []
    with zipfile.ZipFile(path) as z:
        for name in sorted(n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)):
            plot = ET.fromstring(z.read(name)).find(f"{C}chart/{C}plotArea")
            out.append([{"kind": kind.tag.removeprefix(C),
                         "name": ser.findtext(f"{C}tx/{C}strRef/{C}f"),
                         "values": ser.findtext(f"{C}val/{C}numRef/{C}f"),
                         "cached": {int(pt.get("idx")): float(pt.findtext(f"{C}v"))
                                    for pt in ser.find(f"{C}val").iter(f"{C}pt")}}
                        for kind in plot for ser in kind.findall(f"{C}ser")])
    return out


def row_of(reference: str) -> int:
    """The row of a one-row range such as ``Series!$E$5:$G$5``."""
    return int(re.search(r"\$(\d+)(?::|$)", reference).group(1))


def test_series_charts__one_line_chart_per_indicator_against_its_target(plan, periods,
                                                                       trended):
    path = trended[1]["2026-H2"] / "report.xlsx"
    ws = load_workbook(path)[SERIES]
    cell = {r: (ws.cell(r, 1).value, ws.cell(r, 4).value) for r in range(5, ws.max_row + 1)}

    lines = [c for c in charts_of(path) if c[0]["values"].startswith(f"{SERIES}!")]

    assert [[cell[row_of(s["values"])] for s in chart] for chart in lines] == \
        [[(i.code, "Actual"), (i.code, "Target")] for i in plan.indicators]
    for chart, ind in zip(lines, plan.indicators):
        assert all(s["kind"] == "lineChart" for s in chart)
        assert [row_of(s["name"]) for s in chart] == [row_of(s["values"]) for s in chart]
        actual = [typed_total(periods[p], p, ind.code) for p in PERIODS]
        assert chart[0]["cached"] == {k: v for k, v in enumerate(actual) if v is not None}


def test_reporting_rates__per_institution_and_period_from_the_returns_given(plan, periods,
                                                                           trended):
    wb = load_workbook(trended[1]["2026-H2"] / "report.xlsx")
    rows = {r[0]: r for r in wb["Reporting rates"].iter_rows(min_row=5, values_only=True)
            if r[0]}

    for code in sorted({c for rt in periods.values() for c in rt.assignments}):
        expected = [p for p in PERIODS if code in periods[p].assignments]
        states = ["on time" if code in given(periods[p], p) else "missing" for p in expected]
        row = rows[code]
        assert [s for s in row[2:2 + len(PERIODS)] if s] == states
        share = states.count("on time") / len(states)
        assert row[2 + len(PERIODS):4 + len(PERIODS)] == (pytest.approx(share, abs=1e-4),) * 2
    overall = rows["Reporting rate"][2:2 + len(PERIODS)]
    assert list(overall) == [pytest.approx(len(given(periods[p], p)) /
                                           len(periods[p].assignments), abs=1e-4)
                             for p in PERIODS]


def spent_by_area(plan, rts: dict) -> dict[str, float]:
    """Funds typed as spent, by the area of each activity, over the returns given: each
    institution's last report of each year, added up (docs/indicators.md §10)."""
    out: dict[str, float] = {}
    for (_, _, row), value in last_of_year(rts, "spent", institutions=given).items():
        area = plan.area_of(row)
        out[area] = out.get(area, 0) + value
    return out


def test_budget_to_date__spent_by_area_equals_the_sums_typed(plan, periods, trended):
    from toolkit.declarations.labels import labels

    ws = load_workbook(trended[1]["2026-H2"] / "report.xlsx")["Budget to date"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=6, max_row=5 + len(plan.areas),
                                          values_only=True)}
    heads = [c.value for c in ws[5]]

    spent = spent_by_area(plan, periods)
    planned = {a.code: sum(act.cost or 0 for act in plan.activities
                           if plan.area_of(act.code) == a.code) for a in plan.areas}
    for area in plan.areas:
        row = dict(zip(heads, rows[area.code]))
        assert row[labels("en")["monitoring.column.planned"]] == \
            pytest.approx(planned[area.code])
        assert row["Spent to date"] == pytest.approx(spent.get(area.code, 0))
        assert row["Spent 2026"] == pytest.approx(spent_by_area(
            plan, {p: periods[p] for p in PERIODS if p.startswith("2026")}).get(area.code, 0))


def test_trend_sheets__print_like_the_other_sheets(plan, trended):
    wb = load_workbook(trended[1]["2026-H2"] / "report.xlsx")

    for name in TREND_SHEETS:
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.page_setup.fitToWidth in (1, None), name  # None: Excel's default, 1
        assert ws.page_setup.fitToHeight == 0, name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert f"{plan.meta.code} {plan.meta.version}" in ws.oddFooter.left.text, name
        assert "2026-H2" in ws.oddFooter.center.text, name
    for name in ("Series", "Progress to date", "Reporting rates"):
        assert wb[name].print_title_rows == "$4:$4", name


def test_annual_report__in_french_names_its_sheets_and_lines_in_french(plan, trended,
                                                                       tmp_path):
    import dataclasses
    import datetime as dt

    from toolkit.aggregate.outputs.history_report import write_history_report
    from toolkit.store.connect import open_store
    from toolkit.store.read import history

    french = dataclasses.replace(plan, meta=dataclasses.replace(plan.meta, language="fr"))
    with open_store(trended[0]) as store:
        found = history(store, plan.meta.code, french)

    path = write_history_report(tmp_path / "fr.xlsx", found, 2026, dt.datetime(2027, 1, 5))

    wb = load_workbook(path)
    assert wb.sheetnames == ["Synthèse", "Indicateurs 2026", "Séries", "Graphiques des séries",
                             "Progrès à ce jour", "Taux de rapport", "Budget à ce jour"]
    lines = {r[3] for r in wb["Séries"].iter_rows(min_row=5, values_only=True) if r[0]}
    assert lines == {"Réalisé", "Cible"}
    institutions = {i.code for i in plan.institutions}
    states = {v for r in wb["Taux de rapport"].iter_rows(min_row=5, values_only=True)
              if r[0] in institutions for v in r[2:4] if v}
    assert states == {"dans les délais", "manquant"}


@pytest.mark.libreoffice
def test_period_report_with_trends__opens_in_calc_and_keeps_its_charts(trended, tmp_path):
    from support import libreoffice as lo

    if not lo.available():
        pytest.skip("LibreOffice (soffice and python3-uno) is not installed")
    path = trended[1]["2026-H2"] / "report.xlsx"
    with lo.Calc() as calc, calc.open(path, visible=False) as doc:
        assert doc.load_problems == []
        assert set(TREND_SHEETS) <= set(doc.sheet_names())
    saved = lo.convert([path], tmp_path / "saved")[0]

    def lines(p):
        return sorted(len(c) for c in charts_of(p))

    assert lines(saved) == lines(path)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def document_tables(path) -> dict[str, list[list[str]]]:
    """Each table of a document under the heading or caption before it, as text cell by
    cell."""
    from docx import Document

    out, heading = {}, ""
    for block in Document(str(path)).element.body.iterchildren():
        if block.tag == f"{W}p":
            style = block.find(f"{W}pPr/{W}pStyle")
            if style is not None and re.match(r"Heading|Caption", style.get(f"{W}val")) \
                    and _text(block):
                heading = _text(block)
        elif block.tag == f"{W}tbl":
            out[heading] = [[_text(tc) for tc in tr.iterchildren(f"{W}tc")]
                            for tr in block.iterchildren(f"{W}tr")]
    return out


def number(text: str) -> float | None:
    """A number as the English document writes it (1,234.5 or 80%)."""
    text = text.replace(",", "").strip()
    if not text or text == "–":
        return None
    return float(text.rstrip("%")) / 100 if text.endswith("%") else float(text)


def test_period_document__shows_the_trends_with_figures_computed_from_the_returns(
        plan, periods, trended):
    from docx import Document

    path = trended[1]["2026-H2"] / "report.docx"
    tables = document_tables(path)

    progress = {row[0]: row for row in tables[
        "Progress to date against the mid-term and final targets"][1:]}
    for ind in plan.indicators:
        totals = [(p, typed_total(periods[p], p, ind.code)) for p in PERIODS]
        reported = [v for _, v in totals if v is not None]
        value = figure_of(ind, totals)
        assert number(progress[ind.code][2]) == pytest.approx(value, abs=0.05), ind.code
        assert progress[ind.code][3] == f"{len(reported)} of {len(PERIODS)}"
    reporting = tables["Returns per institution and period (blank: nothing to report that "
                       "period)"]
    assert reporting[0][1:1 + len(PERIODS)] == list(PERIODS)
    overall = next(row for row in reporting if row[0] == "Reporting rate")
    assert [number(v) for v in overall[1:1 + len(PERIODS)]] == [
        pytest.approx(len(given(periods[p], p)) / len(periods[p].assignments), abs=0.005)
        for p in PERIODS]
    doc = Document(str(path))
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    figures = -(-len(plan.indicators) // 6)
    assert sum("against their targets" in c for c in captions) == figures
    assert any("Budget execution to date by area" in c for c in captions)


def test_period_document__without_a_store_has_no_trends(plan_path, periods, tmp_path):
    from docx import Document

    done = aggregate(plan_path, periods["2025-H2"], tmp_path / "out", None, record=False)

    texts = [p.text for p in Document(str(done.document_path)).paragraphs]
    assert "Trends across periods" not in texts


def test_annual_document__beside_the_workbook_with_the_years_figures(plan, plan_path, periods,
                                                                    trended, tmp_path):
    from click.testing import CliRunner

    from toolkit.cli import main

    done = CliRunner().invoke(main, ["report", "--plan", str(plan_path), "--year", "2026",
                                     "--out", str(tmp_path), "--store", trended[0]])

    assert done.exit_code == 0, done.output
    path = tmp_path / f"{plan.meta.code}_annual-report_2026.docx"
    assert f"Document: {path}" in done.output
    year = document_tables(path)[
        "Indicators in 2026: each figure as the year's last report gives it (a count for the "
        "year to date, a running total, a level); against the target for 2026"]
    rows = {row[0]: row for row in year[1:]}
    for ind in plan.indicators:
        expected = figure_of(ind, [(p, typed_total(periods[p], p, ind.code))
                                   for p in ("2026-H1", "2026-H2")])
        assert number(rows[ind.code][3]) == pytest.approx(expected, abs=0.05) \
            if expected is not None else rows[ind.code][3] in ("", "–"), ind.code


@pytest.mark.libreoffice
def test_documents_with_trends__convert_in_writer_with_every_picture(plan, trended, tmp_path):
    from support import libreoffice as lo

    if not lo.available():
        pytest.skip("LibreOffice (soffice and python3-uno) is not installed")
    from toolkit.commands.history import open_for, report

    with open_for(trended[0]) as store:
        annual = report(store, plan, tmp_path / "annual", 2026).with_suffix(".docx")
    period = shutil.copy(trended[1]["2026-H2"] / "report.docx", tmp_path / "period.docx")
    figures = -(-len(plan.indicators) // 6) + 1  # six indicators a figure; budget to date

    pdfs = lo.convert([period, annual], tmp_path / "pdf", fmt="pdf", recalc=False)

    for source, pdf, pictures in ((period, pdfs[0], 3 + figures), (annual, pdfs[1], figures)):
        media = [n for n in zipfile.ZipFile(source).namelist() if n.startswith("word/media/")]
        assert len(media) == pictures, source
        assert len(re.findall(rb"/Subtype\s*/Image", pdf.read_bytes())) >= pictures, source
