"""Civil status staff pages: registers, act entry, the act with its mentions, search.

An act page is shown only once the reader said why they open it: that read is logged.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.view import view_config

from civil_status.models import Act
from civil_status.permissions import Perm
from civil_status.profiles import profile
from civil_status.schemas import (
    BASES,
    DECISIONS,
    KINDS,
    MENTION_KINDS,
    REASONS,
    SEXES,
    TITLES,
    act_schema,
    mention_data,
    mention_schema,
    register_schema,
)
from civil_status.services import acts, duplicates, extracts, mentions, registers, scans
from civil_status.services import search as trigrams
from civil_status.workflow import ACT_WORKFLOW, MENTION_WORKFLOW
from municipality.db import utcnow
from municipality.forms import FORM_PAGE, Link, form_page, make_form, submitted
from municipality.i18n import LANGUAGE_NAMES, _
from municipality.pagination import paginate
from municipality.parsing import is_whole

LABELS = {
    "kinds": KINDS,
    "mention_kinds": MENTION_KINDS,
    "bases": BASES,
    "titles": TITLES,
    "decisions": DECISIONS,
    "sexes": dict(SEXES),
}


def _actor(request: Request) -> str:
    return str(request.baladiya_identity.label)


def _flash(request: Request, message: str) -> None:
    request.session.flash(request.localizer.translate(message), "success")


def _act_url(request: Request, act: Act, why: str) -> str:
    return request.route_url(
        "civil_status.act",
        commune=request.commune.slug,
        public_id=act.public_id,
        _query={"why": why},
    )


@view_config(
    route_name="civil_status.registers",
    renderer="civil_status:templates/registers.jinja2",
    permission=Perm.VIEW,
    requires_module="civil_status",
)
def register_list(request: Request) -> dict[str, Any]:
    """The commune's registers; where the national registry keeps acts, says so."""
    country = profile(request.commune.country_profile)
    page = paginate(request, request.dbsession, registers.query())
    return {
        "page": page,
        "front_office": country.front_office_only,
        "can_open": request.has_permission(Perm.MANAGE_REGISTERS),
        **LABELS,
    }


@view_config(
    route_name="civil_status.register.new",
    renderer=FORM_PAGE,
    permission=Perm.MANAGE_REGISTERS,
    requires_module="civil_status",
)
def register_new(request: Request) -> dict[str, Any] | HTTPFound:
    """Open a register, continuing a paper one if the bureau goes digital."""
    country = registers.bureau_profile(request.commune)
    form = make_form(request, register_schema(country), buttons=[("open", _("Open"))])
    data, html = submitted(form, request, {"year": utcnow().year, "paper_last_number": 0})
    if data is None:
        return form_page(request, _("Open a register")).with_form(html)
    register = registers.open_register(
        request.dbsession, actor=_actor(request), commune=request.commune, **data
    )
    _flash(request, _("Register opened."))
    return HTTPFound(
        request.route_url(
            "civil_status.register", commune=request.commune.slug, public_id=register.public_id
        )
    )


@view_config(
    route_name="civil_status.register",
    renderer="civil_status:templates/register.jinja2",
    permission=Perm.VIEW,
    requires_module="civil_status",
)
def register_detail(request: Request) -> dict[str, Any]:
    """A register's acts, numbered ones first in order, then drafts."""
    register = registers.get(request.dbsession, request.matchdict["public_id"])
    page = paginate(request, request.dbsession, acts.in_register(register))
    return {
        "register": register,
        "page": page,
        "can_enter": request.has_permission(Perm.ENTER),
        **LABELS,
    }


