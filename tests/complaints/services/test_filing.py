"""Filing a complaint: anonymity, due dates, a place, and tracking codes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from complaints.services import filing
from municipality import audit
from municipality.db import set_commune_scope
from municipality.errors import NotFound, ValidationFailed
from municipality.models import OutboxMessage
from municipality.tenancy import commune_by_slug
from tests import factories
from tests.complaints.services.support import file_one


def test_anonymous_filing_sends_nothing_and_records_no_identity(db, sale):
    with db() as session:
        complaint = file_one(session, commune_by_slug(session, sale))
        assert complaint.state == "received"
        assert complaint.channel == "web"
        assert (complaint.reporter_name, complaint.reporter_email, complaint.reporter_phone) == (
            None,
            None,
            None,
        )
        assert session.execute(select(OutboxMessage)).first() is None
        events = audit.history(session, "complaint", str(complaint.public_id))
        assert [e.action for e in events] == ["complaints:request:received"]
        assert events[0].changes["anonymous"] == [None, True]


def test_due_dates_follow_the_category(db, sale):
    with db() as session:
        complaint = file_one(session, commune_by_slug(session, sale))
        created = complaint.created_at
        assert complaint.acknowledge_due_at - created < timedelta(hours=48, seconds=5)
        assert complaint.acknowledge_due_at - created > timedelta(hours=47)
        assert (complaint.resolve_due_at - complaint.acknowledge_due_at).days == 28


def test_a_complaint_must_say_where(db, sale):
    with db() as session:
        commune = commune_by_slug(session, sale)
        with pytest.raises(ValidationFailed) as refused:
            file_one(session, commune, address=None)
        assert "address" in refused.value.errors
        with pytest.raises(ValidationFailed):
            file_one(session, commune, address=None, latitude=34.03)
        located = file_one(session, commune, address=None, latitude=34.03, longitude=-6.8)
        assert (located.latitude, located.longitude) == (34.03, -6.8)


def test_tracking_codes_are_short_unguessable_and_unique(db, sale):
    codes = {filing.new_tracking_code() for _i in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == filing.TRACKING_LENGTH for c in codes)
    assert all(set(c) <= set(filing.TRACKING_ALPHABET) for c in codes)
    assert not set("01OIL") & set(filing.TRACKING_ALPHABET)
    with db() as session:
        complaint = file_one(session, commune_by_slug(session, sale))
        code = complaint.tracking_code
    with db() as session:
        commune = commune_by_slug(session, sale)
        set_commune_scope(session, commune.id)
        dashed = f"{code[:4].lower()}-{code[4:8]} {code[8:]}"
        assert filing.by_tracking_code(session, dashed).tracking_code == code
        other = factories.commune(session, slug="temara")
        set_commune_scope(session, other.id)
        with pytest.raises(NotFound):
            filing.by_tracking_code(session, code)
