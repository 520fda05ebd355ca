"""The budget's rules: budgets and their credits, transfers, suppliers and the chain.

Available credit is never overspent: a commitment locks its budget line's row
(``SELECT ... FOR UPDATE``) before it adds up what is already committed, so two officers
committing on one line at the same moment take turns, and the second sees the first's
amount. A transfer locks both its lines the same way, in id order.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session

from budget import money
from budget.models import Allocation, Budget, BudgetCode, BudgetLine, Commitment, Supplier, Transfer
from budget.permissions import Perm
from budget.workflow import (
    BUDGET_WORKFLOW,
    COMMITMENT_WORKFLOW,
    TRANSFER_WORKFLOW,
    commitment_values,
    transfer_values,
)
from municipality import audit
from municipality.db import utcnow
from municipality.errors import Conflict, ValidationFailed
from municipality.i18n import _
from municipality.lookup import by_public_id
from municipality.models import Commune

# Which authority a transfer needs, by country: the narrowest level both lines share
# decides. Mali also caps what an article may receive at a share of its voted credit.
TRANSFER_AUTHORITY = {
    "MA": {"article": "officer", "chapter": "council", None: "supervisor"},
    "ML": {"article": "council", "chapter": "council", None: "supervisor"},
}
ARTICLE_CAP = {"ML": Decimal("0.20")}
# A commitment's amount still weighs on its line in these states (the amount due once
# liquidated, the amount committed before).
SPENDING = ("committed", "liquidated", "ordered", "paid")


# --- Budgets -------------------------------------------------------------------------


def create_budget(session: Session, *, actor: str, commune: Commune, year: int) -> Budget:
    """The year's initial budget, or a supplementary one once the initial is approved."""
    existing = (
        session.execute(select(Budget).where(Budget.year == year).order_by(Budget.number))
        .scalars()
        .all()
    )
    if existing and not any(b.state == "approved" for b in existing):
        raise Conflict(_("The year's budget must be approved before a supplementary budget."))
    budget = Budget(
        commune_id=commune.id,
        year=year,
        number=len(existing),
        kind="supplementary" if existing else "initial",
        state=BUDGET_WORKFLOW.initial,
    )
    audit.write(
        session,
        budget,
        actor=actor,
        action="budget:budget:proposed",
        object_type="budget",
        changes={"year": [None, year], "kind": [None, budget.kind]},
    )
    return budget


def get_budget(session: Session, public_id: str | uuid.UUID) -> Budget:
    return by_public_id(session, Budget, public_id, _("This budget does not exist here."))


def line_for(session: Session, commune: Commune, year: int, code: BudgetCode) -> BudgetLine:
    """The year's line for ``code``, opened (with no credit) the first time it is needed."""
    line = session.execute(
        select(BudgetLine).where(BudgetLine.year == year, BudgetLine.code_id == code.id)
    ).scalar_one_or_none()
    if line is None:
        line = BudgetLine(commune_id=commune.id, year=year, code_id=code.id, code=code)
        session.add(line)
        session.flush()
    return line


def allocate(
    session: Session,
    *,
    actor: str,
    commune: Commune,
    budget: Budget,
    code: BudgetCode,
    amount: Any,
) -> Allocation:
    """Give a code of a proposed budget its amount (replacing the one it had); audited."""
    if budget.state != "proposed":
        raise Conflict(_("Only a proposed budget can be changed."))
    value = money.amount(amount, commune.currency)
    line = line_for(session, commune, budget.year, code)
    allocation = session.execute(
        select(Allocation).where(Allocation.budget_id == budget.id, Allocation.line_id == line.id)
    ).scalar_one_or_none()
    before = allocation.amount if allocation else None
    if allocation is None:
        allocation = Allocation(commune_id=commune.id, budget=budget, line=line, amount=value)
        session.add(allocation)
    allocation.amount = value
    session.flush()
    audit.record(
        session,
        commune_id=commune.id,
        actor=actor,
        action="budget:budget:allocated",
        object_type="budget",
        object_id=str(budget.public_id),
        changes={code.code: [before, value]},
    )
    return allocation


def act_budget(
    session: Session,
    *,
    actor: str,
    budget: Budget,
    action: str,
    permissions: frozenset[str],
    data: dict[str, Any],
) -> Budget:
    """Record the council's vote or the supervisory decision; approval opens the credits."""
    if action == "vote" and not budget.allocations:
        raise ValidationFailed(_("Give the budget at least one line before the vote."))
    BUDGET_WORKFLOW.run(session, budget, action, actor=actor, permissions=permissions, data=data)
    if budget.state == "approved":
        _open_credits(budget)
    return budget


