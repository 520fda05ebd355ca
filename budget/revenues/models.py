"""The revenue side's tables: revenue lines, assessments and collections.

A revenue line is a code of the nomenclature's revenue section for one year, with the
forecast the budget voted. An assessment (titre de recette) says who owes what on a line
and by when; a collection is money actually received, against an assessment or not (a
counter fee paid through the payments module has none). Money is ``Numeric(18, 2)`` read
as :class:`~decimal.Decimal`, with the commune's currency's decimals.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from budget.models import MONEY
from municipality.db import Base, CommuneOwned, PublicId, Timestamped


class RevenueLine(PublicId, Timestamped, CommuneOwned, Base):
    """One revenue code for one year, its forecast, and the fee items it collects."""

    __tablename__ = "budget_revenue_lines"
    __table_args__ = (
        UniqueConstraint("commune_id", "year", "code", name="uq_budget_revenue_lines_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(32))
    section: Mapped[str] = mapped_column(String(16))
    chapter: Mapped[str] = mapped_column(String(8))
    article: Mapped[str] = mapped_column(String(8))
    line: Mapped[str] = mapped_column(String(8))
    label_fr: Mapped[str] = mapped_column(String(200))
    label_ar: Mapped[str] = mapped_column(String(200))
    forecast: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    # Space-separated fee item codes (``payments.stamp-duty``) whose payments it collects.
    fee_items: Mapped[str] = mapped_column(String(300), default="")
    assessments_made: Mapped[int] = mapped_column(Integer, default=0)


class Assessment(PublicId, Timestamped, CommuneOwned, Base):
    """A titre de recette: what a debtor owes on a revenue line, due on a date."""

    __tablename__ = "budget_assessments"
    __table_args__ = (
        UniqueConstraint("commune_id", "number", name="uq_budget_assessments_number"),
        Index("ix_budget_assessments_state_due", "commune_id", "state", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    line_id: Mapped[int] = mapped_column(ForeignKey("budget_revenue_lines.id"))
    debtor: Mapped[str] = mapped_column(String(200))
    debtor_id: Mapped[str | None] = mapped_column(String(40))
    purpose: Mapped[str] = mapped_column(String(300))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    collected: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    due_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default="issued")
    reason: Mapped[str | None] = mapped_column(String(300))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    line: Mapped[RevenueLine] = relationship(lazy="joined")

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.collected


class Collection(PublicId, Timestamped, CommuneOwned, Base):
    """Money received on a revenue line: at the counter, or from a confirmed payment
    (``reference`` is then the payment's, unique, so a payment is collected once)."""

    __tablename__ = "budget_collections"
    __table_args__ = (
        UniqueConstraint("commune_id", "number", name="uq_budget_collections_number"),
        UniqueConstraint("commune_id", "reference", name="uq_budget_collections_reference"),
        Index("ix_budget_collections_line", "commune_id", "line_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    line_id: Mapped[int] = mapped_column(ForeignKey("budget_revenue_lines.id"))
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("budget_assessments.id"))
    channel: Mapped[str] = mapped_column(String(16))
    payer: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    reference: Mapped[str | None] = mapped_column(String(100))
    collected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    collected_by: Mapped[str] = mapped_column(String(200))
    receipt_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    line: Mapped[RevenueLine] = relationship(lazy="joined")
    assessment: Mapped[Assessment | None] = relationship(lazy="joined")
