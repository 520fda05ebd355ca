"""The location picker's two questions, asked while someone fills in a form.

``/{commune}/places?q=`` finds the commune's named streets and places (from the gazetteers
of its modules, :func:`municipality.maps.search_places`); ``/{commune}/area?latitude=&
longitude=`` says whether a point is inside the commune (:mod:`municipality.areas`).
Both are public, like the forms that ask them, so they are limited per client address,
and answer a few hundred bytes: a phone on a poor connection asks them as the person types.
"""

from __future__ import annotations

from typing import Any

from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from municipality import areas
from municipality.i18n import _
from municipality.maps import search_places
from municipality.parsing import is_decimal
from municipality.ratelimit import places_limiter
from municipality.web import problem

# Enough to choose from on a phone screen.
PLACES_PER_SEARCH = 8
# Shorter text matches too much to be useful; longer is no name.
MIN_QUERY, MAX_QUERY = 2, 100


def _too_many(request: Request) -> Response | None:
    """A 429 problem with ``Retry-After`` when this client asked too often, else ``None``."""
    wait = places_limiter(request).hit(request.client_addr or "")
    if wait is None:
        return None
    detail = request.localizer.translate(
        _("Too many attempts. Wait ${seconds} seconds and try again.", mapping={"seconds": wait})
    )
    response = problem(429, "Too many requests", detail, request=request)
    response.headers["Retry-After"] = str(wait)
    return response


@view_config(route_name="public.places", renderer="json", request_method="GET")
def places(request: Request) -> dict[str, Any] | Response:
    """``{"places": [{"name", "latitude", "longitude"}]}``, named in the reader's language."""
    refused = _too_many(request)
    if refused is not None:
        return refused
    text = " ".join(request.GET.get("q", "").split())
    if not MIN_QUERY <= len(text) <= MAX_QUERY:
        return {"places": []}
    found = search_places(
        request.registry, request.dbsession, request.commune, text, PLACES_PER_SEARCH
    )
    return {
        "places": [
            {"name": p.name(request.locale_name), "latitude": p.latitude, "longitude": p.longitude}
            for p in found
        ]
    }


def _coordinate(request: Request, name: str, bound: float) -> float | None:
    raw = request.GET.get(name, "").strip()
    if not is_decimal(raw) or abs(float(raw)) > bound:
        return None
    return float(raw)


@view_config(route_name="public.area", renderer="json", request_method="GET")
def area(request: Request) -> dict[str, Any] | Response:
    """``{"inside": true | false | null}``: ``null`` when nobody knows the boundary."""
    refused = _too_many(request)
    if refused is not None:
        return refused
    latitude = _coordinate(request, "latitude", 90)
    longitude = _coordinate(request, "longitude", 180)
    if latitude is None or longitude is None:
        detail = request.localizer.translate(
            _("Give latitude and longitude as decimal numbers in degrees.")
        )
        return problem(400, "Bad request", detail, request=request)
    provider = areas.provider_of(request.registry)
    inside = areas.contains(provider, request.dbsession, request.commune, latitude, longitude)
    return {"inside": inside}
