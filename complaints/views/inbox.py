"""The staff inbox: the list with its filters, a complaint's page, its actions and notes.

The detail page offers exactly the actions the workflow opens to the user now, the note
and reply forms their role allows, and nearby duplicates to those who may merge.
"""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPForbidden, HTTPFound
from pyramid.request import Request
from pyramid.view import view_config

from complaints.permissions import Perm
from complaints.schemas import KINDS, NoteSchema
from complaints.services.categories import categories
from complaints.services.duplicates import merge, primary_of
from complaints.services.filing import get
from complaints.services.handling import act, add_event
from complaints.services.inbox import inbox, is_overdue, open_count, overdue_count
from complaints.services.photos import photos_by_complaint, photos_of
from complaints.views import category_name, category_param, nearby_duplicates
from complaints.workflow import COMPLAINT_WORKFLOW, OPEN_STATES, STATES
from municipality.db import utcnow
from municipality.forms import make_form, submitted
from municipality.i18n import _
from municipality.pagination import paginate
from municipality.views.shell import WorkQueue

FILTER_STATES = ("open", *STATES)


def work_queues(request: Request) -> list[WorkQueue]:
    """The dashboard shows how many complaints still wait for an answer."""
    if not request.has_permission(Perm.VIEW):
        return []
    title = request.localizer.translate(_("Open complaints"))
    url = request.route_url(
        "complaints.list", commune=request.commune.slug, _query={"state": "open"}
    )
    return [WorkQueue(title, open_count(request.dbsession), url)]


def overdue_work_queues(request: Request) -> list[WorkQueue]:
    """The dashboard's queue of complaints past their acknowledge or resolve target."""
    if not request.has_permission(Perm.VIEW):
        return []
    title = request.localizer.translate(_("Overdue complaints"))
    url = request.route_url(
        "complaints.list", commune=request.commune.slug, _query={"overdue": "1"}
    )
    return [WorkQueue(title, overdue_count(request.dbsession, utcnow()), url)]


def inbox_filters(request: Request) -> dict[str, Any]:
    """The inbox's filters read from the query string; the list and its map share them."""
    state = request.params.get("state") if request.params.get("state") in FILTER_STATES else None
    return {
        "state": state,
        "q": (request.params.get("q") or "").strip()[:100],
        "category": category_param(request),
        "overdue": request.params.get("overdue") == "1",
    }


@view_config(
    route_name="complaints.list",
    renderer="complaints:templates/list.jinja2",
    permission=Perm.VIEW,
    requires_module="complaints",
)
def complaint_list(request: Request) -> dict[str, Any]:
    filters = inbox_filters(request)
    state, text, category, overdue = (filters[k] for k in ("state", "q", "category", "overdue"))
    all_categories = categories(request.dbsession)
    now = utcnow()
    page = paginate(request, request.dbsession, inbox(filters, now))
    return {
        "page": page,
        "photos": photos_by_complaint(request.dbsession, page.items),
        "overdue": overdue,
        "is_overdue": lambda c: is_overdue(c, now),
        "state": state,
        "q": text,
        "states": FILTER_STATES,
        "category": str(category.public_id) if category else "",
        "categories": [(str(c.public_id), category_name(request, c)) for c in all_categories],
        "category_name": lambda c: category_name(request, c),
    }


def _note_forms(request: Request, complaint: Any) -> dict[str, str]:
    """The internal-note and public-reply forms the user's role allows."""
    action = request.route_url(
        "complaints.request.note", commune=request.commune.slug, public_id=complaint.public_id
    )
    kinds = (
        ("note", Perm.NOTE, _("Add internal note")),
        ("reply", Perm.REPLY, _("Send public reply")),
    )
    return {
        kind: make_form(
            request, NoteSchema(), buttons=[(kind, label)], action=action, formid=kind
        ).render({})
        for kind, permission, label in kinds
        if request.has_permission(permission)
    }


@view_config(
    route_name="complaints.request",
    renderer="complaints:templates/complaint.jinja2",
    permission=Perm.VIEW,
    requires_module="complaints",
)
def complaint_detail(request: Request) -> dict[str, Any]:
    complaint = get(request.dbsession, request.matchdict["public_id"])
    return {
        "complaint": complaint,
        "category": category_name(request, complaint.category),
        "kind": request.localizer.translate(dict(KINDS)[complaint.kind]),
        "actions": COMPLAINT_WORKFLOW.open_actions(complaint.state, request.permissions),
        "forms": _note_forms(request, complaint),
        "is_open": complaint.state in OPEN_STATES,
        "is_overdue": is_overdue(complaint),
        "photos": photos_of(request.dbsession, complaint),
        "duplicates": nearby_duplicates(request, complaint),
        "merged_into": primary_of(request.dbsession, complaint),
    }


@view_config(
    route_name="complaints.request.action",
    permission=Perm.VIEW,
    request_method="POST",
    requires_module="complaints",
)
def complaint_action(request: Request) -> HTTPFound:
    """Every workflow action; the workflow itself checks the action's own permission."""
    complaint = get(request.dbsession, request.matchdict["public_id"])
    identity = request.baladiya_identity
    act(
        request.dbsession,
        actor=identity.label,
        complaint=complaint,
        action=request.matchdict["action"],
        permissions=request.permissions,
        data={"reason": request.POST.get("reason", "")},
        assignee_id=identity.user.id if identity.user is not None else None,
    )
    request.session.flash(request.localizer.translate(_("Complaint updated.")), "success")
    return HTTPFound(
        location=request.route_url(
            "complaints.request", commune=request.commune.slug, public_id=complaint.public_id
        )
    )


@view_config(
    route_name="complaints.request.note",
    renderer="complaints:templates/complaint.jinja2",
    permission=Perm.VIEW,
    request_method="POST",
    requires_module="complaints",
)
def complaint_note(request: Request) -> dict[str, Any] | HTTPFound:
    """An internal note (button "note") or a public reply (button "reply")."""
    complaint = get(request.dbsession, request.matchdict["public_id"])
    kind = "reply" if "reply" in request.POST else "note"
    if not request.has_permission(Perm.REPLY if kind == "reply" else Perm.NOTE):
        raise HTTPForbidden()
    form = make_form(request, NoteSchema(), buttons=[(kind, _("Send"))], formid=kind)
    data, html = submitted(form, request)
    if data is None:
        result = complaint_detail(request)
        result["forms"][kind] = html
        return result
    add_event(
        request.dbsession,
        actor=request.baladiya_identity.label,
        complaint=complaint,
        kind=kind,
        body=data["body"],
    )
    message = _("Reply sent.") if kind == "reply" else _("Note added.")
    request.session.flash(request.localizer.translate(message), "success")
    return HTTPFound(
        location=request.route_url(
            "complaints.request", commune=request.commune.slug, public_id=complaint.public_id
        )
    )


@view_config(
    route_name="complaints.request.merge",
    permission=Perm.MERGE,
    request_method="POST",
    requires_module="complaints",
)
def complaint_merge(request: Request) -> HTTPFound:
    """Close the complaint ``public_id`` as a duplicate of the open complaint ``other_id``."""
    duplicate = get(request.dbsession, request.matchdict["public_id"])
    primary = get(request.dbsession, request.matchdict["other_id"])
    merge(
        request.dbsession,
        actor=request.baladiya_identity.label,
        duplicate=duplicate,
        primary=primary,
    )
    request.session.flash(
        request.localizer.translate(_("The complaint was merged into the other.")), "success"
    )
    return HTTPFound(
        location=request.route_url(
            "complaints.request", commune=request.commune.slug, public_id=primary.public_id
        )
    )
