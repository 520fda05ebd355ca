"""The commune most staff-page tests work in: complaints on, a category, an agent and a
supervisor of its region."""

from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture
def sale(db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "complaints")
        factories.category(session, commune)
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
        factories.user(
            session, role="supervisor", region_=commune.region, email="supervisor@sale.test"
        )
    return "sale"
