"""Issued documents: papers the communes issue, each with a signed seal anyone can check.

This package owns the seal (a COSE_Sign1 in a QR code), the keys that sign it (an offline
root per country or region certifies each commune's document-signer), the published
trust list and revoked documents, and the public verification page. Modules that issue
documents declare their types as ``Kind.DOCUMENT_TYPE`` providers
(:class:`documents.interfaces.DocumentType`).
"""

from __future__ import annotations

from pyramid.config import Configurator

from documents.permissions import Perm
from municipality.i18n import _

MANIFEST = {
    "name": "documents",
    "title": _("Issued documents"),
    "version": "0.1.0",
    "description": _("Documents the commune issues, sealed so that anyone can verify them."),
    "depends": [],
    "permissions": [*Perm],
    "roles": {
        "commune_admin": [*Perm],
        "supervisor": [Perm.VIEW_SEAL],
    },
}


def includeme(config: Configurator) -> None:
    config.include("municipality.providers")