@view_config(
    route_name="civil_status.act.new",
    renderer=FORM_PAGE,
    permission=Perm.ENTER,
    requires_module="civil_status",
)
def act_new(request: Request) -> dict[str, Any] | HTTPFound:
    """Enter a draft act from the declaration; the act page then shows close acts."""
    register = registers.get(request.dbsession, request.matchdict["public_id"])
    country = registers.bureau_profile(request.commune)
    form = make_form(
        request, act_schema(country.act_kind(register.kind)), buttons=[("enter", _("Enter"))]
    )
    data, html = submitted(form, request)
    heading = _(
        "New act: ${kind}, register ${centre} ${year}",
        mapping={
            "kind": request.localizer.translate(KINDS.get(register.kind, register.kind)),
            "centre": register.centre,
            "year": register.year,
        },
    )
    intro = (
        _("The Hijri date is computed from the Gregorian date and shown on the act.")
        if "hijri" in country.calendars
        else None
    )
    if data is None:
        return form_page(request, heading, intro=intro).with_form(html)
    act = acts.enter(
        request.dbsession,
        actor=_actor(request),
        commune=request.commune,
        register=register,
        data=data,
    )
    _flash(request, _("Act entered as a draft."))
    return HTTPFound(_act_url(request, act, "entry"))


@view_config(
    route_name="civil_status.act",
    renderer="civil_status:templates/act.jinja2",
    permission=Perm.VIEW,
    requires_module="civil_status",
)
def act_detail(request: Request) -> dict[str, Any]:
    """The act as it reads now, its mentions and actions; asks first why it is opened."""
    act = acts.get(request.dbsession, request.matchdict["public_id"])
    why = request.params.get("why", "")
    if why not in REASONS:
        request.response.status = 400 if "why" in request.params else 200
        return {"act": act, "asking": True, "reasons": REASONS, **LABELS}
    acts.read(request.dbsession, actor=_actor(request), act=act, reason=why)
    country = profile(request.commune.country_profile)
    found = duplicates.candidates(request.dbsession, act, country.duplicates)
    return {
        "act": act,
        "asking": False,
        "why": why,
        "reasons": REASONS,
        "reading": acts.reading(act),
        "actions": ACT_WORKFLOW.open_actions(act.state, request.permissions),
        "mention_actions": {
            m.id: MENTION_WORKFLOW.open_actions(m.state, request.permissions) for m in act.mentions
        },
        "candidates": found if act.state == "draft" else [],
        "can_decide": request.has_permission(Perm.ENTER),
        "can_mention": act.state == "signed" and request.has_permission(Perm.REQUEST_MENTION),
        "can_extract": act.state == "signed"
        and act.kind == "birth"
        and request.has_permission(Perm.ISSUE_EXTRACT),
        "language_names": LANGUAGE_NAMES,
        "extracts": extracts.extracts_of(request.dbsession, act) if act.kind == "birth" else [],
        "scan": scans.scan_of(request.dbsession, act),
        "readers": acts.readers(request.dbsession, act)
        if request.has_permission(Perm.SIGN)
        else [],
        **LABELS,
    }


@view_config(
    route_name="civil_status.act.action",
    permission=Perm.VIEW,
    request_method="POST",
    requires_module="civil_status",
)
def act_action(request: Request) -> HTTPFound:
    """Sign or discard; the workflow checks the action against the user's permissions."""
    act = acts.get(request.dbsession, request.matchdict["public_id"])
    acts.act(
        request.dbsession,
        actor=_actor(request),
        act=act,
        action=request.matchdict["action"],
        permissions=request.permissions,
    )
    _flash(request, _("Act signed.") if act.state == "signed" else _("Draft discarded."))
    return HTTPFound(_act_url(request, act, "verification"))


@view_config(
    route_name="civil_status.act.extract",
    permission=Perm.ISSUE_EXTRACT,
    request_method="POST",
    requires_module="civil_status",
)
def extract_issue(request: Request) -> HTTPFound:
    """Issue an extract of a signed birth act, its stamp duty paid at the counter."""
    act = acts.get(request.dbsession, request.matchdict["public_id"])
    document = extracts.issue(
        request.dbsession,
        request.registry,
        actor=_actor(request),
        commune=request.commune,
        act=act,
        lang=request.POST.get("language", ""),
        permissions=request.permissions,
    )
    _flash(request, _("Extract ${number} issued.", mapping={"number": document.number}))
    return HTTPFound(_act_url(request, act, "counter_request"))


