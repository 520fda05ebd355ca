"""Who read my act: printed at the counter, or shown online to a resident for the acts an
agent vouched are theirs; by office, when and why; each showing is a read."""

from __future__ import annotations

from datetime import timedelta
from threading import Lock

import pytest
from sqlalchemy import select

from civil_status.models import Act
from civil_status.permissions import ENTRY
from civil_status.services import acts, readers, requests
from documents import services
from municipality.db import set_commune_scope, utcnow
from municipality.models import AuditEvent
from tests import factories
from tests.civil_status.test_views import bureau  # noqa: F401 - the fixture
from tests.documents.support import enable_documents


def test_accesses_give_the_office_not_the_name(db):
    with db() as session:
        commune = factories.commune(session, slug="rabat")
        factories.enable(session, commune, "civil_status")
        factories.user(session, role="agent", commune_=commune, email="clerk@rabat.test")
        act = factories.signed_act(session, register_=factories.register(session, commune_=commune))
        acts.read(session, actor="clerk@rabat.test", act=act, reason="verification")
        acts.read(session, actor="someone@else.test", act=act, reason="court_request")
        found = readers.accesses(session, act)
        assert [(a.roles, a.reason) for a in found] == [
            (("agent",), "verification"),
            ((), "court_request"),
        ]
        printed = readers.for_the_person(session, actor="clerk@rabat.test", act=act)
        assert [a.reason for a in printed][-1] == readers.COUNTER_REASON
        assert len(acts.readers(session, act)) == 3


def test_the_counter_prints_who_read_the_act(app, bureau, db):  # noqa: F811
    with db() as session:
        act = session.query(Act).first()
        public_id = act.public_id
        acts.read(session, actor="agent@sale.test", act=act, reason="verification")
    factories.log_in(app, "agent@sale.test")
    page = app.get(f"/c/sale/civil-status/acts/{public_id}", {"why": "counter_request"})
    page = page.click(href="/readers")
    rows = page.html.select("#accesses tbody tr")
    assert len(rows) == 3  # the verification, the opening of the act, this printing
    assert "agent@sale.test" not in page.html.find(id="accesses").text
    assert all(r.select("td")[1].text.strip() for r in rows)


RESIDENT = "yasmine@example.org"
AGENT = frozenset(ENTRY)


@pytest.fixture(autouse=True)
def fresh_trust_cache(monkeypatch):
    """Each test empties the database, so trust list ids repeat with another signer."""
    monkeypatch.setattr(services, "_TRUST_CACHE", services._TrustCache(Lock()))


def _delivered(session, registry, commune, act, *, relation="self", at_the_counter=True):
    """An online request from the resident's account, paid, issued, then handed over at the
    counter (identity checked) or downloaded."""
    made = requests.submit(
        session,
        registry,
        actor=RESIDENT,
        commune=commune,
        channel="online",
        data={
            **factories.COPY_REQUESTER,
            "relation": relation,
            "act_number": act.number,
            "act_year": act.register.year,
        },
        account_email=RESIDENT,
    )
    system = {"actor": requests.SYSTEM_ACTOR, "permissions": requests.SYSTEM}
    requests.move(session, registry, made, "settle", **system, data={"receipt": "PAY-1"})
    requests.move(session, registry, made, "issue", **system)
    if at_the_counter:
        requests.move(
            session, registry, made, "hand_over", actor="clerk@sale.test", permissions=AGENT
        )
    else:
        requests.collect(session, registry, made, actor=f"requester:{made.code}")
    assert made.state == "delivered"
    return made


@pytest.fixture
def residents(db, wsgi_app):
    """Yasmine collected her own act's copy at the counter, her son's too, and downloaded a
    third act's copy as its subject: only the first is hers."""
    registry = wsgi_app.registry
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "civil_status")
        enable_documents(session, registry, commune)
        factories.user(session, role="agent", commune_=commune, email="clerk@sale.test")
        factories.user(session, email=RESIDENT)
        factories.user(session, email="other@example.org")
        register = factories.register(session, commune_=commune)
        own = factories.signed_act(session, register_=register)
        sons = factories.signed_act(
            session,
            register_=register,
            given_name_lat="Karim",
            event_date=utcnow().date() - timedelta(days=8),
        )
        downloaded = factories.signed_act(
            session,
            register_=register,
            given_name_lat="Nora",
            event_date=utcnow().date() - timedelta(days=15),
        )
        set_commune_scope(session, commune.id)
        _delivered(session, registry, commune, own)
        _delivered(session, registry, commune, sons, relation="parent")
        _delivered(session, registry, commune, downloaded, at_the_counter=False)
        for act in (own, sons, downloaded):
            acts.read(session, actor="clerk@sale.test", act=act, reason="court_request")
        return {"own": own.public_id, "sons": sons.public_id, "commune": commune.id}


def test_a_resident_sees_the_reads_of_the_acts_an_agent_vouched_are_theirs(db, residents):
    with db() as session:
        set_commune_scope(session, residents["commune"])
        assert [a.public_id for a in readers.own_acts(session, RESIDENT)] == [residents["own"]]
        assert readers.own_acts(session, "other@example.org") == []
        shown = readers.for_the_resident(session, account_email=RESIDENT, actor=RESIDENT)
        assert [item.act.public_id for item in shown] == [residents["own"]]
        assert [(a.roles, a.reason) for a in shown[0].accesses][-2:] == [
            (("agent",), "court_request"),
            ((), readers.RESIDENT_REASON),  # the showing itself is logged
        ]
        sons = session.execute(select(Act).where(Act.public_id == residents["sons"])).scalar_one()
        assert readers.RESIDENT_REASON not in [a.reason for a in readers.accesses(session, sons)]


def test_the_resident_page_lists_their_act_reads_and_nothing_for_anyone_else(app, db, residents):
    app.get("/sale/civil-status/mine/reads", status=302)  # signed out: log in first
    factories.log_in(app, RESIDENT)
    mine = app.get("/sale/civil-status/mine").click(href="/mine/reads")
    tables = mine.html.select("table")
    assert len(tables) == 1
    rows = tables[0].select("tbody tr")
    assert "court_request" not in tables[0].text  # reasons are shown in words
    assert "clerk@sale.test" not in mine.text  # the office, never the name
    assert not any("Karim" in s.text for s in mine.html.select("h2"))
    assert len(rows) >= 2
    app.reset()
    factories.log_in(app, "other@example.org")
    empty = app.get("/sale/civil-status/mine/reads")
    assert not empty.html.select("table")
    assert empty.html.find(class_="empty")
    with db() as session:
        reads = session.execute(
            select(AuditEvent).where(AuditEvent.action == acts.READ_ACTION)
        ).scalars()
        by_resident = [e for e in reads if e.actor == RESIDENT]
    assert [e.object_id for e in by_resident] == [str(residents["own"])]
