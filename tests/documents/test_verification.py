"""Forgeries are caught, each with its own reason; a genuine seal reads valid."""

from __future__ import annotations

import zlib
from datetime import timedelta

import cbor2
import pytest

from documents import base45, cose, keys
from documents.seal import PREFIX, encode_claims, pack, payload_hash, unpack
from documents.verification import Reason, Status, verify
from tests.documents.conftest import NOW, TODAY, Signing, birth_extract, make_signing


def _check(text: str, signing: Signing, revoked: frozenset[str] = frozenset(), today=TODAY):
    return verify(text, signing.trust_list, revoked, today)


def test_a_genuine_seal_is_valid_with_its_signed_fields(signing: Signing) -> None:
    verdict = _check(pack(birth_extract(), signing.key, signing.kid), signing)
    assert (verdict.status, verdict.reason) == (Status.VALID, None)
    assert verdict.claims == birth_extract()
    assert verdict.signer is not None
    assert verdict.signer.commune_name("ar") == "سلا"


def test_a_changed_field_breaks_the_signature(signing: Signing) -> None:
    genuine = unpack(pack(birth_extract(), signing.key, signing.kid))
    forged_claims = birth_extract(fields={**birth_extract().fields, "c": "Karim El Idrissi"})
    forged = cbor2.dumps(
        cbor2.CBORTag(18, [genuine.protected, {}, encode_claims(forged_claims), genuine.signature])
    )
    text = PREFIX + base45.encode(zlib.compress(forged))
    verdict = _check(text, signing)
    assert (verdict.status, verdict.reason) == (Status.INVALID, Reason.SIGNATURE)
    assert verdict.claims is None


def test_a_seal_signed_with_another_key_under_a_known_kid_is_invalid(signing: Signing) -> None:
    verdict = _check(pack(birth_extract(), keys.new_key(), signing.kid), signing)
    assert (verdict.status, verdict.reason) == (Status.INVALID, Reason.SIGNATURE)


def test_an_unknown_signer(signing: Signing) -> None:
    stranger = make_signing()
    verdict = _check(pack(birth_extract(), stranger.key, stranger.kid), signing)
    assert (verdict.status, verdict.reason) == (Status.UNKNOWN_SIGNER, Reason.UNKNOWN_SIGNER)


def test_a_withdrawn_signer_reads_revoked() -> None:
    withdrawn = make_signing(withdrawn=True)
    verdict = _check(pack(birth_extract(), withdrawn.key, withdrawn.kid), withdrawn)
    assert (verdict.status, verdict.reason) == (Status.REVOKED, Reason.SIGNER_WITHDRAWN)


def test_a_revoked_document(signing: Signing) -> None:
    text = pack(birth_extract(), signing.key, signing.kid)
    revoked = frozenset({payload_hash(unpack(text).payload)})
    verdict = _check(text, signing, revoked)
    assert (verdict.status, verdict.reason) == (Status.REVOKED, Reason.DOCUMENT_REVOKED)
    assert verdict.claims == birth_extract()


def test_an_expired_document(signing: Signing) -> None:
    text = pack(birth_extract(), signing.key, signing.kid)
    verdict = _check(text, signing, today=TODAY + timedelta(days=91))
    assert (verdict.status, verdict.reason) == (Status.EXPIRED, Reason.EXPIRED)
    assert _check(text, signing, today=TODAY + timedelta(days=90)).valid


def test_a_document_without_expiry_never_expires(signing: Signing) -> None:
    text = pack(birth_extract(expires=None), signing.key, signing.kid)
    assert _check(text, signing, today=TODAY + timedelta(days=5000)).valid


def test_a_seal_naming_another_commune_than_its_signer(signing: Signing) -> None:
    verdict = _check(pack(birth_extract(commune="rabat"), signing.key, signing.kid), signing)
    assert (verdict.status, verdict.reason) == (Status.INVALID, Reason.WRONG_COMMUNE)


def test_a_seal_dated_outside_its_signers_certificate() -> None:
    later = make_signing(not_before=NOW + timedelta(days=30))
    verdict = _check(pack(birth_extract(), later.key, later.kid), later)
    assert (verdict.status, verdict.reason) == (Status.INVALID, Reason.OUTSIDE_SIGNER_VALIDITY)


def test_a_seal_dated_in_the_future(signing: Signing) -> None:
    claims = birth_extract(issued=TODAY + timedelta(days=3))
    verdict = _check(pack(claims, signing.key, signing.kid), signing)
    assert (verdict.status, verdict.reason) == (Status.INVALID, Reason.NOT_YET_ISSUED)


@pytest.mark.parametrize("cut", [1, 2, 10, 100])
def test_a_truncated_reading_is_damaged(signing: Signing, cut: int) -> None:
    text = pack(birth_extract(), signing.key, signing.kid)
    verdict = _check(text[:-cut], signing)
    assert verdict.status is Status.INVALID
    assert verdict.reason in {Reason.DAMAGED, Reason.MALFORMED}
    assert verdict.claims is None


@pytest.mark.parametrize(
    "text",
    ["", "hello", "\x00" * 50, "https://example.org/", "A" * 100_000, "\udcff"],
)
def test_garbage_is_not_a_seal(signing: Signing, text: str) -> None:
    verdict = _check(text, signing)
    assert (verdict.status, verdict.reason) == (Status.INVALID, Reason.NOT_A_SEAL)


@pytest.mark.parametrize("text", ["BL1:\x00", "BL1:hello", "BL1:" + "0" * 30])
def test_our_prefix_before_garbage_is_damaged(signing: Signing, text: str) -> None:
    verdict = _check(text, signing)
    assert (verdict.status, verdict.reason) == (Status.INVALID, Reason.DAMAGED)


@pytest.mark.parametrize(
    "payload",
    [b"", cbor2.dumps([1, 2]), cbor2.dumps({1: "BX"}), cbor2.dumps({1: 5, 2: "n", 3: "sale"})],
)
def test_signed_claims_that_do_not_parse_are_malformed(signing: Signing, payload: bytes) -> None:
    signed = cose.sign(payload, signing.key, signing.kid)
    verdict = _check(PREFIX + base45.encode(zlib.compress(signed)), signing)
    assert (verdict.status, verdict.reason) == (Status.INVALID, Reason.MALFORMED)


def test_a_zip_bomb_stops_at_the_payload_limit(signing: Signing) -> None:
    text = PREFIX + base45.encode(zlib.compress(b"\x00" * 1_000_000))
    verdict = _check(text, signing)
    assert (verdict.status, verdict.reason) == (Status.INVALID, Reason.DAMAGED)
