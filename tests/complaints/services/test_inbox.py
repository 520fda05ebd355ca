"""The inbox's query and counts."""

from __future__ import annotations

from complaints.services import inbox
from municipality.tenancy import commune_by_slug
from tests.complaints.services.support import bring, file_one


def test_query_filters_by_state_category_and_text(db, sale):
    with db() as session:
        commune = commune_by_slug(session, sale)
        first = file_one(session, commune, description="Lampadaire éteint rue 5")
        second = file_one(session, commune, description="Déchets sur la place")
        bring(session, second, "rejected")
        listed = lambda **kw: [c.id for c in session.execute(inbox.query(**kw)).scalars()]  # noqa: E731
        assert listed(state="open") == [first.id]
        assert listed(state="rejected") == [second.id]
        assert listed(text="lampadaire") == [first.id]
        assert listed(text=second.tracking_code) == [second.id]
        assert sorted(listed(category=first.category)) == sorted([first.id, second.id])
        assert inbox.open_count(session) == 1
