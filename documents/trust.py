"""Trust lists and revocation lists: what a checker needs, online or offline.

**Trust list.** One section per root: a COSE_Sign1 signed by the root, carrying the
root's certificate in its unprotected header (label 33, x5chain) and, as CBOR payload,
``{1: issued at (seconds since 1970), 2: root name, 3: [signer, ...], 4: [withdrawn kid,
...]}``, where a signer is ``{1: kid, 2: commune slug, 3: French name, 4: Arabic name,
5: certificate (DER)}``. The published file is the CBOR array of the sections. A
checker accepts a section only when the root signed it, and a signer only when its
certificate was issued by that root and its key id is that certificate's. The roots a
checker trusts are pinned by key id (the server pins the roots in its database); a
withdrawn signer's key id stays listed, so its seals read "revoked", not "unknown".

**Revoked documents.** One section per commune with revocations: a COSE_Sign1 signed by
the commune's current signer, payload ``{1: commune slug, 2: issued at, 3: [SHA-256 of
the signed claims, ...]}``. A section counts only when a signer of that same commune in
the trust list signed it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import cbor2
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from documents import cose

_ISSUED, _ROOT, _SIGNERS, _WITHDRAWN = 1, 2, 3, 4
_KID, _COMMUNE, _NAME_FR, _NAME_AR, _CERTIFICATE = 1, 2, 3, 4, 5
_REVOKED_COMMUNE, _REVOKED_ISSUED, _REVOKED_HASHES = 1, 2, 3
MAX_LIST_BYTES = 16 * 1_048_576


class TrustListError(ValueError):
    """A trust or revocation list that is damaged, or signed by no root or signer we trust."""


@dataclass(frozen=True)
class Signer:
    """A commune's document-signer, as a trust list vouches for it."""

    kid: bytes
    commune: str
    name_fr: str
    name_ar: str
    public_key: ec.EllipticCurvePublicKey
    not_before: date
    not_after: date
    root: str

    def commune_name(self, locale: str) -> str:
        return self.name_ar if locale == "ar" else self.name_fr


@dataclass(frozen=True)
class SignerEntry:
    """What a root puts in its trust list about one signer."""

    certificate: x509.Certificate
    commune: str
    name_fr: str
    name_ar: str


@dataclass(frozen=True)
class TrustList:
    """The signers a checker trusts, by key id, and the key ids of withdrawn ones."""

    signers: Mapping[bytes, Signer]
    withdrawn: frozenset[bytes]
    roots: Mapping[bytes, str]
    issued_at: datetime | None


EMPTY = TrustList(signers={}, withdrawn=frozenset(), roots={}, issued_at=None)


def _der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(Encoding.DER)


def sign_section(
    root_key: ec.EllipticCurvePrivateKey,
    root_certificate: x509.Certificate,
    signers: Iterable[SignerEntry],
    withdrawn: Iterable[bytes],
    issued_at: datetime,
) -> bytes:
    """One root's section of the trust list, signed by that root."""
    body = {
        _ISSUED: int(issued_at.timestamp()),
        _ROOT: root_certificate.subject.rfc4514_string(),
        _SIGNERS: [
            {
                _KID: cose.key_id(entry.certificate),
                _COMMUNE: entry.commune,
                _NAME_FR: entry.name_fr,
                _NAME_AR: entry.name_ar,
                _CERTIFICATE: _der(entry.certificate),
            }
            for entry in signers
        ],
        _WITHDRAWN: sorted(withdrawn),
    }
    return cose.sign(
        cbor2.dumps(body),
        root_key,
        cose.key_id(root_certificate),
        unprotected={cose.X5CHAIN: _der(root_certificate)},
    )


def join_sections(sections: Iterable[bytes]) -> bytes:
    """The published file: the CBOR array of the sections."""
    return cbor2.dumps(list(sections))


