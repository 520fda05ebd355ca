"""The revenue pages: revenue lines and their forecast, assessments, collections, arrears.

The authorising officer opens the year's lines, sets their forecast, issues and cancels
assessments; the accountant collects at the counter, on an assessment or directly on a
line. Payments confirmed by the payments module appear among the collections by
themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import deform
from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from budget.permissions import Perm
from budget.revenues import receipts, services
from budget.revenues.codes import SECTION_TITLES
from budget.revenues.models import Collection, RevenueLine
from budget.revenues.schemas import (
    AssessmentSchema,
    CancelSchema,
    CollectionSchema,
    CounterSchema,
    ForecastSchema,
)
from budget.revenues.workflow import ASSESSMENT_WORKFLOW
from budget.views import flash_and_go, money_writer, require
from municipality import charts
from municipality.db import utcnow
from municipality.forms import FORM_PAGE, Link, form_page, make_form, submitted
from municipality.i18n import _
from municipality.pagination import paginate

STATES = tuple(sorted(ASSESSMENT_WORKFLOW.states))
CHANNEL_TITLES = {services.COUNTER: _("At the counter"), services.PAYMENT: _("Online or cashier")}
LINE_FORMS = {
    "forecast": (ForecastSchema, _("Set the forecast"), Perm.ASSESS),
    "collect": (CounterSchema, _("Record the collection"), Perm.COLLECT),
}
ASSESSMENT_FORMS = {
    "collect": (CollectionSchema, _("Record the collection"), Perm.COLLECT),
    "cancel": (CancelSchema, _("Cancel the assessment"), Perm.ASSESS),
}


def _year(request: Request) -> int:
    """The year asked for when the commune has revenue lines for it; else its latest, or
    this year."""
    known = services.years(request.dbsession)
    asked = request.params.get("year", "")
    if asked.isdigit() and int(asked) in known:
        return int(asked)
    return known[0] if known else utcnow().year


def rate_writer(request: Request) -> Callable[[Decimal | None], str]:
    """How the page writes a rate: one decimal and a percent sign, in the reader's digits."""
    reader = charts.reading(request.locale_name, request.commune.country_profile)
    return lambda value: "—" if value is None else reader.text(f"{value}\u00a0%")


def _text(request: Request) -> str:
    return (request.params.get("q") or "").strip()[:100]


def _choice(request: Request, name: str, allowed: tuple[str, ...]) -> str | None:
    value = request.params.get(name)
    return value if value in allowed else None


def line_label(request: Request, line: RevenueLine) -> str:
    return line.label_ar if request.locale_name == "ar" else line.label_fr


def _form(
    request: Request, forms: dict[str, Any], action: str, url: str, **bind: Any
) -> deform.Form:
    schema, title, _permission = forms[action]
    return make_form(
        request,
        schema().bind(request=request, **bind),
        buttons=[(action, title)],
        action=url,
        formid=f"action-{action}",
        focus="off",
    )


def _open_forms(
    request: Request, forms: dict[str, Any], route: str, public_id: Any, errors: dict[str, str]
) -> dict[str, str]:
    """The form of each action the reader's role allows, by action."""
    rendered = {}
    for action, (_schema, _title, permission) in forms.items():
        if request.has_permission(permission):
            url = request.route_url(
                route, commune=request.commune.slug, public_id=public_id, action=action
            )
            rendered[action] = _form(request, forms, action, url).render()
    return {**rendered, **errors}


def _posted(
    request: Request, forms: dict[str, Any]
) -> tuple[str, dict[str, Any] | None, dict[str, str]]:
    """The posted action and its data, or ``None`` with its form showing the errors."""
    action = request.matchdict["action"]
    if action not in forms:
        raise HTTPNotFound()
    require(request, forms[action][2])
    form = _form(request, forms, action, request.path_url)
    data, html = submitted(form, request)
    if data is None:
        request.response.status = 400
        return action, None, {action: html}
    return action, data, {}


def _receipted(request: Request, collection: Collection) -> Any:
    """Seal the collection's receipt now; the message says when it waits for a signer."""
    if receipts.issue_receipt(
        request.dbsession,
        request.registry,
        actor=request.baladiya_identity.label,
        commune=request.commune,
        collection=collection,
    ):
        return _("Collection recorded; its receipt is sealed.")
    return _("Collection recorded; its receipt waits for the commune's signer.")


# --- Revenue lines ------------------------------------------------------------------------


