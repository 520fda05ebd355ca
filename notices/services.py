"""The notice board's rules: publishing, withdrawing, listing, expiring."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from municipality import audit
from municipality.db import utcnow
from municipality.i18n import _
from municipality.lookup import by_public_id
from municipality.models import Commune
from notices.models import Notice
from notices.workflow import NOTICE_WORKFLOW

FIELDS = ("title", "body", "language", "expires_on")


def _snapshot(notice: Notice) -> dict[str, Any]:
    return {f: getattr(notice, f) for f in (*FIELDS, "state")}


def publish(
    session: Session,
    *,
    actor: str,
    commune: Commune,
    data: dict[str, Any],
    author_id: int | None = None,
) -> Notice:
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
    session.add(notice)
    session.flush()
    audit.record(
        session,
        commune_id=commune.id,
        actor=actor,
        action="notices:notice:published",
        object_type="notice",
        object_id=str(notice.public_id),
        changes=audit.diff({}, _snapshot(notice)),
    )
    return notice


def get(session: Session, public_id: str | uuid.UUID) -> Notice:
    """A notice of the session's commune (the tenant scope hides every other)."""
    return by_public_id(session, Notice, public_id, _("This notice does not exist here."))


def act(
    session: Session, *, actor: str, notice: Notice, action: str, permissions: frozenset[str]
) -> Notice:
    before = _snapshot(notice)
    NOTICE_WORKFLOW.apply(notice, action, permissions)
    audit.record(
        session,
        commune_id=notice.commune_id,
        actor=actor,
        action=f"notices:notice:{notice.state}",
        object_type="notice",
        object_id=str(notice.public_id),
        changes=audit.diff(before, _snapshot(notice)),
    )
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
            permissions=frozenset({"notices:notice:publish"}),
        )
        count += 1
    return count


DEMO_NOTICES = {
    "fr": [
        (
            "Coupure d'eau programmée",
            "L'alimentation en eau sera interrompue mardi de 9 h à 13 h "
            "dans le quartier central pour des travaux sur le réseau.",
        ),
        (
            "Session ordinaire du conseil",
            "Le conseil communal tiendra sa session ordinaire le "
            "premier lundi du mois, à 10 h, à l'hôtel de ville. La séance est publique.",
        ),
        (
            "Campagne de vaccination",
            "Une campagne de vaccination des enfants se tient au centre "
            "de santé communal toute la semaine prochaine.",
        ),
    ],
    "ar": [
        (
            "انقطاع مبرمج للماء",
            "سينقطع التزويد بالماء يوم الثلاثاء من التاسعة إلى الواحدة بعد "
            "الزوال بالحي المركزي بسبب أشغال على الشبكة.",
        ),
        (
            "الدورة العادية للمجلس",
            "يعقد المجلس الجماعي دورته العادية يوم الاثنين الأول من الشهر "
            "على الساعة العاشرة بمقر الجماعة. الجلسة عمومية.",
        ),
    ],
}


def load_demo(session: Session, commune: Commune, actor: str) -> None:
    """A few realistic notices in the commune's languages."""
    for language in commune.languages.split():
        for title, body in DEMO_NOTICES.get(language, []):
            publish(
                session,
                actor=actor,
                commune=commune,
                data={"title": title, "body": body, "language": language},
            )
