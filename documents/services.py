"""The seal's rules: signers, trust lists, sealing, revoked documents, verification counts.

Sealing is what issuing code calls: :func:`seal_document` signs a :class:`Claims` with
the commune's current signer. Making, rotating and withdrawing signers need the offline
root (``documents.keys.Root``) and re-sign the root's trust list in the same
transaction, so the published list never lags the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from threading import Lock

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyramid.registry import Registry
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from documents import cose, keys, seal, trust
from documents.interfaces import DocumentType
from documents.models import (
    IssuedDocument,
    RevokedDocument,
    SealRoot,
    SignerKey,
    TrustList,
    VerificationCount,
)
from documents.seal import Claims
from documents.verification import Verdict
from municipality import audit
from municipality.db import ALL_COMMUNES, utcnow
from municipality.errors import Conflict, NotFound, ValidationFailed
from municipality.i18n import _
from municipality.models import Commune
from municipality.providers import Kind, providers

ALL = {ALL_COMMUNES: True}
DEMO_ROOT_NAME = "Baladiya DEMO root (not for real documents)"
DEMO_ROOT_PASSPHRASE = "demo-root-passphrase-public"  # noqa: S105 - public on purpose
MAX_REASON = 500


class NoSigner(Conflict):
    """The commune has no signer valid today: nothing can be sealed until one is made."""


def _registered_root(session: Session, root: keys.Root, *, actor: str, demo: bool) -> SealRoot:
    kid = cose.key_id(root.certificate)
    row = session.execute(select(SealRoot).where(SealRoot.kid == kid)).scalar_one_or_none()
    if row is not None:
        return row
    der = root.certificate.public_bytes(Encoding.DER)
    row = SealRoot(name=root.name, kid=kid, certificate=der, demo=demo)
    audit.write(
        session,
        row,
        actor=actor,
        action="documents:root:registered",
        object_type="seal_root",
        changes={"name": root.name, "kid": kid.hex(), "demo": demo},
    )
    return row


def valid_signers(session: Session, commune: Commune, at: datetime) -> list[SignerKey]:
    """The commune's signers not withdrawn and valid at ``at``, newest first."""
    return list(
        session.execute(
            select(SignerKey)
            .where(
                SignerKey.commune_id == commune.id,
                SignerKey.revoked_at.is_(None),
                SignerKey.not_before <= at,
                SignerKey.not_after > at,
            )
            .order_by(SignerKey.not_before.desc(), SignerKey.id.desc())
            .execution_options(**ALL)
        ).scalars()
    )


def signers_of(session: Session, commune: Commune) -> list[SignerKey]:
    """Every signer the commune ever had, newest first."""
    return list(
        session.execute(
            select(SignerKey)
            .where(SignerKey.commune_id == commune.id)
            .order_by(SignerKey.not_before.desc(), SignerKey.id.desc())
            .execution_options(**ALL)
        ).scalars()
    )


def make_signer(
    session: Session,
    *,
    actor: str,
    commune: Commune,
    root: keys.Root,
    app_secret: str,
    rotate: bool = False,
    demo: bool = False,
) -> SignerKey:
    """A new document-signer for ``commune``, certified by ``root``; the trust list re-signed.

    A first signer is refused while one is valid (that is a rotation), and a rotation
    while none is: the overlap a rotation gives only makes sense from a signer in use.
    """
    now = utcnow()
    current = valid_signers(session, commune, now)
    if current and not rotate:
        raise Conflict(
            f"commune {commune.slug} has a signer valid until"
            f" {current[0].not_after.date().isoformat()}: rotate it instead"
        )
    if rotate and not current:
        raise NoSigner(f"commune {commune.slug} has no valid signer to rotate: make one")
    root_row = _registered_root(session, root, actor=actor, demo=demo)
    key = keys.new_key()
    certificate = keys.signer_certificate(
        root.key, root.certificate, key.public_key(), commune.name_fr, now
    )
    kid = cose.key_id(certificate)
    signer = SignerKey(
        commune_id=commune.id,
        root_id=root_row.id,
        kid=kid,
        certificate=certificate.public_bytes(Encoding.DER),
        private_key=keys.encrypt_private_key(key, kid, app_secret),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
    )
    audit.write(
        session,
        signer,
        actor=actor,
        action="documents:signer:rotated" if rotate else "documents:signer:created",
        object_type="signer",
        changes={
            "kid": kid.hex(),
            "root": root.name,
            "not_after": signer.not_after.isoformat(),
        },
    )
    publish_trust_list(session, root)
    return signer


def signer_by_kid(session: Session, kid_hex: str) -> SignerKey:
    try:
        kid = bytes.fromhex(kid_hex)
    except ValueError as exc:
        raise NotFound(f"no signer {kid_hex}") from exc
    signer = session.execute(
        select(SignerKey).where(SignerKey.kid == kid).execution_options(**ALL)
    ).scalar_one_or_none()
    if signer is None:
        raise NotFound(f"no signer {kid_hex}")
    return signer


