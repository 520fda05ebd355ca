"""Overdue complaints (inbox badge and filter, dashboard queue) and the daily digest job."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from complaints import jobs
from complaints.models import Complaint
from complaints.permissions import Perm
from complaints.services import filing, handling, inbox
from municipality.database import SESSION_FACTORY_KEY
from municipality.db import make_session_factory, set_commune_scope, utcnow
from municipality.models import OutboxMessage
from municipality.tenancy import commune_by_slug
from tests import factories

EVERYTHING = frozenset(Perm)
DEPARTMENTS = {"eclairage": "Service technique", "voirie": "Service de la voirie"}


def _category(session, commune, code):
    return factories.category(
        session,
        commune,
        code=code,
        name_fr=code.capitalize(),
        department=DEPARTMENTS[code],
        hours_to_acknowledge=24,
        days_to_resolve=10,
    )


def _file(session, commune, category, description):
    return filing.file_complaint(
        session,
        actor="public",
        commune=commune,
        data={"category": category, "description": description, "address": "Place du marché"},
    )


@pytest.fixture
def sale(db):
    """Three complaints: unacknowledged too long, past its resolve date, and on time."""
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "complaints")
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
        factories.user(session, role="commune_admin", commune_=commune, email="admin@sale.test")
        set_commune_scope(session, commune.id)
        light = _category(session, commune, "eclairage")
        road = _category(session, commune, "voirie")
        now = utcnow()
        late_ack = _file(session, commune, light, "Lampadaire éteint depuis longtemps")
        late_ack.created_at = now - timedelta(days=3)
        late_ack.acknowledge_due_at = now - timedelta(days=2)
        late_fix = _file(session, commune, road, "Nid-de-poule jamais réparé")
        for action in ("acknowledge", "assign"):
            handling.act(
                session, actor="x", complaint=late_fix, action=action, permissions=EVERYTHING
            )
        late_fix.created_at = now - timedelta(days=20)
        late_fix.resolve_due_at = now - timedelta(days=1)
        on_time = _file(session, commune, road, "Trottoir cassé signalé ce matin")
        handling.act(
            session, actor="x", complaint=on_time, action="acknowledge", permissions=EVERYTHING
        )
    return "sale"


def test_overdue_means_unacknowledged_or_unresolved_past_the_target(db, sale):
    with db() as session:
        set_commune_scope(session, commune_by_slug(session, "sale").id)
        now = utcnow()
        found = session.execute(select(Complaint).where(inbox.overdue_condition(now))).scalars()
        descriptions = sorted(c.description for c in found)
        assert descriptions == ["Lampadaire éteint depuis longtemps", "Nid-de-poule jamais réparé"]
        assert inbox.overdue_count(session, now) == 2
        for complaint in session.execute(select(Complaint)).scalars():
            assert inbox.is_overdue(complaint, now) == (complaint.description in descriptions)
        # a later answer is no longer overdue for acknowledging, but still for resolving
        late_ack = next(
            c for c in session.execute(select(Complaint)).scalars() if "Lamp" in c.description
        )
        handling.act(
            session, actor="x", complaint=late_ack, action="acknowledge", permissions=EVERYTHING
        )
        assert not inbox.is_overdue(late_ack, now)
        assert inbox.is_overdue(late_ack, late_ack.resolve_due_at + timedelta(seconds=1))


def test_inbox_flags_and_filters_overdue_complaints(app, sale):
    factories.log_in(app, "agent@sale.test")
    inbox = app.get("/c/sale/complaints")
    cards = inbox.html.select("ul.list li")
    assert len(cards) == 3
    flagged = [c for c in cards if c.select(".badge.overdue")]
    assert sorted(c.a.get_text() for c in flagged) == [
        "Lampadaire éteint depuis longtemps",
        "Nid-de-poule jamais réparé",
    ]
    only = app.get("/c/sale/complaints", params={"overdue": "1"})
    assert len(only.html.select("ul.list li")) == 2
    assert only.html.select_one("input[name=overdue]").has_attr("checked")
    assert "Trottoir" not in only.text


def test_dashboard_has_an_overdue_work_queue(app, sale):
    factories.log_in(app, "agent@sale.test")
    dashboard = app.get("/c/sale/")
    queues = {
        q.select_one("a")["href"]: int(q.select_one(".count").get_text())
        for q in dashboard.html.select(".queue")
    }
    overdue = next(href for href in queues if "overdue=1" in href)
    assert queues[overdue] == 2
    assert len(app.get(overdue).html.select("ul.list li")) == 2


def _digests(session):
    return (
        session.execute(
            select(OutboxMessage)
            .where(OutboxMessage.idempotency_key.like("complaints-digest:%"))
            .order_by(OutboxMessage.idempotency_key)
        )
        .scalars()
        .all()
    )


@pytest.fixture
def registry(engine):
    return {SESSION_FACTORY_KEY: make_session_factory(engine)}


def test_each_department_gets_one_digest_a_day_even_when_run_twice(db, registry, sale):
    assert jobs.send_digests(registry) == []
    with db() as session:
        sent = _digests(session)
        day = utcnow().date().isoformat()
        assert [m.idempotency_key for m in sent] == [
            f"complaints-digest:sale:Service de la voirie:{day}",
            f"complaints-digest:sale:Service technique:{day}",
        ]
        road, light = (m.payload for m in sent)
        assert road["to"] == light["to"] == "admin@sale.test"
        assert road["channel"] == "email"
        assert "Nid-de-poule" not in road["body"]  # the body names codes, not descriptions
        codes = {
            c.description: c.tracking_code for c in session.execute(select(Complaint)).scalars()
        }
        overdue_part, new_part = road["body"].split("\n\n")
        assert codes["Nid-de-poule jamais réparé"] in overdue_part
        assert codes["Trottoir cassé signalé ce matin"] in new_part
        assert codes["Trottoir cassé signalé ce matin"] not in overdue_part
        assert codes["Lampadaire éteint depuis longtemps"] in light["body"]
        before = session.execute(select(func.count()).select_from(OutboxMessage)).scalar_one()
    assert jobs.send_digests(registry) == []
    with db() as session:
        assert (
            session.execute(select(func.count()).select_from(OutboxMessage)).scalar_one() == before
        )
        assert jobs.queue_digests(session, commune_by_slug(session, sale), utcnow()) == 0


def test_a_commune_without_the_module_or_admins_gets_no_digest(db, registry, sale):
    with db() as session:
        other = factories.commune(session, slug="rabat")
        set_commune_scope(session, other.id)
        _file(session, other, _category(session, other, "voirie"), "Route coupée à Rabat")
        set_commune_scope(session, None)
    jobs.send_digests(registry)
    with db() as session:
        keys = [m.idempotency_key for m in _digests(session)]
        assert keys
        assert all(":rabat:" not in key for key in keys)
