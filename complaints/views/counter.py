"""The counter: an agent files a complaint for a resident who came in or called.

The form validates like the resident's own (same schema, same service) and adds how the
resident reached the commune. The receipt page prints the tracking code to hand over or
read out, and offers the open complaints nearby that this one may duplicate.
"""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.view import view_config

from complaints.permissions import Perm
from complaints.schemas import CounterSchema, located
from complaints.services.categories import categories
from complaints.services.filing import file_complaint, get
from complaints.views import category_name, nearby_duplicates
from municipality.areas import provider_of
from municipality.forms import FORM_PAGE, Link, form_page, make_form, submitted
from municipality.i18n import _


@view_config(
    route_name="complaints.counter",
    renderer=FORM_PAGE,
    permission=Perm.FILE,
    requires_module="complaints",
)
def counter_new(request: Request) -> dict[str, Any] | HTTPFound:
    """File on a resident's behalf; the complaint's channel is the counter."""
    choices = [(str(c.public_id), category_name(request, c)) for c in categories(request.dbsession)]
    form = make_form(
        request,
        CounterSchema().bind(categories=choices, request=request),
        buttons=[("file", _("File the complaint"))],
    )
    page = form_page(
        request,
        _("New complaint at the counter"),
        intro=_(
            "For a resident who came in or called. Note their contact details if they "
            "want to be told of each step; give them the tracking code on the next page."
        ),
        links=[
            Link(
                request.route_url("complaints.list", commune=request.commune.slug),
                _("Back to the complaints"),
            )
        ],
    )
    data, html = submitted(form, request)
    if data is None:
        return page.with_form(html)
    complaint = file_complaint(
        request.dbsession,
        actor=request.baladiya_identity.label,
        commune=request.commune,
        data=located(data),
        channel="counter",
        area=provider_of(request.registry),
    )
    return HTTPFound(
        location=request.route_url(
            "complaints.request.receipt",
            commune=request.commune.slug,
            public_id=complaint.public_id,
        )
    )


@view_config(
    route_name="complaints.request.receipt",
    renderer="complaints:templates/receipt.jinja2",
    permission=Perm.VIEW,
    requires_module="complaints",
)
def counter_receipt(request: Request) -> dict[str, Any]:
    """The tracking code to print for the resident, and possible duplicates to merge."""
    complaint = get(request.dbsession, request.matchdict["public_id"])
    return {
        "complaint": complaint,
        "category": category_name(request, complaint.category),
        "track_url": request.route_url(
            "complaints.track",
            commune=request.commune.slug,
            tracking_code=complaint.tracking_code,
        ),
        "duplicates": nearby_duplicates(request, complaint),
    }
