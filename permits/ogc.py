"""The public register of issued permits as an OGC API - Features collection, served
beside the GIS layer's own (``/ogc/<commune>/collections/permits``).

Properties are those of the register page and its CSV (number, kind, address, use, floor
area, units, status, dates), close to the open data building-permit specifications;
never the applicant or the owner.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, SQLColumnExpression

from gis.interfaces import ModelCollection
from municipality.i18n import _
from permits.models import PermitFile, PermitSite


class IssuedPermits(ModelCollection):
    id = "permits"
    title = _("Issued permits")
    description = _(
        "Urban-planning permits issued by the commune, on their sites: number, kind, "
        "address, use, covered floor area, units, status and dates. No personal data."
    )
    model = PermitSite

    def columns(self) -> dict[str, SQLColumnExpression[Any]]:
        return {
            "number": PermitFile.number,
            "kind": PermitFile.kind,
            "address": PermitFile.address,
            "use": PermitFile.use,
            "floor_area_m2": PermitFile.floor_area_m2,
            "units": PermitFile.units,
            "status": PermitFile.state,
            "decided_at": PermitFile.decided_at,
            "issued_at": PermitFile.issued_at,
        }

    def joined(self, query: Select[Any]) -> Select[Any]:
        return query.join(PermitFile, PermitSite.file_id == PermitFile.id)


COLLECTIONS = (IssuedPermits(),)
