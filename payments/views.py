"""Payment pages: the payer's choice and waiting page, the staff list, the counter, reconciliation.

The payer's return page never credits anything: it shows what the server knows, and
waits (refreshing itself) until the provider's own confirmation has arrived.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import view_config

from municipality.db import utcnow
from municipality.errors import Conflict, NotFound
from municipality.forms import make_form, submitted
from municipality.i18n import _
from municipality.pagination import paginate
from municipality.payables import Followed
from municipality.views.shell import WorkQueue
from payments import money
from payments.gateway import PROVIDER_NAMES, PROVIDERS, gateway
from payments.models import Payment
from payments.payables import fee_reference
from payments.permissions import Perm
from payments.schemas import (
    PAYMENT_REFERENCE,
    ChargeSchema,
    CloseSchema,
    FeeSchema,
    PaySchema,
    ReconcileSchema,
    TakeSchema,
)
from payments.services import counter, fees, intents, receipts, reconciliation, reversals
from payments.workflow import PAYMENT_WORKFLOW

STATE_NAMES = {
    "created": _("Not started"),
    "pending": _("Waiting for confirmation"),
    "confirmed": _("Paid"),
    "failed": _("Failed"),
    "to_reconcile": _("To reconcile"),
    "reversing": _("Reversal asked"),
    "reversed": _("Reversed"),
}
DIFFERENCE_NAMES = {
    "missing_ours": _("Moved by the provider, not credited here"),
    "missing_theirs": _("Credited here, absent from the statement"),
    "amount": _("Another amount"),
    "reversed": _("Reversed on one side only"),
}


def _translate(request: Request, value: Any) -> str:
    return str(request.localizer.translate(value))


def _common(request: Request) -> dict[str, Any]:
    """What every payments page uses: amounts and provider names in the reader's language."""
    return {
        "money": money.text,
        "provider_name": lambda p: _translate(request, PROVIDER_NAMES.get(p, p)),
        "state_name": lambda s: _translate(request, STATE_NAMES.get(s, s)),
        "difference_name": lambda k: _translate(request, DIFFERENCE_NAMES.get(k, k)),
        "fee_title": lambda t: _translate(request, _(t)),
    }


def work_queues(request: Request) -> list[WorkQueue]:
    """The dashboard shows the payments waiting for the treasurer: to reconcile."""
    if not request.has_permission(Perm.VIEW):
        return []
    count = intents.state_counts(request.dbsession).get("to_reconcile", 0)
    url = request.route_url(
        "payments.list", commune=request.commune.slug, _query={"state": "to_reconcile"}
    )
    return [WorkQueue(_translate(request, _("Payments to reconcile")), count, url)]


# --- The payer ---------------------------------------------------------------------------


@view_config(
    route_name="payments.pay", renderer="payments:templates/pay.jinja2", requires_module="payments"
)
def pay(request: Request) -> dict[str, Any] | HTTPFound:
    """What is owed and how to pay it; paying starts the payment and sends the payer on."""
    session, commune = request.dbsession, request.commune
    kind, reference = request.matchdict["kind"], request.matchdict["reference"]
    payable = intents.find_payable(request.registry, session, commune, kind, reference)
    amount = intents.amount_of(session, commune, payable)
    # A cashier may also record that the payer pays in cash at the till.
    offered = [*PROVIDERS, intents.CASH] if request.has_permission(Perm.COUNTER) else PROVIDERS
    choices = [(p, _translate(request, PROVIDER_NAMES[p])) for p in offered]
    form = make_form(
        request,
        PaySchema().bind(providers=choices, request=request),
        buttons=[
            ("pay", _("Pay ${amount}", mapping={"amount": money.text(amount, commune.currency)}))
        ],
    )
    data, html = submitted(form, request, {"provider": PROVIDERS[0]})
    if data is None:
        return {"payable": payable, "amount": amount, "form": html, **_common(request)}
    identity = request.baladiya_identity
    payment = intents.request_payment(
        session,
        actor=identity.label if identity else "public",
        commune=commune,
        registry=request.registry,
        kind=kind,
        reference=reference,
        provider=data["provider"],
        payer=(data.get("phone") or "").replace(" ", "") or None,
    )
    if payment.provider == intents.CASH:
        till = request.route_url(
            "payments.counter", commune=commune.slug, _query={"reference": payment.reference}
        )
        return HTTPFound(location=till)
    redirect = intents.start(
        session,
        actor=identity.label if identity else "public",
        commune=commune,
        gateway=gateway(request.registry),
        payment=payment,
        language=request.locale_name,
    )
    status = request.route_url("payments.status", commune=commune.slug, public_id=payment.public_id)
    return HTTPFound(location=redirect or status)


