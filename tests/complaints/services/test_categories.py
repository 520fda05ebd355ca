"""Categories' targets under the legal ceiling of the commune's country."""

from __future__ import annotations

import pytest

from complaints.services import categories
from municipality.errors import ValidationFailed
from municipality.tenancy import commune_by_slug
from tests import factories


def test_category_may_not_exceed_the_legal_ceiling_of_morocco(db, sale):
    with db() as session:
        commune = commune_by_slug(session, sale)
        with pytest.raises(ValidationFailed) as refused:
            categories.create_category(
                session,
                actor="x",
                commune=commune,
                data=factories.category_payload(code="eau", days_to_resolve=61),
            )
        assert "days_to_resolve" in refused.value.errors
        at_ceiling = categories.create_category(
            session,
            actor="x",
            commune=commune,
            data=factories.category_payload(code="eau", days_to_resolve=60),
        )
        assert at_ceiling.days_to_resolve == 60
        with pytest.raises(ValidationFailed):
            categories.update_category(
                session,
                actor="x",
                commune=commune,
                category=at_ceiling,
                data={"days_to_resolve": 90},
            )
        assert at_ceiling.days_to_resolve == 60


def test_a_country_without_a_known_ceiling_accepts_longer_targets(db):
    with db() as session:
        bamako = factories.commune(session, country="ML")
        category = factories.category(session, bamako, days_to_resolve=90)
        assert category.days_to_resolve == 90
