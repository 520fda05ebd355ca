"""The other copies of a birth act a profile may list: the full copy (copie intégrale,
نسخة كاملة) and Morocco's individual civil-status sheet (fiche individuelle, البطاقة
الشخصية للحالة المدنية), issued like the extract from the act as it reads now.

Each copy type of a profile is one document type; :data:`BY_COPY_TYPE` says which.
"""

from __future__ import annotations

from dataclasses import replace

from civil_status.documents import BIRTH_EXTRACT
from documents.interfaces import DocumentType
from municipality.i18n import _

FULL_COPY = replace(
    BIRTH_EXTRACT,
    code="BFC",
    title=_("Full copy of a birth act"),
    name="birth_full_copy",
    body=_(
        "Full copy certified true to the register of births of ${centre}, commune of "
        "${commune}, act ${act_number}, with its marginal mentions."
    ),
)

INDIVIDUAL_SHEET = replace(
    BIRTH_EXTRACT,
    code="ICS",
    title=_("Individual civil-status sheet"),
    name="individual_civil_status_sheet",
    body=_(
        "Individual sheet drawn from the register of births of ${centre}, commune of "
        "${commune}, act ${act_number}, with its marginal mentions."
    ),
)

BY_COPY_TYPE: dict[str, DocumentType] = {
    "extract": BIRTH_EXTRACT,
    "full_copy": FULL_COPY,
    "individual_sheet": INDIVIDUAL_SHEET,
}
