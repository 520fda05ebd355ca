"""Base45 (RFC 9285): bytes as text a QR code holds in its compact alphanumeric mode.

An alphanumeric QR stores 45 symbols at 5.5 bits each, so two bytes written as three
of them cost 16.5 bits: less than the byte mode's 16 bits plus the base64 overhead.
"""

from __future__ import annotations

import struct

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_INVALID = 0xFF
# Each ASCII code to its Base45 value (``_INVALID`` outside the alphabet), for bytes.translate.
_VALUES = bytes(
    ALPHABET.index(chr(code)) if chr(code) in ALPHABET else _INVALID for code in range(256)
)


class Base45Error(ValueError):
    """The text is not Base45: a symbol outside the alphabet, a bad length or value."""


def encode(data: bytes) -> str:
    """Each pair of bytes as three symbols (least significant first), a last byte as two."""
    out: list[str] = []
    for start in range(0, len(data) - 1, 2):
        n = data[start] * 256 + data[start + 1]
        n, c = divmod(n, 45)
        e, d = divmod(n, 45)
        out += (ALPHABET[c], ALPHABET[d], ALPHABET[e])
    if len(data) % 2:
        d, c = divmod(data[-1], 45)
        out += (ALPHABET[c], ALPHABET[d])
    return "".join(out)


def decode(text: str) -> bytes:
    """The bytes ``text`` encodes; :class:`Base45Error` for anything RFC 9285 forbids.

    Whole groups are summed in one pass and packed at once: a seal is checked on every
    scan, and this is most of its cost outside the signature.
    """
    try:
        values = text.encode("ascii").translate(_VALUES)
    except UnicodeEncodeError as exc:
        raise Base45Error("a symbol outside the Base45 alphabet") from exc
    if _INVALID in values:
        raise Base45Error("a symbol outside the Base45 alphabet")
    rest = len(values) % 3
    if rest == 1:
        raise Base45Error("a Base45 text cannot have this length")
    full = len(values) - rest
    groups = [
        c + 45 * d + 2025 * e
        for c, d, e in zip(values[0:full:3], values[1:full:3], values[2:full:3], strict=True)
    ]
    if groups and max(groups) > 0xFFFF:
        raise Base45Error("a Base45 group above 65535")
    out = struct.pack(f">{len(groups)}H", *groups)
    if rest:
        last = values[-2] + 45 * values[-1]
        if last > 0xFF:
            raise Base45Error("a last Base45 pair above 255")
        out += bytes((last,))
    return out