@view_config(
    route_name="budget.revenues",
    renderer="budget:templates/revenues.jinja2",
    permission=Perm.VIEW,
    requires_module="budget",
)
def revenue_list(request: Request) -> dict[str, Any] | HTTPFound:
    """The year's revenue lines: forecast, assessed and collected; the officer opens them."""
    require(request, Perm.ASSESS)
    year = _year(request)
    if request.method == "POST":
        added = services.open_lines(
            request.dbsession,
            actor=request.baladiya_identity.label,
            commune=request.commune,
            year=year,
        )
        message = (
            _("Revenue lines opened for the year.") if added else _("Every line is already open.")
        )
        return flash_and_go(request, message, "budget.revenues", _query={"year": year})
    return {
        "year": year,
        "years": services.years(request.dbsession),
        "rows": services.revenue_execution(request.dbsession, year),
        "sections": SECTION_TITLES,
        "label": lambda line: line_label(request, line),
        "money": money_writer(request),
        "rate": rate_writer(request),
        "arrears": services.arrears_total(request.dbsession, utcnow().date()),
        "can_open": request.has_permission(Perm.ASSESS),
    }


def _line_page(request: Request, errors: dict[str, str] | None = None) -> dict[str, Any]:
    line = services.get_line(request.dbsession, request.matchdict["public_id"])
    collections = request.dbsession.execute(services.collections(line=line).limit(20)).scalars()
    return {
        "line": line,
        "label": line_label(request, line),
        "section": SECTION_TITLES.get(line.section, line.section),
        "collections": list(collections),
        "channels": CHANNEL_TITLES,
        "money": money_writer(request),
        "forms": _open_forms(
            request, LINE_FORMS, "budget.revenue_line.action", line.public_id, errors or {}
        ),
    }


@view_config(
    route_name="budget.revenue_line",
    renderer="budget:templates/revenue_line.jinja2",
    permission=Perm.VIEW,
    requires_module="budget",
)
def revenue_line(request: Request) -> dict[str, Any]:
    """A revenue line, its latest collections, the forecast and counter forms."""
    return _line_page(request)


@view_config(
    route_name="budget.revenue_line.action",
    renderer="budget:templates/revenue_line.jinja2",
    permission=Perm.VIEW,
    request_method="POST",
    requires_module="budget",
)
def revenue_line_action(request: Request) -> dict[str, Any] | HTTPFound:
    """Set the line's forecast, or book money received on it at the counter."""
    line = services.get_line(request.dbsession, request.matchdict["public_id"])
    action, data, errors = _posted(request, LINE_FORMS)
    if data is None:
        return _line_page(request, errors)
    actor, commune = request.baladiya_identity.label, request.commune
    if action == "forecast":
        services.set_forecast(
            request.dbsession, actor=actor, commune=commune, line=line, amount=data["amount"]
        )
        message = _("Forecast saved.")
    else:
        collection = services.collect(
            request.dbsession,
            actor=actor,
            commune=commune,
            line=line,
            amount=data["amount"],
            payer=data["payer"],
        )
        message = _receipted(request, collection)
    return flash_and_go(request, message, "budget.revenue_line", public_id=line.public_id)


# --- Assessments --------------------------------------------------------------------------


@view_config(
    route_name="budget.assessments",
    renderer="budget:templates/revenue_assessments.jinja2",
    permission=Perm.VIEW,
    requires_module="budget",
)
def assessment_list(request: Request) -> dict[str, Any]:
    """Assessments, newest first, searchable by number, debtor or purpose."""
    state = _choice(request, "state", STATES)
    overdue = request.params.get("overdue") == "1"
    text = _text(request)
    query = services.assessments(
        state=state, text=text, overdue_on=utcnow().date() if overdue else None
    )
    return {
        "page": paginate(request, request.dbsession, query),
        "state": state,
        "states": STATES,
        "overdue": overdue,
        "q": text,
        "money": money_writer(request),
        "can_assess": request.has_permission(Perm.ASSESS),
    }


@view_config(
    route_name="budget.assessment.new",
    renderer=FORM_PAGE,
    permission=Perm.ASSESS,
    requires_module="budget",
)
def assessment_new(request: Request) -> dict[str, Any] | HTTPFound:
    """The assessment form, on a revenue line of the current year."""
    year = _year(request)
    choices = [
        (str(line.public_id), f"{line.code} {line_label(request, line)}")
        for line in services.lines(request.dbsession, year)
    ]
    schema = AssessmentSchema().bind(request=request, lines=choices)
    form = make_form(request, schema, buttons=[("assess", _("Issue the assessment"))])
    data, html = submitted(form, request)
    if data is None:
        url = request.route_url("budget.revenues", commune=request.commune.slug)
        links = [Link(url, _("Open the year's revenue lines first"))] if not choices else []
        return form_page(request, _("New assessment"), links=links).with_form(html)
    assessment = services.assess(
        request.dbsession,
        actor=request.baladiya_identity.label,
        commune=request.commune,
        line=services.get_line(request.dbsession, data["line"]),
        debtor=data["debtor"],
        debtor_id=data["debtor_id"],
        purpose=data["purpose"],
        amount=data["amount"],
        due_on=data["due_on"],
    )
    return flash_and_go(
        request, _("Assessment issued."), "budget.assessment", public_id=assessment.public_id
    )


