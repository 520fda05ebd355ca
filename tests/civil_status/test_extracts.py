"""Birth extracts: issued from a signed act as a sealed document whose QR, read off the PDF,
verifies with the act's names; refused for a draft; listed and issued from the act page."""

from __future__ import annotations

from threading import Lock

import pytest
import segno

from civil_status.models import Act
from civil_status.permissions import Perm
from civil_status.services import extracts
from documents import issuance, services
from documents.services import RevokedInDatabase, server_trust_list
from documents.verification import Status, verify
from municipality import audit
from municipality.db import utcnow
from municipality.errors import Conflict
from tests import factories
from tests.documents.support import issuing_commune, qr_text

CLERK = frozenset({Perm.VIEW, Perm.ISSUE_EXTRACT})


@pytest.fixture(autouse=True)
def fresh_trust_cache(monkeypatch):
    """Each test empties the database, so trust list ids repeat with another signer."""
    monkeypatch.setattr(services, "_TRUST_CACHE", services._TrustCache(Lock()))


def _bureau(session, registry, country: str = "MA"):
    commune = issuing_commune(session, registry, "sale", country=country)
    factories.enable(session, commune, "civil_status")
    return commune, factories.register(session, commune_=commune)


def _issue(session, registry, commune, act: Act, lang: str = "fr"):
    return extracts.issue(
        session,
        registry,
        actor="tests",
        commune=commune,
        act=act,
        lang=lang,
        permissions=CLERK,
    )


@pytest.mark.parametrize(("country", "lang"), [("MA", "ar"), ("MA", "fr"), ("ML", "fr")])
def test_the_extract_of_a_signed_act_verifies_off_its_paper(db, wsgi_app, country, lang):
    registry = wsgi_app.registry
    with db() as session:
        commune, register = _bureau(session, registry, country)
        act = factories.signed_act(session, register_=register)
        document = _issue(session, registry, commune, act, lang)
        text = qr_text(issuance.pdf_of(session, registry, document))
        verdict = verify(
            text, server_trust_list(session), RevokedInDatabase(session), utcnow().date()
        )
        listed = [d.number for d in extracts.extracts_of(session, act)]
        history = audit.history(session, "civil_status_act", str(act.public_id))
        act_number = f"{act.number}/{register.year}"
        born = act.event_date.isoformat()
    assert verdict.status == Status.VALID, verdict.reason
    assert verdict.claims is not None
    assert dict(verdict.claims.fields) == {
        "nm": "Yasmine El Amrani",
        "na": "ياسمين العمراني",
        "bd": born,
        "an": act_number,
        "cm": commune.name_fr,
    }
    assert listed == [document.number]
    assert history[-1].action == extracts.ISSUED_ACTION
    assert history[-1].changes == {"document": document.number, "fee": "counter"}


def test_a_realistic_extract_seal_fits_a_version_12_qr_at_level_m(db, wsgi_app):
    registry = wsgi_app.registry
    with db() as session:
        commune, register = _bureau(session, registry)
        act = factories.signed_act(
            session,
            register_=register,
            given_name_lat="Fatima Zahra",
            family_name_lat="Ben Abdelouahab El Idrissi",
            given_name_ar="فاطمة الزهراء",
            family_name_ar="بن عبد الوهاب الإدريسي",
        )
        seal = _issue(session, registry, commune, act).seal
    code = segno.make(seal, error="m", mode="alphanumeric", boost_error=False)
    assert code.version <= 12, (code.version, len(seal))


def test_a_draft_act_has_no_extract(db, wsgi_app):
    registry = wsgi_app.registry
    with db() as session:
        commune, register = _bureau(session, registry)
        draft = factories.act(session, register_=register)
        with pytest.raises(Conflict, match="signed"):
            _issue(session, registry, commune, draft)
        assert extracts.extracts_of(session, draft) == []


@pytest.fixture
def counter(app, db, wsgi_app):
    with db() as session:
        commune, register = _bureau(session, wsgi_app.registry)
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
        factories.user(
            session,
            role="civil_status_officer",
            commune_=commune,
            email="officer@sale.test",
            totp=True,
        )
        signed = factories.signed_act(session, register_=register)
        draft = factories.act(session, register_=register, given_name_lat="Nour")
        return signed.public_id, draft.public_id


def test_the_agent_issues_an_extract_from_the_act_page(app, counter):
    signed, _draft = counter
    factories.log_in(app, "agent@sale.test")
    page = app.get(f"/c/sale/civil-status/acts/{signed}", {"why": "counter_request"})
    form = next(f for f in page.forms.values() if f.action.endswith("/extracts"))
    form["language"] = "ar"
    shown = form.submit().follow()
    assert shown.html.find(class_="flash success")
    links = shown.html.select("#extracts li a")
    assert links[0].text.startswith("BEX-")
    pdf = app.get(links[1]["href"])
    assert pdf.content_type == "application/pdf"
    assert "Yasmine El Amrani" in app.get(links[0]["href"]).text


def test_the_agent_is_refused_an_extract_of_a_draft(app, counter):
    _signed, draft = counter
    factories.log_in(app, "agent@sale.test")
    path = f"/c/sale/civil-status/acts/{draft}"
    page = app.get(path, {"why": "entry"})
    assert not any(f.action.endswith("/extracts") for f in page.forms.values())
    token = factories.csrf_token(app, f"{path}?why=entry")
    refused = app.post(
        f"{path}/extracts",
        {"csrf_token": token, "language": "fr"},
        headers={"Accept-Language": "fr"},
        status=409,
    )
    assert "acte de naissance signé" in refused.text


def test_an_unknown_language_is_refused(app, counter):
    signed, _draft = counter
    factories.log_in(app, "agent@sale.test")
    path = f"/c/sale/civil-status/acts/{signed}"
    token = factories.csrf_token(app, f"{path}?why=entry")
    app.post(f"{path}/extracts", {"csrf_token": token, "language": "xx"}, status=422)


def test_the_officer_opens_the_extracts_listed_on_the_act(app, counter):
    signed, _draft = counter
    factories.log_in(app, "agent@sale.test")
    page = app.get(f"/c/sale/civil-status/acts/{signed}", {"why": "counter_request"})
    next(f for f in page.forms.values() if f.action.endswith("/extracts")).submit()
    app.reset()
    factories.log_in(app, "officer@sale.test", totp=True)
    shown = app.get(f"/c/sale/civil-status/acts/{signed}", {"why": "verification"})
    link = shown.html.select_one("#extracts li a")
    assert "Yasmine El Amrani" in app.get(link["href"]).text
