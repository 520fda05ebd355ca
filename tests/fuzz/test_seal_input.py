"""Odd seals: the checker never fails, never calls an altered seal valid, never answers 500.

Texts come from the shared odd input, from our prefix before random Base45 symbols, and
from a genuine seal with one symbol changed, cut or doubled: the forger's first tries.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents.base45 import ALPHABET
from documents.seal import PREFIX, pack
from documents.verification import Status, verify
from tests import factories
from tests.documents.conftest import TODAY, birth_extract, make_signing
from tests.fuzz.test_odd_input import odd_text

SIGNING = make_signing()
GENUINE = pack(birth_extract(), SIGNING.key, SIGNING.kid)
TRUST = SIGNING.trust_list
FUZZ = settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@st.composite
def altered(draw: st.DrawFn) -> str:
    """The genuine seal with one symbol replaced, removed or doubled."""
    at = draw(st.integers(len(PREFIX), len(GENUINE) - 1))
    symbol = draw(st.sampled_from(ALPHABET).filter(lambda s: s != GENUINE[at]))
    how = draw(st.sampled_from(["replace", "remove", "double"]))
    if how == "replace":
        return GENUINE[:at] + symbol + GENUINE[at + 1 :]
    if how == "remove":
        return GENUINE[:at] + GENUINE[at + 1 :]
    return GENUINE[:at] + GENUINE[at] + GENUINE[at:]


seal_like = st.text(ALPHABET, max_size=600).map(lambda t: PREFIX + t)


@FUZZ
@given(st.one_of(odd_text, seal_like))
def test_any_text_gets_a_verdict(text: str) -> None:
    verdict = verify(text, TRUST, frozenset(), TODAY)
    assert verdict.status is not Status.VALID
    assert verdict.reason is not None


@FUZZ
@given(altered())
def test_an_altered_seal_is_never_valid(text: str) -> None:
    verdict = verify(text, TRUST, frozenset(), TODAY)
    assert verdict.status in {Status.INVALID, Status.UNKNOWN_SIGNER}
    assert verdict.claims is None


def test_the_genuine_seal_is_valid() -> None:
    assert verify(GENUINE, TRUST, frozenset(), TODAY).valid


@pytest.fixture
def csrf(app, db) -> str:
    with db() as session:
        factories.signer_key(session)
    return app.get("/verify").forms["deform"]["csrf_token"].value


def test_the_verification_page_answers_odd_seals_with_a_4xx_or_a_verdict(app, csrf) -> None:
    @FUZZ
    @given(st.one_of(odd_text, seal_like, altered()))
    def page(text: str) -> None:
        response = app.post(
            "/verify",
            {"text": text.encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
             "csrf_token": csrf},
            expect_errors=True,
        )  # fmt: skip
        assert response.status_int in {200, 400}, response.text[:300]

    page()
