"""The demo's year of complaints: on the map, in every state and channel, every month.

The whole demo is loaded once for this file (it is what ``make run`` shows), through the
real application, for a year ending at a fixed moment.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import webtest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from complaints import demo
from complaints.models import Category, Complaint, ComplaintPhoto
from complaints.services import categories, statistics
from complaints.services.inbox import is_overdue
from complaints.workflow import REOPENED, STATES
from municipality import audit
from municipality import demo as whole_demo
from municipality.db import make_session_factory, set_commune_scope
from municipality.models import AuditEvent, Commune
from municipality.transactions import unit_of_work
from tests import factories
from tests.conftest import wipe

END = datetime(2026, 5, 20, 9, 30, tzinfo=UTC)
CHANNELS = {("web", None), ("api", None), ("counter", "visit"), ("counter", "phone")}


def _load(engine: Engine, wsgi_app: Any) -> None:
    with unit_of_work(make_session_factory(engine)) as session:
        whole_demo.load(session, wsgi_app.registry, end=END)


def digest(session: Session) -> str:
    """What the complaints say, without their random identifiers (ids, codes, file keys)."""
    rows = session.execute(
        select(
            Commune.slug,
            Complaint.created_at,
            Category.code,
            Complaint.kind,
            Complaint.channel,
            Complaint.contact_mode,
            Complaint.description,
            Complaint.address,
            Complaint.latitude,
            Complaint.longitude,
            Complaint.reporter_email,
            Complaint.state,
            Complaint.resolved_at,
            Complaint.rating,
            Complaint.merged_into_id.is_not(None),
        )
        .join(Category, Complaint.category_id == Category.id)
        .join(Commune, Complaint.commune_id == Commune.id)
        .order_by(Commune.slug, Complaint.created_at, Complaint.description)
    ).all()
    photos = session.execute(select(ComplaintPhoto.sha256).order_by(ComplaintPhoto.sha256)).all()
    return hashlib.sha256(repr((rows, photos)).encode()).hexdigest()


@pytest.fixture(scope="module")
def loaded(engine: Engine, wsgi_app: Any) -> Iterator[str]:
    """The demo, loaded once; its complaints' digest."""
    wipe(engine)
    _load(engine, wsgi_app)
    with unit_of_work(make_session_factory(engine)) as session:
        found = digest(session)
    yield found
    wipe(engine)


@pytest.fixture
def session(loaded: str, engine: Engine) -> Iterator[Session]:
    with unit_of_work(make_session_factory(engine)) as session:
        yield session


def _commune(session: Session, slug: str) -> Commune:
    return session.execute(select(Commune).where(Commune.slug == slug)).scalar_one()


def _complaints(session: Session, slug: str) -> list[Complaint]:
    commune = _commune(session, slug)
    stmt = select(Complaint).where(Complaint.commune_id == commune.id)
    return list(session.execute(stmt).scalars())


def test_each_commune_has_about_300_complaints_in_every_state_and_channel(session):
    for slug in ("sale", "temara", "bamako-commune-3"):
        complaints = _complaints(session, slug)
        assert 250 <= len(complaints) <= 380, slug
        assert {c.state for c in complaints} == set(STATES), slug
        assert {(c.channel, c.contact_mode) for c in complaints} == CHANNELS, slug
        assert {c.category.code for c in complaints} == {
            code for code, *_r in demo.texts.CATEGORIES
        }
        assert {c.kind for c in complaints} == {"complaint", "observation", "suggestion"}


def test_the_year_has_merges_reopenings_ratings_photos_and_overdue_cases(session):
    complaints = _complaints(session, "sale")
    assert sum(c.merged_into_id is not None for c in complaints) >= 3
    assert sum(c.rating is not None for c in complaints) >= 30
    assert sum(is_overdue(c, END) for c in complaints) >= 5
    commune = _commune(session, "sale")
    reopened = session.execute(
        select(AuditEvent).where(AuditEvent.commune_id == commune.id, AuditEvent.action == REOPENED)
    ).all()
    assert reopened
    ids = [c.id for c in complaints]
    assert session.execute(select(ComplaintPhoto).where(ComplaintPhoto.complaint_id.in_(ids))).all()


def test_the_staff_map_shows_at_least_200_complaints(loaded, wsgi_app):
    browser = webtest.TestApp(wsgi_app, extra_environ={"HTTP_HOST": "localhost"})
    form = browser.get("/login").forms["deform"]
    form["email"] = whole_demo.staff_email("agent", "sale")
    form["password"] = whole_demo.DEMO_PASSWORD
    form.submit("login").maybe_follow()
    features = browser.get("/c/sale/complaints/map.geojson").json["features"]
    assert len(features) >= 200
    assert len({tuple(f["geometry"]["coordinates"]) for f in features}) >= 200


def test_every_month_of_the_statistics_has_complaints(session):
    for slug in ("sale", "bamako-commune-3"):
        commune = _commune(session, slug)
        rows = statistics.compute(session, commune, now=END, months=12)
        received = {row.month for row in rows if row.category is None and row.received}
        assert len(received) == 12, slug


def test_the_seasons_show_potholes_after_the_rains(session):
    """Salé's roads break in the winter rains, Bamako's in the rainy season (June to
    September)."""

    def road_months(slug: str) -> dict[int, int]:
        found: dict[int, int] = {}
        for complaint in _complaints(session, slug):
            if complaint.category.code == "voirie":
                month = complaint.created_at.month
                found[month] = found.get(month, 0) + 1
        return found

    sale, bamako = road_months("sale"), road_months("bamako-commune-3")
    assert sum(sale.get(m, 0) for m in (12, 1, 2)) > sum(sale.get(m, 0) for m in (6, 7, 8))
    assert sum(bamako.get(m, 0) for m in (7, 8, 9)) > sum(bamako.get(m, 0) for m in (1, 2, 3))


def test_the_audit_chain_of_every_demo_commune_verifies(session):
    for commune in session.execute(select(Commune)).scalars():
        report = audit.verify_chain(session, commune.id)
        assert report.intact, (commune.slug, report.reason)
        assert report.checked > 1000


def test_the_complaints_follow_the_year_on_the_chain(session):
    """The complaints' events are chained in the order their days came. (Modules replay
    their years one after another, so the commune's whole chain is not in time order.)"""
    commune = _commune(session, "temara")
    times = session.execute(
        select(AuditEvent.occurred_at)
        .where(AuditEvent.commune_id == commune.id, AuditEvent.action.like("complaints:%"))
        .order_by(AuditEvent.seq)
    ).scalars()
    aware = [t if t.tzinfo else t.replace(tzinfo=UTC) for t in times]
    assert aware
    assert aware == sorted(aware)
    assert aware[0] < END.replace(year=2025, month=6)


def test_two_loads_with_the_same_seed_give_the_same_complaints(loaded, engine, wsgi_app):
    wipe(engine)
    _load(engine, wsgi_app)
    with unit_of_work(make_session_factory(engine)) as session:
        again = digest(session)
    assert again == loaded


def test_without_a_gazetteer_the_complaints_have_addresses_only(db):
    with db() as session:
        commune = factories.commune(session, slug="demo")
        set_commune_scope(session, commune.id)
        demo.load_demo(session, commune, "system:demo", factories.demo_year())
        session.flush()
        codes = [c.code for c in categories.categories(session)]
        assert sorted(codes) == sorted(code for code, *_r in demo.texts.CATEGORIES)
        complaints = session.execute(select(Complaint)).scalars().all()
        assert len(complaints) >= 250
        assert all(c.latitude is None and c.address for c in complaints)
