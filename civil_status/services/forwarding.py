"""A front-office commune's copy requests, forwarded to the national registry and answered.

Where the national registry keeps the acts (Mauritania), the commune takes the request,
checks the requester's papers and forwards it (:func:`civil_status.services.requests.move`
along ``forward``). The forward is audited; the civil status feed turns that audit event
into the national message :func:`forwarded_payload` builds. The registry's answer comes
back through the sync module's status pull: :func:`apply_answer` moves the request to
``ready`` or ``refused`` as the registry, or keeps the answer in the audit trail when
the request can no longer take it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from civil_status.models import CopyRequest
from civil_status.permissions import NATIONAL_REGISTRY
from civil_status.request_workflow import READY, REFUSED, REQUEST_WORKFLOW
from civil_status.services import requests
from municipality import audit
from municipality.errors import DomainError, NotFound
from municipality.feeds import Outcome
from municipality.models import Commune

log = logging.getLogger(__name__)

FORWARDED_ACTION = "civil_status:request:forwarded"
NOTED_ACTION = "civil_status:request:registry_noted"
OBJECT_TYPE = "civil_status_request"
REGISTRY_REFUSAL = "registry"
# Who answers in the audit trail: the sync module's actor for this platform.
REGISTRY_ACTOR = "national:civil_status"
# The registry's statuses, and the move each one makes.
ANSWERS = {READY: "ready", REFUSED: "refuse"}
ANSWERING = frozenset({NATIONAL_REGISTRY})
# Where the registry hands a copy the requester did not ask to be posted.
DELIVERY = {"download": "counter", "post": "post"}


def _named_act(request: CopyRequest) -> dict[str, Any]:
    """How the requester named the act: number and year, names and birth date, or both."""
    named: dict[str, Any] = {
        "act_number": request.act_number,
        "act_year": request.act_year,
        "subject_name": request.subject_name,
        "birth_date": request.birth_date.isoformat() if request.birth_date else None,
    }
    return {k: v for k, v in named.items() if v is not None}


def forwarded_payload(request: CopyRequest, forwarded_at: datetime) -> dict[str, Any]:
    """What the national registry needs to find the act and judge the requester's right."""
    return {
        "local_id": str(request.public_id),
        "copy_type": request.copy_type,
        "channel": request.channel,
        "act": _named_act(request),
        "requester": {
            "name": request.requester_name,
            "id_document_type": request.id_document_type,
            "id_document_number": request.id_document_number,
            "relation": request.relation,
        },
        "delivery": DELIVERY[request.delivery],
        "postal_address": request.postal_address,
        "country": request.country,
        "language": request.language,
        "requested_at": request.created_at,
        "forwarded_at": forwarded_at,
    }


def _note(session: Session, request: CopyRequest, actor: str, status: str, notes: str) -> None:
    """Keep an answer the request can no longer take in its audit trail, for an agent."""
    audit.write(
        session,
        request,
        actor=actor,
        action=NOTED_ACTION,
        object_type=OBJECT_TYPE,
        changes={"registry_status": [None, status], "registry_notes": [None, notes or None]},
    )


def apply_answer(
    session: Session, commune: Commune, *, actor: str, local_id: str, status: str, notes: str
) -> Outcome:
    """Move the forwarded request as the registry answered, and tell the requester.

    An unknown request or status, or a request already in that state, is skipped; an
    answer the workflow refuses (the request was not forwarded) is noted, not applied.
    """
    try:
        request = requests.get(session, local_id)
    except NotFound:
        log.warning("the national registry answers an unknown request %s", local_id)
        return Outcome.SKIPPED
    action = ANSWERS.get(status)
    if action is None or request.state == status:
        return Outcome.SKIPPED
    data = {"reason": REGISTRY_REFUSAL, "note": notes} if action == "refuse" else {}
    try:  # the workflow refuses before it changes anything, so nothing is half-done
        REQUEST_WORKFLOW.run(
            session, request, action, actor=actor, permissions=ANSWERING, data=data
        )
    except DomainError:
        _note(session, request, actor, status, notes)
        return Outcome.NOTED
    requests.notify(session, commune, request)
    return Outcome.APPLIED
