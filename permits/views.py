"""Permits pages: the planners' list, the applicant's file from draft to certificate,
the public follow-up by code, the public register of issued permits, the commission
members' queue and vote, and inspections with their photos.

A file's page is the applicant's and the staff's alike: it shows what each may do, as
the workflow table says for their permissions. An applicant sees only their own files.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import select

from gis import interfaces as gis
from municipality import charts
from municipality.db import utcnow
from municipality.errors import NotFound, ValidationFailed
from municipality.files import file_store
from municipality.forms import Link, form_page, make_form, submitted
from municipality.i18n import _
from municipality.images import MAX_BYTES as MAX_PHOTO_BYTES
from municipality.pagination import paginate
from permits.models import Inspection, PermitFile
from permits.permissions import Perm
from permits.profiles import profile
from permits.schemas import (
    ACTIONS,
    BODIES,
    DECISIONS,
    DOCUMENTS,
    INSPECTION_OUTCOMES,
    KINDS,
    OUTCOMES,
    STATES,
    USE_TITLES,
    VERDICTS,
    VOTE_CHOICES,
    file_data,
    file_defaults,
    file_schema,
    upload_schema,
)
from permits.services import commission, files, handling, inspections, register, rules
from permits.workflow import FILE_WORKFLOW

LABELS = {
    "kinds": KINDS,
    "documents": DOCUMENTS,
    "bodies": BODIES,
    "states": STATES,
    "actions_titles": ACTIONS,
    "verdicts": VERDICTS,
    "outcomes": OUTCOMES,
    "uses": USE_TITLES,
    "decisions": DECISIONS,
    "inspection_outcomes": INSPECTION_OUTCOMES,
    "vote_choices": VOTE_CHOICES,
}
# Actions whose form asks for reasons, conditions or the list of what is missing.
NEEDS_TEXT = frozenset({"return", "approve_with_conditions", "refuse", "refuse_occupancy"})
MAX_UPLOAD_READ = files.MAX_PDF_BYTES + 1
FILE_FORM = "permits:templates/file_form.jinja2"
# The moves that issue a sealed document first, and what the reader is told after.
SEALED_MOVES = {
    "issue": (handling.issue_permit, _("Permit ${number} issued.")),
    "grant_occupancy": (handling.grant_occupancy, _("Occupancy certificate ${number} issued.")),
}


def _actor(request: Request) -> str:
    return str(request.baladiya_identity.label)


def _flash(request: Request, message: str) -> None:
    request.session.flash(request.localizer.translate(message), "success")


def _file_url(request: Request, file: PermitFile) -> str:
    return request.route_url("permits.file", commune=request.commune.slug, public_id=file.public_id)


def _own_file(request: Request) -> PermitFile:
    """The file of the URL, if the reader is its applicant or staff who may see files."""
    file = files.get(request.dbsession, request.matchdict["public_id"])
    if file.applicant_email != _actor(request) and not request.has_permission(Perm.VIEW):
        raise NotFound(_("This permit file does not exist."))
    return file


def _finding_text(request: Request, finding: dict[str, Any]) -> str:
    return files.finding_text(request.localizer.translate, finding)


@view_config(
    route_name="permits.files",
    renderer="permits:templates/files.jinja2",
    permission=Perm.VIEW,
    requires_module="permits",
)
def file_list(request: Request) -> dict[str, Any]:
    """Files in hand, the closest deadlines first, with their remaining working days."""
    state = request.params.get("state", "")
    query = select(PermitFile).order_by(PermitFile.due_on.is_(None), PermitFile.due_on)
    if state in STATES:
        query = query.where(PermitFile.state == state)
    page = paginate(request, request.dbsession, query)
    country = profile(request.commune.country_profile)
    today = utcnow().date()
    return {
        "page": page,
        "state": state,
        "remaining": {f.id: rules.remaining_days(country, f, today) for f in page.items},
        "tacit": {f.id: rules.tacit_pending(country, f, today) for f in page.items},
        **LABELS,
    }


def _figures_form(request: Request, defaults: dict[str, Any] | None) -> tuple[Any, Any]:
    country = profile(request.commune.country_profile)
    form = make_form(request, file_schema(country), buttons=[("save", _("Save the draft"))])
    return submitted(form, request, defaults)


def _with_map(values: dict[str, Any]) -> dict[str, Any]:
    """A form page's values, with the macro that loads the site picker's map."""
    return {**values, "map_assets_macro": gis.MAP_ASSETS}


@view_config(
    route_name="permits.new",
    renderer=FILE_FORM,
    permission=Perm.APPLY,
    requires_module="permits",
)
def file_new(request: Request) -> dict[str, Any] | HTTPFound:
    """A new draft: the applicant gives the site and the figures, then the documents."""
    data, html = _figures_form(
        request, {"applicant_role": "owner", "kind": "building", "use": "housing"}
    )
    page = form_page(
        request,
        _("Apply for a permit"),
        intro=_(
            "Your file is saved as a draft. The zoning plan's rules are checked on the next "
            "page, before you submit it."
        ),
    )
    if data is None:
        return _with_map(page.with_form(html))
    try:
        file = files.create_draft(
            request.dbsession,
            request.commune,
            actor=_actor(request),
            data=file_data(data),
            language=request.locale_name,
        )
    except ValidationFailed as refusal:
        request.response.status = 400
        return _with_map(
            form_page(request, _("Apply for a permit"), intro=refusal.detail).with_form(html)
        )
    _flash(request, _("Draft saved. Your follow-up code is ${code}.", mapping={"code": file.code}))
    return HTTPFound(_file_url(request, file))


@view_config(
    route_name="permits.file.edit",
    renderer=FILE_FORM,
    permission=Perm.APPLY,
    requires_module="permits",
)
def file_edit(request: Request) -> dict[str, Any] | HTTPFound:
    """Change a draft's site or figures (after a warning of the check, say)."""
    file = _own_file(request)
    data, html = _figures_form(request, file_defaults(file))
    back = Link(_file_url(request, file), _("Back to the file"))
    page = form_page(
        request, _("Change the file ${code}", mapping={"code": file.code}), links=[back]
    )
    if data is None:
        return _with_map(page.with_form(html))
    try:
        files.update_draft(
            request.dbsession, request.commune, file, actor=_actor(request), data=file_data(data)
        )
    except ValidationFailed as refusal:
        request.response.status = 400
        return _with_map(form_page(request, refusal.detail, links=[back]).with_form(html))
    _flash(request, _("Draft saved."))
    return HTTPFound(_file_url(request, file))


