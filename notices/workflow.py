"""A notice is published, may be withdrawn, and may be published again.

Each move is audited as ``notices:notice:<new state>``.
"""

from __future__ import annotations

from typing import Any

from municipality.workflow import Transition, Workflow
from notices.models import Notice
from notices.permissions import Perm

FIELDS = ("title", "body", "language", "expires_on")


def snapshot(notice: Notice) -> dict[str, Any]:
    """What the audit trail compares before and after a change."""
    return {f: getattr(notice, f) for f in (*FIELDS, "state")}


NOTICE_WORKFLOW = Workflow(
    "notice",
    initial="published",
    transitions=[
        Transition("published", "withdraw", "withdrawn", Perm.PUBLISH),
        Transition("withdrawn", "republish", "published", Perm.PUBLISH),
    ],
    audit_prefix="notices:notice:",
    object_type="notice",
    values=snapshot,
)
