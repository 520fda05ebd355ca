"""The demo board: notices in each of the commune's languages, published and audited."""

from __future__ import annotations

from municipality import audit
from municipality.db import set_commune_scope
from notices import demo, services
from tests import factories


def test_the_demo_publishes_notices_in_the_communes_languages(db):
    with db() as session:
        commune = factories.commune(session, languages="ar fr")
        demo.load_demo(session, commune, "system:demo", factories.demo_year())
        set_commune_scope(session, commune.id)
        notices = list(session.execute(services.query(state="published")).scalars())
        assert sorted(n.language for n in notices) == ["ar", "ar", "fr", "fr", "fr"]
        assert services.published_count(session) == 5
        assert audit.verify_chain(session, commune.id).intact
