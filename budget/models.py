"""The budget's tables: nomenclature, budgets and their credits, transfers, suppliers and
the expenditure chain.

Money is ``Numeric(18, 2)`` read as :class:`~decimal.Decimal`; the commune's currency
says how many of those decimals may be used (:mod:`budget.money`).
"""

from __future__ import annotations

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
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from municipality.db import Base, CommuneOwned, PublicId, Timestamped

MONEY = Numeric(18, 2)


class BudgetCode(PublicId, Timestamped, CommuneOwned, Base):
    """One line of the nomenclature: section, chapter, article and line (or paragraph)."""

    __tablename__ = "budget_codes"
    __table_args__ = (UniqueConstraint("commune_id", "code", name="uq_budget_codes_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    section: Mapped[str] = mapped_column(String(16))
    chapter: Mapped[str] = mapped_column(String(8))
    article: Mapped[str] = mapped_column(String(8))
    line: Mapped[str] = mapped_column(String(8))
    functional: Mapped[str | None] = mapped_column(String(16))
    label_fr: Mapped[str] = mapped_column(String(200))
    label_ar: Mapped[str] = mapped_column(String(200))


class Budget(PublicId, Timestamped, CommuneOwned, Base):
    """A budget of one year: the initial one, then supplementary budgets, each voted and
    approved before its credits open."""

    __tablename__ = "budget_budgets"
    __table_args__ = (
        UniqueConstraint("commune_id", "year", "number", name="uq_budget_budgets_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="proposed")
    voted_on: Mapped[date | None] = mapped_column(Date)
    approved_on: Mapped[date | None] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(String(200))
    allocations: Mapped[list[Allocation]] = relationship(back_populates="budget")


class BudgetLine(PublicId, Timestamped, CommuneOwned, Base):
    """What may be spent on one code in one year: the credit opened by approved budgets
    and authorised transfers. Commitments lock this row while they check it."""

    __tablename__ = "budget_lines"
    __table_args__ = (
        UniqueConstraint("commune_id", "year", "code_id", name="uq_budget_lines_year_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    code_id: Mapped[int] = mapped_column(ForeignKey("budget_codes.id"))
    voted: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    credit: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    commitments_made: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[BudgetCode] = relationship(lazy="joined")


class Allocation(Timestamped, CommuneOwned, Base):
    """The amount a budget gives one line; added to the line's credit on approval."""

    __tablename__ = "budget_allocations"
    __table_args__ = (UniqueConstraint("budget_id", "line_id", name="uq_budget_allocations_line"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budget_budgets.id", ondelete="CASCADE"))
    line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    budget: Mapped[Budget] = relationship(back_populates="allocations")
    line: Mapped[BudgetLine] = relationship(lazy="joined")


class Transfer(PublicId, Timestamped, CommuneOwned, Base):
    """Credit moved from one line to another, once the authority it needs decided."""

    __tablename__ = "budget_transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    source_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"))
    target_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    authority: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="requested")
    reason: Mapped[str] = mapped_column(Text)
    decision: Mapped[str | None] = mapped_column(String(200))
    decided_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[BudgetLine] = relationship(foreign_keys=[source_id], lazy="joined")
    target: Mapped[BudgetLine] = relationship(foreign_keys=[target_id], lazy="joined")


class Supplier(PublicId, Timestamped, CommuneOwned, Base):
    """Whom the commune pays, with the identifier the tax administration gave them."""

    __tablename__ = "budget_suppliers"
    __table_args__ = (UniqueConstraint("commune_id", "tax_id", name="uq_budget_suppliers_tax"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    tax_id: Mapped[str] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(300))
    bank_account: Mapped[str | None] = mapped_column(String(40))


class Commitment(PublicId, Timestamped, CommuneOwned, Base):
    """One expense through the chain: committed, liquidated, ordered, paid (or cancelled).

    Who did each step is kept, so the accountant's payment can be refused to the person
    who committed or ordered it.
    """

    __tablename__ = "budget_commitments"
    __table_args__ = (
        UniqueConstraint("commune_id", "number", name="uq_budget_commitments_number"),
        Index("ix_budget_commitments_line_state", "line_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40))
    line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id"))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("budget_suppliers.id"))
    purpose: Mapped[str] = mapped_column(String(300))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    state: Mapped[str] = mapped_column(String(16), default="committed")
    liquidated_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    invoice_ref: Mapped[str | None] = mapped_column(String(60))
    service_done_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    committed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ordered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    paid_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    committed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    liquidated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ordered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    line: Mapped[BudgetLine] = relationship(lazy="joined")
    supplier: Mapped[Supplier] = relationship(lazy="joined")


class Attachment(PublicId, Timestamped, CommuneOwned, Base):
    """An invoice or a delivery note kept with an expense: a PDF in the core's file store,
    named by the hash of its bytes (``sha256``)."""

    __tablename__ = "budget_attachments"
    __table_args__ = (Index("ix_budget_attachments_commitment", "commune_id", "commitment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("budget_commitments.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


# The revenue side's tables live in their own file; importing it here puts them in the
# metadata the migrations compare with.
import budget.revenues.models  # noqa: E402, F401