def _open_credits(budget: Budget) -> None:
    for allocation in budget.allocations:
        allocation.line.credit += allocation.amount
        if budget.kind == "initial":
            allocation.line.voted += allocation.amount


def budgets(year: int | None = None) -> Select[tuple[Budget]]:
    stmt = select(Budget).order_by(Budget.year.desc(), Budget.number)
    return stmt.where(Budget.year == year) if year else stmt


def years(session: Session, *, approved_only: bool = False) -> list[int]:
    """The years the commune has a budget (or an approved one) for, newest first."""
    stmt = select(Budget.year).distinct().order_by(Budget.year.desc())
    if approved_only:
        stmt = stmt.where(Budget.state == "approved")
    return list(session.execute(stmt).scalars())


def codes(session: Session) -> list[BudgetCode]:
    return list(session.execute(select(BudgetCode).order_by(BudgetCode.code)).scalars())


def get_code(session: Session, public_id: str | uuid.UUID) -> BudgetCode:
    return by_public_id(session, BudgetCode, public_id, _("This budget code does not exist here."))


# --- Credits --------------------------------------------------------------------------


def consumed(session: Session, line_id: int) -> Decimal:
    """What the line's live commitments take of its credit."""
    weight = func.coalesce(Commitment.liquidated_amount, Commitment.amount)
    stmt = select(func.coalesce(func.sum(weight), 0)).where(
        Commitment.line_id == line_id, Commitment.state.in_(SPENDING)
    )
    return Decimal(session.execute(stmt).scalar_one())


def available(session: Session, line: BudgetLine) -> Decimal:
    return line.credit - consumed(session, line.id)


def _locked(session: Session, *lines: BudgetLine) -> list[BudgetLine]:
    """The lines re-read under a row lock, in id order so two transactions never deadlock."""
    ids = sorted({line.id for line in lines})
    stmt = (
        select(BudgetLine)
        .where(BudgetLine.id.in_(ids))
        .order_by(BudgetLine.id)
        .with_for_update(of=BudgetLine)
        .execution_options(populate_existing=True)
    )
    found = {line.id: line for line in session.execute(stmt).scalars()}
    return [found[line.id] for line in lines]


def get_line(session: Session, public_id: str | uuid.UUID) -> BudgetLine:
    return by_public_id(session, BudgetLine, public_id, _("This budget line does not exist here."))


def lines(session: Session, year: int) -> list[BudgetLine]:
    stmt = (
        select(BudgetLine)
        .join(BudgetLine.code)
        .where(BudgetLine.year == year)
        .order_by(BudgetCode.code)
    )
    return list(session.execute(stmt).scalars())


# --- Transfers ------------------------------------------------------------------------


def authority_for(country: str, source: BudgetCode, target: BudgetCode) -> str:
    """Who must authorise moving credit between these codes, by the country's rules."""
    rules = TRANSFER_AUTHORITY.get(country, TRANSFER_AUTHORITY["MA"])
    if source.section != target.section or source.chapter != target.chapter:
        return rules[None]
    if source.article != target.article:
        return rules["chapter"]
    return rules["article"]


def _article_received(session: Session, year: int, code: BudgetCode) -> Decimal:
    """Credit the code's article already received by transfers this year."""
    stmt = (
        select(func.coalesce(func.sum(Transfer.amount), 0))
        .join(BudgetLine, Transfer.target_id == BudgetLine.id)
        .join(BudgetCode, BudgetLine.code_id == BudgetCode.id)
        .where(
            Transfer.year == year,
            Transfer.state.in_(("requested", "authorised")),
            BudgetCode.chapter == code.chapter,
            BudgetCode.article == code.article,
        )
    )
    return Decimal(session.execute(stmt).scalar_one())


def _article_voted(session: Session, year: int, code: BudgetCode) -> Decimal:
    stmt = (
        select(func.coalesce(func.sum(BudgetLine.voted), 0))
        .join(BudgetLine.code)
        .where(
            BudgetLine.year == year,
            BudgetCode.chapter == code.chapter,
            BudgetCode.article == code.article,
        )
    )
    return Decimal(session.execute(stmt).scalar_one())