def _check_view(request: Request, file: PermitFile) -> dict[str, Any]:
    """The findings to show: today's check on a draft (a warning), the stored ones after."""
    if file.state in files.EDITABLE:
        try:
            check = files.run_check(request.dbsession, request.commune, file, utcnow().date())
        except (ValidationFailed, NotFound) as problem:
            return {
                "live": True,
                "outcome": None,
                "findings": [],
                "problem": request.localizer.translate(problem.detail),
            }
        translate = request.localizer.translate
        return {
            "live": True,
            "outcome": check.outcome,
            "plan": check.plan,
            "problem": translate(check.problem) if check.problem else None,
            "findings": [{**f.to_json(translate)} for f in check.findings],
        }
    return {
        "live": False,
        "outcome": file.check_outcome,
        "plan": file.plan_reference,
        "problem": None,
        "findings": [{**f, "message": _finding_text(request, f)} for f in file.findings],
    }


@view_config(
    route_name="permits.file",
    renderer="permits:templates/file.jinja2",
    permission=Perm.APPLY,
    requires_module="permits",
)
def file_detail(request: Request) -> dict[str, Any]:
    """The file: figures, the plan's findings, its checklist, its clock, what comes next."""
    file = _own_file(request)
    country = profile(request.commune.country_profile)
    today = utcnow().date()
    editable = file.state in files.EDITABLE and file.applicant_email == _actor(request)
    return {
        "file": file,
        "check": _check_view(request, file),
        "missing": rules.missing_documents(country, file),
        "remaining": rules.remaining_days(country, file, today),
        "tacit": rules.tacit_pending(country, file, today),
        "actions": [
            t
            for t in FILE_WORKFLOW.open_actions(file.state, request.permissions)
            if t.action != "tacit_approve" or rules.tacit_reached(country, file, today)
        ],
        "needs_text": NEEDS_TEXT,
        "editable": editable,
        "upload_form": make_form(
            request,
            upload_schema(country, file.kind),
            buttons=[("attach", _("Attach"))],
            action=request.route_url(
                "permits.file.upload", commune=request.commune.slug, public_id=file.public_id
            ),
            formid="upload",
            focus="off",
        ).render()
        if editable
        else None,
        "can_give_opinion": request.has_permission(Perm.GIVE_OPINION)
        and file.state == "under_review",
        "tally": commission.tally(request.dbsession, file)
        if file.meeting is not None
        and (request.has_permission(Perm.DECIDE) or request.has_permission(Perm.VOTE))
        else None,
        "can_vote": request.has_permission(Perm.VOTE) and file.state == commission.VOTING_STATE,
        "can_inspect": request.has_permission(Perm.INSPECT),
        "today": utcnow().date(),
        **LABELS,
    }


