"""HMAC signatures of the card gateway: its redirect's parameters and its server callbacks.

Both sides (the adapter and the simulator) sign and check with these two functions, so
the canonical form is written once.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

SIGNED_FIELDS = ("merchant", "order", "amount", "currency", "return_url", "callback_url")
SIGNATURE_HEADER = "X-Signature"
API_KEY_HEADER = "X-API-Key"


def sign(secret: str, message: bytes) -> str:
    """HMAC-SHA256 of ``message``, in hex."""
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def valid(secret: str, message: bytes, signature: str) -> bool:
    """Whether ``signature`` is ours for ``message`` (constant time)."""
    return hmac.compare_digest(sign(secret, message), signature or "")


def canonical(params: Mapping[str, str]) -> bytes:
    """The redirect's signed fields, in a fixed order, one per line."""
    return "\n".join(f"{k}={params.get(k, '')}" for k in SIGNED_FIELDS).encode()


def api_key(secret: str) -> str:
    """The key a merchant sends in ``X-API-Key``, derived from the shared secret."""
    return sign(secret, b"api")
