"""Who may open a region's consolidation pages: its supervisors and platform admins.

Region routes (``/r/{region}/consolidation/...``) use :class:`RegionContext` as their
route factory, so the check happens once, before any view runs. Anyone else gets the
same 404 as for a region that does not exist: a supervisor of region A learns nothing
about region B, not even that it exists. Anonymous visitors go to the log-in page.
"""

from __future__ import annotations

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound
from pyramid.request import Request
from sqlalchemy import select

from municipality.models import Region, User
from municipality.roles import REGION_ROLES


def supervises(user: User, region: Region) -> bool:
    """Whether ``user`` may see and manage ``region``'s campaigns."""
    if user.is_platform_admin:
        return True
    return any(m.role in REGION_ROLES and m.region_id == region.id for m in user.memberships)


class RegionContext:
    """The route factory of region routes: the region, checked against the caller."""

    def __init__(self, request: Request) -> None:
        identity = request.baladiya_identity
        if identity is None or identity.user is None:
            raise HTTPForbidden()
        slug = (request.matchdict or {}).get("region", "")
        region = request.dbsession.execute(
            select(Region).where(Region.slug == slug)
        ).scalar_one_or_none()
        if region is None or not supervises(identity.user, region):
            raise HTTPNotFound()
        self.region: Region = region
        self.user: User = identity.user
