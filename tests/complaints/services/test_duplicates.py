"""Duplicates: nearby open complaints of one category are offered, merged, and all told."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from complaints.models import Complaint
from complaints.permissions import Perm
from complaints.services import categories, duplicates, filing, handling
from municipality.db import set_commune_scope
from municipality.errors import Conflict
from municipality.models import AuditEvent, OutboxMessage
from municipality.tenancy import commune_by_slug
from tests import factories

EVERYTHING = frozenset(Perm)
LAT, LON = 34.0331, -6.7985  # Salé
METRE_LAT = 1 / 111_195  # one metre of latitude, in degrees
RADIUS = 50


def _category(session, commune, code):
    return factories.category(session, commune, code=code, department="Service technique")


def _file(session, commune, category, north_m=0.0, email=None, phone=None):
    return filing.file_complaint(
        session,
        actor="public",
        commune=commune,
        data={
            "category": category,
            "description": "Lampadaire éteint",
            "latitude": LAT + north_m * METRE_LAT,
            "longitude": LON,
            "reporter_email": email,
            "reporter_phone": phone,
        },
    )


@pytest.fixture
def sale(db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        _category(session, commune, "eclairage")
        _category(session, commune, "voirie")
    return "sale"


def _setup(session):
    commune = commune_by_slug(session, "sale")
    set_commune_scope(session, commune.id)
    cats = {c.code: c for c in categories.categories(session)}
    return commune, cats


def test_haversine_is_right_to_the_metre():
    assert duplicates.haversine_m(LAT, LON, LAT, LON) == 0
    assert duplicates.haversine_m(LAT, LON, LAT + 100 * METRE_LAT, LON) == pytest.approx(100, 0.01)


def test_an_open_complaint_within_the_radius_is_offered(db, sale):
    with db() as session:
        commune, cats = _setup(session)
        first = _file(session, commune, cats["eclairage"])
        near = _file(session, commune, cats["eclairage"], north_m=30)
        found = duplicates.candidates(session, near, RADIUS)
        assert [c.id for c, _d in found] == [first.id]
        assert found[0][1] == pytest.approx(30, abs=0.5)


def test_outside_the_radius_other_category_and_closed_ones_are_not_offered(db, sale):
    with db() as session:
        commune, cats = _setup(session)
        _file(session, commune, cats["eclairage"], north_m=80)  # too far
        _file(session, commune, cats["voirie"], north_m=5)  # other category
        closed = _file(session, commune, cats["eclairage"], north_m=10)
        for action in ("acknowledge", "assign", "start", "resolve", "close"):
            handling.act(
                session, actor="x", complaint=closed, action=action, permissions=EVERYTHING
            )
        rejected = _file(session, commune, cats["eclairage"], north_m=10)
        handling.act(
            session,
            actor="x",
            complaint=rejected,
            action="reject",
            permissions=EVERYTHING,
            data={"reason": "hors compétence"},
        )
        new = _file(session, commune, cats["eclairage"])
        assert duplicates.candidates(session, new, RADIUS) == []
        assert len(duplicates.candidates(session, new, 100)) == 1


def test_another_communes_complaint_is_never_offered(db, sale):
    with db() as session:
        other = factories.commune(session, slug="rabat")
        set_commune_scope(session, other.id)
        theirs = _category(session, other, "eclairage")
        _file(session, other, theirs)
        set_commune_scope(session, None)
        commune, cats = _setup(session)
        mine = _file(session, commune, cats["eclairage"], north_m=1)
        assert duplicates.candidates(session, mine, RADIUS) == []


def test_merge_closes_the_duplicate_audits_and_fans_out_notifications(db, sale):
    with db() as session:
        commune, cats = _setup(session)
        primary = _file(session, commune, cats["eclairage"], email="first@example.org")
        duplicate = _file(
            session, commune, cats["eclairage"], north_m=20, email="second@example.org"
        )
        third = _file(session, commune, cats["eclairage"], north_m=25, phone="+212600000003")
        duplicates.merge(session, actor="agent", duplicate=third, primary=duplicate)
        duplicates.merge(session, actor="agent", duplicate=duplicate, primary=primary)
        assert duplicate.state == "closed"
        assert duplicate.merged_into_id == primary.id
        # the complaint merged into the duplicate follows it to the primary
        assert {c.id for c in duplicates.merged_into(session, primary)} == {
            duplicate.id,
            third.id,
        }
        actions = session.execute(
            select(AuditEvent.action, AuditEvent.object_id).where(
                AuditEvent.action.like("complaints:request:%")
            )
        ).all()
        assert ("complaints:request:merged", str(duplicate.public_id)) in actions
        assert ("complaints:request:absorbed", str(primary.public_id)) in actions
        before = set(session.execute(select(OutboxMessage.id)).scalars())
        handling.act(
            session, actor="agent", complaint=primary, action="acknowledge", permissions=EVERYTHING
        )
        sent = session.execute(
            select(OutboxMessage).where(OutboxMessage.id.not_in(before))
        ).scalars()
        told = {(m.payload["channel"], m.payload["to"]): m.payload["body"] for m in sent}
        assert set(told) == {
            ("email", "first@example.org"),
            ("email", "second@example.org"),
            ("sms", "+212600000003"),
        }
        # each reporter reads the code they were given
        assert duplicate.tracking_code in told[("email", "second@example.org")]
        assert primary.tracking_code in told[("email", "first@example.org")]


def test_merging_is_refused_across_categories_closed_or_into_itself(db, sale):
    with db() as session:
        commune, cats = _setup(session)
        first = _file(session, commune, cats["eclairage"])
        road = _file(session, commune, cats["voirie"])
        with pytest.raises(Conflict):
            duplicates.merge(session, actor="x", duplicate=road, primary=first)
        with pytest.raises(Conflict):
            duplicates.merge(session, actor="x", duplicate=first, primary=first)
        second = _file(session, commune, cats["eclairage"])
        duplicates.merge(session, actor="x", duplicate=second, primary=first)
        with pytest.raises(Conflict):
            duplicates.merge(session, actor="x", duplicate=second, primary=first)
        assert session.get(Complaint, road.id).merged_into_id is None


def test_staff_see_the_match_and_merge_it_from_the_detail_page(app, db, sale):
    with db() as session:
        commune, cats = _setup(session)
        factories.enable(session, commune, "complaints")
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
        factories.user(
            session, role="supervisor", region_=commune.region, email="supervisor@sale.test"
        )
        primary = _file(session, commune, cats["eclairage"], email="first@example.org")
        duplicate = _file(session, commune, cats["eclairage"], north_m=10)
        primary_id, duplicate_id = str(primary.public_id), str(duplicate.public_id)
    factories.log_in(app, "supervisor@sale.test")
    page = app.get(f"/c/sale/complaints/{duplicate_id}")
    assert not page.html.select(".duplicates")  # may read, may not merge
    app.reset()
    factories.log_in(app, "agent@sale.test")
    page = app.get(f"/c/sale/complaints/{duplicate_id}")
    offered = page.html.select_one(".duplicates")
    assert primary.tracking_code in offered.text
    merged = page.forms[next(k for k, f in page.forms.items() if "/merge/" in f.action)]
    assert merged.action.endswith(f"/c/sale/complaints/{duplicate_id}/merge/{primary_id}")
    response = merged.submit()
    assert response.location.endswith(f"/c/sale/complaints/{primary_id}")
    closed = app.get(f"/c/sale/complaints/{duplicate_id}")
    assert "closed" in closed.text or "clôturée" in closed.text.lower()
    assert primary.tracking_code in closed.html.select_one("dl").text
    assert not closed.html.select(".duplicates")
