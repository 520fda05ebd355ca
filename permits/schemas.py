"""Colander schemas of the permits forms, and the names every page shows for the codes
the profiles use (kinds, documents, bodies, states, verdicts)."""

from __future__ import annotations

from typing import Any

import colander
import deform

from gis.interfaces import USES, Site, polygon_text, site_node, stored_site
from municipality.forms import StrictFloat, StrictInteger, file_field
from municipality.i18n import _
from permits.models import PermitFile
from permits.profiles import Profile

KINDS = {
    "building": _("Building permit"),
    "subdivision": _("Subdivision permit"),
    "housing_group": _("Housing group permit"),
    "land_division": _("Land division authorisation"),
    "repair": _("Repair authorisation"),
    "regularisation": _("Regularisation"),
    "demolition": _("Demolition permit"),
    "occupancy": _("Occupancy certificate"),
}
DOCUMENTS = {
    "property_title": _("Property title or certificate"),
    "survey_plan": _("Survey plan"),
    "situation_plan": _("Situation plan"),
    "plans_1_100": _("Architectural plans at 1/100"),
    "zoning_note": _("Zoning information note"),
    "architect_contract": _("Architect's contract"),
    "statistics_form": _("Statistics form"),
    "commitment": _("Commitment to follow the permit"),
    "issued_permit": _("The building permit issued"),
    "works_completion_statement": _("Statement of completion of works"),
    "architect_conformity": _("Architect's certificate of conformity"),
}
BODIES = {
    "urban_agency": _("Urban agency"),
    "civil_protection": _("Civil protection"),
    "utilities": _("Water and electricity utility"),
    "land_registry": _("Land registry"),
    "planning_service": _("Planning services"),
}
STATES = {
    "draft": _("Draft"),
    "submitted": _("Submitted"),
    "incomplete": _("Incomplete"),
    "accepted": _("Accepted for review"),
    "under_review": _("Under review"),
    "commission": _("Before the commission"),
    "approved": _("Approved"),
    "refused": _("Refused"),
    "issued": _("Permit issued"),
    "works_opened": _("Works opened"),
    "works_completed": _("Works completed"),
    "occupancy_granted": _("Occupancy certificate issued"),
    "occupancy_refused": _("Occupancy certificate refused"),
}
ACTIONS = {
    "submit": _("Submit the file"),
    "return": _("Return as incomplete"),
    "accept": _("Accept for review"),
    "request_opinions": _("Request the opinions"),
    "to_commission": _("Send to the commission"),
    "approve": _("Approve"),
    "approve_with_conditions": _("Approve with conditions"),
    "refuse": _("Refuse"),
    "tacit_approve": _("Record the tacit approval"),
    "issue": _("Issue the permit"),
    "open_works": _("Declare works opened"),
    "complete_works": _("Declare works completed"),
    "grant_occupancy": _("Issue the occupancy certificate"),
    "refuse_occupancy": _("Refuse the occupancy certificate"),
}
VERDICTS = {
    "favourable": _("Favourable"),
    "conditions": _("Favourable with conditions"),
    "unfavourable": _("Unfavourable"),
}
DECISIONS = {
    "approved": _("Approved"),
    "approved_with_conditions": _("Approved with conditions"),
    "refused": _("Refused"),
    "tacit": _("Approved tacitly, the legal deadline having passed"),
}
INSPECTION_OUTCOMES = {
    "compliant": _("Works as permitted"),
    "remarks": _("Remarks"),
    "infraction": _("Infraction"),
}
OUTCOMES = {"pass": _("Passes"), "fail": _("Fails"), "needs_opinion": _("Needs an opinion")}
USE_TITLES = {
    "housing": _("Housing"),
    "retail": _("Retail"),
    "office": _("Offices"),
    "industry": _("Industry"),
    "warehouse": _("Warehouse"),
    "hotel": _("Hotel"),
    "facility": _("Public facility"),
    "farming": _("Farming"),
}
# What the form shows of a file besides its site.
FORM_FIELDS = (
    "kind",
    "applicant_role",
    "applicant_name",
    "owner_name",
    "address",
    "use",
    "footprint_m2",
    "floor_area_m2",
    "height_m",
    "floors",
    "units",
    "parking",
)
ROLES = {"owner": _("The owner"), "architect": _("The architect, for the owner")}
# What the fields may hold: a plausible building, not any float Python reads.
MAX_AREA_M2 = 1_000_000
MAX_HEIGHT_M = 1_000
MAX_COUNT = 10_000


