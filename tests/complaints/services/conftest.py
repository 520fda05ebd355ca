"""The commune "sale" with one category, for the complaints services' tests."""

from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture
def sale(db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.category(session, commune)
    return "sale"
