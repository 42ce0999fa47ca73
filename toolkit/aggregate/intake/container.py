"""Opens a returned file as a zip container, safely, and reads the few XML parts read directly.

Sizes are checked before anything is decompressed, then every part is unpacked once, bounded,
and checked by ``guards`` before any parser sees it. The workbook, relationship and property
parts are parsed (``guards.parse_xml``); sheets are scanned for their reach, protection,
formula and error cells. Values are read elsewhere, by a fast reader.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from toolkit.aggregate.intake.guards import (
    PartError,
    parse_xml,
    part_key,
    target_key,
    unpack_parts,
)
from toolkit.aggregate.intake.styles import percent_cells, percent_styles
from toolkit.aggregate.intake.sheetscan import (
    check_sheet,
    fast_scan,
    formula_texts,
    read_sheet_xml,
)
from toolkit.aggregate.returned import Container, SheetPart
from toolkit.language import phrase

MAX_ENTRY_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 5000

NS_MAIN = ("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}",
           "{http://purl.oclc.org/ooxml/spreadsheetml/main}")
NS_REL = ("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}",
          "{http://purl.oclc.org/ooxml/officeDocument/relationships}")
"""The namespaces of a workbook saved as Transitional, then as Strict Open XML: Excel's
"Strict Open XML Spreadsheet" writes the same parts under the second ones."""
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
KINDS = {kind: phrase(f"kind.{kind}") for kind in ("pdf", "ole", "xml/html", "text", "binary")}
"""What ``sniff`` found, in words for the message."""


class ContainerError(Exception):
    """The file cannot be used as a workbook; ``code`` names the finding, ``detail`` the why."""

    def __init__(self, code: str, detail: str = "", sheet: str = "", cell: str = "",
                 params: dict | None = None):
        super().__init__(f"{code}: {detail}")
        self.code, self.detail, self.sheet, self.cell = code, detail, sheet, cell
        self.params = params
        """The message's values, when ``detail`` alone does not fill it."""
        self.spreadsheet = False
        """True for a spreadsheet of another format (.xls, .ods), which a general reader can
        still open to tell whose it is."""


def sniff(data: bytes) -> str:
    """What a file that is not an .xlsx workbook seems to be, for the message."""
    if not data:
        return "empty"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.startswith(b"PK"):
        return "zip"
    if data.startswith(b"<") or data[:200].count(b"<") > 2:
        return "xml/html"
    try:
        data[:4096].decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return "binary"


def check_sizes(zf: zipfile.ZipFile) -> None:
    """Refuse archives whose declared sizes or compression ratios look like a bomb."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ContainerError("WB_005", f"{len(infos)} parts")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_ENTRY_BYTES or (info.file_size > 1_000_000 and ratio > MAX_RATIO):
            raise ContainerError("WB_005", f"part {info.filename} unpacks to "
                                 f"{info.file_size:,} bytes")
    if total > MAX_TOTAL_BYTES:
        raise ContainerError("WB_005", f"{total:,} bytes in all")


def _xml(parts: dict[str, bytes], name: str):
    try:
        return parse_xml(parts[name])  # checked by the guards when unpacked
    except Exception as exc:  # the parsers raise several kinds for bad XML
        raise ContainerError("WB_009", f"{name}: {type(exc).__name__}") from exc


def _rels(parts: dict[str, bytes], name: str) -> dict[str, str]:
    if name not in parts:
        return {}
    root = _xml(parts, name)
    return {r.get("Id"): r.get("Target", "") for r in root.iter(f"{NS_PKG_REL}Relationship")}


def _scan_sheet(parts: dict[str, bytes], part: SheetPart, want_formulas: bool,
                percent: frozenset[int] = frozenset()) -> None:
    data = parts.get(part.path)
    if data is None:
        raise ContainerError("WB_002", f"the part of sheet {part.name} is missing", part.name)
    found = fast_scan(data, want_formulas)
    if found is None:
        found = general_scan(data, part.path, part.name, want_formulas)
    part.protected, part.formula_cells, part.error_cells = found
    if part.formula_cells:
        part.formulas = formula_texts(data)
    part.percent_cells = percent_cells(data, percent)


def general_scan(data: bytes, path: str, name: str,
                 formulas: bool) -> tuple[bool, set[str], set[str]]:
    """What ``sheetscan.fast_scan`` finds, for a sheet written in any way: first the quick bounds
    of ``check_sheet``, then a reading of the XML as a parser sees it (``read_sheet_xml``).

    Raises:
        PartError: WB_011 for a sheet too large; WB_009 for cells without a single reference,
            formulas outside their cells, or XML that cannot be read.
    """
    check_sheet(data, path, name)
    return read_sheet_xml(data, path, name, formulas)


def open_container(path: Path, formula_sheets: set[str] | None = None,
                   data: bytes | None = None) -> Container:
    """Check a returned file's container and read its workbook, protection and property parts.

    Args:
        path: the returned file.
        formula_sheets: sheets whose formula and error cells to list; all sheets when None.
        data: the file's bytes, when they were read already.

    Raises:
        ContainerError: the file is not a usable workbook (code WB_001, WB_002, WB_003, WB_005,
            WB_009 or WB_014).
    """
    if data is not None:
        kind = sniff(data[:4096])
    else:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(4096)
            kind = sniff(head)
            if kind == "zip":
                if size > MAX_TOTAL_BYTES:
                    raise ContainerError("WB_005", f"the file holds {size:,} bytes")
                data = head + fh.read()
    if kind != "zip":
        if kind == "ole" and _encrypted(path):
            raise ContainerError("WB_003", "encrypted")
        error = ContainerError("WB_007" if kind == "empty" else "WB_001", KINDS.get(kind, kind))
        error.spreadsheet = kind == "ole"
        raise error
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            check_sizes(zf)
            keys = {part_key(n) for n in zf.namelist()}
            if "xl/workbook.xml" not in keys and "xl/workbook.bin" in keys:
                raise ContainerError("WB_014")
            if "xl/workbook.xml" not in keys:
                detail = "it is an OpenDocument spreadsheet (.ods)" if "mimetype" in keys \
                    else "it is a zip archive without a workbook inside"
                error = ContainerError("WB_002", detail)
                error.spreadsheet = "mimetype" in keys
                raise error
            try:
                parts = unpack_parts(data, zf, MAX_ENTRY_BYTES)
                return _container(parts, keys, formula_sheets)
            except PartError as exc:
                exc.sheet = exc.sheet or _sheet_stored_in(zf, exc.part)
                raise
    except PartError as exc:
        raise ContainerError(exc.code, exc.detail, exc.sheet, exc.cell,
                             exc.params or None) from exc
    except zipfile.BadZipFile as exc:
        raise ContainerError("WB_002", f"damaged zip ({exc})") from exc
    except (EOFError, zipfile.LargeZipFile, NotImplementedError) as exc:
        raise ContainerError("WB_002", type(exc).__name__) from exc


def _sheet_stored_in(zf: zipfile.ZipFile, part: str) -> str:
    """The name of the sheet stored in ``part`` (a ``part_key``), when the workbook part can
    tell it safely."""
    if not part:
        return ""
    parts = {}
    for info in zf.infolist():
        key = part_key(info.filename)
        if key in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            try:
                parts[key] = zf.read(info)
            except Exception:  # zipfile raises several kinds for a damaged entry
                return ""
    try:
        book = _xml(parts, "xl/workbook.xml")
        sheets = _sheet_parts(book, _rels(parts, "xl/_rels/workbook.xml.rels"))
    except (ContainerError, KeyError):
        return ""
    return next((s.name for s in sheets if s.path == part), "")


def _styles_key(parts: dict[str, bytes]) -> str:
    """The key of the workbook's styles part, as its relationships name it ("" for none)."""
    if "xl/_rels/workbook.xml.rels" not in parts:
        return ""
    root = _xml(parts, "xl/_rels/workbook.xml.rels")
    return next((target_key(r.get("Target", "")) for r in root.iter()
                 if r.get("Type", "").endswith("/styles")), "")


