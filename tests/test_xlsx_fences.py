"""Fences around code that mirrors a library: the report's row writer, which writes sheet XML
through XlsxWriter's internals, against XlsxWriter's own writers on the same cells; and the
legacy password hash of the workbook structure lock against openpyxl's and against the hash
XlsxWriter gives the sheets. A new XlsxWriter or openpyxl that changes either fails here first.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from xml.etree import ElementTree
from xml.sax.saxutils import escape

import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils.protection import hash_password
from xlsxwriter.worksheet import Worksheet

from toolkit.aggregate.outputs.report_book import ReportBook
from toolkit.xlsx.writer import legacy_hash

COLUMNS = ["code", "value", "note", "date", "flag"]
LONG = ["é" * 40_000, "😀" * 20_000, "a" * 16_383 + "😀", "x" * 32_767 + "y"]
"""Texts past a cell's 32,767 UTF-16 units (cut), and just below or at the limit."""
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
formula_like = st.sampled_from(["=SUM(A1:A3)", "=1+", "+A1", "-2", "@A1", "=HYPERLINK(\"x\")",
                                "{=A1}", "=FILTER(A:A,A:A>0)"])
values = st.one_of(
    st.none(), st.just(""), texts, formula_like, st.sampled_from(LONG), st.booleans(),
    st.integers(-(10 ** 20), 10 ** 20), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)))
tables = st.lists(st.lists(values, min_size=len(COLUMNS), max_size=len(COLUMNS)), max_size=8)


def _book(workbook_class, fill) -> dict[str, str]:
    """The parts of a one-sheet workbook whose heading, column and date formats are set up the
    same way, filled by ``fill(ws, head, date)``."""
    buffer = io.BytesIO()
    book = workbook_class(buffer, {"in_memory": True})
    ws = book.add_worksheet("Data")
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7"})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    ws.set_column(1, 1, 12, book.add_format({"num_format": "#,##0.0"}))
    ws.set_column(2, 2, 40, book.add_format({"text_wrap": True}))
    fill(ws, head, date)
    book.close()
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name in ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml")}


def _with_xlsxwriter(rows):
    """XlsxWriter's own writers, cell by cell: the heading with ``write_row``; text with
    ``write_string`` (so that text that looks like a formula stays text), yes/no for a flag,
    numbers with ``write_number``, dates with ``write_datetime``."""
    def fill(ws, head, date):
        ws.write_row(0, 0, COLUMNS, head)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, bool):
                    ws.write_string(r, c, "yes" if value else "no")
                elif isinstance(value, (int, float)):
                    ws.write_number(r, c, value)
                elif isinstance(value, dt.date):
                    ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day),
                                      date)
                else:
                    ws.write_string(r, c, value)
    return _book(xlsxwriter.Workbook, fill)


def _with_records(rows):
    return _book(ReportBook, lambda ws, head, date: ws.write_records(COLUMNS, rows, head, date))


def _styles(styles_xml: str) -> list[str]:
    """Each cell style of ``styles.xml``, by its index, spelt out: number format code, font,
    fill, border, alignment and the apply flags."""
    root = ElementTree.fromstring(styles_xml)
    codes = {f.get("numFmtId"): f.get("formatCode") for f in root.iter(f"{MAIN}numFmt")}
    parts = {name: [ElementTree.tostring(e, encoding="unicode") for e in root.find(f"{MAIN}{name}")]
             for name in ("fonts", "fills", "borders")}
    spelt = []
    for xf in root.find(f"{MAIN}cellXfs"):
        attrs = dict(xf.attrib)
        number = attrs.pop("numFmtId", "0")
        attrs["format"] = codes.get(number, f"built-in {number}")
        for name, key in (("fonts", "fontId"), ("fills", "fillId"), ("borders", "borderId")):
            attrs[name] = parts[name][int(attrs.pop(key, "0"))]
        attrs["inside"] = "".join(ElementTree.tostring(e, encoding="unicode") for e in xf)
        spelt.append(repr(sorted(attrs.items())))
    return spelt


