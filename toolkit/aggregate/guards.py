"""Cheap checks on the parts of a returned file before any parser sees them.

The fast value reader (python-calamine) parses sheet, shared-string, style and workbook XML with
its own parser, outside our control. So every part is unpacked here first, in bounded chunks:
its real unpacked size must match what the archive declares, no XML part may carry a document
type declaration (the carrier of entity expansion and external entities), and no sheet may
spread over an area large enough to exhaust memory when read.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

from xml.etree import ElementTree as PlainET

from defusedxml import ElementTree as SafeET
from openpyxl.utils.cell import column_index_from_string

NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_SHEET_CELLS = 1_000_000
"""Cells a sheet may span (rows times columns, counted from A1). python-calamine allocates the
whole rectangle up to the last cell it meets, whatever the declared dimension says: one cell in
XFD1048576 makes it ask for 512 GB and abort the process, which no ``except`` can catch."""

MAX_TEXTS = 200_000
"""Shared strings a workbook may hold. python-calamine keeps them all in memory: 3.5 million
short ones took it to 260 MB. A reporting workbook holds a few thousand."""
_TEXT_MARKERS = (b"<si>", b"<si ", b":si>", b":si ")
_MARKERS = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY")
                 for enc in ("utf-8", "utf-16-le", "utf-16-be"))
_BINARY = re.compile(r"\.(bin|png|jpe?g|gif|emf|wmf|tiff?|bmp|svg|wdp|ico)$|^xl/media/|"
                     r"^xl/embeddings/|^xl/printerSettings/", re.IGNORECASE)
# python-calamine also takes lower-case references, and columns and rows beyond Excel's grid.
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="([0-9]+)"')
_WIDE_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Za-z]{2,})[0-9]')
_FAR_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="[A-Za-z]*([0-9]{5,})"')
_UNREFERENCED = re.compile(rb'<(?:\w+:)?c(?:(?![^>]*\sr=")\s[^>]*)?/?>')


class PartError(Exception):
    """A part that must not reach a parser; ``code`` is the finding, the rest locates it."""

    def __init__(self, code: str, detail: str, sheet: str = "", cell: str = "",
                 part: str = "", **params):
        super().__init__(f"{code}: {detail}")
        self.code, self.detail, self.sheet, self.cell = code, detail, sheet, cell
        self.part = part
        self.params = params


def _unpack(data: bytes, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Unpack one entry from the archive's bytes, never producing more than it declares.

    Raises:
        PartError: WB_005 when the entry unpacks to more than it declares or than ``limit``;
            WB_002 when it is damaged or uses a compression Excel never writes.
    """
    if info.flag_bits & 0x1:
        raise PartError("WB_002", f"part {info.filename} is encrypted")
    start = info.header_offset
    header = data[start:start + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise PartError("WB_002", f"part {info.filename} has no valid header")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    start += 30 + name_len + extra_len
    raw = data[start:start + info.compress_size]
    if len(raw) < info.compress_size:
        raise PartError("WB_002", f"part {info.filename} is cut short")
    declared = min(info.file_size, limit)
    if info.compress_type == zipfile.ZIP_STORED:
        out = raw
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflate = zlib.decompressobj(-15)
        try:
            out = inflate.decompress(raw, declared + 1)
        except zlib.error as exc:
            raise PartError("WB_002", f"part {info.filename} is damaged") from exc
    else:
        raise PartError("WB_002", f"part {info.filename} uses compression method "
                                  f"{info.compress_type}")
    if len(out) > declared:
        raise PartError("WB_005", f"part {info.filename} unpacks to more than "
                                  f"{declared:,} bytes")
    if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
        raise PartError("WB_002", f"part {info.filename} is damaged (its size or checksum "
                                  "does not match)")
    return out


def _workbook_targets(rels: bytes | None) -> set[str] | None:
    """The parts the workbook part points at (sheets, strings, styles), whatever their names;
    None when the relationships cannot be read safely, so that every part is scanned."""
    if rels is None:
        return set()
    try:
        root = parse_xml(rels)
    except Exception:  # the parsers raise many kinds; the scan then covers all
        return None
    targets = set()
    for rel in root.iter(f"{NS_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        if target.startswith("/"):
            targets.add(posixpath.normpath(target.lstrip("/")))
        elif target.startswith("xl/"):
            targets.add(posixpath.normpath(target))
        else:
            targets.add(posixpath.normpath(posixpath.join("xl", target)))
    return targets


_DECLARED = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def parse_xml(part: bytes):
    """Parse a part safely: refused when it holds a document type or entity declaration
    (UTF-8 or UTF-16), then parsed as it is when in one of those encodings, with defusedxml
    otherwise.

    Raises:
        Exception: of several kinds, for unsafe XML or XML that cannot be parsed.
    """
    if _unsafe(part):
        raise ValueError("a document type or entity declaration")
    if part.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"<\0", b"\0<")):
        return PlainET.fromstring(part)
    found = _DECLARED.match(part[:200])
    if found is None or found.group(1).lower() in (b"utf-8", b"utf8"):
        return PlainET.fromstring(part)
    return SafeET.fromstring(part)


