"""Who read a person's act: the page printed at the counter, and the resident's own page
listing the reads of the acts an agent vouched are theirs."""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.view import view_config

from civil_status.permissions import Perm
from civil_status.schemas import READ_REASONS
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
    return {"act": act, "accesses": found, "reasons": READ_REASONS}


@view_config(
    route_name="civil_status.mine.reads",
    renderer="civil_status:templates/readers_mine.jinja2",
    request_method="GET",
    requires_module="civil_status",
)
def my_reads(request: Request) -> dict[str, Any] | HTTPFound:
    """The signed-in resident's own acts and who read each; showing them is a logged read."""
    identity = request.baladiya_identity
    user = identity.user if identity is not None else None
    if user is None:
        return HTTPFound(location=request.route_url("login", _query={"next": request.path}))
    found = readers.for_the_resident(
        request.dbsession, account_email=user.email, actor=str(identity.label)
    )
    return {"own": found, "reasons": READ_REASONS, "resident_reason": readers.RESIDENT_REASON}
