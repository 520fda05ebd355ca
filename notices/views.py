"""Notice board pages: staff list and form, the public board, the dashboard queue."""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.view import view_config

from municipality.forms import FORM_PAGE, form_page, make_form, submitted
from municipality.i18n import _
from municipality.pagination import paginate
from municipality.views.shell import WorkQueue
from notices import services
from notices.permissions import Perm
from notices.schemas import NoticeSchema
from notices.workflow import NOTICE_WORKFLOW

STATES = ("published", "withdrawn")


def work_queues(request: Request) -> list[WorkQueue]:
    """The dashboard shows how many notices are on the board now."""
    if not request.has_permission(Perm.VIEW):
        return []
    count = services.published_count(request.dbsession)
    title = request.localizer.translate(_("Notices on the board"))
    return [
        WorkQueue(title, count, request.route_url("notices.list", commune=request.commune.slug))
    ]


@view_config(
    route_name="notices.list",
    renderer="notices:templates/list.jinja2",
    permission=Perm.VIEW,
    requires_module="notices",
)
def notice_list(request: Request) -> dict[str, Any]:
    """Every notice of the commune, published or withdrawn, searchable, newest first."""
    state = request.params.get("state") if request.params.get("state") in STATES else None
    text = (request.params.get("q") or "").strip()[:100]
    page = paginate(request, request.dbsession, services.query(state=state, text=text))
    return {
        "page": page,
        "state": state,
        "q": text,
        "states": STATES,
        "can_publish": request.has_permission(Perm.PUBLISH),
    }


@view_config(
    route_name="notices.new",
    renderer=FORM_PAGE,
    permission=Perm.PUBLISH,
    requires_module="notices",
)
def notice_new(request: Request) -> dict[str, Any] | HTTPFound:
    """The form; a valid one publishes at once and opens the new notice."""
    form = make_form(request, NoticeSchema(), buttons=[("publish", _("Publish"))])
    data, html = submitted(form, request, {"language": request.locale_name})
    if data is None:
        return form_page(request, _("New notice")).with_form(html)
    identity = request.baladiya_identity
    notice = services.publish(
        request.dbsession,
        actor=identity.label,
        commune=request.commune,
        data=data,
        author_id=identity.user.id,
    )
    request.session.flash(request.localizer.translate(_("Notice published.")), "success")
    return HTTPFound(
        location=request.route_url(
            "notices.notice", commune=request.commune.slug, public_id=notice.public_id
        )
    )


@view_config(
    route_name="notices.notice",
    renderer="notices:templates/notice.jinja2",
    permission=Perm.VIEW,
    requires_module="notices",
)
def notice_detail(request: Request) -> dict[str, Any]:
    """A notice with exactly the actions the workflow opens to this user now."""
    notice = services.get(request.dbsession, request.matchdict["public_id"])
    actions = NOTICE_WORKFLOW.open_actions(notice.state, request.permissions)
    return {"notice": notice, "actions": actions}


@view_config(
    route_name="notices.notice.action",
    permission=Perm.PUBLISH,
    request_method="POST",
    requires_module="notices",
)
def notice_action(request: Request) -> HTTPFound:
    """Withdraw or republish; the workflow checks the action against the user's permissions."""
    notice = services.get(request.dbsession, request.matchdict["public_id"])
    identity = request.baladiya_identity
    services.act(
        request.dbsession,
        actor=identity.label,
        notice=notice,
        action=request.matchdict["action"],
        permissions=request.permissions,
    )
    request.session.flash(request.localizer.translate(_("Notice updated.")), "success")
    return HTTPFound(
        location=request.route_url(
            "notices.notice", commune=request.commune.slug, public_id=notice.public_id
        )
    )


@view_config(
    route_name="notices.public",
    renderer="notices:templates/public.jinja2",
    requires_module="notices",
)
def public_board(request: Request) -> dict[str, Any]:
    """What residents read: published notices only, without logging in."""
    page = paginate(request, request.dbsession, services.query(state="published"))
    return {"page": page}
