"""Scans of digitised acts: checked by content, kept in the core's store, opened with a
reason like the act; the paper number lies within the register's paper numbering."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from civil_status.models import Act
from civil_status.services import acts, registers, scans
from municipality.db import utcnow
from municipality.errors import Conflict, ValidationFailed
from municipality.files import DatabaseStore
from tests import factories
from tests.civil_status.test_views import bureau  # noqa: F401 - the fixture

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 190, 170)).save(out, "PNG")
    return out.getvalue()


def _digitised(session):
    commune = factories.commune(session)
    factories.enable(session, commune, "civil_status")
    register = registers.open_register(
        session,
        actor="a",
        commune=commune,
        centre="Bureau central",
        kind="birth",
        year=utcnow().year,
        paper_last_number=1286,
    )
    return factories.signed_act(session, register_=register)


def test_a_digitised_act_keeps_its_paper_number_and_its_scan(db):
    with db() as session:
        act = _digitised(session)
        assert act.number == 1287  # the software numbers after the paper register
        store = DatabaseStore()
        scan = scans.attach(
            session, actor="a", act=act, paper_number=1200, data=_png(), store=store
        )
        assert scan.content_type == "image/png"
        assert scans.content(session, store, scan).startswith(b"\x89PNG")
        with pytest.raises(Conflict):
            scans.attach(session, actor="a", act=act, paper_number=1200, data=PDF, store=store)


@pytest.mark.parametrize(
    ("data", "paper_number"),
    [
        (PDF, 1287),  # a number the software gives, not the paper register
        (PDF, 0),
        (PDF.replace(b"%%EOF", b""), 12),  # a truncated PDF
        (
            PDF.replace(
                b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (x) >>"
            ),
            12,
        ),
        (_png()[:60], 12),  # a truncated image
        (b"MZ\x90\x00 not a scan at all", 12),
        (b"", 12),
        (PDF + b"0" * scans.MAX_BYTES, 12),
    ],
)
def test_hostile_or_wrong_scans_are_refused_and_nothing_is_kept(db, data, paper_number):
    with db() as session:
        act = _digitised(session)
        with pytest.raises(ValidationFailed):
            scans.attach(
                session,
                actor="a",
                act=act,
                paper_number=paper_number,
                data=data,
                store=DatabaseStore(),
            )
        assert scans.scan_of(session, act) is None


def test_the_agent_attaches_a_scan_and_opening_it_is_a_logged_read(app, bureau, db):  # noqa: F811
    with db() as session:
        act = session.execute(select(Act)).scalars().first()
        act.register.paper_last_number = 500
        public_id = act.public_id
    factories.log_in(app, "agent@sale.test")
    page = app.get(f"/c/sale/civil-status/acts/{public_id}", {"why": "entry"})
    form = page.forms["scan-form"]
    form["paper_number"] = "x"
    form["scan"] = ("page.pdf", PDF, "application/pdf")
    form.submit(status=422)
    form["paper_number"] = "42"
    form["scan"] = ("page.png", b"<html>not an image</html>", "image/png")
    form.submit(status=422)
    form["scan"] = ("page.pdf", PDF, "application/pdf")
    shown = form.submit().follow()
    link = shown.html.select_one("#scan a")["href"]
    opened = app.get(link)
    assert opened.content_type == "application/pdf"
    assert opened.headers["X-Content-Type-Options"] == "nosniff"
    app.get(f"/c/sale/civil-status/acts/{public_id}/scan", status=422)
    with db() as session:
        act = session.execute(select(Act).where(Act.public_id == public_id)).scalar_one()
        reasons = [e.changes["reason"] for e in acts.readers(session, act)]
    assert reasons == ["entry", "entry", "entry"]
