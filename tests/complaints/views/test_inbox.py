"""The complaint pages through the real app: a resident files and tracks, staff handle."""

from __future__ import annotations

import pytest
import webtest

from tests import factories


def _file(app, **fields):
    form = app.get("/sale/complaints/new").forms["deform"]
    form["category"] = form["category"].options[1][0]
    form["description"] = "Trois lampadaires éteints dans la ruelle"
    form["address"] = "Derb Sidi Ahmed"
    for name, value in fields.items():
        form[name] = value
    return form.submit("send", status="*")


def test_resident_files_without_an_account_and_tracks_it(app, sale):
    response = _file(app, reporter_email="amina@example.org")
    assert response.status_int == 302
    page = response.follow()
    assert page.html.find(class_="flash success")
    assert "Trois lampadaires" in page.text
    assert "/sale/complaints/track/" in response.location


def test_invalid_form_shows_errors_and_files_nothing(app, sale, db):
    response = _file(app, description="court", address="")
    assert response.status_int == 400
    assert response.html.find(class_="invalid-feedback") or response.html.find(class_="error")
    factories.log_in(app, "agent@sale.test")
    assert app.get("/c/sale/complaints").html.find(class_="empty")


def test_tracking_code_of_nothing_is_not_found(app, sale):
    app.get("/sale/complaints/track/AAAAAAAAAAAA", status=404)


def test_resident_finds_a_complaint_by_typing_its_code(app, sale):
    tracking = _file(app).location
    code = tracking.rsplit("/", 1)[-1]
    lookup = app.get("/sale/complaints/new").click(href="/sale/complaints/track")
    form = next(f for f in lookup.forms.values() if "code" in f.fields)
    form["code"] = f" {code[:6].lower()}-{code[6:]} "
    page = form.submit().follow()
    assert "Trois lampadaires" in page.text
    assert page.request.path == f"/sale/complaints/track/{code}"


def test_invalid_note_is_shown_with_its_error_and_saves_nothing(app, sale):
    _file(app)
    factories.log_in(app, "agent@sale.test")
    link = app.get("/c/sale/complaints").html.select_one("ul.list a")["href"]
    form = app.get(link).forms["note"]
    form["body"] = "x"
    refused = form.submit("note", status=400)
    assert refused.html.find(class_="invalid-feedback") or refused.html.find(class_="error")
    assert refused.html.find(class_="empty")  # still no note or reply


def test_staff_handle_a_complaint_and_the_resident_sees_only_replies(app, sale):
    tracking = _file(app).location
    factories.log_in(app, "agent@sale.test")
    inbox = app.get("/c/sale/complaints")
    assert "Trois lampadaires" in inbox.text
    link = inbox.html.select_one("ul.list a")["href"]
    page = app.get(link)
    buttons = [b.get_text(strip=True) for b in page.html.select(".actions button")]
    assert len(buttons) == 2  # acknowledge and reject, nothing else from "received"
    action = next(k for k, f in page.forms.items() if f.action.endswith("/acknowledge"))
    page.forms[action].submit().follow()
    page = app.get(link)
    opened = [f["action"].rsplit("/", 1)[-1] for f in page.html.select(".actions form")]
    assert opened == ["assign", "reject"]
    note = page.forms["note"]
    note["body"] = "Appeler le prestataire"
    note.submit("note").follow()
    reply = app.get(link).forms["reply"]
    reply["body"] = "Une équipe passera jeudi"
    reply.submit("reply").follow()
    detail = app.get(link)
    assert "Appeler le prestataire" in detail.text
    assert "Une équipe passera jeudi" in detail.text
    resident = webtest.TestApp(app.app, extra_environ=app.extra_environ)
    public = resident.get(tracking)
    assert "Une équipe passera jeudi" in public.text
    assert "Appeler le prestataire" not in public.text
    assert "agent@sale.test" not in public.text


def _reporter_shown_to_staff(app) -> str:
    link = app.get("/c/sale/complaints").html.select_one("ul.list a")["href"]
    return app.get(link).html.find("dt", string="Auteur du signalement").find_next("dd").text


@pytest.mark.parametrize(
    ("contact", "shown"),
    [
        ({"reporter_email": "amina@example.org"}, "nom non indiqué · amina@example.org"),
        ({"reporter_name": "Amina Benali"}, "Amina Benali"),
        ({}, "anonyme"),
    ],
)
def test_staff_see_a_reporter_without_a_name_as_reachable_not_anonymous(app, sale, contact, shown):
    _file(app, **contact)
    factories.log_in(app, "agent@sale.test")
    assert _reporter_shown_to_staff(app) == shown


def test_reject_without_reason_is_refused(app, sale):
    _file(app)
    factories.log_in(app, "agent@sale.test")
    link = app.get("/c/sale/complaints").html.select_one("ul.list a")["href"]
    page = app.get(link)
    key = next(k for k, f in page.forms.items() if f.action.endswith("/reject"))
    form = page.forms[key]
    form["reason"] = " "
    form.submit(status=422)
    form["reason"] = "Relève de la régie de l'eau"
    form.submit().follow()
    assert "Relève de la régie" in app.get(link).text


def test_inbox_filters_and_paginates(app, sale):
    for _n in range(3):
        _file(app)
    factories.log_in(app, "agent@sale.test")
    assert len(app.get("/c/sale/complaints", {"size": "2"}).html.select("ul.list > li")) == 2
    assert len(app.get("/c/sale/complaints", {"state": "open"}).html.select("ul.list > li")) == 3
    assert app.get("/c/sale/complaints", {"state": "closed"}).html.find(class_="empty")
    assert app.get("/c/sale/complaints", {"q": "nothing like this"}).html.find(class_="empty")
    category = app.get("/c/sale/complaints").html.select("#category option")[1]["value"]
    assert (
        len(app.get("/c/sale/complaints", {"category": category}).html.select("ul.list > li")) == 3
    )
    dashboard = app.get("/c/sale/")
    counts = [int(c.get_text()) for c in dashboard.html.select(".queue .count")]
    assert counts == [3, 0]  # open, overdue
    menu = [a["href"] for a in dashboard.html.select("nav.menu a")]
    assert any(href.endswith("/c/sale/complaints") for href in menu)


def test_supervisor_reads_but_cannot_act(app, sale):
    _file(app)
    factories.log_in(app, "supervisor@sale.test")
    link = app.get("/c/sale/complaints").html.select_one("ul.list a")["href"]
    page = app.get(link)
    assert not page.html.select(".actions button")
    assert "note" not in page.forms
    csrf = page.html.find("input", {"name": "csrf_token"})
    token = csrf["value"] if csrf else factories.csrf_token(app, "/c/sale/")
    app.post(f"{link}/acknowledge", {"csrf_token": token}, status=403)


def test_disabled_module_answers_not_found(app, db):
    with db() as session:
        factories.commune(session, slug="temara")
    app.get("/temara/complaints/new", status=404)
