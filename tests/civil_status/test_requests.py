"""Copy requests: the act found by number or by names, each profile's entitlement rule,
the power of attorney, refusals with a reason, the fee paid through the payments module
(cash at the counter's till) which issues the sealed copy, delivery and posting, and the
requester told at every step."""

from __future__ import annotations

from threading import Lock

import pytest
from sqlalchemy import select

from civil_status.models import CopyRequest
from civil_status.permissions import ENTRY, NATIONAL_REGISTRY, Perm
from civil_status.request_workflow import REQUEST_WORKFLOW
from civil_status.services import requests
from documents import issuance, services
from documents.services import RevokedInDatabase, server_trust_list
from documents.verification import Status, verify
from municipality.db import set_commune_scope, utcnow
from municipality.errors import Forbidden, InvalidTransition, NotFound, ValidationFailed
from municipality.models import AuditEvent, OutboxMessage
from payments.services import counter, intents
from tests import factories
from tests.documents.support import enable_documents, qr_text

AGENT = frozenset(ENTRY)
OFFICER = frozenset(Perm)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def fresh_trust_cache(monkeypatch):
    """Each test empties the database, so trust list ids repeat with another signer."""
    monkeypatch.setattr(services, "_TRUST_CACHE", services._TrustCache(Lock()))


def _bureau(session, registry=None, country: str = "MA", *, signer: bool = True):
    commune = factories.commune(session, slug="sale", country=country)
    factories.enable(session, commune, "civil_status")
    if registry is not None and signer:
        enable_documents(session, registry, commune)
    register = factories.register(session, commune_=commune)
    act = factories.signed_act(session, register_=register)
    set_commune_scope(session, commune.id)
    return commune, act


def _submit(session, registry, commune, act, *, attorney=None, channel="online", **data):
    fields = {
        **factories.COPY_REQUESTER,
        "act_number": act.number,
        "act_year": act.register.year,
        **data,
    }
    return requests.submit(
        session,
        registry,
        actor="resident@example.org",
        commune=commune,
        channel=channel,
        data=fields,
        attorney=attorney,
    )


def _states(session, request: CopyRequest) -> list[str]:
    events = session.execute(
        select(AuditEvent.action)
        .where(AuditEvent.object_id == str(request.public_id))
        .order_by(AuditEvent.seq)
    ).scalars()
    return [e.removeprefix("civil_status:request:") for e in events]


def _messages(session, request: CopyRequest) -> list[str]:
    rows = session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars()
    return [m.payload["body"] for m in rows if request.code in m.payload["body"]]


def test_an_extract_of_an_act_found_by_number_and_year_awaits_payment(db, wsgi_app):
    with db() as session:
        commune, act = _bureau(session)
        made = _submit(session, wsgi_app.registry, commune, act)
        assert made.state == "awaiting_payment"
        assert made.act_id == act.id
        assert made.code.startswith("CS-")
        assert len(made.code) == 17
        assert _states(session, made) == ["submitted", "awaiting_payment"]
        bodies = _messages(session, made)
        assert len(bodies) == 4  # e-mail and SMS, for each of the two steps
        assert "reçue" in bodies[0]
        assert "payer" in bodies[2]


def test_an_act_found_by_names_in_any_script_and_the_date_of_birth(db, wsgi_app):
    with db() as session:
        commune, act = _bureau(session)
        made = _submit(
            session,
            wsgi_app.registry,
            commune,
            act,
            act_number=None,
            act_year=None,
            subject_name="ياسمين العمراني",
            birth_date=act.event_date,
        )
        assert made.act_id == act.id
        assert made.state == "awaiting_payment"


def test_an_act_not_found_waits_for_the_agent_who_links_it_or_refuses(db, wsgi_app):
    registry = wsgi_app.registry
    with db() as session:
        commune, act = _bureau(session)
        lost = _submit(session, registry, commune, act, act_number=9999)
        assert (lost.state, lost.act_id) == ("submitted", None)
        with pytest.raises(ValidationFailed):
            requests.move(session, registry, lost, "accept", actor="agent", permissions=AGENT)
        requests.link_act(session, actor="agent", request=lost, act=act)
        requests.move(session, registry, lost, "accept", actor="agent", permissions=AGENT)
        assert lost.state == "awaiting_payment"
        other = _submit(session, registry, commune, act, act_number=9998)
        with pytest.raises(ValidationFailed):
            requests.move(session, registry, other, "refuse", actor="agent", permissions=AGENT)
        requests.move(
            session,
            registry,
            other,
            "refuse",
            actor="agent",
            permissions=AGENT,
            data={"reason": "act_not_found"},
        )
        assert other.state == "refused"
        assert "introuvable" in _messages(session, other)[-1]


