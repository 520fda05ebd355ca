"""Open311 GeoReport v2's shapes: service definitions, requests, and a filing's arguments.

A request is written from a complaint's public view
(:mod:`complaints.services.publication`), so it carries what the commune publishes and
never the reporter's name, e-mail or phone or an internal note; requests are named by
their public identifier. The detailed
workflow state is an extension a client asks for with ``extensions=true``.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime
from typing import Any

from pyramid.request import Request

from complaints.models import Category
from complaints.open311.formats import Open311Error
from complaints.open311.services import status_of
from complaints.schemas import KINDS
from complaints.services.publication import PublicComplaint
from municipality.i18n import _, localizer_for
from municipality.parsing import InputError, parse_float

MAX_DESCRIPTION = 4000
MAX_MEDIA_URL = 500
# The lengths the complaint's columns (and the resident's form) allow.
MAX_ADDRESS = 300
MAX_NAME = 200
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ]{6,20}$")


def service_name(request: Request, category: Category) -> str:
    return category.name_ar if request.params.get("locale") == "ar" else category.name_fr


def service_json(request: Request, category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": service_name(request, category),
        "description": category.department,
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": category.department,
    }


def client_locale(request: Request) -> str:
    """The language the client asked for (``locale``), else the commune's."""
    locale = request.params.get("locale")
    if locale in request.registry.settings["baladiya.core.locales"].split():
        return locale
    return request.localizer.locale_name


def translate(request: Request, message: str) -> str:
    return localizer_for(client_locale(request)).translate(message)


def attributes(request: Request) -> tuple[dict[str, Any], ...]:
    """The attributes every service takes: a landmark, and the kind of report."""
    return _attributes_in(client_locale(request))


@functools.cache
def _attributes_in(locale: str) -> tuple[dict[str, Any], ...]:
    """Built once per language: every filing checks its attributes against them.

    The definitions are shared between requests, so nothing may change them.
    """
    translate = localizer_for(locale).translate
    return (
        {
            "variable": True,
            "code": "landmark",
            "datatype": "string",
            "required": False,
            "datatype_description": translate(
                _("A place people know nearby, when there is no street address.")
            ),
            "order": 1,
            "description": translate(_("Nearby landmark")),
            "values": [],
        },
        {
            "variable": True,
            "code": "kind",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": None,
            "order": 2,
            "description": translate(_("Kind of report")),
            "values": [{"key": key, "name": translate(title)} for key, title in KINDS],
        },
    )


def _w3c(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")


def _extensions(request: Request) -> bool:
    return request.params.get("extensions", "").lower() in ("true", "1")


def request_json(
    request: Request, complaint: PublicComplaint, media_url: str | None = None
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "service_request_id": complaint.public_id,
        "status": status_of(complaint),
        "status_notes": complaint.rejection_reason,
        "service_name": service_name(request, complaint.category),
        "service_code": complaint.category.code,
        "description": complaint.description,
        "agency_responsible": complaint.category.department,
        "service_notice": None,
        "requested_datetime": _w3c(complaint.created_at),
        "updated_datetime": _w3c(complaint.updated_at),
        "expected_datetime": _w3c(complaint.resolve_due_at),
        "address": complaint.address,
        "address_id": None,
        "zipcode": None,
        "lat": complaint.latitude,
        "long": complaint.longitude,
        "media_url": media_url,
    }
    if _extensions(request):
        found["extended_attributes"] = {"detailed_status": complaint.state, "kind": complaint.kind}
    return found


def _coordinate(raw: str, name: str, bound: float) -> float:
    try:
        return parse_float(raw, name, minimum=-bound, maximum=bound)
    except InputError as exc:
        raise Open311Error(400, str(exc)) from exc


def _at_most(value: str, name: str, limit: int) -> str:
    """``value`` unchanged, or a 400 naming the field: nothing is cut short in silence."""
    if len(value) > limit:
        raise Open311Error(400, f"{name} is longer than {limit} characters")
    return value


def _attribute_values(request: Request) -> dict[str, str]:
    """``attribute[code]`` values, checked against the service definition."""
    given = {
        key[len("attribute[") : -1]: value.strip()
        for key, value in request.POST.items()
        if key.startswith("attribute[") and key.endswith("]")
    }
    known = {a["code"]: a for a in attributes(request)}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise Open311Error(400, f"unknown attribute: {', '.join(unknown)}")
    for code, attribute in known.items():
        value = given.get(code, "")
        if attribute["required"] and not value:
            raise Open311Error(400, f"attribute[{code}] is required")
        keys = [v["key"] for v in attribute["values"]]
        if value and attribute["datatype"] == "singlevaluelist" and value not in keys:
            raise Open311Error(400, f"attribute[{code}] must be one of {', '.join(keys)}")
        _at_most(value, f"attribute[{code}]", MAX_ADDRESS)
    return given


def filing_data(request: Request, category: Category) -> dict[str, Any]:
    """The standard's POST arguments as the complaints service's data."""
    form = request.POST
    values = _attribute_values(request)
    lat, lon = (form.get("lat") or "").strip(), (form.get("long") or "").strip()
    if bool(lat) != bool(lon):
        raise Open311Error(400, "give both lat and long")
    data: dict[str, Any] = {"category": category, "kind": values.get("kind") or "complaint"}
    if lat:
        data["latitude"] = _coordinate(lat, "lat", 90)
        data["longitude"] = _coordinate(lon, "long", 180)
    address = _at_most((form.get("address_string") or "").strip(), "address_string", MAX_ADDRESS)
    if not address and form.get("address_id"):
        address = f"address_id {form['address_id'].strip()}"
    landmark = values.get("landmark")
    if landmark:
        address = f"{address} ({landmark})" if address else landmark
    if not address and not lat:
        raise Open311Error(400, "give lat and long, or address_string")
    data["address"] = _at_most(address, "address_string with attribute[landmark]", MAX_ADDRESS)
    description = (form.get("description") or "").strip()
    if not description:
        raise Open311Error(400, "description was not provided")
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(400, f"description is longer than {MAX_DESCRIPTION} characters")
    data["description"] = description
    email = (form.get("email") or "").strip()
    if email and (len(email) > 254 or not _EMAIL.match(email)):
        raise Open311Error(400, "email is not a valid address")
    phone = (form.get("phone") or "").strip()
    if phone and not _PHONE.match(phone):
        raise Open311Error(400, "phone must hold digits only, with an optional +")
    name = " ".join(p for p in (form.get("first_name"), form.get("last_name")) if p).strip()
    name = _at_most(name, "first_name and last_name", MAX_NAME)
    data.update(reporter_email=email, reporter_phone=phone, reporter_name=name or None)
    media = (form.get("media_url") or "").strip()
    if media and (len(media) > MAX_MEDIA_URL or not media.startswith(("http://", "https://"))):
        raise Open311Error(400, f"media_url must be an http(s) URL of at most {MAX_MEDIA_URL}")
    data["media_url"] = media or None
    return data