@view_config(
    route_name="payments.status",
    renderer="payments:templates/status.jinja2",
    requires_module="payments",
)
def status(request: Request) -> dict[str, Any]:
    """Where the payer comes back: what the server knows, refreshed until it is settled.

    Coming back here proves nothing: only the provider's confirmation, which arrives
    server to server, turns the page to "paid" (``static/status.js`` asks for it).
    """
    payment = intents.get(request.dbsession, request.matchdict["public_id"])
    return {"payment": payment, "back": _follow_url(request, payment), **_common(request)}


def _follow_url(request: Request, payment: Payment) -> str | None:
    """Where the payer follows what they paid for, when its module offers such a page."""
    offered = intents.payables(request.registry, request.dbsession, request.commune)
    payable = offered.get(payment.payable_kind)
    if not hasattr(payable, "follow_url"):
        return None
    return cast(Followed, payable).follow_url(request, payment.payable_ref)


def _receipt_pdf(request: Request) -> Response:
    """The payment's sealed receipt as issued; 404 while it waits for the commune's signer."""
    payment = intents.get(request.dbsession, request.matchdict["public_id"])
    body = receipts.pdf(request.dbsession, request.registry, payment)
    if body is None:
        raise NotFound(_("The receipt of this payment is not ready yet."))
    response = Response(body=body, content_type="application/pdf")
    response.content_disposition = f'inline; filename="{payment.reference}.pdf"'
    return response


@view_config(route_name="payments.status.receipt", requires_module="payments")
def status_receipt(request: Request) -> Response:
    """The payer's receipt: whoever holds the payment's unguessable address may read it."""
    return _receipt_pdf(request)


@view_config(route_name="payments.receipt", permission=Perm.VIEW, requires_module="payments")
def payment_receipt(request: Request) -> Response:
    """The receipt as the commune's staff open it from the payment's page."""
    return _receipt_pdf(request)


# --- Staff -------------------------------------------------------------------------------


@view_config(
    route_name="payments.list",
    renderer="payments:templates/list.jinja2",
    permission=Perm.VIEW,
    requires_module="payments",
)
def payment_list(request: Request) -> dict[str, Any]:
    """Every payment of the commune, searchable and filtered by state and provider."""
    state = request.params.get("state")
    state = state if state in STATE_NAMES else None
    provider = request.params.get("provider")
    provider = provider if provider in PROVIDER_NAMES else None
    text = (request.params.get("q") or "").strip()[:100]
    page = paginate(
        request, request.dbsession, intents.query(state=state, provider=provider, text=text)
    )
    return {
        "page": page,
        "state": state,
        "provider": provider,
        "q": text,
        "states": list(STATE_NAMES),
        "providers": list(PROVIDER_NAMES),
        "counts": intents.state_counts(request.dbsession),
        **_common(request),
    }


@view_config(
    route_name="payments.payment",
    renderer="payments:templates/payment.jinja2",
    permission=Perm.VIEW,
    requires_module="payments",
)
def payment_detail(request: Request) -> dict[str, Any]:
    """A payment with its references and the actions open to this user."""
    payment = intents.get(request.dbsession, request.matchdict["public_id"])
    can_reverse = any(
        t.action in ("reverse", "ask_reversal")
        for t in PAYMENT_WORKFLOW.open_actions(payment.state, request.permissions)
    )
    return {"payment": payment, "can_reverse": can_reverse, **_common(request)}


