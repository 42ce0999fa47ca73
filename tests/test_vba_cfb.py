"""Tests of the compound file writer: olefile read-back and a structural check of the layout."""

from __future__ import annotations

import io
import random
import struct

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.vba.cfb import (
    ENDOFCHAIN,
    FATSECT,
    FREESECT,
    NOSTREAM,
    CfbError,
    build_compound_file,
    name_key,
)


def read_back(data: bytes) -> dict[str, bytes]:
    """Read every stream with olefile, failing on any defect it reports as incorrect."""
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    return {"/".join(path): ole.openstream(path).read() for path in ole.listdir()}


def _chain(fat: list[int], start: int) -> list[int]:
    sectors = []
    while start != ENDOFCHAIN:
        assert start < len(fat), "chain leaves the FAT"
        assert start not in sectors, "chain loops"
        sectors.append(start)
        start = fat[start]
    return sectors


def structure(data: bytes) -> dict[str, object]:
    """Decode header, FAT and directory, asserting the invariants of MS-CFB version 3."""
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    minor, major, order, shift, mini_shift = struct.unpack_from("<5H", data, 24)
    assert (minor, major, order, shift, mini_shift) == (0x3E, 3, 0xFFFE, 9, 6)
    assert (len(data) - 512) % 512 == 0
    fat_count, dir_start = struct.unpack_from("<II", data, 44)
    cutoff, mini_fat_start, mini_fat_count, difat_start, difat_count = struct.unpack_from(
        "<5I", data, 56
    )
    assert (cutoff, difat_start, difat_count) == (4096, ENDOFCHAIN, 0)
    difat = struct.unpack_from("<109I", data, 76)
    fat_sectors = list(difat[:fat_count])
    assert all(entry == FREESECT for entry in difat[fat_count:])
    sector = lambda index: data[512 + index * 512 : 1024 + index * 512]  # noqa: E731
    fat = [value for index in fat_sectors for value in struct.unpack("<128I", sector(index))]
    assert len(fat) * 512 >= len(data) - 512
    for index in fat_sectors:
        assert fat[index] == FATSECT
    used = list(fat_sectors)
    directory_sectors = _chain(fat, dir_start)
    used += directory_sectors
    raw = b"".join(sector(index) for index in directory_sectors)
    entries = [raw[offset : offset + 128] for offset in range(0, len(raw), 128)]
    if mini_fat_start != ENDOFCHAIN:
        mini_fat_sectors = _chain(fat, mini_fat_start)
        assert len(mini_fat_sectors) == mini_fat_count
        used += mini_fat_sectors
    decoded = []
    for entry in entries:
        length, kind, color = struct.unpack_from("<HBB", entry, 64)
        left, right, child = struct.unpack_from("<III", entry, 68)
        start, size = struct.unpack_from("<IQ", entry, 116)
        name = entry[: max(length - 2, 0)].decode("utf-16-le")
        decoded.append(dict(name=name, kind=kind, color=color, left=left, right=right,
                            child=child, start=start, size=size))
        if kind == 2 and size >= cutoff or kind == 5 and size:
            used += _chain(fat, start)
    assert len(used) == len(set(used)), "a sector belongs to two chains"
    return {"entries": decoded, "fat": fat}


def in_order(entries: list[dict], index: int) -> list[int]:
    """Return the sibling indices of a tree in in-order sequence."""
    if index == NOSTREAM:
        return []
    node = entries[index]
    return in_order(entries, node["left"]) + [index] + in_order(entries, node["right"])


def assert_trees_sorted(entries: list[dict]) -> None:
    """Assert that every storage's children form a search tree in compound-file order."""
    reached = {0}
    for entry in entries:
        if entry["kind"] not in (1, 5):
            continue
        children = in_order(entries, entry["child"])
        keys = [name_key(entries[index]["name"]) for index in children]
        assert keys == sorted(keys) and len(set(keys)) == len(keys)
        reached.update(children)
    allocated = {index for index, entry in enumerate(entries) if entry["kind"]}
    assert reached == allocated