def _split(data: bytes) -> list[bytes]:
    if len(data) > MAX_LIST_BYTES:
        raise TrustListError("larger than any list we publish")
    try:
        sections = cbor2.loads(data)
    except (cbor2.CBORDecodeError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise TrustListError("not a list of ours (not CBOR)") from exc
    if not isinstance(sections, list | tuple) or not all(isinstance(s, bytes) for s in sections):
        raise TrustListError("not a list of ours")
    return list(sections)


def _payload(section: bytes) -> tuple[cose.Sign1, dict[Any, Any]]:
    try:
        message = cose.parse(section)
        body = cbor2.loads(message.payload)
    except (cose.CoseError, cbor2.CBORDecodeError, ValueError, TypeError) as exc:
        raise TrustListError("a damaged section") from exc
    if not isinstance(body, Mapping):
        raise TrustListError("a damaged section")
    return message, dict(body)


def _root_of(message: cose.Sign1, anchors: Collection[bytes] | None) -> x509.Certificate:
    der = message.unprotected.get(cose.X5CHAIN)
    if not isinstance(der, bytes):
        raise TrustListError("a section without its root's certificate")
    try:
        root = x509.load_der_x509_certificate(der)
    except ValueError as exc:
        raise TrustListError("a root certificate that does not parse") from exc
    kid = cose.key_id(root)
    if kid != message.kid or (anchors is not None and kid not in anchors):
        raise TrustListError(f"a section signed by a root we do not trust ({kid.hex()})")
    public_key = root.public_key()
    if not isinstance(public_key, ec.EllipticCurvePublicKey) or not cose.signature_holds(
        message, public_key
    ):
        raise TrustListError("a section whose signature does not hold")
    return root


def _signer(raw: Any, root: x509.Certificate) -> Signer:
    try:
        certificate = x509.load_der_x509_certificate(raw[_CERTIFICATE])
        certificate.verify_directly_issued_by(root)
        public_key = certificate.public_key()
        commune, name_fr, name_ar = raw[_COMMUNE], raw[_NAME_FR], raw[_NAME_AR]
    except (KeyError, TypeError, ValueError, InvalidSignature) as exc:
        raise TrustListError("a signer its root did not certify") from exc
    if cose.key_id(certificate) != raw.get(_KID) or not isinstance(
        public_key, ec.EllipticCurvePublicKey
    ):
        raise TrustListError("a signer whose key id is not its certificate's")
    if not all(isinstance(v, str) for v in (commune, name_fr, name_ar)):
        raise TrustListError("a signer whose commune is not text")
    return Signer(
        kid=cose.key_id(certificate),
        commune=commune,
        name_fr=name_fr,
        name_ar=name_ar,
        public_key=public_key,
        not_before=certificate.not_valid_before_utc.date(),
        not_after=certificate.not_valid_after_utc.date(),
        root=root.subject.rfc4514_string(),
    )


def load_trust_list(data: bytes, anchors: Collection[bytes] | None = None) -> TrustList:
    """The trust list in a published file, every signature checked.

    ``anchors`` are the key ids of the roots to trust; ``None`` trusts the roots the
    file carries (what an offline checker does when it pins none: say so to the reader).
    """
    signers: dict[bytes, Signer] = {}
    withdrawn: set[bytes] = set()
    roots: dict[bytes, str] = {}
    issued: list[datetime] = []
    for section in _split(data):
        message, body = _payload(section)
        root = _root_of(message, anchors)
        raw_signers, raw_withdrawn = body.get(_SIGNERS), body.get(_WITHDRAWN, [])
        if not isinstance(raw_signers, list | tuple) or not isinstance(raw_withdrawn, list | tuple):
            raise TrustListError("a damaged section")
        for raw in raw_signers:
            signer = _signer(raw, root)
            signers[signer.kid] = signer
        withdrawn.update(kid for kid in raw_withdrawn if isinstance(kid, bytes))
        roots[message.kid] = root.subject.rfc4514_string()
        if isinstance(body.get(_ISSUED), int):
            issued.append(datetime.fromtimestamp(body[_ISSUED], UTC))
    return TrustList(
        signers=signers,
        withdrawn=frozenset(withdrawn - set(signers)),
        roots=roots,
        issued_at=min(issued) if issued else None,
    )


def sign_revocations(
    key: ec.EllipticCurvePrivateKey,
    kid: bytes,
    commune: str,
    hashes: Iterable[str],
    issued_at: datetime,
) -> bytes:
    """One commune's section of the revoked documents, signed by its current signer."""
    body = {
        _REVOKED_COMMUNE: commune,
        _REVOKED_ISSUED: int(issued_at.timestamp()),
        _REVOKED_HASHES: sorted(bytes.fromhex(h) for h in hashes),
    }
    return cose.sign(cbor2.dumps(body), key, kid)


def load_revocations(data: bytes, trust_list: TrustList) -> frozenset[str]:
    """The revoked document hashes in a published file, each section's signer checked."""
    revoked: set[str] = set()
    for section in _split(data):
        message, body = _payload(section)
        signer = trust_list.signers.get(message.kid)
        if signer is None or signer.commune != body.get(_REVOKED_COMMUNE):
            raise TrustListError("revocations signed by no signer of that commune")
        if not cose.signature_holds(message, signer.public_key):
            raise TrustListError("revocations whose signature does not hold")
        hashes = body.get(_REVOKED_HASHES)
        if not isinstance(hashes, list | tuple):
            raise TrustListError("a damaged section")
        revoked.update(h.hex() for h in hashes if isinstance(h, bytes))
    return frozenset(revoked)