def _read_upload(request: Request) -> tuple[str, bytes]:
    upload = request.POST.get("upload")
    if upload is None or not hasattr(upload, "file"):
        raise ValidationFailed(_("Choose a PDF file."), {"upload": "required"})
    try:
        return str(upload.filename or ""), upload.file.read(MAX_UPLOAD_READ)
    finally:
        upload.file.close()


@view_config(
    route_name="permits.file.upload",
    permission=Perm.APPLY,
    request_method="POST",
    requires_module="permits",
)
def file_upload(request: Request) -> HTTPFound:
    """One checklist PDF; refused whole when it is not a plain PDF."""
    file = _own_file(request)
    country = profile(request.commune.country_profile)
    item = request.POST.get("item", "")
    if item not in country.kind(file.kind).checklist:
        raise ValidationFailed(_("This document is not on the checklist."), {"item": "unknown"})
    filename, content = _read_upload(request)
    files.attach(
        request.dbsession,
        request.registry,
        file,
        actor=_actor(request),
        item=item,
        filename=filename,
        content=content,
    )
    _flash(request, _("Document attached."))
    return HTTPFound(_file_url(request, file))


@view_config(
    route_name="permits.file.action",
    permission=Perm.APPLY,
    request_method="POST",
    requires_module="permits",
)
def file_action(request: Request) -> HTTPFound:
    """Move the file; the workflow checks the action against the reader's permissions."""
    file = _own_file(request)
    text = str(request.POST.get("text", ""))[:4000]
    sealed = SEALED_MOVES.get(request.matchdict["action"])
    if sealed is not None:
        issue, message = sealed
        number = issue(
            request.dbsession,
            request.registry,
            file,
            actor=_actor(request),
            permissions=request.permissions,
            lang=request.localizer.locale_name,
        )
        _flash(request, _(message, mapping={"number": number}))
        return HTTPFound(_file_url(request, file))
    handling.act(
        request.dbsession,
        file,
        request.matchdict["action"],
        actor=_actor(request),
        permissions=request.permissions,
        data={"reasons": text, "missing": [line for line in text.splitlines() if line.strip()]},
    )
    _flash(
        request,
        _(
            "The file is now: ${state}.",
            mapping={"state": request.localizer.translate(STATES.get(file.state, file.state))},
        ),
    )
    return HTTPFound(_file_url(request, file))


@view_config(
    route_name="permits.opinion",
    permission=Perm.GIVE_OPINION,
    request_method="POST",
    requires_module="permits",
)
def opinion_give(request: Request) -> HTTPFound:
    """A consulted body's opinion on a file under review."""
    opinion = handling.get_opinion(request.dbsession, request.matchdict["public_id"])
    handling.give_opinion(
        request.dbsession,
        opinion,
        actor=_actor(request),
        permissions=request.permissions,
        verdict=str(request.POST.get("verdict", "")),
        remarks=str(request.POST.get("remarks", ""))[:4000],
    )
    _flash(request, _("Opinion recorded."))
    return HTTPFound(_file_url(request, opinion.file))


@view_config(
    route_name="permits.follow",
    renderer="permits:templates/follow.jinja2",
    requires_module="permits",
)
def follow(request: Request) -> dict[str, Any]:
    """Anyone with a file's code sees where it stands and the time left, nothing more."""
    code = str(request.params.get("code", ""))[:32]
    file = files.by_code(request.dbsession, code) if code else None
    if code and (file is None or file.state == "draft"):
        request.response.status = 404
        file = None
    country = profile(request.commune.country_profile)
    return {
        "code": code,
        "file": file,
        "remaining": rules.remaining_days(country, file, utcnow().date()) if file else None,
        **LABELS,
    }


