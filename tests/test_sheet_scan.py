"""The quick sheet scan: on every sheet it takes, it finds exactly what the general reading
finds (protection, formula cells, error cells, and the size and reference checks); every sheet
written in another way is left to the general reading."""

from __future__ import annotations

import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from returns import Returns, rewrite_zip

from toolkit.aggregate.intake import container
from toolkit.aggregate.intake.container import (
    ContainerError,
    general_scan,
    open_container,
)
from toolkit.aggregate.intake.guards import PartError, parse_xml
from toolkit.aggregate.intake.sheetscan import fast_scan

PERIOD = "2026-H1"


@pytest.fixture(scope="module")
def rt(sample_plan, tmp_path_factory) -> Returns:
    """Two filled returns (one with statistics)."""
    return Returns(sample_plan, PERIOD, tmp_path_factory.mktemp("scan"), ["POL", "NATC-OFF"])


@pytest.fixture(scope="module")
def sheets(rt) -> list[bytes]:
    """Every sheet part of the returns."""
    found = []
    for path in rt.clean.values():
        with zipfile.ZipFile(path) as zf:
            found += [zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/")
                      and n.endswith(".xml")]
    return found


def general(data: bytes, formulas: bool):
    """The general reading's answer, or the code it refuses the sheet with."""
    try:
        return general_scan(data, "xl/worksheets/sheet.xml", "Sheet", formulas)
    except (PartError, ContainerError) as exc:
        return exc.code


def test_quick_scan__takes_the_sheets_programs_write_and_agrees(sheets):
    assert len(sheets) >= 10
    for data in sheets:
        for formulas in (True, False):
            quick = fast_scan(data, formulas)
            assert quick is not None
            assert quick == general(data, formulas)
    assert any(fast_scan(d, True)[1] for d in sheets), "formula cells are found"


