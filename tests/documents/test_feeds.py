"""The national documents feed: issue and revocation become contract messages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from documents import issuance
from municipality.database import SESSION_FACTORY_KEY
from municipality.db import set_commune_scope
from municipality.models import OutboxMessage
from municipality.transactions import unit_of_work
from tests.documents.support import ISSUER, issue, issuing_commune
from tests.sync import delivery_support as sync_support


@pytest.fixture
def linked(db, wsgi_app):
    """Units of work on the application's own sessions, which sync listens to."""
    factory = wsgi_app.registry[SESSION_FACTORY_KEY]
    return lambda: unit_of_work(factory)


def test_issuing_and_revoking_queue_the_contract_messages(linked, wsgi_app):
    with linked() as session:
        commune = issuing_commune(session, wsgi_app.registry)
        sync_support.enable_sync(session, commune)
        document = issue(session, wsgi_app.registry, commune)
        issuance.revoke(
            session, actor="tests", document=document, reason="wrong address", permissions=ISSUER
        )
        set_commune_scope(session, commune.id)
        messages = (
            session.execute(
                select(OutboxMessage).where(OutboxMessage.destination == "national:documents")
            )
            .scalars()
            .all()
        )
        payloads = [m.payload for m in messages]
    assert [p["event_type"] for p in payloads] == ["document.issued", "document.revoked"]
    issued, revoked = (p["payload"] for p in payloads)
    assert issued["document_type"] == "residence_certificate"
    assert issued["number"] == document.number
    assert issued["sha256"] == document.document_hash
    assert issued["verification_url"] == "http://localhost/verify"
    assert "full_name" not in issued
    assert revoked == {
        "local_id": str(document.public_id),
        "number": document.number,
        "reason": "wrong address",
        "revoked_at": revoked["revoked_at"],
    }


def test_no_message_leaves_a_commune_without_sync(linked, wsgi_app):
    with linked() as session:
        commune = issuing_commune(session, wsgi_app.registry)
        issue(session, wsgi_app.registry, commune)
        assert session.execute(select(OutboxMessage)).first() is None
