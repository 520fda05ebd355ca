"""Registers: one per bureau (or centre), kind of act and year."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from civil_status.models import Register
from civil_status.profiles import Profile, profile
from municipality import audit
from municipality.errors import Conflict, ValidationFailed
from municipality.i18n import _
from municipality.lookup import by_public_id
from municipality.models import Commune


def bureau_profile(commune: Commune) -> Profile:
    """The commune's profile, when its bureau keeps registers itself.

    Where the national registry keeps the acts (Mauritania) the commune is a front
    office: it takes requests and forwards them, and draws up no act.
    """
    found = profile(commune.country_profile)
    if found.front_office_only:
        raise ValidationFailed(
            _("Here the national registry keeps the acts: the commune forwards requests to it.")
        )
    return found


def snapshot(register: Register) -> dict[str, object]:
    return {
        "centre": register.centre,
        "kind": register.kind,
        "year": register.year,
        "paper_last_number": register.paper_last_number,
    }


def open_register(
    session: Session,
    *,
    actor: str,
    commune: Commune,
    centre: str,
    kind: str,
    year: int,
    paper_last_number: int = 0,
) -> Register:
    """Open a register; one digitising a paper register continues after its last number."""
    bureau_profile(commune).act_kind(kind)
    centre = centre.strip()
    if not centre:
        raise ValidationFailed(_("Name the bureau or centre."), {"centre": _("Required.")})
    if not 1900 <= year <= 2200:
        raise ValidationFailed(_("The year is not valid."), {"year": _("Not a valid year.")})
    if paper_last_number < 0:
        raise ValidationFailed(_("A paper register's last number is zero or more."))
    taken = session.execute(
        select(Register.id).where(
            Register.commune_id == commune.id,
            Register.centre == centre,
            Register.kind == kind,
            Register.year == year,
        )
    ).first()
    if taken:
        raise Conflict(_("This register is already open."))
    register = Register(
        commune_id=commune.id,
        centre=centre,
        kind=kind,
        year=year,
        paper_last_number=paper_last_number,
        last_number=paper_last_number,
    )
    audit.write(
        session,
        register,
        actor=actor,
        action="civil_status:register:opened",
        object_type="civil_status_register",
        changes=audit.diff({}, snapshot(register)),
    )
    return register


def get(session: Session, public_id: str | uuid.UUID) -> Register:
    return by_public_id(session, Register, public_id, _("This register does not exist here."))


def query() -> Select[tuple[Register]]:
    """The commune's registers, latest year first."""
    return select(Register).order_by(Register.year.desc(), Register.centre, Register.kind)
