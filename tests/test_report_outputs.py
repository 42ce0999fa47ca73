"""What the coordination body and the institutions read: report.xlsx (fixed colours, names,
headings in words, Excel tables, print setup), the T5 document report.docx, the feedback
workbooks, and the same in French."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from returns import Returns

from toolkit.aggregate.outputs.write import OutputOptions
from toolkit.aggregate.run import aggregate
from toolkit.declarations.labels import labels

PERIOD = "2026-H1"
SOME = ["POL", "MOI", "BORDER", "NGO-HOPE", "SOC-CTR"]
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"

STATUS_COLOURS = {"Completed": "2E7D32", "Ongoing (on track)": "8BC34A",
                  "Ongoing (delayed)": "FFC000", "Not implemented": "C00000",
                  "Not started": "A6A6A6", "No data": "D9D9D9"}
"""The issue's fixed colours: green completed or on track, amber delayed, red not implemented,
grey not started or no data."""
RATING_COLOURS = {"On track (green)": "2E7D32", "At risk (amber)": "FFC000",
                  "Off track (red)": "C00000", "No data (grey)": "D9D9D9"}


def _folder(rt: Returns, tmp: Path) -> Path:
    """The returns as the coordinator received them: POL sent a file with an error, then a
    clean one; SOC-CTR is missing; NGO-HOPE sent a text file under its workbook's name."""
    folder = tmp / "in"
    folder.mkdir()
    for code in ("POL", "MOI", "BORDER"):
        shutil.copy(rt.clean[code], folder / rt.clean[code].name)
    earlier = dt.datetime.combine(rt.deadline, dt.time(8)) - dt.timedelta(days=20)
    field = next(f for f in rt.layouts["POL"].sheet("area").fields if f.key == "status")

    def broken(wb):
        wb.properties.modified = earlier
        wb[field.sheet][field.ref] = None
    rt.edit("POL", folder / "POL first try.xlsx", broken)
    (folder / rt.clean["NGO-HOPE"].name).write_text("the report is attached", "utf-8")
    return folder