def request_transfer(
    session: Session,
    *,
    actor: str,
    commune: Commune,
    source: BudgetLine,
    target: BudgetLine,
    amount: Any,
    reason: str,
) -> Transfer:
    """Ask to move credit between two lines of one year; checks what can be checked now."""
    value = money.amount(amount, commune.currency)
    if source.id == target.id or source.year != target.year:
        raise ValidationFailed(_("Choose two different lines of the same year."))
    source, target = _locked(session, source, target)
    if value > available(session, source):
        raise Conflict(_("The source line does not have that much credit available."))
    cap = ARTICLE_CAP.get(commune.country_profile)
    if cap is not None:
        ceiling = _article_voted(session, target.year, target.code) * cap
        if _article_received(session, target.year, target.code) + value > ceiling:
            raise ValidationFailed(
                _(
                    "An article may receive by transfers at most ${share} of its voted credit.",
                    mapping={"share": f"{int(cap * 100)}\u00a0%"},
                )
            )
    transfer = Transfer(
        commune_id=commune.id,
        year=source.year,
        source=source,
        target=target,
        amount=value,
        authority=authority_for(commune.country_profile, source.code, target.code),
        state=TRANSFER_WORKFLOW.initial,
        reason=reason.strip(),
    )
    audit.write(
        session,
        transfer,
        actor=actor,
        action="budget:transfer:requested",
        object_type="transfer",
        changes=audit.diff({}, transfer_values(transfer)),
    )
    return transfer


def act_transfer(
    session: Session,
    *,
    actor: str,
    transfer: Transfer,
    action: str,
    permissions: frozenset[str],
    data: dict[str, Any],
) -> Transfer:
    """Record the authority's decision; an authorised transfer moves the credit at once."""
    TRANSFER_WORKFLOW.check(transfer, action, permissions, data)
    if action == "authorise":
        source, target = _locked(session, transfer.source, transfer.target)
        if transfer.amount > available(session, source):
            raise Conflict(_("The source line no longer has that much credit available."))
        source.credit -= transfer.amount
        target.credit += transfer.amount
    TRANSFER_WORKFLOW.run(
        session, transfer, action, actor=actor, permissions=permissions, data=data
    )
    return transfer


def get_transfer(session: Session, public_id: str | uuid.UUID) -> Transfer:
    return by_public_id(session, Transfer, public_id, _("This transfer does not exist here."))


def transfers(year: int | None = None, state: str | None = None) -> Select[tuple[Transfer]]:
    stmt = select(Transfer).order_by(Transfer.created_at.desc(), Transfer.id.desc())
    if year:
        stmt = stmt.where(Transfer.year == year)
    return stmt.where(Transfer.state == state) if state else stmt


# --- Suppliers ------------------------------------------------------------------------


def create_supplier(
    session: Session, *, actor: str, commune: Commune, data: dict[str, Any]
) -> Supplier:
    """A supplier, known by its tax identifier (one per identifier in a commune)."""
    tax_id = data["tax_id"].strip()
    if session.execute(select(Supplier.id).where(Supplier.tax_id == tax_id)).first():
        raise Conflict(_("A supplier with this identifier already exists."))
    supplier = Supplier(
        commune_id=commune.id,
        name=data["name"].strip(),
        tax_id=tax_id,
        address=(data.get("address") or "").strip() or None,
        bank_account=(data.get("bank_account") or "").strip() or None,
    )
    audit.write(
        session,
        supplier,
        actor=actor,
        action="budget:supplier:created",
        object_type="supplier",
        changes={"name": [None, supplier.name], "tax_id": [None, tax_id]},
    )
    return supplier


def get_supplier(session: Session, public_id: str | uuid.UUID) -> Supplier:
    return by_public_id(session, Supplier, public_id, _("This supplier does not exist here."))


def suppliers(text: str | None = None) -> Select[tuple[Supplier]]:
    stmt = select(Supplier).order_by(Supplier.name)
    if text:
        pattern = f"%{text.strip()}%"
        stmt = stmt.where(or_(Supplier.name.ilike(pattern), Supplier.tax_id.ilike(pattern)))
    return stmt


# --- The expenditure chain -------------------------------------------------------------


def commit(
    session: Session,
    *,
    actor: str,
    commune: Commune,
    user_id: int | None,
    line: BudgetLine,
    supplier: Supplier,
    amount: Any,
    purpose: str,
) -> Commitment:
    """Reserve ``amount`` of the line's credit for an expense, if that much is available.

    The line's row stays locked until the transaction ends, so no other commitment can
    read the same available credit in between.
    """
    value = money.amount(amount, commune.currency)
    (line,) = _locked(session, line)
    left = available(session, line)
    if value > left:
        raise Conflict(
            _(
                "Only ${available} ${currency} are available on this line.",
                mapping={
                    "available": f"{left:,}".replace(",", "\u202f"),
                    "currency": commune.currency,
                },
            )
        )
    line.commitments_made += 1
    commitment = Commitment(
        commune_id=commune.id,
        number=f"{line.year}/{line.code.code}/{line.commitments_made:04d}",
        line=line,
        supplier=supplier,
        purpose=purpose.strip(),
        amount=value,
        state=COMMITMENT_WORKFLOW.initial,
        committed_by_id=user_id,
        committed_at=utcnow(),
    )
    audit.write(
        session,
        commitment,
        actor=actor,
        action="budget:commitment:committed",
        object_type="commitment",
        changes=audit.diff({}, commitment_values(commitment)),
    )
    return commitment


