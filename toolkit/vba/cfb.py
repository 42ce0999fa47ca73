"""Deterministic writer of MS-CFB compound files (version 3, 512-byte sectors)."""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

SECTOR_SIZE = 512
MINI_SECTOR_SIZE = 64
MINI_STREAM_CUTOFF = 4096
MAX_NAME_LENGTH = 31

FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF

_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_ENTRIES_PER_SECTOR = SECTOR_SIZE // 128
_IDS_PER_SECTOR = SECTOR_SIZE // 4
_HEADER_DIFAT_ENTRIES = 109
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_BLACK = 1
_FORBIDDEN_CHARACTERS = frozenset("/\\:!")


class CfbError(ValueError):
    """Raised when the requested tree cannot be stored in a compound file."""


def name_key(name: str) -> tuple[int, tuple[int, ...]]:
    """Return the sort key of a directory entry name (MS-CFB 2.6.4).

    Shorter names sort first; names of equal length compare code unit by code
    unit after upper-casing.

    Args:
        name: The entry name.

    Returns:
        A key whose ordering is the compound-file ordering of names.
    """
    units = name.encode("utf-16-le")
    upper = []
    for char in name:
        folded = char.upper()
        upper.append(folded if len(folded) == 1 else char)
    folded_units = "".join(upper).encode("utf-16-le")
    codes = struct.unpack(f"<{len(folded_units) // 2}H", folded_units)
    return len(units) // 2, codes


@dataclass
class _Node:
    """A storage or stream of the tree being written."""

    name: str
    kind: int
    data: bytes = b""
    children: dict[tuple[int, tuple[int, ...]], _Node] = field(default_factory=dict)
    index: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    start: int = ENDOFCHAIN


def _check_name(name: str, path: str) -> None:
    """Raise ``CfbError`` when ``name`` is not a valid entry name."""
    if not name:
        raise CfbError(f"{path!r}: empty entry name")
    if len(name.encode("utf-16-le")) // 2 > MAX_NAME_LENGTH:
        raise CfbError(f"{path!r}: entry name {name!r} is longer than {MAX_NAME_LENGTH}")
    if _FORBIDDEN_CHARACTERS & set(name):
        raise CfbError(f"{path!r}: entry name {name!r} holds one of / \\ : !")


def _build_tree(streams: Mapping[str, bytes]) -> _Node:
    """Turn ``{"A/B/c": data}`` paths into a tree of storages and streams."""
    root = _Node("Root Entry", _ROOT)
    for path in sorted(streams):
        parts = path.split("/")
        node = root
        for depth, name in enumerate(parts):
            _check_name(name, path)
            key = name_key(name)
            last = depth == len(parts) - 1
            existing = node.children.get(key)
            if existing is None:
                existing = _Node(name, _STREAM if last else _STORAGE)
                if last:
                    existing.data = bytes(streams[path])
                node.children[key] = existing
            elif last or existing.kind != _STORAGE or existing.name != name:
                raise CfbError(f"{path!r}: name clashes with {existing.name!r} in the same storage")
            node = existing
    return root


def _number_entries(root: _Node) -> list[_Node]:
    """Assign directory indices in pre-order and link each storage's children."""
    entries: list[_Node] = []

    def visit(node: _Node) -> None:
        """Number ``node``, then its children in name order."""
        node.index = len(entries)
        entries.append(node)
        ordered = [node.children[key] for key in sorted(node.children)]
        for child in ordered:
            visit(child)
        node.child = _link_balanced(ordered)

    visit(root)
    return entries


def _link_balanced(ordered: list[_Node]) -> int:
    """Link sorted siblings into a balanced binary tree; return the root index."""
    if not ordered:
        return NOSTREAM
    middle = len(ordered) // 2
    top = ordered[middle]
    top.left = _link_balanced(ordered[:middle])
    top.right = _link_balanced(ordered[middle + 1 :])
    return top.index


def _pad(data: bytes, size: int) -> bytes:
    """Pad ``data`` with zero bytes to a multiple of ``size``."""
    remainder = len(data) % size
    return data if remainder == 0 else data + b"\x00" * (size - remainder)


def _chain(fat: list[int], first: int, count: int) -> None:
    """Write a contiguous chain of ``count`` sectors starting at ``first`` into ``fat``."""
    for offset in range(count):
        fat[first + offset] = first + offset + 1 if offset < count - 1 else ENDOFCHAIN


def _directory_entry(node: _Node) -> bytes:
    """Encode one 128-byte directory entry."""
    encoded = node.name.encode("utf-16-le")
    name_field = encoded.ljust(64, b"\x00")
    size = 0 if node.kind == _STORAGE else len(node.data)
    start = node.start if node.kind != _STORAGE else 0
    return (
        name_field
        + struct.pack("<HBB", len(encoded) + 2, node.kind, _BLACK)
        + struct.pack("<III", node.left, node.right, node.child)
        + b"\x00" * 16
        + struct.pack("<I", 0)
        + b"\x00" * 16
        + struct.pack("<IQ", start, size)
    )


