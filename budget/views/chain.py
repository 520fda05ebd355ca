"""Suppliers, transfers between lines, and the expenditure chain's pages."""

from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.view import view_config

from budget import services
from budget.permissions import Perm
from budget.schemas import CommitmentSchema, SupplierSchema, TransferSchema
from budget.views import (
    AUTHORITIES,
    action_data,
    action_forms,
    flash_and_go,
    money_writer,
    require,
    user_id,
)
from budget.views.attachments import page_values as attachment_values
from budget.workflow import COMMITMENT_WORKFLOW, TRANSFER_WORKFLOW
from municipality.db import utcnow
from municipality.forms import FORM_PAGE, Link, form_page, make_form, submitted
from municipality.i18n import _
from municipality.pagination import paginate

STATES = tuple(sorted(COMMITMENT_WORKFLOW.states))
TRANSFER_STATES = tuple(sorted(TRANSFER_WORKFLOW.states))


def _text(request: Request) -> str:
    return (request.params.get("q") or "").strip()[:100]


def _choice(request: Request, allowed: tuple[str, ...]) -> str | None:
    value = request.params.get("state")
    return value if value in allowed else None


def _line_choices(request: Request) -> list[tuple[str, str]]:
    ar = request.locale_name == "ar"
    writer = money_writer(request)
    year = utcnow().year
    years = services.years(request.dbsession, approved_only=True)
    year = year if year in years else (years[0] if years else year)
    return [
        (
            str(line.public_id),
            f"{line.code.code} {line.code.label_ar if ar else line.code.label_fr}"
            f" ({writer(services.available(request.dbsession, line))})",
        )
        for line in services.lines(request.dbsession, year)
        if line.credit
    ]


# --- Suppliers -------------------------------------------------------------------------


def _supplier_form(request: Request) -> Any:
    return make_form(
        request, SupplierSchema(), buttons=[("add", _("Add the supplier"))], focus="off"
    )


@view_config(
    route_name="budget.suppliers",
    renderer="budget:templates/suppliers.jinja2",
    permission=Perm.VIEW,
    requires_module="budget",
)
def supplier_list(request: Request) -> dict[str, Any] | HTTPFound:
    """Suppliers, searchable by name or identifier, and the form to add one."""
    require(request, Perm.SUPPLIERS)
    can_add = request.has_permission(Perm.SUPPLIERS)
    form = _supplier_form(request)
    html = form.render() if can_add else None
    if request.method == "POST" and can_add:
        data, html = submitted(form, request)
        if data is not None:
            services.create_supplier(
                request.dbsession,
                actor=request.baladiya_identity.label,
                commune=request.commune,
                data=data,
            )
            return flash_and_go(request, _("Supplier added."), "budget.suppliers")
    text = _text(request)
    page = paginate(request, request.dbsession, services.suppliers(text))
    return {"page": page, "q": text, "form": html}


# --- Transfers -------------------------------------------------------------------------


def _transfer_form(request: Request) -> Any:
    schema = TransferSchema().bind(request=request, lines=_line_choices(request))
    return make_form(request, schema, buttons=[("request", _("Ask for the transfer"))], focus="off")


@view_config(
    route_name="budget.transfers",
    renderer="budget:templates/transfers.jinja2",
    permission=Perm.VIEW,
    requires_module="budget",
)
def transfer_list(request: Request) -> dict[str, Any] | HTTPFound:
    """Transfers between lines, with the authority each needs, and the form to ask one."""
    require(request, Perm.TRANSFER)
    can_ask = request.has_permission(Perm.TRANSFER)
    html = None
    if can_ask:
        form = _transfer_form(request)
        data, html = submitted(form, request)
        if data is not None:
            transfer = services.request_transfer(
                request.dbsession,
                actor=request.baladiya_identity.label,
                commune=request.commune,
                source=services.get_line(request.dbsession, data["source"]),
                target=services.get_line(request.dbsession, data["target"]),
                amount=data["amount"],
                reason=data["reason"],
            )
            return flash_and_go(
                request, _("Transfer requested."), "budget.transfer", public_id=transfer.public_id
            )
    state = _choice(request, TRANSFER_STATES)
    page = paginate(request, request.dbsession, services.transfers(state=state))
    return {
        "page": page,
        "state": state,
        "states": TRANSFER_STATES,
        "form": html,
        "money": money_writer(request),
    }


def _transfer_page(request: Request, errors: dict[str, str] | None = None) -> dict[str, Any]:
    transfer = services.get_transfer(request.dbsession, request.matchdict["public_id"])
    return {
        "transfer": transfer,
        "authority": AUTHORITIES[transfer.authority],
        "money": money_writer(request),
        "forms": action_forms(
            request, TRANSFER_WORKFLOW, transfer, "budget.transfer.action", errors
        ),
    }


