"""HTML forms: deform renders, colander validates, every form carries a CSRF token.

deform has no CSRF protection of its own. :func:`make_form` adds the session's token as a
hidden field named ``csrf_token``, which is exactly what Pyramid's automatic check reads
on every unsafe request, so a forged or stale form never reaches the view.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

import colander
import deform
from markupsafe import Markup
from pyramid.csrf import get_csrf_token
from pyramid.i18n import TranslationString
from pyramid.request import Request

from municipality import areas, maps
from municipality.i18n import _
from municipality.parsing import is_decimal, is_whole

CSRF_FIELD = "csrf_token"
# The page of one form: heading, optional introduction, the form, links below it.
FORM_PAGE = "municipality:templates/form_page.jinja2"


def _with_csrf(schema: colander.Schema, request: Request) -> colander.Schema:
    bound = schema.clone()
    bound.add(
        colander.SchemaNode(
            colander.String(),
            name=CSRF_FIELD,
            widget=deform.widget.HiddenWidget(),
            default=get_csrf_token(request),
            missing=colander.drop,
        )
    )
    return bound.bind(request=request)


def make_form(
    request: Request,
    schema: colander.Schema,
    *,
    buttons: Sequence[tuple[str, TranslationString]] = (),
    action: str = "",
    formid: str = "deform",
    focus: str = "on",
) -> deform.Form:
    """A deform form bound to the request, with the CSRF token and translated buttons.

    ``focus="off"`` for a form that is not the page's main purpose: the browser would
    otherwise scroll to it on load, past what the reader came for.
    """
    translated = [
        deform.Button(name, title=request.localizer.translate(title)) for name, title in buttons
    ]
    return deform.Form(
        _with_csrf(schema, request), buttons=translated, action=action, formid=formid, focus=focus
    )


def submitted(
    form: deform.Form, request: Request, defaults: dict[str, Any] | None = None
) -> tuple[dict[str, Any] | None, str]:
    """The form's valid data (``None`` on a GET or an invalid POST) and the HTML to show.

    An invalid POST answers 400, with the errors marked on the form.
    """
    if request.method != "POST":
        return None, form.render(defaults or {})
    try:
        data = form.validate(request.POST.items())
    except deform.ValidationFailure as failure:
        request.response.status = 400
        return None, failure.render()
    data.pop(CSRF_FIELD, None)
    return data, form.render(data)


@dataclass(frozen=True)
class Link:
    """A link under a form (``title`` translated when it is a translation string)."""

    url: str
    title: str


@dataclass(frozen=True)
class FormPage:
    """What :data:`FORM_PAGE` shows around a form, already in the reader's language."""

    heading: str
    intro: str | None = None
    links: Sequence[Link] = field(default_factory=tuple)

    def with_form(self, html: str) -> dict[str, Any]:
        """The renderer's values: this page around the form's ``html``."""
        links = [{"url": link.url, "title": link.title} for link in self.links]
        return {"heading": self.heading, "intro": self.intro, "links": links, "form": html}


def form_page(
    request: Request,
    heading: str,
    *,
    intro: str | None = None,
    links: Sequence[Link] = (),
) -> FormPage:
    """A :class:`FormPage` whose translation strings are translated for ``request``."""

    def text(value: str) -> str:
        return request.localizer.translate(value) if isinstance(value, TranslationString) else value

    return FormPage(
        heading=text(heading),
        intro=text(intro) if intro else None,
        links=tuple(Link(link.url, text(link.title)) for link in links),
    )


class FileInputWidget(deform.widget.Widget):
    """A plain file input: the view reads the files from the request itself.

    deform's own upload widget keeps files in a temporary store between requests; our
    views check and use an upload in the request that sent it, so they need none.
    """

    def __init__(self, *, accept: str, multiple: bool = False, **kw: Any) -> None:
        super().__init__(**kw)
        self.accept = accept
        self.multiple = multiple

    def serialize(self, field: deform.Field, cstruct: Any, **kw: Any) -> str:
        html = Markup(
            '<input type="file" id="{oid}" name="{name}"{multiple} accept="{accept}"'
            ' class="form-control">'
        ).format(
            oid=field.oid,
            name=field.name,
            multiple=Markup(" multiple") if self.multiple else "",
            accept=self.accept,
        )
        return str(html)

    def deserialize(self, field: deform.Field, pstruct: Any) -> Any:
        return colander.null


def file_field(
    name: str, title: str, *, accept: str, multiple: bool = False
) -> colander.SchemaNode:
    """An optional file field of a form; colander ignores it, the view reads the upload."""
    return colander.SchemaNode(
        colander.String(),
        name=name,
        title=title,
        widget=FileInputWidget(accept=accept, multiple=multiple),
        missing=colander.drop,
    )


