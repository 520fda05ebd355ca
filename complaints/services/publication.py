"""What anyone may see of a complaint: the commune's publication policy, applied here only.

Every public channel (the public list, the public map and its GeoJSON, Open311's requests
in JSON and XML) turns a complaint into its :class:`PublicComplaint` with
:func:`public_view` and publishes nothing else, so the channels cannot disagree and a
new field of :class:`~complaints.models.Complaint` stays private until it is added here.
The commune chooses how coarse public positions are and whether the street address and
the description are shown; the reporter's name, e-mail, phone and tracking code, and
internal notes, are never part of the public view. Staff (and API keys holding
``complaints:request:view``) get :data:`FULL`: exact position and address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.models import Category, Complaint, PublicationPolicy
from municipality import audit
from municipality.errors import ValidationFailed
from municipality.i18n import _
from municipality.models import Commune

# Decimals of a degree a commune may keep in public positions, and what they amount to.
GRIDS = {2: _("about 1 km"), 3: _("about 100 m"), 4: _("about 10 m")}


@dataclass(frozen=True)
class Policy:
    """How much of a complaint is published: ``grid_decimals`` None keeps exact positions.

    The default publishes the least: what a resident writes may name people or places.
    """

    grid_decimals: int | None = 3
    address: bool = False
    description: bool = False


DEFAULT = Policy()
FULL = Policy(grid_decimals=None, address=True, description=True)


@dataclass(frozen=True)
class PublicComplaint:
    """A complaint as a channel may publish it: no field here is ever private."""

    public_id: str
    kind: str
    state: str
    category: Category
    description: str | None
    address: str | None
    latitude: float | None
    longitude: float | None
    grid_decimals: int | None
    rejection_reason: str | None
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    resolve_due_at: datetime

    @property
    def area(self) -> str | None:
        """The position as text, with as many decimals as the policy keeps."""
        if self.latitude is None or self.longitude is None:
            return None
        if self.grid_decimals is None:
            return f"{self.latitude}, {self.longitude}"
        digits = self.grid_decimals
        return f"{self.latitude:.{digits}f}, {self.longitude:.{digits}f}"


def precision_of(policy: Policy) -> str | None:
    """How precise the policy's positions are, in words (``None``: exact)."""
    return None if policy.grid_decimals is None else GRIDS[policy.grid_decimals]


def _snap(value: float | None, decimals: int | None) -> float | None:
    """A coordinate on the policy's grid: the same for every call, so never averaged away."""
    if value is None or decimals is None:
        return value
    return round(value, decimals)


def public_view(complaint: Complaint, policy: Policy) -> PublicComplaint:
    """The complaint as ``policy`` lets it be published."""
    return PublicComplaint(
        public_id=str(complaint.public_id),
        kind=complaint.kind,
        state=complaint.state,
        category=complaint.category,
        description=complaint.description if policy.description else None,
        address=complaint.address if policy.address else None,
        latitude=_snap(complaint.latitude, policy.grid_decimals),
        longitude=_snap(complaint.longitude, policy.grid_decimals),
        grid_decimals=policy.grid_decimals,
        rejection_reason=complaint.rejection_reason,
        created_at=complaint.created_at,
        updated_at=complaint.updated_at,
        resolved_at=complaint.resolved_at,
        resolve_due_at=complaint.resolve_due_at,
    )


def _row(session: Session) -> PublicationPolicy | None:
    return session.execute(select(PublicationPolicy)).scalar_one_or_none()


def policy_of(session: Session) -> Policy:
    """The session's commune's policy, or the default when it never chose one."""
    row = _row(session)
    if row is None:
        return DEFAULT
    return Policy(
        grid_decimals=row.grid_decimals,
        address=row.publish_address,
        description=row.publish_description,
    )


def _values(row: PublicationPolicy) -> dict[str, Any]:
    return {
        "grid_decimals": row.grid_decimals,
        "publish_address": row.publish_address,
        "publish_description": row.publish_description,
    }


def set_policy(session: Session, *, actor: str, commune: Commune, data: dict[str, Any]) -> Policy:
    """Change what the commune publishes of its complaints; audited like any setting."""
    if data.get("grid_decimals") not in GRIDS:
        raise ValidationFailed(
            _("Choose how precise public positions are."), {"grid_decimals": "unknown grid"}
        )
    row = _row(session)
    if row is None:
        row = PublicationPolicy(
            commune_id=commune.id,
            grid_decimals=DEFAULT.grid_decimals,
            publish_address=DEFAULT.address,
            publish_description=DEFAULT.description,
        )
        session.add(row)
    with audit.tracked(
        session,
        row,
        actor=actor,
        action="complaints:publication:updated",
        object_type="complaint_publication",
        values=_values,
    ):
        row.grid_decimals = data["grid_decimals"]
        row.publish_address = bool(data.get("publish_address"))
        row.publish_description = bool(data.get("publish_description"))
    return policy_of(session)