@view_config(
    route_name="budget.transfer",
    renderer="budget:templates/transfer.jinja2",
    permission=Perm.VIEW,
    requires_module="budget",
)
def transfer_detail(request: Request) -> dict[str, Any]:
    """A transfer, who must authorise it, and the decision forms open to the reader."""
    return _transfer_page(request)


@view_config(
    route_name="budget.transfer.action",
    renderer="budget:templates/transfer.jinja2",
    permission=Perm.TRANSFER,
    request_method="POST",
    requires_module="budget",
)
def transfer_action(request: Request) -> dict[str, Any] | HTTPFound:
    """Record the authorisation (the credit moves) or the refusal."""
    transfer = services.get_transfer(request.dbsession, request.matchdict["public_id"])
    data, errors = action_data(request, request.path_url)
    if data is None:
        return _transfer_page(request, errors)
    services.act_transfer(
        request.dbsession,
        actor=request.baladiya_identity.label,
        transfer=transfer,
        action=request.matchdict["action"],
        permissions=request.permissions,
        data=data,
    )
    return flash_and_go(
        request, _("Transfer updated."), "budget.transfer", public_id=transfer.public_id
    )


# --- Commitments ---------------------------------------------------------------------------


@view_config(
    route_name="budget.commitments",
    renderer="budget:templates/commitments.jinja2",
    permission=Perm.VIEW,
    requires_module="budget",
)
def commitment_list(request: Request) -> dict[str, Any]:
    """Every expense, newest first, searchable by number, purpose or supplier."""
    state = _choice(request, STATES)
    text = _text(request)
    page = paginate(request, request.dbsession, services.commitments(state=state, text=text))
    return {
        "page": page,
        "state": state,
        "states": STATES,
        "q": text,
        "money": money_writer(request),
        "can_commit": request.has_permission(Perm.COMMIT),
    }


@view_config(
    route_name="budget.commitment.new",
    renderer=FORM_PAGE,
    permission=Perm.COMMIT,
    requires_module="budget",
)
def commitment_new(request: Request) -> dict[str, Any] | HTTPFound:
    """The commitment form; the available credit is checked again, line locked, on save."""
    suppliers = [
        (str(s.public_id), f"{s.name} ({s.tax_id})")
        for s in request.dbsession.execute(services.suppliers()).scalars()
    ]
    schema = CommitmentSchema().bind(
        request=request, lines=_line_choices(request), suppliers=suppliers
    )
    form = make_form(request, schema, buttons=[("commit", _("Commit"))])
    data, html = submitted(form, request)
    if data is None:
        url = request.route_url("budget.suppliers", commune=request.commune.slug)
        links = [Link(url, _("Add a supplier first"))] if not suppliers else []
        return form_page(request, _("New commitment"), links=links).with_form(html)
    commitment = services.commit(
        request.dbsession,
        actor=request.baladiya_identity.label,
        commune=request.commune,
        user_id=user_id(request),
        line=services.get_line(request.dbsession, data["line"]),
        supplier=services.get_supplier(request.dbsession, data["supplier"]),
        amount=data["amount"],
        purpose=data["purpose"],
    )
    return flash_and_go(
        request, _("Expense committed."), "budget.commitment", public_id=commitment.public_id
    )


def _commitment_page(request: Request, errors: dict[str, str] | None = None) -> dict[str, Any]:
    commitment = services.get_commitment(request.dbsession, request.matchdict["public_id"])
    forms = action_forms(
        request, COMMITMENT_WORKFLOW, commitment, "budget.commitment.action", errors
    )
    return {
        "commitment": commitment,
        "money": money_writer(request),
        "forms": forms,
        **attachment_values(request, commitment),
    }


@view_config(
    route_name="budget.commitment",
    renderer="budget:templates/commitment.jinja2",
    permission=Perm.VIEW,
    requires_module="budget",
)
def commitment_detail(request: Request) -> dict[str, Any]:
    """An expense, where it is in the chain, and the step open to the reader."""
    return _commitment_page(request)


@view_config(
    route_name="budget.commitment.action",
    renderer="budget:templates/commitment.jinja2",
    permission=Perm.VIEW,
    request_method="POST",
    requires_module="budget",
)
def commitment_action(request: Request) -> dict[str, Any] | HTTPFound:
    """Every step of the chain; the workflow checks the step's own permission and who may
    pay."""
    commitment = services.get_commitment(request.dbsession, request.matchdict["public_id"])
    data, errors = action_data(request, request.path_url)
    if data is None:
        return _commitment_page(request, errors)
    services.act(
        request.dbsession,
        actor=request.baladiya_identity.label,
        commune=request.commune,
        user_id=user_id(request),
        commitment=commitment,
        action=request.matchdict["action"],
        permissions=request.permissions,
        data=data,
    )
    return flash_and_go(
        request, _("Expense updated."), "budget.commitment", public_id=commitment.public_id
    )
