"""A front-office commune forwards copy requests to the national registry: at once when the
requester needs no papers checked, after the agent's check otherwise; the forward is a
national message its contract accepts; the registry's answer makes the request ready or
refuses it with its reason, once; a commune that keeps its acts never forwards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date

import pytest
import transaction as transaction_module
from pyramid.config import Configurator
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from civil_status import demo
from civil_status.feeds import FEED
from civil_status.models import CopyRequest
from civil_status.permissions import ENTRY
from civil_status.services import forwarding, requests
from modules import load_registry
from municipality import activation
from municipality.database import SESSION_FACTORY_KEY
from municipality.db import make_session_factory, session_in_transaction, set_commune_scope
from municipality.errors import Conflict, Forbidden, InvalidTransition
from municipality.feeds import Outcome
from municipality.models import AuditEvent, Commune, OutboxMessage
from municipality.providers import Kind
from sync import contracts
from tests import factories

Unit = Callable[[], AbstractContextManager[Session]]
AGENT = frozenset(ENTRY)
REGISTRY = forwarding.REGISTRY_ACTOR


@pytest.fixture
def linked(db: Unit, engine: Engine) -> Unit:
    """Units of work whose sessions carry the sync subscription, as in the application."""
    factory = make_session_factory(engine)
    config = Configurator()
    config.registry[SESSION_FACTORY_KEY] = factory
    config.include("municipality.providers")
    config.add_provider(Kind.NATIONAL_FEED, "civil_status", FEED, module="civil_status")
    config.include("sync.feeds")

    @contextmanager
    def unit() -> Iterator[Session]:
        tm = transaction_module.TransactionManager(explicit=True)
        with tm:
            yield session_in_transaction(factory, tm)

    return unit


def _front_office(session: Session, country: str = "MR") -> Commune:
    commune = factories.commune(session, slug="nktt", country=country)
    registry = load_registry(["documents", "civil_status", "sync"])
    for name in ("civil_status", "sync"):
        activation.enable(
            session, registry, actor="tests", commune=commune, name=name, with_dependencies=True
        )
    set_commune_scope(session, commune.id)
    return commune


def _submit(session: Session, commune: Commune, **data) -> CopyRequest:
    fields = {
        **factories.COPY_REQUESTER,
        "requester_name": "Mariem Mint Ahmed",
        "act_number": 412,
        "act_year": 2009,
        **data,
    }
    return requests.submit(
        session, None, actor="resident@example.org", commune=commune, channel="online", data=fields
    )


def _national(session: Session) -> list[dict]:
    rows = session.execute(
        select(OutboxMessage)
        .where(OutboxMessage.destination == "national:civil_status")
        .order_by(OutboxMessage.id)
    ).scalars()
    return [row.payload for row in rows]


def _told(session: Session, request: CopyRequest) -> list[str]:
    rows = session.execute(
        select(OutboxMessage)
        .where(OutboxMessage.destination != "national:civil_status")
        .order_by(OutboxMessage.id)
    ).scalars()
    return [
        m.payload["body"]
        for m in rows
        if request.code in m.payload["body"] and m.payload["channel"] == "email"
    ]


def _answer(session: Session, commune: Commune, request: CopyRequest, status: str, notes=""):
    return FEED.apply_status(
        session,
        commune,
        actor=REGISTRY,
        local_id=str(request.public_id),
        status=status,
        notes=notes,
    )


def test_an_entitled_request_is_forwarded_at_once_as_a_message_the_contract_accepts(
    linked: Unit,
) -> None:
    with linked() as session:
        commune = _front_office(session)
        made = _submit(session, commune)
        assert made.state == "forwarded"
        assert made.act_id is None
        (message,) = _national(session)
        told = _told(session, made)
    assert message["event_type"] == "civil_status_request.forwarded"
    assert message["object"] == {"type": "civil_status_request", "id": str(made.public_id)}
    contracts.validate("civil_status.civil_status_request.forwarded", message)
    payload = message["payload"]
    assert payload["act"] == {"act_number": 412, "act_year": 2009}
    assert payload["requester"] == {
        "name": "Mariem Mint Ahmed",
        "id_document_type": "national_id",
        "id_document_number": "BK123456",
        "relation": "self",
    }
    assert (payload["copy_type"], payload["channel"], payload["delivery"]) == (
        "extract",
        "online",
        "counter",
    )
    assert "postal_address" not in payload
    assert "transmise au registre national" in told[-1]


def test_a_posted_request_named_by_names_carries_its_address(linked: Unit) -> None:
    with linked() as session:
        commune = _front_office(session)
        _submit(
            session,
            commune,
            act_number=None,
            act_year=None,
            subject_name="Mariem Mint Ahmed",
            birth_date=date(1994, 3, 8),
            delivery="post",
            postal_address="12 rue de la Paix, 75002 Paris",
            country="FR",
        )
        (message,) = _national(session)
    contracts.validate("civil_status.civil_status_request.forwarded", message)
    payload = message["payload"]
    assert payload["act"] == {"subject_name": "Mariem Mint Ahmed", "birth_date": "1994-03-08"}
    assert (payload["delivery"], payload["postal_address"], payload["country"]) == (
        "post",
        "12 rue de la Paix, 75002 Paris",
        "FR",
    )


def test_a_guardian_waits_for_the_agent_who_checks_the_papers_and_forwards(
    linked: Unit,
) -> None:
    with linked() as session:
        commune = _front_office(session)
        made = _submit(session, commune, copy_type="full_copy", relation="guardian")
        assert made.state == "submitted"
        assert _national(session) == []
        requests.move(session, None, made, "forward", actor="agent", permissions=AGENT)
        assert made.state == "forwarded"
        (message,) = _national(session)
        actors = session.execute(
            select(AuditEvent.actor).where(
                AuditEvent.object_id == str(made.public_id),
                AuditEvent.action == forwarding.FORWARDED_ACTION,
            )
        ).scalars()
        assert list(actors) == ["agent"]
    assert message["payload"]["requester"]["relation"] == "guardian"


def test_a_requester_the_profile_does_not_entitle_is_refused_not_forwarded(linked: Unit) -> None:
    with linked() as session:
        commune = _front_office(session)
        made = _submit(session, commune, copy_type="full_copy", relation="other")
        assert (made.state, made.refusal_reason) == ("refused", "entitlement")
        assert _national(session) == []


def test_a_commune_that_keeps_its_acts_never_forwards(linked: Unit) -> None:
    with linked() as session:
        commune = _front_office(session, country="MA")
        made = _submit(session, commune, copy_type="full_copy", relation="guardian")
        assert made.state == "submitted"  # no act here: the agent looks for it
        with pytest.raises(Conflict):
            requests.move(session, None, made, "forward", actor="agent", permissions=AGENT)
        other = _submit(session, commune)
        assert other.state == "submitted"
        assert _national(session) == []


def test_the_registry_makes_the_request_ready_and_the_counter_hands_it_over(
    linked: Unit,
) -> None:
    with linked() as session:
        commune = _front_office(session)
        made = _submit(session, commune)
        assert _answer(session, commune, made, "ready") is Outcome.APPLIED
        assert made.state == "ready"
        assert "est prête" in _told(session, made)[-1]
        assert _answer(session, commune, made, "ready") is Outcome.SKIPPED  # told twice
        requests.move(session, None, made, "hand_over", actor="agent", permissions=AGENT)
        assert made.state == "delivered"
        assert len(_national(session)) == 1  # the registry's own answer is not sent back


def test_the_registry_refuses_with_its_reason_which_the_requester_reads(linked: Unit) -> None:
    with linked() as session:
        commune = _front_office(session)
        made = _submit(session, commune, language="fr")
        why = "Aucune naissance sous ce numéro"
        assert _answer(session, commune, made, "refused", why) is Outcome.APPLIED
        assert (made.state, made.refusal_reason, made.refusal_note) == ("refused", "registry", why)
        assert why in _told(session, made)[-1]


def test_unknown_requests_and_statuses_are_skipped_and_late_answers_noted(linked: Unit) -> None:
    with linked() as session:
        commune = _front_office(session)
        made = _submit(session, commune)
        waiting = _submit(session, commune, relation="guardian", copy_type="full_copy")
        assert _answer(session, commune, made, "lost") is Outcome.SKIPPED
        assert made.state == "forwarded"
        outcome = FEED.apply_status(
            session, commune, actor=REGISTRY, local_id="not-a-uuid", status="ready", notes=""
        )
        assert outcome is Outcome.SKIPPED
        # Not forwarded yet: the answer is kept for the agent, the request does not move.
        assert _answer(session, commune, waiting, "ready", "prête") is Outcome.NOTED
        assert waiting.state == "submitted"
        noted = session.execute(
            select(AuditEvent.changes).where(AuditEvent.action == forwarding.NOTED_ACTION)
        ).scalar_one()
        assert noted["registry_status"] == [None, "ready"]


def test_only_the_registry_answers_and_an_agent_cannot_forward_twice(linked: Unit) -> None:
    with linked() as session:
        commune = _front_office(session)
        made = _submit(session, commune)
        with pytest.raises(Forbidden):
            requests.move(session, None, made, "ready", actor="agent", permissions=AGENT)
        with pytest.raises(InvalidTransition):
            requests.move(session, None, made, "forward", actor="agent", permissions=AGENT)


def test_the_front_office_demo_shows_forwarded_ready_and_refused_requests(db, wsgi_app):
    with db() as session:
        year = factories.demo_year(wsgi_app.registry)
        commune = factories.commune(session, slug="nktt", country="MR")
        demo.load_demo(session, commune, "system:demo", year)
        set_commune_scope(session, commune.id)
        states = sorted(session.execute(select(CopyRequest.state)).scalars())
        assert states == ["forwarded", "ready", "refused", "submitted"]
        refused = session.execute(
            select(CopyRequest).where(CopyRequest.state == "refused")
        ).scalar_one()
        assert refused.refusal_reason == "registry"
