"""Sealing platform secrets, so a database dump alone does not reveal them.

The key is derived (HKDF-SHA256) from the application secret (``baladiya.core.secret``),
which lives in the environment or the ini file, never in the database. Values are sealed
with AES-256-GCM from the ``cryptography`` package: encryption and authentication in one
well-reviewed construction, with a fresh random 96-bit nonce per value and the format
version bound in as associated data.

Changing the application secret makes sealed values unreadable: re-enter the platform
secrets afterwards (docs/sync/operate.md).
"""

from __future__ import annotations

import base64
import binascii
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = b"s2"
NONCE_BYTES = 12


class SealError(ValueError):
    """A sealed value was altered, or sealed under another application secret."""


def _cipher(app_secret: str) -> AESGCM:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"baladiya.sync.sealing"
    ).derive(app_secret.encode())
    return AESGCM(key)


def seal(app_secret: str, plaintext: str) -> str:
    """The value encrypted and authenticated, as printable text."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    ciphertext = _cipher(app_secret).encrypt(nonce, plaintext.encode(), VERSION)
    return (VERSION + b"." + base64.urlsafe_b64encode(nonce + ciphertext)).decode()


def unseal(app_secret: str, sealed: str) -> str:
    """The original value; :class:`SealError` if it was altered or sealed elsewhere."""
    version, _dot, body = sealed.encode().partition(b".")
    if version != VERSION:
        raise SealError("unknown sealing version")
    try:
        raw = base64.urlsafe_b64decode(body)
    except (ValueError, binascii.Error) as exc:
        raise SealError("sealed value is not valid base64") from exc
    nonce, ciphertext = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
    if len(nonce) != NONCE_BYTES:
        raise SealError("sealed value is too short")
    try:
        return _cipher(app_secret).decrypt(nonce, ciphertext, VERSION).decode()
    except InvalidTag as exc:
        raise SealError("sealed value does not authenticate") from exc