def _unsafe(part: bytes) -> bool:
    """True when the part holds a document type or entity declaration (UTF-8 or UTF-16)."""
    # Every marker starts with "<!" (UTF-8) or holds "<\0!" (UTF-16, either byte order).
    return (b"<!" in part or b"\0" in part) and any(m in part for m in _MARKERS)


def unpack_parts(data: bytes, zf: zipfile.ZipFile, limit: int, keep) -> dict[str, bytes]:
    """Unpack every part once, bounded, and refuse document type declarations in any part a
    parser may read: every part but images and embedded objects, and those too when the
    workbook points at them as sheets, strings or styles.

    Args:
        data: the archive's bytes.
        zf: the same archive, already opened (its directory is used).
        limit: the largest unpacked size allowed for one part.
        keep: which parts to return, by name (a predicate); the others are checked and let go.

    Returns:
        The kept parts, by name, unpacked.
    """
    infos = [i for i in zf.infolist() if not i.is_dir()]
    rels = next((i for i in infos if i.filename == "xl/_rels/workbook.xml.rels"), None)
    targets = _workbook_targets(None if rels is None else _unpack(data, rels, limit))
    kept = {}
    for info in infos:
        name = info.filename
        part = _unpack(data, info, limit)
        if targets is None or name in targets or not _BINARY.search(name):
            if _unsafe(part):
                raise PartError("WB_009", f"{name}: a document type declaration, which may "
                                          "expand entities or fetch other files", part=name)
            # Each text marker takes four bytes of its own: a shorter part cannot hold too many.
            if len(part) > 4 * MAX_TEXTS and \
                    sum(part.count(m) for m in _TEXT_MARKERS) > MAX_TEXTS:
                raise PartError("WB_005", f"{name} holds more than {MAX_TEXTS:,} texts")
            if keep(name):
                kept[name] = part
    return kept


@dataclass(frozen=True)
class Extent:
    """How far a sheet reaches, counted from A1."""

    rows: int
    cols: int
    col_name: str = ""
    """The farthest column as the file spells it (it may lie beyond Excel's XFD)."""

    @property
    def cells(self) -> int:
        """The rectangle a reader allocates for it."""
        return self.rows * self.cols

    @property
    def corner(self) -> str:
        """The far corner as Excel spells it."""
        from openpyxl.utils.cell import get_column_letter

        return f"{self.col_name or get_column_letter(min(self.cols, 16384))}{self.rows}"


def sheet_extent(data: bytes, limit: int = MAX_SHEET_CELLS) -> Extent:
    """The rows and columns a sheet's cells reach (its declared dimension is not trusted).

    The row elements are counted first: when there are more than a narrow sheet of ``limit``
    cells could hold, the row numbers are not read one by one.
    """
    wide = _WIDE_REF.findall(data)
    widest = max(wide, key=lambda c: (len(c), c.upper()), default=b"").upper()
    cols = 1 << 20 if len(widest) > 3 else max(26, column_index_from_string(widest.decode())
                                               if widest else 0)
    rows = data.count(b"<row") + data.count(b":row ")
    if rows <= limit // 26:
        rows = max([rows, *map(int, _ROW_REF.findall(data)), *map(int, _FAR_CELL.findall(data))])
    return Extent(rows, cols, widest.decode())


