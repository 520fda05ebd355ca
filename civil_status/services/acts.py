"""Acts: entered by the agent as drafts, signed by the officer, then never changed.

Every staff read of an act is an audit event with its reason, so the person the act
is about can be told who read it, when and why.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from hijridate import Gregorian
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from civil_status.matching import latin_key, name_match, names_key, search_columns
from civil_status.models import Act, Mention, Register
from civil_status.profiles import Profile
from civil_status.services import search as trigrams
from civil_status.services.duplicates import record_candidates
from civil_status.services.registers import bureau_profile
from civil_status.workflow import ACT_WORKFLOW, READING, snapshot
from municipality import audit
from municipality.db import utcnow
from municipality.errors import ValidationFailed
from municipality.i18n import _
from municipality.lookup import by_public_id
from municipality.models import AuditEvent, Commune

READ_ACTION = "civil_status:act:read"
# A person's name in each script it is written in.
NAMES = (
    ("given_name_ar", "family_name_ar"),
    ("given_name_lat", "family_name_lat"),
    ("name_tfng",),
)
# What an entry says about the declaration rather than the event: not profile fields.
DECLARATION = ("declared_on", "abroad", "judgment_reference")
LONGEST = 240
SEXES = ("F", "M")
# The birth dates an act may record besides its event: the deceased's, each spouse's.
BIRTH_DATES = ("birth_date", "spouse_birth_date")


def _hijri(day: date) -> str:
    return Gregorian(day.year, day.month, day.day).to_hijri().isoformat()


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if len(value) > LONGEST:
            raise ValidationFailed(_("A field is too long."))
        return value or None
    return value


def _stored(value: Any) -> Any:
    """A value as the JSON ``details`` keep it: dates and hours as ISO text."""
    return value.isoformat() if isinstance(value, date | time) else value


def _fields(profile: Profile, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The act's fields as the profile wants them: known, required ones present."""
    act_kind = profile.act_kind(kind)
    unknown = sorted(set(data) - set(act_kind.fields) - set(DECLARATION))
    if unknown:
        raise ValidationFailed(
            _("Unknown fields for this act: ${fields}.", mapping={"fields": ", ".join(unknown)})
        )
    values = {f: _clean(data.get(f)) for f in act_kind.fields}
    missing = [f for f in act_kind.required if values.get(f) in (None, "")]
    if missing:
        raise ValidationFailed(
            _("Some required fields are empty."), {f: _("Required.") for f in missing}
        )
    if values.get("sex") not in (None, *SEXES):
        raise ValidationFailed(_("The sex is F or M."), {"sex": _("F or M.")})
    if not isinstance(values["event_date"], date):
        raise ValidationFailed(_("The date is not valid."), {"event_date": _("Not a date.")})
    if values.get("event_time") is not None and not isinstance(values["event_time"], time):
        raise ValidationFailed(_("The hour is not valid."), {"event_time": _("Not an hour.")})
    _check_birth_dates(values)
    return values


def _check_birth_dates(values: dict[str, Any]) -> None:
    """A birth date the act records (the deceased's, a spouse's) is a date before the event:
    the statistics count ages from it."""
    for field in BIRTH_DATES:
        born = values.get(field)
        if born is None:
            continue
        if not isinstance(born, date):
            raise ValidationFailed(_("The date is not valid."), {field: _("Not a date.")})
        if born > values["event_date"]:
            raise ValidationFailed(
                _("A date of birth cannot come after the event."), {field: _("After the event.")}
            )


def _timeliness(profile: Profile, register: Register, event: date, data: dict[str, Any]) -> str:
    declared = data.get("declared_on") or utcnow().date()
    if event > declared:
        raise ValidationFailed(
            _("The event cannot come after its declaration."), {"event_date": _("In the future.")}
        )
    if declared.year != register.year:
        raise ValidationFailed(
            _("This register takes the acts drawn up in ${year}.", mapping={"year": register.year})
        )
    judgment = _clean(data.get("judgment_reference"))
    found = profile.timeliness(event, declared, abroad=bool(data.get("abroad")), judgment=judgment)
    if found is None:
        raise ValidationFailed(
            _("Declared after the legal deadline: record the reference of the court judgment."),
            {"judgment_reference": _("Required after the deadline.")},
        )
    return found


def _full_name(columns: dict[str, Any], fields: tuple[str, ...]) -> str:
    """A person's name in one script, its parts in order."""
    return " ".join(columns[f] for f in fields if columns.get(f))


