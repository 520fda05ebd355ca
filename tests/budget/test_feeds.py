"""A commitment and its payment go to the national expenditure platform, valid against
its contract, once each; nothing goes out for a commune without sync."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import transaction as transaction_module
from pyramid.config import Configurator
from sqlalchemy import select

from budget import services
from budget.feeds import FEED
from budget.permissions import ACCOUNTANT, OFFICER
from municipality.database import SESSION_FACTORY_KEY
from municipality.db import make_session_factory, session_in_transaction
from municipality.models import Commune, OutboxMessage
from municipality.providers import Kind
from tests import factories
from tests.sync.delivery_support import enable_sync


@pytest.fixture
def linked(db, engine):
    """Units of work whose sessions carry the sync subscription, as in the application."""
    factory = make_session_factory(engine)
    config = Configurator()
    config.registry[SESSION_FACTORY_KEY] = factory
    config.include("municipality.providers")
    config.add_provider(Kind.NATIONAL_FEED, "spending", FEED, module="budget")
    config.include("sync.feeds")

    @contextmanager
    def unit() -> Iterator:
        tm = transaction_module.TransactionManager(explicit=True)
        with tm:
            yield session_in_transaction(factory, tm)

    return unit


def _national(session):
    stmt = select(OutboxMessage).where(OutboxMessage.destination == "national:spending")
    return list(session.execute(stmt.order_by(OutboxMessage.id)).scalars())


@pytest.mark.parametrize("country", ["MA", "ML"])
def test_commitment_and_payment_are_recorded_nationally(linked, country):
    with linked() as session:
        commune = factories.commune(session, slug="tiznit", country=country)
        factories.enable(session, commune, "budget")
        enable_sync(session, commune)
        officer = factories.user(session)
        accountant = factories.user(session)
        line = factories.budget_line(session, commune_=commune)
        commitment = factories.commitment(session, line=line, amount=1_000, user_id=officer.id)
        steps = [
            ("liquidate", OFFICER, officer, {"invoice_ref": "F-1", "liquidated_amount": "900"}),
            ("order", OFFICER, officer, {}),
            ("pay", ACCOUNTANT, accountant, {}),
        ]
        for action, permissions, person, data in steps:
            if action == "liquidate":
                data["service_done_on"] = commitment.committed_at.date()
            services.act(
                session,
                actor="t",
                commune=session.get(Commune, commune.id),
                user_id=person.id,
                commitment=commitment,
                action=action,
                permissions=frozenset(permissions),
                data=data,
            )
        public_id = str(commitment.public_id)
    with linked() as session:
        recorded, paid = _national(session)
    assert recorded.payload["event_type"] == "commitment.recorded"
    assert recorded.payload["payload"]["budget_line"] == line.code.code
    assert recorded.payload["payload"]["amount"] == ("1000.00" if country == "MA" else "1000")
    assert paid.payload["event_type"] == "payment.recorded"
    assert paid.payload["payload"]["commitment_id"] == public_id
    assert paid.payload["payload"]["amount"] == ("900.00" if country == "MA" else "900")


def test_nothing_goes_out_without_sync(linked):
    with linked() as session:
        factories.commitment(session)
    with linked() as session:
        assert _national(session) == []
