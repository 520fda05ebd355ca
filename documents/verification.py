"""Checking a seal: a pure function of the text, the trust list, the revocations and the day.

No database and no network, so the command line checks a paper offline with only a
downloaded trust list, exactly as the public page does online. The signed fields are
returned only when the signature holds: what an altered seal claims is never shown.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from documents import cose
from documents.seal import PREFIX, Claims, SealFormatError, decode_claims, payload_hash, unpack
from documents.trust import Signer, TrustList
from municipality.i18n import _

# Clocks and time zones differ: a paper dated tomorrow where it was issued is not a forgery.
CLOCK_MARGIN = timedelta(days=1)


class Status(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    REVOKED = "revoked"
    EXPIRED = "expired"
    UNKNOWN_SIGNER = "unknown_signer"


class Reason(StrEnum):
    """Why a seal is not valid; each one a sentence on the page and the command line."""

    NOT_A_SEAL = "not_a_seal"
    DAMAGED = "damaged"
    MALFORMED = "malformed"
    SIGNATURE = "signature"
    UNKNOWN_SIGNER = "unknown_signer"
    SIGNER_WITHDRAWN = "signer_withdrawn"
    WRONG_COMMUNE = "wrong_commune"
    OUTSIDE_SIGNER_VALIDITY = "outside_signer_validity"
    NOT_YET_ISSUED = "not_yet_issued"
    DOCUMENT_REVOKED = "document_revoked"
    EXPIRED = "expired"


STATUS_TITLES = {
    Status.VALID: _("Valid document"),
    Status.INVALID: _("Invalid seal"),
    Status.REVOKED: _("Revoked document"),
    Status.EXPIRED: _("Expired document"),
    Status.UNKNOWN_SIGNER: _("Unknown issuer"),
}

REASON_TEXTS = {
    Reason.NOT_A_SEAL: _("This text is not a document seal."),
    Reason.DAMAGED: _("The seal is damaged or incomplete: scan it again, or copy the whole text."),
    Reason.MALFORMED: _("The seal's contents cannot be read: this system did not make it."),
    Reason.SIGNATURE: _(
        "The signature does not match the contents: the seal was altered,"
        " or signed with another key."
    ),
    Reason.UNKNOWN_SIGNER: _(
        "The seal was signed with a key that no commune on the trust list holds."
    ),
    Reason.SIGNER_WITHDRAWN: _(
        "The key that signed this seal was withdrawn: its documents are no longer accepted."
    ),
    Reason.WRONG_COMMUNE: _("The seal names another commune than the one whose key signed it."),
    Reason.OUTSIDE_SIGNER_VALIDITY: _("The seal is dated outside the period its key was valid."),
    Reason.NOT_YET_ISSUED: _("The seal is dated in the future."),
    Reason.DOCUMENT_REVOKED: _("The commune revoked this document."),
    Reason.EXPIRED: _("This document is no longer valid: its validity has ended."),
}


@dataclass(frozen=True)
class Verdict:
    """What a check found: the status, why, and (signature holding) the signed claims."""

    status: Status
    reason: Reason | None = None
    claims: Claims | None = None
    signer: Signer | None = None
    document_hash: str | None = None

    @property
    def valid(self) -> bool:
        return self.status is Status.VALID


def _signed_claims(message: cose.Sign1, signer: Signer) -> Claims | Verdict:
    if not cose.signature_holds(message, signer.public_key):
        return Verdict(Status.INVALID, Reason.SIGNATURE, signer=signer)
    try:
        return decode_claims(message.payload)
    except SealFormatError:
        return Verdict(Status.INVALID, Reason.MALFORMED, signer=signer)


def _claims_problem(claims: Claims, signer: Signer, today: date) -> Reason | None:
    if claims.commune != signer.commune:
        return Reason.WRONG_COMMUNE
    if not signer.not_before <= claims.issued <= signer.not_after:
        return Reason.OUTSIDE_SIGNER_VALIDITY
    if claims.issued > today + CLOCK_MARGIN:
        return Reason.NOT_YET_ISSUED
    return None


def verify(text: str, trust_list: TrustList, revoked: Container[str], today: date) -> Verdict:
    """The verdict on a seal text (see :class:`Status` and :class:`Reason`)."""
    try:
        message = unpack(text)
    except SealFormatError as exc:
        if exc.damaged:
            return Verdict(Status.INVALID, Reason.DAMAGED)
        malformed = text.strip().startswith(PREFIX)
        return Verdict(Status.INVALID, Reason.MALFORMED if malformed else Reason.NOT_A_SEAL)
    signer = trust_list.signers.get(message.kid)
    if signer is None:
        if message.kid in trust_list.withdrawn:
            return Verdict(Status.REVOKED, Reason.SIGNER_WITHDRAWN)
        return Verdict(Status.UNKNOWN_SIGNER, Reason.UNKNOWN_SIGNER)
    claims = _signed_claims(message, signer)
    if isinstance(claims, Verdict):
        return claims
    problem = _claims_problem(claims, signer, today)
    if problem is not None:
        return Verdict(Status.INVALID, problem, claims=claims, signer=signer)
    digest = payload_hash(message.payload)
    if digest in revoked:
        return Verdict(Status.REVOKED, Reason.DOCUMENT_REVOKED, claims, signer, digest)
    if claims.expires is not None and claims.expires < today:
        return Verdict(Status.EXPIRED, Reason.EXPIRED, claims, signer, digest)
    return Verdict(Status.VALID, None, claims, signer, digest)
