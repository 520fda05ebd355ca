"""Colander schemas: the verification form, the certificate of residence's data, revoking.

A document type's schema is what :func:`documents.issuance.issue_document` checks the
data against, whichever channel brought it; the form renders the same schema.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import colander
import deform

from documents.seal import MAX_TEXT
from municipality.db import utcnow
from municipality.i18n import _
from municipality.parsing import unsafe_text

LANGUAGES = (("fr", "Français"), ("ar", "العربية"), ("en", "English"))
NAME = colander.Length(min=2, max=120)
ADDRESS = colander.Length(min=5, max=200)
NATIONAL_ID = colander.Regex(
    r"^[A-Za-z0-9-]{4,20}$", msg=_("Letters, digits and dashes only, 4 to 20 of them")
)
OLDEST = date(1900, 1, 1)


def _in_the_past(node: colander.SchemaNode, value: date) -> None:
    if not OLDEST <= value <= utcnow().date():
        raise colander.Invalid(node, _("A date between 1900 and today."))


def _storable(node: colander.SchemaNode, value: str) -> None:
    """No NUL and no lone surrogate, whichever channel brought the text: nothing stores them."""
    if unsafe_text(value):
        raise colander.Invalid(node, _("This text holds a character that cannot be stored."))


def _text(title: Any, validator: Any, *, required: bool = True, **kw: Any) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.String(),
        title=title,
        validator=colander.All(_storable, validator),
        preparer=lambda value: " ".join(value.split()) if isinstance(value, str) else value,
        **({} if required else {"missing": None}),
        **kw,
    )


def _past_date(title: Any) -> colander.SchemaNode:
    return colander.SchemaNode(colander.Date(), title=title, validator=_in_the_past)


class ResidenceSchema(colander.Schema):
    """Who lives where, and since when: what the certificate of residence attests."""

    full_name = _text(_("Full name"), NAME)
    full_name_ar = _text(_("Full name in Arabic script"), NAME, required=False)
    date_of_birth = _past_date(_("Date of birth"))
    place_of_birth = _text(_("Place of birth"), NAME)
    place_of_birth_ar = _text(_("Place of birth in Arabic script"), NAME, required=False)
    national_id = _text(_("National identity card number"), NATIONAL_ID)
    address = _text(_("Address"), ADDRESS)
    address_ar = _text(_("Address in Arabic script"), ADDRESS, required=False)
    resident_since = _past_date(_("Resident at this address since"))


class IssueSchema(ResidenceSchema):
    """The staff form: the certificate's data and the language it is printed in."""

    language = colander.SchemaNode(
        colander.String(),
        title=_("Language of the document"),
        validator=colander.OneOf([code for code, _name in LANGUAGES]),
        widget=deform.widget.SelectWidget(values=LANGUAGES),
    )


class RevokeSchema(colander.Schema):
    """Revoking is final: a reason the register keeps, and a confirmation."""

    reason = colander.SchemaNode(
        colander.String(),
        title=_("Why is this document revoked?"),
        validator=colander.Length(min=5, max=500),
        widget=deform.widget.TextAreaWidget(rows=3),
    )
    confirm = colander.SchemaNode(
        colander.Boolean(),
        title=_("I understand that the document will be refused by every check from now on."),
        validator=colander.OneOf([True], msg_err=_("Tick the box to confirm.")),
        widget=deform.widget.CheckboxWidget(),
    )


class VerifySchema(colander.Schema):
    text = colander.SchemaNode(
        colander.String(),
        title=_("Text of the seal"),
        description=_("It starts with BL1: and is printed under the QR code."),
        validator=colander.Length(
            min=1, max=MAX_TEXT, max_err=_("This is longer than any seal. Copy the seal alone.")
        ),
        widget=deform.widget.TextAreaWidget(rows=5, css_class="seal-text"),
    )
