"""The commune's revenue ledgers (``Kind.REVENUE_LEDGER``), told what becomes of the money.

Payments books each credited payment, links each receipt once it is sealed (an online
payment's receipt is sealed by the outbox moments after the credit, in another
transaction) and offsets each payment given back, without importing the module that
keeps the accounts. A commune without such a module has no ledger: nothing is told.
"""

from __future__ import annotations

from pyramid.registry import Registry
from sqlalchemy.orm import Session

from municipality.activation import enabled_modules
from municipality.models import Commune
from municipality.payables import Collected, Payable, RevenueLedger
from municipality.providers import Kind, enabled_providers
from payments.models import Payment


def _ledgers(registry: Registry, session: Session, commune: Commune) -> list[RevenueLedger]:
    enabled = enabled_modules(session, commune.id)
    return [o.provider for o in enabled_providers(registry, Kind.REVENUE_LEDGER, enabled)]


def book(
    registry: Registry,
    session: Session,
    commune: Commune,
    payment: Payment,
    payable: Payable | None,
) -> None:
    """The money is in: ``payable`` is what the payment was for, read before the payable's
    module was told (a settled file no longer answers as payable, and its fee item with it)."""
    ledgers = _ledgers(registry, session, commune)
    if not ledgers:
        return
    assert payment.confirmed_amount is not None
    assert payment.confirmed_at is not None
    collected = Collected(
        reference=payment.reference,
        title=payment.title,
        amount=payment.confirmed_amount,
        currency=payment.currency,
        paid_at=payment.confirmed_at,
        payer=payment.payer,
        fee_item=payable.fee_item if payable is not None else None,
    )
    for ledger in ledgers:
        ledger.collected(session, commune, collected)


def receipted(registry: Registry, session: Session, commune: Commune, payment: Payment) -> None:
    """The payment's receipt is sealed: the ledgers link it to what they booked."""
    assert payment.receipt_id is not None
    for ledger in _ledgers(registry, session, commune):
        ledger.receipted(session, commune, payment.reference, payment.receipt_id)


def unbook(registry: Registry, session: Session, commune: Commune, reference: str) -> None:
    """The payment ``reference`` was given back: money reversed is no longer revenue."""
    for ledger in _ledgers(registry, session, commune):
        ledger.reversed(session, commune, reference)
