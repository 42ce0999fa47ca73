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

from defusedxml import ElementTree as SafeET
from openpyxl.utils.cell import column_index_from_string

NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CHUNK = 1 << 20
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
_OVERLAP = max(len(m) for m in _MARKERS)
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


def _raw_chunks(fp, info: zipfile.ZipInfo):
    """The stored (compressed) bytes of one entry, read from its local header on."""
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise PartError("WB_002", f"part {info.filename} has no valid header")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    fp.seek(info.header_offset + 30 + name_len + extra_len)
    left = info.compress_size
    while left > 0:
        chunk = fp.read(min(CHUNK, left))
        if not chunk:
            raise PartError("WB_002", f"part {info.filename} is cut short")
        left -= len(chunk)
        yield chunk


def unpacked_chunks(fp, info: zipfile.ZipInfo, limit: int):
    """Unpack one entry in chunks, never producing more than its declared size.

    Raises:
        PartError: WB_005 when the entry unpacks to more than it declares or than ``limit``;
            WB_002 when it is damaged or uses a compression Excel never writes.
    """
    if info.flag_bits & 0x1:
        raise PartError("WB_002", f"part {info.filename} is encrypted")
    if info.compress_type == zipfile.ZIP_STORED:
        inflate = None
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflate = zlib.decompressobj(-15)
    else:
        raise PartError("WB_002", f"part {info.filename} uses compression method "
                                  f"{info.compress_type}")
    declared, total, crc = min(info.file_size, limit), 0, 0
    for raw in _raw_chunks(fp, info):
        pending = raw
        while pending:
            if inflate is None:
                out, pending = pending, b""
            else:
                try:
                    out = inflate.decompress(pending, CHUNK)
                except zlib.error as exc:
                    raise PartError("WB_002", f"part {info.filename} is damaged") from exc
                pending = inflate.unconsumed_tail
            total += len(out)
            if total > declared:
                raise PartError("WB_005", f"part {info.filename} unpacks to more than "
                                          f"{declared:,} bytes")
            crc = zlib.crc32(out, crc)
            if out:
                yield out
            if inflate is not None and inflate.eof:
                pending = b""
    if total != info.file_size or crc != info.CRC:
        raise PartError("WB_002", f"part {info.filename} is damaged (its size or checksum "
                                  "does not match)")


def _workbook_targets(zf: zipfile.ZipFile, limit: int) -> set[str] | None:
    """The parts the workbook part points at (sheets, strings, styles), whatever their names;
    None when the relationships cannot be read safely, so that every part is scanned."""
    name = "xl/_rels/workbook.xml.rels"
    if name not in zf.namelist():
        return set()
    try:
        with zf.open(name) as fh:
            root = SafeET.fromstring(fh.read(limit))
    except Exception:  # defusedxml and zipfile raise many kinds; the scan then covers all
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


def check_parts(path, zf: zipfile.ZipFile, limit: int) -> None:
    """Unpack every part once, bounded, and refuse document type declarations in any part a
    parser may read: every part but images and embedded objects, and those too when the
    workbook points at them as sheets, strings or styles.

    Args:
        path: the archive, opened again for raw reading.
        zf: the same archive, already opened (its directory is used).
        limit: the largest unpacked size allowed for one part.
    """
    targets = _workbook_targets(zf, limit)
    with open(path, "rb") as fp:
        for info in zf.infolist():
            if info.is_dir():
                continue
            tail, texts = b"", 0
            scan = targets is None or info.filename in targets or \
                not _BINARY.search(info.filename)
            for chunk in unpacked_chunks(fp, info, limit):
                if not scan:
                    continue
                window = tail + chunk
                if any(m in window for m in _MARKERS):
                    raise PartError("WB_009", f"{info.filename}: a document type declaration, "
                                              "which may expand entities or fetch other files",
                                    part=info.filename)
                texts += sum(chunk.count(m) for m in _TEXT_MARKERS)
                if texts > MAX_TEXTS:
                    raise PartError("WB_005", f"{info.filename} holds more than {MAX_TEXTS:,} "
                                              "texts")
                tail = window[-_OVERLAP:]


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
