"""A payment's life: asked, sent to the provider, then confirmed, failed or to reconcile.

Only a verified server-side confirmation moves a payment to ``confirmed`` (the
``confirm`` action, held by the system and the cashier). A provider that stops
answering leaves it ``to_reconcile``, never ``failed``: the money may have moved. A
late success after a failure is credited (the money did move); a late failure after
a success is absorbed by the services, never run here. A credited payment given back
through its provider is ``reversing`` until the provider says it reversed it or
refused (back to ``confirmed``). Each move is audited as ``payments:payment:<new state>``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from municipality.i18n import _
from municipality.workflow import Transition, Workflow
from payments.models import Payment
from payments.permissions import Perm

CREDITED = "confirmed"
REVERSING = "reversing"


def amount_matches(payment: Payment, data: dict[str, Any]) -> str | None:
    """Money is credited only for exactly the amount asked (``10`` and ``10.00`` match)."""
    confirmed = data.get("amount")
    if confirmed is None or Decimal(confirmed).compare(Decimal(payment.amount)) != 0:
        return _("The amount confirmed is not the amount asked.")
    return None


def snapshot(payment: Payment) -> dict[str, Any]:
    """What the audit trail compares before and after a move."""
    return {
        "state": payment.state,
        "provider_ref": payment.provider_ref,
        "confirmed_amount": payment.confirmed_amount,
        "reversal_ref": payment.reversal_ref,
    }


PAYMENT_WORKFLOW = Workflow(
    "payment",
    initial="created",
    transitions=[
        Transition("created", "submit", "pending", Perm.PAY),
        *(
            Transition(state, "confirm", CREDITED, Perm.CONFIRM, requires=amount_matches)
            for state in ("created", "pending", "to_reconcile", "failed")
        ),
        Transition("pending", "fail", "failed", Perm.CONFIRM),
        Transition("pending", "time_out", "to_reconcile", Perm.CONFIRM),
        Transition("to_reconcile", "fail", "failed", Perm.CONFIRM),
        # Cash is given back over the counter at once; a provider is asked, then answers.
        Transition(CREDITED, "reverse", "reversed", Perm.REVERSE),
        Transition(CREDITED, "ask_reversal", REVERSING, Perm.REVERSE),
        Transition(REVERSING, "reversal_done", "reversed", Perm.CONFIRM),
        Transition(REVERSING, "reversal_refused", CREDITED, Perm.CONFIRM),
    ],
    audit_prefix="payments:payment:",
    object_type="payment",
    values=snapshot,
)
