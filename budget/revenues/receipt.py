"""The collection receipt (quittance, وصل الاستخلاص): a sealed document per collection at
the counter.

Declared like any document type (:mod:`payments.receipt` is the model) and issued by the
revenue services only, when the accountant records money received: nobody fills it in.
A payment confirmed by the payments module already carries that module's receipt.
"""

from __future__ import annotations

from budget.permissions import Perm
from budget.revenues.schemas import QuittanceSchema
from documents.interfaces import DocumentType, PrintedField
from municipality.i18n import _

QUITTANCE = DocumentType(
    code="QTC",
    title=_("Collection receipt"),
    seal_fields={
        "am": _("Amount"),
        "rf": _("Collection number"),
        "dt": _("Paid on"),
    },
    validity_days=None,
    name="collection_receipt",
    schema=QuittanceSchema,
    permission=Perm.COLLECT,
    printed=(
        PrintedField("payer", _("Paid by")),
        PrintedField("amount", _("Amount")),
        PrintedField("paid_for", _("For")),
        PrintedField("reference", _("Collection number")),
        PrintedField("paid_on", _("Paid on")),
    ),
    body=_(
        "The accountant of the commune of ${commune} acknowledges receipt of ${amount} "
        "for ${paid_for}, paid on ${paid_on} and recorded under the number ${reference}."
    ),
    seal_sources={"am": "amount", "rf": "reference", "dt": "paid_on"},
    holder_field="payer",
)
