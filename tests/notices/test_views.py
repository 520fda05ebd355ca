"""The notice board's pages, through the real app."""

from __future__ import annotations

import pytest

from notices import services
from tests import factories


@pytest.fixture
def agent(app, db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "notices")
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
        factories.user(
            session, role="supervisor", region_=commune.region, email="supervisor@sale.test"
        )
        for n in range(30):
            services.publish(
                session,
                actor="t",
                commune=commune,
                data={"title": f"Avis {n:02d}", "body": "Texte", "language": "fr"},
            )
    factories.log_in(app, "agent@sale.test")
    return app


def test_agent_publishes_and_sees_a_confirmation(agent):
    form = agent.get("/c/sale/notices/new").forms["deform"]
    form["title"] = "Coupure eau potable"
    form["body"] = "Mardi matin"
    page = form.submit("publish").follow()
    assert page.html.find(class_="flash success")
    assert "Coupure eau potable" in page.text
    assert "Coupure eau potable" in agent.get("/sale/notices").text


def test_invalid_form_shows_errors_and_publishes_nothing(agent):
    form = agent.get("/c/sale/notices/new").forms["deform"]
    form["title"] = "x"
    response = form.submit("publish", status=400)
    assert response.html.find(class_="invalid-feedback")
    assert "30" in agent.get("/c/sale/notices").html.find(class_="muted").text


def test_list_is_paginated_and_searchable(agent):
    first = agent.get("/c/sale/notices")
    assert len(first.html.select("ul.list > li")) == 25
    second = first.click(linkid=None, href="page=2")
    assert len(second.html.select("ul.list > li")) == 5
    found = agent.get("/c/sale/notices", {"q": "Avis 07"})
    assert len(found.html.select("ul.list > li")) == 1
    empty = agent.get("/c/sale/notices", {"q": "nothing like this"})
    assert empty.html.find(class_="empty")


def test_withdraw_from_the_detail_page(agent):
    link = agent.get("/c/sale/notices").html.select_one("ul.list a")["href"]
    page = agent.get(link)
    page.forms[next(k for k, f in page.forms.items() if "withdraw" in f.action)].submit().follow()
    assert "withdrawn" in agent.get(link).text or "retiré" in agent.get(link).text.lower()


def test_supervisor_can_read_but_not_publish(app, agent):
    factories.log_in(app, "supervisor@sale.test")
    assert app.get("/c/sale/notices").status_int == 200
    app.get("/c/sale/notices/new", status=403)


def test_anonymous_staff_page_redirects_to_log_in(app, db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "notices")
    response = app.get("/c/sale/notices", status=302)
    assert "/login?next=%2Fc%2Fsale%2Fnotices" in response.location
