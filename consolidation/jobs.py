"""Reminders to communes that still owe a campaign's return, before and after its deadline.

Once a day, for every open campaign, each commune that still owes its workbook
(waiting, late, or refused: see :mod:`consolidation.board`) is reminded through the
outbox, in the commune's first language, by e-mail to its administrators:

- ``before``: from :data:`DAYS_BEFORE` days before the deadline until the deadline;
- ``after``: once the deadline has passed.

The idempotency key ``consolidation-reminder:<campaign>:<commune>:<kind>`` makes each
reminder go once, however often the job (or a supervisor's "remind now") runs.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pyramid.registry import Registry
from sqlalchemy import select
from sqlalchemy.orm import Session

from consolidation import board
from consolidation.models import Campaign
from municipality import outbox
from municipality.db import utcnow
from municipality.i18n import _, localizer_for
from municipality.jobs import job_session
from municipality.messaging import DESTINATION
from municipality.models import Commune, Membership, User

DAYS_BEFORE = 3
BEFORE, AFTER = "before", "after"
RECIPIENT_ROLE = "commune_admin"


def reminder_kind(commune: Commune, campaign: Campaign, now: datetime) -> str | None:
    """Which reminder is due for the commune today, if any."""
    today = board.local_today(commune, now)
    if today > campaign.deadline:
        return AFTER
    if today >= campaign.deadline - timedelta(days=DAYS_BEFORE):
        return BEFORE
    return None


def reminder_key(campaign: Campaign, commune: Commune, kind: str) -> str:
    return f"{board.REMINDER_PREFIX}:{campaign.public_id}:{commune.slug}:{kind}"


def recipients(session: Session, commune: Commune) -> list[str]:
    """The commune administrators' addresses."""
    return list(
        session.execute(
            select(User.email)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.commune_id == commune.id,
                Membership.role == RECIPIENT_ROLE,
                User.is_active.is_(True),
            )
            .order_by(User.email)
            .distinct()
        ).scalars()
    )


def _message(campaign: Campaign, commune: Commune, kind: str) -> tuple[str, str]:
    """Subject and body in the commune's first language."""
    locale = commune.default_locale
    localizer = localizer_for(locale)
    mapping = {
        "set": campaign.indicator_set.title(locale),
        "period": campaign.period,
        "deadline": campaign.deadline.isoformat(),
        "commune": commune.name(locale),
    }
    if kind == AFTER:
        subject = _("Overdue return: ${set} ${period}", mapping=mapping)
        body = _(
            "The return ${set} for ${period} of ${commune} was due on ${deadline} and has "
            "not been received. Please send the completed workbook to the region.",
            mapping=mapping,
        )
    else:
        subject = _("Reminder: return ${set} ${period} due on ${deadline}", mapping=mapping)
        body = _(
            "The return ${set} for ${period} of ${commune} is due on ${deadline}. "
            "Please send the completed workbook to the region before then.",
            mapping=mapping,
        )
    return localizer.translate(subject), localizer.translate(body)


def remind(
    session: Session, registry: Registry, campaign: Campaign, now: datetime | None = None
) -> int:
    """Queue the reminders due for one campaign; returns how many were new."""
    now = now or utcnow()
    if campaign.closed_at is not None:
        return 0
    queued = 0
    for row in board.board(session, registry, campaign, now):
        if row.state not in board.OWING:
            continue
        kind = reminder_kind(row.commune, campaign, now)
        to = recipients(session, row.commune) if kind else []
        if kind is None or not to:
            continue
        subject, body = _message(campaign, row.commune, kind)
        message = outbox.enqueue(
            session,
            destination=DESTINATION,
            payload={"channel": "email", "to": ", ".join(to), "subject": subject, "body": body},
            idempotency_key=reminder_key(campaign, row.commune, kind),
            commune_id=row.commune.id,
        )
        queued += outbox.queued_now(session, message)
    return queued


def remind_all(session: Session, registry: Registry, now: datetime | None = None) -> int:
    """Queue the reminders of every open campaign; the number queued."""
    campaigns = session.execute(
        select(Campaign).where(Campaign.closed_at.is_(None)).order_by(Campaign.id)
    ).scalars()
    return sum(remind(session, registry, campaign, now) for campaign in list(campaigns))


def send_reminders(registry: Registry) -> None:
    """The scheduled job: one transaction for the day's reminders."""
    with job_session(registry) as session:
        remind_all(session, registry)
