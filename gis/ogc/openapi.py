"""The OpenAPI 3.0 definition of one commune's OGC API - Features (``rel=service-desc``).

OGC API - Features requires the API to describe itself; clients such as QGIS and OWSLib
read the collection ids and parameter limits from here.
"""

from __future__ import annotations

from typing import Any

from .params import DEFAULT_LIMIT, MAX_LIMIT

OPENAPI_TYPE = "application/vnd.oai.openapi+json;version=3.0"
EXCEPTION = {
    "type": "object",
    "required": ["code"],
    "properties": {"code": {"type": "string"}, "description": {"type": "string"}},
}


def _json(description: str, schema: dict[str, Any], media: str = "application/json") -> Any:
    """A response in ``media``, or in HTML when the client asks for it (``f=html``)."""
    return {
        "description": description,
        "content": {media: {"schema": schema}, "text/html": {"schema": {"type": "string"}}},
    }


def _errors(*statuses: int) -> dict[str, Any]:
    ref = {"$ref": "#/components/schemas/exception"}
    return {str(s): _json("Exception", ref) for s in statuses}


def _parameter(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "style": "form",
        "explode": False,
        "schema": schema,
        "description": description,
    }


PARAMETERS = {
    "f": _parameter("f", {"type": "string", "enum": ["json", "html"]}, "Output format."),
    "bbox": _parameter(
        "bbox",
        {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
        "Only features that intersect this box (west,south,east,north in CRS84).",
    ),
    "datetime": _parameter(
        "datetime",
        {"type": "string"},
        "An RFC 3339 instant or interval; for zones, the plan in force then.",
    ),
    "limit": _parameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        "The largest number of features in the response.",
    ),
    "offset": _parameter(
        "offset", {"type": "integer", "minimum": 0, "default": 0}, "Features to skip."
    ),
}


def document(title: str, base_url: str, collection_ids: list[str]) -> dict[str, Any]:
    """The definition, its server being the commune's API root (``.../ogc/<commune>``)."""
    collection_id = {
        "name": "collectionId",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "enum": collection_ids},
    }
    feature_id = {"name": "featureId", "in": "path", "required": True, "schema": {"type": "string"}}
    f = {"$ref": "#/components/parameters/f"}
    any_object = {"type": "object"}
    return {
        "openapi": "3.0.3",
        "info": {"title": title, "version": "1.0.0"},
        "servers": [{"url": base_url}],
        "paths": {
            "/": {"get": _operation("getLandingPage", [f], _json("Landing page", any_object))},
            "/conformance": {
                "get": _operation(
                    "getConformanceDeclaration", [f], _json("Conformance", any_object)
                )
            },
            "/collections": {
                "get": _operation("getCollections", [f], _json("Collections", any_object))
            },
            "/collections/{collectionId}": {
                "get": _operation(
                    "describeCollection", [collection_id, f], _json("Collection", any_object), 404
                )
            },
            "/collections/{collectionId}/items": {
                "get": _operation(
                    "getFeatures",
                    [
                        collection_id,
                        *({"$ref": f"#/components/parameters/{n}"} for n in PARAMETERS),
                    ],
                    _json("Features", any_object, "application/geo+json"),
                    400,
                    404,
                )
            },
            "/collections/{collectionId}/items/{featureId}": {
                "get": _operation(
                    "getFeature",
                    [collection_id, feature_id, f],
                    _json("Feature", any_object, "application/geo+json"),
                    404,
                )
            },
        },
        "components": {"parameters": PARAMETERS, "schemas": {"exception": EXCEPTION}},
    }


def _operation(
    operation_id: str, parameters: list[Any], ok: dict[str, Any], *errors: int
) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "parameters": parameters,
        "responses": {"200": ok, **_errors(400, *errors, 500)},
    }
