"""The monthly execution report goes to the national transparency platform through the
job runner, valid against its contract, once per period."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
import transaction as transaction_module
from pyramid.config import Configurator
from sqlalchemy import select

from budget import execution_feed
from budget.jobs import report_execution
from municipality.database import SESSION_FACTORY_KEY
from municipality.db import clock_at, make_session_factory, session_in_transaction, utcnow
from municipality.models import OutboxMessage
from municipality.providers import Kind
from tests import factories
from tests.sync.delivery_support import enable_sync


@pytest.fixture
def linked(db, engine):
    """A registry whose sessions carry the sync subscription, as in the application."""
    factory = make_session_factory(engine)
    config = Configurator(settings={})
    config.registry[SESSION_FACTORY_KEY] = factory
    config.include("municipality.providers")
    config.add_provider(Kind.NATIONAL_FEED, "budget", execution_feed.FEED, module="budget")
    config.include("sync.feeds")

    @contextmanager
    def unit() -> Iterator:
        tm = transaction_module.TransactionManager(explicit=True)
        with tm:
            yield session_in_transaction(factory, tm)

    unit.registry = config.registry
    return unit


def _national(session):
    stmt = select(OutboxMessage).where(OutboxMessage.destination == "national:budget")
    return list(session.execute(stmt.order_by(OutboxMessage.id)).scalars())


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2026, 3, 5), (2026, "2026-M02")), (date(2027, 1, 2), (2026, "2026-M12"))],
)
def test_the_period_is_the_last_complete_month(day, expected):
    assert execution_feed.period_before(day) == expected


@pytest.mark.parametrize("country", ["MA", "ML"])
def test_the_job_reports_each_period_once_valid_against_the_contract(linked, country):
    year = utcnow().year
    with linked() as session:
        commune = factories.commune(session, slug="tiznit", country=country)
        factories.enable(session, commune, "budget")
        enable_sync(session, commune)
        line = factories.budget_line(session, commune_=commune)
        factories.commitment(session, line=line, amount=2_000)
    with clock_at(utcnow().replace(year=year, month=12, day=2)):
        report_execution(linked.registry)
        report_execution(linked.registry)
    with linked() as session:
        (message,) = _national(session)
    body = message.payload
    assert body["event_type"] == "budget_execution.reported"
    assert body["object"] == {"type": "budget_execution", "id": f"tiznit:{year}-M11"}
    payload = body["payload"]
    assert payload["period"] == f"{year}-M11"
    assert payload["currency"] == ("MAD" if country == "MA" else "XOF")
    (reported,) = payload["lines"]
    cents = ".00" if country == "MA" else ""
    assert reported["voted"] == f"100000{cents}"
    assert reported["committed"] == f"2000{cents}"
    assert reported["paid"] == f"0{cents}"


def test_a_commune_without_budget_lines_reports_nothing(linked):
    with linked() as session:
        commune = factories.commune(session, slug="tiznit")
        factories.enable(session, commune, "budget")
        enable_sync(session, commune)
    report_execution(linked.registry)
    with linked() as session:
        assert _national(session) == []
