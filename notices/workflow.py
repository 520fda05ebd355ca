"""A notice is published, may be withdrawn, and may be published again."""

from __future__ import annotations

from municipality.workflow import Transition, Workflow
from notices.permissions import Perm

NOTICE_WORKFLOW = Workflow(
    "notice",
    initial="published",
    transitions=[
        Transition("published", "withdraw", "withdrawn", Perm.PUBLISH),
        Transition("withdrawn", "republish", "published", Perm.PUBLISH),
    ],
)