def _normalised(parts: dict[str, str]) -> dict[str, str]:
    """The sheet and its shared strings, with each style index replaced by the style it names,
    and without ``spans`` (XlsxWriter writes how far each row reaches, the record writer does
    not; both are valid). The style numbering itself is free: XlsxWriter numbers styles in the
    order it meets them, the record writer in the order of its columns."""
    styles = _styles(parts["xl/styles.xml"])
    sheet = re.sub(r' spans="\d+:\d+"', "", parts["xl/worksheets/sheet1.xml"])
    sheet = re.sub(r' (s|style)="(\d+)"',
                   lambda m: f' {m[1]}="{escape(styles[int(m[2])], {chr(34): "&quot;"})}"', sheet)
    return {"sheet": sheet, "shared strings": parts.get("xl/sharedStrings.xml", "")}


@settings(max_examples=60, deadline=None)
@given(rows=tables)
def test_record_writer__writes_the_cells_xlsxwriter_writes(rows):
    assert _normalised(_with_records(rows)) == _normalised(_with_xlsxwriter(rows))


def test_record_writer__agrees_on_the_edges_of_text_and_numbers():
    rows = [[text, None, "=SUM(A1:A3)", dt.date(2026, 6, 30), True] for text in LONG] + [
        ["a\x00b\x1fc_x0041_", 0, "<&>\"'", None, False],
        ["  padded  ", -0.0, "", dt.date(1900, 3, 1), None],
        ["\u2028line\r\nbreaks\t", 1e-300, None, None, None],
        ["123", 2 ** 53 + 1, "1,5", None, None],
    ]
    ours, theirs = _normalised(_with_records(rows)), _normalised(_with_xlsxwriter(rows))
    assert ours == theirs
    assert theirs["shared strings"].count("<si>") > len(LONG)  # the texts were written


# The password hash of the workbook structure lock.

short_bmp = st.text(st.characters(max_codepoint=0x7FFF, exclude_categories=("Cs",)),
                    max_size=15)
ascii_long = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=23)


@settings(max_examples=300)
@given(password=st.one_of(short_bmp, ascii_long))
def test_legacy_hash__is_openpyxls_where_openpyxl_keeps_to_16_bits(password):
    """openpyxl's hash rotates a character by shifting it, which is the standard's 15-bit
    rotation while the shifted character fits: up to 15 characters below U+8000, or 23 ASCII
    characters (beyond, its value outgrows 16 bits)."""
    assert legacy_hash(password) == hash_password(password)


@settings(max_examples=300)
@given(password=st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=80))
def test_legacy_hash__is_the_hash_xlsxwriter_gives_the_sheets(password):
    """The structure lock and the sheets are locked with one password: one hash, whatever its
    length or characters, and always four hexadecimal digits."""
    sheet = Worksheet()
    sheet.protect(password)
    assert legacy_hash(password) == sheet.protect_options["password"]
    assert re.fullmatch(r"[0-9A-F]{4}", legacy_hash(password))


def test_legacy_hash__known_values():
    # ECMA-376 Part 4's worked example hashes "password" to 83AF (as Excel writes it).
    assert legacy_hash("password") == "83AF"
    assert legacy_hash("") == "CE4B"


def test_long_password__locks_the_structure_and_the_sheets_with_one_four_digit_hash():
    from toolkit.xlsx.writer import ProtectedWorkbook, protect

    password = "a coordinator's long passphrase, 2026"
    buffer = io.BytesIO()
    book = ProtectedWorkbook(buffer, {"in_memory": True})
    protect(book.add_worksheet("Form"), password)
    book.lock_structure(password)
    book.close()
    with zipfile.ZipFile(buffer) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    [structure] = re.findall(r'<workbookProtection workbookPassword="([^"]*)"', workbook)
    [sheet_hash] = re.findall(r'<sheetProtection password="([^"]*)"', sheet)
    assert structure == sheet_hash
    assert re.fullmatch(r"[0-9A-F]{4}", structure)