class StrictInteger(colander.Integer):
    """colander's ``Integer`` without what Python's ``int`` also takes (``1_0``, 40 digits)."""

    def deserialize(self, node: colander.SchemaNode, cstruct: Any) -> Any:
        if cstruct is colander.null or cstruct == "":
            return colander.null
        if not isinstance(cstruct, str) or not is_whole(cstruct):
            raise colander.Invalid(node, _("Enter a whole number such as 12"))
        return super().deserialize(node, cstruct)


class StrictFloat(colander.Float):
    """colander's ``Float`` without what Python's ``float`` also takes.

    ``3_4`` would be read as 34, and ``nan`` passes every range check; a form refuses
    both and says what it wants instead.
    """

    def deserialize(self, node: colander.SchemaNode, cstruct: Any) -> Any:
        if cstruct is colander.null or cstruct == "":
            return colander.null
        if not isinstance(cstruct, str) or not is_decimal(cstruct):
            raise colander.Invalid(node, _("Enter a decimal number such as 34.02"))
        return super().deserialize(node, cstruct)


# --- Where something is: the location picker ---------------------------------------------

# Named places offered in the list (without JavaScript, the way to give a position).
PLACE_LIST_LIMIT = 100
LOCATION_TEMPLATE = "municipality:templates/location_picker.pt"
GIVE_A_LOCATION = _("Give an address or a position.")
OUTSIDE_WARNING = _(
    "This position is outside the commune. Move the pin, or confirm that it is right."
)
# What picker.js says and shows; translated once per form.
LOCATION_LABELS = {
    "help": _("Choose a street or place from the list, or describe the place in the address box."),
    "map_help": _(
        "Or search for a street or place, use your location, or tap the map; "
        "drag the pin to adjust it."
    ),
    "search": _("Search for a street or place"),
    "locate": _("Use my location"),
    "map": _("Map: tap to place the pin, drag it to adjust it"),
    "pin": _("The chosen position"),
    "place": _("Street or place from the list"),
    "address": _("Address or landmark"),
    "outside": OUTSIDE_WARNING,
    "confirm": _("Yes, this position is right"),
    "placed": _("Pin placed. Drag it to adjust it."),
    "results": _("Choose one of the places found."),
    "no_results": _("No street or place of that name."),
    "search_failed": _("The search did not answer. Try again, or choose from the list."),
    "locating": _("Finding your position…"),
    "located": _("Pin placed at your position."),
    "denied": _("Your location was not shared. Search for a place or tap the map instead."),
    "unavailable": _(
        "Your position could not be found. Search for a place or tap the map instead."
    ),
    "zoom_in": _("Zoom in"),
    "zoom_out": _("Zoom out"),
}
# The scripts and styles a picker needs, in loading order (map.js before picker.js).
LOCATION_STYLES = ("vendor/leaflet/leaflet.css", "map.css", "picker.css")
LOCATION_SCRIPTS = ("vendor/leaflet/leaflet.js", "map.js", "picker.js")


def place_value(place: maps.Place) -> str:
    """A place as its option in the list: its position, which is all choosing it sets."""
    return f"{place.latitude:.6f},{place.longitude:.6f}"


def _place_position(value: str) -> tuple[float, float] | None:
    parts = value.split(",")
    if len(parts) != 2 or not all(is_decimal(part.strip()) for part in parts):
        return None
    latitude, longitude = (float(part) for part in parts)
    if abs(latitude) > 90 or abs(longitude) > 180:
        return None
    return latitude, longitude


def _refuse(node: colander.SchemaNode, child: str, message: TranslationString) -> NoReturn:
    """Refuse the location, the message shown at the ``child`` input it is about."""
    error = colander.Invalid(node, message)
    error[child] = message
    raise error


class LocationType(colander.Mapping):
    """The picker's inputs, read as ``{"address", "latitude", "longitude",
    "outside_confirmed"}``: a place chosen from the list gives the position when no pin
    was placed (without JavaScript there is no pin)."""

    def deserialize(self, node: colander.SchemaNode, cstruct: Any) -> Any:
        value = super().deserialize(node, cstruct)
        if value is colander.null:
            return value
        latitude, longitude = value["latitude"], value["longitude"]
        if (latitude is None) != (longitude is None):
            _refuse(node, "latitude", _("The position could not be read: place the pin again."))
        if latitude is None and value["place"]:
            position = _place_position(value["place"])
            if position is None:
                _refuse(node, "place", _("Choose a place from the list."))
            latitude, longitude = position
        return {
            "address": (value["address"] or "").strip() or None,
            "latitude": latitude,
            "longitude": longitude,
            "outside_confirmed": value["confirm_outside"],
        }