def _choices(labels: dict[str, Any], keys: Any) -> list[tuple[str, Any]]:
    return [(key, labels.get(key, key)) for key in keys]


def _number(name: str, title: Any, limit: float) -> colander.SchemaNode:
    return colander.SchemaNode(
        StrictFloat(),
        name=name,
        title=title,
        validator=colander.Range(0, limit),
        missing=0.0,
    )


def _count(name: str, title: Any) -> colander.SchemaNode:
    return colander.SchemaNode(
        StrictInteger(), name=name, title=title, validator=colander.Range(0, MAX_COUNT), missing=0
    )


def _text(name: str, title: Any, length: int, *, required: bool = True) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.String(),
        name=name,
        title=title,
        validator=colander.Length(1 if required else 0, length),
        **({} if required else {"missing": ""}),
    )


def file_schema(country: Profile) -> colander.Schema:
    """The applicant's form: kind, who files, the site, the project's figures."""
    schema = colander.Schema()
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="kind",
            title=_("Kind of permit"),
            widget=deform.widget.SelectWidget(values=_choices(KINDS, country.kinds)),
            validator=colander.OneOf(list(country.kinds)),
        )
    )
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="applicant_role",
            title=_("You are"),
            widget=deform.widget.SelectWidget(values=_choices(ROLES, ROLES)),
            validator=colander.OneOf(list(ROLES)),
        )
    )
    schema.add(_text("applicant_name", _("Your full name"), 200))
    schema.add(
        _text(
            "owner_name", _("Owner's full name (when you are the architect)"), 200, required=False
        )
    )
    schema.add(_text("address", _("Address of the site"), 300))
    schema.add(site_node("site", _("Site"), missing=None))
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="use",
            title=_("Use"),
            widget=deform.widget.SelectWidget(values=_choices(USE_TITLES, USES)),
            validator=colander.OneOf(list(USES)),
        )
    )
    schema.add(_number("footprint_m2", _("Footprint (m²)"), MAX_AREA_M2))
    schema.add(_number("floor_area_m2", _("Covered floor area (m²)"), MAX_AREA_M2))
    schema.add(_number("height_m", _("Height (m)"), MAX_HEIGHT_M))
    schema.add(_count("floors", _("Floors")))
    schema.add(_count("units", _("Dwellings or units")))
    schema.add(_count("parking", _("Parking spaces")))
    return schema


def file_data(data: dict[str, Any]) -> dict[str, Any]:
    """The form's values as the services take them: the picked parcels as a list of
    references, the drawn site as GeoJSON in longitude/latitude."""
    site: Site = data.get("site") or Site()
    return {
        **data,
        "parcels": list(site.references),
        "site": polygon_text(site),
        "owner_name": data.get("owner_name") or "",
    }


def file_defaults(file: PermitFile) -> dict[str, Any]:
    """A file's values as its form shows them, to change them."""
    return {
        **{name: getattr(file, name) for name in FORM_FIELDS},
        "site": stored_site(file.parcels or [], file.site),
    }


def upload_schema(country: Profile, kind: str) -> colander.Schema:
    """One checklist document: which item, and its PDF."""
    schema = colander.Schema()
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="item",
            title=_("Document"),
            widget=deform.widget.SelectWidget(
                values=_choices(DOCUMENTS, country.kind(kind).checklist)
            ),
            validator=colander.OneOf(list(country.kind(kind).checklist)),
        )
    )
    schema.add(file_field("upload", _("PDF file"), accept="application/pdf,.pdf"))
    return schema


# A commission member's vote on a file, by the decision it asks for.
VOTE_CHOICES = {
    "approve": _("Approve"),
    "approve_with_conditions": _("Approve with conditions"),
    "refuse": _("Refuse"),
}
