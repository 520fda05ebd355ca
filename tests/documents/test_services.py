"""Signers made, rotated and withdrawn through the root; seals; revocations; counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pyramid.registry import Registry
from sqlalchemy import select

from documents import cose, keys, services, trust
from documents.interfaces import DocumentType
from documents.models import SignerKey, VerificationCount
from documents.seal import Claims, unpack
from documents.verification import Reason, Status, Verdict, verify
from municipality.db import clock_at, utcnow
from municipality.errors import Conflict, ValidationFailed
from municipality.i18n import _
from municipality.models import AuditEvent
from municipality.providers import Kind, offer
from tests import factories

SECRET = factories.DOCUMENT_KEY_SECRET


def _check(session, text: str, days_later: int = 0) -> Verdict:
    return verify(
        text,
        services.server_trust_list(session),
        services.RevokedInDatabase(session),
        utcnow().date() + timedelta(days=days_later),
    )


def _actions(session) -> list[str]:
    return list(session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


def test_a_signer_is_made_certified_audited_and_listed(db) -> None:
    root = factories.seal_root_keys()
    with db() as session:
        commune = factories.commune(session, slug="sale")
        signer = factories.signer_key(session, commune_=commune, root=root)
        assert "documents:signer:created" in _actions(session)
        assert "documents:root:registered" in _actions(session)
        listed = trust.load_trust_list(
            services.published_trust_list(session), {cose.key_id(root.certificate)}
        )
        assert listed.signers[signer.kid].commune == "sale"
        assert listed.signers[signer.kid].name_ar == commune.name_ar
        assert signer.not_after - signer.not_before == keys.SIGNER_VALIDITY


def test_the_stored_key_is_encrypted_and_opens_only_with_the_secret(db) -> None:
    with db() as session:
        signer = factories.signer_key(session)
        key = keys.decrypt_private_key(signer.private_key, signer.kid, SECRET)
        plain = key.private_bytes(
            keys.serialization.Encoding.DER,
            keys.serialization.PrivateFormat.PKCS8,
            keys.serialization.NoEncryption(),
        )
        assert plain not in signer.private_key
        with pytest.raises(keys.KeysError, match="does not open"):
            keys.decrypt_private_key(signer.private_key, signer.kid, "another secret")
        with pytest.raises(keys.KeysError, match="does not open"):
            keys.decrypt_private_key(signer.private_key, b"\x00" * 8, SECRET)


def test_a_second_signer_is_a_rotation_and_a_rotation_needs_a_signer(db) -> None:
    root = factories.seal_root_keys()
    with db() as session:
        commune = factories.commune(session)
        with pytest.raises(services.NoSigner):
            services.make_signer(
                session, actor="t", commune=commune, root=root, app_secret=SECRET, rotate=True
            )
        factories.signer_key(session, commune_=commune, root=root)
        with pytest.raises(Conflict, match="rotate"):
            factories.signer_key(session, commune_=commune, root=root)


def test_after_a_rotation_the_new_signer_seals_and_the_old_seals_still_verify(db) -> None:
    root = factories.seal_root_keys()
    with db() as session:
        commune = factories.commune(session)
        old = factories.signer_key(session, commune_=commune, root=root)
        before = factories.sealed(session, commune)
        with clock_at(utcnow() + timedelta(days=360)):
            new = services.make_signer(
                session, actor="t", commune=commune, root=root, app_secret=SECRET, rotate=True
            )
            after = factories.sealed(session, commune)
            assert unpack(after).kid == new.kid != old.kid
        assert "documents:signer:rotated" in _actions(session)
        assert _check(session, before).valid
        assert _check(session, after, days_later=360).valid


def test_a_withdrawn_signers_seals_read_revoked(db) -> None:
    root = factories.seal_root_keys()
    with db() as session:
        commune = factories.commune(session)
        signer = factories.signer_key(session, commune_=commune, root=root)
        text = factories.sealed(session, commune)
        services.withdraw_signer(session, actor="t", signer=signer, root=root)
        verdict = _check(session, text)
        assert (verdict.status, verdict.reason) == (Status.REVOKED, Reason.SIGNER_WITHDRAWN)
        assert "documents:signer:withdrawn" in _actions(session)
        with pytest.raises(Conflict):
            services.withdraw_signer(session, actor="t", signer=signer, root=root)
        with pytest.raises(services.NoSigner):
            factories.sealed(session, commune)


def test_a_signer_is_withdrawn_only_by_its_own_root(db) -> None:
    with db() as session:
        signer = factories.signer_key(session)
        with pytest.raises(Conflict, match="another root"):
            services.withdraw_signer(
                session, actor="t", signer=signer, root=factories.seal_root_keys()
            )


def test_sealing_without_a_signer_says_so(db) -> None:
    with db() as session:
        commune = factories.commune(session)
        with pytest.raises(services.NoSigner, match="no document signer"):
            factories.sealed(session, commune)


def test_claims_of_another_commune_are_not_sealed(db) -> None:
    with db() as session:
        signer = factories.signer_key(session)
        commune = session.get(factories.Commune, signer.commune_id)
        claims = Claims("CR", "1", "elsewhere", utcnow().date())
        with pytest.raises(ValidationFailed):
            services.seal_document(session, commune, claims, app_secret=SECRET)


def test_a_revoked_document_reads_revoked_here_and_in_the_published_list(db) -> None:
    with db() as session:
        signer = factories.signer_key(session)
        commune = session.get(factories.Commune, signer.commune_id)
        text = factories.sealed(session, commune)
        other = factories.sealed(session, commune)
        row = services.revoke_document(
            session, actor="t", commune=commune, seal_text=text, reason="Annulé"
        )
        assert "documents:document:revoked" in _actions(session)
        assert (_check(session, text).status, _check(session, other).status) == (
            Status.REVOKED,
            Status.VALID,
        )
        with pytest.raises(Conflict):
            services.revoke_document(
                session, actor="t", commune=commune, seal_text=text, reason="Again"
            )
        published = services.published_revocations(session, app_secret=SECRET)
        listed = trust.load_revocations(published, services.server_trust_list(session))
        assert listed == {row.document_hash}


@pytest.mark.parametrize(
    ("text", "reason"), [("garbage", "Annulé"), (None, " "), (None, "x" * 501)]
)
def test_a_revocation_needs_a_seal_and_a_reason(db, text, reason) -> None:
    with db() as session:
        signer = factories.signer_key(session)
        commune = session.get(factories.Commune, signer.commune_id)
        with pytest.raises(ValidationFailed):
            services.revoke_document(
                session,
                actor="t",
                commune=commune,
                seal_text=text or factories.sealed(session, commune),
                reason=reason,
            )


def test_revocations_signed_by_another_communes_signer_are_refused(db) -> None:
    with db() as session:
        first = factories.signer_key(session)
        second = factories.signer_key(session)
        key = keys.decrypt_private_key(first.private_key, first.kid, SECRET)
        commune = session.get(factories.Commune, second.commune_id)
        forged = trust.join_sections(
            [trust.sign_revocations(key, first.kid, commune.slug, ["00" * 32], utcnow())]
        )
        with pytest.raises(trust.TrustListError):
            trust.load_revocations(forged, services.server_trust_list(session))


def test_verifications_are_counted_by_day_commune_and_verdict(db) -> None:
    with db() as session:
        signer = factories.signer_key(session)
        commune = session.get(factories.Commune, signer.commune_id)
        text = factories.sealed(session, commune)
        today = utcnow().date()
        for _ in range(3):
            services.count_verification(session, _check(session, text), today)
        services.count_verification(session, _check(session, "garbage"), today)
        services.count_verification(session, _check(session, "garbage"), today)
        assert services.verification_counts(session, commune, today) == {"valid": 3}
        rows = session.execute(select(VerificationCount)).scalars().all()
        assert {(r.commune_id, r.verdict, r.count) for r in rows} == {
            (commune.id, "valid", 3),
            (None, "invalid", 2),
        }


def test_the_demo_signer_comes_from_a_marked_demo_root_once(db, tmp_path) -> None:
    with db() as session:
        commune = factories.commune(session)
        first = services.demo_signer(
            session, actor="t", commune=commune, var_dir=tmp_path, app_secret=SECRET
        )
        again = services.demo_signer(
            session, actor="t", commune=commune, var_dir=tmp_path, app_secret=SECRET
        )
        assert first.id == again.id
        assert first.root.demo
        assert (tmp_path / "documents" / "demo-root" / keys.DEMO_MARK_FILE).exists()
        other = factories.commune(session)
        assert (
            services.demo_signer(
                session, actor="t", commune=other, var_dir=tmp_path, app_secret=SECRET
            ).root_id
            == first.root_id
        )
        assert len(session.execute(select(SignerKey)).scalars().all()) == 2


def test_a_document_type_is_found_by_the_code_its_seals_carry() -> None:
    registry = Registry("tests")
    residence = DocumentType(
        code="CR", title=_("Document"), seal_fields={"n": _("Name")}, validity_days=90
    )
    offer(registry, Kind.DOCUMENT_TYPE, "tests.residence", residence, module="tests")
    assert services.document_type(registry, "CR") is residence
    assert services.document_type(registry, "BX") is None
