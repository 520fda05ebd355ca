"""Copy-request pages: the staff queue and each request's page, the counter's form, the
resident's online form, the diaspora form, and the public tracking page by code.

Paying is the payments module's page (``/{commune}/pay/civil_status.request/{code}``):
this module only links to it, the payments module finds the request as a payable.
"""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPFound, HTTPSeeOther
from pyramid.i18n import TranslationString
from pyramid.interfaces import IRoutesMapper
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from civil_status.models import CopyRequest
from civil_status.payables import KIND
from civil_status.permissions import Perm
from civil_status.profiles import profile
from civil_status.request_schemas import (
    CHANNEL_NAMES,
    COPY_TYPES,
    DELIVERY_NAMES,
    ID_DOCUMENT_NAMES,
    REFUSAL_NAMES,
    REGISTRY_REFUSAL_NAMES,
    RELATION_NAMES,
    STATE_NAMES,
    PostSchema,
    RefuseSchema,
    TrackSchema,
    request_schema,
)
from civil_status.request_workflow import REQUEST_WORKFLOW
from civil_status.services import acts
from civil_status.services import requests as copies
from municipality.errors import NotFound, ValidationFailed
from municipality.files import file_store
from municipality.forms import FORM_PAGE, Link, form_page, make_form, submitted
from municipality.i18n import _
from municipality.pagination import paginate

LABELS = {
    "copy_types": COPY_TYPES,
    "channels": CHANNEL_NAMES,
    "relations": RELATION_NAMES,
    "id_documents": ID_DOCUMENT_NAMES,
    "deliveries": DELIVERY_NAMES,
    "refusals": {**REFUSAL_NAMES, **REGISTRY_REFUSAL_NAMES},
    "states": STATE_NAMES,
}
STAFF_CHANNELS = ["counter", "consulate"]
PAY_ROUTE = "payments.pay"
STAFF_ACTIONS = ("accept", "refuse", "issue", "hand_over", "post", "forward")
# The moves a button makes on a request's page: a bureau issues, a front office forwards.
BUREAU_BUTTONS = ("accept", "issue", "hand_over")
FRONT_OFFICE_BUTTONS = ("forward", "hand_over")
ACTION_DONE = {
    "accept": _("The request now awaits payment."),
    "refuse": _("The request is refused."),
    "issue": _("The copy is issued."),
    "hand_over": _("The copy is handed over."),
    "post": _("The copy is recorded as posted."),
    "link": _("The act is linked to the request."),
    "forward": _("The request is forwarded to the national registry."),
}


def _flash(request: Request, message: str, queue: str = "success") -> None:
    request.session.flash(request.localizer.translate(message), queue)


def _attorney(request: Request) -> bytes | None:
    """The uploaded power of attorney, read one byte past the limit at most."""
    upload = request.POST.get("attorney")
    if not hasattr(upload, "file") or not getattr(upload, "filename", None):
        return None
    try:
        data: bytes = upload.file.read(copies.ATTORNEY_MAX_BYTES + 1)
    finally:
        upload.file.close()
    return data


def _copy_types(request: Request) -> list[str]:
    return copies.copy_types(profile(request.commune.country_profile))


