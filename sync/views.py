"""Staff pages: the delivery board, messages (inspect, replay, cancel), platform settings."""

from __future__ import annotations

import json
from typing import Any

import colander
import deform
import peppercorn
from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.view import view_config

from municipality import charts
from municipality.db import utcnow
from municipality.errors import NotFound, ValidationFailed
from municipality.forms import make_form, submitted
from municipality.i18n import _
from municipality.pagination import Page, paginate
from sync import services
from sync.delivery import DeliveryPolicy, aware
from sync.permissions import Perm
from sync.schemas import ConnectionSchema

ACTIONS = ("replay", "cancel")
PLATFORM_MANAGE = "municipality:platform:manage"
OVERVIEW_PAGE = 50
PLATFORM_TITLES = {
    "complaints": _("Complaints platform"),
    "permits": _("Urban-planning permits platform"),
    "civil_status": _("Civil-status platform"),
    "budget": _("Communal finances platform"),
    "spending": _("Expenditure platform"),
    "documents": _("Administrative documents platform"),
}
STATE_TITLES = {
    "pending": _("Waiting"),
    "failed": _("Tried, will try again"),
    "held_back": _("Waiting behind a dead message"),
    "dead": _("Dead"),
    "delivered": _("Delivered"),
    "cancelled": _("Cancelled"),
}
OUTCOME_TITLES = {
    "delivered": _("Delivered"),
    "duplicate": _("Delivered (platform already had it)"),
    "retry": _("No usable answer, will try again"),
    "dead": _("Refused"),
}
BREAKER_TITLES = {
    "closed": _("Normal"),
    "open": _("Interrupted after repeated failures"),
    "half_open": _("Trying again"),
}
LABELS = {
    "platform_titles": PLATFORM_TITLES,
    "state_titles": STATE_TITLES,
    "outcome_titles": OUTCOME_TITLES,
    "breaker_titles": BREAKER_TITLES,
}
CONFIRMED = {
    "replay": _("The message will be sent again."),
    "cancel": _("The message was cancelled; it will not be sent."),
}


def _actor(request: Request) -> str:
    return request.baladiya_identity.label


def _flash(request: Request, message: Any) -> None:
    request.session.flash(request.localizer.translate(message), "success")


