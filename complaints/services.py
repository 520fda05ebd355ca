"""The complaints rules: categories and their targets, filing, the workflow, notes, replies.

Every write is audited in the caller's transaction, and a reporter who left an e-mail
address or a phone number is told of each change of state through the outbox.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from complaints import duplicates
from complaints.models import Category, Complaint, ComplaintEvent
from complaints.workflow import COMPLAINT_WORKFLOW, EVENTS, OPEN_STATES, Perm
from municipality import audit, outbox
from municipality.areas import AreaProvider, contains
from municipality.db import utcnow
from municipality.errors import Conflict, NotFound, ValidationFailed
from municipality.i18n import _, localizer_for
from municipality.lookup import by_public_id
from municipality.messaging import DESTINATION
from municipality.models import Commune

# The longest a commune may take to answer, in days, where the law of its country says.
# Morocco: law 54-19 (public-services charter) and its complaints decree, 60 days.
LEGAL_CEILING_DAYS = {"MA": 60}
KINDS = ("complaint", "observation", "suggestion")
CHANNELS = ("web", "counter", "api")
# How a resident reached the counter: in person, or by telephone.
CONTACT_MODES = ("visit", "phone")
EVENT_KINDS = ("note", "reply")
# An event holding the media URL a client application gave (stored, never fetched).
MEDIA_EVENT = "media"
# No 0/O or 1/I/L: codes are read aloud at a counter and typed on phones.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_LENGTH = 12
CATEGORY_FIELDS = ("code", "name_fr", "name_ar", "department")
TARGET_FIELDS = ("hours_to_acknowledge", "days_to_resolve")


# --- Categories ---------------------------------------------------------------------------


def legal_ceiling(commune: Commune) -> int | None:
    """The legal maximum time to resolve, in days, for the commune's country (if any)."""
    return LEGAL_CEILING_DAYS.get(commune.country_profile)


