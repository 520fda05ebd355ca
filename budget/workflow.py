"""The budget's three workflows: a budget's adoption, a transfer's authorisation and an
expense's way through the chain.

The expenditure chain follows francophone public accounting: the authorising officer
commits, records the service done (liquidation) and orders the payment; the accountant
pays or sends the order back with a reason. The accountant may not pay an expense they
committed or ordered themselves (:func:`_not_own_expense`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from budget.models import Budget, Commitment, Transfer
from budget.permissions import Perm
from municipality.db import utcnow
from municipality.i18n import _
from municipality.workflow import Transition, Workflow


def budget_values(budget: Budget) -> dict[str, Any]:
    return {
        "state": budget.state,
        "voted_on": budget.voted_on,
        "approved_on": budget.approved_on,
        "decision": budget.decision,
    }


def transfer_values(transfer: Transfer) -> dict[str, Any]:
    return {
        "state": transfer.state,
        "amount": transfer.amount,
        "authority": transfer.authority,
        "decision": transfer.decision,
        "decided_on": transfer.decided_on,
    }


def commitment_values(commitment: Commitment) -> dict[str, Any]:
    return {
        "state": commitment.state,
        "amount": commitment.amount,
        "liquidated_amount": commitment.liquidated_amount,
        "invoice_ref": commitment.invoice_ref,
        "service_done_on": commitment.service_done_on,
        "reason": commitment.reason,
    }


def _decision(_obj: Any, data: dict[str, Any]) -> str | None:
    if not data.get("decision") or not data.get("decided_on"):
        return _("Give the decision's reference and date.")
    return None


def _reason(_obj: Any, data: dict[str, Any]) -> str | None:
    if not (data.get("reason") or "").strip():
        return _("Give the reason.")
    return None


def _service_done(commitment: Commitment, data: dict[str, Any]) -> str | None:
    if not data.get("invoice_ref") or not data.get("service_done_on"):
        return _("Give the invoice reference and the date the service was done.")
    if data.get("liquidated_amount") is None or data["liquidated_amount"] > commitment.amount:
        return _("The amount due cannot exceed the amount committed.")
    return None


def _not_own_expense(commitment: Commitment, data: dict[str, Any]) -> str | None:
    """Segregation of duties: whoever committed or ordered an expense does not pay it."""
    if data.get("user_id") is None:
        return _("A payment is signed by a named accountant.")
    if data["user_id"] in {commitment.committed_by_id, commitment.ordered_by_id}:
        return _("You committed or ordered this expense: another person must pay it.")
    return None


def _record_vote(session: Session, budget: Budget, _t: Transition, data: dict[str, Any]) -> None:
    budget.voted_on = data["decided_on"]
    budget.decision = data["decision"]


def _record_approval(
    session: Session, budget: Budget, _t: Transition, data: dict[str, Any]
) -> None:
    budget.approved_on = data["decided_on"]
    budget.decision = data["decision"]


def _record_refusal(session: Session, budget: Budget, _t: Transition, data: dict[str, Any]) -> None:
    budget.decision = data["reason"].strip()[:200]


def _record_decision(
    session: Session, transfer: Transfer, _t: Transition, data: dict[str, Any]
) -> None:
    transfer.decision = data.get("decision") or data.get("reason")
    transfer.decided_on = data.get("decided_on") or utcnow().date()


def _record_liquidation(
    session: Session, commitment: Commitment, _t: Transition, data: dict[str, Any]
) -> None:
    commitment.liquidated_amount = data["liquidated_amount"]
    commitment.invoice_ref = data["invoice_ref"]
    commitment.service_done_on = data["service_done_on"]
    commitment.liquidated_at = utcnow()


def _record_order(
    session: Session, commitment: Commitment, _t: Transition, data: dict[str, Any]
) -> None:
    commitment.ordered_by_id = data.get("user_id")
    commitment.ordered_at = utcnow()
    commitment.reason = None


def _record_payment(
    session: Session, commitment: Commitment, _t: Transition, data: dict[str, Any]
) -> None:
    commitment.paid_by_id = data.get("user_id")
    commitment.paid_at = utcnow()


def _record_reason(
    session: Session, commitment: Commitment, _t: Transition, data: dict[str, Any]
) -> None:
    commitment.reason = data["reason"].strip()


def _send_back(
    session: Session, commitment: Commitment, transition: Transition, data: dict[str, Any]
) -> None:
    _record_reason(session, commitment, transition, data)
    commitment.ordered_by_id = None
    commitment.ordered_at = None


BUDGET_WORKFLOW = Workflow(
    "budget",
    initial="proposed",
    transitions=[
        Transition("proposed", "vote", "voted", Perm.ADOPT, _decision, effects=(_record_vote,)),
        Transition(
            "voted", "approve", "approved", Perm.ADOPT, _decision, effects=(_record_approval,)
        ),
        Transition("voted", "refuse", "refused", Perm.ADOPT, _reason, effects=(_record_refusal,)),
    ],
    audit_prefix="budget:budget:",
    object_type="budget",
    values=budget_values,
)

TRANSFER_WORKFLOW = Workflow(
    "transfer",
    initial="requested",
    transitions=[
        Transition(
            "requested",
            "authorise",
            "authorised",
            Perm.TRANSFER,
            _decision,
            effects=(_record_decision,),
        ),
        Transition(
            "requested", "refuse", "refused", Perm.TRANSFER, _reason, effects=(_record_decision,)
        ),
    ],
    audit_prefix="budget:transfer:",
    object_type="transfer",
    values=transfer_values,
)

COMMITMENT_WORKFLOW = Workflow(
    "commitment",
    initial="committed",
    transitions=[
        Transition(
            "committed",
            "liquidate",
            "liquidated",
            Perm.COMMIT,
            _service_done,
            effects=(_record_liquidation,),
        ),
        Transition(
            "committed", "cancel", "cancelled", Perm.COMMIT, _reason, effects=(_record_reason,)
        ),
        Transition(
            "liquidated", "cancel", "cancelled", Perm.COMMIT, _reason, effects=(_record_reason,)
        ),
        Transition("liquidated", "order", "ordered", Perm.ORDER, effects=(_record_order,)),
        Transition(
            "ordered", "pay", "paid", Perm.PAY, _not_own_expense, effects=(_record_payment,)
        ),
        Transition(
            "ordered",
            "reject",
            "liquidated",
            Perm.PAY,
            _reason,
            audit_action="budget:commitment:rejected",
            effects=(_send_back,),
        ),
    ],
    audit_prefix="budget:commitment:",
    object_type="commitment",
    values=commitment_values,
)
