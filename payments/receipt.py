"""The payment receipt (reçu de paiement, وصل الأداء): a sealed document per confirmed payment.

Declared like any document type (:mod:`documents.residence` is the model) and issued by
the payments services only, at the moment money is credited: nobody fills it in.
"""

from __future__ import annotations

from documents.interfaces import DocumentType, PrintedField
from municipality.i18n import _
from payments.permissions import Perm
from payments.schemas import ReceiptSchema

RECEIPT = DocumentType(
    code="RCP",
    title=_("Payment receipt"),
    seal_fields={
        "am": _("Amount"),
        "rf": _("Payment reference"),
        "dt": _("Paid on"),
    },
    validity_days=None,
    name="payment_receipt",
    schema=ReceiptSchema,
    permission=Perm.CONFIRM,
    printed=(
        PrintedField("payer", _("Paid by")),
        PrintedField("amount", _("Amount")),
        PrintedField("paid_for", _("For")),
        PrintedField("reference", _("Payment reference")),
        PrintedField("provider", _("Paid with")),
        PrintedField("paid_on", _("Paid on")),
    ),
    body=_(
        "The commune of ${commune} acknowledges receipt of ${amount} for ${paid_for}, "
        "paid on ${paid_on} under the reference ${reference}."
    ),
    seal_sources={"am": "amount", "rf": "reference", "dt": "paid_on"},
    holder_field="payer",
)
