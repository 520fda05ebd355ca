"""The residents' pages: filing a complaint, following it with its code, the public list.

Anyone may file, without an account. Holding the tracking code lets the reporter see the
state, the dates and the public replies (never internal notes), rate the resolution and,
for a while, reopen it. The public list shows each complaint's public view
(:mod:`complaints.services.publication`): no one's identity, and no more than the
commune's publication policy allows.
"""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.view import view_config

from complaints.schemas import (
    ComplaintSchema,
    ContestSchema,
    RatingSchema,
    located,
    with_photos,
)
from complaints.services.categories import categories
from complaints.services.filing import by_tracking_code, file_complaint, normalise_tracking_code
from complaints.services.handling import public_replies
from complaints.services.inbox import query
from complaints.services.photos import attach, photos_by_complaint, photos_of
from complaints.services.publication import PublicComplaint, policy_of, public_view
from complaints.services.residents import can_rate, can_reopen, check_can_rate, rate, reopen
from complaints.views import category_name, category_param, refused
from complaints.views.photos import read_uploads, store_of
from complaints.workflow import REOPEN_DAYS, STATES
from municipality.areas import provider_of
from municipality.errors import Conflict, ValidationFailed
from municipality.forms import FORM_PAGE, Link, form_page, make_form, submitted
from municipality.i18n import _
from municipality.pagination import paginate


@view_config(
    route_name="complaints.public",
    renderer=FORM_PAGE,
    requires_module="complaints",
)
def complaint_new(request: Request) -> dict[str, Any] | HTTPFound:
    """Anyone may file, without an account; name, e-mail and phone are optional."""
    choices = [(str(c.public_id), category_name(request, c)) for c in categories(request.dbsession)]
    schema = with_photos(ComplaintSchema()).bind(categories=choices, request=request)
    form = make_form(request, schema, buttons=[("send", _("Send"))])
    slug = request.commune.slug
    page = form_page(
        request,
        _("Report a problem"),
        intro=_(
            "Describe the problem and where it is. You will get a code to follow it; "
            "leave an e-mail or a phone number to be told of each step."
        ),
        links=[
            Link(
                request.route_url("complaints.track.lookup", commune=slug),
                _("Follow a complaint you filed"),
            ),
            Link(
                request.route_url("complaints.public.list", commune=slug),
                _("See the complaints of the commune"),
            ),
            Link(request.route_url("complaints.mine", commune=slug), _("My complaints")),
        ],
    )
    data, html = submitted(form, request)
    if data is None:
        return page.with_form(html)
    try:
        images = read_uploads(request)
    except ValidationFailed as refusal:
        return page.with_form(refused(form, request, refusal, "photos"))
    identity = getattr(request, "baladiya_identity", None)
    user = identity.user if identity is not None else None
    actor = identity.label if identity is not None and user is not None else "public"
    complaint = file_complaint(
        request.dbsession,
        actor=actor,
        commune=request.commune,
        data=located(data),
        channel="web",
        reporter_user_id=user.id if user is not None else None,
        area=provider_of(request.registry),
    )
    attach(
        request.dbsession,
        actor=actor,
        complaint=complaint,
        images=images,
        store=store_of(request),
    )
    request.session.flash(
        request.localizer.translate(
            _(
                "Your complaint was received. Keep its tracking code: ${code}.",
                mapping={"code": complaint.tracking_code},
            )
        ),
        "success",
    )
    return HTTPFound(
        location=request.route_url(
            "complaints.track",
            commune=request.commune.slug,
            tracking_code=complaint.tracking_code,
        )
    )


@view_config(
    route_name="complaints.track.lookup",
    renderer="complaints:templates/lookup.jinja2",
    requires_module="complaints",
)
def complaint_lookup(request: Request) -> dict[str, Any] | HTTPFound:
    """A resident types the tracking code they were given and lands on its page."""
    code = normalise_tracking_code(request.GET.get("code", ""))[:32]
    if code:
        return HTTPFound(
            location=request.route_url(
                "complaints.track", commune=request.commune.slug, tracking_code=code
            )
        )
    return {}


