"""A permit's fee as a payable object: payments asks what a file's code stands for and
tells the file when the money is in, without importing this module.

The fee's amount is the profile's formula (Morocco's construction tax per covered m²),
not a catalogue price; it still names :data:`FEE_ITEM`, the revenue the budget books
it on (the revenue codes list it), as a counter fee names its catalogue item."""

from __future__ import annotations

from pyramid.request import Request
from sqlalchemy.orm import Session

from municipality.i18n import _
from municipality.payables import Payable
from permits.services import files, handling

PAYABLE_STATES = frozenset({"approved"})
FEE_ITEM = "permits.fee"


class PermitFee:
    """The fee of an approved file, referenced by the file's follow-up code."""

    def find(self, session: Session, reference: str) -> Payable | None:
        file = files.by_code(session, reference)
        if file is None or file.state not in PAYABLE_STATES or file.fee_paid_at is not None:
            return None
        return Payable(
            reference=file.code,
            title=_("Urban-planning permit fee"),
            amount=file.fee,
            fee_item=FEE_ITEM,
        )

    def settled(self, session: Session, reference: str, *, receipt: str) -> None:
        file = files.by_code(session, reference)
        if file is not None:
            handling.fee_settled(session, file, receipt=receipt)

    def follow_url(self, request: Request, reference: str) -> str:
        """The public page where the applicant follows the file by its code."""
        return request.route_url(
            "permits.follow", commune=request.commune.slug, _query={"code": reference}
        )


PERMIT_FEE = PermitFee()