SAMPLE = {
    "PROJECT": b"ID=\"{0}\"\r\n" * 40,
    "PROJECTwm": b"",
    "VBA/dir": bytes(range(256)) * 5,
    "VBA/big": bytes(range(256)) * 40,
    "VBA/exact": b"x" * 4096,
    "VBA/just_below": b"y" * 4095,
    **{f"VBA/Module{i}": bytes([i]) * (i * 97) for i in range(25)},
}


def test_olefile_reads_every_stream_back():
    data = build_compound_file(SAMPLE)
    assert read_back(data) == SAMPLE


def test_layout_is_structurally_valid():
    data = build_compound_file(SAMPLE)
    layout = structure(data)
    assert_trees_sorted(layout["entries"])
    assert all(entry["color"] == 1 for entry in layout["entries"] if entry["kind"])


def test_names_differing_only_in_case_are_stored_distinctly():
    streams = {
        "Sheet1": b"root",
        "VBA/SHEET1": b"upper",
        "Other/sheet1": b"lower",
        "vba2/Sheet1": b"mixed",
        "VBA2X/Data": b"1",
        "VBA2X/Inner/DATA": b"2",
    }
    data = build_compound_file(streams)
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    assert sorted("/".join(path) for path in ole.listdir()) == sorted(streams)
    assert read_back(data) == streams
    assert_trees_sorted(structure(data)["entries"])


@pytest.mark.parametrize(
    "streams",
    [{"VBA/Module1": b"a", "VBA/MODULE1": b"b"}, {"A": b"a", "a/b": b"b"}, {"A/b": b"", "A": b""}],
)
def test_case_insensitive_clash_in_one_storage_is_refused(streams):
    with pytest.raises(CfbError, match="clashes"):
        build_compound_file(streams)


@pytest.mark.parametrize("name", ["", "x" * 32, "a/", "bad:name", "bang!"])
def test_invalid_names_are_refused(name):
    with pytest.raises(CfbError):
        build_compound_file({f"VBA/{name}" if "/" not in name else name: b""})


def test_shorter_names_sort_first_then_upper_case():
    # Upper-casing puts "Z" (0x5A) before "_" (0x5F); lower-casing would not.
    names = ["bb", "a", "AB", "aa", "B", "Zz", "_x"]
    assert sorted(names, key=name_key) == ["a", "B", "aa", "AB", "bb", "Zz", "_x"]


def test_output_is_deterministic_and_independent_of_insertion_order():
    reversed_sample = dict(reversed(list(SAMPLE.items())))
    assert build_compound_file(SAMPLE) == build_compound_file(reversed_sample)


def test_empty_file_and_large_random_streams():
    assert read_back(build_compound_file({})) == {}
    generator = random.Random(7)
    streams = {f"S{i}": bytes(generator.getrandbits(8) for _ in range(size))
               for i, size in enumerate([0, 1, 63, 64, 65, 4095, 4096, 4097, 70_000])}
    data = build_compound_file(streams)
    assert read_back(data) == streams
    assert_trees_sorted(structure(data)["entries"])


def test_many_fat_sectors():
    streams = {f"S{i}": bytes([i]) * 100_000 for i in range(8)}
    data = build_compound_file(streams)
    assert read_back(data) == streams
    structure(data)


_NAME = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x17F, blacklist_characters="/\\:!"),
    min_size=1,
    max_size=31,
)


@st.composite
def stream_trees(draw, depth: int = 0, prefix: str = ""):
    """Draw ``{path: data}`` up to three levels deep, names unique per storage."""
    streams = {}
    for name in draw(st.lists(_NAME, max_size=5, unique_by=name_key)):
        if depth < 2 and draw(st.booleans()):
            streams.update(draw(stream_trees(depth + 1, f"{prefix}{name}/")))
        else:
            streams[prefix + name] = draw(st.binary(max_size=9000))
    return streams


@settings(max_examples=60, deadline=None)
@given(stream_trees())
def test_random_trees_read_back_property(streams):
    data = build_compound_file(streams)
    assert read_back(data) == streams
    assert_trees_sorted(structure(data)["entries"])