# The profile's entitlement, as each requester meets it: refused at once, waiting for an
# agent to check the papers (guardian), or straight to payment.
ENTITLEMENTS = [
    ("MA", "full_copy", "self", "awaiting_payment"),
    ("MA", "full_copy", "parent", "awaiting_payment"),
    ("MA", "full_copy", "spouse", "awaiting_payment"),
    ("MA", "full_copy", "guardian", "submitted"),
    ("MA", "full_copy", "other", "refused"),
    ("MA", "extract", "other", "awaiting_payment"),
    ("MA", "individual_sheet", "self", "awaiting_payment"),
    ("MA", "individual_sheet", "child", "refused"),
    ("ML", "full_copy", "child", "awaiting_payment"),
    ("ML", "full_copy", "other", "refused"),
    ("ML", "extract", "other", "awaiting_payment"),
]


@pytest.mark.parametrize(("country", "copy_type", "relation", "state"), ENTITLEMENTS)
def test_each_profile_entitles_whom_its_law_names(
    db, wsgi_app, country, copy_type, relation, state
):
    with db() as session:
        commune, act = _bureau(session, country=country)
        made = _submit(
            session, wsgi_app.registry, commune, act, copy_type=copy_type, relation=relation
        )
        assert made.state == state
        if state == "refused":
            assert made.refusal_reason == "entitlement"


def test_a_copy_the_profile_does_not_list_is_refused_before_anything_is_written(db, wsgi_app):
    with db() as session:
        commune, act = _bureau(session, country="ML")
        with pytest.raises(ValidationFailed):
            _submit(session, wsgi_app.registry, commune, act, copy_type="individual_sheet")
        assert session.execute(select(CopyRequest)).first() is None


@pytest.mark.parametrize(
    ("content", "accepted"),
    [
        (None, False),
        (b"GIF89a not a pdf", False),
        (PDF + b"0" * (2 * 1024 * 1024), False),
        (PDF, True),
    ],
)
def test_someone_authorised_uploads_a_power_of_attorney_pdf(db, wsgi_app, content, accepted):
    with db() as session:
        commune, act = _bureau(session)
        if not accepted:
            with pytest.raises(ValidationFailed):
                _submit(
                    session,
                    wsgi_app.registry,
                    commune,
                    act,
                    copy_type="full_copy",
                    relation="authorised",
                    attorney=content,
                )
            return
        made = _submit(
            session,
            wsgi_app.registry,
            commune,
            act,
            copy_type="full_copy",
            relation="authorised",
            attorney=content,
        )
        assert made.state == "submitted"  # an agent reads the power of attorney first
        stored = issuance.file_store(wsgi_app.registry).read(session, made.attorney_sha256)
        assert stored == PDF


def test_a_copy_posted_abroad_needs_the_address(db, wsgi_app):
    with db() as session:
        commune, act = _bureau(session)
        with pytest.raises(ValidationFailed):
            _submit(session, wsgi_app.registry, commune, act, channel="diaspora", delivery="post")
        made = _submit(
            session,
            wsgi_app.registry,
            commune,
            act,
            channel="diaspora",
            delivery="post",
            postal_address="12 rue des Lilas, 75011 Paris",
            country="FR",
        )
        assert (made.channel, made.delivery, made.country) == ("diaspora", "post", "FR")


def _pay_cash(session, registry, commune, made):
    """The fee paid in cash at a cashier's till, through the payments module's services."""
    payment = intents.request_payment(
        session,
        actor="cashier@sale.test",
        commune=commune,
        registry=registry,
        kind="civil_status.request",
        reference=made.code,
        provider=intents.CASH,
    )
    till = counter.open_till(session, actor="cashier@sale.test", commune=commune)
    counter.take_cash(
        session,
        actor="cashier@sale.test",
        registry=registry,
        till=till,
        payment=payment,
        received=str(payment.amount),
    )
    return payment