def withdraw_signer(session: Session, *, actor: str, signer: SignerKey, root: keys.Root) -> None:
    """Take a signer off the trust list: every seal it made now reads "revoked"."""
    if signer.revoked_at is not None:
        raise Conflict(f"signer {signer.kid.hex()} was already withdrawn")
    if signer.root.kid != cose.key_id(root.certificate):
        raise Conflict(f"signer {signer.kid.hex()} was certified by another root")
    with audit.tracked(
        session,
        signer,
        actor=actor,
        action="documents:signer:withdrawn",
        object_type="signer",
        values=lambda s: {"revoked_at": s.revoked_at.isoformat() if s.revoked_at else None},
    ):
        signer.revoked_at = utcnow()
    publish_trust_list(session, root)


def publish_trust_list(session: Session, root: keys.Root) -> TrustList:
    """Sign and store ``root``'s trust list as the database holds it now.

    Every signer the root certified is listed, expired ones too (a permit outlives the
    year its signer signed in); withdrawn ones by key id only.
    """
    kid = cose.key_id(root.certificate)
    root_row = session.execute(select(SealRoot).where(SealRoot.kid == kid)).scalar_one()
    rows = session.execute(
        select(SignerKey, Commune)
        .join(Commune, Commune.id == SignerKey.commune_id)
        .where(SignerKey.root_id == root_row.id)
        .order_by(SignerKey.id)
        .execution_options(**ALL)
    ).all()
    entries = [
        trust.SignerEntry(
            certificate=x509.load_der_x509_certificate(signer.certificate),
            commune=commune.slug,
            name_fr=commune.name_fr,
            name_ar=commune.name_ar,
        )
        for signer, commune in rows
        if signer.revoked_at is None
    ]
    withdrawn = [signer.kid for signer, _commune in rows if signer.revoked_at is not None]
    now = utcnow()
    row = TrustList(
        root_id=root_row.id,
        issued_at=now,
        signed=trust.sign_section(root.key, root.certificate, entries, withdrawn, now),
    )
    session.add(row)
    session.flush()
    return row


def _latest_sections(session: Session) -> list[TrustList]:
    newest = (
        select(TrustList.root_id, func.max(TrustList.id).label("id"))
        .group_by(TrustList.root_id)
        .subquery()
    )
    return list(
        session.execute(
            select(TrustList).join(newest, newest.c.id == TrustList.id).order_by(TrustList.id)
        ).scalars()
    )


def published_trust_list(session: Session) -> bytes:
    """The trust list file as published: every root's newest section."""
    return trust.join_sections(section.signed for section in _latest_sections(session))


@dataclass
class _TrustCache:
    """The parsed trust list, kept while no root publishes a new section."""

    lock: Lock
    version: tuple[tuple[int, datetime], ...] = ()
    parsed: trust.TrustList = trust.EMPTY


_TRUST_CACHE = _TrustCache(Lock())


def server_trust_list(session: Session) -> trust.TrustList:
    """The trust list the server checks seals against, its roots pinned from the database.

    Parsing checks every certificate's signature, so it is done again only when the
    newest sections changed; asking whether they did reads two small columns.
    """
    version = tuple(
        (row.id, row.issued_at)
        for row in session.execute(
            select(
                func.max(TrustList.id).label("id"), func.max(TrustList.issued_at).label("issued_at")
            )
            .group_by(TrustList.root_id)
            .order_by("id")
        )
    )
    with _TRUST_CACHE.lock:
        if version == _TRUST_CACHE.version:
            return _TRUST_CACHE.parsed
    anchors = set(session.execute(select(SealRoot.kid)).scalars())
    parsed = trust.load_trust_list(published_trust_list(session), anchors)
    with _TRUST_CACHE.lock:
        _TRUST_CACHE.version, _TRUST_CACHE.parsed = version, parsed
    return parsed


def document_type(registry: Registry, code: str) -> DocumentType | None:
    """The document type a seal's code names, among the modules' ``DOCUMENT_TYPE`` providers."""
    for offered in providers(registry, Kind.DOCUMENT_TYPE):
        if getattr(offered.provider, "code", None) == code:
            found: DocumentType = offered.provider
            return found
    return None


def seal_document(session: Session, commune: Commune, claims: Claims, *, app_secret: str) -> str:
    """The seal text of ``claims``, signed by the commune's current signer.

    :class:`NoSigner` when the commune has none valid today (``baladiya keys
    make-signer``). The newest valid signer signs, so after a rotation the new one does
    while the old one still verifies what it sealed.
    """
    if claims.commune != commune.slug:
        raise ValidationFailed(f"claims of commune {claims.commune} sealed by {commune.slug}")
    current = valid_signers(session, commune, utcnow())
    if not current:
        raise NoSigner(
            _(
                "The commune ${commune} has no document signer: documents cannot be sealed.",
                mapping={"commune": commune.slug},
            )
        )
    signer = current[0]
    key = keys.decrypt_private_key(signer.private_key, signer.kid, app_secret)
    return seal.pack(claims, key, signer.kid)


