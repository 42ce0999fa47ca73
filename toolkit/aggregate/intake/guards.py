"""Cheap checks on the parts of a returned file before any parser sees them.

The fast value reader (python-calamine) parses sheet, shared-string, style and workbook XML with
its own parser, outside our control. So every part is unpacked here first, once and bounded:
its real unpacked size must match what the archive declares, and no XML part may carry a
document type declaration (the carrier of entity expansion and external entities). Sheets are
then measured and scanned by ``sheetscan``.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from functools import lru_cache
from xml.etree import ElementTree as PlainET

from defusedxml import ElementTree as SafeET

NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_TEXTS = 200_000
"""Shared strings a workbook may hold. python-calamine keeps them all in memory: 3.5 million
short ones took it to 260 MB. A reporting workbook holds a few thousand."""
_TEXT_MARKERS = (b"<si>", b"<si ", b":si>", b":si ")
CHUNK = 1 << 20
_MARKERS = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY")
                 for enc in ("utf-8", "utf-16-le", "utf-16-be"))
_OVERLAP = max(len(m) for m in _MARKERS)
_BINARY = re.compile(r"\.(bin|png|jpe?g|gif|emf|wmf|tiff?|bmp|svg|wdp|ico)$|^xl/media/|"
                     r"^xl/embeddings/|^xl/printerSettings/", re.IGNORECASE)


class PartError(Exception):
    """A part that must not reach a parser; ``code`` is the finding, the rest locates it."""

    def __init__(self, code: str, detail: str, sheet: str = "", cell: str = "",
                 part: str = "", **params):
        super().__init__(f"{code}: {detail}")
        self.code, self.detail, self.sheet, self.cell = code, detail, sheet, cell
        self.part = part
        self.params = params


def _entry(data: bytes, info: zipfile.ZipInfo):
    """An entry's packed bytes in the archive, and a fresh inflater (None when stored).

    Raises:
        PartError: WB_002 when the entry is encrypted, has no valid header, is cut short, or
            uses a compression Excel never writes.
    """
    if info.flag_bits & 0x1:
        raise PartError("WB_002", f"part {info.filename} is encrypted")
    start = info.header_offset
    header = data[start:start + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise PartError("WB_002", f"part {info.filename} has no valid header")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    start += 30 + name_len + extra_len
    raw = memoryview(data)[start:start + info.compress_size]
    if len(raw) < info.compress_size:
        raise PartError("WB_002", f"part {info.filename} is cut short")
    if info.compress_type == zipfile.ZIP_STORED:
        return raw, None
    if info.compress_type == zipfile.ZIP_DEFLATED:
        return raw, zlib.decompressobj(-15)
    raise PartError("WB_002", f"part {info.filename} uses compression method "
                              f"{info.compress_type}")


def _too_much(info: zipfile.ZipInfo, declared: int) -> PartError:
    return PartError("WB_005", f"part {info.filename} unpacks to more than {declared:,} bytes")


def _bad_stream(info: zipfile.ZipInfo) -> PartError:
    return PartError("WB_002", f"part {info.filename} is damaged")


def _damaged(info: zipfile.ZipInfo) -> PartError:
    return PartError("WB_002", f"part {info.filename} is damaged (its size or checksum does "
                               "not match)")


def _unpacked(data: bytes, info: zipfile.ZipInfo, limit: int, size: int):
    """Unpack one entry from the archive's bytes in pieces of at most ``size`` bytes, never
    producing more than it declares.

    Raises:
        PartError: WB_005 when the entry unpacks to more than it declares or than ``limit``;
            WB_002 when it is damaged or uses a compression Excel never writes.
    """
    pending, inflate = _entry(data, info)
    declared, total, crc = min(info.file_size, limit), 0, 0
    while True:
        if inflate is None:
            out, pending = bytes(pending[:size]), pending[size:]
        else:
            try:
                out = inflate.decompress(pending, size)
            except zlib.error as exc:
                raise _bad_stream(info) from exc
            pending = inflate.unconsumed_tail
        total += len(out)
        if total > declared:
            raise _too_much(info, declared)
        crc = zlib.crc32(out, crc)
        if out:
            yield out
        if (inflate is not None and inflate.eof) or (not pending and not out):
            break
    if total != info.file_size or crc != info.CRC:
        raise _damaged(info)


def _unpack(data: bytes, info: zipfile.ZipInfo, limit: int) -> bytes:
    """One entry unpacked whole, in one step: the same bounds and checks as ``_unpacked``.

    One call to the inflater with room for one byte more than declared either ends the
    stream, or overflows (refused), or uses up the input (a stream cut short, refused by its
    size or checksum).
    """
    raw, inflate = _entry(data, info)
    declared = min(info.file_size, limit)
    if inflate is None:
        out = bytes(raw[:declared + 1])
    else:
        try:
            out = inflate.decompress(raw, declared + 1)
        except zlib.error as exc:
            raise _bad_stream(info) from exc
    if len(out) > declared:
        raise _too_much(info, declared)
    if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
        raise _damaged(info)
    return out


@lru_cache(maxsize=4096)
def part_key(name: str) -> str:
    """A part's name as python-calamine matches it: slashes either way, any case, ``.`` and
    ``..`` resolved."""
    return posixpath.normpath(name.replace("\\", "/").lstrip("/")).lower()


@lru_cache(maxsize=4096)
def target_key(target: str) -> str:
    """The part a relationship of the workbook part points at (relative to ``xl/``)."""
    target = target.replace("\\", "/")
    if target.startswith("/"):
        return part_key(target)
    return part_key(target if target.lower().startswith("xl/") else f"xl/{target}")


_UNREAD_TYPES = ("/sharedStrings", "/theme")
"""Relationships of the workbook part to parts only python-calamine reads (not kept). The
styles part is kept: which cells show percentages is read from it."""


def _workbook_targets(rels: bytes | None) -> dict[str, str] | None:
    """The parts the workbook part points at (sheets, strings, styles), whatever their names,
    with the relationship's type; None when the relationships cannot be read safely, so that
    every part is scanned."""
    if rels is None:
        return {}
    try:
        root = parse_xml(rels)
    except Exception:  # the parsers raise many kinds; the scan then covers all
        return None
    return {target_key(rel.get("Target", "")): rel.get("Type", "")
            for rel in root.iter(f"{NS_PKG_REL}Relationship")}


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
    # Every marker holds "<!" (UTF-8) or a zero byte (UTF-16, either byte order). One byte is
    # found much faster than two, and "!" is rare in these parts.
    return (b"!" in part and b"<!" in part or b"\0" in part) and \
        any(m in part for m in _MARKERS)


KEPT = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "docprops/core.xml",
        "docprops/custom.xml")
"""Parts read after the checks, besides the sheets."""


def unpack_parts(data: bytes, zf: zipfile.ZipFile, limit: int) -> dict[str, bytes]:
    """Unpack every part once, bounded, and refuse document type declarations in any part a
    parser may read: every part but images and embedded objects, and those too when the
    workbook points at them as sheets, strings or styles.

    Args:
        data: the archive's bytes.
        zf: the same archive, already opened (its directory is used).
        limit: the largest unpacked size allowed for one part.

    Returns:
        The parts read after the checks, by ``part_key``: the workbook part, its
        relationships, the document properties, and every part the workbook points at but
        strings and themes. The others are checked and let go.

    Raises:
        PartError: WB_002 for damaged parts or two parts whose names differ only in case or
            slashes; WB_005 for parts larger than they declare; WB_009 for declarations.
    """
    infos = [i for i in zf.infolist() if not i.is_dir()]
    keys = [part_key(i.filename) for i in infos]
    if len(set(keys)) != len(keys):
        twice = next(k for k in keys if keys.count(k) > 1)
        raise PartError("WB_002", f"two parts named {twice}, in different cases or slashes")
    rels = next((i for i, k in zip(infos, keys) if k == "xl/_rels/workbook.xml.rels"), None)
    targets = _workbook_targets(None if rels is None else _unpack(data, rels, limit))
    kept = {}
    for info, key in zip(infos, keys):
        readable = targets is None or key in targets or not _BINARY.search(key)
        if key in KEPT or targets and key in targets and \
                not targets[key].endswith(_UNREAD_TYPES):
            kept[key] = _unpack(data, info, limit)
            _check_readable(info, key, [kept[key]])
        else:  # checked (a large part in pieces), and let go
            pieces = _unpacked(data, info, limit, CHUNK) if info.file_size > CHUNK else \
                [_unpack(data, info, limit)]
            if readable:
                _check_readable(info, key, pieces)
            else:
                for _ in pieces:
                    pass
    return kept


def _check_readable(info: zipfile.ZipInfo, key: str, pieces) -> None:
    """Refuse declarations, and too many texts, in a part a parser may read (given in
    consecutive pieces, which never add up to more than the part declares)."""
    name = info.filename
    # Each text marker takes four bytes of its own: a shorter part cannot hold too many.
    count = info.file_size > 4 * MAX_TEXTS
    tail, texts = b"", 0
    for piece in pieces:
        window = tail + piece if tail else piece
        if _unsafe(window):
            raise PartError("WB_009", f"{name}: a document type declaration, which may "
                                      "expand entities or fetch other files", part=key)
        if count:
            texts += sum(window.count(m) for m in _TEXT_MARKERS) - \
                sum(tail.count(m) for m in _TEXT_MARKERS)
            if texts > MAX_TEXTS:
                raise PartError("WB_005", f"{name} holds more than {MAX_TEXTS:,} texts")
        tail = window[-_OVERLAP:]
