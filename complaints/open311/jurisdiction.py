"""Open311's commune: the standard names it in ``jurisdiction_id``, not in the path.

The parameter comes in the query string, or in the form body of a POST; a missing or
empty one names no commune (the Open311 views then answer the standard's 400).
"""

from __future__ import annotations

from pyramid.request import Request


def jurisdiction_slug(request: Request) -> str | None:
    """The commune slug an Open311 request names."""
    return request.params.get("jurisdiction_id") or None
