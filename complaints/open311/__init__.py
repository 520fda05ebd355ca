"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): its routes and error views.

``openapi.json`` describes them all (:mod:`.openapi`). Every failure on an Open311 route
is answered in the standard's error list, in the requested format, with the standard's
status codes (:mod:`.formats`).
"""

from __future__ import annotations

from pyramid.config import Configurator

from complaints.open311.formats import error_view
from complaints.open311.openapi import openapi_view
from complaints.open311.views import LIMITER_KEY, VIEWS, discovery
from municipality.ratelimit import RateLimiter

PREFIX = "/open311/v2"
_ROUTES = (
    ("complaints.open311.discovery", "/discovery.{format}"),
    ("complaints.open311.services", "/services.{format}"),
    ("complaints.open311.service", "/services/{service_code}.{format}"),
    ("complaints.open311.requests", "/requests.{format}"),
    ("complaints.open311.request", "/requests/{service_request_id}.{format}"),
    ("complaints.open311.token", "/tokens/{token}.{format}"),
)


def includeme(config: Configurator) -> None:
    rate = config.get_settings()["baladiya.complaints.rate_per_minute"]
    config.registry[LIMITER_KEY] = RateLimiter(rate)
    for name, pattern in _ROUTES:
        config.add_route(name, PREFIX + pattern)
        config.add_exception_view(error_view, context=Exception, route_name=name)
    for name, method, view in VIEWS:
        module = None if view is discovery else "complaints"
        config.add_view(
            view,
            route_name=name,
            request_method=method,
            require_csrf=False,
            requires_module=module,
        )
    config.add_route("complaints.open311.openapi", PREFIX + "/openapi.json")
    config.add_view(
        openapi_view, route_name="complaints.open311.openapi", renderer="json", request_method="GET"
    )
