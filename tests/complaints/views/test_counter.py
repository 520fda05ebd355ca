"""Filing at the counter for a resident who came in or called, and the area flag."""

from __future__ import annotations

from sqlalchemy import select

from complaints.models import Complaint
from complaints.services import categories, filing
from municipality import audit
from municipality.areas import PROVIDER_KEY, set_provider
from municipality.db import set_commune_scope
from municipality.tenancy import commune_by_slug
from tests import factories

POINT = {"latitude": 34.0531, "longitude": -6.7985}


def _counter_form(app):
    inbox = app.get("/c/sale/complaints")
    form = inbox.click(href="/c/sale/complaints/counter$").forms["deform"]
    form["category"] = form["category"].options[1][0]
    form["description"] = "Nid-de-poule signalé par téléphone"
    form["address"] = "Avenue Hassan II"
    form["reporter_name"] = "Hassan"
    form["reporter_phone"] = "+212 600 000 000"
    return form


def _only(session) -> Complaint:
    return session.execute(select(Complaint)).scalar_one()


def test_an_agent_files_for_a_caller_and_prints_the_code(app, db, sale):
    factories.log_in(app, "agent@sale.test")
    form = _counter_form(app)
    form["contact_mode"] = "phone"
    receipt = form.submit("file").follow()
    with db() as session:
        complaint = _only(session)
        assert (complaint.channel, complaint.contact_mode) == ("counter", "phone")
        assert complaint.reporter_user_id is None  # never the agent's own account
        assert complaint.reporter_phone == "+212 600 000 000"
        event = audit.history(session, "complaint", str(complaint.public_id))[0]
        assert event.actor == "agent@sale.test"
        code = complaint.tracking_code
    assert receipt.html.select_one(".tracking-code").get_text(strip=True) == code
    assert f"/sale/complaints/track/{code}" in receipt.text
    detail = receipt.click(href=f"/c/sale/complaints/{complaint.public_id}$")
    assert "guichet" in detail.text
    assert "par téléphone" in detail.text


def test_the_counter_validates_like_the_public_form(app, db, sale):
    factories.log_in(app, "agent@sale.test")
    form = _counter_form(app)
    form["description"] = "court"
    form["address"] = ""
    refused = form.submit("file", status=400)
    assert refused.html.find(class_="error") or refused.html.find(class_="invalid-feedback")
    with db() as session:
        assert session.execute(select(Complaint)).first() is None


def test_the_receipt_offers_the_open_complaint_nearby_and_merges(app, db, sale):
    with db() as session:
        commune = commune_by_slug(session, "sale")
        set_commune_scope(session, commune.id)
        first = filing.file_complaint(
            session,
            actor="public",
            commune=commune,
            data={
                "category": categories.categories(session)[0],
                "description": "Nid-de-poule devant l'école",
                **POINT,
            },
        )
        first_code = first.tracking_code
    factories.log_in(app, "agent@sale.test")
    form = _counter_form(app)
    form["latitude"] = str(POINT["latitude"])
    form["longitude"] = str(POINT["longitude"] + 0.0001)  # about 9 m east
    receipt = form.submit("file").follow()
    offered = receipt.html.select(".duplicates li")
    assert len(offered) == 1
    assert first_code in offered[0].get_text()
    merge = next(f for f in receipt.forms.values() if "/merge/" in f.action)
    merge.submit().follow()
    with db() as session:
        rows = {c.tracking_code: c for c in session.execute(select(Complaint)).scalars()}
        new = next(c for code, c in rows.items() if code != first_code)
        assert new.state == "closed"
        assert new.merged_into_id == rows[first_code].id


def test_a_role_that_only_reads_cannot_file_at_the_counter(app, sale):
    factories.log_in(app, "supervisor@sale.test")
    assert not app.get("/c/sale/complaints").html.find(
        "a", href=lambda h: h and h.endswith("/complaints/counter")
    )
    app.get("/c/sale/complaints/counter", status=403)


def _outside(_session, _commune, latitude, _longitude):
    """A fake boundary: everything south of 34° is outside; no answer north of 35°."""
    if latitude > 35:
        return None
    return latitude >= 34


def test_a_point_outside_the_area_is_accepted_and_flagged(db, sale):
    with db() as session:
        commune = commune_by_slug(session, "sale")
        set_commune_scope(session, commune.id)
        category = categories.categories(session)[0]

        def file(**where):
            return filing.file_complaint(
                session,
                actor="public",
                commune=commune,
                data={"category": category, "description": "Dépôt sauvage", **where},
                area=_outside,
            )

        assert not file(**POINT).outside_area
        assert file(latitude=33.5, longitude=-6.8).outside_area
        assert not file(latitude=36.0, longitude=-6.8).outside_area  # unknown: not flagged
        assert not file(address="Place du marché").outside_area
        unchecked = filing.file_complaint(
            session,
            actor="public",
            commune=commune,
            data={
                "category": category,
                "description": "Dépôt sauvage",
                "latitude": 1.0,
                "longitude": 1.0,
            },
        )
        assert not unchecked.outside_area  # no provider: nobody can say


def test_the_web_form_flags_through_the_registered_provider(app, wsgi_app, db, sale, monkeypatch):
    monkeypatch.setitem(wsgi_app.registry, PROVIDER_KEY, None)
    set_provider(wsgi_app.registry, _outside)
    form = app.get("/sale/complaints/new").forms["deform"]
    form["category"] = form["category"].options[1][0]
    form["description"] = "Décharge sauvage au bord de la route"
    form["latitude"] = "33.9"
    form["longitude"] = "-6.8"
    warned = form.submit("send", status=400)
    assert "Cette position est hors de la commune" in warned.text
    with db() as session:
        assert session.execute(select(Complaint)).first() is None
    confirmed = warned.forms["deform"]
    confirmed["confirm_outside"] = True
    confirmed.submit("send").follow()
    with db() as session:
        assert _only(session).outside_area
    factories.log_in(app, "agent@sale.test")
    assert "hors de la commune" in app.get("/c/sale/complaints").text


def test_positions_python_would_guess_at_are_refused_in_french(app, db, sale):
    factories.log_in(app, "agent@sale.test")
    for latitude, longitude in (("3_4", "-6.79"), ("NaN", "-6.79"), ("34.05", "-inf")):
        form = _counter_form(app)
        form["latitude"], form["longitude"] = latitude, longitude
        refused = form.submit("file", status=400)
        assert "Saisissez un nombre décimal, par exemple 34.02" in refused.text
    with db() as session:
        assert session.execute(select(Complaint)).first() is None
