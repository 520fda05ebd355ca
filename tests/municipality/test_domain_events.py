"""Domain events: audit events reach the subscribers of the session's application only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import transaction as transaction_module
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from municipality import audit, domain_events
from municipality.db import make_session_factory, session_in_transaction
from municipality.models import AuditEvent


@contextmanager
def _unit(factory) -> Iterator[Session]:
    tm = transaction_module.TransactionManager(explicit=True)
    with tm:
        yield session_in_transaction(factory, tm)


def _record(session: Session, action: str) -> AuditEvent:
    return audit.record(
        session, commune_id=None, actor="tests", action=action, object_type="thing", object_id="1"
    )


def test_subscribers_hear_the_actions_they_subscribed_to_in_order(db, engine: Engine) -> None:
    factory = make_session_factory(engine)
    heard: list[tuple[str, str]] = []
    domain_events.subscribe(factory, "things:", lambda _s, e: heard.append(("first", e.action)))
    domain_events.subscribe(factory, "things:a", lambda _s, e: heard.append(("second", e.action)))
    with _unit(factory) as session:
        _record(session, "things:a:made")
        _record(session, "others:a:made")
        _record(session, "things:b:made")
    assert heard == [
        ("first", "things:a:made"),
        ("second", "things:a:made"),
        ("first", "things:b:made"),
    ]


def test_another_factory_hears_nothing(db, engine: Engine) -> None:
    heard: list[str] = []
    domain_events.subscribe(make_session_factory(engine), "", lambda _s, e: heard.append(e.action))
    with _unit(make_session_factory(engine)) as session:
        _record(session, "things:a:made")
    assert heard == []


def test_a_failing_subscriber_aborts_the_write(db, engine: Engine) -> None:
    factory = make_session_factory(engine)

    def refuse(_session: Session, _event: AuditEvent) -> None:
        raise ValueError("the contract says no")

    domain_events.subscribe(factory, "things:", refuse)
    with pytest.raises(ValueError, match="the contract says no"), _unit(factory) as session:
        _record(session, "things:a:made")
    with _unit(make_session_factory(engine)) as session:
        assert session.execute(select(func.count()).select_from(AuditEvent)).scalar_one() == 0
