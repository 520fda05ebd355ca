"""Colander schemas of the GIS staff forms: imports, zone rules, servitudes, checks."""

from __future__ import annotations

from typing import Any

import colander
import deform

from gis import imports, services
from gis.widgets import site_node
from municipality.forms import StrictFloat, StrictInteger, file_field
from municipality.i18n import _

KIND_TITLES = {
    "zoning": _("Zoning plan (zones)"),
    "parcels": _("Cadastral parcels"),
    "servitudes": _("Servitude layer"),
    "boundary": _("Commune boundary"),
    "streets": _("Named streets (lines)"),
    "places": _("Named places (points)"),
}
SERVITUDE_KIND_TITLES = {
    "flood_risk": _("Flood risk"),
    "heritage": _("Heritage protection"),
    "road_widening": _("Road widening"),
    "utility_easement": _("Utility easement"),
    "airport_cone": _("Airport clearance cone"),
}
EFFECT_TITLES = {
    "forbid": _("Building forbidden"),
    "limit_height": _("Height limited"),
    "require_opinion": _("Opinion of an agency required"),
}
USE_TITLES = services.USE_TITLES
ACCEPT = ".gpkg,.zip,.geojson,.json"


def _select(choices: dict[str, Any], *, blank: bool = False) -> deform.widget.SelectWidget:
    values = list(choices.items())
    return deform.widget.SelectWidget(values=[("", "-"), *values] if blank else values)


def _text(name: str, title: Any, default: str = "", max_length: int = 200) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.String(),
        name=name,
        title=title,
        missing=default,
        default=default,
        validator=colander.Length(max=max_length),
    )


def _number(name: str, title: Any, *, integer: bool = False) -> colander.SchemaNode:
    return colander.SchemaNode(
        StrictInteger() if integer else StrictFloat(),
        name=name,
        title=title,
        missing=None,
        validator=colander.Range(min=0, max=services.MAX_RULE_VALUE),
    )


def _date(title: Any, *, required: bool = True) -> colander.SchemaNode:
    """A date typed as ``YYYY-MM-DD``; browsers show their own date picker."""
    return colander.SchemaNode(
        colander.Date(),
        title=title,
        widget=deform.widget.TextInputWidget(attributes={"type": "date"}),
        **({} if required else {"missing": None}),
    )


class ImportSchema(colander.MappingSchema):
    """Upload a spatial file; the fields that matter depend on its kind."""

    kind = colander.SchemaNode(
        colander.String(),
        title=_("What the file holds"),
        widget=_select(KIND_TITLES),
        validator=colander.OneOf(imports.KINDS),
    )
    crs = _text(
        "crs",
        _("CRS, when the file does not say (for example EPSG:26191)"),
        max_length=64,
    )
    code_field = _text("code_field", _("Column of the zone code"), "code")
    label_field = _text("label_field", _("Column of the label"), "label")
    reference_field = _text("reference_field", _("Column of the parcel reference"), "reference")
    owner_field = _text("owner_field", _("Column of the owner (never shown publicly)"), "owner")
    name_ar_field = _text("name_ar_field", _("Column of the name in Arabic"), "name_ar")
    name_fr_field = _text("name_fr_field", _("Column of the name in French"), "name_fr")
    place_kind_field = _text("place_kind_field", _("Column of the kind of place"), "kind")
    plan_name = _text("plan_name", _("Plan name"))
    plan_reference = _text("plan_reference", _("Plan reference"))
    in_force_from = _date(_("In force from"), required=False)
    in_force_until = _date(_("In force until (empty: still in force)"), required=False)
    layer_name = _text("layer_name", _("Servitude layer name"))
    layer_kind = colander.SchemaNode(
        colander.String(),
        title=_("Kind of servitude"),
        widget=_select(SERVITUDE_KIND_TITLES, blank=True),
        missing="",
    )
    effect = colander.SchemaNode(
        colander.String(),
        title=_("Effect"),
        widget=_select(EFFECT_TITLES, blank=True),
        missing="",
    )
    height_limit_m = _number("height_limit_m", _("Height limit (m)"))
    agency = _text("agency", _("Agency whose opinion is required"))
    source = _text("source", _("Source (act, decree)"))
    dry_run = colander.SchemaNode(
        colander.Boolean(),
        title=_("Only validate, store nothing"),
        missing=False,
        widget=deform.widget.CheckboxWidget(),
    )


