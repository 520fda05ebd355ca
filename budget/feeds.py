"""The budget's side of the national expenditure platform (``spending``).

Out: a commitment becomes ``commitment.recorded`` when it is made, and its payment
``payment.recorded`` when the accountant pays it. The platform sets no status back, so
nothing comes in. ``sync`` drives this through :class:`municipality.feeds.NationalFeed`
and never imports the budget.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from budget.models import Commitment
from budget.services import get_commitment
from municipality.feeds import FeedMessage, OutboundFeed
from municipality.models import AuditEvent, Commune

COMMITTED = "budget:commitment:committed"
PAID = "budget:commitment:paid"
# Payments are a step of their commitment; their id is derived from it, the same each time.
PAYMENT_NAMESPACE = uuid.UUID("b7c1e0d2-4a55-4c1e-9f3a-2d7e8b6a5c41")


def commitment_payload(commitment: Commitment, currency: str) -> dict[str, Any]:
    supplier = commitment.supplier
    return {
        "local_id": str(commitment.public_id),
        "number": commitment.number,
        "fiscal_year": commitment.line.year,
        "budget_line": commitment.line.code.code,
        "supplier": {"name": supplier.name, "tax_id": supplier.tax_id},
        "amount": str(commitment.amount),
        "currency": currency,
        "purpose": commitment.purpose,
        "committed_at": commitment.committed_at,
    }


def payment_id(commitment: Commitment) -> str:
    return str(uuid.uuid5(PAYMENT_NAMESPACE, str(commitment.public_id)))


def payment_payload(commitment: Commitment, currency: str) -> dict[str, Any]:
    return {
        "local_id": payment_id(commitment),
        "commitment_id": str(commitment.public_id),
        "number": commitment.number,
        "amount": str(commitment.liquidated_amount),
        "currency": currency,
        "method": "transfer",
        "paid_at": commitment.paid_at,
    }


class SpendingFeed(OutboundFeed):
    """The :class:`municipality.feeds.NationalFeed` of the national expenditure platform."""

    audit_prefix = "budget:commitment:"

    def message_for(self, session: Session, event: AuditEvent) -> FeedMessage | None:
        """``commitment.recorded`` on a commitment, ``payment.recorded`` on its payment."""
        if event.action not in {COMMITTED, PAID}:
            return None
        commitment = get_commitment(session, event.object_id)
        commune = session.get(Commune, commitment.commune_id)
        assert commune is not None
        if event.action == COMMITTED:
            payload = commitment_payload(commitment, commune.currency)
            return FeedMessage("commitment", str(commitment.public_id), "recorded", payload)
        payload = payment_payload(commitment, commune.currency)
        return FeedMessage("payment", payment_id(commitment), "recorded", payload)


FEED = SpendingFeed()
