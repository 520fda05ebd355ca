"""Base45 (RFC 9285): bytes as text a QR code holds in its compact alphanumeric mode.

An alphanumeric QR stores 45 symbols at 5.5 bits each, so two bytes written as three
of them cost 16.5 bits: less than the byte mode's 16 bits plus the base64 overhead.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}


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
    """The bytes ``text`` encodes; :class:`Base45Error` for anything RFC 9285 forbids."""
    try:
        values = [_VALUE[symbol] for symbol in text]
    except KeyError as exc:
        raise Base45Error("a symbol outside the Base45 alphabet") from exc
    if len(values) % 3 == 1:
        raise Base45Error("a Base45 text cannot have this length")
    out = bytearray()
    for start in range(0, len(values), 3):
        group = values[start : start + 3]
        n = sum(value * 45**place for place, value in enumerate(group))
        if len(group) == 3:
            if n > 0xFFFF:
                raise Base45Error("a Base45 group above 65535")
            out.extend(divmod(n, 256))
        elif n > 0xFF:
            raise Base45Error("a last Base45 pair above 255")
        else:
            out.append(n)
    return bytes(out)