def _filled(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def _submit_form(
    request: Request,
    *,
    heading: Any,
    intro: Any,
    channel: str | None,
    abroad: bool = False,
    account_email: str | None = None,
    done: Any,
) -> dict[str, Any] | HTTPFound:
    """The request form of one channel: valid input submits; a refusal shows it again."""
    schema = request_schema(
        _copy_types(request), channels=None if channel else STAFF_CHANNELS, abroad=abroad
    )
    form = make_form(
        request, schema.bind(request=request), buttons=[("send", _("Send the request"))]
    )
    slug = request.commune.slug
    page = form_page(
        request,
        heading,
        intro=intro,
        links=[
            Link(
                request.route_url("civil_status.track.lookup", commune=slug), _("Follow a request")
            ),
            *(
                [
                    Link(
                        request.route_url("civil_status.mine", commune=slug),
                        _("My civil-status requests"),
                    )
                ]
                if account_email
                else []
            ),
        ],
    )
    data, html = submitted(
        form,
        request,
        {"language": request.locale_name if request.locale_name in ("ar", "fr") else "fr"},
    )
    if data is None:
        return page.with_form(html)
    try:
        made = copies.submit(
            request.dbsession,
            request.registry,
            actor=str(request.baladiya_identity.label) if request.baladiya_identity else "public",
            commune=request.commune,
            channel=channel or data.pop("channel"),
            data=data,
            attorney=_attorney(request),
            account_email=account_email,
        )
    except ValidationFailed as refusal:
        request.response.status = 400
        _flash(request, refusal.detail, "error")
        return page.with_form(form.render(_filled(data)))
    _flash(request, _(str(done), mapping={"code": made.code}))
    return HTTPFound(location=done_url(request, made, staff=channel is None))


def done_url(request: Request, made: CopyRequest, *, staff: bool) -> str:
    slug = request.commune.slug
    if staff:
        return request.route_url("civil_status.request", commune=slug, public_id=made.public_id)
    return request.route_url("civil_status.track", commune=slug, code=made.code)


# --- Staff -------------------------------------------------------------------------------


@view_config(
    route_name="civil_status.requests",
    renderer="civil_status:templates/requests_queue.jinja2",
    permission=Perm.HANDLE_REQUEST,
    requires_module="civil_status",
)
def request_queue(request: Request) -> dict[str, Any]:
    """The requests to handle, searchable by code or name, filtered by state and channel."""
    params = request.GET

    def choice(name: str, allowed: dict[str, Any]) -> str | None:
        value = params.get(name) or None
        return value if value in allowed else None

    filters = copies.Filters(
        text=(params.get("q") or "")[:100],
        state=choice("state", STATE_NAMES),
        channel=choice("channel", CHANNEL_NAMES),
        copy_type=choice("copy_type", COPY_TYPES),
    )
    page = paginate(request, request.dbsession, copies.query(filters))
    return {"page": page, "filters": filters, **LABELS}


@view_config(
    route_name="civil_status.request.new",
    renderer=FORM_PAGE,
    permission=Perm.HANDLE_REQUEST,
    requires_module="civil_status",
)
def request_new(request: Request) -> dict[str, Any] | HTTPFound:
    """A request taken at the counter, or received from a consulate."""
    return _submit_form(
        request,
        heading=_("New copy request"),
        intro=_("Check the requester's identity document before sending."),
        channel=None,
        done=_("Request ${code} recorded."),
    )


def _action_forms(request: Request, item: CopyRequest) -> dict[str, str]:
    slug = request.commune.slug
    open_ = {t.action for t in REQUEST_WORKFLOW.open_actions(item.state, request.permissions)}

    def url(action: str) -> str:
        return request.route_url(
            "civil_status.request.action", commune=slug, public_id=item.public_id, action=action
        )

    forms: dict[str, str] = {}
    if "refuse" in open_:
        forms["refuse"] = make_form(
            request,
            RefuseSchema(),
            buttons=[("refuse", _("Refuse"))],
            action=url("refuse"),
            formid="refuse",
            focus="off",
        ).render({})
    if "post" in open_ and item.delivery == "post":
        forms["post"] = make_form(
            request,
            PostSchema(),
            buttons=[("post", _("Record the posting"))],
            action=url("post"),
            formid="post",
            focus="off",
        ).render({})
    return forms


@view_config(
    route_name="civil_status.request",
    renderer="civil_status:templates/request.jinja2",
    permission=Perm.HANDLE_REQUEST,
    requires_module="civil_status",
)
def request_detail(request: Request) -> dict[str, Any]:
    """One request: who asks, for which act, its steps, and what the agent may do now."""
    session = request.dbsession
    item = copies.get(session, request.matchdict["public_id"])
    candidates = []
    if item.act is None and item.state == "submitted" and item.subject_name:
        candidates = acts.find(session, acts.Search(name=item.subject_name, kind="birth"))[:10]
    front_office = copies.forwards(request.commune)
    offered = FRONT_OFFICE_BUTTONS if front_office else BUREAU_BUTTONS
    buttons = [
        t.action
        for t in REQUEST_WORKFLOW.open_actions(item.state, request.permissions)
        if t.action in offered
    ]
    return {
        "item": item,
        "buttons": buttons,
        "forms": _action_forms(request, item),
        "candidates": candidates,
        "pay_url": pay_url(request, item),
        "front_office": front_office,
        **LABELS,
    }


@view_config(
    route_name="civil_status.request.action",
    permission=Perm.HANDLE_REQUEST,
    request_method="POST",
    requires_module="civil_status",
)
def request_action(request: Request) -> HTTPFound:
    """Accept, refuse, issue, hand over, post, or link the act found; each audited."""
    session = request.dbsession
    item = copies.get(session, request.matchdict["public_id"])
    action = request.matchdict["action"]
    actor = str(request.baladiya_identity.label)
    if action == "link":
        copies.link_act(
            session, actor=actor, request=item, act=acts.get(session, request.POST.get("act", ""))
        )
    elif action in STAFF_ACTIONS:
        data = _action_data(request, action)
        copies.move(
            session,
            request.registry,
            item,
            action,
            actor=actor,
            permissions=request.permissions,
            data=data,
        )
    else:
        raise NotFound(_("This action does not exist."))
    _flash(request, ACTION_DONE[action])
    return HTTPFound(
        request.route_url(
            "civil_status.request", commune=request.commune.slug, public_id=item.public_id
        )
    )


def _action_data(request: Request, action: str) -> dict[str, Any]:
    """The refusal's reason or the posting's tracking reference, validated."""
    schema = {"refuse": RefuseSchema, "post": PostSchema}.get(action)
    if schema is None:
        return {}
    form = make_form(request, schema(), formid=action)
    data, _html = submitted(form, request)
    if data is None:
        raise ValidationFailed(_("Check the form: a field is missing or wrong."))
    return data


@view_config(
    route_name="civil_status.request.attorney",
    permission=Perm.HANDLE_REQUEST,
    requires_module="civil_status",
)
def request_attorney(request: Request) -> Response:
    """The power of attorney the requester uploaded, for the agent to check."""
    item = copies.get(request.dbsession, request.matchdict["public_id"])
    if item.attorney_sha256 is None:
        raise NotFound(_("This request has no power of attorney."))
    body = file_store(request.registry).read(request.dbsession, item.attorney_sha256)
    response = Response(body=body, content_type="application/pdf")
    response.content_disposition = "inline"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def pay_url(request: Request, item: CopyRequest) -> str | None:
    """The payments module's page for this request's fee, when the application has it."""
    mapper = request.registry.queryUtility(IRoutesMapper)
    if item.state != "awaiting_payment" or mapper.get_route(PAY_ROUTE) is None:
        return None
    return request.route_url(
        PAY_ROUTE, commune=request.commune.slug, kind=KIND, reference=item.code
    )


# --- Residents, the diaspora, and anyone holding a code ----------------------------------

FORWARDED_INTRO = _(
    "The commune sends your request to the national registry, which keeps the acts: you are "
    "told when the copy is ready at the counter or posted to you."
)


def _intro(request: Request, issued_here: TranslationString) -> TranslationString:
    """What the form promises: a copy issued and paid here, or, in a front office, the
    national registry's copy, which the commune neither issues nor charges for."""
    return FORWARDED_INTRO if copies.forwards(request.commune) else issued_here


@view_config(
    route_name="civil_status.public.request", renderer=FORM_PAGE, requires_module="civil_status"
)
def online_request(request: Request) -> dict[str, Any] | HTTPFound:
    """A resident signed in asks for a copy online; others are sent to log in first."""
    identity = request.baladiya_identity
    user = identity.user if identity is not None else None
    if user is None:
        return HTTPFound(location=request.route_url("login", _query={"next": request.path}))
    return _submit_form(
        request,
        heading=_("Request a civil-status copy"),
        intro=_intro(
            request, _("The copy is issued once the fee is paid online; you download it here.")
        ),
        channel="online",
        account_email=user.email,
        done=_("Request ${code} sent. Keep this code to follow it."),
    )


@view_config(
    route_name="civil_status.mine",
    renderer="civil_status:templates/requests_mine.jinja2",
    requires_module="civil_status",
)
def my_requests(request: Request) -> dict[str, Any] | HTTPFound:
    """The signed-in resident's own online requests, newest first, each with its state."""
    identity = request.baladiya_identity
    user = identity.user if identity is not None else None
    if user is None:
        return HTTPFound(location=request.route_url("login", _query={"next": request.path}))
    page = paginate(request, request.dbsession, copies.mine(user.email))
    return {"page": page, **LABELS}


@view_config(
    route_name="civil_status.public.abroad", renderer=FORM_PAGE, requires_module="civil_status"
)
def abroad_request(request: Request) -> dict[str, Any] | HTTPFound:
    """The diaspora's form: no account needed, the copy downloaded or posted abroad."""
    return _submit_form(
        request,
        heading=_("Request a copy from abroad"),
        intro=_intro(
            request,
            _(
                "Living abroad? Ask for a copy of an act of this commune, paid online, "
                "downloaded or posted to you."
            ),
        ),
        channel="diaspora",
        abroad=True,
        done=_("Request ${code} sent. Keep this code to follow it."),
    )


@view_config(
    route_name="civil_status.track.lookup", renderer=FORM_PAGE, requires_module="civil_status"
)
def track_lookup(request: Request) -> dict[str, Any] | HTTPFound:
    """Enter a request's code to see where it stands."""
    form = make_form(request, TrackSchema(), buttons=[("track", _("Follow"))])
    page = form_page(
        request, _("Follow a civil-status request"), intro=_("Enter the code you were given.")
    )
    data, html = submitted(form, request)
    if data is None:
        return page.with_form(html)
    code = copies.normalise_code(data["code"])
    return HTTPFound(
        location=request.route_url("civil_status.track", commune=request.commune.slug, code=code)
    )


@view_config(
    route_name="civil_status.track",
    renderer="civil_status:templates/requests_track.jinja2",
    requires_module="civil_status",
)
def track(request: Request) -> dict[str, Any]:
    """Where a request stands, for whoever holds its code: no one's identity shown."""
    item = copies.by_code(request.dbsession, request.matchdict["code"])
    return {"item": item, "pay_url": pay_url(request, item), **LABELS}


@view_config(
    route_name="civil_status.track.copy", request_method="GET", requires_module="civil_status"
)
def track_copy(request: Request) -> Response:
    """The issued copy, sealed; reading it changes nothing (see ``track_collect``)."""
    item = copies.by_code(request.dbsession, request.matchdict["code"])
    body = copies.copy_pdf(request.dbsession, request.registry, item)
    response = Response(body=body, content_type="application/pdf")
    response.content_disposition = f'inline; filename="{item.document_number}.pdf"'
    return response


@view_config(
    route_name="civil_status.track.collect", request_method="POST", requires_module="civil_status"
)
def track_collect(request: Request) -> HTTPSeeOther:
    """The download button: the requester takes the copy (the request is delivered), then
    reads it at its address."""
    item = copies.by_code(request.dbsession, request.matchdict["code"])
    copies.collect(request.dbsession, request.registry, item, actor=f"requester:{item.code}")
    return HTTPSeeOther(
        location=request.route_url(
            "civil_status.track.copy", commune=request.commune.slug, code=item.code
        )
    )
