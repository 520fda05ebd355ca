"""The seal's text: a claim set in CBOR, signed (COSE_Sign1), compressed, in Base45.

``BL1:`` + Base45(zlib(COSE_Sign1(CBOR claims))), the layout of the EU Digital COVID
Certificate, so the whole text fits an alphanumeric QR code. The claims use small
integer keys, dates are days since 1970-01-01, and the fields a checker compares with
the paper sit in one map under the short keys their document type declares.

A document is revoked by the hash of its signed payload (:func:`document_hash`): the
same claims give the same hash whatever key sealed them, and the hash reveals nothing
of the document to whoever reads the published list.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import cbor2
from cryptography.hazmat.primitives.asymmetric import ec

from documents import base45, cose

PREFIX = "BL1:"
# Longer than any QR code holds (version 40 carries 4,296 alphanumeric symbols).
MAX_TEXT = 4_400
MAX_PAYLOAD = 4_096
EPOCH = date(1970, 1, 1)
TYPE, NUMBER, COMMUNE, ISSUED, EXPIRES, FIELDS = 1, 2, 3, 4, 5, 6
MAX_FIELD_KEY = 2
# RFC 8943: a date as the number of days since 1970-01-01.
DAYS_TAG = 100
MAX_VALUE = 200
# Arabic in UTF-8 takes two bytes a letter; Windows-1256 writes Arabic and French letters
# (é, ç, à) in one. A value it holds exactly travels as a byte string in that code page.
CODE_PAGE = "cp1256"


class SealFormatError(ValueError):
    """The text is not a seal: wrong prefix, damaged or incomplete, or claims we cannot read.

    ``damaged`` says the text looked like a seal but lost symbols (a truncated reading).
    """

    def __init__(self, message: str, *, damaged: bool = False) -> None:
        super().__init__(message)
        self.damaged = damaged


@dataclass(frozen=True)
class Claims:
    """What a seal says about its document; what the issuing code fills in.

    ``type_code`` is the document type's ``code``; ``commune`` the issuing commune's
    slug; ``fields`` the values a checker compares with the paper, under the short keys
    of the type's ``seal_fields`` (one or two letters each: every byte counts in the QR
    code), as text up to 200 characters or as dates.
    """

    type_code: str
    number: str
    commune: str
    issued: date
    expires: date | None = None
    fields: Mapping[str, str | date] = field(default_factory=dict)


def _day(value: date) -> int:
    return (value - EPOCH).days


def _date(value: Any) -> date:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 200_000:
        raise SealFormatError("a date that is not a day number")
    return EPOCH + timedelta(days=value)


def _compact(value: str | date) -> str | bytes | cbor2.CBORTag:
    """``value`` in :data:`CODE_PAGE` when that is shorter and exact, a date as a day."""
    if isinstance(value, date):
        return cbor2.CBORTag(DAYS_TAG, _day(value))
    if value.isascii():
        return value
    try:
        packed = value.encode(CODE_PAGE)
    except UnicodeEncodeError:
        return value
    return packed if packed.decode(CODE_PAGE) == value else value


def _expand(value: Any) -> str | date:
    if isinstance(value, cbor2.CBORTag) and value.tag == DAYS_TAG:
        return _date(value.value)
    if isinstance(value, date):
        return value
    if isinstance(value, bytes):
        return value.decode(CODE_PAGE, errors="replace")
    if isinstance(value, str):
        return value
    raise SealFormatError("seal fields that are not text")


def encode_claims(claims: Claims) -> bytes:
    """The claims as CBOR; the same claims always give the same bytes."""
    for key, value in claims.fields.items():
        if not 0 < len(key) <= MAX_FIELD_KEY or len(str(value)) > MAX_VALUE:
            raise ValueError(f"seal field {key!r}: keys of 1 or 2 letters, values up to 200")
    body: dict[int, Any] = {
        TYPE: claims.type_code,
        NUMBER: claims.number,
        COMMUNE: claims.commune,
        ISSUED: _day(claims.issued),
    }
    if claims.expires is not None:
        body[EXPIRES] = _day(claims.expires)
    if claims.fields:
        body[FIELDS] = {key: _compact(value) for key, value in sorted(claims.fields.items())}
    return cbor2.dumps(body, canonical=True)


def _text(body: dict[Any, Any], key: int) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value or len(value) > MAX_VALUE:
        raise SealFormatError("a claim is missing or is not text")
    return value


def decode_claims(payload: bytes) -> Claims:
    """The claims in a signed payload; :class:`SealFormatError` when they do not parse."""
    try:
        body = cbor2.loads(payload)
    except (cbor2.CBORDecodeError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise SealFormatError("claims that are not CBOR") from exc
    if not isinstance(body, dict):
        raise SealFormatError("claims that are not a map")
    packed = body.get(FIELDS, {})
    if not isinstance(packed, dict) or not all(isinstance(k, str) for k in packed):
        raise SealFormatError("seal fields that are not text")
    fields = {key: _expand(value) for key, value in packed.items()}
    if any(len(str(value)) > MAX_VALUE for value in fields.values()):
        raise SealFormatError("a seal field longer than any the system writes")
    expires = body.get(EXPIRES)
    return Claims(
        type_code=_text(body, TYPE),
        number=_text(body, NUMBER),
        commune=_text(body, COMMUNE),
        issued=_date(body.get(ISSUED)),
        expires=None if expires is None else _date(expires),
        fields=fields,
    )


def pack(claims: Claims, key: ec.EllipticCurvePrivateKey, kid: bytes) -> str:
    """The seal text of ``claims`` signed by ``key`` (whose certificate's key id is ``kid``)."""
    signed = cose.sign(encode_claims(claims), key, kid)
    return PREFIX + base45.encode(zlib.compress(signed, 9))


def unpack(text: str) -> cose.Sign1:
    """The signed message in a seal text, signature not yet checked.

    :class:`SealFormatError` for a text that is not one (a truncated QR reading, a
    paste of something else, garbage); decompression stops at :data:`MAX_PAYLOAD`.
    """
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise SealFormatError("longer than any seal")
    if not text.startswith(PREFIX):
        raise SealFormatError("not a seal of this system")
    try:
        compressed = base45.decode(text[len(PREFIX) :])
        inflater = zlib.decompressobj()
        signed = inflater.decompress(compressed, MAX_PAYLOAD)
    except (base45.Base45Error, zlib.error) as exc:
        raise SealFormatError("damaged or incomplete", damaged=True) from exc
    if not inflater.eof or inflater.unconsumed_tail or inflater.unused_data:
        raise SealFormatError("damaged or incomplete", damaged=True)
    try:
        return cose.parse(signed)
    except cose.CoseError as exc:
        raise SealFormatError(str(exc)) from exc


def payload_hash(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def document_hash(text: str) -> str:
    """What revokes the document a seal text belongs to: SHA-256 of its signed claims."""
    return payload_hash(unpack(text).payload)
