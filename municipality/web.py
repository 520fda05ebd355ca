"""The web shell's plumbing: request ids, security headers, body limits, error pages.

Errors reach a person as a friendly page in their language and a client as an
RFC 9457 problem+json; a stack trace never leaves the server. Which paths programs call
is known by prefix: the core's, and those modules add in their ``includeme`` with
``config.add_machine_prefix(...)``.
"""

from __future__ import annotations

import gzip
import io
import itertools
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Callable
from typing import Any

from pyramid.config import Configurator
from pyramid.exceptions import BadCSRFToken
from pyramid.httpexceptions import (
    HTTPException,
    HTTPForbidden,
    HTTPFound,
    HTTPNotFound,
    HTTPSeeOther,
)
from pyramid.registry import Registry
from pyramid.renderers import render_to_response
from pyramid.request import Request
from pyramid.response import Response
from pyramid.tweens import INGRESS, MAIN

from municipality.errors import DomainError, ValidationFailed
from municipality.i18n import _
from municipality.logs import ACCESS_LOGGER

log = logging.getLogger(__name__)
access_log = logging.getLogger(ACCESS_LOGGER)

PROBLEM_TYPE = "application/problem+json"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CORE_MACHINE_PREFIXES = ("/api/", "/healthz")
MACHINE_PREFIXES_KEY = "baladiya.web.machine_prefixes"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
COMPRESSIBLE = frozenset(
    {
        "text/html",
        "text/css",
        "text/csv",
        "text/plain",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/geo+json",
        "application/problem+json",
        "application/xml",
        "text/xml",
        "image/svg+xml",
    }
)
COMPRESS_MIN_BYTES = 1024
COMPRESS_MAX_BYTES = 16 * 1024 * 1024

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def add_machine_prefix(config: Configurator, prefix: str) -> None:
    """Config directive: paths under ``prefix`` are called by programs, not people."""

    def register() -> None:
        config.registry[MACHINE_PREFIXES_KEY] = (
            *config.registry.get(MACHINE_PREFIXES_KEY, ()),
            prefix,
        )

    config.action(("baladiya.machine_prefix", prefix), register)


def is_machine_request(request: Request) -> bool:
    """Whether the caller is a program (JSON answers) rather than a person (HTML pages)."""
    return request.path.startswith(request.registry.get(MACHINE_PREFIXES_KEY, ()))


def problem(
    status: int, title: str, detail: str, *, request: Request | None = None, **extra: Any
) -> Response:
    """An RFC 9457 problem document."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.path
    body.update({k: v for k, v in extra.items() if v is not None})
    return Response(
        body=json.dumps(body, ensure_ascii=False, default=str).encode(),
        status=status,
        content_type=PROBLEM_TYPE,
        charset="utf-8",
    )


class _RequestIds:
    """Unique ids, cheaply: a random prefix per process, then a counter.

    A request id only has to be unique (it is no secret), and asking the kernel for
    random bytes on every request costs more than the rest of a cached page.
    """

    def __init__(self) -> None:
        self._pid = 0
        self._prefix = ""
        self._counter = itertools.count()

    def next(self) -> str:
        if self._pid != os.getpid():
            self._pid, self._prefix = os.getpid(), secrets.token_hex(10)
        return f"{self._prefix}{next(self._counter):012x}"


_request_ids = _RequestIds()


def _request_id(request: Request) -> str:
    supplied = request.headers.get("X-Request-ID", "")
    return supplied if _REQUEST_ID.match(supplied) else _request_ids.next()


def shell_tween_factory(handler: Callable[[Request], Response], registry: Registry) -> Callable:
    """Outermost tween: request id, security headers on every answer."""
    production = registry.settings["baladiya.core.production"]

    def tween(request: Request) -> Response:
        request.request_id = _request_id(request)
        received_input = request.environ.get("wsgi.input")
        started = time.perf_counter()
        response = handler(request)
        _close_spooled_body(request, received_input)
        _compress(request, response)
        _secure_headers(response, production)
        response.headers["X-Request-ID"] = request.request_id
        path = request.path
        access_log.info(
            "%s %s %s %.1fms",
            request.method,
            path,
            response.status_code,
            (time.perf_counter() - started) * 1000,
            extra={"method": request.method, "path": path, "status": response.status_code},
        )
        return response

    return tween


def body_limit_tween_factory(
    handler: Callable[[Request], Response], registry: Registry
) -> Callable:
    """Refuse a body over its limit before anything reads it, in the reader's language.

    Forms and JSON stay small; file uploads (multipart) get a larger ceiling, and the
    view that takes the files checks each one against its own limit. It runs inside the
    request's transaction, since choosing the language may look up who is asking.
    """
    max_body = registry.settings["baladiya.core.max_body_bytes"]
    max_upload = registry.settings["baladiya.core.max_upload_bytes"]

    def tween(request: Request) -> Response:
        limit = max_upload if request.content_type == "multipart/form-data" else max_body
        if (request.content_length or 0) > limit:
            return _too_large(request, limit)
        return handler(request)

    return tween


def _close_spooled_body(request: Request, received_input: object) -> None:
    """Close the temporary file WebOb spooled a large body (an upload) into.

    WebOb leaves it to the garbage collector; with uploads of several megabytes the
    descriptors would pile up between collections.
    """
    spooled = request.environ.get("wsgi.input")
    if spooled is not received_input and isinstance(spooled, io.BufferedRandom):
        spooled.close()


def _compress(request: Request, response: Response) -> None:
    """Gzip text answers of known size for clients that accept it.

    Pages must stay light on the slow mobile connections many residents have; the map
    library alone is several times smaller compressed. Streams of unknown length and
    formats that are compressed already (images, xlsx, GeoPackage) are left alone.
    """
    size = response.content_length
    if (
        size is None
        or not COMPRESS_MIN_BYTES <= size <= COMPRESS_MAX_BYTES
        or response.content_encoding
        or response.status_code != 200
        or response.content_type not in COMPRESSIBLE
        or "Accept-Encoding" not in request.headers
        or not request.accept_encoding.acceptable_offers(["gzip"])
    ):
        return
    response.body = gzip.compress(response.body, compresslevel=6, mtime=0)
    response.content_encoding = "gzip"
    response.vary = (*(response.vary or ()), "Accept-Encoding")


def _too_large(request: Request, limit: int) -> Response:
    """Refuse an oversized body in the reader's language, saying what to send instead.

    The server's own ceiling (``serve``) is set above ``limit`` so that this answer,
    not the server's bare English one, is what a resident sees.
    """
    megabytes = max(1, limit // 1_048_576)
    detail = request.localizer.translate(
        _(
            "What you sent is larger than the ${limit} MB allowed. Send smaller or fewer "
            "photos or files, then try again.",
            mapping={"limit": megabytes},
        )
    )
    title = _translate(request, "What you sent is too large")
    if is_machine_request(request):
        return problem(413, title, detail, request=request)
    return error_page(request, 413, title, detail)


def _secure_headers(response: Response, production: bool) -> None:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if production:
        headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")


def error_page(request: Request, status: int, title: str, detail: str) -> Response:
    """A friendly HTML error page in the user's language."""
    response = render_to_response(
        "municipality:templates/error.jinja2",
        {"status": status, "title": title, "detail": detail},
        request=request,
    )
    response.status = status
    return response