def _far_corner(data: bytes, extent: Extent) -> str:
    """The far corner of a sheet refused for its size, as precisely as a quick look tells.

    The size check itself counts at least 26 columns, and only counts the rows of a long sheet;
    the corner shown names the widest column found and the last row element's number.
    """
    col = extent.col_name or next((c for c in "ZYXWVUTSRQPONMLKJIHGFEDCB"
                                   if f' r="{c}'.encode() in data
                                   or f' r="{c.lower()}'.encode() in data), "A")
    last = _ROW_REF.match(data, max(data.rfind(b"<row"), 0))
    rows = max(extent.rows, int(last.group(1)) if last else 0)
    return f"{col}{rows}"


def check_sheet(data: bytes, path: str, name: str) -> None:
    """Refuse a sheet that spreads over too many cells, or whose cells carry no reference.

    Raises:
        PartError: WB_011 for a sheet too large; WB_009 for cells without a cell reference
            (every spreadsheet program writes one, and without it a cell cannot be located).
    """
    extent = sheet_extent(data)
    if extent.cells > MAX_SHEET_CELLS:
        corner = _far_corner(data, extent)
        raise PartError("WB_011", f"{path}: {extent.cells:,} cells", name, corner,
                        name=name, corner=corner, limit=f"{MAX_SHEET_CELLS:,}")
    if _UNREFERENCED.search(data):
        raise PartError("WB_009", f"{path}: cells without a cell reference", name)



_PREFIXED = re.compile(rb"<[\w.-]++:(?:c|f|row)[\s/>]")
_TAGS = re.compile(rb"<(c|f|row)[ />]")
_PLAIN_CELL = re.compile(rb'<c r="([A-Z][0-9]{1,4})"([^>]*)>(<f[\s/>])?')
_PLAIN_ROW = re.compile(rb'<row r="([0-9]{1,4})"')
_PROTECTED = re.compile(rb'<sheetProtection\b[^>]*\bsheet="(1|true)"')


def _one_line_break(data: bytes) -> bool:
    """No tab, and no line break but one right after the XML declaration."""
    if b"\t" in data:
        return False
    lf, cr = data.count(b"\n"), data.count(b"\r")
    if lf == 0:
        return cr == 0
    at = data.find(b"\n")
    return lf == 1 and (data[at - 2:at] == b"?>" and cr == 0
                        or data[at - 3:at] == b"?>\r" and cr == 1)


def fast_scan(data: bytes, formulas: bool) -> tuple[bool, set[str], set[str]] | None:
    """The checks of ``check_sheet`` and the protection, formula and error cells of a sheet
    written as spreadsheet programs write it; None when it is written otherwise, for the
    general (slower) reading to decide.

    "As programs write it": no tab and no line break but one after the XML declaration; no
    cell, formula or row element with a namespace prefix; every cell's reference (one capital
    letter and up to four digits) as its first attribute, every row's number as its first
    attribute; every formula right at the start of its cell; rows few enough for the size
    check. On such a sheet every answer equals the general reading's.

    Returns:
        (sheet protected, formula cells, error cells); the cells are listed only when
        ``formulas`` is true.
    """
    if not _one_line_break(data) or _PREFIXED.search(data):
        return None
    tags = _TAGS.findall(data)
    cells = _PLAIN_CELL.findall(data)
    if len(cells) != tags.count(b"c"):
        return None  # a cell whose reference is missing, not first, or not plain
    rows = _PLAIN_ROW.findall(data)
    if len(rows) != tags.count(b"row"):
        return None
    # the general reading counts "<row" and ":row " as rows: four bytes each at least
    row_like = 0 if len(data) < 4 * (MAX_SHEET_CELLS // 26) else \
        data.count(b"<row") + data.count(b":row ")
    if max([row_like, *map(int, rows)]) * 26 > MAX_SHEET_CELLS:
        return None
    if not formulas:
        return _PROTECTED.search(data) is not None, set(), set()
    formula_cells = {ref.decode() for ref, _attrs, f in cells if f}
    if len(formula_cells) != tags.count(b"f"):
        return None
    errors = {ref.decode() for ref, attrs, _f in cells if b' t="e"' in attrs} \
        if b' t="e"' in data else set()
    return _PROTECTED.search(data) is not None, formula_cells, errors