@view_config(
    route_name="civil_status.act.duplicate",
    permission=Perm.ENTER,
    request_method="POST",
    requires_module="civil_status",
)
def duplicate_decision(request: Request) -> HTTPFound:
    """The agent's word on one close act: the same person, or a distinct one."""
    act = acts.get(request.dbsession, request.matchdict["public_id"])
    candidate = acts.get(request.dbsession, request.matchdict["candidate_id"])
    duplicates.decide(
        request.dbsession,
        actor=_actor(request),
        act=act,
        candidate=candidate,
        decision=request.POST.get("decision", ""),
    )
    _flash(request, _("Decision recorded."))
    return HTTPFound(_act_url(request, act, "entry"))


@view_config(
    route_name="civil_status.act.mention.new",
    renderer=FORM_PAGE,
    permission=Perm.REQUEST_MENTION,
    requires_module="civil_status",
)
def mention_new(request: Request) -> dict[str, Any] | HTTPFound:
    """Ask for a marginal mention on a signed act, with its legal basis."""
    act = acts.get(request.dbsession, request.matchdict["public_id"])
    country = registers.bureau_profile(request.commune)
    form = make_form(
        request, mention_schema(country, country.act_kind(act.kind)), buttons=[("ask", _("Ask"))]
    )
    data, html = submitted(form, request)
    back = Link(_act_url(request, act, "mention"), _("Back to the act"))
    if data is None:
        return form_page(request, _("New marginal mention"), links=[back]).with_form(html)
    mentions.request(
        request.dbsession,
        actor=_actor(request),
        commune=request.commune,
        act=act,
        data=mention_data(data),
    )
    _flash(request, _("Mention requested: the officer approves it."))
    return HTTPFound(_act_url(request, act, "mention"))


@view_config(
    route_name="civil_status.mention.action",
    permission=Perm.APPROVE_MENTION,
    request_method="POST",
    requires_module="civil_status",
)
def mention_action(request: Request) -> HTTPFound:
    """Approve or reject a requested mention."""
    mention = mentions.get(request.dbsession, request.matchdict["public_id"])
    mentions.decide(
        request.dbsession,
        actor=_actor(request),
        mention=mention,
        action=request.matchdict["action"],
        permissions=request.permissions,
    )
    _flash(
        request, _("Mention approved.") if mention.state == "approved" else _("Mention rejected.")
    )
    return HTTPFound(_act_url(request, mention.act, "mention"))


def _search(request: Request) -> acts.Search:
    """The search the query string asks for; what does not parse is left out."""
    params = request.params

    def text(name: str) -> str | None:
        return (params.get(name) or "").strip()[:120] or None

    def day(name: str) -> date | None:
        try:
            return date.fromisoformat(params.get(name, ""))
        except ValueError:
            return None

    number = text("number")
    return acts.Search(
        number=int(number) if number and is_whole(number) and len(number) < 10 else None,
        name=text("name"),
        parent=text("parent"),
        kind=text("kind") if text("kind") in KINDS else None,
        date_from=day("from"),
        date_to=day("to"),
    )


@view_config(
    route_name="civil_status.search",
    renderer="civil_status:templates/search.jinja2",
    permission=Perm.VIEW,
    requires_module="civil_status",
)
def act_search(request: Request) -> dict[str, Any]:
    """Acts by number, a name in any script, dates or a parent."""
    search = _search(request)
    asked = any(v is not None for v in vars(search).values())
    page = (
        paginate(request, request.dbsession, acts.query(request.dbsession, search))
        if asked
        else None
    )
    # The trigram search lists the closest acts only (trigrams.MOST): say so, not a count.
    capped = (
        bool(search.name)
        and trigrams.indexed(request.dbsession)
        and page is not None
        and page.total >= trigrams.MOST
    )
    return {
        "search": search,
        "page": page,
        "capped": capped,
        "most": trigrams.MOST,
        "params": request.params,
        **LABELS,
    }