@view_config(
    route_name="payments.reverse",
    permission=Perm.REVERSE,
    request_method="POST",
    requires_module="payments",
)
def payment_reverse(request: Request) -> HTTPFound:
    """Give a credited payment back through its provider; the treasurer's decision."""
    payment = intents.get(request.dbsession, request.matchdict["public_id"])
    reversals.ask(
        request.dbsession,
        registry=request.registry,
        actor=request.baladiya_identity.label,
        commune=request.commune,
        payment=payment,
        permissions=request.permissions,
    )
    if payment.state == "reversed":
        request.session.flash(_translate(request, _("The payment was reversed.")), "success")
    else:
        message = _("The reversal was asked of the provider; its answer will show here.")
        request.session.flash(_translate(request, message), "success")
    return HTTPFound(
        location=request.route_url(
            "payments.payment", commune=request.commune.slug, public_id=payment.public_id
        )
    )


# --- The counter -------------------------------------------------------------------------


def _counter_forms(request: Request) -> dict[str, Any]:
    session, slug = request.dbsession, request.commune.slug
    fee_choices = [
        (fee.code, _translate(request, _(fee.title)))
        for fee in fees.catalogue(session)
        if fee.active
    ]

    def action(name: str) -> str:
        return request.route_url("payments.counter.action", commune=slug, action=name)

    return {
        "charge": make_form(
            request,
            ChargeSchema().bind(fees=fee_choices, request=request),
            buttons=[("charge", _("Take the cash"))],
            action=action("charge"),
            formid="charge",
            focus="off",
        ),
        "take": make_form(
            request,
            TakeSchema(),
            buttons=[("take", _("Take the cash"))],
            action=action("take"),
            formid="take",
            focus="off",
        ),
        "close": make_form(
            request,
            CloseSchema(),
            buttons=[("close", _("Close my till"))],
            action=action("close"),
            formid="close",
            focus="off",
        ),
    }


def _counter_page(request: Request, rendered: dict[str, str] | None = None) -> dict[str, Any]:
    session = request.dbsession
    till = counter.current_till(session, request.baladiya_identity.label)
    forms = _counter_forms(request)
    html = {name: form.render() for name, form in forms.items()}
    pending = _pending_reference(request.params)
    if pending:  # sent from the payer's page: the cash to take for it
        html["take"] = forms["take"].render({"reference": pending})
    html.update(rendered or {})
    taken = counter.taken(session, till) if till is not None else []
    return {
        "till": till,
        "forms": html,
        "taken": taken,
        "tills": counter.tills(session)[:10],
        "pending": pending,
        **_common(request),
    }


def _pending_reference(params: Any) -> str | None:
    """The payment a cashier was sent here to take cash for, when well formed."""
    reference = params.get("reference", "")
    return reference if isinstance(reference, str) and PAYMENT_REFERENCE.match(reference) else None


@view_config(
    route_name="payments.counter",
    renderer="payments:templates/counter.jinja2",
    permission=Perm.COUNTER,
    requires_module="payments",
)
def counter_page(request: Request) -> dict[str, Any]:
    """The cashier's till: open it, take cash for fees or payments, close it counted."""
    return _counter_page(request)


def _counter_done(request: Request, message: Any, pending: str | None = None) -> HTTPFound:
    request.session.flash(_translate(request, message), "success")
    query = {"reference": pending} if pending else {}
    return HTTPFound(
        location=request.route_url("payments.counter", commune=request.commune.slug, _query=query)
    )