@view_config(
    route_name="complaints.track",
    renderer="complaints:templates/track.jinja2",
    requires_module="complaints",
)
def complaint_track(request: Request) -> dict[str, Any]:
    """What the reporter may see: state, dates and public replies, never internal notes.

    Once the commune resolved it, the reporter may rate it and, for a while, reopen it.
    """
    complaint = by_tracking_code(request.dbsession, request.matchdict["tracking_code"])
    return {
        "complaint": complaint,
        "category": category_name(request, complaint.category),
        "replies": public_replies(complaint),
        "photos": photos_of(request.dbsession, complaint),
        "forms": _reporter_forms(request, complaint),
        "reopen_days": REOPEN_DAYS,
    }


REPORTER_FORMS = {
    "rate": (RatingSchema, _("Send my rating")),
    "contest": (ContestSchema, _("Reopen my complaint")),
}


def _reporter_form(request: Request, kind: str) -> Any:
    schema, label = REPORTER_FORMS[kind]
    return make_form(request, schema(), buttons=[(kind, label)], formid=kind, focus="off")


def _reporter_forms(request: Request, complaint: Any) -> dict[str, str]:
    """The rating and reopening forms, each only while the reporter may still use it."""
    forms = {}
    if can_rate(complaint):
        forms["rate"] = _reporter_form(request, "rate").render({})
    if can_reopen(complaint):
        forms["contest"] = _reporter_form(request, "contest").render({})
    return forms


def _reporter_label(request: Request) -> str:
    """The audit's name for a reporter: their account if logged in, else "reporter"."""
    identity = request.baladiya_identity
    return identity.label if identity is not None and identity.user is not None else "reporter"


@view_config(
    route_name="complaints.track",
    renderer="complaints:templates/track.jinja2",
    request_method="POST",
    requires_module="complaints",
)
def complaint_track_post(request: Request) -> dict[str, Any] | HTTPFound:
    """The reporter rates the resolution (button "rate") or reopens it (button "contest")."""
    complaint = by_tracking_code(request.dbsession, request.matchdict["tracking_code"])
    contest = "contest" in request.POST
    if contest and not can_reopen(complaint):
        raise Conflict(
            _(
                "This complaint can no longer be reopened: that is possible only within "
                "${days} days of its resolution.",
                mapping={"days": REOPEN_DAYS},
            )
        )
    if not contest:
        check_can_rate(complaint)
    kind = "contest" if contest else "rate"
    data, html = submitted(_reporter_form(request, kind), request)
    if data is None:
        page = complaint_track(request)
        page["forms"][kind] = html
        return page
    if contest:
        reopen(
            request.dbsession,
            actor=_reporter_label(request),
            complaint=complaint,
            reason=data["reason"],
        )
        message = _("Your complaint was reopened; the department in charge will look at it again.")
    else:
        rate(
            request.dbsession,
            actor=_reporter_label(request),
            complaint=complaint,
            rating=data["rating"],
            comment=data["comment"],
        )
        message = _("Thank you for your rating.")
    request.session.flash(request.localizer.translate(message), "success")
    return HTTPFound(location=request.path_url)


def _public_row(request: Request, shown: PublicComplaint, photos: list[str]) -> dict[str, Any]:
    return {
        "category": category_name(request, shown.category),
        "department": shown.category.department,
        "state": shown.state,
        "area": shown.area,
        "address": shown.address,
        "description": shown.description,
        "filed": shown.created_at,
        "resolved": shown.resolved_at,
        "photos": photos,
    }


@view_config(
    route_name="complaints.public.list",
    renderer="complaints:templates/public_list.jinja2",
    requires_module="complaints",
)
def public_list(request: Request) -> dict[str, Any]:
    """The commune's complaints for anyone, as its publication policy shows them."""
    states = ("open", *STATES)
    state = request.params.get("state") if request.params.get("state") in states else None
    category = category_param(request)
    page = paginate(request, request.dbsession, query(state=state, category=category))
    pictures = photos_by_complaint(request.dbsession, page.items)
    policy = policy_of(request.dbsession)
    rows = [
        _public_row(request, public_view(c, policy), [str(p.public_id) for p in pictures[c.id]])
        for c in page.items
    ]
    return {
        "page": page,
        "rows": rows,
        "state": state,
        "states": states,
        "category": str(category.public_id) if category else "",
        "categories": [
            (str(c.public_id), category_name(request, c)) for c in categories(request.dbsession)
        ],
    }
