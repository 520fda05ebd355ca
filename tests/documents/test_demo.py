"""The demo documents: every state, in each demo commune's language."""

from __future__ import annotations

from datetime import timedelta

from documents import demo, issuance
from municipality import audit
from municipality.db import set_commune_scope, utcnow
from municipality.demo import DemoYear
from tests import factories


def test_the_demo_issues_valid_expired_and_revoked_certificates(db, wsgi_app):
    year = DemoYear(wsgi_app.registry, utcnow())
    with db() as session:
        sale = factories.commune(session, slug="sale", languages="ar fr")
        bamako = factories.commune(session, slug="bamako", country="ML", languages="fr")
        loaded = {c.slug: demo.load_demo(session, c, "system:demo", year) for c in (sale, bamako)}
        for commune in (sale, bamako):
            assert audit.verify_chain(session, commune.id).intact
        set_commune_scope(session, sale.id)
        pdf = issuance.pdf_of(session, wsgi_app.registry, loaded["sale"][0])
    today = utcnow().date()
    for documents in loaded.values():
        states = [d.state for d in documents]
        assert states.count("revoked") == 1
        assert any(issuance.is_expired(d, today) for d in documents)
        assert any(d.state == "issued" and not issuance.is_expired(d, today) for d in documents)
        assert all(d.issued_at <= year.end + timedelta(days=1) for d in documents)
    assert [d.language for d in loaded["sale"]] == ["ar"] * 6
    assert pdf.startswith(b"%PDF")