def act(
    session: Session,
    *,
    actor: str,
    commune: Commune,
    user_id: int | None,
    commitment: Commitment,
    action: str,
    permissions: frozenset[str],
    data: dict[str, Any] | None = None,
) -> Commitment:
    """Move an expense along the chain, as the workflow allows this person; audited."""
    data = {**(data or {}), "user_id": user_id}
    if data.get("liquidated_amount") is not None:
        data["liquidated_amount"] = money.amount(
            data["liquidated_amount"], commune.currency, "liquidated_amount"
        )
    COMMITMENT_WORKFLOW.run(
        session, commitment, action, actor=actor, permissions=permissions, data=data
    )
    return commitment


def get_commitment(session: Session, public_id: str | uuid.UUID) -> Commitment:
    return by_public_id(session, Commitment, public_id, _("This commitment does not exist here."))


def commitments(
    *, year: int | None = None, state: str | None = None, text: str | None = None
) -> Select[tuple[Commitment]]:
    """Commitments of the session's commune, newest first, optionally filtered."""
    stmt = select(Commitment).join(Commitment.line).join(Commitment.supplier)
    if year:
        stmt = stmt.where(BudgetLine.year == year)
    if state:
        stmt = stmt.where(Commitment.state == state)
    if text:
        pattern = f"%{text.strip()}%"
        stmt = stmt.where(
            or_(
                Commitment.number.ilike(pattern),
                Commitment.purpose.ilike(pattern),
                Supplier.name.ilike(pattern),
            )
        )
    return stmt.order_by(Commitment.committed_at.desc(), Commitment.id.desc())


def waiting_count(session: Session, permissions: frozenset[str]) -> int:
    """Expenses waiting for this person: orders to pay, or liquidated ones to order."""
    states = [s for p, s in ((Perm.PAY, "ordered"), (Perm.ORDER, "liquidated")) if p in permissions]
    if not states:
        return 0
    stmt = select(func.count()).select_from(Commitment).where(Commitment.state.in_(states))
    return session.execute(stmt).scalar_one()


# --- Execution --------------------------------------------------------------------------


@dataclass(frozen=True)
class Execution:
    """One line's execution: what was opened, and how far spending went at each step."""

    line: BudgetLine
    committed: Decimal
    liquidated: Decimal
    ordered: Decimal
    paid: Decimal

    @property
    def credit(self) -> Decimal:
        return self.line.credit

    @property
    def available(self) -> Decimal:
        return self.credit - self.committed

    @property
    def commitment_rate(self) -> Decimal | None:
        return money.rate(self.committed, self.credit)

    @property
    def payment_rate(self) -> Decimal | None:
        return money.rate(self.paid, self.credit)


def _stage_sum(states: tuple[str, ...], weight: Any) -> Any:
    return func.coalesce(func.sum(case((Commitment.state.in_(states), weight), else_=0)), 0)


def execution(session: Session, year: int) -> list[Execution]:
    """Every line of the year with its figures, added up by the database in one query."""
    due = func.coalesce(Commitment.liquidated_amount, Commitment.amount)
    sums = (
        select(
            Commitment.line_id,
            _stage_sum(SPENDING, due).label("committed"),
            _stage_sum(SPENDING[1:], Commitment.liquidated_amount).label("liquidated"),
            _stage_sum(SPENDING[2:], Commitment.liquidated_amount).label("ordered"),
            _stage_sum(SPENDING[3:], Commitment.liquidated_amount).label("paid"),
        )
        .group_by(Commitment.line_id)
        .subquery()
    )
    stmt = (
        select(BudgetLine, sums.c.committed, sums.c.liquidated, sums.c.ordered, sums.c.paid)
        .join(BudgetLine.code)
        .outerjoin(sums, sums.c.line_id == BudgetLine.id)
        .where(BudgetLine.year == year)
        .order_by(BudgetCode.code)
    )
    return [
        Execution(line, *(Decimal(v or 0) for v in figures))
        for line, *figures in session.execute(stmt).all()
    ]
