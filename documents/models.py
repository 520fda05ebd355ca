"""The seal's tables: the roots and signers' certificates, published trust lists,
revoked documents and the daily verification counts.

Private keys of roots are never stored here (they stay offline, see ``documents.keys``);
a signer's private key is stored encrypted under a key derived from the application
secret, which lives outside the database.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from municipality.db import Base, CommuneOwned, PublicId, Timestamped, utcnow


class SealRoot(PublicId, Timestamped, Base):
    """An offline root (a country's or a region's): its certificate, never its key."""

    __tablename__ = "document_roots"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kid: Mapped[bytes] = mapped_column(LargeBinary(8), unique=True)
    certificate: Mapped[bytes] = mapped_column(LargeBinary)
    # A root made for the demonstration and tests, whose key sits under var/ unprotected.
    demo: Mapped[bool] = mapped_column(Boolean, default=False)


class SignerKey(PublicId, Timestamped, CommuneOwned, Base):
    """A commune's document-signer: the key that seals, certified by a root for a year."""

    __tablename__ = "document_signers"
    __table_args__ = (Index("ix_document_signers_commune_validity", "commune_id", "not_after"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    root_id: Mapped[int] = mapped_column(ForeignKey("document_roots.id"), index=True)
    kid: Mapped[bytes] = mapped_column(LargeBinary(8), unique=True)
    certificate: Mapped[bytes] = mapped_column(LargeBinary)
    # PKCS#8, encrypted (see documents.keys.encrypt_private_key).
    private_key: Mapped[bytes] = mapped_column(LargeBinary)
    not_before: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    not_after: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    root: Mapped[SealRoot] = relationship()


class TrustList(Base):
    """A trust list as its root signed it; the newest per root is the one published."""

    __tablename__ = "document_trust_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    root_id: Mapped[int] = mapped_column(ForeignKey("document_roots.id"), index=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    signed: Mapped[bytes] = mapped_column(LargeBinary)


class RevokedDocument(PublicId, Timestamped, CommuneOwned, Base):
    """One issued document withdrawn before its expiry: a cancelled extract, a permit withdrawn."""

    __tablename__ = "document_revocations"
    # The hash leads: a check looks a seal's hash up without knowing the commune.
    __table_args__ = (UniqueConstraint("document_hash", "commune_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the seal's signed payload, hexadecimal (documents.seal.document_hash).
    document_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(500))


class VerificationCount(Base):
    """How many seals were checked on a day, per issuing commune and verdict.

    Nothing about who checked, or what: no address, no seal text. ``commune_id`` is empty
    when the seal named no signer we know.
    """

    __tablename__ = "document_verification_counts"
    __table_args__ = (Index("ix_document_verification_counts_day", "day", "commune_id", "verdict"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("communes.id", ondelete="CASCADE"))
    verdict: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(Integer, default=0)


class IssuedDocument(PublicId, Timestamped, CommuneOwned, Base):
    """One document a commune issued: the register's row, with its PDF and what was signed.

    ``data`` is the validated data as the type's schema serialises it, ``seal`` the QR
    text exactly as printed (the signed claims are inside it), ``pdf_sha256`` the key of
    the PDF in the core's file store. ``state`` is ``issued`` or ``revoked``; an expired
    document is one whose ``expires_on`` has passed.
    """

    __tablename__ = "issued_documents"
    __table_args__ = (
        UniqueConstraint("commune_id", "number"),
        Index("ix_issued_documents_commune_issued", "commune_id", "issued_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type_code: Mapped[str] = mapped_column(String(8), index=True)
    number: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(2))
    holder_name: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    seal: Mapped[str] = mapped_column(Text)
    document_hash: Mapped[str] = mapped_column(String(64), index=True)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="issued")
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_on: Mapped[date | None] = mapped_column(Date)
    issued_by: Mapped[str] = mapped_column(String(200))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revocation_reason: Mapped[str | None] = mapped_column(String(500))


class DocumentCounter(CommuneOwned, Base):
    """The last number a commune gave to a type's documents in a year.

    Issuing locks this row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite writes one
    at a time), so numbers are gapless per commune, type and year: a rolled-back issue
    rolls its number back too.
    """

    __tablename__ = "document_counters"
    __table_args__ = (UniqueConstraint("commune_id", "type_code", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    type_code: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer, default=0)
