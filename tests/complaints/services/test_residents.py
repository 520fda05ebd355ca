"""The reporter's side: rating a resolution, reopening it within 30 days, resident accounts."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
import webtest
from sqlalchemy import select

from complaints.models import Complaint
from complaints.permissions import REPORTER, Perm
from complaints.services import categories, duplicates, filing, handling, residents
from complaints.workflow import REOPEN_DAYS
from municipality import audit
from municipality.db import set_commune_scope, utcnow
from municipality.errors import Conflict, Forbidden, InvalidTransition, ValidationFailed
from municipality.jobs import deliver_outbox
from municipality.models import User
from municipality.tenancy import commune_by_slug
from tests import factories

EVERYTHING = frozenset(Perm)
TO_RESOLVED = ("acknowledge", "assign", "start", "resolve")
RESIDENT = "amina@example.org"


@pytest.fixture
def sale(db):
    with db() as session:
        for slug in ("sale", "temara"):
            commune = factories.commune(session, slug=slug)
            factories.enable(session, commune, "complaints")
            factories.category(session, commune)
        factories.user(
            session, role="agent", commune_=commune_by_slug(session, "sale"), email="agent@x.test"
        )
    return "sale"


def _file(session, slug="sale", **data):
    commune = commune_by_slug(session, slug)
    set_commune_scope(session, commune.id)
    return filing.file_complaint(
        session,
        actor="public",
        commune=commune,
        data={
            "category": categories.categories(session)[0],
            "description": "Trois lampadaires éteints",
            "address": "Derb Sidi Ahmed",
            **data,
        },
    )


def _advance(session, complaint, actions=TO_RESOLVED):
    for action in actions:
        handling.act(
            session,
            actor="agent@x.test",
            complaint=complaint,
            action=action,
            permissions=EVERYTHING,
            data={"reason": "Hors compétence"},
        )


def _resolved(db, **data) -> str:
    with db() as session:
        complaint = _file(session, **data)
        _advance(session, complaint)
        return complaint.tracking_code


def _load(session, code):
    return session.execute(select(Complaint).where(Complaint.tracking_code == code)).scalar_one()


# --- Rules --------------------------------------------------------------------------------


def test_a_resolved_complaint_is_rated_once_and_audited(db, sale):
    with db() as session:
        complaint = _file(session)
        with pytest.raises(Conflict):
            residents.rate(session, actor="reporter", complaint=complaint, rating=4, comment="")
        _advance(session, complaint)
        for wrong in (0, 6, True, "4"):
            with pytest.raises(ValidationFailed):
                residents.rate(
                    session, actor="reporter", complaint=complaint, rating=wrong, comment=None
                )
        residents.rate(
            session, actor="reporter", complaint=complaint, rating=4, comment="  Rapide, merci "
        )
        assert (complaint.rating, complaint.rating_comment) == (4, "Rapide, merci")
        assert complaint.rated_at is not None
        with pytest.raises(Conflict):
            residents.rate(session, actor="reporter", complaint=complaint, rating=1, comment="")
        event = audit.history(session, "complaint", str(complaint.public_id))[-1]
        assert event.action == "complaints:request:rated"
        assert event.changes == {"rating": [None, 4], "comment": [None, "Rapide, merci"]}


def test_the_reporter_reopens_within_the_window_with_a_reason(db, sale):
    with db() as session:
        complaint = _file(session)
        _advance(session, complaint)
        assert residents.can_reopen(complaint)
        with pytest.raises(ValidationFailed):
            residents.reopen(session, actor="reporter", complaint=complaint, reason="  ")
        residents.reopen(
            session, actor="reporter", complaint=complaint, reason="Toujours dans le noir"
        )
        assert complaint.state == "assigned"
        assert complaint.resolved_at is None
        assert [(e.kind, e.body) for e in complaint.events] == [
            ("contest", "Toujours dans le noir")
        ]
        event = audit.history(session, "complaint", str(complaint.public_id))[-1]
        assert (event.action, event.actor) == ("complaints:request:reopened", "reporter")
        assert event.changes["state"] == ["resolved", "assigned"]


def test_after_thirty_days_the_reporter_can_no_longer_reopen(db, sale):
    with db() as session:
        complaint = _file(session)
        _advance(session, complaint, (*TO_RESOLVED, "close"))
        late = complaint.resolved_at + timedelta(days=REOPEN_DAYS, minutes=1)
        assert residents.can_reopen(complaint, complaint.resolved_at + timedelta(days=29))
        assert not residents.can_reopen(complaint, late)
        with pytest.raises(ValidationFailed) as refused:
            residents.reopen(
                session, actor="reporter", complaint=complaint, reason="Trop tard", now=late
            )
        assert "30" in str(refused.value)
        assert complaint.state == "closed"


def test_reporter_and_staff_each_keep_to_their_own_transitions(db, sale):
    with db() as session:
        complaint = _file(session)
        _advance(session, complaint)
        with pytest.raises(Forbidden):  # staff cannot pose as the reporter
            handling.act(
                session,
                actor="agent@x.test",
                complaint=complaint,
                action="contest",
                permissions=EVERYTHING,
                data={"reason": "x"},
            )
        for action in ("close", "reopen"):
            with pytest.raises(Forbidden):  # the code does not make its holder staff
                handling.act(
                    session,
                    actor="reporter",
                    complaint=complaint,
                    action=action,
                    permissions=frozenset({REPORTER}),
                )
        rejected = _file(session)
        _advance(session, rejected, ("reject",))
        assert not residents.can_reopen(rejected)
        assert not residents.can_rate(rejected)
        with pytest.raises(InvalidTransition):
            residents.reopen(session, actor="reporter", complaint=rejected, reason="Pourquoi ?")


def test_a_merged_duplicate_is_neither_rated_nor_reopened(db, sale):
    with db() as session:
        primary = _file(session)
        duplicate = _file(session)
        duplicates.merge(session, actor="agent@x.test", duplicate=duplicate, primary=primary)
        assert duplicate.state == "closed"
        assert not residents.can_rate(duplicate)
        assert not residents.can_reopen(duplicate)
        with pytest.raises(ValidationFailed):
            residents.reopen(session, actor="reporter", complaint=duplicate, reason="Pas réglé")


# --- The tracking page --------------------------------------------------------------------


def test_the_reporter_rates_on_the_tracking_page_and_staff_see_it(app, db, sale):
    code = _resolved(db)
    page = app.get(f"/sale/complaints/track/{code}")
    assert "contest" in page.forms
    form = page.forms["rate"]
    refused = form.submit("rate", status=400)  # no rating chosen
    assert refused.html.select("#rate .error, #rate .invalid-feedback")
    form = refused.forms["rate"]
    form["rating"] = "4"
    form["comment"] = "Réparé en deux jours"
    done = form.submit("rate").follow()
    assert done.html.find(class_="flash success")
    assert "rate" not in done.forms
    assert "Réparé en deux jours" in done.text
    again = page.forms["rate"]
    again["rating"] = "1"
    again.submit("rate", status=409)
    factories.log_in(app, "agent@x.test")
    with db() as session:
        complaint = _load(session, code)
        assert complaint.rating == 4
        public_id = complaint.public_id
    detail = app.get(f"/c/sale/complaints/{public_id}")
    assert "4 sur 5" in detail.text
    assert "Réparé en deux jours" in detail.text


def test_an_open_complaint_offers_no_rating_and_refuses_a_forged_one(app, db, sale):
    with db() as session:
        code = _file(session).tracking_code
    page = app.get(f"/sale/complaints/track/{code}")
    assert "rate" not in page.forms
    assert "contest" not in page.forms
    token = factories.csrf_token(app, "/sale/complaints/new")
    url = f"/sale/complaints/track/{code}"
    app.post(url, {"csrf_token": token, "rating": "5", "rate": "rate"}, status=409)
    app.post(url, {"csrf_token": token, "reason": "Rien fait", "contest": "x"}, status=409)
    with db() as session:
        assert _load(session, code).rating is None


def test_the_reporter_reopens_from_the_page_and_staff_read_why(app, db, sale):
    code = _resolved(db)
    form = app.get(f"/sale/complaints/track/{code}").forms["contest"]
    form["reason"] = "x"
    refused = form.submit("contest", status=400)
    assert refused.html.select("#contest .error, #contest .invalid-feedback")
    form = refused.forms["contest"]
    form["reason"] = "La ruelle est toujours dans le noir"
    page = form.submit("contest").follow()
    assert page.html.find(class_="flash success")
    assert "contest" not in page.forms
    with db() as session:
        complaint = _load(session, code)
        assert complaint.state == "assigned"
        public_id = complaint.public_id
    factories.log_in(app, "agent@x.test")
    detail = app.get(f"/c/sale/complaints/{public_id}")
    assert "La ruelle est toujours dans le noir" in detail.text
    assert "Rouverte par le déclarant" in detail.text


def test_after_thirty_days_the_button_is_gone_and_a_forged_post_is_refused(app, db, sale):
    code = _resolved(db)
    with db() as session:
        complaint = _load(session, code)
        complaint.resolved_at = utcnow() - timedelta(days=REOPEN_DAYS + 1)
    page = app.get(f"/sale/complaints/track/{code}")
    assert "contest" not in page.forms
    assert "rate" in page.forms  # rating stays possible
    token = factories.csrf_token(app, "/sale/complaints/new")
    refused = app.post(
        f"/sale/complaints/track/{code}",
        {"csrf_token": token, "reason": "Toujours en panne", "contest": "x"},
        status=409,
    )
    assert "30" in refused.text
    with db() as session:
        assert _load(session, code).state == "resolved"


# --- Accounts -----------------------------------------------------------------------------


def _sign_up(app, email):
    form = app.get("/sale/complaints/account").forms["deform"]
    form["full_name"] = "Amina"
    form["email"] = email
    form["password"] = factories.PASSWORD
    form["password-confirm"] = factories.PASSWORD
    return form.submit("create", status=302)


def _create_account(app, email=RESIDENT):
    """Sign up, then log in as the page asks."""
    _sign_up(app, email)
    assert factories.log_in(app, email).status_int == 302


def _file_on_the_form(app):
    form = app.get("/sale/complaints/new").forms["deform"]
    form["category"] = form["category"].options[1][0]
    form["description"] = "Conteneur plein depuis cinq jours"
    form["address"] = "Place du marché"
    return form.submit("send").location.rsplit("/", 1)[-1]


def test_a_resident_opens_an_account_and_sees_what_they_filed(app, db, sale):
    anonymous_code = _file_on_the_form(app)
    mine = app.get("/sale/complaints/new").click(href="/sale/complaints/mine$")
    assert mine.html.find("a", href=lambda h: h and "/login?next=" in h)
    _create_account(app)
    page = app.get("/sale/complaints/mine")
    assert page.html.find(class_="empty")
    own_code = _file_on_the_form(app)
    mine = app.get("/sale/complaints/mine")
    assert own_code in mine.text
    assert anonymous_code not in mine.text
    form = mine.forms["claim"]
    form["code"] = anonymous_code.lower()
    mine = form.submit("claim").follow()
    assert anonymous_code in mine.text
    assert own_code in mine.text
    with db() as session:
        user = session.execute(select(User).where(User.email == RESIDENT)).scalar_one()
        assert user.memberships == []
        assert _load(session, anonymous_code).reporter_user_id == user.id
        events = audit.history(session, "complaint", str(_load(session, anonymous_code).public_id))
        assert events[-1].action == "complaints:request:claimed"
    # Another commune's page lists none of them.
    elsewhere = app.get("/temara/complaints/mine")
    assert elsewhere.html.find(class_="empty")
    assert own_code not in elsewhere.text


def test_claiming_needs_the_right_code_and_a_free_complaint(app, db, sale):
    with db() as session:
        code = _file(session).tracking_code
    _create_account(app)
    form = app.get("/sale/complaints/mine").forms["claim"]
    form["code"] = "AAAAAAAAAAAA"
    refused = form.submit("claim", status=404)
    assert refused.html.find(class_="flash error")
    form = refused.forms["claim"]
    form["code"] = code
    form.submit("claim").follow()
    other = webtest.TestApp(app.app, extra_environ=app.extra_environ)
    _create_account(other, email="other@example.org")
    form = other.get("/sale/complaints/mine").forms["claim"]
    form["code"] = code
    assert form.submit("claim", status=409).html.find(class_="flash error")
    assert code not in other.get("/sale/complaints/mine").text


def _flash(response):
    return response.follow().html.find(class_="flash").text


def test_a_taken_address_gets_the_same_answer_and_its_owner_an_e_mail(app, db, sale):
    free = _sign_up(app, RESIDENT)
    free_flash = _flash(free)
    app.reset()
    taken = _sign_up(app, "agent@x.test")
    assert taken.location == free.location
    assert _flash(taken) == free_flash
    with db() as session:
        users = session.execute(select(User).where(User.email == "agent@x.test")).scalars()
        assert len(list(users)) == 1
    deliver_outbox(app.app.registry)
    log = Path(app.app.registry.settings["baladiya.core.message_log"])
    sent = [json.loads(line) for line in log.read_text().splitlines()]
    to_owner = [m for m in sent if m["to"] == "agent@x.test"]
    assert len(to_owner) == 1
    assert "/login?next=%2Fsale%2Fcomplaints%2Fmine" in to_owner[0]["body"]
    # The owner logs in with their own password, not the one typed at sign-up.
    assert factories.log_in(app, "agent@x.test").status_int == 302


def test_a_resident_gets_no_staff_permission_anywhere(app, db, sale):
    code = _resolved(db)
    _create_account(app)
    app.get("/c/sale/", status=403)
    app.get("/c/sale/complaints", status=403)
    app.get("/c/sale/complaints/counter", status=403)
    app.get("/c/sale/complaints/categories", status=403)
    app.get("/c/temara/complaints", status=403)
    with db() as session:
        public_id = _load(session, code).public_id
    token = factories.csrf_token(app, "/sale/complaints/new")
    app.post(f"/c/sale/complaints/{public_id}/close", {"csrf_token": token}, status=403)
    assert not app.get("/sale/complaints/mine").html.select("nav.menu a")