EDITS = [
    (rb'<c r="([A-Z])', rb'<c s="0" r="\1'),               # reference not first
    (rb'<c r="[A-Z][0-9]+"', b"<c"),                       # no reference
    (rb'<c r="([A-Z])', lambda m: b'<c r="' + m.group(1).lower()),
    (rb'<c r="', b'<c\tr="'),
    (rb'<c r="', b'<c\nr="'),
    (rb"<c ", b"<x:c "),
    (rb"<f>", b" <f>"),
    (rb"<f>", b"<x:f>"),
    (rb"</v></c>", b"</v><f>1+1</f></c>"),                # formula after its value
    (rb"</c>", b'</c><c r="A1"><f>1</f></c>'),            # the same cell again
    (rb'<row r="([0-9]+)"', rb'<row spans="1:3" r="\1"'),
    (rb'<row r="[0-9]+"', b'<row r="99999"'),
    (rb'<row r="[0-9]+"', b'<row r="40000"'),
    (rb'<c r="([A-Z])[0-9]+"', rb'<c r="\g<1>60000"'),
    (rb'<c r="([A-Z])', rb'<c r="Z\1'),
    (rb' t="s"', b' t="e"'),
    (rb"<v>", b'<v t="e">'),
    (rb"<sheetProtection ", b'<sheetProtection sheet="0" '),
    (rb'sheet="1"', b'sheet="true"'),
    (rb"</sheetData>", b"<!-- <c> --></sheetData>"),
    (rb"</sheetData>", b'<row r="90"><c r="B90"/><f>2</f></row></sheetData>'),
    (rb"<sheetData>", b"<sheetData>\n"),
    (rb"<sheetData>", b"<sheetData>\r\n"),
    (rb"\?>\n", b"?>\r\n"),                                 # Windows line end after the declaration
    (rb"\?>\n", b"?>\r"),
    (rb"<sheetData>", b"<sheetData><?pi x?>"),
    (rb"<f>", "<f\u00e9>".encode()),                       # names only like a formula's
    (rb"<c r=", b"<c.x r="),
    (rb"</c>", b"</c><row.x/>"),
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_quick_scan__on_edited_sheets_agrees_or_leaves_them_to_the_general_reading(sheets,
                                                                                    data):
    sheet = data.draw(st.sampled_from(sheets))
    for _ in range(data.draw(st.integers(1, 3))):
        pattern, repl = data.draw(st.sampled_from(EDITS))
        matches = list(re.finditer(pattern, sheet))
        if not matches:
            continue
        m = data.draw(st.sampled_from(matches))
        new = repl(m) if callable(repl) else m.expand(repl)
        sheet = sheet[:m.start()] + new + sheet[m.end():]
    formulas = data.draw(st.booleans())
    quick = fast_scan(sheet, formulas)
    if quick is not None and not unreadable(sheet):
        assert quick == general(sheet, formulas)


def unreadable(sheet: bytes) -> bool:
    """XML no parser accepts (a duplicated attribute, say): python-calamine refuses it or
    reads the same tags as the quick scan; the general reading refuses it."""
    try:
        general_scan(sheet, "xl/worksheets/sheet.xml", "Sheet", True)
    except PartError as exc:
        return "cannot be read" in exc.detail
    except ContainerError:
        return False
    return False


MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
ODD = {
    "second reference": (b'<row r="1"><c r="A1"><v>1</v></c><c r="B1" r="XFD1048576"><v>2</v>'
                         b'</c></row>', "WB_011"),
    "angle bracket before a second reference": (
        b'<row r="1"><c r="B1" x=">" r="XFD1048576"><v>2</v></c></row>', "WB_009"),
    "reference in single quotes": (b'<row r="1"><c r=\'XFD1048576\'><v>1</v></c></row>',
                                   "WB_011"),
    "prefix with a hyphen": (b'<row r="1"><x-y:c xmlns:x-y="urn:x" r="A99999999"><v>2</v>'
                             b'</x-y:c></row>', "WB_011"),
    "prefix outside ASCII": (('<row r="1"><\u00e9:c xmlns:\u00e9="urn:x" r="XFD70000"><v>2</v>'
                              '</\u00e9:c></row>').encode(), "WB_011"),
    "formula with an odd prefix": (('<row r="1"><c r="A1"><\u00e9:f xmlns:\u00e9="urn:x">1+1'
                                    '</\u00e9:f><v>2</v></c></row>').encode(), {"A1"}),
    "error type in single quotes": (b"<row r=\"1\"><c r=\"A1\" t='e'><v>#REF!</v></c></row>",
                                    ("errors", {"A1"})),
    "error type with spaces": (b'<row r="1"><c r="A1" t = "e"><v>#REF!</v></c></row>',
                               ("errors", {"A1"})),
    "formula after its value": (b'<row r="1"><c r="A1"><v>1</v><f>1</f></c></row>', "WB_009"),
    "formula after a closed cell": (b'<row r="1"><c r="A1"/><f>1</f></row>', "WB_009"),
    "comment": (b'<row r="1"><c r="A1"><v>1</v></c></row><!-- <c r="B2"><f>1</f></c> -->',
                set()),
}


@pytest.mark.parametrize("case", sorted(ODD))
def test_odd_sheets__go_to_the_general_reading_which_reads_them_as_a_parser_does(case):
    body, expected = ODD[case]
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet ' + MAIN + b"><sheetData>"
             + body + b"</sheetData></worksheet>")
    assert fast_scan(sheet, True) is None
    found = general(sheet, True)
    if isinstance(expected, str):
        assert found == expected
    elif isinstance(expected, tuple):
        assert found[2] == expected[1]
    else:
        assert found[1] == expected


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "iso-8859-1", "cp1252", "ascii"])
def test_parse_xml__refuses_entity_declarations_in_any_encoding_it_reads(encoding):
    body = '<a xmlns="urn:x">caf\u00e9 &amp; co</a>' if encoding != "ascii" else \
        '<a xmlns="urn:x">cafe &amp; co</a>'
    declared = f'<?xml version="1.0" encoding="{encoding}"?>'
    assert parse_xml((declared + body).encode(encoding)).text == \
        body.split(">", 1)[1].split("<")[0].replace("&amp;", "&")
    laughs = declared + '<!DOCTYPE a [<!ENTITY e "boom">]>' + body.replace("co<", "&e;<")
    with pytest.raises(Exception):
        parse_xml(laughs.encode(encoding))


def _refusal(path):
    with pytest.raises(ContainerError) as refused:
        open_container(path)
    return refused.value


def test_parts_found_as_calamine_finds_them__a_missing_sheet_part_is_refused_at_its_sheet(
        rt, tmp_path):
    with zipfile.ZipFile(rt.clean["POL"]) as zf:
        sheet = next(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet2"))
    # a part named in another case than the workbook's relationship says is still found
    renamed = tmp_path / "renamed.xlsx"
    with zipfile.ZipFile(rt.clean["POL"]) as zin, zipfile.ZipFile(renamed, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename.upper() if info.filename == sheet else info.filename,
                          zin.read(info))
    assert all(s.protected for s in open_container(renamed).sheets)
    missing = rewrite_zip(rt.clean["POL"], tmp_path / "missing.xlsx",
                          lambda n, d: None if n == sheet else d)
    refused = _refusal(missing)
    assert refused.code == "WB_002" and refused.sheet and "is missing" in refused.detail


def test_two_parts_named_alike__are_refused(rt, tmp_path):
    twice = rewrite_zip(rt.clean["POL"], tmp_path / "twice.xlsx", lambda n, d: {
        "XL/Workbook.xml": b"<x/>"} if n is None else d)
    refused = _refusal(twice)
    assert refused.code == "WB_002" and "in different cases or slashes" in refused.detail


def test_a_file_too_large_to_be_a_return__is_refused_before_it_is_read(rt, monkeypatch):
    monkeypatch.setattr(container, "MAX_TOTAL_BYTES", 1000)
    refused = _refusal(rt.clean["POL"])
    assert refused.code == "WB_005" and "the file holds" in refused.detail
