"""The permit and the occupancy certificate as issued documents, sealed with a QR code
anyone can check offline (documents' issuance does the sealing and the PDF).

The permit's seal carries the file's code, the owner, the parcels, the kind and the
floor area, so an inspector on a building site compares the paper with the works without
the register; below its rows the permit prints a map of the site and the parcels around
it, drawn from the outline the permit's data keeps (taken from the cadastre on the day of
issue). The occupancy certificate's seal adds the permit's number, so a notary or a
utility checks that the building occupied is the one permitted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import colander

from documents.interfaces import DocumentType, PrintedField
from gis import interfaces as gis
from municipality.i18n import _
from permits.permissions import Perm

CODE = "PRM"
# A permit lapses when works have not started within a year of its issue.
VALIDITY_DAYS = 365
# The site and its neighbours as kept on the permit (gis.sitemap bounds the points too).
MAX_SITE_MAP_CHARS = 200_000


def _text(title: str, length: int, *, required: bool = True) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.String(),
        title=title,
        validator=colander.Length(1, length),
        **({} if required else {"missing": None}),
    )


def _site_map_readable(node: colander.SchemaNode, value: str) -> None:
    if len(value) > MAX_SITE_MAP_CHARS:
        raise colander.Invalid(node, _("The site map is too large."))
    try:
        gis.parse_site_map(value)
    except gis.UnreadableSiteMap:
        raise colander.Invalid(node, _("The site map could not be read.")) from None


class PermitSchema(colander.Schema):
    """What a permit prints, taken from the approved file."""

    file_code = _text(_("File"), 16)
    kind = _text(_("Kind of permit"), 120)
    kind_ar = _text(_("Kind of permit"), 120, required=False)
    full_name = _text(_("Owner"), 200)
    applicant = _text(_("Applicant"), 200)
    address = _text(_("Address"), 300)
    parcels = _text(_("Parcels"), 400)
    use = _text(_("Use"), 60)
    floor_area = _text(_("Covered floor area (m²)"), 20)
    floors = _text(_("Floors"), 6)
    decision = _text(_("Decision"), 120)
    conditions = _text(_("Conditions"), 2000, required=False)
    commune = _text(_("Commune"), 200)
    commune_ar = _text(_("Commune"), 200, required=False)
    site_map = colander.SchemaNode(
        colander.String(),
        title=_("Site map"),
        validator=_site_map_readable,
        missing=None,
    )


def site_figure(data: Mapping[str, Any]) -> str | None:
    """The site map below the permit's rows, drawn from the site the permit keeps."""
    kept = gis.site_map_value(data, "site_map")
    return gis.site_map_svg(kept) if kept is not None else None


PERMIT = DocumentType(
    code=CODE,
    title=_("Urban-planning permit"),
    seal_fields={
        "fc": _("File"),
        "ow": _("Owner"),
        "pa": _("Parcels"),
        "kd": _("Kind of permit"),
        "fa": _("Covered floor area (m²)"),
        "cm": _("Commune"),
    },
    validity_days=VALIDITY_DAYS,
    name="planning_permit",
    schema=PermitSchema,
    permission=Perm.ISSUE,
    printed=(
        PrintedField("kind", _("Kind of permit")),
        PrintedField("file_code", _("File")),
        PrintedField("full_name", _("Owner")),
        PrintedField("address", _("Address")),
        PrintedField("parcels", _("Parcels")),
        PrintedField("floor_area", _("Covered floor area (m²)")),
        PrintedField("decision", _("Decision")),
        PrintedField("conditions", _("Conditions")),
    ),
    body=_("Granted by the president of the commune after the permits commission."),
    figure=site_figure,
    figure_title=_("Site map"),
    seal_sources={
        "fc": "file_code",
        "ow": "full_name",
        "pa": "parcels",
        "kd": "kind",
        "fa": "floor_area",
        "cm": "commune",
    },
)

OCCUPANCY_CODE = "OCC"


class OccupancySchema(colander.Schema):
    """What an occupancy certificate prints, taken from the file whose works were
    completed and inspected."""

    file_code = _text(_("File"), 16)
    permit_number = _text(_("Permit"), 40)
    kind = _text(_("Kind of permit"), 120)
    kind_ar = _text(_("Kind of permit"), 120, required=False)
    full_name = _text(_("Owner"), 200)
    address = _text(_("Address"), 300)
    parcels = _text(_("Parcels"), 400)
    use = _text(_("Use"), 60)
    use_ar = _text(_("Use"), 60, required=False)
    floor_area = _text(_("Covered floor area (m²)"), 20)
    works_completed = _text(_("Works completed on"), 20)
    commune = _text(_("Commune"), 200)
    commune_ar = _text(_("Commune"), 200, required=False)


OCCUPANCY = DocumentType(
    code=OCCUPANCY_CODE,
    title=_("Occupancy certificate"),
    seal_fields={
        "fc": _("File"),
        "pn": _("Permit"),
        "ow": _("Owner"),
        "pa": _("Parcels"),
        "fa": _("Covered floor area (m²)"),
        "cm": _("Commune"),
    },
    # The certificate attests the building as completed: it does not lapse.
    validity_days=None,
    name="occupancy_certificate",
    schema=OccupancySchema,
    permission=Perm.ISSUE,
    printed=(
        PrintedField("kind", _("Kind of permit")),
        PrintedField("permit_number", _("Permit")),
        PrintedField("file_code", _("File")),
        PrintedField("full_name", _("Owner")),
        PrintedField("address", _("Address")),
        PrintedField("parcels", _("Parcels")),
        PrintedField("use", _("Use")),
        PrintedField("floor_area", _("Covered floor area (m²)")),
        PrintedField("works_completed", _("Works completed on")),
    ),
    body=_(
        "The works were completed and inspected in conformity with the permit: the "
        "building may be occupied."
    ),
    seal_sources={
        "fc": "file_code",
        "pn": "permit_number",
        "ow": "full_name",
        "pa": "parcels",
        "fa": "floor_area",
        "cm": "commune",
    },
)
