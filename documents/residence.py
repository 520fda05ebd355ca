"""The certificate of residence (attestation de résidence, شهادة السكنى).

Every commune issues it, so the documents module offers it itself: the module is of use
before any other declares a type. It is also the model of a type: the shared sheet,
rows and a paragraph, and nothing but declarations here.
"""

from __future__ import annotations

from documents.interfaces import DocumentType, PrintedField
from documents.permissions import Perm
from documents.schemas import ResidenceSchema
from municipality.i18n import _

RESIDENCE = DocumentType(
    code="RES",
    title=_("Certificate of residence"),
    seal_fields={
        "nm": _("Full name"),
        "bd": _("Date of birth"),
        "id": _("National identity card number"),
        "ad": _("Address"),
    },
    validity_days=90,
    name="residence_certificate",
    schema=ResidenceSchema,
    permission=Perm.ISSUE,
    printed=(
        PrintedField("full_name", _("Full name")),
        PrintedField("date_of_birth", _("Date of birth")),
        PrintedField("place_of_birth", _("Place of birth")),
        PrintedField("national_id", _("National identity card number")),
        PrintedField("address", _("Address")),
        PrintedField("resident_since", _("Resident at this address since")),
    ),
    body=_(
        "The president of the commune of ${commune} certifies that ${full_name}, born on "
        "${date_of_birth} in ${place_of_birth}, holder of the national identity card "
        "${national_id}, resides at ${address} since ${resident_since}. This certificate is "
        "issued at the request of the person concerned, for whatever purpose it may serve."
    ),
    seal_sources={
        "nm": "full_name",
        "bd": "date_of_birth",
        "id": "national_id",
        "ad": "address",
    },
)
