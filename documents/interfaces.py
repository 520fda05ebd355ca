"""What a module declares to issue a document: a ``Kind.DOCUMENT_TYPE`` provider.

A module offers one :class:`DocumentType` per kind of paper it issues, in its
``includeme``::

    config.add_provider(
        Kind.DOCUMENT_TYPE, "civil_status.birth-extract", ".documents.BIRTH_EXTRACT",
        module="civil_status",
    )

The seal carries ``code`` and the values of ``seal_fields`` under their short keys; the
verification page finds the type again by ``code`` to label those values in the
reader's language, without importing the issuing module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pyramid.i18n import TranslationString


@dataclass(frozen=True)
class DocumentType:
    """One kind of issued document.

    ``code`` is short (two to four capitals or digits) because every seal carries it;
    it never changes once documents of the type were issued. ``seal_fields`` maps each
    short claim key the seal carries (``"cn"``: the child's name) to the label a checker
    reads beside it. ``validity_days`` is how long a document stays valid after issue
    (``None``: it does not expire).
    """

    code: str
    title: TranslationString
    seal_fields: Mapping[str, TranslationString]
    validity_days: int | None