def test_the_fee_paid_at_the_till_issues_a_sealed_copy_the_requester_downloads(db, wsgi_app):
    registry = wsgi_app.registry
    with db() as session:
        commune, act = _bureau(session, registry)
        factories.enable_payments(session, commune)
        set_commune_scope(session, commune.id)
        made = _submit(session, registry, commune, act, copy_type="full_copy", language="ar")
        payment = _pay_cash(session, registry, commune, made)
        assert payment.state == "confirmed"
        assert payment.title == "Full copy of a birth act"
        assert made.state == "issued"
        assert made.payment_reference == payment.reference
        assert made.document_number.startswith("BFC-")
        body = requests.copy_pdf(session, registry, made)
        assert made.state == "issued"  # reading the copy changes nothing
        requests.collect(session, registry, made, actor="requester")
        verdict = verify(
            qr_text(body), server_trust_list(session), RevokedInDatabase(session), utcnow().date()
        )
        assert verdict.status == Status.VALID
        assert made.state == "delivered"
        assert _states(session, made) == [
            "submitted",
            "awaiting_payment",
            "paid",
            "issued",
            "delivered",
        ]
        with pytest.raises(NotFound):  # paid: nothing more to pay under this code
            intents.find_payable(registry, session, commune, "civil_status.request", made.code)


def test_without_a_signer_the_paid_request_waits_and_the_job_issues_it(db, wsgi_app):
    registry = wsgi_app.registry
    with db() as session:
        commune, act = _bureau(session, registry, signer=False)
        factories.enable_payments(session, commune)
        set_commune_scope(session, commune.id)
        made = _submit(session, registry, commune, act)
        _pay_cash(session, registry, commune, made)
        assert made.state == "paid"
        assert requests.issue_waiting(session, registry) == 0
        enable_documents(session, registry, commune)
        set_commune_scope(session, commune.id)
        assert requests.issue_waiting(session, registry) == 1
        assert made.state == "issued"
        assert made.document_number.startswith("BEX-")


def test_a_copy_posted_abroad_records_its_tracking_reference(db, wsgi_app):
    registry = wsgi_app.registry
    with db() as session:
        commune, act = _bureau(session, registry)
        factories.enable_payments(session, commune)
        set_commune_scope(session, commune.id)
        made = _submit(
            session,
            registry,
            commune,
            act,
            channel="consulate",
            delivery="post",
            postal_address="Consulat, Bruxelles",
            country="BE",
        )
        _pay_cash(session, registry, commune, made)
        with pytest.raises(NotFound):  # posted copies are not downloaded
            requests.collect(session, registry, made, actor="requester")
        with pytest.raises(ValidationFailed):
            requests.move(session, registry, made, "post", actor="agent", permissions=AGENT)
        requests.move(
            session,
            registry,
            made,
            "post",
            actor="agent",
            permissions=AGENT,
            data={"tracking_reference": "RR123456789MA"},
        )
        assert made.state == "posted"
        assert "RR123456789MA" in _messages(session, made)[-1]


def test_no_role_settles_a_request_and_impossible_moves_are_refused(db, wsgi_app):
    registry = wsgi_app.registry
    with db() as session:
        commune, act = _bureau(session)
        made = _submit(session, registry, commune, act)
        with pytest.raises(Forbidden):
            requests.move(
                session,
                registry,
                made,
                "settle",
                actor="x",
                permissions=OFFICER,
                data={"receipt": "PAY-X"},
            )
        with pytest.raises(InvalidTransition):
            requests.move(session, registry, made, "hand_over", actor="x", permissions=OFFICER)
        for (state, action), transition in REQUEST_WORKFLOW.table.items():
            assert transition.permission in (
                *Perm,
                requests.SETTLE_REQUEST,
                "civil_status:request:collect",
                NATIONAL_REGISTRY,  # the registry's answer to a forwarded request
            ), (state, action)


def test_a_code_opens_nothing_of_another_commune(db, wsgi_app):
    with db() as session:
        commune, act = _bureau(session)
        made = _submit(session, wsgi_app.registry, commune, act)
        other = factories.commune(session, slug="rabat")
        set_commune_scope(session, other.id)
        with pytest.raises(NotFound):
            requests.by_code(session, made.code)
        set_commune_scope(session, commune.id)
        assert requests.by_code(session, made.code.lower().replace("-", " ")) is made
