"""The demo bureau: registers and acts in every state, with mentions, through the services."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from civil_status import demo
from civil_status.documents import CODE
from civil_status.models import Act, CopyRequest, DuplicateDecision, Mention, Register, Scan
from civil_status.request_workflow import STATES
from civil_status.services import acts, statistics
from documents.models import IssuedDocument
from municipality import audit
from municipality.db import clock_at, set_commune_scope
from tests import factories
from tests.documents.support import issuing_commune


@pytest.mark.parametrize("country", ["MA", "ML"])
def test_the_demo_shows_every_state(db, wsgi_app, country):
    with db() as session:
        year = factories.demo_year(wsgi_app.registry)
        with clock_at(year.start):
            commune = issuing_commune(session, wsgi_app.registry, country=country)
        demo.load_demo(session, commune, "system:demo", year)
        set_commune_scope(session, commune.id)
        extracts = session.execute(
            select(IssuedDocument.type_code).where(IssuedDocument.issued_by == "system:demo")
        ).scalars()
        assert list(extracts) == [CODE, CODE]  # at the counter; the requests' copies follow
        states = Counter(session.execute(select(Act.state)).scalars())
        assert set(states) == {"draft", "signed", "discarded"}
        marriages = demo.MARRIAGES if country == "ML" else 0
        # and the late birth, and a death at the end of the year
        assert states["signed"] == demo.BIRTHS + 2 + demo.DEATHS + marriages
        asked = statistics.month_range(year.end.date(), 12)
        months = statistics.compute(session, commune, asked)
        assert len([m for m in months if m.total]) >= 6
        assert len(statistics.totals(months, "age")) >= 3
        assert session.execute(select(Scan.paper_number)).scalar_one() == 1837
        mention_states = Counter(session.execute(select(Mention.state)).scalars())
        assert mention_states == {"approved": 2, "rejected": 1, "requested": 1}
        pending = session.execute(
            select(DuplicateDecision).where(DuplicateDecision.decision == "pending")
        ).scalars()
        assert len(list(pending)) == 1
        birth = (
            session.execute(
                select(Register).where(Register.kind == "birth").order_by(Register.year)
            )
            .scalars()
            .first()
        )
        assert birth.paper_last_number == 1840
        numbers = sorted(
            n
            for n in session.execute(
                select(Act.number).where(Act.register_id == birth.id, Act.number.is_not(None))
            ).scalars()
        )
        assert numbers == list(range(1841, 1841 + len(numbers)))
        corrected = session.execute(
            select(Mention).where(Mention.kind == "correction", Mention.state == "approved")
        ).scalar_one()
        reading = {r.field: r for r in acts.reading(corrected.act)}
        assert reading["given_name_lat"].previous
        assert audit.verify_chain(session, commune.id).intact


def test_a_front_office_commune_has_no_demo_acts(db):
    with db() as session:
        commune = factories.commune(session, country="MR")
        demo.load_demo(session, commune, "system:demo", factories.demo_year())
        assert session.execute(select(Act)).first() is None


@pytest.mark.parametrize("country", ["MA", "ML"])
def test_the_demo_has_copy_requests_in_every_state(db, wsgi_app, country):
    with db() as session:
        year = factories.demo_year(wsgi_app.registry)
        with clock_at(year.start):
            neighbour = issuing_commune(session, wsgi_app.registry, "rabat", country=country)
            commune = issuing_commune(session, wsgi_app.registry, country=country)
        # A neighbour's acts carry the same numbers: requests must find their own commune's.
        demo.load_demo(session, neighbour, "system:demo", year)
        demo.load_demo(session, commune, "system:demo", year)
        set_commune_scope(session, commune.id)
        made = list(session.execute(select(CopyRequest)).scalars())
        assert set(Counter(r.state for r in made)) == set(STATES)
        assert {r.channel for r in made} == {"counter", "online", "diaspora", "consulate"}
        assert {r.refusal_reason for r in made if r.state == "refused"} == {
            "entitlement",
            "act_not_found",
        }
        issued = session.execute(
            select(IssuedDocument.type_code).where(IssuedDocument.type_code == "BFC")
        ).scalars()
        assert list(issued) == ["BFC"]
        assert audit.verify_chain(session, commune.id).intact