@view_config(
    route_name="payments.counter.action",
    renderer="payments:templates/counter.jinja2",
    permission=Perm.COUNTER,
    request_method="POST",
    requires_module="payments",
)
def counter_action(request: Request) -> dict[str, Any] | HTTPFound:
    """Open, charge a fee, take cash for a payment, or close; each ends with a message."""
    session, commune = request.dbsession, request.commune
    actor = request.baladiya_identity.label
    name = request.matchdict["action"]
    if name == "open":
        counter.open_till(session, actor=actor, commune=commune)
        return _counter_done(request, _("Your till is open."), _pending_reference(request.POST))
    forms = _counter_forms(request)
    if name not in forms:
        raise NotFound(_("This page does not exist."))
    data, html = submitted(forms[name], request)
    if data is None:
        return _counter_page(request, {name: html})
    till = counter.current_till(session, actor)
    if till is None:
        raise Conflict(_("Open your till first."))
    if name == "close":
        counter.close_till(
            session, actor=actor, commune=commune, till=till, counted=data["counted"]
        )
        return _counter_done(request, _("Your till is closed."))
    if name == "charge":
        payment = intents.request_payment(
            session,
            actor=actor,
            commune=commune,
            registry=request.registry,
            kind="payments.fee",
            reference=fee_reference(data["fee"], data["quantity"], counter.ticket()),
            provider=intents.CASH,
        )
    else:
        payment = intents.by_reference(session, data["reference"])
    counter.take_cash(
        session,
        actor=actor,
        registry=request.registry,
        till=till,
        payment=payment,
        received=data["received"],
    )
    return _counter_done(
        request,
        _("Paid: ${reference}.", mapping={"reference": payment.reference}),
    )


# --- The fee catalogue -------------------------------------------------------------------


@view_config(
    route_name="payments.fees",
    renderer="payments:templates/fees.jinja2",
    permission=Perm.FEES,
    requires_module="payments",
)
def fee_catalogue(request: Request) -> dict[str, Any] | HTTPFound:
    """The commune's prices for the fees its modules define; a valid form sets one."""
    session, commune = request.dbsession, request.commune
    items = fees.fee_items(request.registry, session, commune)
    choices = [(code, _translate(request, item.title)) for code, item in sorted(items.items())]
    form = make_form(
        request,
        FeeSchema().bind(fees=choices, request=request),
        buttons=[("save", _("Save the price"))],
        focus="off",
    )
    data, html = submitted(form, request, {"active": True})
    if data is None:
        return {"catalogue": fees.catalogue(session), "form": html, **_common(request)}
    fees.set_fee(
        session,
        actor=request.baladiya_identity.label,
        commune=commune,
        registry=request.registry,
        code=data["code"],
        fixed_amount=data["fixed_amount"],
        unit_amount=data["unit_amount"],
        active=data["active"],
    )
    request.session.flash(_translate(request, _("The price was saved.")), "success")
    return HTTPFound(location=request.route_url("payments.fees", commune=commune.slug))


# --- Reconciliation ----------------------------------------------------------------------


@view_config(
    route_name="payments.reconciliation",
    renderer="payments:templates/reconciliation.jinja2",
    permission=Perm.RECONCILE,
    requires_module="payments",
)
def reconciliation_page(request: Request) -> dict[str, Any] | HTTPFound:
    """Every difference between our records and the providers' statements, latest first."""
    session = request.dbsession
    form = make_form(
        request,
        ReconcileSchema(),
        buttons=[("reconcile", _("Match the statements of this day"))],
        focus="off",
    )
    yesterday = utcnow().date() - timedelta(days=1)
    data, html = submitted(form, request, {"day": yesterday})
    if data is not None:
        unanswered = reconciliation.reconcile_day(
            session,
            commune=request.commune,
            gateway=gateway(request.registry),
            day=data["day"],
            actor=request.baladiya_identity.label,
        )
        if unanswered:
            names = ", ".join(_translate(request, PROVIDER_NAMES[p]) for p in unanswered)
            message = _(
                "These providers did not answer; try again later: ${names}.",
                mapping={"names": names},
            )
            request.session.flash(_translate(request, message), "error")
        else:
            request.session.flash(_translate(request, _("The statements were matched.")), "success")
        return HTTPFound(
            location=request.route_url("payments.reconciliation", commune=request.commune.slug)
        )
    provider = request.params.get("provider")
    provider = provider if provider in PROVIDERS else None
    return {
        "form": html,
        "runs": reconciliation.runs(session)[:30],
        "differences": reconciliation.differences(session, provider)[:500],
        "provider": provider,
        "providers": PROVIDERS,
        **_common(request),
    }
