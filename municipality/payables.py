"""What a module offers to be paid for, and the fees it charges: two provider contracts.

A module whose files cost money (a copy request, a permit fee, a fine) offers a
``Kind.PAYABLE_OBJECT`` provider; the payments module asks it what a reference stands
for and tells it when the money is in, without importing it. A module that defines a
fee (the stamp duty on an extract) offers a ``Kind.FEE_ITEM`` provider; each commune
prices it in its own catalogue. A module that keeps the commune's revenue accounts
offers a ``Kind.REVENUE_LEDGER`` provider; payments tells it of each confirmed payment,
of its receipt once sealed, and of each payment given back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from pyramid.request import Request
from sqlalchemy.orm import Session

from municipality.models import Commune


@dataclass(frozen=True)
class Payable:
    """What a reference stands for: shown to the payer, and the amount owed.

    ``fee_item`` names the catalogue entry that prices it when ``amount`` is ``None``;
    ``quantity`` is what a per-unit fee multiplies (pages, square metres, days).
    """

    reference: str
    title: str
    amount: Decimal | None = None
    fee_item: str | None = None
    quantity: int = 1


class PayableObject(Protocol):
    """A kind of file that can be paid for, looked up in the caller's commune scope."""

    def find(self, session: Session, reference: str) -> Payable | None:
        """The payable this reference names in the session's commune, if any."""

    def settled(self, session: Session, reference: str, *, receipt: str) -> None:
        """The money is in (verified): let the file go on. Runs in the crediting transaction."""


class Followed(Protocol):
    """A payable object whose files the payer follows on a public page also offers this
    method: the payment's page links back to that page, whatever became of the payment (a
    file settled no longer answers :meth:`PayableObject.find`, so the link cannot ride on
    the :class:`Payable`). Optional: payments looks it up on the provider."""

    def follow_url(self, request: Request, reference: str) -> str:
        """The public page where whoever holds ``reference`` sees where the file stands."""
        ...


@dataclass(frozen=True)
class FeeItem:
    """A fee a module defines; each commune's catalogue sets its price."""

    code: str
    title: str
    unit: str | None = None


@dataclass(frozen=True)
class Collected:
    """A confirmed payment as the revenue accounts book it: ``reference`` is the payment's
    own (unique in the commune), ``fee_item`` the catalogue entry it paid, if any."""

    reference: str
    title: str
    amount: Decimal
    currency: str
    paid_at: datetime
    payer: str | None = None
    fee_item: str | None = None


class RevenueLedger(Protocol):
    """The commune's revenue accounts, told of every confirmed and every reversed payment."""

    def collected(self, session: Session, commune: Commune, payment: Collected) -> None:
        """Book ``payment``; runs in the crediting transaction, and once per reference."""

    def receipted(
        self, session: Session, commune: Commune, reference: str, receipt: uuid.UUID
    ) -> None:
        """The payment ``reference``'s receipt is sealed: link it to what was booked. A
        payment confirmed online is sealed by the outbox after its crediting transaction,
        so the receipt is never known when the payment is booked."""

    def reversed(self, session: Session, commune: Commune, reference: str) -> None:
        """The payment ``reference`` was given back: take it out of the revenue, keeping
        what was booked (an audit trail); runs in the reversing transaction, once."""
