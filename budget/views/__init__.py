"""The budget's pages: execution, budgets and codes, suppliers, transfers, the chain.

Every detail page offers a small form per action the workflow opens to the reader now
(:func:`action_forms`), and every action posts to one view per object type, which checks
the same form (:func:`action_data`) before the service runs.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import colander
import deform
from pyramid.httpexceptions import HTTPForbidden, HTTPFound
from pyramid.request import Request

from budget import money, services
from budget.permissions import Perm
from budget.schemas import ACTION_SCHEMAS
from municipality import charts
from municipality.forms import make_form
from municipality.i18n import _
from municipality.views.shell import WorkQueue
from municipality.workflow import Workflow

ACTION_TITLES = {
    "vote": _("Record the council's vote"),
    "approve": _("Record the supervisory approval"),
    "refuse": _("Refuse"),
    "authorise": _("Record the authorisation"),
    "liquidate": _("Record the service done"),
    "order": _("Order the payment"),
    "pay": _("Pay"),
    "reject": _("Send the order back"),
    "cancel": _("Cancel"),
}

AUTHORITIES = {
    "officer": _("The authorising officer's decision"),
    "council": _("The council's vote"),
    "supervisor": _("The supervisory authority's approval"),
}


def work_queues(request: Request) -> list[WorkQueue]:
    """The dashboard shows the expenses waiting for the reader's step of the chain."""
    if not request.has_permission(Perm.VIEW):
        return []
    count = services.waiting_count(request.dbsession, request.permissions)
    title = request.localizer.translate(_("Expenses waiting for you"))
    url = request.route_url("budget.commitments", commune=request.commune.slug)
    return [WorkQueue(title, count, url)]


def money_writer(request: Request) -> Callable[[Decimal | None], str]:
    """How the page writes an amount: the currency's decimals, the reader's digits."""
    reader = charts.reading(request.locale_name, request.commune.country_profile)
    return lambda value: money.written(value, request.commune.currency, reader)


def user_id(request: Request) -> int | None:
    user = request.baladiya_identity.user
    return user.id if user is not None else None


def action_form(request: Request, action: str, url: str) -> deform.Form:
    schema = ACTION_SCHEMAS.get(action, colander.Schema)()
    return make_form(
        request,
        schema,
        buttons=[(action, ACTION_TITLES[action])],
        action=url,
        formid=f"action-{action}",
        focus="off",
    )


def action_forms(
    request: Request, workflow: Workflow, obj: Any, route: str, errors: dict[str, str] | None = None
) -> dict[str, str]:
    """The form of each action open to the reader on ``obj``, by action (``errors``: one
    already rendered with its errors, which replaces the blank one)."""
    forms = {}
    for transition in workflow.open_actions(obj.state, request.permissions):
        url = request.route_url(
            route,
            commune=request.commune.slug,
            public_id=obj.public_id,
            action=transition.action,
        )
        forms[transition.action] = action_form(request, transition.action, url).render()
    forms.update(errors or {})
    return forms


def action_data(request: Request, url: str) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The posted action's data, or ``None`` with its form showing the errors (400)."""
    action = request.matchdict["action"]
    if action not in ACTION_TITLES:
        return {}, {}
    form = action_form(request, action, url)
    try:
        data = form.validate(request.POST.items())
    except deform.ValidationFailure as failure:
        request.response.status = 400
        return None, {action: failure.render()}
    data.pop("csrf_token", None)
    return data, {}


def require(request: Request, permission: str) -> None:
    """A form posted by someone whose role may not send it is refused, not ignored."""
    if request.method == "POST" and not request.has_permission(permission):
        raise HTTPForbidden()


def flash_and_go(request: Request, message: str, route: str, **kwargs: Any) -> HTTPFound:
    request.session.flash(request.localizer.translate(message), "success")
    return HTTPFound(location=request.route_url(route, commune=request.commune.slug, **kwargs))
