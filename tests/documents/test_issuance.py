"""Issuing and revoking (documents.issuance): numbers, what is kept, what is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from documents import issuance
from documents.models import DocumentCounter, IssuedDocument, RevokedDocument
from documents.permissions import Perm
from municipality import audit
from municipality.db import set_commune_scope
from municipality.errors import Forbidden, InvalidTransition, NotFound, ValidationFailed
from municipality.files import file_store
from municipality.models import AuditEvent
from tests.documents.support import ISSUER, RESIDENT, issue, issuing_commune


def test_numbers_follow_each_other_per_commune_type_and_year(db, wsgi_app):
    with db() as session:
        sale = issuing_commune(session, wsgi_app.registry, "sale")
        temara = issuing_commune(session, wsgi_app.registry, "temara")
        numbers = [issue(session, wsgi_app.registry, sale).number for _ in range(3)]
        other = issue(session, wsgi_app.registry, temara).number
    year = numbers[0].split("-")[1]
    assert numbers == [f"RES-{year}-00000{n}" for n in (1, 2, 3)]
    assert other == f"RES-{year}-000001"


def test_an_issued_document_is_stored_sealed_and_audited(db, wsgi_app):
    with db() as session:
        commune = issuing_commune(session, wsgi_app.registry)
        document = issue(session, wsgi_app.registry, commune, full_name="  Amina   Benali ")
        pdf = issuance.pdf_of(session, wsgi_app.registry, document)
        set_commune_scope(session, commune.id)
        event = session.execute(
            select(AuditEvent).where(AuditEvent.action == issuance.ISSUED_ACTION)
        ).scalar_one()
        assert audit.verify_chain(session, commune.id).intact
    assert pdf.startswith(b"%PDF")
    assert document.state == "issued"
    assert document.holder_name == "Amina Benali"
    assert document.data["date_of_birth"] == "1988-03-14"
    assert document.seal.startswith("BL1:")
    assert len(document.document_hash) == 64
    assert (document.expires_on - document.issued_at.date()).days == 90
    assert event.object_id == str(document.public_id)


@pytest.mark.parametrize(
    "bad",
    [
        {"full_name": ""},
        {"date_of_birth": "2999-01-01"},
        {"date_of_birth": "14/03/1988"},
        {"national_id": "AB 12"},
        {"address": "x" * 201},
        {"resident_since": 12},
    ],
)
def test_bad_data_is_refused_and_nothing_is_written(db, wsgi_app, bad):
    with db() as session:
        commune = issuing_commune(session, wsgi_app.registry)
        with pytest.raises(ValidationFailed) as refused:
            issue(session, wsgi_app.registry, commune, **bad)
        assert set(refused.value.errors) == set(bad)
        set_commune_scope(session, commune.id)
        assert session.execute(select(func.count()).select_from(IssuedDocument)).scalar() == 0
        assert session.execute(select(func.count()).select_from(DocumentCounter)).scalar() == 0


def test_an_unknown_type_a_bad_language_and_a_missing_permission_are_refused(db, wsgi_app):
    with db() as session:
        commune = issuing_commune(session, wsgi_app.registry)
        call = {
            "actor": "tests",
            "commune": commune,
            "data": RESIDENT,
            "permissions": ISSUER,
            "type_code": "RES",
            "lang": "fr",
        }
        with pytest.raises(NotFound):
            issuance.issue_document(session, wsgi_app.registry, **{**call, "type_code": "XX"})
        with pytest.raises(ValidationFailed):
            issuance.issue_document(session, wsgi_app.registry, **{**call, "lang": "de"})
        with pytest.raises(Forbidden):
            issuance.issue_document(
                session, wsgi_app.registry, **{**call, "permissions": frozenset({Perm.VIEW})}
            )
        with pytest.raises(ValidationFailed):
            issuance.issue_document(session, wsgi_app.registry, **{**call, "data": ["a list"]})


def test_revoking_keeps_the_reason_and_publishes_the_hash(db, wsgi_app):
    with db() as session:
        commune = issuing_commune(session, wsgi_app.registry)
        document = issue(session, wsgi_app.registry, commune)
        issuance.revoke(
            session,
            actor="tests",
            document=document,
            reason="Issued with a wrong address",
            permissions=ISSUER,
        )
        set_commune_scope(session, commune.id)
        revoked = session.execute(select(RevokedDocument)).scalar_one()
        with pytest.raises(InvalidTransition):
            issuance.revoke(
                session, actor="tests", document=document, reason="again", permissions=ISSUER
            )
    assert document.state == "revoked"
    assert document.revocation_reason == "Issued with a wrong address"
    assert revoked.document_hash == document.document_hash


def test_revoking_needs_a_reason_and_the_permission(db, wsgi_app):
    with db() as session:
        commune = issuing_commune(session, wsgi_app.registry)
        document = issue(session, wsgi_app.registry, commune)
        with pytest.raises(ValidationFailed):
            issuance.revoke(session, actor="t", document=document, reason=" ", permissions=ISSUER)
        with pytest.raises(Forbidden):
            issuance.revoke(
                session,
                actor="t",
                document=document,
                reason="a good reason",
                permissions=frozenset({Perm.ISSUE}),
            )
    assert document.state == "issued"


def test_the_register_filters_by_text_state_and_date(db, wsgi_app):
    with db() as session:
        commune = issuing_commune(session, wsgi_app.registry)
        first = issue(session, wsgi_app.registry, commune, full_name="Youssef El Amrani")
        second = issue(session, wsgi_app.registry, commune)
        issuance.revoke(
            session, actor="t", document=second, reason="wrong address", permissions=ISSUER
        )
        set_commune_scope(session, commune.id)
        today = first.issued_at.date()

        def numbers(**filters: object) -> list[str]:
            stmt = issuance.register_query(issuance.Filters(**filters), today)
            return [d.number for d in session.execute(stmt).scalars()]

        assert numbers(text="amrani") == [first.number]
        assert numbers(text=second.number) == [second.number]
        assert numbers(state="revoked") == [second.number]
        assert numbers(state="issued") == [first.number]
        assert numbers(state="expired") == []
        assert numbers(issued_from=today, issued_to=today) == [second.number, first.number]
        assert numbers(issued_to=today.replace(year=today.year - 1)) == []
        assert file_store(wsgi_app.registry).exists(session, first.pdf_sha256)