def _translate(request: Request, message: str) -> str:
    return request.localizer.translate(_(message))


def domain_error_view(exc: DomainError, request: Request) -> Response:
    if is_machine_request(request):
        errors = exc.errors if isinstance(exc, ValidationFailed) else None
        return problem(exc.status, exc.title, str(exc), request=request, errors=errors)
    return error_page(
        request, exc.status, _translate(request, exc.title), request.localizer.translate(exc.detail)
    )


def not_found_view(exc: HTTPNotFound, request: Request) -> Response:
    if is_machine_request(request):
        return problem(404, "Not found", "There is nothing at this address.", request=request)
    return error_page(
        request,
        404,
        _translate(request, "Page not found"),
        _translate(request, "There is nothing at this address, or you may not see it."),
    )


def _to_login(request: Request) -> Response:
    """Send someone who is not logged in to log-in, then back to where they were.

    A form they sent is lost (its body cannot survive the detour), and they are told so.
    """
    if request.method in SAFE_METHODS:
        return HTTPFound(location=request.route_url("login", _query={"next": request.path_qs}))
    request.session.flash(
        _translate(
            request,
            "Please log in to continue. What you sent was not saved: send it again once "
            "you are logged in.",
        ),
        "error",
    )
    return HTTPSeeOther(location=request.route_url("login", _query={"next": request.path}))


def forbidden_view(exc: HTTPForbidden, request: Request) -> Response:
    """Anonymous people go to log-in; everyone else gets a 403 (API: 401 or 403)."""
    identity = request.baladiya_identity
    if is_machine_request(request):
        if identity is None:
            response = problem(
                401, "Unauthorized", "A valid API token is required.", request=request
            )
            response.headers["WWW-Authenticate"] = 'Bearer realm="baladiya"'
            return response
        return problem(403, "Forbidden", "This token may not do that here.", request=request)
    if identity is None:
        return _to_login(request)
    return error_page(
        request,
        403,
        _translate(request, "Forbidden"),
        _translate(request, "Your role in this commune does not allow this."),
    )


def bad_csrf_view(exc: BadCSRFToken, request: Request) -> Response:
    return error_page(
        request,
        400,
        _translate(request, "Form expired"),
        _translate(
            request,
            "This form was out of date or not sent by this site. "
            "Please go back, reload the page and try again.",
        ),
    )


def http_exception_view(exc: HTTPException, request: Request) -> Response:
    if exc.status_code < 400:
        return exc
    if is_machine_request(request):
        return problem(exc.status_code, exc.title, exc.detail or exc.explanation, request=request)
    return error_page(request, exc.status_code, exc.title, exc.detail or exc.explanation)


def server_error_view(exc: Exception, request: Request) -> Response:
    log.exception("unhandled error", exc_info=exc)
    if is_machine_request(request):
        return problem(
            500,
            "Internal error",
            "Something went wrong on our side.",
            request=request,
            request_id=request.request_id,
        )
    return error_page(
        request,
        500,
        _translate(request, "Something went wrong"),
        _translate(request, "The error was logged. Please try again in a moment."),
    )


def includeme(config: Configurator) -> None:
    config.add_directive("add_machine_prefix", add_machine_prefix)
    for prefix in CORE_MACHINE_PREFIXES:
        config.add_machine_prefix(prefix)
    config.add_tween("municipality.web.shell_tween_factory", under=INGRESS)
    config.add_tween("municipality.web.body_limit_tween_factory", over=MAIN)
    config.add_exception_view(domain_error_view, context=DomainError)
    config.add_exception_view(bad_csrf_view, context=BadCSRFToken)
    config.add_notfound_view(not_found_view)
    config.add_forbidden_view(forbidden_view)
    config.add_exception_view(http_exception_view, context=HTTPException)
    config.add_exception_view(server_error_view, context=Exception)
