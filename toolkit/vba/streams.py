"""Encoding of the MS-OVBA project streams: dir records, PROJECT text and PROJECTwm."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from dataclasses import dataclass

from toolkit.vba.compression import compress

CODE_PAGE = 1252
ENCODING = "cp1252"
LCID = 0x0409
PROJECT_NAME = "VBAProject"
# MS-OVBA 2.3.4.1: Reserved1 0x61CC, Version 0xFFFF (no compiled code), Reserved2/3.
VBA_PROJECT_STREAM = bytes.fromhex("CC61FFFF000000")

STDOLE_LIBID = (
    "*\\G{00020430-0000-0000-C000-000000000046}#2.0#0"
    "#C:\\Windows\\System32\\stdole2.tlb#OLE Automation"
)
OFFICE_LIBID = (
    "*\\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0"
    "#C:\\Program Files\\Common Files\\Microsoft Shared\\OFFICE16\\MSO.DLL"
    "#Microsoft Office 16.0 Object Library"
)
_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"
_TYPE_PROCEDURAL = 0x0021
_TYPE_OTHER = 0x0022


@dataclass(frozen=True)
class ModuleEntry:
    """What the project streams need to know about one module.

    Attributes:
        name: Module name, also used as the stream name.
        kind: ``"standard"``, ``"class"`` or ``"document"``.
    """

    name: str
    kind: str


def _record(record_id: int, payload: bytes) -> bytes:
    """Encode a dir record: 2-byte id, 4-byte size, payload."""
    return struct.pack("<HI", record_id, len(payload)) + payload


def _text_record(record_id: int, unicode_id: int | None, text: str) -> bytes:
    """Encode an MBCS record, followed by its UTF-16 twin when ``unicode_id`` is given."""
    out = _record(record_id, text.encode(ENCODING))
    if unicode_id is not None:
        out += _record(unicode_id, text.encode("utf-16-le"))
    return out


def _u32(value: int) -> bytes:
    """Encode an unsigned 32-bit little-endian integer."""
    return struct.pack("<I", value)


def _u16(value: int) -> bytes:
    """Encode an unsigned 16-bit little-endian integer."""
    return struct.pack("<H", value)


def _project_information() -> bytes:
    """Encode PROJECTINFORMATION (MS-OVBA 2.3.4.2.1)."""
    return b"".join(
        [
            _record(0x0001, _u32(0x00000001)),  # PROJECTSYSKIND: 32-bit Windows
            _record(0x0002, _u32(LCID)),  # PROJECTLCID
            _record(0x0014, _u32(LCID)),  # PROJECTLCIDINVOKE
            _record(0x0003, _u16(CODE_PAGE)),  # PROJECTCODEPAGE
            _text_record(0x0004, None, PROJECT_NAME),  # PROJECTNAME
            _text_record(0x0005, 0x0040, ""),  # PROJECTDOCSTRING
            _text_record(0x0006, 0x003D, ""),  # PROJECTHELPFILEPATH
            _record(0x0007, _u32(0)),  # PROJECTHELPCONTEXT
            _record(0x0008, _u32(0)),  # PROJECTLIBFLAGS
            # PROJECTVERSION: the Reserved field is 4, yet 6 bytes follow.
            struct.pack("<HIIH", 0x0009, 4, 1, 0),
            _text_record(0x000C, 0x003C, ""),  # PROJECTCONSTANTS
        ]
    )


def _registered_reference(name: str, libid: str) -> bytes:
    """Encode a REFERENCENAME followed by a REFERENCEREGISTERED record."""
    encoded = libid.encode(ENCODING)
    body = _u32(len(encoded)) + encoded + _u32(0) + _u16(0)
    return _text_record(0x0016, 0x003E, name) + _record(0x000D, body)


def _module_record(entry: ModuleEntry) -> bytes:
    """Encode one MODULE record (MS-OVBA 2.3.4.2.3.2)."""
    module_type = _TYPE_PROCEDURAL if entry.kind == "standard" else _TYPE_OTHER
    return b"".join(
        [
            _text_record(0x0019, 0x0047, entry.name),  # MODULENAME, MODULENAMEUNICODE
            _text_record(0x001A, 0x0032, entry.name),  # MODULESTREAMNAME
            _text_record(0x001C, 0x0048, ""),  # MODULEDOCSTRING
            _record(0x0031, _u32(0)),  # MODULEOFFSET: source starts the stream
            _record(0x001E, _u32(0)),  # MODULEHELPCONTEXT
            _record(0x002C, _u16(0xFFFF)),  # MODULECOOKIE
            struct.pack("<HI", module_type, 0),  # MODULETYPE
            struct.pack("<HI", 0x002B, 0),  # Terminator
        ]
    )


def dir_stream(entries: Sequence[ModuleEntry], office_reference: bool = True) -> bytes:
    """Return the decompressed ``dir`` stream for ``entries``.

    Args:
        entries: The modules in project order.
        office_reference: Whether to reference the Office object library.

    Returns:
        The uncompressed dir records; compress them before storing.
    """
    references = _registered_reference("stdole", STDOLE_LIBID)
    if office_reference:
        references += _registered_reference("Office", OFFICE_LIBID)
    modules = _record(0x000F, _u16(len(entries))) + _record(0x0013, _u16(0xFFFF))
    modules += b"".join(_module_record(entry) for entry in entries)
    return _project_information() + references + modules + struct.pack("<HI", 0x0010, 0)


def compressed_dir_stream(entries: Sequence[ModuleEntry], office_reference: bool = True) -> bytes:
    """Return the ``dir`` stream as stored: compressed."""
    return compress(dir_stream(entries, office_reference))


def project_key(project_id: str) -> int:
    """Return ProjKey: the byte sum of the project CLSID string (MS-OVBA 2.4.3.2)."""
    return sum(project_id.encode(ENCODING)) & 0xFF


def encrypt(data: bytes, project_id: str, seed: int) -> bytes:
    """Obfuscate ``data`` with the MS-OVBA 2.4.3 data encryption.

    The spec asks for a random seed and random ignored bytes; both are derived
    from ``seed`` here so that the output is reproducible.

    Args:
        data: The bytes to obfuscate.
        project_id: The project CLSID string, braces included.
        seed: A byte value.

    Returns:
        The encrypted structure (before hex encoding).
    """
    seed &= 0xFF
    key = project_key(project_id)
    version_enc = seed ^ 2
    key_enc = seed ^ key
    out = bytearray([seed, version_enc, key_enc])
    unencrypted1, encrypted1, encrypted2 = key, key_enc, version_enc
    ignored = bytes(((seed * 7 + index * 13) & 0xFF) for index in range((seed & 6) // 2))
    for byte in ignored + struct.pack("<I", len(data)) + bytes(data):
        byte_enc = byte ^ ((encrypted2 + unencrypted1) & 0xFF)
        out.append(byte_enc)
        encrypted2, encrypted1, unencrypted1 = encrypted1, byte_enc, byte
    return bytes(out)


def decrypt(encrypted: bytes, project_id: str | None = None) -> bytes:
    """Reverse :func:`encrypt`; check ProjKey when ``project_id`` is given.

    Raises:
        ValueError: If the structure is malformed or belongs to another project.
    """
    if len(encrypted) < 7:
        raise ValueError("encrypted data too short")
    seed, version_enc, key_enc = encrypted[0], encrypted[1], encrypted[2]
    if seed ^ version_enc != 2:
        raise ValueError("unknown encryption version")
    key = seed ^ key_enc
    if project_id is not None and key != project_key(project_id):
        raise ValueError("encrypted data belongs to another project id")
    unencrypted1, encrypted1, encrypted2 = key, key_enc, version_enc
    plain = bytearray()
    for byte_enc in encrypted[3:]:
        byte = byte_enc ^ ((encrypted2 + unencrypted1) & 0xFF)
        plain.append(byte)
        encrypted2, encrypted1, unencrypted1 = encrypted1, byte_enc, byte
    ignored = (seed & 6) // 2
    (length,) = struct.unpack_from("<I", plain, ignored)
    data = bytes(plain[ignored + 4 :])
    if len(data) != length:
        raise ValueError("encrypted data length does not match")
    return data


def _seed(project_id: str, label: str) -> int:
    """Derive a reproducible seed byte for one encrypted PROJECT value."""
    return hashlib.sha256(f"{project_id}/{label}".encode()).digest()[0]


def project_stream(entries: Sequence[ModuleEntry], project_id: str) -> bytes:
    """Return the ``PROJECT`` stream text (MS-OVBA 2.3.1), encoded cp1252 with CRLF.

    Args:
        entries: The modules in project order.
        project_id: The project CLSID string, e.g. ``"{01234567-...}"``.

    Returns:
        The encoded stream.
    """
    lines = [f'ID="{project_id}"']
    for entry in entries:
        if entry.kind == "document":
            lines.append(f"Document={entry.name}/&H00000000")
        elif entry.kind == "class":
            lines.append(f"Class={entry.name}")
        else:
            lines.append(f"Module={entry.name}")
    protection = {
        "CMG": bytes(4),  # ProjectProtectionState: nothing protected
        "DPB": b"\x00",  # ProjectPassword: no password
        "GC": b"\xff",  # ProjectVisibilityState: visible
    }
    lines += [f'Name="{PROJECT_NAME}"', 'HelpContextID="0"', 'VersionCompatible32="393222000"']
    for label, data in protection.items():
        value = encrypt(data, project_id, _seed(project_id, label)).hex().upper()
        lines.append(f'{label}="{value}"')
    lines += ["", "[Host Extender Info]", _HOST_EXTENDER, "", "[Workspace]"]
    lines += [f"{entry.name}=0, 0, 0, 0, C" for entry in entries]
    return ("\r\n".join(lines) + "\r\n").encode(ENCODING)


def project_wm_stream(entries: Sequence[ModuleEntry]) -> bytes:
    """Return the ``PROJECTwm`` stream: each name in MBCS and UTF-16, then a terminator."""
    out = bytearray()
    for entry in entries:
        out += entry.name.encode(ENCODING) + b"\x00"
        out += entry.name.encode("utf-16-le") + b"\x00\x00"
    return bytes(out + b"\x00\x00")
