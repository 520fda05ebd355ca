"""Payments: fees paid by mobile money, card or at the counter, with exact reconciliation.

A commune prices the fee items modules define (its catalogue); a payment intent pays
for a payable another module offers (``Kind.PAYABLE_OBJECT``), through one of the
providers' adapters (``payments.adapters``) or at a cashier's till. Money is credited
only on the provider's verified server-side answer; a daily job matches every
provider's statement with our records and lists the differences for the treasurer.
``baladiya payments-sim`` plays the providers over HTTP for the demo and the tests.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from pyramid.config import Configurator
from pyramid.request import Request

from municipality.i18n import _
from municipality.providers import Kind
from municipality.settings import apply_defaults
from payments.permissions import Perm

DEFAULTS: dict[str, Any] = {
    # The providers' base address (the simulator in development and tests).
    "baladiya.payments.provider_url": "http://127.0.0.1:6570",
    # The secret shared with the providers (signatures, API key); the simulator's by default.
    "baladiya.payments.secret": "payments-sim-development-secret",
    # How long to wait for a provider's answer.
    "baladiya.payments.timeout_ms": 10_000,
    # How long a payment may stay pending before it waits for the reconciliation.
    "baladiya.payments.pending_seconds": 900,
}

MANIFEST = {
    "name": "payments",
    "title": _("Payments"),
    "version": "0.1.0",
    "description": _("Fees paid by mobile money, card or at the counter, reconciled daily."),
    "depends": ["documents"],
    "permissions": [*Perm],
    "adds_roles": [
        {"name": "treasurer", "title": _("Treasurer"), "scope": "commune", "second_factor": True},
        {"name": "cashier", "title": _("Cashier"), "scope": "commune", "second_factor": True},
    ],
    "roles": {
        "treasurer": [*Perm],
        "cashier": [Perm.VIEW, Perm.PAY, Perm.COUNTER],
        "commune_admin": [Perm.VIEW, Perm.FEES, Perm.RECONCILE],
        "supervisor": [Perm.VIEW],
        "resident": [Perm.PAY],
    },
    "menu": [
        {"route": "payments.list", "title": "Payments", "permission": Perm.VIEW},
        {"route": "payments.counter", "title": "Counter", "permission": Perm.COUNTER},
        {
            "route": "payments.reconciliation",
            "title": "Reconciliation",
            "permission": Perm.RECONCILE,
        },
        {"route": "payments.fees", "title": "Fees", "permission": Perm.FEES},
    ],
    "jobs": [
        {"name": "check", "func": "payments.jobs:check_open_payments", "seconds": 60},
        {"name": "reconcile", "func": "payments.jobs:reconcile_yesterday", "seconds": 86400},
        {"name": "receipts", "func": "payments.jobs:issue_waiting_receipts", "seconds": 600},
    ],
    "demo": "payments.demo:load_demo",
    "cli": "payments.cli:register",
}


CALLBACK_PREFIX = "/payments/callbacks/"


def merchant_slug(request: Request) -> str | None:
    """The commune a callback is for: the merchant id in its address."""
    merchant: str | None = (request.matchdict or {}).get("merchant")
    return merchant


def includeme(config: Configurator) -> None:
    from payments.gateway import GATEWAY_KEY, PROVIDERS, Gateway
    from payments.openapi import openapi_view
    from payments.payables import offered
    from payments.services import receipts, reversals
    from payments.services.intents import deliver_start, destination

    apply_defaults(config.get_settings(), DEFAULTS)
    gateway = Gateway.from_settings(config.get_settings())
    config.registry[GATEWAY_KEY] = gateway
    for provider in PROVIDERS:
        config.add_outbox_deliverer(destination(provider), partial(deliver_start, gateway))
    config.add_outbox_deliverer(
        receipts.DESTINATION, partial(receipts.deliver_receipt, config.registry)
    )
    config.add_outbox_deliverer(
        reversals.DESTINATION, partial(reversals.deliver, gateway, config.registry)
    )
    config.add_route("payments.list", "/c/{commune}/payments")
    config.add_route("payments.payment", "/c/{commune}/payments/{public_id}")
    config.add_route("payments.receipt", "/c/{commune}/payments/{public_id}/receipt")
    config.add_route("payments.reverse", "/c/{commune}/payments/{public_id}/reverse")
    config.add_route("payments.counter", "/c/{commune}/counter")
    config.add_route("payments.counter.action", "/c/{commune}/counter/{action}")
    config.add_route("payments.reconciliation", "/c/{commune}/reconciliation")
    config.add_route("payments.fees", "/c/{commune}/fees")
    config.add_route("payments.pay", "/{commune}/pay/{kind}/{reference}")
    config.add_route("payments.status", "/{commune}/payments/{public_id}")
    config.add_route("payments.status.receipt", "/{commune}/payments/{public_id}/receipt")
    # Providers call back as they know us: by merchant id, which is the commune's slug.
    config.add_route("payments.callback", CALLBACK_PREFIX + "{provider}/{merchant}")
    config.add_route("payments.callbacks.openapi", CALLBACK_PREFIX + "openapi.json")
    config.add_view(
        openapi_view,
        route_name="payments.callbacks.openapi",
        renderer="json",
        request_method="GET",
    )
    config.add_commune_locator(CALLBACK_PREFIX, merchant_slug)
    config.add_static_view("payments-static", "payments:static", cache_max_age=86400)
    config.include("municipality.providers")
    config.add_provider(
        Kind.DASHBOARD_CARD, "payments.queue", ".views.work_queues", module="payments"
    )
    config.add_provider(
        Kind.DOCUMENT_TYPE, "payments.receipt", ".receipt.RECEIPT", module="payments"
    )
    for kind, name, provider in offered():
        config.add_provider(kind, name, provider, module="payments")
    config.scan(".views")
    config.scan(".api")