@view_config(
    route_name="permits.register",
    renderer="permits:templates/register.jinja2",
    requires_module="permits",
)
def register_page(request: Request) -> dict[str, Any]:
    """The public register of issued permits."""
    return {
        "rows": [register.register_row(f) for f in register.issued(request.dbsession)],
        **LABELS,
    }


@view_config(route_name="permits.register.csv", requires_module="permits")
def register_csv(request: Request) -> Response:
    body = register.register_csv(register.issued(request.dbsession))
    response = Response(body=body.encode("utf-8"), content_type="text/csv", charset="utf-8")
    response.content_disposition = 'attachment; filename="permits-register.csv"'
    return response


STEP_TITLES = {
    "filed_accepted": _("From filing to acceptance"),
    "accepted_decided": _("From acceptance to the decision"),
    "decided_issued": _("From the decision to the permit"),
}


def _step_bars(request: Request, stats: register.Statistics) -> list[tuple[str, float]]:
    """The bars of the time chart: each step's median, and beside the step the law sets a
    deadline for, the median of the files' deadlines."""
    t = request.localizer.translate
    bars = []
    for step in stats.steps:
        if step.median_days is None:
            continue
        bars.append((t(STEP_TITLES[step.name]), step.median_days))
        if step.legal_days is not None:
            bars.append((t(_("Legal deadline of this step")), step.legal_days))
    return bars


def _statistics_charts(request: Request, stats: register.Statistics) -> list[charts.Chart]:
    """The median time of each step that files made, against the legal deadline; the
    files of each kind."""
    t = request.localizer.translate
    reader = charts.reading(request.locale_name, request.commune.country_profile)
    bars = _step_bars(request, stats)
    kinds = sorted(stats.by_kind.items(), key=lambda pair: (-pair[1], pair[0]))
    return [
        charts.bars(
            "steps",
            title=t(_("Median time per step")),
            description=t(
                _(
                    "Working days each step took, median of the files that made it; where the "
                    "law sets a deadline, the median of the files' deadlines beside it."
                )
            ),
            label_head=t(_("Step")),
            value_head=t(_("Median (working days)")),
            labels=[label for label, _days in bars],
            values=[days for _label, days in bars],
            value_labels=[reader.number(days, 1) for _label, days in bars],
            reader=reader,
            empty=t(_("A chart appears once files have made two steps or more.")),
        ),
        charts.bars(
            "kinds",
            title=t(_("Files by kind")),
            description=t(_("Every file of each kind, whatever its state.")),
            label_head=t(_("Kind")),
            value_head=t(_("Files")),
            labels=[t(KINDS.get(kind, kind)) for kind, _count in kinds],
            values=[count for _kind, count in kinds],
            reader=reader,
            empty=t(_("A chart appears once there are files of two kinds or more.")),
        ),
    ]


@view_config(
    route_name="permits.statistics",
    renderer="permits:templates/statistics.jinja2",
    permission=Perm.VIEW,
    requires_module="permits",
)
def statistics_page(request: Request) -> dict[str, Any]:
    """Files by kind and state, the time of each step against the legal deadline,
    decisions in time, tacit approvals, fees collected."""
    stats = register.statistics(request.dbsession, profile(request.commune.country_profile))
    return {
        "stats": stats,
        "charts": _statistics_charts(request, stats),
        "step_titles": STEP_TITLES,
        "reader": charts.reading(request.locale_name, request.commune.country_profile),
        **LABELS,
    }


@view_config(
    route_name="permits.commission",
    renderer="permits:templates/commission.jinja2",
    permission=Perm.VOTE,
    requires_module="permits",
)
def commission_queue(request: Request) -> dict[str, Any]:
    """A member's queue: the files on the next sitting's agenda, with their own vote."""
    meeting = commission.next_meeting(request.dbsession)
    agenda = commission.agenda(request.dbsession, meeting) if meeting else []
    return {
        "meeting": meeting,
        "agenda": agenda,
        "mine": commission.member_votes(request.dbsession, agenda, _actor(request)),
        "choices": VOTE_CHOICES,
        **LABELS,
    }


def _vote_page(request: Request, file: PermitFile, problem: str | None) -> dict[str, Any]:
    own = commission.vote_of(request.dbsession, file, _actor(request))
    return {
        "file": file,
        "check": _check_view(request, file),
        "vote": own,
        "chosen": request.POST.get("choice") if problem else (own.choice if own else None),
        "reasons": request.POST.get("reasons", "") if problem else (own.reasons if own else ""),
        "problem": problem,
        "open": file.state == commission.VOTING_STATE,
        "choices": VOTE_CHOICES,
        "needs_reasons": commission.NEEDS_REASONS,
        **LABELS,
    }


