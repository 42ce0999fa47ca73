"""Measures and scans the sheets of a returned file before any parser reads them: how far their
cells reach (no sheet may spread over an area large enough to exhaust memory when read), whether
they are protected, and which cells hold formulas or error values that the checks must see.

A quick byte scan (``fast_scan``) covers sheets written the way Excel, LibreOffice, XlsxWriter
and openpyxl write them; any other sheet is read by an expat parser (``read_sheet_xml``).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from xml.parsers import expat

from toolkit.aggregate.intake.guards import PartError
from toolkit.limits import MAX_COLUMNS, col_index, col_letter

MAX_SHEET_CELLS = 1_000_000
"""Cells a sheet may span (rows times columns, counted from A1). python-calamine allocates the
whole rectangle up to the last cell it meets, whatever the declared dimension says: one cell in
XFD1048576 makes it ask for 512 GB and abort the process, which no ``except`` can catch."""

# python-calamine also takes lower-case references, and columns and rows beyond Excel's grid.
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="([0-9]+)"')
_WIDE_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Za-z]{2,})[0-9]')
_FAR_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="[A-Za-z]*([0-9]{5,})"')


@dataclass(frozen=True)
class Extent:
    """How far a sheet reaches, counted from A1."""

    rows: int
    cols: int
    col_name: str = ""
    """The farthest column as the file spells it (it may lie beyond Excel's XFD)."""

    @classmethod
    def of(cls, rows: int, widest: str) -> Extent:
        """The extent of ``rows`` rows whose widest column is spelt ``widest`` (upper case;
        any column name longer than three letters lies beyond Excel's grid)."""
        cols = 1 << 20 if len(widest) > 3 else \
            max(26, col_index(widest) if widest else 0)
        return cls(rows, cols, widest)

    @property
    def cells(self) -> int:
        """The rectangle a reader allocates for it."""
        return self.rows * self.cols

    @property
    def corner(self) -> str:
        """The far corner as Excel spells it."""
        return f"{self.col_name or col_letter(min(self.cols, MAX_COLUMNS) - 1)}{self.rows}"


def sheet_extent(data: bytes, limit: int = MAX_SHEET_CELLS) -> Extent:
    """The rows and columns a sheet's cells reach (its declared dimension is not trusted).

    The row elements are counted first: when there are more than a narrow sheet of ``limit``
    cells could hold, the row numbers are not read one by one.
    """
    wide = _WIDE_REF.findall(data)
    widest = max(wide, key=lambda c: (len(c), c.upper()), default=b"").upper().decode()
    rows = data.count(b"<row") + data.count(b":row ")
    if rows <= limit // 26:
        rows = max([rows, *map(int, _ROW_REF.findall(data)), *map(int, _FAR_CELL.findall(data))])
    return Extent.of(rows, widest)


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
    """Refuse a sheet that spreads over too many cells, from a quick look at its references
    (before an XML parser reads it; ``read_sheet_xml`` then measures it exactly).

    Raises:
        PartError: WB_011 for a sheet too large.
    """
    extent = sheet_extent(data)
    if extent.cells > MAX_SHEET_CELLS:
        raise _too_large(path, name, extent, _far_corner(data, extent))


def _too_large(path: str, name: str, extent: Extent, corner: str) -> PartError:
    """WB_011 for a sheet that spans ``extent``, named at its far ``corner``."""
    return PartError("WB_011", f"{path}: {extent.cells:,} cells", name, corner, name=name,
                     corner=corner, limit=f"{MAX_SHEET_CELLS:,}")


_PREFIXED = re.compile(rb":(?:c|f|row)[\s/>]")
"""A cell, formula or row element with a namespace prefix (or text that looks like one)."""
_TAGS = re.compile(rb"<(c|f|row)(\W)")
"""A cell, formula or row element, with the byte after its name: a space, ``/`` or ``>`` in a
sheet as programs write it; any other byte makes a name the general reading would also take
for a cell, formula or row."""
_TAG_ENDS = frozenset({b" ", b"/", b">"})
_PLAIN_CELL = re.compile(rb'<c r="([A-Z][0-9]{1,4})"'
                         rb'((?: (?!(?:[A-Za-z_][\w.-]*:)?r=)[A-Za-z_][\w.:-]*="[^"<>]*")*)'
                         rb'(?: ?/>| ?>(<f[\s/>])?)')
"""A cell whose reference comes first and is its only one, each further attribute in double
quotes with no angle bracket inside."""
_PLAIN_ROW = re.compile(rb'<row r="([0-9]{1,4})"')
_PROTECTED = re.compile(rb'<sheetProtection\b[^>]*\bsheet="(1|true)"')


def _one_line_break(data: bytes) -> bool:
    """No tab, and no line break but one right after the XML declaration."""
    # one byte is looked for at a time: much faster than counting
    if b"\t" in data:
        return False
    at = data.find(b"\n")
    if at < 0:
        return b"\r" not in data
    if data.find(b"\n", at + 1) >= 0:
        return False
    if data[at - 2:at] == b"?>":
        return b"\r" not in data
    return data[at - 3:at] == b"?>\r" and data.find(b"\r") == at - 1 and \
        data.find(b"\r", at) < 0


def _more_than(data: bytes, byte: bytes, n: int) -> bool:
    """Whether ``byte`` occurs more than ``n`` times."""
    at = -1
    for _ in range(n + 1):
        at = data.find(byte, at + 1)
        if at < 0:
            return False
    return True


def fast_scan(data: bytes, formulas: bool) -> tuple[bool, set[str], set[str]] | None:
    """The checks of ``check_sheet`` and the protection, formula and error cells of a sheet
    written as spreadsheet programs write it; None when it is written otherwise, for the
    general (slower) reading to decide.

    "As programs write it": no tab, vertical tab or form feed, and no line break but one after
    the XML declaration; no comment, CDATA section or processing instruction; no cell, formula
    or row element with a namespace prefix or an odd name; every cell's reference (one capital
    letter and up to four digits) as its first and only reference, its other attributes in
    double quotes without angle brackets; every row's number as its first attribute; every
    formula right at the start of its cell; rows few enough for the size check. On such a sheet
    every answer equals the general reading's, and python-calamine reads the same cells.

    Returns:
        (sheet protected, formula cells, error cells); the cells are listed only when
        ``formulas`` is true.
    """
    if not _one_line_break(data) or b"\x0b" in data or b"\x0c" in data \
            or b"!" in data and b"<!" in data \
            or _more_than(data, b"?", 2) and data.count(b"<?") > 1 \
            or _PREFIXED.search(data):
        return None
    tags: dict[bytes, int] = {b"c": 0, b"f": 0, b"row": 0}
    for (name, end), count in Counter(_TAGS.findall(data)).items():
        if end not in _TAG_ENDS:
            return None  # an odd element name
        tags[name] += count
    cells = _PLAIN_CELL.findall(data)
    if len(cells) != tags[b"c"]:
        return None  # a cell whose reference is missing, not first, or not plain
    rows = _PLAIN_ROW.findall(data)
    if len(rows) != tags[b"row"]:
        return None
    # the general reading counts "<row" and ":row " as rows: four bytes each at least
    row_like = 0 if len(data) < 4 * (MAX_SHEET_CELLS // 26) else \
        data.count(b"<row") + data.count(b":row ")
    if max([row_like, *map(int, rows)]) * 26 > MAX_SHEET_CELLS:
        return None
    formula_cells = {ref.decode() for ref, _attrs, f in cells if f}
    if len(formula_cells) != tags[b"f"]:
        return None  # a formula out of its place, or two for one cell
    if not formulas:
        return _PROTECTED.search(data) is not None, set(), set()
    errors = {ref.decode() for ref, attrs, _f in cells if b' t="e"' in attrs} \
        if b' t="e"' in data else set()
    return _PROTECTED.search(data) is not None, formula_cells, errors


_FORMULA_TEXT = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr=["\']([A-Za-z]+[0-9]+)["\'][^>]*>\s*'
                           rb'<(?:\w+:)?f\b[^>]*>([^<]*)</(?:\w+:)?f>')
"""A cell and the text of its formula (a shared formula's other cells carry none)."""


def formula_texts(data: bytes) -> dict[str, str]:
    """Cell reference -> its formula as a person typed it (with the leading =), for the cells
    whose formula the sheet spells out; for messages that show what a cell holds."""
    if b"<f" not in data and b":f" not in data:
        return {}
    return {ref.decode().upper(): "=" + html.unescape(text.decode("utf-8", "replace"))
            for ref, text in _FORMULA_TEXT.findall(data)}


_REF = re.compile(r"([A-Za-z]+)([0-9]+)")


class _SheetXml:
    """What ``read_sheet_xml`` gathers while expat reads a sheet."""

    def __init__(self, path: str, name: str, formulas: bool) -> None:
        self.path, self.name, self.formulas = path, name, formulas
        self.depth = 0
        self.cell: str | None = None
        self.cell_depth = 0
        self.cell_children = 0
        self.rows = self.max_row = self.max_col = 0
        self.widest = ""
        self.protected = False
        self.formula_cells: set[str] = set()
        self.error_cells: set[str] = set()

    def refuse(self, detail: str) -> None:
        raise PartError("WB_009", f"{self.path}: {detail}", self.name)

    def start(self, tag: str, attrs: dict) -> None:
        local = tag.rpartition("}")[2]
        if self.cell is not None and self.depth == self.cell_depth + 1:
            if local == "f":
                if self.cell_children or self.cell in self.formula_cells:
                    self.refuse(f"a formula after the value of cell {self.cell}, or twice")
                self.formula_cells.add(self.cell)
            self.cell_children += 1
        elif local == "f":
            self.refuse("a formula outside its cell or after its value")
        if local == "c":
            if self.cell is not None:
                self.refuse("a cell inside a cell")
            self.cell = self.reference(attrs)
            self.cell_depth, self.cell_children = self.depth, 0
            types = _local_values(attrs, "t")
            if len(types) > 1:
                self.refuse(f"cell {self.cell} with several types")
            if self.formulas and types == ["e"]:
                self.error_cells.add(self.cell)
        elif local == "row":
            self.rows += 1
            for value in _local_values(attrs, "r"):
                if value.isdigit():
                    self.max_row = max(self.max_row, int(value))
        elif local == "sheetProtection":
            self.protected = _local_values(attrs, "sheet")[-1:] in (["1"], ["true"])
        self.depth += 1

    def reference(self, attrs: dict) -> str:
        refs = _local_values(attrs, "r")
        if len(refs) != 1:
            self.refuse("a cell without a single cell reference")
        found = _REF.fullmatch(refs[0].strip())
        if found is None:
            self.refuse(f"a cell reference that cannot be read ({refs[0][:20]!r})")
        letters, row = found.group(1).upper(), int(found.group(2))
        self.max_row = max(self.max_row, row)
        if (len(letters), letters) > (len(self.widest), self.widest):
            self.widest = letters
        return f"{letters}{row}"

    def end(self, _tag: str) -> None:
        self.depth -= 1
        if self.cell is not None and self.depth == self.cell_depth:
            self.cell = None

    def extent(self) -> Extent:
        return Extent.of(max(self.rows, self.max_row), self.widest)


def _local_values(attrs: dict, local: str) -> list[str]:
    """The values of the attributes of this local name, whatever their namespace."""
    return [v for k, v in attrs.items() if k.rpartition("}")[2] == local]


def read_sheet_xml(data: bytes, path: str, name: str,
                   formulas: bool) -> tuple[bool, set[str], set[str]]:
    """A sheet read as an XML parser reads it (expat, namespaces resolved, elements known by
    their local names as python-calamine knows them): protection, formula cells and error
    cells, and the checks of ``check_sheet`` made exact.

    Raises:
        PartError: WB_011 for a sheet too large; WB_009 for XML that cannot be read, a
            document type, cells without exactly one reference, and formulas outside their
            cells or after their values (or twice for one cell).
    """
    sheet = _SheetXml(path, name, formulas)
    parser = expat.ParserCreate(namespace_separator="}")

    def refuse_declaration(*_args) -> None:
        sheet.refuse("a document type declaration")

    parser.StartDoctypeDeclHandler = refuse_declaration
    parser.EntityDeclHandler = refuse_declaration
    parser.StartElementHandler = sheet.start
    parser.EndElementHandler = sheet.end
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        sheet.refuse(f"XML that cannot be read ({exc})")
    extent = sheet.extent()
    if extent.cells > MAX_SHEET_CELLS:
        raise _too_large(path, name, extent, extent.corner)
    if not formulas:
        return sheet.protected, set(), set()
    return sheet.protected, sheet.formula_cells, sheet.error_cells
