"""Queuing national events: the outbox row, contract checks, and the complaints producer."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
import transaction as transaction_module
from pyramid.config import Configurator
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from complaints.feeds import FEED
from complaints.permissions import Perm
from complaints.services import categories, filing, handling
from modules import load_registry
from municipality import activation, domain_events
from municipality.database import SESSION_FACTORY_KEY
from municipality.db import make_session_factory, session_in_transaction, set_commune_scope, utcnow
from municipality.models import OutboxMessage
from municipality.providers import Kind
from municipality.tenancy import commune_by_slug
from sync import contracts, events, feeds
from sync.contracts import examples
from tests import factories

Unit = Callable[[], AbstractContextManager[Session]]


@pytest.fixture
def linked(db: Unit, engine: Engine) -> Unit:
    """Units of work whose sessions carry the sync subscription, as in the application."""
    factory = make_session_factory(engine)
    config = Configurator()
    config.registry[SESSION_FACTORY_KEY] = factory
    config.include("municipality.providers")
    config.add_provider(Kind.NATIONAL_FEED, "complaints", FEED, module="complaints")
    config.include("sync.feeds")

    @contextmanager
    def unit() -> Iterator[Session]:
        tm = transaction_module.TransactionManager(explicit=True)
        with tm:
            yield session_in_transaction(factory, tm)

    return unit


def _commune(unit: Unit, slug: str, *, sync: bool) -> None:
    with unit() as session:
        commune = factories.commune(session, slug=slug)
        factories.category(session, commune)
        names = ["complaints", "sync"] if sync else ["complaints"]
        registry = load_registry(["notices", "complaints", "sync"])
        for name in names:
            activation.enable(session, registry, actor="tests", commune=commune, name=name)


def _national(session: Session) -> list[OutboxMessage]:
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.destination.like("national:%"))
        .order_by(OutboxMessage.id)
    )
    return list(session.execute(stmt).scalars())


def _file(session: Session, slug: str, **data: object):
    commune = commune_by_slug(session, slug)
    set_commune_scope(session, commune.id)
    category = categories.categories(session)[0]
    return filing.file_complaint(
        session,
        actor="public",
        commune=commune,
        data={
            "category": category,
            "description": "Nid-de-poule",
            "address": "Av. Hassan II",
            **data,
        },
    )


def test_emit_queues_the_validated_document_with_its_keys(db: Unit) -> None:
    event_id = uuid.uuid4()
    with db() as session:
        commune = factories.commune(session, slug="sale")
        payload = dict(examples.PAYLOADS["permit_application.filed"])
        message = events.emit(
            session,
            commune=commune,
            platform="permits",
            object_type="permit_application",
            object_id=payload["local_id"],
            kind="filed",
            payload={**payload, "parcel_reference": None},
            occurred_at=utcnow(),
            event_id=event_id,
        )
        session.flush()
        assert message.destination == "national:permits"
        assert message.idempotency_key == f"national:permits:{event_id}"
        assert message.ordering_key == f"sale:permit_application:{payload['local_id']}"
        assert message.commune_id == commune.id
        document = message.payload
        assert document["event_id"] == str(event_id)
        assert document["commune"] == "sale"
        assert document["payload_version"] == "1"
        assert document["occurred_at"].endswith("Z")
        assert "parcel_reference" not in document["payload"]  # None values are left out
        contracts.validate("permits.permit_application.filed", document)


def test_the_same_event_id_is_queued_once(db: Unit) -> None:
    event_id = uuid.uuid4()
    with db() as session:
        commune = factories.commune(session, slug="sale")
        for _ in range(2):
            events.emit(
                session,
                commune=commune,
                platform="documents",
                object_type="document",
                object_id="doc-1",
                kind="revoked",
                payload=examples.PAYLOADS["document.revoked"],
                occurred_at=utcnow(),
                event_id=event_id,
            )
            session.flush()
        assert len(_national(session)) == 1


def test_a_payload_that_breaks_the_contract_fails_loudly_and_queues_nothing(db: Unit) -> None:
    with db() as session:
        factories.commune(session, slug="sale")
    with pytest.raises(contracts.ContractViolation, match="/payload/amount"), db() as session:
        events.emit(
            session,
            commune=commune_by_slug(session, "sale"),
            platform="spending",
            object_type="payment",
            object_id="p-1",
            kind="recorded",
            payload={**examples.PAYLOADS["payment.recorded"], "amount": 10.5},
            occurred_at=utcnow(),
        )
    with db() as session:
        assert _national(session) == []


def test_a_message_type_the_platform_does_not_take_is_refused(db: Unit) -> None:
    with pytest.raises(LookupError, match="no message type"), db() as session:
        events.emit(
            session,
            commune=factories.commune(session, slug="sale"),
            platform="permits",
            object_type="document",
            object_id="d-1",
            kind="issued",
            payload=examples.PAYLOADS["document.issued"],
            occurred_at=utcnow(),
        )


def test_destinations_name_their_platform() -> None:
    assert events.platform_of(events.destination("budget")) == "budget"
    assert events.platform_of("messaging") is None
    assert events.stable_event_id("commune:1:7") == events.stable_event_id("commune:1:7")


def test_a_filed_complaint_goes_to_the_national_platform(linked: Unit) -> None:
    _commune(linked, "sale", sync=True)
    with linked() as session:
        complaint = _file(session, "sale", latitude=34.03, longitude=-6.81)
        public_id = str(complaint.public_id)
    with linked() as session:
        [message] = _national(session)
    assert message.destination == "national:complaints"
    document = message.payload
    assert document["event_type"] == "complaint.filed"
    assert document["object"] == {"type": "complaint", "id": public_id}
    assert document["payload"]["service_code"] == "voirie"
    assert document["payload"]["lat"] == 34.03
    assert message.ordering_key == f"sale:complaint:{public_id}"


def test_each_change_of_state_follows_in_order_but_notes_do_not(linked: Unit) -> None:
    _commune(linked, "sale", sync=True)
    with linked() as session:
        complaint = _file(session, "sale")
        for action in ("acknowledge", "reject"):
            handling.act(
                session,
                actor="agent@sale.test",
                complaint=complaint,
                action=action,
                permissions=frozenset(Perm),
                data={"reason": "Hors compétence"},
            )
        handling.add_event(
            session, actor="agent@sale.test", complaint=complaint, kind="note", body="vu"
        )
    with linked() as session:
        messages = _national(session)
    assert [m.payload["event_type"] for m in messages] == [
        "complaint.filed",
        "complaint.status_changed",
        "complaint.status_changed",
    ]
    rejected = messages[-1].payload["payload"]
    assert (rejected["previous_status"], rejected["status"]) == ("acknowledged", "rejected")
    assert rejected["status_notes"] == "Hors compétence"
    assert len({m.ordering_key for m in messages}) == 1


def test_communes_without_the_sync_module_send_nothing(linked: Unit) -> None:
    _commune(linked, "temara", sync=False)
    with linked() as session:
        _file(session, "temara")
    with linked() as session:
        assert _national(session) == []


def test_a_session_of_another_factory_hears_nothing(db: Unit, linked: Unit) -> None:
    _commune(linked, "sale", sync=True)
    with db() as session:
        assert domain_events.SUBSCRIBERS_KEY not in session.info
        _file(session, "sale")
    with db() as session:
        assert _national(session) == []


def test_changes_made_by_the_national_platform_are_not_sent_back(linked: Unit) -> None:
    _commune(linked, "sale", sync=True)
    with linked() as session:
        complaint = _file(session, "sale")
        handling.act(
            session,
            actor=feeds.national_actor("complaints"),
            complaint=complaint,
            action="acknowledge",
            permissions=frozenset(Perm),
        )
    with linked() as session:
        assert [m.payload["event_type"] for m in _national(session)] == ["complaint.filed"]
