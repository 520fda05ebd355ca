"""Odd data for a document: refused field by field, or kept within what a seal can carry.

Whatever a form or a client sends for a certificate of residence, the type's schema
either names the fields it refuses (a 4xx) or gives values the seal takes: text of at
most 200 characters, with no NUL or lone surrogate, dates that are dates.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import issuance
from documents.residence import RESIDENCE
from documents.seal import MAX_VALUE
from municipality.errors import ValidationFailed
from municipality.parsing import unsafe_text
from tests.documents.support import RESIDENT
from tests.fuzz.test_odd_input import json_scalars, odd_text

FIELDS = [*sorted(RESIDENT), "full_name_ar", "address_ar", "unknown"]


def _outcome(data: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The values the schema read, or the fields it refused."""
    try:
        return issuance.validated(RESIDENCE, data), None
    except ValidationFailed as refused:
        return None, dict(refused.errors)


@settings(
    max_examples=400,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(st.dictionaries(st.sampled_from(FIELDS), st.one_of(odd_text, json_scalars), max_size=4))
def test_odd_data_is_refused_by_field_or_fits_the_seal(changes):
    values, refused = _outcome({**RESIDENT, **changes})
    if refused is not None:
        assert refused
        assert set(refused) <= set(FIELDS)
        return
    assert values is not None
    written = issuance.serialised(RESIDENCE, values)
    for name in RESIDENCE.seal_sources.values():
        assert isinstance(written[name], str)
        assert 0 < len(written[name]) <= MAX_VALUE
        assert not unsafe_text(written[name])