_UNUSED_ENTRY = b"\x00" * 68 + struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM) + b"\x00" * 48


def _layout_mini_stream(streams: list[_Node]) -> tuple[bytes, list[int]]:
    """Place small streams in the mini stream; return it and its mini FAT."""
    mini_stream = bytearray()
    mini_fat: list[int] = []
    for node in streams:
        if not node.data:
            continue
        first = len(mini_stream) // MINI_SECTOR_SIZE
        count = -(-len(node.data) // MINI_SECTOR_SIZE)
        node.start = first
        mini_fat.extend([FREESECT] * count)
        _chain(mini_fat, first, count)
        mini_stream += _pad(node.data, MINI_SECTOR_SIZE)
    return bytes(mini_stream), mini_fat


def _fat_sector_count(other_sectors: int) -> int:
    """Return how many FAT sectors cover ``other_sectors`` plus themselves."""
    count = 1
    while count * _IDS_PER_SECTOR < other_sectors + count:
        count += 1
    return count


def _header(fat_count: int, first_fat: int, directory_start: int, mini_fat_start: int,
            mini_fat_count: int) -> bytes:
    """Encode the 512-byte compound file header."""
    difat = [first_fat + i for i in range(fat_count)]
    difat += [FREESECT] * (_HEADER_DIFAT_ENTRIES - fat_count)
    return (
        _SIGNATURE
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIII", 0, fat_count, directory_start, 0)
        + struct.pack("<IIIII", MINI_STREAM_CUTOFF, mini_fat_start, mini_fat_count, ENDOFCHAIN, 0)
        + struct.pack(f"<{_HEADER_DIFAT_ENTRIES}I", *difat)
    )


class _Sectors:
    """Allocates regular sectors and records their chains in the FAT."""

    def __init__(self) -> None:
        self.fat: list[int] = []
        self.body = bytearray()

    def add(self, data: bytes) -> int:
        """Append ``data`` as a chain of sectors and return its first sector."""
        first = len(self.fat)
        count = -(-len(data) // SECTOR_SIZE)
        self.fat.extend([FREESECT] * count)
        _chain(self.fat, first, count)
        self.body += _pad(data, SECTOR_SIZE)
        return first

    def finish(self) -> tuple[int, int]:
        """Append the FAT sectors; return their count and first sector."""
        fat_count = _fat_sector_count(len(self.fat))
        if fat_count > _HEADER_DIFAT_ENTRIES:
            raise CfbError("compound file too large: more than 109 FAT sectors")
        first_fat = len(self.fat)
        self.fat.extend([FATSECT] * fat_count)
        self.fat.extend([FREESECT] * (fat_count * _IDS_PER_SECTOR - len(self.fat)))
        self.body += struct.pack(f"<{len(self.fat)}I", *self.fat)
        return fat_count, first_fat


def build_compound_file(streams: Mapping[str, bytes]) -> bytes:
    """Build a compound file holding ``streams``.

    Storages are created from the ``/``-separated paths. The output depends
    only on the paths and the data: CLSIDs, state bits and timestamps are zero.

    Args:
        streams: Stream data keyed by path, e.g. ``{"VBA/dir": b"..."}``.

    Returns:
        The bytes of the compound file.

    Raises:
        CfbError: On invalid names, on two names in one storage that are equal
            when compared case-insensitively, or when the file would need more
            than 109 FAT sectors (about 6.8 MB).
    """
    root = _build_tree(streams)
    entries = _number_entries(root)
    stream_nodes = [node for node in entries if node.kind == _STREAM]
    small = [node for node in stream_nodes if len(node.data) < MINI_STREAM_CUTOFF]
    large = [node for node in stream_nodes if len(node.data) >= MINI_STREAM_CUTOFF]
    root.data, mini_fat = _layout_mini_stream(small)

    sectors = _Sectors()
    if root.data:
        root.start = sectors.add(root.data)
    for node in large:
        node.start = sectors.add(node.data)
    mini_fat_start, mini_fat_count = ENDOFCHAIN, 0
    if mini_fat:
        mini_fat_count = -(-len(mini_fat) // _IDS_PER_SECTOR)
        padded = mini_fat + [FREESECT] * (mini_fat_count * _IDS_PER_SECTOR - len(mini_fat))
        mini_fat_start = sectors.add(struct.pack(f"<{len(padded)}I", *padded))
    unused = (-len(entries)) % _ENTRIES_PER_SECTOR
    directory = b"".join(_directory_entry(node) for node in entries) + _UNUSED_ENTRY * unused
    directory_start = sectors.add(directory)
    fat_count, first_fat = sectors.finish()
    header = _header(fat_count, first_fat, directory_start, mini_fat_start, mini_fat_count)
    return header + bytes(sectors.body)
