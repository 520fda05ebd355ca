"""Duplicate complaints: the same problem reported twice near the same place.

A complaint is a likely duplicate of an *open* complaint of the same category and the
same commune lying within ``baladiya.complaints.duplicate_radius_m`` metres. Staff
merge the duplicate into that primary complaint: the duplicate is closed, remembers its
primary (``merged_into_id``), and from then on its reporter is told of every change of
the primary (see :mod:`complaints.services.notifications`).
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from complaints.models import Complaint
from complaints.workflow import OPEN_STATES
from municipality import audit
from municipality.errors import Conflict
from municipality.i18n import _

RADIUS_SETTING = "baladiya.complaints.duplicate_radius_m"
EARTH_RADIUS_M = 6_371_008.8
METRES_PER_DEGREE = math.pi * EARTH_RADIUS_M / 180
MAX_CANDIDATES = 10
# How many open complaints the bounding box may bring back before distances are computed.
MAX_SCANNED = 500


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points, in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    dlat = radius_m / METRES_PER_DEGREE
    cos_lat = max(math.cos(math.radians(lat)), 1e-6)
    dlon = min(radius_m / (METRES_PER_DEGREE * cos_lat), 180.0)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def candidates(
    session: Session, complaint: Complaint, radius_m: float
) -> list[tuple[Complaint, float]]:
    """Open complaints of the same commune and category within ``radius_m``, nearest first.

    The database narrows to a latitude/longitude box around the complaint (bounded by
    :data:`MAX_SCANNED`); the exact haversine distance then decides.
    """
    if complaint.latitude is None or complaint.longitude is None or radius_m <= 0:
        return []
    if complaint.state not in OPEN_STATES or complaint.merged_into_id is not None:
        return []
    south, north, west, east = _bounding_box(complaint.latitude, complaint.longitude, radius_m)
    stmt = (
        select(Complaint)
        .where(
            Complaint.commune_id == complaint.commune_id,
            Complaint.category_id == complaint.category_id,
            Complaint.id != complaint.id,
            Complaint.state.in_(OPEN_STATES),
            Complaint.merged_into_id.is_(None),
            Complaint.latitude.between(south, north),
            Complaint.longitude.between(west, east),
        )
        .order_by(Complaint.created_at, Complaint.id)
        .limit(MAX_SCANNED)
    )
    found = []
    for other in session.execute(stmt).scalars():
        assert other.latitude is not None
        assert other.longitude is not None
        distance = haversine_m(
            complaint.latitude, complaint.longitude, other.latitude, other.longitude
        )
        if distance <= radius_m:
            found.append((other, distance))
    found.sort(key=lambda pair: pair[1])
    return found[:MAX_CANDIDATES]


def merge(session: Session, *, actor: str, duplicate: Complaint, primary: Complaint) -> Complaint:
    """Close ``duplicate`` into ``primary``; both must be open, in one commune and category.

    Complaints already merged into the duplicate follow it to the primary, so every
    reporter keeps hearing about the one complaint still being worked on.
    """
    if duplicate.id == primary.id:
        raise Conflict(_("A complaint cannot be merged into itself."))
    if duplicate.commune_id != primary.commune_id or duplicate.category_id != primary.category_id:
        raise Conflict(_("Only complaints of the same category can be merged."))
    if duplicate.state not in OPEN_STATES or primary.state not in OPEN_STATES:
        raise Conflict(_("Only open complaints can be merged."))
    if duplicate.merged_into_id is not None or primary.merged_into_id is not None:
        raise Conflict(_("This complaint was already merged."))
    before: dict[str, Any] = {"state": duplicate.state, "merged_into": None}
    duplicate.state = "closed"
    duplicate.merged_into_id = primary.id
    session.execute(
        update(Complaint)
        .where(Complaint.commune_id == primary.commune_id, Complaint.merged_into_id == duplicate.id)
        .values(merged_into_id=primary.id)
        .execution_options(synchronize_session="fetch")
    )
    audit.write(
        session,
        duplicate,
        actor=actor,
        action="complaints:request:merged",
        object_type="complaint",
        changes=audit.diff(before, {"state": "closed", "merged_into": str(primary.public_id)}),
    )
    audit.write(
        session,
        primary,
        actor=actor,
        action="complaints:request:absorbed",
        object_type="complaint",
        changes={"duplicate": str(duplicate.public_id)},
    )
    return duplicate


def merged_into(session: Session, primary: Complaint) -> list[Complaint]:
    """The complaints closed as duplicates of ``primary``, oldest first."""
    stmt = (
        select(Complaint)
        .where(Complaint.commune_id == primary.commune_id, Complaint.merged_into_id == primary.id)
        .order_by(Complaint.created_at, Complaint.id)
    )
    return list(session.execute(stmt).scalars())


def primary_of(session: Session, duplicate: Complaint) -> Complaint | None:
    """The complaint ``duplicate`` was merged into, if it was."""
    if duplicate.merged_into_id is None:
        return None
    return session.get(Complaint, duplicate.merged_into_id)
