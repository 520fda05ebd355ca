"""The civil status pages through the real app: an agent enters a birth in Arabic and Latin
letters, the officer (second factor) signs it, a correction is asked and approved; every
opening of the act is logged with its reason."""

from __future__ import annotations

from datetime import timedelta

import pytest

from civil_status.models import Act
from civil_status.services import acts
from civil_status.services import search as trigrams
from municipality.db import utcnow
from tests import factories

GIVEN_NAMES = [
    "Adam",
    "Amine",
    "Aya",
    "Bilal",
    "Chaima",
    "Dounia",
    "Fatima",
    "Ghita",
    "Hamza",
    "Hiba",
    "Ilyas",
    "Imane",
    "Jad",
    "Kenza",
    "Lina",
    "Mehdi",
    "Nour",
    "Omar",
    "Rania",
    "Sami",
    "Salma",
    "Taha",
    "Wiam",
    "Yassir",
    "Youssef",
    "Zineb",
    "Zakaria",
]


@pytest.fixture
def bureau(app, db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "civil_status")
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
        factories.user(
            session,
            role="civil_status_officer",
            commune_=commune,
            email="officer@sale.test",
            totp=True,
        )
        factories.user(session, role="commune_admin", commune_=commune, email="admin@sale.test")
        register = factories.register(session, commune_=commune)
        for n, given in enumerate(GIVEN_NAMES):
            factories.signed_act(
                session,
                register_=register,
                given_name_lat=given,
                given_name_ar="سعيد",
                mother_name=f"Mère {n}",
                # A week apart, so none is a possible duplicate of another.
                event_date=utcnow().date() - timedelta(days=1 + 7 * n),
                judgment_reference=f"Jugement {n}/2026",
            )
        return register.public_id


def _enter(app, register_id):
    page = app.get(f"/c/sale/civil-status/registers/{register_id}/acts/new")
    assert "hégire" in page.text
    form = page.forms["deform"]
    form["given_name_ar"] = "ياسمين"
    form["family_name_ar"] = "العمراني"
    form["given_name_lat"] = "Yasmine"
    form["family_name_lat"] = "El Amrani"
    form["sex"] = "F"
    form["date"] = (utcnow().date() - timedelta(days=2)).isoformat()
    form["event_time"] = "08:30"
    form["place"] = "Hôpital"
    form["mother_name"] = "Salma Bennani"
    form["declarant_name"] = "Karim El Amrani"
    return form.submit("enter")


def test_agent_enters_officer_signs_and_every_reading_is_logged(app, bureau):
    factories.log_in(app, "agent@sale.test")
    entered = _enter(app, bureau)
    assert entered.status_int == 302
    page = entered.follow()
    assert page.html.find(class_="flash success")
    assert "ياسمين" in page.text
    assert page.html.find(class_="hijri")
    assert not page.html.find("form", action=lambda a: a and a.endswith("/sign"))
    act_url = page.request.path
    app.reset()
    factories.log_in(app, "officer@sale.test", totp=True)
    asked = app.get(act_url)
    assert asked.html.find("select", id="why")
    shown = app.get(act_url, {"why": "verification"})
    sign_form = next(f for f in shown.forms.values() if f.action.endswith("/sign"))
    signed = sign_form.submit().follow()
    assert "28/" in signed.text  # numbered after the 27 acts already signed
    rows = signed.html.select("#readers tbody tr")
    assert [r.select("td")[1].text for r in rows] == [
        "agent@sale.test",
        "officer@sale.test",
        "officer@sale.test",
    ]


def test_the_act_page_asks_why_before_showing_anything(app, bureau, db):
    with db() as session:
        act = session.query(Act).first()
        public_id, name = act.public_id, act.mother_name
    factories.log_in(app, "agent@sale.test")
    asked = app.get(f"/c/sale/civil-status/acts/{public_id}")
    assert name not in asked.text
    refused = app.get(f"/c/sale/civil-status/acts/{public_id}", {"why": "curious"}, status=400)
    assert name not in refused.text
    with db() as session:
        assert acts.readers(session, session.get(Act, act.id)) == []


