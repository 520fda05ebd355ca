"""Colander schemas of the complaint forms (the resident's, and the staff's notes)."""

from __future__ import annotations

import colander
import deform

from municipality.i18n import _

KINDS = (
    ("complaint", _("Complaint")),
    ("observation", _("Observation")),
    ("suggestion", _("Suggestion")),
)
PHONE = colander.Regex(r"^\+?[0-9 ]{6,20}$", msg=_("Digits only, with an optional +"))


@colander.deferred
def _category_widget(node: colander.SchemaNode, kw: dict) -> deform.widget.Widget:
    return deform.widget.SelectWidget(values=[("", "—"), *kw.get("categories", [])])


@colander.deferred
def _category_validator(node: colander.SchemaNode, kw: dict) -> colander.OneOf:
    return colander.OneOf([value for value, _title in kw.get("categories", [])])


def _located(form: colander.SchemaNode, value: dict) -> None:
    """A complaint must say where: an address, or both coordinates."""
    has_point = value.get("latitude") is not None and value.get("longitude") is not None
    if not has_point and not (value.get("address") or "").strip():
        error = colander.Invalid(form, _("Give an address or a position."))
        error["address"] = _("Give an address or a position.")
        raise error


class ComplaintSchema(colander.Schema):
    """What a resident fills in; the reporter's identity is optional (anonymous filing)."""

    kind = colander.SchemaNode(
        colander.String(),
        title=_("Kind"),
        validator=colander.OneOf([k for k, _t in KINDS]),
        widget=deform.widget.RadioChoiceWidget(values=KINDS),
        default="complaint",
    )
    category = colander.SchemaNode(
        colander.String(),
        title=_("Category"),
        widget=_category_widget,
        validator=_category_validator,
    )
    description = colander.SchemaNode(
        colander.String(),
        title=_("What is the problem?"),
        validator=colander.Length(min=10, max=5_000),
        widget=deform.widget.TextAreaWidget(rows=6),
    )
    address = colander.SchemaNode(
        colander.String(),
        title=_("Address or place"),
        validator=colander.Length(max=300),
        missing=None,
    )
    latitude = colander.SchemaNode(
        colander.Float(), title=_("Latitude"), validator=colander.Range(-90, 90), missing=None
    )
    longitude = colander.SchemaNode(
        colander.Float(), title=_("Longitude"), validator=colander.Range(-180, 180), missing=None
    )
    reporter_name = colander.SchemaNode(
        colander.String(),
        title=_("Your name (optional)"),
        validator=colander.Length(max=200),
        missing=None,
    )
    reporter_email = colander.SchemaNode(
        colander.String(),
        title=_("Your e-mail (optional)"),
        validator=colander.All(colander.Email(), colander.Length(max=254)),
        missing=None,
    )
    reporter_phone = colander.SchemaNode(
        colander.String(), title=_("Your phone (optional)"), validator=PHONE, missing=None
    )

    def __init__(self, *args: object, **kw: object) -> None:
        super().__init__(*args, validator=_located, **kw)


class NoteSchema(colander.Schema):
    body = colander.SchemaNode(
        colander.String(),
        title=_("Text"),
        validator=colander.Length(min=2, max=5_000),
        widget=deform.widget.TextAreaWidget(rows=3),
    )
