"""Complaint pages: the resident's form and tracking page, the staff inbox and detail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pyramid.httpexceptions import HTTPForbidden, HTTPFound
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import Select

from complaints import duplicates, jobs, photos, residents, services, statistics
from complaints.models import Category, Complaint
from complaints.schemas import KINDS, ComplaintSchema, ContestSchema, NoteSchema, RatingSchema
from complaints.workflow import COMPLAINT_WORKFLOW, OPEN_STATES, REOPEN_DAYS, Perm
from municipality.areas import provider_of
from municipality.db import utcnow
from municipality.errors import Conflict, NotFound, ValidationFailed
from municipality.forms import make_form, submitted
from municipality.i18n import _
from municipality.pagination import paginate
from municipality.views.shell import WorkQueue

STATE_ORDER = (
    "received",
    "acknowledged",
    "assigned",
    "in_progress",
    "resolved",
    "closed",
    "rejected",
)
FILTER_STATES = ("open", *STATE_ORDER)


def category_name(request: Request, category: Category) -> str:
    return category.name_ar if request.locale_name == "ar" else category.name_fr


def work_queues(request: Request) -> list[WorkQueue]:
    """The dashboard shows how many complaints still wait for an answer."""
    if not request.has_permission(Perm.VIEW):
        return []
    title = request.localizer.translate(_("Open complaints"))
    url = request.route_url(
        "complaints.list", commune=request.commune.slug, _query={"state": "open"}
    )
    return [WorkQueue(title, services.open_count(request.dbsession), url)]


# --- Residents ----------------------------------------------------------------------------


@view_config(
    route_name="complaints.public",
    renderer="municipality:templates/form_page.jinja2",
    requires_module="complaints",
)
def complaint_new(request: Request) -> dict[str, Any] | HTTPFound:
    """Anyone may file, without an account; name, e-mail and phone are optional."""
    choices = [
        (str(c.public_id), category_name(request, c))
        for c in services.categories(request.dbsession)
    ]
    schema = photos.with_photos(ComplaintSchema()).bind(categories=choices)
    form = make_form(request, schema, buttons=[("send", _("Send"))])
    page = {
        "heading": request.localizer.translate(_("Report a problem")),
        "intro": request.localizer.translate(
            _(
                "Describe the problem and where it is. You will get a code to follow it; "
                "leave an e-mail or a phone number to be told of each step."
            )
        ),
        "links": [
            {
                "url": request.route_url("complaints.track.lookup", commune=request.commune.slug),
                "title": request.localizer.translate(_("Follow a complaint you filed")),
            },
            {
                "url": request.route_url("complaints.public.list", commune=request.commune.slug),
                "title": request.localizer.translate(_("See the complaints of the commune")),
            },
            {
                "url": request.route_url("complaints.mine", commune=request.commune.slug),
                "title": request.localizer.translate(_("My complaints")),
            },
        ],
    }
    data, html = submitted(form, request)
    if data is None:
        return {**page, "form": html}
    try:
        images = photos.read_uploads(request)
    except ValidationFailed as refusal:
        return {**page, "form": photos.refused(form, request, refusal)}
    identity = getattr(request, "baladiya_identity", None)
    user = identity.user if identity is not None else None
    actor = identity.label if identity is not None and user is not None else "public"
    complaint = services.file_complaint(
        request.dbsession,
        actor=actor,
        commune=request.commune,
        data=data,
        channel="web",
        reporter_user_id=user.id if user is not None else None,
        area=provider_of(request.registry),
    )
    photos.attach(
        request.dbsession,
        actor=actor,
        complaint=complaint,
        images=images,
        store=photos.store_of(request),
        txn=request.tm.get(),
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
    code = services.normalise_tracking_code(request.GET.get("code", ""))[:32]
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
    complaint = services.by_tracking_code(request.dbsession, request.matchdict["tracking_code"])
    return {
        "complaint": complaint,
        "category": category_name(request, complaint.category),
        "replies": services.public_replies(complaint),
        "photos": photos.photos_of(request.dbsession, complaint),
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
    if residents.can_rate(complaint):
        forms["rate"] = _reporter_form(request, "rate").render({})
    if residents.can_reopen(complaint):
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
    complaint = services.by_tracking_code(request.dbsession, request.matchdict["tracking_code"])
    contest = "contest" in request.POST
    if contest and not residents.can_reopen(complaint):
        raise Conflict(
            _(
                "This complaint can no longer be reopened: that is possible only within "
                "${days} days of its resolution.",
                mapping={"days": REOPEN_DAYS},
            )
        )
    if not contest:
        residents.check_can_rate(complaint)
    kind = "contest" if contest else "rate"
    data, html = submitted(_reporter_form(request, kind), request)
    if data is None:
        page = complaint_track(request)
        page["forms"][kind] = html
        return page
    if contest:
        residents.reopen(
            request.dbsession,
            actor=_reporter_label(request),
            complaint=complaint,
            reason=data["reason"],
        )
        message = _("Your complaint was reopened; the department in charge will look at it again.")
    else:
        residents.rate(
            request.dbsession,
            actor=_reporter_label(request),
            complaint=complaint,
            rating=data["rating"],
            comment=data["comment"],
        )
        message = _("Thank you for your rating.")
    request.session.flash(request.localizer.translate(message), "success")
    return HTTPFound(location=request.path_url)


# --- Staff --------------------------------------------------------------------------------


def inbox_filters(request: Request) -> dict[str, Any]:
    """The inbox's filters read from the query string; the list and its map share them."""
    state = request.params.get("state") if request.params.get("state") in FILTER_STATES else None
    category = None
    wanted = request.params.get("category") or ""
    if wanted:
        try:
            category = services.get_category(request.dbsession, wanted)
        except NotFound:
            category = None
    return {
        "state": state,
        "q": (request.params.get("q") or "").strip()[:100],
        "category": category,
        "overdue": request.params.get("overdue") == "1",
    }


