"""The web shell's plumbing: request ids, security headers, body limits, error pages.

Requests name a host the site answers to (``baladiya.core.trusted_hosts``) or are
refused; forwarding headers count only from the configured reverse proxies, and links
that leave the site (e-mails, documents) start with the configured public URL, never
with what a request claimed.

Errors reach a person as a friendly page in their language and a client as an
RFC 9457 problem+json; a stack trace never leaves the server. Which paths programs call
is known by prefix: the core's, and those modules add in their ``includeme`` with
``config.add_machine_prefix(...)``.
"""

from __future__ import annotations

import gzip
import io
import ipaddress
import itertools
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from pyramid.config import Configurator
from pyramid.events import BeforeTraversal
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
from pyramid.tweens import EXCVIEW, INGRESS, MAIN

from municipality.errors import DomainError, ValidationFailed
from municipality.i18n import _
from municipality.logs import ACCESS_LOGGER
from municipality.parsing import first_unsafe, unsafe_text
from municipality.settings import (
    ProxyNetwork,
    basemap_origin,
    public_url,
    trusted_hosts,
    trusted_proxies,
)

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


def content_security_policy(settings: Mapping[str, Any]) -> str:
    """The policy of every answer: this site only, plus the tile server the operator
    named as basemap (its pictures only), when there is one."""
    origin = basemap_origin(settings)
    return (
        CSP
        if origin is None
        else CSP.replace("img-src 'self' data:", f"img-src 'self' data: {origin}")
    )


def add_machine_prefix(config: Configurator, prefix: str) -> None:
    """Config directive: paths under ``prefix`` are called by programs, not people."""

    def register() -> None:
        config.registry[MACHINE_PREFIXES_KEY] = (
            *config.registry.get(MACHINE_PREFIXES_KEY, ()),
            prefix,
        )

    config.action(("baladiya.machine_prefix", prefix), register)


def raw_path(request: Request) -> str:
    """The path as the server received it, which reads even when it is not UTF-8."""
    environ = request.environ
    return environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")


def is_machine_request(request: Request) -> bool:
    """Whether the caller is a program (JSON answers) rather than a person (HTML pages)."""
    return raw_path(request).startswith(request.registry.get(MACHINE_PREFIXES_KEY, ()))


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


FORWARDING_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_FORWARDED",
)


class UntrustedHost(DomainError):
    """The request names a host this site does not answer to."""

    title = "Bad request"


def public_route_url(request: Request, route_name: str, **kw: Any) -> str:
    """An address to send away (an e-mail, a document): on the public URL, whatever the Host."""
    return request.route_url(route_name, _app_url=public_url(request.registry.settings), **kw)


