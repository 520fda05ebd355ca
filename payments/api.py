"""The providers' callbacks: the one channel where the outside world talks to payments.

Each provider calls ``/payments/callbacks/<commune>/<provider>``. The answer is short
JSON (``{"outcome": ...}``) with a status the provider understands: 200 taken (credited,
failed, duplicate, absorbed), 403 forged, 404 unknown payment, 409 wrong amount, 503
could not verify now (call again). The request's transaction always commits, so a
refused callback still leaves its audit event.
"""

from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from payments.gateway import PROVIDERS, gateway
from payments.services import intents

MAX_CALLBACK_BYTES = 64 * 1024


@view_config(
    route_name="payments.callback",
    request_method=("POST", "PUT"),
    require_csrf=False,
    requires_module="payments",
)
def callback(request: Request) -> Response:
    """Take a provider's callback; proof comes from asking the provider, not from this body."""
    provider = request.matchdict["provider"]
    if provider not in PROVIDERS or request.commune is None:
        raise HTTPNotFound()
    if (request.content_length or 0) > MAX_CALLBACK_BYTES:
        return Response(status=413, json_body={"outcome": "too_large"})
    result = intents.take_callback(
        request.dbsession,
        commune=request.commune,
        gateway=gateway(request.registry),
        registry=request.registry,
        provider=provider,
        headers=request.headers,
        body=request.body,
    )
    return Response(status=result.status, json_body={"outcome": result.outcome})
