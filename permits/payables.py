"""A permit's fee as a payable object: payments asks what a file's code stands for and
tells the file when the money is in, without importing this module."""

from __future__ import annotations

from sqlalchemy.orm import Session

from municipality.payables import Payable
from permits.services import files, handling

PAYABLE_STATES = frozenset({"approved"})


class PermitFee:
    """The fee of an approved file, referenced by the file's follow-up code."""

    def find(self, session: Session, reference: str) -> Payable | None:
        file = files.by_code(session, reference)
        if file is None or file.state not in PAYABLE_STATES or file.fee_paid_at is not None:
            return None
        return Payable(reference=file.code, title=f"Permit fee {file.code}", amount=file.fee)

    def settled(self, session: Session, reference: str, *, receipt: str) -> None:
        file = files.by_code(session, reference)
        if file is not None:
            handling.fee_settled(session, file, receipt=receipt)


PERMIT_FEE = PermitFee()
