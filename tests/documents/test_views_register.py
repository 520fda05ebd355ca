"""The register, a document's page, issuing and revoking (staff pages of documents.views)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from documents.models import DocumentCounter, IssuedDocument
from tests import factories
from tests.documents.support import RESIDENT, issue, issuing_commune


@pytest.fixture
def agent(app, db, wsgi_app):
    with db() as session:
        commune = issuing_commune(session, wsgi_app.registry, "sale")
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
        factories.user(session, role="commune_admin", commune_=commune, email="admin@sale.test")
        factories.user(
            session, role="supervisor", region_=commune.region, email="supervisor@sale.test"
        )
        for n in range(27):
            issue(session, wsgi_app.registry, commune, full_name=f"Resident {n:02d}")
    factories.log_in(app, "agent@sale.test")
    return app


# deform's date widget names its input "date", inside a mapping named after the field.
DATES = ("date_of_birth", "resident_since")


def _fill(form, **data):
    for name, value in {**RESIDENT, **data}.items():
        if name in DATES:
            form.set("date", value, index=DATES.index(name))
        elif name in form.fields:
            form[name] = value
    return form


def test_an_agent_issues_a_certificate_and_downloads_its_pdf(agent):
    register = agent.get("/c/sale/documents")
    form = agent.get(register.html.select_one("a.button[href$='/new/res']")["href"]).forms["deform"]
    page = _fill(form, full_name="Khadija Ouazzani").submit("issue").follow()
    assert page.html.find(class_="flash success")
    assert "Khadija Ouazzani" in page.text
    pdf = agent.get(page.html.find("a", href=lambda h: h and h.endswith("/pdf"))["href"])
    assert pdf.content_type == "application/pdf"
    assert pdf.body.startswith(b"%PDF")


def test_bad_input_answers_400_and_issues_nothing(agent, db):
    form = _fill(
        agent.get("/c/sale/documents/new/res").forms["deform"],
        national_id="??",
        date_of_birth="not a date",
    )
    response = form.submit("issue", status=400)
    assert len(response.html.select(".invalid-feedback, .error")) >= 1
    with db() as session:
        assert session.execute(select(func.count()).select_from(IssuedDocument)).scalar() == 27


def test_the_register_is_paginated_searchable_and_filtered(agent):
    first = agent.get("/c/sale/documents")
    assert len(first.html.select("tbody tr")) == 25
    second = agent.get("/c/sale/documents", {"page": 2})
    assert len(second.html.select("tbody tr")) == 2
    found = agent.get("/c/sale/documents", {"q": "Resident 07"})
    assert len(found.html.select("tbody tr")) == 1
    assert len(agent.get("/c/sale/documents", {"state": "revoked"}).html.select("tbody tr")) == 0
    empty = agent.get("/c/sale/documents", {"q": "nobody like this"})
    assert empty.html.find(class_="empty")
    odd = agent.get("/c/sale/documents", {"state": "x", "type": "ZZ", "from": "1999-99-99"})
    assert len(odd.html.select("tbody tr")) == 25
    agent.get("/c/sale/documents", {"q": "\u0000"}, status=400)


def test_an_admin_revokes_with_a_reason_and_a_confirmation(app, agent):
    factories.log_in(app, "admin@sale.test", totp=True)
    link = app.get("/c/sale/documents").html.select_one("tbody a")["href"]
    page = app.get(link)
    revoke = app.get(page.html.find("a", href=lambda h: h and h.endswith("/revoke"))["href"])
    form = revoke.forms["deform"]
    form["reason"] = "Issued with a wrong address"
    form.submit("revoke", status=400)
    form = revoke.forms["deform"]
    form["reason"] = "Issued with a wrong address"
    form["confirm"] = True
    done = form.submit("revoke").follow()
    assert done.html.find(class_="flash success")
    assert "Issued with a wrong address" in done.text
    assert not done.html.find("a", href=lambda h: h and h.endswith("/revoke"))
    app.get(link + "/revoke", status=409)


def test_an_agent_may_not_revoke_and_a_supervisor_may_not_issue(app, agent):
    link = agent.get("/c/sale/documents").html.select_one("tbody a")["href"]
    assert not agent.get(link).html.find("a", href=lambda h: h and h.endswith("/revoke"))
    agent.get(link + "/revoke", status=403)
    factories.log_in(app, "supervisor@sale.test")
    assert app.get("/c/sale/documents").status_int == 200
    app.get("/c/sale/documents/new/res", status=404)


def test_unknown_documents_and_types_are_not_found(agent):
    agent.get("/c/sale/documents/new/xyz", status=404)
    agent.get("/c/sale/documents/not-a-uuid", status=404)
    agent.get("/c/sale/documents/00000000-0000-4000-8000-000000000000/pdf", status=404)


def test_a_failed_issue_gives_its_number_back(agent, db):
    with db() as session:
        counter = session.execute(select(DocumentCounter)).scalar_one()
        before = counter.last
    form = _fill(agent.get("/c/sale/documents/new/res").forms["deform"], full_name="x")
    form.submit("issue", status=400)
    with db() as session:
        assert session.execute(select(DocumentCounter)).scalar_one().last == before