@pytest.fixture(scope="module")
def english(sample_plan, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report-en")
    rt = Returns(sample_plan, PERIOD, tmp, SOME)
    return aggregate(sample_plan, rt.period, [_folder(rt, tmp)], tmp / "out", jobs=1,
                     outputs=OutputOptions(correction_deadline=dt.date(2026, 9, 1)))


@pytest.fixture(scope="module")
def french(sample_plan, tmp_path_factory):
    plan = replace(sample_plan, meta=replace(sample_plan.meta, language="fr"))
    tmp = tmp_path_factory.mktemp("report-fr")
    rt = Returns(plan, PERIOD, tmp, SOME)
    return aggregate(plan, rt.period, [_folder(rt, tmp)], tmp / "out", jobs=1)


def _charts(path: Path) -> dict[str, dict[str, str]]:
    """Chart title -> {series name: its fill colour}, read from the chart parts."""
    from lxml import etree

    out = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.startswith("xl/charts/chart"):
                continue
            root = etree.fromstring(z.read(name))
            title = "".join(root.find(f"{C}chart/{C}title").itertext())
            series = {}
            for ser in root.iter(f"{C}ser"):
                label = "".join(ser.find(f"{C}tx").itertext())
                fill = ser.find(f"{C}spPr/{A}solidFill/{A}srgbClr")
                series[label] = fill.get("val") if fill is not None else None
            out[title] = series
    return out


def test_overview_charts__draw_each_status_and_rating_in_its_fixed_colour(english):
    charts = _charts(english.report_path)
    status = charts["Activities by status per area"]
    rating = charts["Indicators by rating per area"]
    assert {k: status[k] for k in STATUS_COLOURS} == STATUS_COLOURS
    assert {k: rating[k] for k in RATING_COLOURS} == RATING_COLOURS
    assert len(set(status.values())) == len(status) == 9


def test_overview_charts__name_the_areas(english, sample_plan):
    wb = load_workbook(english.report_path)
    with zipfile.ZipFile(english.report_path) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
    ref = re.search(r"<c:cat><c:strRef><c:f>([^<]+)</c:f>", chart).group(1)
    sheet, cells = ref.split("!")
    first, last = cells.replace("$", "").split(":")
    shown = [c.value for row in wb[sheet.strip("'")][first:last] for c in row]
    assert shown == [a.label for a in sample_plan.areas]


def test_report_sheets__have_headings_in_words_and_excel_tables(english):
    wb = load_workbook(english.report_path)
    snake = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")
    for name in ("Indicators", "Activities", "Submissions", "Narrative", "Findings"):
        ws = wb[name]
        headings = [c.value for c in ws[1]]
        assert headings and not [h for h in headings if h and snake.match(h)], name
        assert len(ws.tables) == 1, name
        table = next(iter(ws.tables.values()))
        assert table.ref.startswith("A1:"), name
    indicators = wb["Indicators"]
    head = [c.value for c in indicators[1]]
    assert {"Indicator", "Indicator name", "Unit", "Baseline", "Target used", "Actual",
            "Achievement", "Rating"} <= set(head)
    names = {r[head.index("Indicator name")] for r in indicators.iter_rows(min_row=2,
                                                                          values_only=True)}
    assert "Number of persons prosecuted for trafficking" in names or len(names) > 10
    acts = wb["Activities"]
    head = [c.value for c in acts[1]]
    assert {"Activity", "Description", "Lead institution", "Partners", "Status"} <= set(head)


def test_every_report_sheet__prints_landscape_fitted_to_width_with_page_numbers(english):
    wb = load_workbook(english.report_path)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert setup.orientation == "landscape", ws.title
        # A fit of 1 page wide is the default, which the file leaves unsaid.
        assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth in (None, 1)
        footer = ws.oddFooter.right.text or ""
        assert "&P" in footer and "&N" in footer, ws.title
        assert ws.oddFooter.left.text.startswith("VAL-NAP"), ws.title
    assert wb["Overview"].page_setup.fitToHeight in (None, 1)  # one page, charts included
    for name in ("Indicators", "Activities", "Findings"):
        assert wb[name].print_title_rows.replace("$", "") == "1:1", name
        assert wb[name].page_setup.fitToHeight == 0, name


def test_feedback__is_only_about_the_file_that_counts_without_folders(english):
    feedback = {p.name.split("_")[2]: p for p in (english.out_dir / "feedback").glob("*.xlsx")}
    # POL's file in use is clean: the errors of its first try are not sent back.
    assert "POL" not in feedback
    texts = {}
    for code, path in feedback.items():
        texts[code] = [str(c.value) for row in load_workbook(path).active.iter_rows()
                       for c in row if c.value is not None]
        assert not [t for t in texts[code] if str(english.out_dir.parent) in t or
                    "/tmp" in t], code
        assert any("2026-09-01" in t for t in texts[code]), code
    assert "NGO-HOPE" in feedback
    ngo = " ".join(texts["NGO-HOPE"])
    assert "could not be used" in ngo and "WB_001" in ngo and "Send instead" in ngo


def test_feedback__prints_landscape_with_repeated_headings(english):
    for path in (english.out_dir / "feedback").glob("*.xlsx"):
        ws = load_workbook(path).active
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows


def _document(path: Path) -> tuple[Document, list[tuple[str, str]], str]:
    doc = Document(str(path))
    headings = [(p.style.name, p.text) for p in doc.paragraphs
                if p.style.name.startswith("Heading")]
    cells = " | ".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    return doc, headings, cells


def test_t5_document__names_every_area_goal_objective_and_indicator_with_its_rating(
        english, sample_plan):
    doc, headings, cells = _document(english.document_path)
    styles = {style for style, _t in headings}
    assert {"Heading 1", "Heading 2", "Heading 3", "Heading 4"} <= styles
    texts = [t for _s, t in headings]
    for part in (*sample_plan.areas, *sample_plan.goals, *sample_plan.objectives):
        title = getattr(part, "label", None) or part.title
        assert f"{part.code} {title}" in texts, part.code
    rows = {tuple(c.text for c in row.cells)[0]: [c.text for c in row.cells]
            for t in doc.tables for row in t.rows}
    ratings = set(labels("en")[f"monitoring.rating.{k}"] for k in
                  ("green", "amber", "red", "grey", "not_rated", "not_due"))
    for ind in sample_plan.indicators:
        assert ind.code in rows, ind.code
        assert rows[ind.code][-1] in ratings, ind.code


def test_t5_document__names_who_did_not_report_and_embeds_its_charts(english, sample_plan):
    doc, headings, _cells = _document(english.document_path)
    body = "\n".join(p.text for p in doc.paragraphs)
    for code in english.missing:
        assert sample_plan.institution(code).name in body, code
    with zipfile.ZipFile(english.document_path) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        xml = z.read("word/document.xml").decode()
        settings = z.read("word/settings.xml").decode()
    assert len(media) == 3
    assert xml.count("<w:drawing>") == 3 and "r:embed=" in xml  # embedded, not linked
    assert 'TOC \\o "1-3"' in xml and "<w:updateFields" in settings
    assert xml.count("<w:tblHeader/>") == len(doc.tables) > 10
    assert "Executive summary" in [t for _s, t in headings]


def test_t5_document__tables_fit_a_portrait_page_and_wide_ones_run_down_it(english, sample_plan):
    """A heading squeezed into a ninth column of a portrait page breaks inside its words: V4's
    sources of referral (one row, a column per source) is printed with its sources down the page."""
    from toolkit.language import codelist_label

    doc = Document(str(english.document_path))
    assert max(len(t.columns) for t in doc.tables) <= 8
    sources = [codelist_label("en", "referral_source", code)
               for code in sample_plan.codelists["referral_source"]]
    down = [[row.cells[0].text for row in t.rows[1:]] for t in doc.tables if len(t.columns) == 2]
    assert any(column[:len(sources)] == sources for column in down)


def test_t5_document__quotes_the_narrative_answers_with_their_institution(english,
                                                                         sample_plan):
    doc = Document(str(english.document_path))
    quotes = [(p.text, doc.paragraphs[n + 1].text) for n, p in enumerate(doc.paragraphs)
              if p.style.name == "Quote"]
    answers = [r for r in english.tables.narrative if r["part"] == "narrative" and r["text"]]
    assert quotes and len(quotes) == len(answers)
    for row in answers:
        name = sample_plan.institution(row["institution"]).name
        assert (row["text"].strip(), f"— {name}") in quotes


def _english_labels() -> set[str]:
    """Every label of the report and feedback in English that French writes otherwise."""
    en, fr = labels("en"), labels("fr")
    keys = [k for k in en if k.startswith(("monitoring.", "feedback.", "report.status.",
                                           "report.role.", "report.unit.", "report.stats."))]
    return {en[k] for k in keys if en[k] != fr[k] and "{" not in en[k] and len(en[k]) > 3}


def _sentence_pieces() -> set[str]:
    """The fixed words of every English sentence with placeholders, and of every message and
    hint of the catalogue (pieces of 12 letters or more), which a French report must not
    contain."""
    from toolkit.language import translation

    en, fr = labels("en"), labels("fr")
    texts = [text for key, text in en.items()
             if key.startswith(("monitoring.", "feedback.")) and "{" in text and text != fr[key]]
    french = translation("fr").messages
    texts += [part for code, pair in translation("en").messages.items()
              for part, other in zip(pair, french[code]) if part != other]
    # Pieces of three words or more: shorter ones also occur in the plan's own English text
    # (the sample is an English plan switched to French).
    return {p.strip() for text in texts for p in re.split(r"\{[^}]*\}", text)
            if len(p.strip()) >= 12 and len(p.split()) >= 3}


def _workbook_texts(path: Path) -> list[str]:
    out = []
    for ws in load_workbook(path).worksheets:
        out.append(ws.title)
        for row in ws.iter_rows():
            out += [c.value for c in row if isinstance(c.value, str)]
    return out


def test_french_plan__gives_a_french_report_document_feedback_and_findings(french):
    texts = _workbook_texts(french.report_path)
    for path in (french.out_dir / "feedback").glob("*.xlsx"):
        texts += _workbook_texts(path)
    doc = Document(str(french.document_path))
    texts += [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    english = _english_labels()
    left = sorted({t for t in texts if t in english})
    assert left == []
    pieces = _sentence_pieces()
    assert sorted({(p, t) for t in texts for p in pieces if p in t}) == []
    assert "Synthèse" in load_workbook(french.report_path).sheetnames
    findings = load_workbook(french.report_path)["Constats"]
    assert findings.max_row > 2  # the findings are there, in French
    assert "Résumé" in [p.text for p in doc.paragraphs]


def test_pdf__is_refused_with_a_finding_when_libreoffice_is_missing(english, sample_plan,
                                                                   tmp_path, monkeypatch):
    from toolkit.aggregate.outputs.pdf import PdfError
    from toolkit.aggregate.outputs.write import write_document

    monkeypatch.setenv("PATH", str(tmp_path))
    model = _model(english, sample_plan)
    with pytest.raises(PdfError) as info:
        write_document(tmp_path / "report.docx", model, pdf=True)
    assert info.value.finding.code == "RPT_001"
    assert (tmp_path / "report.docx").is_file()


def test_pdf__a_failed_conversion_is_a_finding(english, sample_plan, tmp_path, monkeypatch):
    from toolkit.aggregate.outputs.pdf import PdfError
    from toolkit.aggregate.outputs.write import write_document

    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    with pytest.raises(PdfError) as info:
        write_document(tmp_path / "report.docx", _model(english, sample_plan), pdf=True)
    assert info.value.finding.code == "RPT_002"
    assert "could not be loaded" in str(info.value.finding)


def _model(result, plan):
    from toolkit.aggregate.consolidate.report_model import build_report
    from toolkit.aggregate.consolidate.summary import summarise
    from toolkit.aggregate.context import make_context

    ctx = make_context(plan, _period(plan))
    used = {r.institution: r for r in result.results if r.verdict.startswith("accepted")}
    summary = summarise(ctx, result.results, used)
    return build_report(ctx, result.tables, summary, dt.datetime(2026, 7, 20))


def _period(plan):
    from toolkit.reporting.periods import parse_period

    return parse_period(PERIOD, plan.meta.frequency, plan.meta.start, plan.meta.end)


@pytest.mark.parametrize("language, value, decimals, shown", [
    ("en", 1324850.5, 0, "1,324,851"), ("en", 2.5, 0, "3"), ("en", -2.5, 0, "-3"),
    ("en", 0.125, 2, "0.13"), ("en", -0.4, 0, "0"), ("en", 44.95, 1, "45.0"),
    ("fr", 1234567.25, 1, "1\u00a0234\u00a0567,3")])
def test_numbers_in_the_document__round_halves_away_from_zero_as_excel_shows_them(
        language, value, decimals, shown):
    from toolkit.aggregate.consolidate.report_parts import Words
    from toolkit.declarations.labels import labels

    assert Words(labels(language), language).number(value, decimals) == shown
