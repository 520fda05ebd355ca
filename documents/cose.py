"""COSE_Sign1 (RFC 9052) with ES256, the one signature structure of seals and lists.

Written with cbor2 and cryptography rather than a COSE library, since only this one
structure is needed: a protected header ``{1: -7 (ES256), 4: kid}``, an unprotected
header (a trust list carries its root's certificate there, label 33), the payload and
the 64-byte signature ``r || s`` COSE requires (not the DER form X.509 uses).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import Certificate

ALG, KID, X5CHAIN = 1, 4, 33
ES256 = -7
COSE_SIGN1_TAG = 18
KID_BYTES = 8
COORDINATE_BYTES = 32


class CoseError(ValueError):
    """Not a COSE_Sign1 we can read: wrong structure, algorithm or header."""


@dataclass(frozen=True)
class Sign1:
    """A parsed COSE_Sign1: what was signed and the signature, not yet checked."""

    protected: bytes
    unprotected: dict[Any, Any]
    payload: bytes
    signature: bytes
    kid: bytes


def key_id(certificate: Certificate) -> bytes:
    """The key id: the first 8 bytes of the SHA-256 of the certificate's DER."""
    return hashlib.sha256(certificate.public_bytes(Encoding.DER)).digest()[:KID_BYTES]


def _to_be_signed(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def sign(
    payload: bytes,
    key: ec.EllipticCurvePrivateKey,
    kid: bytes,
    unprotected: dict[Any, Any] | None = None,
) -> bytes:
    """``payload`` in a tagged COSE_Sign1, signed with ES256 by ``key``."""
    protected = cbor2.dumps({ALG: ES256, KID: kid})
    r, s = decode_dss_signature(
        key.sign(_to_be_signed(protected, payload), ec.ECDSA(hashes.SHA256()))
    )
    signature = r.to_bytes(COORDINATE_BYTES, "big") + s.to_bytes(COORDINATE_BYTES, "big")
    message = [protected, unprotected or {}, payload, signature]
    return cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, message))


def parse(data: bytes) -> Sign1:
    """The parts of a COSE_Sign1 (tagged or not); :class:`CoseError` for anything else."""
    try:
        message = cbor2.loads(data)
    except (cbor2.CBORDecodeError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise CoseError("not CBOR") from exc
    if isinstance(message, cbor2.CBORTag):
        if message.tag != COSE_SIGN1_TAG:
            raise CoseError("not a COSE_Sign1")
        message = message.value
    if not (isinstance(message, list | tuple) and len(message) == 4):
        raise CoseError("not a COSE_Sign1")
    protected, unprotected, payload, signature = message
    if not (
        isinstance(protected, bytes)
        and isinstance(unprotected, Mapping)
        and isinstance(payload, bytes)
        and isinstance(signature, bytes)
    ):
        raise CoseError("not a COSE_Sign1")
    try:
        header = cbor2.loads(protected)
    except (cbor2.CBORDecodeError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise CoseError("a protected header that is not CBOR") from exc
    if not isinstance(header, dict) or header.get(ALG) != ES256:
        raise CoseError("not signed with ES256")
    kid = header.get(KID)
    if not isinstance(kid, bytes) or len(kid) != KID_BYTES:
        raise CoseError("no key id")
    return Sign1(protected, dict(unprotected), payload, signature, kid)


def signature_holds(message: Sign1, public_key: ec.EllipticCurvePublicKey) -> bool:
    """Whether ``public_key`` signed exactly this protected header and payload."""
    if len(message.signature) != 2 * COORDINATE_BYTES:
        return False
    r = int.from_bytes(message.signature[:COORDINATE_BYTES], "big")
    s = int.from_bytes(message.signature[COORDINATE_BYTES:], "big")
    try:
        public_key.verify(
            encode_dss_signature(r, s),
            _to_be_signed(message.protected, message.payload),
            ec.ECDSA(hashes.SHA256()),
        )
    except InvalidSignature:
        return False
    return True
