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
from municipality.providers import Kind

MANIFEST = {
    "name": "documents",
    "title": _("Issued documents"),
    "version": "0.1.0",
    "description": _("Documents the commune issues, sealed so that anyone can verify them."),
    "depends": [],
    "permissions": [*Perm],
    "roles": {
        "commune_admin": [*Perm],
        "agent": [Perm.VIEW, Perm.ISSUE],
        "supervisor": [Perm.VIEW, Perm.VIEW_SEAL],
    },
    "menu": [
        {"route": "documents.register", "title": "Issued documents", "permission": Perm.VIEW},
        {"route": "documents.seal", "title": "Document seal", "permission": Perm.VIEW_SEAL},
    ],
    "demo": "documents.demo:load_demo",
    "cli": "documents.cli:register",
}


def includeme(config: Configurator) -> None:
    from documents.feeds import DocumentsFeed
    from municipality.files.references import FileReference

    config.include("municipality.providers")
    config.add_static_view("documents-static", "documents:static", cache_max_age=86400)
    config.add_route("documents.verify", "/verify")
    config.add_route("documents.trust_list", "/documents/trust-list")
    config.add_route("documents.revoked", "/documents/revoked")
    config.add_route("documents.seal", "/c/{commune}/documents/seal")
    config.add_route("documents.register", "/c/{commune}/documents")
    config.add_route("documents.issue", "/c/{commune}/documents/new/{type}")
    config.add_route("documents.document", "/c/{commune}/documents/{public_id}")
    config.add_route("documents.document.pdf", "/c/{commune}/documents/{public_id}/pdf")
    config.add_route("documents.document.revoke", "/c/{commune}/documents/{public_id}/revoke")
    config.add_provider(
        Kind.DOCUMENT_TYPE, "documents.residence", ".residence.RESIDENCE", module="documents"
    )
    config.add_provider(
        Kind.NATIONAL_FEED, "documents", DocumentsFeed(config.registry), module="documents"
    )
    config.add_provider(
        Kind.FILE_REFERENCE,
        "documents.issued",
        FileReference("issued_documents", ("pdf_sha256",)),
        module="documents",
    )
    config.scan(".views")
