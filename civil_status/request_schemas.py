"""Colander schemas of the copy-request forms: the counter's, the resident's online form,
the diaspora form, and the staff's moves (refuse with a reason, post with a tracking
reference, link the act found)."""

from __future__ import annotations

from typing import Any

import colander
import deform

from municipality.forms import StrictInteger, file_field
from municipality.i18n import _

COPY_TYPES = {
    "extract": _("Extract"),
    "full_copy": _("Full copy"),
    "individual_sheet": _("Individual civil-status sheet"),
}
CHANNEL_NAMES = {
    "counter": _("At the counter"),
    "online": _("Online"),
    "diaspora": _("From abroad (web form)"),
    "consulate": _("Through a consulate"),
}
RELATION_NAMES = {
    "self": _("The person on the act"),
    "parent": _("Father or mother"),
    "child": _("Son or daughter"),
    "spouse": _("Spouse"),
    "guardian": _("Legal guardian"),
    "authorised": _("Authorised by a power of attorney"),
    "other": _("Someone else"),
}
ID_DOCUMENT_NAMES = {
    "national_id": _("National identity card"),
    "passport": _("Passport"),
    "consular_card": _("Consular card"),
    "residence_permit": _("Residence permit"),
}
DELIVERY_NAMES = {"download": _("Download / collect"), "post": _("By post")}
REFUSAL_NAMES = {
    "entitlement": _("Entitlement not met"),
    "act_not_found": _("Act not found"),
    "identity": _("Identity not established"),
    "unpaid": _("Fee not paid"),
}
STATE_NAMES = {
    "submitted": _("Submitted"),
    "awaiting_payment": _("Awaiting payment"),
    "paid": _("Paid"),
    "issued": _("Issued"),
    "delivered": _("Delivered"),
    "posted": _("Posted"),
    "refused": _("Refused"),
    "forwarded": _("Forwarded to the national registry"),
    "ready": _("Ready at the counter"),
}
# The national registry's refusal of a forwarded request (no agent picks it).
REGISTRY_REFUSAL_NAMES = {"registry": _("Refused by the national registry")}
LANGUAGES = {"ar": "العربية", "fr": "Français"}


def _select(
    name: str, title: Any, values: dict[str, Any], *, missing: Any = colander.required
) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.String(),
        name=name,
        title=title,
        missing=missing,
        validator=colander.OneOf(list(values)),
        widget=deform.widget.SelectWidget(values=[("", "—"), *values.items()]),
    )


def _text(
    name: str, title: Any, length: int, *, required: bool = False, **kw: Any
) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.String(),
        name=name,
        title=title,
        missing=colander.required if required else None,
        validator=colander.Length(min=2 if required else 0, max=length),
        widget=deform.widget.TextInputWidget(attributes={"dir": "auto", **kw}),
    )


def request_schema(
    copy_types: list[str], *, channels: list[str] | None = None, abroad: bool = False
) -> colander.Schema:
    """The request form: the copy, the requester, the act, the delivery.

    ``channels`` (staff only) lets the agent say the request came through a consulate;
    ``abroad`` asks for the delivery and the postal address abroad.
    """
    schema = colander.Schema()
    if channels:
        schema.add(
            _select("channel", _("Received through"), {c: CHANNEL_NAMES[c] for c in channels})
        )
    schema.add(_select("copy_type", _("Copy wanted"), {c: COPY_TYPES[c] for c in copy_types}))
    schema.add(_text("requester_name", _("Your full name"), 240, required=True))
    schema.add(_select("id_document_type", _("Identity document"), ID_DOCUMENT_NAMES))
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="id_document_number",
            title=_("Identity document number"),
            validator=colander.Regex(
                r"^[A-Za-z0-9][A-Za-z0-9 /-]{1,39}$", _("Letters and digits, as on the document")
            ),
        )
    )
    schema.add(_select("relation", _("You are"), RELATION_NAMES))
    schema.add(
        colander.SchemaNode(
            StrictInteger(),
            name="act_number",
            title=_("Act number"),
            missing=None,
            validator=colander.Range(1, 9_999_999),
        )
    )
    schema.add(
        colander.SchemaNode(
            StrictInteger(),
            name="act_year",
            title=_("Year of the act"),
            missing=None,
            validator=colander.Range(1900, 2100),
        )
    )
    schema.add(_text("subject_name", _("Name on the act (or give number and year)"), 240))
    schema.add(
        colander.SchemaNode(
            colander.Date(), name="birth_date", title=_("Date of birth"), missing=None
        )
    )
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="email",
            title=_("E-mail (to be told of each step)"),
            missing=None,
            validator=colander.All(colander.Email(), colander.Length(max=254)),
        )
    )
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="phone",
            title=_("Phone (SMS)"),
            missing=None,
            validator=colander.Regex(r"^\+?[0-9 ]{6,20}$", _("Digits, with the country code")),
        )
    )
    schema.add(_select("language", _("Language of the copy"), LANGUAGES))
    if abroad or channels:
        schema.add(_select("delivery", _("Delivery"), DELIVERY_NAMES))
        schema.add(
            colander.SchemaNode(
                colander.String(),
                name="postal_address",
                title=_("Postal address (for delivery by post)"),
                missing=None,
                validator=colander.Length(max=500),
                widget=deform.widget.TextAreaWidget(rows=3, attributes={"dir": "auto"}),
            )
        )
        schema.add(
            colander.SchemaNode(
                colander.String(),
                name="country",
                title=_("Country of residence (two letters, e.g. FR)"),
                missing=None,
                preparer=lambda v: v.strip().upper() if isinstance(v, str) else v,
                validator=colander.Regex(r"^[A-Z]{2}$", _("Two letters, e.g. FR")),
            )
        )
    schema.add(
        file_field("attorney", _("Power of attorney (PDF, 2 MB at most)"), accept="application/pdf")
    )
    return schema


class RefuseSchema(colander.Schema):
    reason = _select("reason", _("Reason"), REFUSAL_NAMES)
    note = _text("note", _("Note"), 500)


class PostSchema(colander.Schema):
    tracking_reference = colander.SchemaNode(
        colander.String(),
        title=_("Postal tracking reference"),
        validator=colander.Regex(r"^[A-Za-z0-9-]{4,60}$", _("Letters, digits and dashes")),
    )


class TrackSchema(colander.Schema):
    code = colander.SchemaNode(
        colander.String(),
        title=_("Request code"),
        validator=colander.Regex(
            r"(?i)^\s*(CS)?[-\s]*[0-9A-Za-z]{4}[-\s]*[0-9A-Za-z]{4}[-\s]*[0-9A-Za-z]{4}\s*$",
            _("A code looks like CS-AB12-CD34-EF56"),
        ),
    )
