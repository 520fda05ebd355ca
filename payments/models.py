"""The payments tables: the fee catalogue, payment intents, counter sessions, reconciliation."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from municipality.db import Base, CommuneOwned, PublicId, Timestamped

MONEY = Numeric(14, 2)


class Fee(PublicId, Timestamped, CommuneOwned, Base):
    """One catalogue line: ``fixed_amount + unit_amount x quantity`` in the commune's currency."""

    __tablename__ = "payments_fees"
    __table_args__ = (UniqueConstraint("commune_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    fixed_amount: Mapped[Decimal] = mapped_column(MONEY)
    unit_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    active: Mapped[bool] = mapped_column(default=True)


class CashSession(PublicId, Timestamped, CommuneOwned, Base):
    """A cashier's till from opening to closing, with the counted total and its difference."""

    __tablename__ = "payments_cash_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    cashier: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16), default="open")
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expected_total: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    counted_total: Mapped[Decimal | None] = mapped_column(MONEY)
    difference: Mapped[Decimal | None] = mapped_column(MONEY)


class Payment(PublicId, Timestamped, CommuneOwned, Base):
    """A payment intent: what is owed for which payable, by which provider, and its state.

    ``reference`` is ours (sent to the provider), ``provider_ref`` theirs (a server
    correlation id, a transaction id), ``token`` what their notifications carry.
    ``receipt_id`` stays empty until the commune's signer could seal the receipt.
    """

    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_commune_state", "commune_id", "state", "created_at"),
        UniqueConstraint("provider", "provider_ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    payable_kind: Mapped[str] = mapped_column(String(64))
    payable_ref: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3))
    provider: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="created")
    payer: Mapped[str | None] = mapped_column(String(100))
    provider_ref: Mapped[str | None] = mapped_column(String(100))
    token: Mapped[str | None] = mapped_column(String(100))
    confirmed_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cash_session_id: Mapped[int | None] = mapped_column(ForeignKey("payments_cash_sessions.id"))
    # The public id of the sealed receipt issued when it was confirmed (``documents``).
    receipt_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # The provider's id of the reversal asked for (what its reversal callback names).
    reversal_ref: Mapped[str | None] = mapped_column(String(100))


class Reconciliation(PublicId, Timestamped, CommuneOwned, Base):
    """One provider's statement of one day, matched against our records."""

    __tablename__ = "payments_reconciliations"
    __table_args__ = (UniqueConstraint("commune_id", "provider", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date)
    matched: Mapped[int] = mapped_column(Integer, default=0)
    differences: Mapped[int] = mapped_column(Integer, default=0)


class Difference(PublicId, Timestamped, CommuneOwned, Base):
    """A line that does not match: missing on one side, or another amount or outcome."""

    __tablename__ = "payments_differences"

    id: Mapped[int] = mapped_column(primary_key=True)
    reconciliation_id: Mapped[int] = mapped_column(
        ForeignKey("payments_reconciliations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))
    our_ref: Mapped[str | None] = mapped_column(String(40))
    their_ref: Mapped[str | None] = mapped_column(String(100))
    our_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    their_amount: Mapped[Decimal | None] = mapped_column(MONEY)
