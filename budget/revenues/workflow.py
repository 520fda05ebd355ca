"""An assessment's life: issued, then collected in full or cancelled with a reason.

The authorising officer issues and cancels assessments; collections are the
accountant's (or a confirmed payment's), and the last one that pays the assessment off
settles it. An assessment money was already collected on cannot be cancelled.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from budget.permissions import Perm
from budget.revenues.models import Assessment
from municipality.i18n import _
from municipality.workflow import Transition, Workflow

ISSUED = "issued"


def assessment_values(assessment: Assessment) -> dict[str, Any]:
    return {
        "state": assessment.state,
        "amount": assessment.amount,
        "collected": assessment.collected,
        "reason": assessment.reason,
    }


def _cancellable(assessment: Assessment, data: dict[str, Any]) -> str | None:
    if assessment.collected:
        return _("Money was already collected on this assessment: it cannot be cancelled.")
    if not (data.get("reason") or "").strip():
        return _("Give the reason.")
    return None


def _paid_off(assessment: Assessment, _data: dict[str, Any]) -> str | None:
    if assessment.outstanding > 0:
        return _("The assessment is not paid off yet.")
    return None


def _record_reason(
    session: Session, assessment: Assessment, _t: Transition, data: dict[str, Any]
) -> None:
    assessment.reason = data["reason"].strip()[:300]


ASSESSMENT_WORKFLOW = Workflow(
    "assessment",
    initial=ISSUED,
    transitions=[
        Transition(
            ISSUED, "cancel", "cancelled", Perm.ASSESS, _cancellable, effects=(_record_reason,)
        ),
        Transition(ISSUED, "settle", "collected", Perm.COLLECT, _paid_off),
    ],
    audit_prefix="budget:assessment:",
    object_type="assessment",
    values=assessment_values,
)
