"""The demo: a catalogue and payments in every state, in a Moroccan and a Malian commune."""

from __future__ import annotations

from sqlalchemy import select

from documents import demo as documents_demo
from modules import load_registry
from municipality import activation, audit
from municipality.db import clock_at, set_commune_scope, utcnow
from municipality.demo import DemoYear
from municipality.models import AuditEvent
from payments import demo
from payments.models import Payment
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
            with clock_at(year.start):
                documents_demo.signer(session, year.registry, commune, "system:demo")
            demo.load_demo(session, commune, "system:demo", year)
            set_commune_scope(session, commune.id)
            states = intents.state_counts(session)
            assert set(states) == {
                "created",
                "pending",
                "confirmed",
                "failed",
                "to_reconcile",
                "reversing",
                "reversed",
            }
            with_receipt = {
                p.state for p in session.execute(select(Payment)).scalars() if p.receipt_id
            }
            assert with_receipt == {"confirmed", "reversing", "reversed"}
            refused = session.execute(
                select(AuditEvent).where(
                    AuditEvent.commune_id == commune.id,
                    AuditEvent.action == "payments:payment:reversal_refused",
                )
            ).scalars()
            assert [e.changes["reason"][1] for e in refused] == ["insufficient merchant balance"]
            assert all(
                p.receipt_id
                for p in session.execute(
                    select(Payment).where(Payment.state == "confirmed")
                ).scalars()
            )
            tills = counter.tills(session)
            assert [t.state for t in tills] == ["closed"] * 3
            assert any(t.difference for t in tills)
            assert audit.verify_chain(session, commune.id).intact
            set_commune_scope(session, None)
