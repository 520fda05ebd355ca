"""Copy-request pages through the real app: a resident asks online and is sent to pay, the
diaspora form asks for a postal address, an agent takes a counter request and refuses
another with a reason, and anyone holding a code follows it (and nothing else)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from civil_status.models import Act, CopyRequest
from civil_status.services import requests
from municipality.models import Commune
from tests import factories
from tests.documents.support import enable_documents

RESIDENT = "resident@example.org"


@pytest.fixture
def bureau(app, db, wsgi_app):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "civil_status")
        enable_documents(session, wsgi_app.registry, commune)
        factories.enable_payments(session, commune)
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
        factories.user(session, email=RESIDENT)
        register = factories.register(session, commune_=commune)
        act = factories.signed_act(session, register_=register)
        return {"number": act.number, "year": register.year, "birth": act.event_date}


def _fill(form, bureau, **values):
    defaults = {
        "copy_type": "extract",
        "requester_name": "Yasmine El Amrani",
        "id_document_type": "national_id",
        "id_document_number": "BK123456",
        "relation": "self",
        "act_number": str(bureau["number"]),
        "act_year": str(bureau["year"]),
        "email": "yasmine@example.org",
        "language": "fr",
    }
    for name, value in {**defaults, **values}.items():
        form[name] = value
    return form


def _only_request(db) -> CopyRequest:
    with db() as session:
        return session.execute(select(CopyRequest)).scalar_one()


def test_a_resident_asks_online_and_is_sent_to_pay_the_fee(app, bureau, db):
    asked = app.get("/sale/civil-status/request")
    assert asked.status_int == 302
    assert "/login" in asked.location
    factories.log_in(app, RESIDENT)
    page = app.get("/sale/civil-status/request")
    sent = _fill(page.forms["deform"], bureau).submit("send")
    assert sent.status_int == 302
    made = _only_request(db)
    assert (made.channel, made.account_email, made.state) == (
        "online",
        RESIDENT,
        "awaiting_payment",
    )
    track = sent.follow()
    assert made.code in track.text
    pay = track.html.find("a", id="pay")["href"]
    assert pay.endswith(f"/sale/pay/civil_status.request/{made.code}")
    owed = app.get(pay)
    assert "20.50" in owed.text  # the stamp duty the commune's catalogue prices
    app.get(f"/sale/civil-status/track/{made.code}/copy.pdf", status=404)  # not issued yet
    mine = app.get("/sale/civil-status/mine")
    assert [a.text for a in mine.html.select("ul.list a")] == [made.code]


def test_the_diaspora_form_needs_the_postal_address_for_a_posted_copy(app, bureau, db):
    page = app.get("/sale/civil-status/request/abroad")
    form = _fill(page.forms["deform"], bureau, delivery="post", country="fr")
    refused = form.submit("send", status=400)
    assert refused.html.find(class_="flash error")
    with db() as session:
        assert session.execute(select(CopyRequest)).first() is None
    form = _fill(
        refused.forms["deform"],
        bureau,
        delivery="post",
        country="fr",
        postal_address="12 rue des Lilas, 75011 Paris",
    )
    form.submit("send", status=302)
    made = _only_request(db)
    assert (made.channel, made.delivery, made.country) == ("diaspora", "post", "FR")


def test_odd_input_on_the_public_form_is_refused_field_by_field(app, bureau, db):
    page = app.get("/sale/civil-status/request/abroad")
    form = _fill(page.forms["deform"], bureau, act_number="1" * 40, id_document_number="\u202e")
    answer = form.submit("send", status=400)
    assert answer.html.select(".invalid-feedback, .error")
    with db() as session:
        assert session.execute(select(CopyRequest)).first() is None


def test_an_agent_takes_a_counter_request_and_refuses_another(app, bureau, db):
    factories.log_in(app, "agent@sale.test")
    page = app.get("/c/sale/civil-status/requests/new")
    _fill(page.forms["deform"], bureau, channel="counter", delivery="download").submit("send")
    _fill(
        app.get("/c/sale/civil-status/requests/new").forms["deform"],
        bureau,
        channel="consulate",
        delivery="download",
        act_number="9999",
    ).submit("send")
    queue = app.get("/c/sale/civil-status/requests")
    assert len(queue.html.select("tbody tr")) == 2
    waiting = app.get("/c/sale/civil-status/requests", {"state": "submitted"})
    rows = waiting.html.select("tbody tr")
    assert len(rows) == 1
    detail = app.get(rows[0].find("a")["href"])
    refuse = detail.forms["refuse"]
    refuse.submit("refuse", status=422)  # no reason given
    refuse["reason"] = "act_not_found"
    done = refuse.submit("refuse").follow()
    assert done.html.find(class_="flash success")
    with db() as session:
        states = sorted(session.execute(select(CopyRequest.state)).scalars())
    assert states == ["awaiting_payment", "refused"]
    token = factories.csrf_token(app, "/c/sale/civil-status/requests")
    app.post(rows[0].find("a")["href"] + "/explode", {"csrf_token": token}, status=404)


def test_anyone_with_a_code_follows_it_and_a_wrong_code_finds_nothing(app, bureau, db):
    page = app.get("/sale/civil-status/request/abroad")
    _fill(page.forms["deform"], bureau, delivery="download").submit("send", status=302)
    made = _only_request(db)
    lookup = app.get("/sale/civil-status/track")
    form = lookup.forms["deform"]
    form["code"] = made.code.lower().replace("-", " ")
    shown = form.submit("track").follow()
    assert shown.html.find(id="request-state")
    assert made.requester_name not in shown.text  # no one's identity on the public page
    app.get("/sale/civil-status/track/CS-AAAA-BBBB-CCCC", status=404)
    form["code"] = "not a code"
    form.submit("track", status=400)


def test_a_counter_request_is_paid_in_cash_at_the_till_and_its_copy_issued(app, bureau, db):
    with db() as session:
        commune = session.execute(select(Commune).where(Commune.slug == "sale")).scalar_one()
        factories.user(session, role="cashier", commune_=commune, email="cashier@sale.test")
    factories.log_in(app, "agent@sale.test")
    page = app.get("/c/sale/civil-status/requests/new")
    _fill(page.forms["deform"], bureau, channel="counter", delivery="download").submit("send")
    made = _only_request(db)
    detail = app.get(f"/c/sale/civil-status/requests/{made.public_id}")
    pay = detail.html.find("a", string=lambda t: t and "Payer" in t)["href"]
    assert "cash" not in app.get(pay).forms["deform"]["provider"].options  # agents pay online
    app.reset()
    factories.log_in(app, "cashier@sale.test", totp=True)
    form = app.get(pay).forms["deform"]
    form["provider"] = "cash"
    closed = form.submit("pay").follow()
    opened = closed.forms["open"].submit().follow()
    take = opened.forms["take"]
    reference = take["reference"].value  # carried from the payer's page
    assert reference.startswith("PAY-")
    take["received"] = "20.50"
    take.submit("take").follow()
    issued = _only_request(db)
    assert issued.state == "issued"
    assert issued.payment_reference == reference
    assert issued.document_number.startswith("BEX-")


def test_reading_the_copy_changes_nothing_the_download_button_delivers_it(
    app, bureau, db, wsgi_app
):
    registry = wsgi_app.registry
    with db() as session:
        act = session.execute(select(Act)).scalar_one()
        made = factories.copy_request(session, act_=act, registry=registry, channel="diaspora")
        system = {"actor": requests.SYSTEM_ACTOR, "permissions": requests.SYSTEM}
        requests.move(session, registry, made, "settle", **system, data={"receipt": "PAY-1"})
        requests.move(session, registry, made, "issue", **system)
        code = made.code
    track = f"/sale/civil-status/track/{code}"
    for _ in range(2):  # a previewer, a mail scanner, a prefetch
        assert app.get(f"{track}/copy.pdf").body.startswith(b"%PDF")
    assert _only_request(db).state == "issued"
    page = app.get(track)
    app.post(f"{track}/collect", status=400)  # no CSRF token: nothing happens
    assert _only_request(db).state == "issued"
    button = next(f for f in page.forms.values() if f.action.endswith("/collect"))
    taken = button.submit()
    assert taken.status_int == 303
    assert taken.location.endswith(f"{track}/copy.pdf")
    assert taken.follow().body.startswith(b"%PDF")
    assert _only_request(db).state == "delivered"
    again = app.get(track)
    assert again.html.find("a", id="copy")  # a plain link from now on
    token = factories.csrf_token(app, track)
    app.post(f"{track}/collect", {"csrf_token": token}, status=303)  # taken twice: no change
    assert _only_request(db).state == "delivered"
