"""Tests of the MS-OVBA compression against the spec's examples and oletools' decompressor."""

from __future__ import annotations

import random
from importlib import util
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import decompress_stream

from toolkit.vba.compression import CHUNK_SIZE, compress, decompress

MACROS = Path(__file__).resolve().parent.parent / "macros"
XLWINGS_BAS = Path(util.find_spec("xlwings").origin).parent / "xlwings.bas"

# MS-OVBA 3.2.1, 3.2.2 and 3.2.3.
NO_COMPRESSION_TEXT = b"abcdefghijklmnopqrstuv."
NO_COMPRESSION = bytes.fromhex(
    "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E"
)
NORMAL_TEXT = b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa"
NORMAL_PUBLISHED = bytes.fromhex(
    "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08"
    " 61 6B 6C 00 30 6D 6E 6F 70 06 71 02 70 04 10 72 73 74 75 76 10 77 78 79 7A 00 3C"
)
# The spec's own matching routine picks the nearest of equally long matches,
# which changes three copy-token offsets (all pointing at runs of "a").
NORMAL_BY_ALGORITHM = bytes.fromhex(
    "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08"
    " 61 6B 6C 00 20 6D 6E 6F 70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C"
)
MAXIMUM_TEXT = b"a" * 73
MAXIMUM = bytes.fromhex("01 03 B0 02 61 45 00")


def oletools_decompress(container: bytes) -> bytes:
    """Decompress with oletools, the independent reference implementation."""
    return bytes(decompress_stream(bytearray(container)))


def assert_round_trip(data: bytes) -> None:
    """Check that both decompressors restore ``data`` exactly from ``compress(data)``."""
    container = compress(data)
    assert decompress(container) == data
    assert oletools_decompress(container) == data


def seeded_random(size: int, seed: int = 20260101) -> bytes:
    """Return ``size`` reproducible random bytes."""
    generator = random.Random(seed)
    return bytes(generator.getrandbits(8) for _ in range(size))


@pytest.mark.parametrize(
    ("text", "container"),
    [
        (NO_COMPRESSION_TEXT, NO_COMPRESSION),
        (NORMAL_TEXT, NORMAL_PUBLISHED),
        (NORMAL_TEXT, NORMAL_BY_ALGORITHM),
        (MAXIMUM_TEXT, MAXIMUM),
    ],
)
def test_spec_examples_decompress_exactly(text, container):
    assert decompress(container) == text
    assert oletools_decompress(container) == text


def test_compressor_output_matches_spec_algorithm():
    assert compress(NO_COMPRESSION_TEXT) == NO_COMPRESSION
    assert compress(MAXIMUM_TEXT) == MAXIMUM
    assert compress(NORMAL_TEXT) == NORMAL_BY_ALGORITHM


def test_empty_input_is_signature_only():
    assert compress(b"") == b"\x01"
    assert_round_trip(b"")


@pytest.mark.parametrize("size", [1, 2, 3, 4095, 4096, 4097, 8192, 8193])
def test_chunk_boundaries_round_trip(size):
    text = (b"Sub Demo()\r\n    x = x + 1\r\nEnd Sub\r\n" * (size // 30 + 1))[:size]
    assert_round_trip(text)


def test_long_run_compresses_well_and_round_trips():
    data = b"A" * 100_000
    container = compress(data)
    assert len(container) < 200
    assert_round_trip(data)


@pytest.mark.parametrize("size", [100, 3640, CHUNK_SIZE, CHUNK_SIZE * 3 + 1000])
def test_random_bytes_round_trip(size):
    assert_round_trip(seeded_random(size))


def test_incompressible_full_chunks_are_stored_raw():
    data = seeded_random(CHUNK_SIZE * 2)
    container = compress(data)
    # Signature plus two raw chunks of header and 4096 bytes each.
    assert len(container) == 1 + 2 * (2 + CHUNK_SIZE)
    assert container[1:3] == b"\xff\x3f"
    assert_round_trip(data)


def test_incompressible_short_last_chunk_is_padded_as_spec_says():
    data = seeded_random(CHUNK_SIZE + 4000)
    restored = decompress(compress(data))
    assert restored[: len(data)] == data
    assert restored[len(data) :] == b"\x00" * (2 * CHUNK_SIZE - len(data))


def test_repetitive_text_round_trips_and_shrinks():
    text = "\r\n".join(f"    Range(\"A{i}\").Value = {i}" for i in range(2000)).encode("cp1252")
    container = compress(text)
    assert len(container) < len(text) // 2
    assert_round_trip(text)


def test_compression_is_deterministic():
    data = seeded_random(5000) + b"abc" * 3000
    assert compress(data) == compress(bytes(data))


@pytest.mark.parametrize(
    "path",
    sorted(MACROS.glob("*.bas")) + sorted(MACROS.glob("*.cls")) + [XLWINGS_BAS],
    ids=lambda path: path.name,
)
def test_real_modules_round_trip(path):
    assert_round_trip(path.read_bytes())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3 * CHUNK_SIZE))
def test_round_trip_property(data):
    container = compress(data)
    restored = decompress(container)
    last = len(data) % CHUNK_SIZE
    if last and restored != data:
        # Only an incompressible short last chunk may be padded.
        assert restored[: len(data)] == data
        assert set(restored[len(data) :]) == {0}
    else:
        assert restored == data
    assert oletools_decompress(container) == restored


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ab \r\n", max_size=3 * CHUNK_SIZE))
def test_round_trip_property_on_text(text):
    assert_round_trip(text.encode("ascii"))


@pytest.mark.parametrize(
    "container",
    [b"", b"\x02", b"\x01\x00", b"\x01\x00\x00", b"\x01\xff\x3f" + b"x" * 10, b"\x01\x01\xb0\x01\x00\x00"],
)
def test_malformed_containers_raise(container):
    with pytest.raises(ValueError):
        decompress(container)
