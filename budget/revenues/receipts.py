"""Receipts of counter collections: a sealed document issued in the collection's
transaction, through documents' issuance.

A commune without a valid signer still collects: the collection is recorded and its
receipt waits (``receipt_id`` empty) until :func:`issue_missing` finds a signer. Issuing
runs in a savepoint, so a receipt that cannot be sealed leaves nothing behind.
"""

from __future__ import annotations

from typing import Any

from pyramid.registry import Registry
from sqlalchemy import select
from sqlalchemy.orm import Session

from budget.money import DECIMALS
from budget.permissions import Perm
from budget.revenues.models import Collection
from budget.revenues.receipt import QUITTANCE
from budget.revenues.services import COUNTER
from documents import issuance
from documents.services import NoSigner
from municipality.models import Commune

ISSUER = frozenset({Perm.COLLECT})


def receipt_data(collection: Collection, currency: str) -> dict[str, Any]:
    """What the receipt prints: the revenue line in French and Arabic."""
    places = DECIMALS[currency]
    line = collection.line
    purpose = collection.assessment.purpose if collection.assessment else line.label_fr
    return {
        "payer": collection.payer,
        "amount": f"{collection.amount:.{places}f} {currency}",
        "paid_for": f"{purpose} ({line.code})",
        "paid_for_ar": f"{line.label_ar} ({line.code})",
        "reference": collection.number,
        "paid_on": collection.collected_at.date().isoformat(),
    }


def issue_receipt(
    session: Session, registry: Registry, *, actor: str, commune: Commune, collection: Collection
) -> bool:
    """Seal the receipt of a counter collection; ``False`` when the commune has no signer."""
    if collection.channel != COUNTER or collection.receipt_id is not None:
        return False
    try:
        with session.begin_nested():
            document = issuance.issue_document(
                session,
                registry,
                actor=actor,
                commune=commune,
                type_code=QUITTANCE.code,
                data=receipt_data(collection, commune.currency),
                lang=commune.default_locale,
                permissions=ISSUER,
            )
            session.flush()
    except NoSigner:
        return False
    collection.receipt_id = document.public_id
    return True


def issue_missing(session: Session, registry: Registry, *, actor: str, commune: Commune) -> int:
    """Seal the counter receipts that waited for a signer; how many were issued."""
    waiting = select(Collection).where(
        Collection.channel == COUNTER, Collection.receipt_id.is_(None)
    )
    return sum(
        issue_receipt(session, registry, actor=actor, commune=commune, collection=collection)
        for collection in list(session.execute(waiting.order_by(Collection.id)).scalars())
    )


def pdf(session: Session, registry: Registry, collection: Collection) -> bytes | None:
    """The receipt's PDF as issued, or ``None`` while it waits for a signer."""
    if collection.receipt_id is None:
        return None
    return issuance.pdf_of(session, registry, issuance.get(session, collection.receipt_id))
