"""Who read my act: printed at the counter, by office, when and why; the printing is a read."""

from __future__ import annotations

from civil_status.models import Act
from civil_status.services import acts, readers
from tests import factories
from tests.civil_status.test_views import bureau  # noqa: F401 - the fixture


def test_accesses_give_the_office_not_the_name(db):
    with db() as session:
        commune = factories.commune(session, slug="rabat")
        factories.enable(session, commune, "civil_status")
        factories.user(session, role="agent", commune_=commune, email="clerk@rabat.test")
        act = factories.signed_act(session, register_=factories.register(session, commune_=commune))
        acts.read(session, actor="clerk@rabat.test", act=act, reason="verification")
        acts.read(session, actor="someone@else.test", act=act, reason="court_request")
        found = readers.accesses(session, act)
        assert [(a.roles, a.reason) for a in found] == [
            (("agent",), "verification"),
            ((), "court_request"),
        ]
        printed = readers.for_the_person(session, actor="clerk@rabat.test", act=act)
        assert [a.reason for a in printed][-1] == readers.COUNTER_REASON
        assert len(acts.readers(session, act)) == 3


def test_the_counter_prints_who_read_the_act(app, bureau, db):  # noqa: F811
    with db() as session:
        act = session.query(Act).first()
        public_id = act.public_id
        acts.read(session, actor="agent@sale.test", act=act, reason="verification")
    factories.log_in(app, "agent@sale.test")
    page = app.get(f"/c/sale/civil-status/acts/{public_id}", {"why": "counter_request"})
    page = page.click(href="/readers")
    rows = page.html.select("#accesses tbody tr")
    assert len(rows) == 3  # the verification, the opening of the act, this printing
    assert "agent@sale.test" not in page.html.find(id="accesses").text
    assert all(r.select("td")[1].text.strip() for r in rows)