def _assessment_page(request: Request, errors: dict[str, str] | None = None) -> dict[str, Any]:
    assessment = services.get_assessment(request.dbsession, request.matchdict["public_id"])
    forms = {}
    if assessment.state == services.ISSUED:
        forms = _open_forms(
            request,
            ASSESSMENT_FORMS,
            "budget.assessment.action",
            assessment.public_id,
            errors or {},
        )
    collections = request.dbsession.execute(services.collections(assessment=assessment)).scalars()
    return {
        "assessment": assessment,
        "label": line_label(request, assessment.line),
        "overdue": assessment.state == services.ISSUED and assessment.due_on < utcnow().date(),
        "collections": list(collections),
        "channels": CHANNEL_TITLES,
        "money": money_writer(request),
        "forms": forms,
    }


@view_config(
    route_name="budget.assessment",
    renderer="budget:templates/revenue_assessment.jinja2",
    permission=Perm.VIEW,
    requires_module="budget",
)
def assessment_detail(request: Request) -> dict[str, Any]:
    """An assessment, what is still owed, its collections, and the forms open to the reader."""
    return _assessment_page(request)


@view_config(
    route_name="budget.assessment.action",
    renderer="budget:templates/revenue_assessment.jinja2",
    permission=Perm.VIEW,
    request_method="POST",
    requires_module="budget",
)
def assessment_action(request: Request) -> dict[str, Any] | HTTPFound:
    """Collect money on the assessment, or cancel it with a reason."""
    assessment = services.get_assessment(request.dbsession, request.matchdict["public_id"])
    action, data, errors = _posted(request, ASSESSMENT_FORMS)
    if data is None:
        return _assessment_page(request, errors)
    actor = request.baladiya_identity.label
    if action == "collect":
        collection = services.collect(
            request.dbsession,
            actor=actor,
            commune=request.commune,
            assessment=assessment,
            amount=data["amount"],
            payer=data["payer"] or None,
        )
        message = _receipted(request, collection)
    else:
        services.cancel(
            request.dbsession,
            actor=actor,
            assessment=assessment,
            permissions=request.permissions,
            reason=data["reason"],
        )
        message = _("Assessment cancelled.")
    return flash_and_go(request, message, "budget.assessment", public_id=assessment.public_id)


# --- Collections and arrears --------------------------------------------------------------


@view_config(
    route_name="budget.collections",
    renderer="budget:templates/revenue_collections.jinja2",
    permission=Perm.VIEW,
    requires_module="budget",
)
def collection_list(request: Request) -> dict[str, Any]:
    """Money received, newest first, searchable by number, payer or payment reference."""
    channel = _choice(request, "channel", services.CHANNELS)
    text = _text(request)
    query = services.collections(channel=channel, text=text)
    return {
        "page": paginate(request, request.dbsession, query),
        "channel": channel,
        "channels": CHANNEL_TITLES,
        "q": text,
        "money": money_writer(request),
        "label": lambda line: line_label(request, line),
    }


@view_config(
    route_name="budget.arrears",
    renderer="budget:templates/revenue_arrears.jinja2",
    permission=Perm.VIEW,
    requires_module="budget",
)
def arrears(request: Request) -> dict[str, Any]:
    """Assessments past their due date and not paid off, the oldest first."""
    today = utcnow().date()
    return {
        "page": paginate(request, request.dbsession, services.arrears(today)),
        "total": services.arrears_total(request.dbsession, today),
        "today": today,
        "money": money_writer(request),
    }


@view_config(route_name="budget.collection.receipt", permission=Perm.VIEW, requires_module="budget")
def collection_receipt(request: Request) -> Response:
    """The collection's sealed receipt, as issued (the payment's, for a payment)."""
    collection = services.get_collection(request.dbsession, request.matchdict["public_id"])
    body = receipts.pdf(request.dbsession, request.registry, collection)
    if body is None:
        raise HTTPNotFound()
    return Response(
        body=body,
        content_type="application/pdf",
        content_disposition=f'inline; filename="receipt-{collection.public_id}.pdf"',
    )