@view_config(
    route_name="permits.vote",
    renderer="permits:templates/vote.jinja2",
    permission=Perm.VOTE,
    requires_module="permits",
)
def vote(request: Request) -> dict[str, Any] | HTTPFound:
    """A file's summary for the member (figures, the plan's findings, the opinions) and
    their vote, which they may change until the commission decides."""
    file = files.get(request.dbsession, request.matchdict["public_id"])
    if request.method != "POST":
        return _vote_page(request, file, None)
    try:
        commission.cast_vote(
            request.dbsession,
            file,
            member=_actor(request),
            permissions=request.permissions,
            choice=str(request.POST.get("choice", "")),
            reasons=str(request.POST.get("reasons", "")),
        )
    except ValidationFailed as refusal:
        request.response.status = refusal.status
        return _vote_page(request, file, request.localizer.translate(refusal.detail))
    _flash(request, _("Your vote on ${code} is recorded.", mapping={"code": file.code}))
    return HTTPFound(request.route_url("permits.commission", commune=request.commune.slug))


@view_config(
    route_name="permits.inspections",
    permission=Perm.INSPECT,
    request_method="POST",
    requires_module="permits",
)
def inspection_schedule(request: Request) -> HTTPFound:
    """Plan a visit of works in progress on the day given."""
    file = files.get(request.dbsession, request.matchdict["public_id"])
    try:
        on = date.fromisoformat(str(request.POST.get("on", ""))[:10])
    except ValueError as exc:
        raise ValidationFailed(_("Give the day of the visit."), {"on": "required"}) from exc
    handling.schedule_inspection(request.dbsession, file, actor=_actor(request), on=on)
    _flash(request, _("Inspection scheduled."))
    return HTTPFound(_file_url(request, file))


def _photo_uploads(request: Request) -> list[bytes]:
    """The bytes of the files sent as ``photos``, one byte past the limit at most, so the
    core's check refuses an oversized photo without reading all of it."""
    sent = [
        item
        for item in request.POST.getall("photos")
        if hasattr(item, "file") and bool(getattr(item, "filename", None))
    ]
    try:
        inspections.check_count(len(sent))
        return [item.file.read(MAX_PHOTO_BYTES + 1) for item in sent]
    finally:
        for item in sent:
            item.file.close()


@view_config(
    route_name="permits.inspection",
    permission=Perm.INSPECT,
    request_method="POST",
    requires_module="permits",
)
def inspection_record(request: Request) -> HTTPFound:
    """The inspector's findings and photos; a bad photo refuses the whole record."""
    inspection = handling.get_inspection(request.dbsession, request.matchdict["public_id"])
    photos = inspections.accept_photos(_photo_uploads(request))
    handling.record_inspection(
        request.dbsession,
        inspection,
        actor=_actor(request),
        outcome=str(request.POST.get("outcome", "")),
        findings=str(request.POST.get("findings", ""))[:4000],
        photos=photos,
        registry=request.registry,
    )
    _flash(request, _("Inspection recorded."))
    return HTTPFound(_file_url(request, inspection.file))


def _inspection_of_own_file(request: Request) -> Inspection:
    """The inspection of the URL, if the reader may see its file."""
    inspection = handling.get_inspection(request.dbsession, request.matchdict["public_id"])
    if inspection.file.applicant_email != _actor(request) and not request.has_permission(Perm.VIEW):
        raise NotFound(_("This inspection does not exist."))
    return inspection


@view_config(
    route_name="permits.inspection.photo",
    permission=Perm.APPLY,
    request_method="GET",
    requires_module="permits",
)
def inspection_photo(request: Request) -> Response:
    """A photo of an inspection (``?size=thumb``: its thumbnail), to the file's readers."""
    inspection = _inspection_of_own_file(request)
    photo = inspections.get_photo(request.dbsession, inspection, request.matchdict["photo_id"])
    body, content_type = inspections.content(
        request.dbsession,
        file_store(request.registry),
        photo,
        thumbnail=request.params.get("size") == "thumb",
    )
    response = Response(body=body, content_type=content_type)
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    return response
