"""The demo data of the complaints module."""

from __future__ import annotations

from sqlalchemy import select

from complaints import demo
from complaints.models import Complaint
from complaints.services import categories
from tests import factories


def test_demo_data_has_four_categories_and_complaints_in_several_states(db):
    with db() as session:
        commune = factories.commune(session, slug="demo")
        demo.load_demo(session, commune, "system:demo")
        session.flush()
        codes = [c.code for c in categories.categories(session)]
        assert sorted(codes) == ["dechets", "eau", "eclairage", "voirie"]
        states = {c.state for c in session.execute(select(Complaint)).scalars()}
        assert len(states) >= 3
