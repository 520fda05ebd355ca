"""An act is entered as a draft and signed by the officer, after which it never changes;
a draft may be discarded instead. A marginal mention is requested, then approved or
rejected by the officer.

Signing takes the act's number from its register's counter as its last step before the
audit event, so the counter row is locked for the shortest time (see :func:`take_number`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session, object_session

from civil_status.models import Act, Mention, Register
from civil_status.permissions import Perm
from civil_status.services.duplicates import undecided
from municipality.db import utcnow
from municipality.i18n import _
from municipality.workflow import Transition, Workflow

READING = (
    "given_name_ar",
    "family_name_ar",
    "given_name_lat",
    "family_name_lat",
    "name_tfng",
    "sex",
    "event_date",
    "event_time",
    "place",
    "father_name",
    "mother_name",
    "declarant_name",
)


def snapshot(act: Act) -> dict[str, Any]:
    """What the audit trail compares before and after a change of an act."""
    return {
        **{f: getattr(act, f) for f in READING},
        "details": dict(act.details or {}),
        "number": act.number,
        "state": act.state,
        "judgment_reference": act.judgment_reference,
    }


def mention_snapshot(mention: Mention) -> dict[str, Any]:
    return {
        "kind": mention.kind,
        "basis": mention.basis,
        "legal_reference": mention.legal_reference,
        "corrections": mention.corrections,
        "state": mention.state,
        "decided_by": mention.decided_by,
    }


def take_number(session: Session, register_id: int) -> int:
    """The register's next number, gapless, held by this transaction until it ends.

    One ``UPDATE ... RETURNING`` increments the counter row and reads it back: PostgreSQL
    locks the row as ``SELECT ... FOR UPDATE`` would (a concurrent signer waits, then
    reads the committed value), and SQLite takes its single write lock. A transaction
    that rolls back gives its number back with it.
    """
    stmt = (
        update(Register)
        .where(Register.id == register_id)
        .values(last_number=Register.last_number + 1)
        .returning(Register.last_number)
    )
    return int(session.execute(stmt).scalar_one())


def _no_undecided_duplicate(act: Act, _data: dict[str, Any]) -> str | None:
    """The agent must have said, for every close act found at entry, whether it is the same."""
    session = object_session(act)
    assert session is not None
    if undecided(session, act):
        return _("Possible duplicates of this act are waiting for a decision.")
    return None


def _numbered(session: Session, act: Act, _t: Transition, data: dict[str, Any]) -> None:
    act.signed_by = data["actor"]
    act.signed_at = utcnow()
    act.number = take_number(session, act.register_id)


def _decided(_session: Session, mention: Mention, _t: Transition, data: dict[str, Any]) -> None:
    mention.decided_by = data["actor"]
    mention.decided_at = utcnow()


ACT_WORKFLOW = Workflow(
    "act",
    initial="draft",
    transitions=[
        Transition(
            "draft",
            "sign",
            "signed",
            Perm.SIGN,
            requires=_no_undecided_duplicate,
            effects=(_numbered,),
        ),
        Transition("draft", "discard", "discarded", Perm.ENTER),
    ],
    audit_prefix="civil_status:act:",
    object_type="civil_status_act",
    values=snapshot,
)

MENTION_WORKFLOW = Workflow(
    "mention",
    initial="requested",
    transitions=[
        Transition("requested", "approve", "approved", Perm.APPROVE_MENTION, effects=(_decided,)),
        Transition("requested", "reject", "rejected", Perm.APPROVE_MENTION, effects=(_decided,)),
    ],
    audit_prefix="civil_status:mention:",
    object_type="civil_status_mention",
    values=mention_snapshot,
)
