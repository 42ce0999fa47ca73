"""Unpacking a part whole in one step refuses exactly what unpacking it in pieces refuses: a
part larger than it declares, a damaged or cut-short part, a wrong checksum."""

from __future__ import annotations

import io
import os
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.aggregate.intake.guards import PartError, _unpack, _unpacked


def _archive(payload: bytes, method: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as zf:
        zf.writestr("xl/part.xml", payload)
    return buf.getvalue()


def _outcome(read):
    try:
        return read()
    except PartError as exc:
        return exc.code


@settings(max_examples=300, deadline=None)
@given(payload=st.one_of(st.binary(max_size=3000),
                         st.builds(lambda n, b: b * n, st.integers(0, 5000),
                                   st.sampled_from([b"<c/>", b"a", b"\0"]))),
       method=st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]),
       size_change=st.integers(-50, 50), crc_change=st.booleans(),
       cut=st.integers(0, 40), limit=st.sampled_from([10, 1000, 1 << 20]),
       piece=st.sampled_from([1, 7, 4096]))
def test_unpack_whole__agrees_with_unpacking_in_pieces(payload, method, size_change,
                                                       crc_change, cut, limit, piece):
    data = _archive(payload, method)
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    info.file_size = max(0, info.file_size + size_change)  # a directory that lies
    if crc_change:
        info.CRC ^= 1
    if cut:  # the packed bytes cut short, the directory kept
        data = data[:info.header_offset + 30 + len(info.filename) + max(
            0, info.compress_size - cut)]

    whole = _outcome(lambda: _unpack(data, info, limit))
    pieces = _outcome(lambda: b"".join(_unpacked(data, info, limit, piece)))

    assert whole == pieces
    if not (size_change or crc_change or cut) and len(payload) <= limit:
        assert whole == payload


def test_unpack_whole__refuses_a_bomb_before_inflating_past_its_declared_size():
    data = _archive(b"\0" * (8 << 20), zipfile.ZIP_DEFLATED)
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    info.file_size = 1000  # declares 1,000 bytes, holds 8 MB

    assert _outcome(lambda: _unpack(data, info, 1 << 26)) == "WB_005"


def test_unpack_whole__refuses_damaged_deflate_data():
    payload = os.urandom(2000) + b"<row/>" * 500
    data = bytearray(_archive(payload, zipfile.ZIP_DEFLATED))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()[0]
    start = info.header_offset + 30 + len(info.filename)
    for i in range(start + 10, start + 40):
        data[i] ^= 0xFF

    assert _outcome(lambda: _unpack(bytes(data), info, 1 << 26)) == "WB_002"