class LocationValidator:
    """A position outside the commune is a warning the person confirms (they may stand at
    its edge); ``required``: an address or a position must be given."""

    def __init__(self, request: Request, *, required: bool) -> None:
        self.request = request
        self.required = required

    def __call__(self, node: colander.SchemaNode, value: dict[str, Any]) -> None:
        latitude, longitude = value["latitude"], value["longitude"]
        if latitude is None:
            if self.required and not value["address"]:
                _refuse(node, "address", GIVE_A_LOCATION)
            return
        if value["outside_confirmed"]:
            return
        provider = areas.provider_of(self.request.registry)
        inside = areas.contains(
            provider, self.request.dbsession, self.request.commune, latitude, longitude
        )
        if inside is False:
            _refuse(node, "confirm_outside", OUTSIDE_WARNING)


class LocationWidget(deform.widget.MappingWidget):
    """The picker: the address box, the list of places and the hidden position, all a
    form needs without JavaScript; ``static/picker.js`` adds the search, "use my
    location" and the map, and asks the commune whether the pin is inside it."""

    template = LOCATION_TEMPLATE
    readonly_template = LOCATION_TEMPLATE
    # deform then adds no label and no error around it: the template has its own legend,
    # and shows each message at the input it is about.
    hidden = True

    def __init__(self, *, page: dict[str, Any], **kw: Any) -> None:
        super().__init__(**kw)
        self.page = page

    def serialize(self, field: deform.Field, cstruct: Any, **kw: Any) -> str:
        given = cstruct if isinstance(cstruct, dict) else {}
        value = {key: "" if v is colander.null else v for key, v in given.items()}
        errors = {
            child.name: [field.translate(message) for message in child.error.messages()]
            for child in field.children
            if child.error is not None
        }
        confirmed = value.get("confirm_outside") in ("true", True)
        values = self.get_template_values(field, value, kw)
        values.update(
            self.page,
            value=value,
            errors=errors,
            confirmed=confirmed,
            show_outside=confirmed or "confirm_outside" in errors,
        )
        return str(field.renderer(self.template, **values))


def _location_page(request: Request) -> dict[str, Any]:
    """What the picker template shows for this request's commune, translated."""
    translate = request.localizer.translate
    commune = request.commune
    places = maps.search_places(request.registry, request.dbsession, commune, "", PLACE_LIST_LIMIT)
    layers = [layer.as_json() for layer in maps.base_layers(request, commune)]
    return {
        "labels": {key: translate(label) for key, label in LOCATION_LABELS.items()},
        "places": [(place_value(p), p.name(request.locale_name)) for p in places],
        "layers": json.dumps(layers, ensure_ascii=False),
        "places_url": request.route_url("public.places", commune=commune.slug),
        "area_url": request.route_url("public.area", commune=commune.slug),
        "styles": [request.static_url(f"municipality:static/{s}") for s in LOCATION_STYLES],
        "scripts": [request.static_url(f"municipality:static/{s}") for s in LOCATION_SCRIPTS],
    }


@colander.deferred
def _location_widget(node: colander.SchemaNode, kw: dict[str, Any]) -> LocationWidget:
    return LocationWidget(page=_location_page(kw["request"]))


def location_node(
    name: str = "location", title: Any = None, *, required: bool = False
) -> colander.SchemaNode:
    """The whole location field of a form: bind it with ``request`` (the commune's places
    and boundary are the request's commune's). Its value is ``{"address", "latitude",
    "longitude", "outside_confirmed"}``, each ``None`` (or ``False``) when not given."""

    @colander.deferred
    def validator(node: colander.SchemaNode, kw: dict[str, Any]) -> LocationValidator:
        return LocationValidator(kw["request"], required=required)

    return colander.SchemaNode(
        LocationType(),
        colander.SchemaNode(
            colander.String(), name="address", validator=colander.Length(max=300), missing=None
        ),
        colander.SchemaNode(colander.String(), name="place", missing=None),
        colander.SchemaNode(
            StrictFloat(), name="latitude", validator=colander.Range(-90, 90), missing=None
        ),
        colander.SchemaNode(
            StrictFloat(), name="longitude", validator=colander.Range(-180, 180), missing=None
        ),
        colander.SchemaNode(colander.Boolean(), name="confirm_outside", missing=False),
        name=name,
        title=title if title is not None else _("Where is it?"),
        widget=_location_widget,
        validator=validator,
    )
