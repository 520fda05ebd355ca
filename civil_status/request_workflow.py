"""A copy request's life: submitted, awaiting payment once the act is found and the
requester entitled to the copy, paid when the payments module confirms the fee, issued
as a sealed document, then delivered (downloaded or handed over) or posted abroad.
A request is refused with a reason while it is not paid.

Where the national registry keeps the acts (a front-office commune) the request is
``forwarded`` to it instead of paid and issued here; the registry's answer makes it
``ready`` (its copy waits at the counter, or is to be posted) or ``refused`` with the
registry's reason, and the counter then hands it over or posts it.

Every move is audited by the workflow and tells the requester (outbox message); the
``issue`` move seals the document in the same transaction.
"""

from __future__ import annotations

from typing import Any

from civil_status.models import CopyRequest
from civil_status.permissions import NATIONAL_REGISTRY, REQUESTER, SETTLE_REQUEST, Perm
from municipality.i18n import _
from municipality.workflow import Transition, Workflow

SUBMITTED = "submitted"
AWAITING_PAYMENT = "awaiting_payment"
PAID = "paid"
ISSUED = "issued"
DELIVERED = "delivered"
POSTED = "posted"
REFUSED = "refused"

# The audit action of a copy handed over at the counter, where the agent checks the
# requester's identity document: what makes an act a resident's own (services.readers).
HANDED_OVER = "civil_status:request:handed_over"

STATES = (SUBMITTED, AWAITING_PAYMENT, PAID, ISSUED, DELIVERED, POSTED, REFUSED)
FORWARDED = "forwarded"
READY = "ready"
# The states only a front-office commune's requests take.
FRONT_OFFICE_STATES = (FORWARDED, READY)


def request_snapshot(request: CopyRequest) -> dict[str, Any]:
    """What the audit trail compares before and after a move."""
    return {
        "state": request.state,
        "act": str(request.act.public_id) if request.act is not None else None,
        "payment_reference": request.payment_reference,
        "document_number": request.document_number,
        "tracking_reference": request.tracking_reference,
        "refusal_reason": request.refusal_reason,
    }


def _act_found(request: CopyRequest, _data: dict[str, Any]) -> str | None:
    """A request goes to payment only for an act the bureau holds, signed."""
    if request.act is None or request.act.state != "signed":
        return _("The act is not found: link the request to a signed act first.")
    return None


def _reason_given(_request: CopyRequest, data: dict[str, Any]) -> str | None:
    if not data.get("reason"):
        return _("Say why the request is refused.")
    return None


def _posted_with_tracking(request: CopyRequest, data: dict[str, Any]) -> str | None:
    if request.delivery != "post":
        return _("This copy is collected, not posted.")
    if not data.get("tracking_reference"):
        return _("Enter the postal tracking reference.")
    return None


def _downloadable(request: CopyRequest, _data: dict[str, Any]) -> str | None:
    if request.delivery != "download":
        return _("This copy is posted, not downloaded.")
    return None


def _not_here(request: CopyRequest, _data: dict[str, Any]) -> str | None:
    """Only a request whose act the commune does not hold goes to the national registry."""
    if request.act is not None:
        return _("The act is in the commune's registers: accept the request instead.")
    return None


def _refused(_session: Any, request: CopyRequest, _t: Transition, data: dict[str, Any]) -> None:
    request.refusal_reason = data["reason"]
    request.refusal_note = data.get("note") or None


def _posted(_session: Any, request: CopyRequest, _t: Transition, data: dict[str, Any]) -> None:
    request.tracking_reference = data["tracking_reference"]


def _settled(_session: Any, request: CopyRequest, _t: Transition, data: dict[str, Any]) -> None:
    request.payment_reference = data["receipt"]


# A front-office commune's requests: forwarded once the papers are checked, answered by
# the national registry (whose permission no role holds), then handed over or posted.
FRONT_OFFICE_TRANSITIONS = [
    Transition(SUBMITTED, "forward", FORWARDED, Perm.HANDLE_REQUEST, requires=_not_here),
    Transition(FORWARDED, "ready", READY, NATIONAL_REGISTRY),
    Transition(
        FORWARDED,
        "refuse",
        REFUSED,
        NATIONAL_REGISTRY,
        requires=_reason_given,
        effects=(_refused,),
    ),
    Transition(READY, "hand_over", DELIVERED, Perm.HANDLE_REQUEST),
    Transition(
        READY,
        "post",
        POSTED,
        Perm.HANDLE_REQUEST,
        requires=_posted_with_tracking,
        effects=(_posted,),
    ),
]

REQUEST_WORKFLOW = Workflow(
    "copy_request",
    initial=SUBMITTED,
    transitions=[
        Transition(SUBMITTED, "accept", AWAITING_PAYMENT, Perm.HANDLE_REQUEST, requires=_act_found),
        Transition(
            SUBMITTED,
            "refuse",
            REFUSED,
            Perm.HANDLE_REQUEST,
            requires=_reason_given,
            effects=(_refused,),
        ),
        Transition(
            AWAITING_PAYMENT,
            "refuse",
            REFUSED,
            Perm.HANDLE_REQUEST,
            requires=_reason_given,
            effects=(_refused,),
        ),
        Transition(AWAITING_PAYMENT, "settle", PAID, SETTLE_REQUEST, effects=(_settled,)),
        Transition(PAID, "issue", ISSUED, Perm.ISSUE_EXTRACT),
        Transition(ISSUED, "hand_over", DELIVERED, Perm.HANDLE_REQUEST, audit_action=HANDED_OVER),
        Transition(ISSUED, "collect", DELIVERED, REQUESTER, requires=_downloadable),
        Transition(
            ISSUED,
            "post",
            POSTED,
            Perm.HANDLE_REQUEST,
            requires=_posted_with_tracking,
            effects=(_posted,),
        ),
        *FRONT_OFFICE_TRANSITIONS,
    ],
    audit_prefix="civil_status:request:",
    object_type="civil_status_request",
    values=request_snapshot,
)
