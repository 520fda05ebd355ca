"""Open311 answers in JSON or XML, and its errors in the standard's error list."""

from __future__ import annotations

import json
import logging
import xml.etree.ElementTree as ET
from typing import Any

from pyramid.httpexceptions import HTTPException
from pyramid.request import Request
from pyramid.response import Response

from municipality.errors import DomainError, ValidationFailed

log = logging.getLogger(__name__)

FORMATS = {"json": "application/json", "xml": "text/xml"}
# XML: the element of each item of a list, by the list's element name.
ITEMS = {
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "extended_attributes": "attribute",
}


class Open311Error(Exception):
    """An answer in the standard's error format: ``[{"code": ..., "description": ...}]``."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


def _format(request: Request) -> str:
    wanted = (request.matchdict or {}).get("format", "json")
    return wanted if wanted in FORMATS else "json"


def _xml_value(parent: ET.Element, name: str, value: Any) -> None:
    element = ET.SubElement(parent, name)
    if value is None:
        return
    if isinstance(value, bool):
        element.text = "true" if value else "false"
    elif isinstance(value, dict):
        for key, item in value.items():
            _xml_value(element, key, item)
    elif isinstance(value, list | tuple):
        for item in value:
            _xml_value(element, ITEMS.get(name, "item"), item)
    else:
        element.text = str(value)


def render(request: Request, root: str, item: str, body: Any, status: int = 200) -> Response:
    """``body`` (a list of ``item`` objects, or one object) in the requested format."""
    if _format(request) == "xml":
        tree = ET.Element(root)
        if isinstance(body, list):
            for entry in body:
                _xml_value(tree, item, entry)
        else:
            for key, value in body.items():
                _xml_value(tree, key, value)
        payload = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(tree, "utf-8")
    else:
        payload = json.dumps(body, ensure_ascii=False).encode()
    return Response(
        body=payload, status=status, content_type=FORMATS[_format(request)], charset="utf-8"
    )


def _describe(request: Request, exc: Exception) -> tuple[int, str]:
    if isinstance(exc, Open311Error):
        return exc.status, exc.description
    if isinstance(exc, ValidationFailed):
        fields = "; ".join(f"{k}: {v}" for k, v in exc.errors.items())
        return 400, f"{exc} {fields}".strip()
    if isinstance(exc, DomainError):
        return exc.status, str(exc)
    if isinstance(exc, HTTPException):
        if exc.status_code == 404:
            # A view of a jurisdiction's data refused by the module predicate lands here.
            if not request.params.get("jurisdiction_id"):
                return 400, "jurisdiction_id was not provided"
            if request.commune is None:
                return 404, "jurisdiction_id was not found"
            return 404, "jurisdiction_id offers no service requests"
        return exc.status_code, exc.title
    log.exception("unhandled error", exc_info=exc)
    return 500, "internal error"


def error_view(exc: Exception, request: Request) -> Response:
    """Every failure of an Open311 route, in the standard's error format."""
    if isinstance(exc, HTTPException) and exc.status_code < 400:
        return exc
    status, description = _describe(request, exc)
    response = render(request, "errors", "error", [{"code": status, "description": description}])
    response.status = status
    if isinstance(exc, Open311Error) and exc.retry_after is not None:
        response.headers["Retry-After"] = str(exc.retry_after)
    return response