def _sheet_parts(book, rels: dict[str, str]) -> list[SheetPart]:
    """The sheets the workbook part declares, each with the part that stores it."""
    return [SheetPart(el.get("name", ""), el.get("state", "visible"),
                      target_key(rels.get(_either(el, NS_REL, "id") or "", "")))
            for ns in NS_MAIN for el in book.iter(f"{ns}sheet")]


def _either(el, namespaces: tuple[str, ...], name: str) -> str | None:
    """An attribute in the first of ``namespaces`` that the element uses."""
    return next((el.get(f"{ns}{name}") for ns in namespaces
                 if el.get(f"{ns}{name}") is not None), None)


def _container(parts: dict[str, bytes], keys: set[str],
               formula_sheets: set[str] | None) -> Container:
    book = _xml(parts, "xl/workbook.xml")
    sheets = _sheet_parts(book, _rels(parts, "xl/_rels/workbook.xml.rels"))
    styles = _styles_key(parts)
    percent = percent_styles(_xml(parts, styles) if styles in parts else None)
    for part in sheets:
        _scan_sheet(parts, part, formula_sheets is None or part.name in formula_sheets,
                    percent)
    protection = next((found for ns in NS_MAIN
                       if (found := book.find(f"{ns}workbookProtection")) is not None), None)
    # LibreOffice: 7.4 writes the element without attributes for a structure-protected
    # workbook, so its presence alone counts as locked when no attribute says otherwise.
    locked = protection is not None and protection.get("lockStructure", "1") in ("1", "true")
    container = Container(sheets, locked, has_vba="xl/vbaproject.bin" in keys,
                          external_links=sum(1 for k in keys
                                             if k.startswith("xl/externallinks/")))
    if "docprops/core.xml" in parts:
        core = _xml(parts, "docprops/core.xml")
        modified = core.find("{http://purl.org/dc/terms/}modified")
        container.modified = (modified.text or "").strip() if modified is not None else ""
    if "docprops/custom.xml" in parts:
        custom = _xml(parts, "docprops/custom.xml")
        for prop in custom:
            value = next(iter(prop), None)
            container.custom[prop.get("name", "")] = (value.text or "") if value is not None \
                else ""
    return container


def _encrypted(path: Path) -> bool:
    try:
        import msoffcrypto

        with open(path, "rb") as fh:
            return bool(msoffcrypto.OfficeFile(fh).is_encrypted())
    except Exception:  # not an Office file at all: treated as "not a workbook"
        return False
