"""What the payments module itself offers: the commune's own counter fees, payable directly.

Other modules offer their files as payables (a copy request, a permit fee); the fees a
commune charges over the counter with no file behind them (stamp duty, legalising a
signature, a market stall) are this module's, priced in the commune's catalogue. Their
reference is ``<fee code>:<quantity>:<ticket>``: the ticket makes each payment its own.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from municipality.i18n import _
from municipality.payables import FeeItem, Payable
from municipality.providers import Kind
from payments.services.fees import MAX_QUANTITY, fee_line

STAMP_DUTY = FeeItem("payments.stamp-duty", _("Stamp duty"))
LEGALISATION = FeeItem("payments.legalisation", _("Legalisation of a signature"))
MARKET_STALL = FeeItem("payments.market-stall", _("Market stall"), unit=_("day"))

REFERENCE = re.compile(
    r"^(?P<code>[a-z0-9.-]{1,64}):(?P<quantity>[0-9]{1,6}):(?P<ticket>[A-Za-z0-9-]{4,32})$"
)


def fee_reference(code: str, quantity: int, ticket: str) -> str:
    """The reference of a counter fee payment."""
    return f"{code}:{quantity}:{ticket}"


class CatalogueFee:
    """A fee of the commune's catalogue, paid for itself (``Kind.PAYABLE_OBJECT``)."""

    def find(self, session: Session, reference: str) -> Payable | None:
        match = REFERENCE.match(reference)
        if match is None or not 1 <= int(match["quantity"]) <= MAX_QUANTITY:
            return None
        fee = fee_line(session, match["code"])
        if fee is None:
            return None
        return Payable(
            reference=reference,
            title=fee.title,
            fee_item=fee.code,
            quantity=int(match["quantity"]),
        )

    def settled(self, session: Session, reference: str, *, receipt: str) -> None:
        """Nothing waits on a counter fee: the payment itself is the record."""


CATALOGUE_FEE = CatalogueFee()
FEE_ITEMS = (STAMP_DUTY, LEGALISATION, MARKET_STALL)


def offered() -> list[tuple[Kind, str, Any]]:
    """Every provider this module offers: its kind, its name, the provider."""
    fees: list[tuple[Kind, str, Any]] = [(Kind.FEE_ITEM, f.code, f) for f in FEE_ITEMS]
    return [(Kind.PAYABLE_OBJECT, "payments.fee", CATALOGUE_FEE), *fees]