def test_agent_cannot_sign_even_by_posting(app, bureau, db):
    factories.log_in(app, "agent@sale.test")
    page = _enter(app, bureau).follow()
    url = page.request.path.replace("?", "") + "/sign"
    token = factories.csrf_token(app, page.request.path_qs)
    app.post(url, {"csrf_token": token}, status=403)


def test_correction_asked_by_agent_and_approved_by_officer(app, bureau, db):
    with db() as session:
        act = session.query(Act).filter(Act.given_name_lat == "Bilal").one()
        public_id = act.public_id
    factories.log_in(app, "agent@sale.test")
    form = app.get(f"/c/sale/civil-status/acts/{public_id}/mentions/new").forms["deform"]
    form["kind"] = "correction"
    form["basis"] = "prosecutor_decision"
    form["legal_reference"] = "Décision 31/2026"
    form["field"] = "given_name_lat"
    form["value"] = "Bilel"
    page = form.submit("ask").follow()
    assert "Bilel" in page.text
    app.reset()
    factories.log_in(app, "officer@sale.test", totp=True)
    page = app.get(f"/c/sale/civil-status/acts/{public_id}", {"why": "mention"})
    approve = next(f for f in page.forms.values() if f.action.endswith("/approve"))
    page = approve.submit().follow()
    previous = page.html.find("del", class_="previous")
    assert previous.text == "Bilal"


def test_bad_mention_form_answers_400(app, bureau, db):
    with db() as session:
        public_id = session.query(Act).first().public_id
    factories.log_in(app, "agent@sale.test")
    form = app.get(f"/c/sale/civil-status/acts/{public_id}/mentions/new").forms["deform"]
    form["legal_reference"] = ""
    form.submit("ask", status=400)


def test_registers_page_paginates_acts_and_search_finds_across_scripts(app, bureau):
    factories.log_in(app, "agent@sale.test")
    registers = app.get("/c/sale/civil-status")
    register = registers.click(href=f"registers/{bureau}")
    assert len(register.html.select("tbody tr")) == 25
    assert len(register.click(href="page=2").html.select("tbody tr")) == 2
    found = app.get("/c/sale/civil-status/acts", {"name": "Saïd"})
    assert "27" in found.html.find("caption").text
    found = app.get("/c/sale/civil-status/acts", {"name": "Youssef", "number": "x"})
    assert len(found.html.select("tbody tr")) == 1
    none = app.get("/c/sale/civil-status/acts", {"name": "Zzzz Qqqq"})
    assert none.html.find(class_="empty")
    assert app.get("/c/sale/civil-status/acts").html.find(class_="empty")


def test_admin_opens_a_register_digitising_a_paper_one(app, bureau):
    factories.log_in(app, "admin@sale.test", totp=True)
    form = app.get("/c/sale/civil-status/registers/new").forms["deform"]
    form["centre"] = "Centre annexe"
    form["kind"] = "death"
    form["paper_last_number"] = "412"
    page = form.submit("open").follow()
    assert "412" in page.text
    assert page.html.find(class_="empty")
    again = app.get("/c/sale/civil-status/registers/new").forms["deform"]
    again["centre"] = "Centre annexe"
    again["kind"] = "death"
    again.submit("open", status=409)


def test_empty_registers_page(app, db):
    with db() as session:
        commune = factories.commune(session, slug="rabat")
        factories.enable(session, commune, "civil_status")
        factories.user(session, role="agent", commune_=commune, email="agent@rabat.test")
    factories.log_in(app, "agent@rabat.test")
    assert app.get("/c/rabat/civil-status").html.find(class_="empty")


def test_a_name_shared_by_more_acts_than_listed_says_so(app, bureau, backend, monkeypatch):
    monkeypatch.setattr(trigrams, "MOST", 20)
    factories.log_in(app, "agent@sale.test")
    found = app.get("/c/sale/civil-status/acts", {"name": "Saïd"})
    caption = found.html.find("caption").text
    if backend == "postgresql":
        assert "Les 20 actes les plus proches" in caption
        assert len(found.html.select("tbody tr")) == 20
    else:
        assert "27 actes trouvés" in caption
    youssef = app.get("/c/sale/civil-status/acts", {"name": "Youssef"})
    assert "actes trouvés" in youssef.html.find("caption").text
