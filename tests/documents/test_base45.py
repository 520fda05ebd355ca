"""Base45 as RFC 9285 writes it: its examples, every length, and what it refuses."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from documents.base45 import Base45Error, decode, encode


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"AB", "BB8"),
        (b"Hello!!", "%69 VD92EX0"),
        (b"base-45", "UJCLQE7W581"),
        (b"ietf!", "QED8WEX0"),
    ],
)
def test_the_rfc_examples(data: bytes, text: str) -> None:
    assert encode(data) == text
    assert decode(text) == data


@given(st.binary(max_size=300))
def test_any_bytes_come_back(data: bytes) -> None:
    assert decode(encode(data)) == data


@pytest.mark.parametrize("text", ["GGW", "A", "ABCD", "abc", "::", "\x00\x00\x00", "ÀÀÀ"])
def test_what_is_not_base45_is_refused(text: str) -> None:
    with pytest.raises(Base45Error):
        decode(text)
