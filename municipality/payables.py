"""What a module offers to be paid for, and the fees it charges: two provider contracts.

A module whose files cost money (a copy request, a permit fee, a fine) offers a
``Kind.PAYABLE_OBJECT`` provider; the payments module asks it what a reference stands
for and tells it when the money is in, without importing it. A module that defines a
fee (the stamp duty on an extract) offers a ``Kind.FEE_ITEM`` provider; each commune
prices it in its own catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from sqlalchemy.orm import Session


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


@dataclass(frozen=True)
class FeeItem:
    """A fee a module defines; each commune's catalogue sets its price."""

    code: str
    title: str
    unit: str | None = None
