"""A front office's request pages through the real app: the agent forwards a guardian's
request once the papers are checked, hands over the copy the registry made ready, and the
requester follows the new states in French and Arabic."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from civil_status.models import CopyRequest
from civil_status.services import forwarding, requests
from municipality.db import set_commune_scope
from municipality.models import Commune
from tests import factories

AGENT = "agent@nktt.test"


@pytest.fixture
def front_office(app, db, wsgi_app) -> dict[str, str]:
    """A Mauritanian commune with a guardian's request waiting and one the registry answered."""
    with db() as session:
        commune = factories.commune(session, slug="nktt", country="MR")
        factories.enable(session, commune, "civil_status")
        factories.user(session, role="agent", commune_=commune, email=AGENT)
        set_commune_scope(session, commune.id)
        asked = {**factories.COPY_REQUESTER, "act_number": 412, "act_year": 2009}
        waiting = requests.submit(
            session,
            wsgi_app.registry,
            actor="tests",
            commune=commune,
            channel="counter",
            data={**asked, "relation": "guardian", "copy_type": "full_copy"},
        )
        ready = requests.submit(
            session, wsgi_app.registry, actor="tests", commune=commune, channel="online", data=asked
        )
        forwarding.apply_answer(
            session,
            commune,
            actor=forwarding.REGISTRY_ACTOR,
            local_id=str(ready.public_id),
            status="ready",
            notes="",
        )
        return {
            "waiting": str(waiting.public_id),
            "ready": str(ready.public_id),
            "code": ready.code,
            "waiting_code": waiting.code,
        }


def _state(db, public_id: str) -> str:
    with db() as session:
        found = session.execute(select(CopyRequest)).scalars()
        return next(r.state for r in found if str(r.public_id) == public_id)


def test_the_agent_forwards_after_checking_the_papers_then_hands_over(app, db, front_office):
    factories.log_in(app, AGENT)
    page = app.get(f"/c/nktt/civil-status/requests/{front_office['waiting']}")
    buttons = [b.get_text(strip=True) for b in page.html.select(".actions button")]
    assert buttons == ["Transmettre au registre national"]
    assert "vérifiez les pièces du demandeur" in page.text
    action = page.html.select_one(".actions form")["action"]
    token = factories.csrf_token(app, "/c/nktt/civil-status/requests")
    done = app.post(action, {"csrf_token": token}).follow()
    assert "Transmise au registre national" in done.text
    assert _state(db, front_office["waiting"]) == "forwarded"
    assert not done.html.select(".actions button")  # only the registry answers now
    ready = app.get(f"/c/nktt/civil-status/requests/{front_office['ready']}")
    assert "Prête au guichet" in ready.text
    hand = ready.html.select_one(".actions form")["action"]
    app.post(hand, {"csrf_token": token}).follow()
    assert _state(db, front_office["ready"]) == "delivered"


def test_a_commune_that_keeps_its_acts_offers_no_forward(app, db, front_office):
    with db() as session:
        commune = session.execute(select(Commune).where(Commune.slug == "nktt")).scalar_one()
        commune.country_profile = "MA"
    factories.log_in(app, AGENT)
    page = app.get(f"/c/nktt/civil-status/requests/{front_office['waiting']}")
    assert "Transmettre" not in page.text
    token = factories.csrf_token(app, "/c/nktt/civil-status/requests")
    url = f"/c/nktt/civil-status/requests/{front_office['waiting']}/forward"
    app.post(url, {"csrf_token": token}, status=409)
    assert _state(db, front_office["waiting"]) == "submitted"


def test_the_requester_follows_the_new_states_in_french_and_arabic(app, front_office):
    ready = app.get(f"/nktt/civil-status/track/{front_office['code']}")
    assert ready.html.find(id="request-state").get_text(strip=True) == "Prête au guichet"
    assert "retirez-la au guichet" in ready.text
    token = factories.csrf_token(app, "/login")
    app.post("/locale", {"csrf_token": token, "locale": "ar", "next": "/login"})
    shown = app.get(f"/nktt/civil-status/track/{front_office['code']}")
    assert '<html lang="ar" dir="rtl">' in shown.text
    assert shown.html.find(id="request-state").get_text(strip=True) == "جاهز في الشباك"


def test_the_forms_promise_the_registry_s_copy_not_a_download(app, front_office):
    abroad = app.get("/nktt/civil-status/request/abroad")
    assert "registre national" in abroad.text
    assert "payée en ligne" not in abroad.text
