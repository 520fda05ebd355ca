"""The public verification page and the published lists, through the real application."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote_from_bytes

import pytest
from sqlalchemy import select

from documents import services, trust
from documents.models import VerificationCount
from municipality.db import clock_at, utcnow
from municipality.models import Commune
from tests import factories


def _csrf(app) -> str:
    page = app.get("/verify")
    return page.forms["deform"]["csrf_token"].value


def _post(app, text: str, *, status: int | str = "*", lang: str = "fr"):
    token = _csrf(app)
    return app.post(
        "/verify",
        {"text": text, "csrf_token": token, "check": "check"},
        headers={"Accept-Language": lang},
        status=status,
    )


@pytest.fixture
def seal(db) -> str:
    with db() as session:
        signer = factories.signer_key(session)
        commune = session.get(Commune, signer.commune_id)
        return factories.sealed(session, commune, n="Amina Tazi", na="أمينة التازي")


def test_the_page_needs_no_log_in_and_loads_the_camera_reader_from_this_site(app) -> None:
    page = app.get("/verify")
    assert page.status_int == 200
    assert 'name="text"' in page.text
    assert "qr-scanner.min.js" in page.text
    assert "worker-src 'self' blob:" in page.headers["Content-Security-Policy"]


def test_a_genuine_seal_shows_its_signed_values_and_commune(app, seal: str) -> None:
    page = _post(app, seal, status=200)
    assert "verdict-valid" in page.text
    assert "Amina Tazi" in page.text
    assert "أمينة التازي" in page.text
    assert "Commune commune-" in page.text


def test_an_altered_seal_shows_no_values(app, seal: str) -> None:
    forged = seal[:-3] + ("A" if seal[-3] != "A" else "B") + seal[-2:]
    page = _post(app, forged)
    assert "verdict-invalid" in page.text
    assert "Amina Tazi" not in page.text


@pytest.mark.parametrize("text", ["hello", "BL1:" + "%" * 30, "\u202eBL1:", "\U0001d518\U0001d52b"])
def test_what_is_not_a_seal_is_a_clear_400(app, text: str) -> None:
    page = _post(app, text, status=400)
    assert "verdict-invalid" in page.text
    assert "Ce texte n" in page.text or "endommagé" in page.text


@pytest.mark.parametrize("text", ["\x00\x00\x00", "BL1:\x00", "\ud800", "BL1:\udfff"])
def test_nul_bytes_and_lone_surrogates_are_a_clear_400(app, text: str) -> None:
    raw = quote_from_bytes(text.encode("utf-8", "surrogatepass"), safe="")
    body = f"text={raw}&csrf_token={_csrf(app)}".encode()
    page = app.post("/verify", body, content_type="application/x-www-form-urlencoded", status=400)
    assert page.content_type == "text/html"


@pytest.mark.parametrize("text", ["", "A" * 5000])
def test_an_empty_or_huge_text_is_refused_by_the_form(app, text: str) -> None:
    page = _post(app, text, status=400)
    assert "verdict" not in page.text


def test_the_page_speaks_arabic(app, seal: str) -> None:
    page = _post(app, seal, status=200, lang="ar")
    assert 'dir="rtl"' in page.text


def test_a_check_is_counted_and_nothing_else_kept(app, db, seal: str) -> None:
    _post(app, seal, status=200)
    _post(app, "hello", status=400)
    with db() as session:
        rows = session.execute(select(VerificationCount)).scalars().all()
        assert sorted((r.verdict, r.count) for r in rows) == [("invalid", 1), ("valid", 1)]
        assert all(r.commune_id is None for r in rows if r.verdict == "invalid")


def test_the_trust_list_and_revocations_download_and_verify(app, db, seal: str) -> None:
    with db() as session:
        commune = session.execute(select(Commune)).scalar_one()
        services.revoke_document(
            session, actor="t", commune=commune, seal_text=seal, reason="Annulé"
        )
    listed = app.get("/documents/trust-list", status=200)
    assert listed.content_type == "application/cbor"
    assert "attachment" in listed.headers["Content-Disposition"]
    trust_list = trust.load_trust_list(listed.body)
    assert len(trust_list.signers) == 1
    revoked = app.get("/documents/revoked", status=200)
    assert len(trust.load_revocations(revoked.body, trust_list)) == 1
    assert "verdict-revoked" in _post(app, seal, status=200).text


@pytest.fixture
def admin(app, db):
    with db() as session:
        commune = factories.commune(session, slug="sale")
        factories.enable(session, commune, "documents")
        factories.user(session, role="commune_admin", commune_=commune, email="admin@sale.test")
        factories.user(session, role="agent", commune_=commune, email="agent@sale.test")
    return app


def test_the_seal_page_says_when_no_signer_exists(admin) -> None:
    factories.log_in(admin, "admin@sale.test", totp=True)
    page = admin.get("/c/sale/documents/seal", status=200)
    assert "keys make-signer" in page.text
    assert "Aucune clé de signature" in page.text


def test_the_seal_page_lists_signers_warns_before_expiry_and_counts_checks(admin, db) -> None:
    with db() as session:
        commune = session.execute(select(Commune)).scalar_one()
        root = factories.seal_root_keys()
        with clock_at(utcnow() - timedelta(days=380)):
            old = factories.signer_key(session, commune_=commune, root=root)
        text = factories.sealed(session, commune)
    factories.log_in(admin, "admin@sale.test", totp=True)
    page = admin.get("/c/sale/documents/seal", status=200)
    assert old.kid.hex() in page.text
    assert "keys rotate" in page.text
    _post(admin, text, status=200)
    page = admin.get("/c/sale/documents/seal", status=200)
    assert "Document valide" in page.text
    with db() as session:
        commune = session.execute(select(Commune)).scalar_one()
        services.make_signer(
            session,
            actor="t",
            commune=commune,
            root=root,
            app_secret=factories.DOCUMENT_KEY_SECRET,
            rotate=True,
        )
    page = admin.get("/c/sale/documents/seal", status=200)
    assert "keys rotate" not in page.text
    assert "Remplacée" in page.text


def test_the_seal_page_is_for_the_communes_administrators(admin) -> None:
    factories.log_in(admin, "agent@sale.test")
    admin.get("/c/sale/documents/seal", status=403)
