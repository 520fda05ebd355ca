"""The demo: a catalogue and payments in every state, in a Moroccan and a Malian commune."""

from __future__ import annotations

from modules import load_registry
from municipality import activation, audit
from municipality.db import set_commune_scope, utcnow
from municipality.demo import DemoYear
from payments import demo
from payments.services import counter, intents
from tests import factories


def test_the_demo_has_payments_in_every_state(db, wsgi_app):
    year = DemoYear(wsgi_app.registry, utcnow())
    with db() as session:
        for country in ("MA", "ML"):
            commune = factories.commune(session, country=country)
            activation.enable(
                session,
                load_registry(["documents", "payments"]),
                actor="t",
                commune=commune,
                name="payments",
                with_dependencies=True,
            )
            demo.load_demo(session, commune, "system:demo", year)
            set_commune_scope(session, commune.id)
            states = intents.state_counts(session)
            assert set(states) == {
                "created",
                "pending",
                "confirmed",
                "failed",
                "to_reconcile",
                "reversed",
            }
            tills = counter.tills(session)
            assert [t.state for t in tills] == ["closed"] * 3
            assert any(t.difference for t in tills)
            assert audit.verify_chain(session, commune.id).intact
            set_commune_scope(session, None)
