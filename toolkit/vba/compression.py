"""MS-OVBA 2.4.1 compression and decompression of VBA streams."""

from __future__ import annotations

import struct

SIGNATURE = 0x01
CHUNK_SIZE = 4096
_CHUNK_SIGNATURE = 0b011
_MAX_COMPRESSED_CHUNK_DATA = 4096
_MIN_MATCH = 3


def _bit_count(difference: int) -> int:
    """Return the number of offset bits of a copy token at a chunk position.

    Args:
        difference: Bytes already decompressed in the current chunk (at least 1).

    Returns:
        The smallest bit count ``n`` (at least 4) with ``2 ** n >= difference``.
    """
    count = 4
    while (1 << count) < difference:
        count += 1
    return count


def _pack_copy_token(difference: int, offset: int, length: int) -> int:
    """Pack an offset and a length into a 16-bit copy token (MS-OVBA 2.4.1.3.19.3)."""
    bits = _bit_count(difference)
    return ((offset - 1) << (16 - bits)) | (length - _MIN_MATCH)


def _unpack_copy_token(difference: int, token: int) -> tuple[int, int]:
    """Split a copy token into offset and length (MS-OVBA 2.4.1.3.19.2)."""
    bits = _bit_count(difference)
    length_mask = 0xFFFF >> bits
    length = (token & length_mask) + _MIN_MATCH
    offset = (token >> (16 - bits)) + 1
    return offset, length


class _Matcher:
    """Finds the longest earlier match inside one decompressed chunk.

    Candidates are kept per three-byte prefix so the search visits only
    positions that can yield a match of the minimum length. Ties go to the
    nearest candidate, as in the spec's matching routine.
    """

    def __init__(self, chunk: bytes) -> None:
        self._chunk = chunk
        self._heads: dict[bytes, list[int]] = {}

    def add(self, position: int) -> None:
        """Record ``position`` as a candidate for later matches."""
        key = self._chunk[position : position + _MIN_MATCH]
        if len(key) == _MIN_MATCH:
            self._heads.setdefault(key, []).append(position)

    def find(self, position: int) -> tuple[int, int]:
        """Return ``(offset, length)`` of the best match at ``position``, or ``(0, 0)``."""
        chunk = self._chunk
        candidates = self._heads.get(chunk[position : position + _MIN_MATCH])
        if not candidates:
            return 0, 0
        bits = _bit_count(position)
        limit = min((0xFFFF >> bits) + _MIN_MATCH, len(chunk) - position)
        best_length = 0
        best_offset = 0
        for candidate in reversed(candidates):
            length = _MIN_MATCH
            while length < limit and chunk[candidate + length] == chunk[position + length]:
                length += 1
            if length > best_length:
                best_length = length
                best_offset = position - candidate
                if length >= limit:
                    break
        if best_length < _MIN_MATCH:
            return 0, 0
        return best_offset, best_length


def _compress_chunk_tokens(chunk: bytes) -> bytes:
    """Compress one decompressed chunk into token sequences (no header)."""
    out = bytearray()
    matcher = _Matcher(chunk)
    position = 0
    while position < len(chunk):
        flag_index = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if position >= len(chunk):
                break
            offset, length = matcher.find(position) if position else (0, 0)
            if length:
                token = _pack_copy_token(position, offset, length)
                out += struct.pack("<H", token)
                flags |= 1 << bit
            else:
                length = 1
                out.append(chunk[position])
            for step in range(length):
                matcher.add(position + step)
            position += length
        out[flag_index] = flags
    return bytes(out)


def _compress_chunk(chunk: bytes) -> bytes:
    """Compress one chunk of at most 4096 bytes, header included.

    When the token form does not fit a compressed chunk, the chunk is stored
    raw. A raw chunk always holds 4096 bytes, so a short final chunk that is
    stored raw is padded with zero bytes, as the spec prescribes.
    """
    tokens = _compress_chunk_tokens(chunk)
    if len(tokens) <= _MAX_COMPRESSED_CHUNK_DATA:
        header = 0x8000 | (_CHUNK_SIGNATURE << 12) | (len(tokens) + 2 - 3)
        return struct.pack("<H", header) + tokens
    header = (_CHUNK_SIGNATURE << 12) | (CHUNK_SIZE + 2 - 3)
    return struct.pack("<H", header) + chunk.ljust(CHUNK_SIZE, b"\x00")


def compress(data: bytes) -> bytes:
    """Compress ``data`` into an MS-OVBA CompressedContainer.

    The output depends only on the input. Data round-trips exactly unless its
    last chunk is both incompressible and longer than 3640 bytes; the spec then
    stores it as a raw chunk padded with zero bytes to 4096.

    Args:
        data: The bytes to compress.

    Returns:
        The signature byte followed by the compressed chunks.
    """
    out = bytearray([SIGNATURE])
    for start in range(0, len(data), CHUNK_SIZE):
        out += _compress_chunk(bytes(data[start : start + CHUNK_SIZE]))
    return bytes(out)


def _decompress_tokens(data: bytes, start: int, end: int, out: bytearray) -> None:
    """Decompress the token sequences of one chunk from ``data[start:end]`` into ``out``."""
    chunk_start = len(out)
    position = start
    while position < end:
        flags = data[position]
        position += 1
        for bit in range(8):
            if position >= end:
                break
            if not flags & (1 << bit):
                out.append(data[position])
                position += 1
                continue
            if position + 2 > end:
                raise ValueError("truncated copy token")
            (token,) = struct.unpack_from("<H", data, position)
            position += 2
            difference = len(out) - chunk_start
            if difference == 0:
                raise ValueError("copy token at the start of a chunk")
            offset, length = _unpack_copy_token(difference, token)
            if offset > difference:
                raise ValueError("copy token points before the chunk")
            source = len(out) - offset
            for step in range(length):
                out.append(out[source + step])


def decompress(data: bytes) -> bytes:
    """Decompress an MS-OVBA CompressedContainer.

    Args:
        data: The container, starting with the signature byte 0x01.

    Returns:
        The decompressed bytes.

    Raises:
        ValueError: If the container is malformed.
    """
    if not data or data[0] != SIGNATURE:
        raise ValueError("compressed container must start with 0x01")
    out = bytearray()
    position = 1
    while position < len(data):
        if position + 2 > len(data):
            raise ValueError("truncated chunk header")
        (header,) = struct.unpack_from("<H", data, position)
        if (header >> 12) & 0b111 != _CHUNK_SIGNATURE:
            raise ValueError(f"bad chunk signature at offset {position}")
        size = (header & 0x0FFF) + 3
        end = min(position + size, len(data))
        if header & 0x8000:
            _decompress_tokens(data, position + 2, end, out)
        else:
            raw = data[position + 2 : position + 2 + CHUNK_SIZE]
            if len(raw) != CHUNK_SIZE:
                raise ValueError("truncated raw chunk")
            out += raw
        position = end
    return bytes(out)
