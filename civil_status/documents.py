"""The birth extract (extrait d'acte de naissance, مستخرج من رسم الولادة) as an issued
document: declarations only, printed on the documents module's shared sheet.

The seal carries the names in both scripts, the date of birth, the act's number in its
register and the commune, so a checker compares them with the paper without the register.
"""

from __future__ import annotations

from civil_status.permissions import Perm
from civil_status.schemas import BirthExtractSchema
from documents.interfaces import DocumentType, PrintedField
from municipality.i18n import _

CODE = "BEX"

BIRTH_EXTRACT = DocumentType(
    code=CODE,
    title=_("Extract of a birth act"),
    seal_fields={
        "nm": _("Full name"),
        "na": _("Full name in Arabic script"),
        "bd": _("Date of birth"),
        "an": _("Act number"),
        "cm": _("Commune"),
    },
    validity_days=90,
    name="birth_extract",
    schema=BirthExtractSchema,
    permission=Perm.ISSUE_EXTRACT,
    fee="payments.stamp-duty",
    printed=(
        PrintedField("full_name", _("Full name")),
        PrintedField("sex", _("Sex")),
        PrintedField("date_of_birth", _("Date of birth")),
        PrintedField("hijri_date", _("Hijri")),
        PrintedField("place_of_birth", _("Place of birth")),
        PrintedField("father_name", _("Father")),
        PrintedField("mother_name", _("Mother")),
        PrintedField("act_number", _("Act number")),
        PrintedField("mentions", _("Marginal mentions")),
    ),
    body=_(
        "Extract certified true to the register of births of ${centre}, commune of "
        "${commune}, act ${act_number}, with its marginal mentions."
    ),
    seal_sources={
        "nm": "full_name",
        "na": "full_name_ar",
        "bd": "date_of_birth",
        "an": "act_number",
        "cm": "commune",
    },
)
