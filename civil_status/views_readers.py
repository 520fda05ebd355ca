"""The page printed at the counter for a person asking who read their act."""

from __future__ import annotations

from typing import Any

from pyramid.request import Request
from pyramid.view import view_config

from civil_status.permissions import Perm
from civil_status.schemas import REASONS
from civil_status.services import acts, readers


@view_config(
    route_name="civil_status.act.readers",
    renderer="civil_status:templates/readers.jinja2",
    permission=Perm.VIEW,
    request_method="GET",
    requires_module="civil_status",
)
def act_readers(request: Request) -> dict[str, Any]:
    """Who read the act, when and why, by office: printed for the person it is about."""
    act = acts.get(request.dbsession, request.matchdict["public_id"])
    found = readers.for_the_person(
        request.dbsession, actor=str(request.baladiya_identity.label), act=act
    )
    return {"act": act, "accesses": found, "reasons": REASONS}
