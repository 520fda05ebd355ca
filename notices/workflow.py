"""A notice is published, may be withdrawn, and may be published again."""

from __future__ import annotations

from municipality.workflow import Transition, Workflow

PUBLISH = "notices:notice:publish"

NOTICE_WORKFLOW = Workflow(
    "notice",
    initial="published",
    transitions=[
        Transition("published", "withdraw", "withdrawn", PUBLISH),
        Transition("withdrawn", "republish", "published", PUBLISH),
    ],
)
