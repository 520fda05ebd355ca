"""The notice board's rules: publishing, withdrawing, listing, expiring."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from municipality import audit
from municipality.db import utcnow
from municipality.i18n import _
from municipality.lookup import by_public_id
from municipality.models import Commune
from notices.models import Notice
from notices.permissions import Perm
from notices.workflow import NOTICE_WORKFLOW, snapshot


def publish(
    session: Session,
    *,
    actor: str,
    commune: Commune,
    data: dict[str, Any],
    author_id: int | None = None,
) -> Notice:
    """Put a notice on the commune's board at once; audited."""
    notice = Notice(
        commune_id=commune.id,
        title=data["title"].strip(),
        body=data["body"].strip(),
        language=data["language"],
        expires_on=data.get("expires_on"),
        state=NOTICE_WORKFLOW.initial,
        published_at=utcnow(),
        author_id=author_id,
    )
    audit.write(
        session,
        notice,
        actor=actor,
        action="notices:notice:published",
        object_type="notice",
        changes=audit.diff({}, snapshot(notice)),
    )
    return notice


def get(session: Session, public_id: str | uuid.UUID) -> Notice:
    """A notice of the session's commune (the tenant scope hides every other)."""
    return by_public_id(session, Notice, public_id, _("This notice does not exist here."))


def act(
    session: Session, *, actor: str, notice: Notice, action: str, permissions: frozenset[str]
) -> Notice:
    """Withdraw or republish ``notice`` if the workflow lets ``permissions`` do it; audited."""
    NOTICE_WORKFLOW.run(session, notice, action, actor=actor, permissions=permissions)
    return notice


def query(*, state: str | None = None, text: str | None = None) -> Select[tuple[Notice]]:
    """Notices of the session's commune, newest first, optionally filtered."""
    stmt = select(Notice)
    if state:
        stmt = stmt.where(Notice.state == state)
    if text:
        pattern = f"%{text.strip()}%"
        stmt = stmt.where(or_(Notice.title.ilike(pattern), Notice.body.ilike(pattern)))
    return stmt.order_by(Notice.published_at.desc(), Notice.id.desc())


def published_count(session: Session) -> int:
    """How many notices of the session's commune are on the board now."""
    stmt = select(func.count()).select_from(Notice).where(Notice.state == "published")
    return session.execute(stmt).scalar_one()


def expire_due(session: Session, today: date) -> int:
    """Withdraw every published notice whose take-down date has passed, in all communes."""
    due = session.execute(
        select(Notice).where(Notice.state == "published", Notice.expires_on < today)
    ).scalars()
    count = 0
    for notice in due:
        act(
            session,
            actor="system:scheduler",
            notice=notice,
            action="withdraw",
            permissions=frozenset({Perm.PUBLISH}),
        )
        count += 1
    return count