def _is_proxy(address: str, proxies: tuple[ProxyNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def _first(value: str) -> str:
    return value.split(",", maxsplit=1)[0].strip()


def resolve_forwarding(
    environ: MutableMapping[str, Any], proxies: tuple[ProxyNetwork, ...]
) -> None:
    """Take the client's address, scheme and host from a trusted proxy's headers.

    The headers are removed either way, so nothing later (``request.client_addr``, rate
    limits, URLs) can read what a client wrote there itself. The client is the last
    address in ``X-Forwarded-For`` that is not one of the proxies.
    """
    forwarded = {key: environ.pop(key) for key in FORWARDING_HEADERS if key in environ}
    if not proxies or not _is_proxy(environ.get("REMOTE_ADDR", ""), proxies):
        return
    chain = [a.strip() for a in forwarded.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    outside = [address for address in chain if not _is_proxy(address, proxies)]
    client = outside[-1] if outside else chain[0] if chain else None
    if client:
        environ["REMOTE_ADDR"] = client
    scheme = _first(forwarded.get("HTTP_X_FORWARDED_PROTO", "")).lower()
    if scheme in ("http", "https"):
        environ["wsgi.url_scheme"] = scheme
    host = _first(forwarded.get("HTTP_X_FORWARDED_HOST", ""))
    if host:
        environ["HTTP_HOST"] = host


def _host_name(host: str) -> str | None:
    try:
        return urlsplit(f"//{host}").hostname
    except ValueError:
        return None


def host_tween_factory(handler: Callable[[Request], Response], registry: Registry) -> Callable:
    """Refuse requests for a host the site does not answer to (Host header injection)."""
    allowed = trusted_hosts(registry.settings)

    def tween(request: Request) -> Response:
        if _host_name(request.host) not in allowed:
            raise UntrustedHost(
                _("This site does not answer to that address. Use its official address.")
            )
        return handler(request)

    return tween


def _request_id(request: Request) -> str:
    supplied = request.headers.get("X-Request-ID", "")
    return supplied if _REQUEST_ID.match(supplied) else _request_ids.next()


def shell_tween_factory(handler: Callable[[Request], Response], registry: Registry) -> Callable:
    """Outermost tween: forwarding, request id, readable address, security headers always."""
    settings = registry.settings
    production = settings["baladiya.core.production"]
    proxies = trusted_proxies(settings)
    policy = content_security_policy(settings)

    def tween(request: Request) -> Response:
        resolve_forwarding(request.environ, proxies)
        request.request_id = _request_id(request)
        path = raw_path(request)
        received_input = request.environ.get("wsgi.input")
        started = time.perf_counter()
        if not _readable_address(request):
            response = _unreadable_address(request)
        else:
            response = _handle(handler, request)
        _close_spooled_body(request, received_input)
        _compress(request, response)
        _secure_headers(response, production, policy)
        response.headers["X-Request-ID"] = request.request_id
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


def _readable_address(request: Request) -> bool:
    """Whether path and query string are UTF-8, as everything that reads them assumes."""
    environ = request.environ
    try:
        environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8")
        unquote_to_bytes(environ.get("QUERY_STRING", "")).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return True


def _unreadable_address(request: Request) -> Response:
    """An address that is not UTF-8 names nothing: a 400, not a server error.

    The page is drawn as if for the home page: its links and the reader's language are
    worked out from the address, which here cannot be read.
    """
    if is_machine_request(request):
        return problem(400, "Bad request", "The address is not valid UTF-8.")
    request.environ.update(PATH_INFO="/", QUERY_STRING="")
    return error_page(
        request,
        400,
        _translate(request, "Bad request"),
        _translate(request, "This address cannot be read. Check the link and try again."),
    )


def _handle(handler: Callable[[Request], Response], request: Request) -> Response:
    """The app's answer, or a plain 500 that still gets the security headers.

    Exception views answer every error raised inside the app; what escapes them (a
    failing error page) would otherwise reach the server, which answers in bare text.
    """
    try:
        return handler(request)
    except Exception:
        log.exception("error outside the exception views")
        return Response("Something went wrong on our side.", status=500, content_type="text/plain")


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


def _secure_headers(response: Response, production: bool, policy: str) -> None:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", policy)
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


FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def _unsafe_field(request: Request) -> str | None:
    """The first part of the request that holds a NUL, an unpaired surrogate or no UTF-8."""
    try:
        if unsafe_text(request.path_info):
            return "(address)"
        field = first_unsafe(request.GET.items())
        if field is None and request.content_type in FORM_TYPES:
            field = first_unsafe(request.POST.items())
    except UnicodeDecodeError:
        return "(address)" if request.method in SAFE_METHODS else "(form)"
    return field


def refuse_unsafe_input(event: BeforeTraversal) -> None:
    """Refuse text nothing can store before any view, predicate or lookup reads it.

    Raised once the route is known, so each channel's exception view (HTML page,
    problem+json, Open311's error list) answers in its own format.
    """
    field = _unsafe_field(event.request)
    if field is not None:
        raise DomainError(
            _(
                "${field} holds a character that cannot be stored (a NUL byte or a broken "
                "Unicode character). Remove it and send again.",
                mapping={"field": field},
            )
        )


def includeme(config: Configurator) -> None:
    config.add_directive("add_machine_prefix", add_machine_prefix)
    for prefix in CORE_MACHINE_PREFIXES:
        config.add_machine_prefix(prefix)
    config.add_tween("municipality.web.shell_tween_factory", under=INGRESS)
    config.add_tween("municipality.web.host_tween_factory", under=EXCVIEW)
    config.add_subscriber(refuse_unsafe_input, BeforeTraversal)
    config.add_tween("municipality.web.body_limit_tween_factory", over=MAIN)
    config.add_exception_view(domain_error_view, context=DomainError)
    config.add_exception_view(bad_csrf_view, context=BadCSRFToken)
    config.add_notfound_view(not_found_view)
    config.add_forbidden_view(forbidden_view)
    config.add_exception_view(http_exception_view, context=HTTPException)
    config.add_exception_view(server_error_view, context=Exception)