def import_schema() -> colander.Schema:
    schema = ImportSchema()
    schema.add(
        file_field("file", _("File (GeoPackage, zipped Shapefile or GeoJSON)"), accept=ACCEPT)
    )
    return schema


def _uses_node(name: str, title: Any) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.Set(),
        name=name,
        title=title,
        widget=deform.widget.CheckboxChoiceWidget(values=list(USE_TITLES.items())),
        missing=[],
        validator=colander.ContainsOnly(list(services.USES)),
    )


class RuleSchema(colander.MappingSchema):
    """The limits of one zone code; ratios as fractions (0.6 for 60 %)."""

    zone_code = colander.SchemaNode(
        colander.String(), title=_("Zone code"), validator=colander.Length(min=1, max=32)
    )
    allowed_uses = _uses_node("allowed_uses", _("Allowed uses (none ticked: all but forbidden)"))
    forbidden_uses = _uses_node("forbidden_uses", _("Forbidden uses"))
    max_height_m = _number("max_height_m", _("Maximum height (m)"))
    max_floors = _number("max_floors", _("Maximum floors"), integer=True)
    max_footprint_ratio = _number("max_footprint_ratio", _("Maximum footprint ratio (CES)"))
    max_floor_area_ratio = _number("max_floor_area_ratio", _("Maximum floor-area ratio (COS)"))
    min_parcel_area_m2 = _number("min_parcel_area_m2", _("Minimum parcel area (m²)"))
    min_frontage_m = _number("min_frontage_m", _("Minimum frontage (m)"))
    setback_road_m = _number("setback_road_m", _("Setback from the road (m)"))
    setback_neighbour_m = _number("setback_neighbour_m", _("Setback from neighbours (m)"))
    source_text = colander.SchemaNode(
        colander.String(),
        title=_("Source of the rule (article of the regulation)"),
        missing="",
        widget=deform.widget.TextAreaWidget(rows=3),
        validator=colander.Length(max=4000),
    )


def rules_upload_schema() -> colander.Schema:
    schema = colander.Schema()
    schema.add(file_field("file", _("Rules workbook (.xlsx)"), accept=".xlsx"))
    return schema


class ServitudeLayerSchema(colander.MappingSchema):
    kind = colander.SchemaNode(
        colander.String(), title=_("Kind of servitude"), widget=_select(SERVITUDE_KIND_TITLES)
    )
    effect = colander.SchemaNode(
        colander.String(), title=_("Effect"), widget=_select(EFFECT_TITLES)
    )
    height_limit_m = _number("height_limit_m", _("Height limit (m)"))
    agency = _text("agency", _("Agency whose opinion is required"))
    source = _text("source", _("Source (act, decree)"))


class PlanDatesSchema(colander.MappingSchema):
    in_force_from = _date(_("In force from"))
    in_force_until = _date(_("In force until (empty: still in force)"), required=False)


class CheckSchema(colander.MappingSchema):
    """A site (parcels, a drawn outline or a pasted polygon) and the project's figures."""

    site = site_node(title=_("Parcels or drawn site"), missing=None)
    polygon = colander.SchemaNode(
        colander.String(),
        title=_("Or paste a polygon (WKT or GeoJSON, longitude/latitude)"),
        missing="",
        widget=deform.widget.TextAreaWidget(rows=3),
        validator=colander.Length(max=100_000),
    )
    use = colander.SchemaNode(
        colander.String(),
        title=_("Use"),
        widget=_select(USE_TITLES),
        validator=colander.OneOf(list(services.USES)),
    )
    footprint_m2 = colander.SchemaNode(
        StrictFloat(), title=_("Footprint (m²)"), validator=colander.Range(min=0, max=1e7)
    )
    floor_area_m2 = colander.SchemaNode(
        StrictFloat(), title=_("Floor area (m²)"), validator=colander.Range(min=0, max=1e7)
    )
    height_m = colander.SchemaNode(
        StrictFloat(), title=_("Height (m)"), validator=colander.Range(min=0, max=1000)
    )
    floors = colander.SchemaNode(
        StrictInteger(), title=_("Floors"), validator=colander.Range(min=0, max=200)
    )
    on_date = _date(_("Check against the plan in force on"))


class BuildabilitySchema(colander.MappingSchema):
    on_date = _date(_("Plan in force on"))