def duration(seconds: float) -> Any:
    """A waiting time in the unit a person reads best (seconds, minutes, hours, days)."""
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            count = int(seconds // size)
            return {
                "d": _("${count} d", mapping={"count": count}),
                "h": _("${count} h", mapping={"count": count}),
                "min": _("${count} min", mapping={"count": count}),
            }[unit]
    return _("${count} s", mapping={"count": int(seconds)})


def _platform(request: Request) -> str:
    platform = request.matchdict["platform"]
    if platform not in services.PLATFORMS:
        raise NotFound(
            _("There is no national platform named ${name}.", mapping={"name": platform})
        )
    return platform


def _lag_chart(request: Request, rows: list[services.PlatformStatus], now: Any) -> charts.Chart:
    """How long the oldest waiting message of each platform has waited, longest first."""
    t = request.localizer.translate
    waiting = sorted((r for r in rows if r.oldest), key=lambda r: r.lag_seconds(now), reverse=True)
    return charts.bars(
        "lag",
        title=t(_("Delivery lag per platform")),
        description=t(_("How long the oldest message still waiting for each platform has waited.")),
        label_head=t(_("Platform")),
        value_head=t(_("Oldest waiting")),
        labels=[t(PLATFORM_TITLES[r.platform]) for r in waiting],
        values=[r.lag_seconds(now) for r in waiting],
        value_labels=[t(duration(r.lag_seconds(now))) for r in waiting],
        reader=charts.reading(request.locale_name, request.commune.country_profile),
        empty=t(_("No message is waiting: every platform has what was sent to it.")),
        minimum=1,
    )


@view_config(
    route_name="sync.board",
    renderer="sync:templates/board.jinja2",
    permission=Perm.VIEW,
    requires_module="sync",
)
def board(request: Request) -> dict[str, Any]:
    """Per platform: connection, breaker, what waits, what failed, what is dead, the lag."""
    rows = services.board(request.dbsession, request.commune)
    now = utcnow()
    return {
        **LABELS,
        "rows": rows,
        "now": now,
        "duration": duration,
        "states": services.STATES,
        "lag": _lag_chart(request, rows, now),
    }


@view_config(
    route_name="sync.overview",
    renderer="sync:templates/overview.jinja2",
    permission=PLATFORM_MANAGE,
)
def overview(request: Request) -> dict[str, Any]:
    """Every commune and platform on one page, problems first, for the platform's admins."""
    platform = request.params.get("platform", "")
    platform = platform if platform in services.PLATFORMS else ""
    rows = services.overview(request.dbsession, platform)
    size, number = OVERVIEW_PAGE, _page_number(request)
    return {
        **LABELS,
        "rows": rows[(number - 1) * size : number * size],
        "page": Page(items=[], number=number, size=size, total=len(rows)),
        "platform": platform,
        "platforms": services.PLATFORMS,
        "states": services.STATES,
        "now": utcnow(),
        "duration": duration,
    }


def _page_number(request: Request) -> int:
    raw = request.params.get("page", "1")
    return max(int(raw), 1) if raw.isdigit() else 1


@view_config(
    route_name="sync.messages",
    renderer="sync:templates/messages.jinja2",
    permission=Perm.VIEW,
    requires_module="sync",
)
def message_list(request: Request) -> dict[str, Any]:
    platform = request.params.get("platform", "")
    state = request.params.get("state", "")
    platform = platform if platform in services.PLATFORMS else ""
    state = state if state in services.STATES else ""
    stmt = services.national_messages(request.commune, platform, state)
    return {
        **LABELS,
        "page": paginate(request, request.dbsession, stmt),
        "platform": platform,
        "state": state,
        "platforms": services.PLATFORMS,
        "states": services.STATES,
    }


@view_config(
    route_name="sync.message",
    renderer="sync:templates/message.jinja2",
    permission=Perm.VIEW,
    requires_module="sync",
)
def message_detail(request: Request) -> dict[str, Any]:
    """The payload as sent, the last error, every attempt, and what it waits for.

    A waiting message says whether its platform is away and when it will be given up,
    so nobody replays by hand what will leave by itself.
    """
    message = services.national_message(
        request.dbsession, request.commune, request.matchdict["public_id"]
    )
    confirm = request.params.get("confirm", "")
    platform = message.destination.removeprefix("national:")
    policy = DeliveryPolicy.from_settings(request.registry.settings, platform)
    return {
        **LABELS,
        "message": message,
        "platform": platform,
        "lane": services.lane_of(request.dbsession, request.commune, platform),
        "give_up_at": aware(message.created_at) + policy.max_age,
        "payload": json.dumps(message.payload, ensure_ascii=False, indent=2, sort_keys=True),
        "attempts": services.attempts_of(request.dbsession, message),
        "blocker": services.blocker_of(request.dbsession, message),
        "confirm": confirm if confirm in ACTIONS else "",
        "can_manage": request.has_permission(Perm.MANAGE),
    }


@view_config(
    route_name="sync.message.action",
    permission=Perm.MANAGE,
    requires_module="sync",
    request_method="POST",
)
def message_action(request: Request) -> HTTPFound:
    """Replay a dead message or cancel one that has not left; both are audited."""
    action = request.matchdict["action"]
    if action not in ACTIONS:
        raise NotFound(_("This item does not exist here."))
    operation = services.replay if action == "replay" else services.cancel
    message = operation(
        request.dbsession,
        actor=_actor(request),
        commune=request.commune,
        public_id=request.matchdict["public_id"],
    )
    _flash(request, CONFIRMED[action])
    return HTTPFound(
        location=request.route_url(
            "sync.message", commune=request.commune.slug, public_id=message.public_id
        )
    )


def _refused(form: deform.Form, request: Request, error: ValidationFailed) -> str:
    """The form again with the service's refusal on its fields; the answer is a 400."""
    request.response.status = 400
    invalid = colander.Invalid(form.schema, request.localizer.translate(error.detail))
    for field, message in error.extra.get("errors", {}).items():
        invalid[field] = request.localizer.translate(message)
    cstruct = form.widget.deserialize(form, peppercorn.parse(request.POST.items()))
    form.widget.handle_error(form, invalid)
    return str(form.widget.serialize(form, cstruct))


@view_config(
    route_name="sync.connection",
    renderer="sync:templates/connection.jinja2",
    permission=Perm.CONFIGURE,
    requires_module="sync",
)
def connection_edit(request: Request) -> dict[str, Any] | HTTPFound:
    """Address, client id and keys; secrets are write-only ("leave empty to keep")."""
    platform = _platform(request)
    connection = services.connection_of(request.dbsession, request.commune, platform)
    form = make_form(request, ConnectionSchema(), buttons=(("save", _("Save")),))
    defaults = {}
    if connection is not None:
        defaults = {
            "base_url": connection.base_url,
            "client_id": connection.client_id,
            "key_id": connection.key_id,
        }
    page = {**LABELS, "platform": platform, "connection": connection}
    data, html = submitted(form, request, defaults)
    if data is None:
        return {**page, "form": html}
    try:
        services.configure(
            request.dbsession,
            actor=_actor(request),
            commune=request.commune,
            platform=platform,
            data=data,
            app_secret=request.registry.settings["baladiya.core.secret"],
        )
    except ValidationFailed as refusal:
        return {**page, "form": _refused(form, request, refusal)}
    _flash(request, _("The platform settings were saved."))
    return HTTPFound(location=request.route_url("sync.board", commune=request.commune.slug))


@view_config(
    route_name="sync.connection.pause",
    permission=Perm.MANAGE,
    requires_module="sync",
    request_method="POST",
)
def connection_pause(request: Request) -> HTTPFound:
    platform = _platform(request)
    paused = request.POST.get("paused") == "1"
    services.set_paused(
        request.dbsession,
        actor=_actor(request),
        commune=request.commune,
        platform=platform,
        paused=paused,
    )
    _flash(request, _("Delivery paused.") if paused else _("Delivery resumed."))
    return HTTPFound(location=request.route_url("sync.board", commune=request.commune.slug))
