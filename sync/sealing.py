"""Sealing platform secrets, so a database dump alone does not reveal them.

The key is derived from the application secret (``baladiya.core.secret``), which lives
in the environment or the ini file, never in the database. The construction is
encrypt-then-MAC built only on HMAC-SHA256, because the standard library offers no
block cipher and we add no dependency for it: the keystream is HMAC(k_enc, nonce ||
counter) (HMAC as a pseudo-random function in counter mode), and the tag is
HMAC(k_mac, version || nonce || ciphertext), checked in constant time before anything
is decrypted. A fresh 16-byte random nonce per sealing keeps keystreams apart.

Changing the application secret makes sealed values unreadable: re-enter the platform
secrets afterwards (docs/sync/operate.md).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

VERSION = b"s1"
NONCE_BYTES = 16
TAG_BYTES = 32
BLOCK = hashlib.sha256().digest_size


class SealError(ValueError):
    """A sealed value was altered, or sealed under another application secret."""


def _keys(app_secret: str) -> tuple[bytes, bytes]:
    root = hashlib.sha256(b"baladiya.sync.sealing\x00" + app_secret.encode()).digest()
    return (
        hmac.new(root, b"encrypt", hashlib.sha256).digest(),
        hmac.new(root, b"authenticate", hashlib.sha256).digest(),
    )


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (
        hmac.new(key, nonce + counter.to_bytes(8, "big"), hashlib.sha256).digest()
        for counter in range(-(-length // BLOCK))
    )
    return b"".join(blocks)[:length]


def _xor(data: bytes, stream: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, stream, strict=True))


def seal(app_secret: str, plaintext: str) -> str:
    """The value encrypted and authenticated, as printable text."""
    encrypt_key, mac_key = _keys(app_secret)
    nonce = secrets.token_bytes(NONCE_BYTES)
    data = plaintext.encode()
    ciphertext = _xor(data, _keystream(encrypt_key, nonce, len(data)))
    tag = hmac.new(mac_key, VERSION + nonce + ciphertext, hashlib.sha256).digest()
    return (VERSION + b"." + base64.urlsafe_b64encode(nonce + tag + ciphertext)).decode()


def unseal(app_secret: str, sealed: str) -> str:
    """The original value; :class:`SealError` if it was altered or sealed elsewhere."""
    version, _dot, body = sealed.encode().partition(b".")
    if version != VERSION:
        raise SealError("unknown sealing version")
    try:
        raw = base64.urlsafe_b64decode(body)
    except ValueError as exc:
        raise SealError("sealed value is not valid base64") from exc
    nonce, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES : NONCE_BYTES + TAG_BYTES]
    ciphertext = raw[NONCE_BYTES + TAG_BYTES :]
    encrypt_key, mac_key = _keys(app_secret)
    expected = hmac.new(mac_key, VERSION + nonce + ciphertext, hashlib.sha256).digest()
    if len(nonce) != NONCE_BYTES or not hmac.compare_digest(tag, expected):
        raise SealError("sealed value does not authenticate")
    return _xor(ciphertext, _keystream(encrypt_key, nonce, len(ciphertext))).decode()