def _check_category(commune: Commune, data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for field in CATEGORY_FIELDS:
        value = str(data.get(field) or "").strip()
        if not value:
            errors[field] = "required"
        clean[field] = value
    for field in TARGET_FIELDS:
        target = data.get(field)
        if not isinstance(target, int) or isinstance(target, bool) or target < 1:
            errors[field] = "a whole number of at least 1"
        clean[field] = target
    ceiling = legal_ceiling(commune)
    days = clean["days_to_resolve"]
    if ceiling is not None and "days_to_resolve" not in errors and days > ceiling:
        message = _(
            "The time to resolve may not exceed the legal ceiling of ${days} days.",
            mapping={"days": ceiling},
        )
        raise ValidationFailed(message, {"days_to_resolve": f"at most {ceiling} days"})
    if errors:
        raise ValidationFailed(_("The category is not complete."), errors)
    return clean


def _check_code_free(
    session: Session, commune: Commune, code: str, category: Category | None = None
) -> None:
    """Codes name categories in Open311 and the statistics: one per code in a commune."""
    clash = session.execute(
        select(Category).where(Category.commune_id == commune.id, Category.code == code)
    ).scalar_one_or_none()
    if clash is not None and clash is not category:
        raise Conflict(_("Another category already has the code ${code}.", mapping={"code": code}))


def create_category(
    session: Session, *, actor: str, commune: Commune, data: dict[str, Any]
) -> Category:
    clean = _check_category(commune, data)
    _check_code_free(session, commune, clean["code"])
    category = Category(commune_id=commune.id, **clean)
    session.add(category)
    session.flush()
    audit.record(
        session,
        commune_id=commune.id,
        actor=actor,
        action="complaints:category:created",
        object_type="complaint_category",
        object_id=str(category.public_id),
        changes=audit.diff({}, clean),
    )
    return category


def update_category(
    session: Session, *, actor: str, commune: Commune, category: Category, data: dict[str, Any]
) -> Category:
    before = {f: getattr(category, f) for f in (*CATEGORY_FIELDS, *TARGET_FIELDS)}
    clean = _check_category(commune, {**before, **data})
    _check_code_free(session, commune, clean["code"], category)
    for field, value in clean.items():
        setattr(category, field, value)
    audit.record(
        session,
        commune_id=commune.id,
        actor=actor,
        action="complaints:category:updated",
        object_type="complaint_category",
        object_id=str(category.public_id),
        changes=audit.diff(before, clean),
    )
    return category


def set_category_active(
    session: Session, *, actor: str, category: Category, active: bool
) -> Category:
    """Withdraw a category from the forms (its complaints keep it), or offer it again."""
    if category.active != active:
        audit.record(
            session,
            commune_id=category.commune_id,
            actor=actor,
            action="complaints:category:" + ("activated" if active else "deactivated"),
            object_type="complaint_category",
            object_id=str(category.public_id),
            changes={"active": [category.active, active]},
        )
        category.active = active
    return category


def categories(session: Session, *, include_inactive: bool = False) -> list[Category]:
    """The session's commune's categories (only the active ones unless asked), by code."""
    stmt = select(Category).order_by(Category.code)
    if not include_inactive:
        stmt = stmt.where(Category.active.is_(True))
    return list(session.execute(stmt).scalars())


def get_category(session: Session, public_id: str | uuid.UUID) -> Category:
    return by_public_id(session, Category, public_id, _("This category does not exist here."))


# --- Filing -------------------------------------------------------------------------------


def new_tracking_code() -> str:
    """A short code the reporter keeps; about 59 bits of randomness, so not guessable."""
    return "".join(secrets.choice(TRACKING_ALPHABET) for _i in range(TRACKING_LENGTH))


def normalise_tracking_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def _snapshot(complaint: Complaint) -> dict[str, Any]:
    return {
        "state": complaint.state,
        "kind": complaint.kind,
        "channel": complaint.channel,
        "category": complaint.category.code if complaint.category else None,
        "description": complaint.description,
        "address": complaint.address,
        "latitude": complaint.latitude,
        "longitude": complaint.longitude,
        "anonymous": not (complaint.reporter_email or complaint.reporter_phone),
        "resolved_at": complaint.resolved_at,
        "rejection_reason": complaint.rejection_reason,
        "assignee_id": complaint.assignee_id,
    }


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
    session.flush()
    event = audit.record(
        session,
        commune_id=commune.id,
        actor=actor,
        action="complaints:request:received",
        object_type="complaint",
        object_id=str(complaint.public_id),
        changes=audit.diff({}, _snapshot(complaint)),
    )
    _notify(
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


# --- The workflow, notes and replies ------------------------------------------------------


def act(
    session: Session,
    *,
    actor: str,
    complaint: Complaint,
    action: str,
    permissions: frozenset[str],
    data: dict[str, Any] | None = None,
    assignee_id: int | None = None,
) -> Complaint:
    """Move a complaint along ``action``; audited, and the reporter is told."""
    data = data or {}
    before = _snapshot(complaint)
    COMPLAINT_WORKFLOW.apply(complaint, action, permissions, data)
    if action == "resolve":
        complaint.resolved_at = utcnow()
    elif action == "reject":
        complaint.rejection_reason = data["reason"].strip()
    elif action in ("reopen", "contest"):
        complaint.resolved_at = None
    if action in ("assign", "reopen") and assignee_id is not None:
        complaint.assignee_id = assignee_id
    outcome = EVENTS[action]
    event = audit.record(
        session,
        commune_id=complaint.commune_id,
        actor=actor,
        action=f"complaints:request:{outcome}",
        object_type="complaint",
        object_id=str(complaint.public_id),
        changes=audit.diff(before, _snapshot(complaint)),
    )
    commune = session.get(Commune, complaint.commune_id)
    assert commune is not None
    _notify(
        session, commune, complaint=complaint, outcome=outcome, key=f"{event.chain}:{event.seq}"
    )
    return complaint


def add_event(
    session: Session, *, actor: str, complaint: Complaint, kind: str, body: str
) -> ComplaintEvent:
    """An internal note, or a public reply the reporter sees (and is told about)."""
    text = body.strip()
    if kind not in EVENT_KINDS:
        raise ValidationFailed(_("Unknown kind of note."), {"kind": "note or reply"})
    if not text:
        raise ValidationFailed(_("The text is empty."), {"body": "required"})
    entry = ComplaintEvent(
        commune_id=complaint.commune_id, complaint=complaint, kind=kind, body=text, author=actor
    )
    session.add(entry)
    session.flush()
    event = audit.record(
        session,
        commune_id=complaint.commune_id,
        actor=actor,
        action="complaints:request:replied" if kind == "reply" else "complaints:request:noted",
        object_type="complaint",
        object_id=str(complaint.public_id),
        changes={"kind": kind, "body": text},
    )
    if kind == "reply":
        commune = session.get(Commune, complaint.commune_id)
        assert commune is not None
        _notify(
            session,
            commune,
            complaint=complaint,
            outcome="replied",
            key=f"{event.chain}:{event.seq}",
            text=text,
        )
    return entry


def public_replies(complaint: Complaint) -> list[ComplaintEvent]:
    """What the reporter may read: replies only, never internal notes."""
    return [e for e in complaint.events if e.kind == "reply"]


# --- Telling the reporter -----------------------------------------------------------------

STATUS_TEXT = {
    "received": _("Your complaint was received. Keep its tracking code: ${code}."),
    "acknowledged": _("Your complaint ${code} was acknowledged by the commune."),
    "assigned": _("Your complaint ${code} was passed to the department in charge."),
    "in_progress": _("Work on your complaint ${code} has started."),
    "resolved": _("Your complaint ${code} is resolved."),
    "closed": _("Your complaint ${code} is closed."),
    "rejected": _("Your complaint ${code} was rejected: ${reason}"),
    "reopened": _("Your complaint ${code} was reopened."),
    "replied": _("The commune answered your complaint ${code}: ${reason}"),
}


def _notify(
    session: Session,
    commune: Commune,
    *,
    complaint: Complaint,
    outcome: str,
    key: str,
    text: str | None = None,
) -> None:
    """Queue a message to the reporter, in the commune's first language, if they can be reached.

    The reporters of complaints merged into this one are told too, each under their own
    tracking code, and an address reached once is not written to twice.
    """
    reporters = [complaint]
    if outcome != "received":  # a complaint just filed has nothing merged into it yet
        reporters += duplicates.merged_into(session, complaint)
    localizer = localizer_for(commune.default_locale)
    message = STATUS_TEXT[outcome]
    reached: set[tuple[str, str]] = set()
    for reporter in reporters:
        recipients = [
            ("email", reporter.reporter_email),
            ("sms", reporter.reporter_phone),
        ]
        mapping = {
            "code": reporter.tracking_code,
            "reason": text or complaint.rejection_reason or "",
        }
        body = localizer.translate(_(str(message), mapping=mapping))
        subject = localizer.translate(
            _("Complaint ${code}", mapping={"code": reporter.tracking_code})
        )
        suffix = "" if reporter is complaint else f":{reporter.public_id}"
        for channel, to in recipients:
            if not to or (channel, to) in reached:
                continue
            reached.add((channel, to))
            outbox.enqueue(
                session,
                destination=DESTINATION,
                payload={"channel": channel, "to": to, "subject": subject, "body": body},
                idempotency_key=f"complaints:{key}:{channel}{suffix}",
                commune_id=commune.id,
            )


# --- Lists and counts ---------------------------------------------------------------------


def query(
    *, state: str | None = None, category: Category | None = None, text: str | None = None
) -> Select[tuple[Complaint]]:
    """Complaints of the session's commune, newest first, optionally filtered."""
    stmt = select(Complaint)
    if state == "open":
        stmt = stmt.where(Complaint.state.in_(OPEN_STATES))
    elif state:
        stmt = stmt.where(Complaint.state == state)
    if category is not None:
        stmt = stmt.where(Complaint.category_id == category.id)
    if text:
        pattern = f"%{text.strip()}%"
        stmt = stmt.where(
            or_(
                Complaint.description.ilike(pattern),
                Complaint.address.ilike(pattern),
                Complaint.tracking_code.ilike(pattern),
            )
        )
    return stmt.order_by(Complaint.created_at.desc(), Complaint.id.desc())


def open_count(session: Session) -> int:
    return session.execute(
        select(func.count()).select_from(Complaint).where(Complaint.state.in_(OPEN_STATES))
    ).scalar_one()


def monthly_counts(
    session: Session, commune: Commune, year: int, months: Sequence[int]
) -> dict[int, tuple[int, int]]:
    """Complaints received and resolved in each month of ``year``, in the commune's time.

    Merged duplicates are left out, as in the statistics. Regional returns pull these
    figures for communes that run this module instead of asking them for a workbook.
    """
    zone = ZoneInfo(commune.timezone)
    first, last = min(months), max(months)
    start = datetime(year, first, 1, tzinfo=zone).astimezone(UTC)
    end_year, end_month = (year + 1, 1) if last == 12 else (year, last + 1)
    end = datetime(end_year, end_month, 1, tzinfo=zone).astimezone(UTC)
    rows = session.execute(
        select(Complaint.created_at, Complaint.resolved_at).where(
            Complaint.commune_id == commune.id,
            Complaint.merged_into_id.is_(None),
            or_(
                (Complaint.created_at >= start) & (Complaint.created_at < end),
                (Complaint.resolved_at >= start) & (Complaint.resolved_at < end),
            ),
        )
    ).all()
    counts = {month: [0, 0] for month in months}

    def month_of(moment: datetime) -> int | None:
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)
        return local.month if local.year == year and local.month in counts else None

    for created_at, resolved_at in rows:
        for column, moment in enumerate((created_at, resolved_at)):
            month = month_of(moment) if moment is not None else None
            if month is not None:
                counts[month][column] += 1
    return {month: (received, resolved) for month, (received, resolved) in counts.items()}


# --- Demo data ----------------------------------------------------------------------------

DEMO_CATEGORIES = (
    ("voirie", "Voirie", "الطرق", "Service de la voirie", 48, 30),
    ("eclairage", "Éclairage public", "الإنارة العمومية", "Service technique", 24, 15),
    ("dechets", "Déchets", "النفايات", "Service de la propreté", 24, 7),
    ("eau", "Eau", "الماء", "Service de l'eau et de l'assainissement", 12, 10),
)
DEMO_COMPLAINTS = (
    (
        "voirie",
        "Nid-de-poule profond devant l'école primaire, dangereux pour les vélos.",
        "Avenue Hassan II, devant l'école",
        None,
        (),
    ),
    (
        "eclairage",
        "Trois lampadaires éteints depuis une semaine dans la ruelle.",
        "Derb Sidi Ahmed",
        "resident@example.org",
        ("acknowledge",),
    ),
    (
        "dechets",
        "Le conteneur n'a pas été vidé depuis cinq jours.",
        "Place du marché",
        None,
        ("acknowledge", "assign", "start"),
    ),
    (
        "eau",
        "Fuite d'eau sur la conduite principale, la rue est inondée.",
        "Rue 12, quartier industriel",
        None,
        ("acknowledge", "assign", "start", "resolve"),
    ),
)


def load_demo(session: Session, commune: Commune, actor: str) -> None:
    """The four usual categories and a few complaints at different stages."""
    ceiling = legal_ceiling(commune)
    made = {}
    for code, name_fr, name_ar, department, hours, days in DEMO_CATEGORIES:
        made[code] = create_category(
            session,
            actor=actor,
            commune=commune,
            data={
                "code": code,
                "name_fr": name_fr,
                "name_ar": name_ar,
                "department": department,
                "hours_to_acknowledge": hours,
                "days_to_resolve": min(days, ceiling) if ceiling else days,
            },
        )
    everything = frozenset(Perm)
    from complaints import photos, residents  # both build on this module

    for code, description, address, email, actions in DEMO_COMPLAINTS:
        complaint = file_complaint(
            session,
            actor="public",
            commune=commune,
            data={
                "category": made[code],
                "description": description,
                "address": address,
                "reporter_email": email,
            },
        )
        photos.attach_demo(session, actor=actor, complaint=complaint, code=code)
        for action in actions:
            act(session, actor=actor, complaint=complaint, action=action, permissions=everything)
        if residents.can_rate(complaint):
            residents.rate(
                session,
                actor="reporter",
                complaint=complaint,
                rating=4,
                comment="Intervention rapide, merci.",
            )


# --- Open311 GeoReport v2 -----------------------------------------------------------------

OPEN311_CLOSED = ("resolved", "closed", "rejected")
OPEN311_MAX_REQUESTS = 1000
OPEN311_DEFAULT_DAYS = 90


def open311_status(complaint: Complaint) -> str:
    """The standard knows two statuses: ``open`` while the commune still owes an answer."""
    return "open" if complaint.state in OPEN_STATES else "closed"


def open311_requests(
    *,
    ids: list[uuid.UUID] | None = None,
    service_code: str | None = None,
    status: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> Select[tuple[Complaint]]:
    """Requests of the session's commune as GeoReport v2 filters them, newest first.

    Without identifiers or dates, the last :data:`OPEN311_DEFAULT_DAYS` days, as the
    standard suggests; never more than :data:`OPEN311_MAX_REQUESTS` rows.
    """
    stmt = select(Complaint).join(Complaint.category)
    if ids:
        stmt = stmt.where(Complaint.public_id.in_(ids))
    else:
        if start is None and end is None:
            start = utcnow() - timedelta(days=OPEN311_DEFAULT_DAYS)
        if start is not None:
            stmt = stmt.where(Complaint.created_at >= start)
        if end is not None:
            stmt = stmt.where(Complaint.created_at <= end)
    if service_code:
        stmt = stmt.where(Category.code == service_code)
    if status == "open":
        stmt = stmt.where(Complaint.state.in_(OPEN_STATES))
    elif status == "closed":
        stmt = stmt.where(Complaint.state.in_(OPEN311_CLOSED))
    return stmt.order_by(Complaint.created_at.desc(), Complaint.id.desc()).limit(
        OPEN311_MAX_REQUESTS
    )