def revoke_document(
    session: Session, *, actor: str, commune: Commune, seal_text: str, reason: str
) -> RevokedDocument:
    """Withdraw one issued document: its seal reads "revoked" from now on, everywhere."""
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON:
        raise ValidationFailed("a revocation needs a reason of at most 500 characters")
    try:
        digest = seal.document_hash(seal_text)
    except seal.SealFormatError as exc:
        raise ValidationFailed(f"not a seal: {exc}") from exc
    exists = session.execute(
        select(RevokedDocument.id).where(
            RevokedDocument.commune_id == commune.id, RevokedDocument.document_hash == digest
        )
    ).first()
    if exists:
        raise Conflict("this document was already revoked")
    row = RevokedDocument(commune_id=commune.id, document_hash=digest, reason=reason)
    audit.write(
        session,
        row,
        actor=actor,
        action="documents:document:revoked",
        object_type="revoked_document",
        changes={"document_hash": digest, "reason": reason},
    )
    return row


class RevokedInDatabase:
    """The revoked document hashes as a container :func:`verification.verify` asks."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __contains__(self, digest: object) -> bool:
        return (
            self.session.execute(
                select(RevokedDocument.id)
                .where(RevokedDocument.document_hash == digest)
                .limit(1)
                .execution_options(**ALL)
            ).first()
            is not None
        )


def _revocations_by_commune(session: Session) -> Iterator[tuple[Commune, list[str]]]:
    rows = session.execute(
        select(Commune, RevokedDocument.document_hash)
        .join(Commune, Commune.id == RevokedDocument.commune_id)
        .order_by(Commune.slug, RevokedDocument.document_hash)
        .execution_options(**ALL)
    ).all()
    by_commune: dict[int, tuple[Commune, list[str]]] = {}
    for commune, digest in rows:
        by_commune.setdefault(commune.id, (commune, []))[1].append(digest)
    yield from by_commune.values()


def published_revocations(session: Session, *, app_secret: str) -> bytes:
    """The revoked documents file: per commune, its hashes signed by its newest signer."""
    now = utcnow()
    sections = []
    for commune, hashes in _revocations_by_commune(session):
        signers = [s for s in signers_of(session, commune) if s.revoked_at is None]
        if not signers:
            continue
        signer = signers[0]
        key = keys.decrypt_private_key(signer.private_key, signer.kid, app_secret)
        sections.append(trust.sign_revocations(key, signer.kid, commune.slug, hashes, now))
    return trust.join_sections(sections)


def _commune_id(session: Session, slug: str) -> int | None:
    return session.execute(select(Commune.id).where(Commune.slug == slug)).scalar_one_or_none()


def count_verification(session: Session, verdict: Verdict, day: date) -> None:
    """Count one check of a seal: the day, the issuing commune (when known), the verdict.

    Nothing else is kept: not the text, not who asked. Two first checks of a day racing
    may make two rows; the counts are summed when read.
    """
    commune_id = _commune_id(session, verdict.signer.commune) if verdict.signer else None
    same = (
        VerificationCount.day == day,
        VerificationCount.verdict == verdict.status.value,
        VerificationCount.commune_id.is_(None)
        if commune_id is None
        else VerificationCount.commune_id == commune_id,
    )
    done = session.execute(
        update(VerificationCount)
        .where(*same)
        .values(count=VerificationCount.count + 1)
        .execution_options(synchronize_session=False)
    )
    if not getattr(done, "rowcount", 0):
        session.add(
            VerificationCount(day=day, commune_id=commune_id, verdict=verdict.status.value, count=1)
        )
        session.flush()


def verification_counts(session: Session, commune: Commune, since: date) -> dict[str, int]:
    """How many checks of the commune's seals found each verdict since ``since``."""
    rows = session.execute(
        select(VerificationCount.verdict, func.sum(VerificationCount.count))
        .where(VerificationCount.commune_id == commune.id, VerificationCount.day >= since)
        .group_by(VerificationCount.verdict)
    ).all()
    return {verdict: int(total) for verdict, total in rows}


def demo_signer(
    session: Session, *, actor: str, commune: Commune, var_dir: Path, app_secret: str
) -> SignerKey:
    """A signer for ``commune`` certified by the demo root under ``var_dir``, made if missing.

    The demo root's passphrase is public and its folder says so: what it certifies is a
    demonstration, never a real document.
    """
    folder = var_dir / "documents" / "demo-root"
    if (folder / keys.ROOT_KEY_FILE).exists():
        root = keys.read_root(folder, DEMO_ROOT_PASSPHRASE)
    else:
        root = keys.write_root(folder, DEMO_ROOT_NAME, DEMO_ROOT_PASSPHRASE, utcnow(), demo=True)
    current = valid_signers(session, commune, utcnow())
    if current:
        return current[0]
    return make_signer(
        session, actor=actor, commune=commune, root=root, app_secret=app_secret, demo=True
    )


def issued_with(session: Session, type_code: str, field: str, value: str) -> list[IssuedDocument]:
    """The session's commune's documents of ``type_code`` whose data has ``field`` = ``value``,
    newest first: what a module lists beside the record it issued them from."""
    stmt = (
        select(IssuedDocument)
        .where(
            IssuedDocument.type_code == type_code,
            IssuedDocument.data[field].as_string() == value,
        )
        .order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc())
    )
    return list(session.execute(stmt).scalars())