def enter(
    session: Session, *, actor: str, commune: Commune, register: Register, data: dict[str, Any]
) -> Act:
    """Draw up a draft act in ``register`` from what the declarant said; audited.

    Acts close to it (the same child declared twice) are kept as pending decisions.
    """
    profile = bureau_profile(commune)
    values = _fields(profile, register.kind, data)
    timeliness = _timeliness(profile, register, values["event_date"], data)
    columns = {f: v for f, v in values.items() if f in READING}
    act = Act(
        commune_id=commune.id,
        register_id=register.id,
        kind=register.kind,
        state=ACT_WORKFLOW.initial,
        details={f: _stored(v) for f, v in values.items() if f not in READING and v is not None},
        declared_on=data.get("declared_on") or utcnow().date(),
        abroad=bool(data.get("abroad")),
        judgment_reference=_clean(data.get("judgment_reference")),
        timeliness=timeliness,
        hijri_date=_hijri(values["event_date"]) if "hijri" in profile.calendars else None,
        name_key=names_key(*(latin_key(*(columns.get(f) for f in n)) for n in NAMES)),
        mother_key=latin_key(columns.get("mother_name")),
        **search_columns(*(_full_name(columns, n) for n in NAMES))._asdict(),
        entered_by=actor,
        **columns,
    )
    audit.write(
        session,
        act,
        actor=actor,
        action="civil_status:act:entered",
        object_type="civil_status_act",
        changes=audit.diff({}, snapshot(act)),
    )
    record_candidates(session, actor=actor, act=act, rule=profile.duplicates)
    return act


def get(session: Session, public_id: str | uuid.UUID) -> Act:
    return by_public_id(session, Act, public_id, _("This act does not exist here."))


def act(
    session: Session, *, actor: str, act: Act, action: str, permissions: frozenset[str]
) -> AuditEvent:
    """Sign or discard a draft, as the workflow allows ``permissions``; audited."""
    return ACT_WORKFLOW.run(
        session, act, action, actor=actor, permissions=permissions, data={"actor": actor}
    )


def read(session: Session, *, actor: str, act: Act, reason: str) -> Act:
    """Show ``act`` to a member of staff, logging who read it and why."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Say why you open this act."), {"reason": _("Required.")})
    audit.record(
        session,
        commune_id=act.commune_id,
        actor=actor,
        action=READ_ACTION,
        object_type="civil_status_act",
        object_id=str(act.public_id),
        changes={"reason": reason[:LONGEST]},
    )
    return act


def readers(session: Session, act: Act) -> list[AuditEvent]:
    """Who read ``act``, when and why, oldest first: what its subject may ask to see."""
    history = audit.history(session, "civil_status_act", str(act.public_id))
    return [e for e in history if e.action == READ_ACTION]


@dataclass(frozen=True)
class Reading:
    """A field of the act as it reads now, with the readings approved corrections replaced."""

    field: str
    value: Any
    previous: tuple[Any, ...]


def reading(act: Act) -> list[Reading]:
    """The act's fields as they read after its approved corrections, oldest first."""
    current: dict[str, Any] = {f: getattr(act, f) for f in READING}
    current.update(act.details or {})
    previous: dict[str, list[Any]] = {f: [] for f in current}
    for mention in approved(act):
        for field, (before, after) in mention.corrections.items():
            previous.setdefault(field, []).append(before)
            current[field] = after
    return [Reading(f, v, tuple(previous.get(f, ()))) for f, v in current.items()]


def approved(act: Act) -> list[Mention]:
    return [m for m in act.mentions if m.state == "approved"]


@dataclass(frozen=True)
class Search:
    """What staff search by: number, a name in any script, dates, a parent's name."""

    number: int | None = None
    name: str | None = None
    parent: str | None = None
    kind: str | None = None
    date_from: date | None = None
    date_to: date | None = None


NAME_SCORE = 75
# How many acts a name search scores at most after the exact criteria narrowed them.
NAME_SCAN = 5000


def _exact(search: Search) -> Select[tuple[Act]]:
    stmt = select(Act).where(Act.state != "discarded")
    if search.number is not None:
        stmt = stmt.where(Act.number == search.number)
    if search.kind:
        stmt = stmt.where(Act.kind == search.kind)
    if search.date_from:
        stmt = stmt.where(Act.event_date >= search.date_from)
    if search.date_to:
        stmt = stmt.where(Act.event_date <= search.date_to)
    if search.parent:
        key = latin_key(search.parent)
        stmt = stmt.where(Act.mother_key.contains(key) | Act.father_name.contains(search.parent))
    return stmt


def query(session: Session, search: Search) -> Select[tuple[Act]]:
    """The acts ``search`` finds, the closest names then the newest events first.

    A name is matched in any script. PostgreSQL finds it by trigram similarity on the
    indexed search columns (:mod:`civil_status.services.search`); other databases score
    the acts the other criteria leave in Python with
    :func:`civil_status.matching.name_match`.
    """
    stmt = _exact(search)
    if search.name and trigrams.indexed(session):
        trigrams.set_threshold(session)
        return trigrams.closest(session, stmt, search.name)
    if search.name:
        key = latin_key(search.name)
        scan = stmt.with_only_columns(Act.id, Act.name_key).limit(NAME_SCAN)
        rows = session.execute(scan).tuples()
        close = [i for i, name in rows if name_match(key, name) >= NAME_SCORE]
        stmt = select(Act).where(Act.id.in_(close))
    return stmt.order_by(Act.event_date.desc(), Act.id.desc())


def find(session: Session, search: Search) -> list[Act]:
    """Every act ``search`` finds (a page of them: :func:`query` with pagination)."""
    return list(session.execute(query(session, search)).scalars())


def in_register(register: Register) -> Select[tuple[Act]]:
    """A register's acts in the order of their numbers, drafts last, discarded left out."""
    return (
        select(Act)
        .where(Act.register_id == register.id, Act.state != "discarded")
        .order_by(Act.number.is_(None), Act.number, Act.id)
    )