def inbox_statement(filters: dict[str, Any], now: datetime) -> Select[tuple[Complaint]]:
    """The complaints the inbox shows for these filters, newest first."""
    stmt = services.query(state=filters["state"], category=filters["category"], text=filters["q"])
    return stmt.where(jobs.overdue_condition(now)) if filters["overdue"] else stmt


@view_config(
    route_name="complaints.list",
    renderer="complaints:templates/list.jinja2",
    permission=Perm.VIEW,
    requires_module="complaints",
)
def complaint_list(request: Request) -> dict[str, Any]:
    filters = inbox_filters(request)
    state, text, category, overdue = (filters[k] for k in ("state", "q", "category", "overdue"))
    all_categories = services.categories(request.dbsession)
    now = utcnow()
    page = paginate(request, request.dbsession, inbox_statement(filters, now))
    return {
        "page": page,
        "photos": photos.photos_by_complaint(request.dbsession, page.items),
        "overdue": overdue,
        "is_overdue": lambda c: jobs.is_overdue(c, now),
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
    complaint = services.get(request.dbsession, request.matchdict["public_id"])
    return {
        "complaint": complaint,
        "category": category_name(request, complaint.category),
        "kind": request.localizer.translate(dict(KINDS)[complaint.kind]),
        "actions": COMPLAINT_WORKFLOW.open_actions(complaint.state, request.permissions),
        "forms": _note_forms(request, complaint),
        "is_open": complaint.state in OPEN_STATES,
        "is_overdue": jobs.is_overdue(complaint),
        "photos": photos.photos_of(request.dbsession, complaint),
        "duplicates": _duplicates(request, complaint),
        "merged_into": (
            request.dbsession.get(type(complaint), complaint.merged_into_id)
            if complaint.merged_into_id is not None
            else None
        ),
    }


@view_config(
    route_name="complaints.request.action",
    permission=Perm.VIEW,
    request_method="POST",
    requires_module="complaints",
)
def complaint_action(request: Request) -> HTTPFound:
    """Every workflow action; the workflow itself checks the action's own permission."""
    complaint = services.get(request.dbsession, request.matchdict["public_id"])
    identity = request.baladiya_identity
    services.act(
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
    complaint = services.get(request.dbsession, request.matchdict["public_id"])
    kind = "reply" if "reply" in request.POST else "note"
    if not request.has_permission(Perm.REPLY if kind == "reply" else Perm.NOTE):
        raise HTTPForbidden()
    form = make_form(request, NoteSchema(), buttons=[(kind, _("Send"))], formid=kind)
    data, html = submitted(form, request)
    if data is None:
        result = complaint_detail(request)
        result["forms"][kind] = html
        return result
    services.add_event(
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


def overdue_work_queues(request: Request) -> list[WorkQueue]:
    """The dashboard's queue of complaints past their acknowledge or resolve target."""
    if not request.has_permission(Perm.VIEW):
        return []
    title = request.localizer.translate(_("Overdue complaints"))
    url = request.route_url(
        "complaints.list", commune=request.commune.slug, _query={"overdue": "1"}
    )
    return [WorkQueue(title, jobs.overdue_count(request.dbsession, utcnow()), url)]


def _duplicates(request: Request, complaint: Any) -> list[tuple[Any, float]]:
    """Open complaints nearby of the same category, offered to staff who may merge."""
    if not request.has_permission(Perm.MERGE):
        return []
    radius = request.registry.settings[duplicates.RADIUS_SETTING]
    return duplicates.candidates(request.dbsession, complaint, radius)


@view_config(
    route_name="complaints.request.merge",
    permission=Perm.MERGE,
    request_method="POST",
    requires_module="complaints",
)
def complaint_merge(request: Request) -> HTTPFound:
    """Close the complaint ``public_id`` as a duplicate of the open complaint ``other_id``."""
    duplicate = services.get(request.dbsession, request.matchdict["public_id"])
    primary = services.get(request.dbsession, request.matchdict["other_id"])
    duplicates.merge(
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


def _statistics(request: Request) -> list[statistics.Row]:
    try:
        months = int(request.params.get("months", statistics.DEFAULT_MONTHS))
    except ValueError:
        months = statistics.DEFAULT_MONTHS
    return statistics.compute(request.dbsession, request.commune, now=utcnow(), months=months)


@view_config(
    route_name="complaints.statistics",
    renderer="complaints:templates/statistics.jinja2",
    permission=Perm.VIEW,
    requires_module="complaints",
)
def complaint_statistics(request: Request) -> dict[str, Any]:
    """Received, resolved, median time and share on target, per month and category."""
    return {
        "rows": _statistics(request),
        "category_name": lambda c: category_name(request, c),
        "months": statistics.DEFAULT_MONTHS,
    }


@view_config(
    route_name="complaints.statistics.xlsx",
    permission=Perm.VIEW,
    requires_module="complaints",
)
def complaint_statistics_xlsx(request: Request) -> Response:
    """The same figures as a formatted workbook, in the reader's language."""
    body = statistics.workbook(
        _statistics(request),
        translate=request.localizer.translate,
        category_name=lambda c: category_name(request, c),
        right_to_left=request.locale_name == "ar",
    )
    filename = f"complaints-statistics-{request.commune.slug}.xlsx"
    return Response(
        body=body,
        content_type=statistics.XLSX_TYPE,
        content_disposition=f'attachment; filename="{filename}"',
    )
