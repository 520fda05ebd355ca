"""The seal's text: what it carries, how small it stays, and that a camera reads it back."""

from __future__ import annotations

import io
from datetime import date

import pytest
import segno
import zxingcpp
from PIL import Image

from documents import keys
from documents.reading import QR
from documents.seal import (
    PREFIX,
    SealFormatError,
    decode_claims,
    document_hash,
    encode_claims,
    pack,
    unpack,
)
from documents.verification import Status, verify
from tests.documents.conftest import TODAY, Signing, birth_extract


def test_the_claims_come_back_exactly(signing: Signing) -> None:
    claims = birth_extract()
    text = pack(claims, signing.key, signing.kid)
    assert text.startswith(PREFIX)
    assert decode_claims(unpack(text).payload) == claims


def test_the_text_is_qr_alphanumeric(signing: Signing) -> None:
    text = pack(birth_extract(), signing.key, signing.kid)
    assert set(text) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def test_a_bilingual_birth_extract_fits_a_version_12_qr_at_level_m(signing: Signing) -> None:
    text = pack(birth_extract(), signing.key, signing.kid)
    code = segno.make(text, error="m", mode="alphanumeric", boost_error=False)
    assert code.version <= 12, (code.version, len(text))


def test_arabic_and_french_letters_travel_in_one_byte_each() -> None:
    latin = encode_claims(birth_extract(fields={"c": "Salé"}))
    arabic = encode_claims(birth_extract(fields={"c": "سلاس"}))
    assert len(arabic) == len(latin)


def test_text_outside_the_code_page_travels_as_it_is(signing: Signing) -> None:
    claims = birth_extract(fields={"c": "Ünal 🌍", "ca": "ڤ"})
    assert decode_claims(unpack(pack(claims, signing.key, signing.kid)).payload) == claims


def test_field_keys_stay_short() -> None:
    with pytest.raises(ValueError, match="1 or 2 letters"):
        encode_claims(birth_extract(fields={"child": "x"}))


def test_the_document_hash_is_the_same_whatever_key_seals(signing: Signing) -> None:
    other = keys.new_key()
    claims = birth_extract()
    first = document_hash(pack(claims, signing.key, signing.kid))
    again = document_hash(pack(claims, other, b"\x00" * 8))
    assert first == again
    assert document_hash(pack(birth_extract(number="2026-000124"), other, signing.kid)) != first


@pytest.mark.parametrize("text", ["", "hello", "BL1:", "BL1:%%%", "BL2:ABC", "BL1:" + "A" * 5000])
def test_what_is_not_a_seal_is_refused(text: str) -> None:
    with pytest.raises(SealFormatError):
        unpack(text)


def test_round_trip_through_a_qr_image_and_a_real_decoder(signing: Signing) -> None:
    text = pack(birth_extract(), signing.key, signing.kid)
    png = io.BytesIO()
    segno.make(text, error="m", mode="alphanumeric").save(png, kind="png", scale=4, border=4)
    png.seek(0)
    found = zxingcpp.read_barcodes(Image.open(png), formats=QR)
    assert [r.text for r in found] == [text]
    verdict = verify(found[0].text, signing.trust_list, frozenset(), TODAY)
    assert verdict.status is Status.VALID
    assert verdict.claims == birth_extract()
    assert verdict.claims.fields["d"] == date(2019, 3, 14)
