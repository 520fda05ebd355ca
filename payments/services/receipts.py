"""Receipts: the sealed document a confirmed payment gets, issued just after the credit.

Crediting only asks for the receipt (an outbox message, in the credit's transaction);
the outbox seals it moments later. Sealing renders a PDF, tenths of a second that must
not hold the payment's lock and the commune's document counter while other callbacks
queue behind them: the payer's page says the receipt is on its way meanwhile.
A commune without a valid signer still takes money: the payment is credited and its
receipt waits (``receipt_id`` empty) until the ``receipts`` job finds a signer to seal it.
Issuing runs in a savepoint, so a receipt that cannot be sealed leaves nothing behind.
"""

from __future__ import annotations

from typing import Any

from pyramid.registry import Registry
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from documents import issuance
from documents.services import NoSigner
from municipality import audit, outbox
from municipality.db import ALL_COMMUNES, scoped_to
from municipality.i18n import _, localizer_for
from municipality.models import Commune, OutboxMessage
from payments import money
from payments.gateway import PROVIDER_NAMES
from payments.models import Payment
from payments.permissions import Perm
from payments.receipt import RECEIPT
from payments.services import ledgers
from payments.workflow import CREDITED

ISSUER = frozenset({Perm.CONFIRM})
LATIN = ("fr", "en")
SYSTEM_ACTOR = "system:payments"
DESTINATION = "payments:receipt"


def receipt_data(payment: Payment, language: str) -> dict[str, Any]:
    """What the receipt prints: the fee and the provider in the sheet's Latin language
    and in Arabic (the ``_ar`` values)."""
    latin = localizer_for(language if language in LATIN else "fr").translate
    arabic = localizer_for("ar").translate
    provider = PROVIDER_NAMES.get(payment.provider, payment.provider)
    assert payment.confirmed_at is not None
    return {
        "payer": payment.payer,
        "amount": money.text(payment.confirmed_amount, payment.currency),
        "paid_for": latin(_(payment.title)),
        "paid_for_ar": arabic(_(payment.title)),
        "reference": payment.reference,
        "provider": latin(provider),
        "provider_ar": arabic(provider),
        "paid_on": payment.confirmed_at.date().isoformat(),
    }


def issue_receipt(
    session: Session, registry: Registry, *, actor: str, commune: Commune, payment: Payment
) -> bool:
    """Seal the receipt of a confirmed payment; ``False`` when the commune has no signer."""
    language = commune.default_locale
    try:
        with session.begin_nested():
            document = issuance.issue_document(
                session,
                registry,
                actor=actor,
                commune=commune,
                type_code=RECEIPT.code,
                data=receipt_data(payment, language),
                lang=language,
                permissions=ISSUER,
            )
            session.flush()
    except NoSigner:
        return False
    payment.receipt_id = document.public_id
    ledgers.receipted(registry, session, commune, payment)
    return True


def queue_receipt(session: Session, payment: Payment) -> None:
    """Ask for the receipt of a payment being credited, delivered once it is committed."""
    outbox.enqueue(
        session,
        destination=DESTINATION,
        payload={"reference": payment.reference},
        idempotency_key=f"{DESTINATION}:{payment.reference}",
        commune_id=payment.commune_id,
    )


def deliver_receipt(registry: Registry, message: OutboxMessage) -> None:
    """The outbox deliverer of receipts: seal it unless already sealed or no longer due.

    A commune without a signer is not a delivery failure: the payment keeps waiting and
    the ``receipts`` job seals it once the commune has one.
    """
    session = object_session(message)
    assert session is not None
    payment = session.execute(
        select(Payment).where(Payment.reference == message.payload["reference"]),
        execution_options={ALL_COMMUNES: True},
    ).scalar_one()
    if payment.state != CREDITED or payment.receipt_id is not None:
        return
    audit.hold_chain(session, payment.commune_id)  # the head before the payment's row
    with scoped_to(session, payment.commune_id):
        commune = session.get(Commune, payment.commune_id)
        assert commune is not None
        issue_receipt(session, registry, actor=SYSTEM_ACTOR, commune=commune, payment=payment)


def issue_missing(session: Session, registry: Registry, *, actor: str, commune: Commune) -> int:
    """Seal the receipts that waited for a signer; how many were issued."""
    waiting = select(Payment).where(Payment.state == CREDITED, Payment.receipt_id.is_(None))
    return sum(
        issue_receipt(session, registry, actor=actor, commune=commune, payment=payment)
        for payment in list(session.execute(waiting.order_by(Payment.id)).scalars())
    )


def pdf(session: Session, registry: Registry, payment: Payment) -> bytes | None:
    """The receipt's PDF as issued, or ``None`` while it waits for a signer."""
    if payment.receipt_id is None:
        return None
    return issuance.pdf_of(session, registry, issuance.get(session, payment.receipt_id))
