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

Issuing (:func:`documents.issuance.issue_document`) reads the rest: the data's schema,
who may issue, the fee, what the paper prints (``printed`` rows and the ``body``
paragraph of the shared sheet, or a ``template`` of the module's own that extends it),
and which data field fills each claim of the seal (``seal_sources``).

A type may print a picture after the seal (on the next page when it does not fit),
captioned with ``figure_title`` and the document's number. ``figure`` takes the
document's data as it is stored (the schema's text values) and returns an SVG element,
or ``None`` for no picture. It is called on the stored data only, so the same document
always prints the same picture; what it returns goes into the page as markup, so it must
escape any text it takes from the data (permits draws its site map this way).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import colander
from pyramid.i18n import TranslationString


@dataclass(frozen=True)
class PrintedField:
    """One label/value row of a document: ``name`` is the key of the document's data.

    In the Arabic column the value of ``<name>_ar`` is printed when the data has one (a
    name written in Arabic script), else the value itself.
    """

    name: str
    label: TranslationString


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
    # What issuing needs; ``name`` is the type in the national documents contract
    # (lower-case letters and underscores, ``residence_certificate``).
    name: str = ""
    schema: Callable[[], colander.Schema] | None = None
    permission: str = ""
    # A ``Kind.FEE_ITEM`` provider's name, or an amount in the commune's currency;
    # ``None``: the document is free.
    fee: str | Decimal | None = None
    printed: tuple[PrintedField, ...] = ()
    body: TranslationString | None = None
    # Claim key of the seal -> the data field whose value it carries.
    seal_sources: Mapping[str, str] = field(default_factory=dict)
    # The data field that names the holder, searched in the register.
    holder_field: str = "full_name"
    template: str = "documents:templates/sheet/sheet.jinja2"
    # The stored data -> an SVG element printed after the seal (see the module's text),
    # captioned with ``figure_title`` in each language of the sheet.
    figure: Callable[[Mapping[str, Any]], str | None] | None = None
    figure_title: TranslationString | None = None
