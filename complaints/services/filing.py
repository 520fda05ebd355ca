"""Filing a complaint and finding it again: by its public id, or by its tracking code.

The reporter may stay anonymous; the complaint gets a tracking code (its reporter's
proof of ownership) and due dates from its category's targets.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.models import Category, Complaint, ComplaintEvent
from complaints.services.categories import get_category
from complaints.services.notifications import notify
from complaints.workflow import COMPLAINT_WORKFLOW, snapshot
from municipality import audit
from municipality.areas import AreaProvider, contains
from municipality.db import utcnow
from municipality.errors import NotFound, ValidationFailed
from municipality.i18n import _
from municipality.lookup import by_public_id
from municipality.models import Commune

KINDS = ("complaint", "observation", "suggestion")
CHANNELS = ("web", "counter", "api")
# How a resident reached the counter: in person, or by telephone.
CONTACT_MODES = ("visit", "phone")
# An event holding the media URL a client application gave (stored, never fetched).
MEDIA_EVENT = "media"
# No 0/O or 1/I/L: codes are read aloud at a counter and typed on phones.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_LENGTH = 12


def new_tracking_code() -> str:
    """A short code the reporter keeps; about 59 bits of randomness, so not guessable."""
    return "".join(secrets.choice(TRACKING_ALPHABET) for _i in range(TRACKING_LENGTH))


def normalise_tracking_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def _optional(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _outside_area(
    session: Session,
    commune: Commune,
    area: AreaProvider | None,
    latitude: float | None,
    longitude: float | None,
) -> bool:
    """Only a provider that knows the boundary can say "outside"; unknown is not flagged."""
    if latitude is None or longitude is None:
        return False
    return contains(area, session, commune, latitude, longitude) is False


def file_complaint(
    session: Session,
    *,
    actor: str,
    commune: Commune,
    data: dict[str, Any],
    channel: str = "web",
    reporter_user_id: int | None = None,
    area: AreaProvider | None = None,
) -> Complaint:
    """Record a complaint; the reporter may stay anonymous and gets a tracking code.

    ``reporter_user_id`` is the resident's own account (never the staff member filing
    at the counter). A position that ``area`` places outside the commune is accepted
    and flagged for staff: a resident at the edge may be right about where they stand.
    """
    errors: dict[str, str] = {}
    kind = data.get("kind") or "complaint"
    if kind not in KINDS:
        errors["kind"] = "unknown kind"
    if channel not in CHANNELS:
        errors["channel"] = "unknown channel"
    contact_mode = data.get("contact_mode") if channel == "counter" else None
    if channel == "counter" and contact_mode not in CONTACT_MODES:
        errors["contact_mode"] = "visit or phone"
    description = (data.get("description") or "").strip()
    if not description:
        errors["description"] = "required"
    category = data.get("category")
    if not isinstance(category, Category):
        try:
            category = get_category(session, str(category or ""))
        except NotFound:
            errors["category"] = "unknown category"
    address = _optional(data.get("address"))
    latitude, longitude = data.get("latitude"), data.get("longitude")
    if (latitude is None) != (longitude is None):
        errors["longitude" if longitude is None else "latitude"] = "give both coordinates"
    if address is None and latitude is None:
        errors["address"] = "give an address or a position"
    if errors:
        raise ValidationFailed(_("The complaint is not complete."), errors)
    assert isinstance(category, Category)
    filed_at = utcnow()
    complaint = Complaint(
        commune_id=commune.id,
        tracking_code=new_tracking_code(),
        kind=kind,
        channel=channel,
        category=category,
        description=description,
        address=address,
        latitude=latitude,
        longitude=longitude,
        reporter_name=_optional(data.get("reporter_name")),
        reporter_email=(_optional(data.get("reporter_email")) or "").lower() or None,
        reporter_phone=_optional(data.get("reporter_phone")),
        reporter_user_id=reporter_user_id,
        contact_mode=contact_mode,
        outside_area=_outside_area(session, commune, area, latitude, longitude),
        state=COMPLAINT_WORKFLOW.initial,
        acknowledge_due_at=filed_at + timedelta(hours=category.hours_to_acknowledge),
        resolve_due_at=filed_at + timedelta(days=category.days_to_resolve),
    )
    session.add(complaint)
    media_url = _optional(data.get("media_url"))
    if media_url:
        session.add(
            ComplaintEvent(
                commune_id=commune.id,
                complaint=complaint,
                kind=MEDIA_EVENT,
                body=media_url,
                author=actor,
            )
        )
    event = audit.write(
        session,
        complaint,
        actor=actor,
        action="complaints:request:received",
        object_type="complaint",
        changes=audit.diff({}, snapshot(complaint)),
    )
    notify(
        session, commune, complaint=complaint, outcome="received", key=f"{event.chain}:{event.seq}"
    )
    return complaint


def get(session: Session, public_id: str | uuid.UUID) -> Complaint:
    """A complaint of the session's commune (the tenant scope hides every other)."""
    return by_public_id(session, Complaint, public_id, _("This complaint does not exist here."))


def by_tracking_code(session: Session, code: str) -> Complaint:
    """The complaint a reporter follows with its code, in the session's commune."""
    complaint = session.execute(
        select(Complaint).where(Complaint.tracking_code == normalise_tracking_code(code))
    ).scalar_one_or_none()
    if complaint is None:
        raise NotFound(_("No complaint has this tracking code here."))
    return complaint


def media_urls(session: Session, complaints: list[Complaint]) -> dict[int, str]:
    """The media URL a client gave with each complaint (kept, never fetched), by id."""
    if not complaints:
        return {}
    rows = session.execute(
        select(ComplaintEvent.complaint_id, ComplaintEvent.body).where(
            ComplaintEvent.kind == MEDIA_EVENT,
            ComplaintEvent.complaint_id.in_([c.id for c in complaints]),
        )
    )
    return {row.complaint_id: row.body for row in rows}
