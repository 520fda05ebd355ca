"""Commune administration: modules, API keys for client applications, the outbox."""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.view import view_config

from modules import get_registry
from municipality import accounts, activation, outbox
from municipality.errors import Conflict, NotFound
from municipality.forms import make_form, submitted
from municipality.i18n import _
from municipality.lookup import by_public_id
from municipality.models import ApiToken, OutboxMessage
from municipality.pagination import Page, paginate
from municipality.roles import Perm, api_key_permissions
from municipality.schemas import ApiKeySchema

OUTBOX_STATES = ("pending", "delivered", "dead", "cancelled")


def _t(request: Request, message: Any) -> str:
    return request.localizer.translate(message)


def _actor(request: Request) -> str:
    return request.baladiya_identity.label


@view_config(
    route_name="modules",
    renderer="municipality:templates/modules.jinja2",
    permission=Perm.MODULES_MANAGE,
    request_method="GET",
)
def module_list(request: Request) -> dict[str, Any]:
    registry = get_registry(request)
    active = request.enabled_modules
    rows = [
        {
            "manifest": m,
            "title": _t(request, _(m.title)),
            "enabled": m.name in active,
            "depends": [_t(request, _(registry[d].title)) for d in m.depends],
            "confirm": request.params.get("confirm") == m.name,
            "missing": [
                _t(request, _(registry[d].title))
                for d in activation.missing_dependencies(
                    request.dbsession, registry, request.commune, m.name
                )
            ],
        }
        for m in registry.manifests()
    ]
    return {"rows": rows}


@view_config(route_name="modules.module", permission=Perm.MODULES_MANAGE, request_method="POST")
def module_switch(request: Request) -> HTTPFound:
    """Enable (confirming dependencies first) or disable one module."""
    registry = get_registry(request)
    name = request.matchdict["name"]
    if name not in registry:
        raise NotFound(_("There is no module named ${name}.", mapping={"name": name}))
    title = _t(request, _(registry[name].title))
    target = request.route_url("modules", commune=request.commune.slug)
    action = request.POST.get("action")
    try:
        if action == "enable":
            activation.enable(
                request.dbsession,
                registry,
                actor=_actor(request),
                commune=request.commune,
                name=name,
                with_dependencies=request.POST.get("with_dependencies") == "yes",
            )
            message = _("Module ${title} is now enabled.", mapping={"title": title})
        elif action == "disable":
            activation.disable(
                request.dbsession,
                registry,
                actor=_actor(request),
                commune=request.commune,
                name=name,
            )
            message = _("Module ${title} is now disabled.", mapping={"title": title})
        else:
            raise Conflict(_("Unknown action."))
    except Conflict as exc:
        if "missing" in exc.extra:
            return HTTPFound(
                location=request.route_url(
                    "modules", commune=request.commune.slug, _query={"confirm": name}
                )
            )
        blocking = ", ".join(
            _t(request, _(registry[d].title)) for d in exc.extra.get("dependents", [])
        )
        request.session.flash(
            _t(
                request,
                _(
                    "${title} cannot be disabled while these modules need it: ${blocking}.",
                    mapping={"title": title, "blocking": blocking},
                ),
            ),
            "error",
        )
        return HTTPFound(location=target)
    request.session.flash(_t(request, message), "success")
    return HTTPFound(location=target)


def _grantable(request: Request) -> list[str]:
    """What a key of this commune may carry: the core's and its enabled modules'."""
    granted = api_key_permissions(get_registry(request), request.enabled_modules)
    return sorted(p for owned in granted.values() for p in owned)


def _apikey_form(request: Request) -> Any:
    schema = ApiKeySchema().bind(grantable=_grantable(request))
    return make_form(request, schema, buttons=[("create", _("Create key"))])


def _apikey_page(request: Request, form_html: str, secret: str | None = None) -> dict[str, Any]:
    tokens = accounts.api_tokens(request.dbsession)
    return {"tokens": tokens, "form": form_html, "secret": secret}


@view_config(
    route_name="apikeys",
    renderer="municipality:templates/apikeys.jinja2",
    permission=Perm.APIKEYS_MANAGE,
)
def apikeys(request: Request) -> dict[str, Any]:
    form = _apikey_form(request)
    data, html = submitted(form, request)
    if data is None:
        return _apikey_page(request, html)
    _token, secret = accounts.create_api_token(
        request.dbsession,
        actor=_actor(request),
        commune=request.commune,
        name=data["name"],
        permissions=sorted(data["permissions"]),
        created_by=request.baladiya_identity.user,
        grantable=_grantable(request),
    )
    request.session.flash(
        _t(request, _("Key created. Copy it now: it will not be shown again.")), "success"
    )
    return _apikey_page(request, _apikey_form(request).render(), secret)


def _by_public_id(request: Request, model: Any) -> Any:
    return by_public_id(request.dbsession, model, request.matchdict["public_id"])


@view_config(route_name="apikeys.revoke", permission=Perm.APIKEYS_MANAGE, request_method="POST")
def apikey_revoke(request: Request) -> HTTPFound:
    token = _by_public_id(request, ApiToken)
    accounts.revoke_api_token(request.dbsession, actor=_actor(request), token=token)
    request.session.flash(
        _t(request, _("Key ${name} revoked.", mapping={"name": token.name})), "success"
    )
    return HTTPFound(location=request.route_url("apikeys", commune=request.commune.slug))


@view_config(
    route_name="outbox",
    renderer="municipality:templates/outbox.jinja2",
    permission=Perm.OUTBOX_MANAGE,
)
def outbox_list(request: Request) -> dict[str, Any]:
    state = request.params.get("state", "")
    stmt = outbox.messages(request.commune.id, state if state in OUTBOX_STATES else None)
    page: Page = paginate(request, request.dbsession, stmt)
    counts = outbox.state_counts(request.dbsession, request.commune.id)
    return {"page": page, "state": state, "states": OUTBOX_STATES, "counts": counts}


@view_config(route_name="outbox.replay", permission=Perm.OUTBOX_MANAGE, request_method="POST")
def outbox_replay(request: Request) -> HTTPFound:
    message = _by_public_id(request, OutboxMessage)
    if message.commune_id != request.commune.id:
        raise NotFound(_("This item does not exist here."))
    outbox.replay(request.dbsession, message.public_id, actor=_actor(request))
    request.session.flash(_t(request, _("The message will be sent again.")), "success")
    return HTTPFound(
        location=request.route_url("outbox", commune=request.commune.slug, _query={"state": "dead"})
    )
