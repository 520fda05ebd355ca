"""A copy request as the payments module sees it: a payable object, found by its code.

The payments module asks this provider what a code stands for and tells it when the fee
is in; it never imports this module. The provider holds the application's registry, so
settling can seal the copy in the crediting transaction.
"""

from __future__ import annotations

from pyramid.registry import Registry
from pyramid.request import Request
from sqlalchemy.orm import Session

from civil_status.services import requests
from municipality.payables import Payable

KIND = "civil_status.request"


class CopyRequestPayable:
    """``Kind.PAYABLE_OBJECT``: a copy request awaiting payment, priced by its copy's fee."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def find(self, session: Session, reference: str) -> Payable | None:
        request = requests.payable(session, reference)
        if request is None:
            return None
        doc_type = requests.document_type(request.copy_type)
        fee = doc_type.fee if isinstance(doc_type.fee, str) else None
        amount = None if isinstance(doc_type.fee, str) else doc_type.fee
        return Payable(reference=request.code, title=doc_type.title, amount=amount, fee_item=fee)

    def settled(self, session: Session, reference: str, *, receipt: str) -> None:
        requests.settle(session, self.registry, code=reference, receipt=receipt)

    def follow_url(self, request: Request, reference: str) -> str:
        """The request's tracking page, which its code opens."""
        return request.route_url("civil_status.track", commune=request.commune.slug, code=reference)
