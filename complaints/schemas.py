"""Colander schemas of the complaint forms (the resident's, and the staff's notes)."""

from __future__ import annotations

from typing import Any

import colander
import deform

from complaints.services.publication import GRIDS
from municipality.forms import StrictInteger, file_field, location_node
from municipality.i18n import _

KINDS = (
    ("complaint", _("Complaint")),
    ("observation", _("Observation")),
    ("suggestion", _("Suggestion")),
)
# The image types a photo may have (the image store checks the content, not the name).
PHOTO_TYPES = "image/jpeg,image/png,image/webp"
PHONE = colander.Regex(r"^\+?[0-9 ]{6,20}$", msg=_("Digits only, with an optional +"))


@colander.deferred
def _category_widget(node: colander.SchemaNode, kw: dict) -> deform.widget.Widget:
    return deform.widget.SelectWidget(values=[("", "—"), *kw.get("categories", [])])


@colander.deferred
def _category_validator(node: colander.SchemaNode, kw: dict) -> colander.OneOf:
    """Names no category id back to a resident: the list on the form is what they can choose."""
    choices = [value for value, _title in kw.get("categories", [])]
    return colander.OneOf(choices, msg_err=_("Choose a category from the list."))


class ComplaintSchema(colander.Schema):
    """What a resident fills in; the reporter's identity is optional (anonymous filing).

    Where the problem is comes from the location picker (bind with ``request``); its value
    goes into the complaint's address and position (:func:`located`).
    """

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
        validator=colander.Length(
            min=10,
            max=5_000,
            min_err=_("Describe the problem in at least ${min} characters."),
            max_err=_("Keep the description under ${max} characters."),
        ),
        widget=deform.widget.TextAreaWidget(rows=6),
    )
    location = location_node(required=True)
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


class NoteSchema(colander.Schema):
    body = colander.SchemaNode(
        colander.String(),
        title=_("Text"),
        validator=colander.Length(min=2, max=5_000),
        widget=deform.widget.TextAreaWidget(rows=3),
    )


def located(data: dict[str, Any]) -> dict[str, Any]:
    """The form's data with the picker's address and position as the complaint's own fields."""
    return {**{k: v for k, v in data.items() if k != "location"}, **data["location"]}


def with_photos(schema: colander.Schema) -> colander.Schema:
    """``schema`` with the photos field (the view reads the files, not colander)."""
    extended = schema.clone()
    extended.add(
        file_field(
            "photos",
            _("Photos (optional, up to 5, JPEG, PNG or WebP, 8 MB each)"),
            accept=PHOTO_TYPES,
            multiple=True,
        )
    )
    return extended


# --- The reporter's forms -----------------------------------------------------------------

RATINGS = tuple((str(n), str(n)) for n in range(1, 6))


class RatingSchema(colander.Schema):
    """How satisfied the reporter is with the resolution: 1 (not at all) to 5 (fully)."""

    rating = colander.SchemaNode(
        StrictInteger(),
        title=_("How satisfied are you? (1: not at all, 5: fully)"),
        validator=colander.Range(1, 5),
        widget=deform.widget.RadioChoiceWidget(values=RATINGS, inline=True),
        oid="rating",
    )
    comment = colander.SchemaNode(
        colander.String(),
        title=_("Comment (optional)"),
        validator=colander.Length(max=2_000),
        widget=deform.widget.TextAreaWidget(rows=3),
        missing=None,
    )


class ContestSchema(colander.Schema):
    reason = colander.SchemaNode(
        colander.String(),
        title=_("Why are you not satisfied?"),
        validator=colander.Length(min=5, max=2_000),
        widget=deform.widget.TextAreaWidget(rows=3),
    )


class ClaimSchema(colander.Schema):
    code = colander.SchemaNode(
        colander.String(),
        title=_("Tracking code"),
        validator=colander.Length(min=6, max=32),
        widget=deform.widget.TextInputWidget(attributes={"autocomplete": "off", "dir": "ltr"}),
    )


class ResidentAccountSchema(colander.Schema):
    full_name = colander.SchemaNode(
        colander.String(), title=_("Your name"), validator=colander.Length(min=2, max=200)
    )
    email = colander.SchemaNode(
        colander.String(),
        title=_("E-mail"),
        validator=colander.All(colander.Email(), colander.Length(max=254)),
        widget=deform.widget.TextInputWidget(
            attributes={"autocomplete": "username", "type": "email"}
        ),
    )
    password = colander.SchemaNode(
        colander.String(),
        title=_("Password"),
        validator=colander.Length(min=10, min_err=_("At least 10 characters")),
        widget=deform.widget.CheckedPasswordWidget(),
    )


# --- Staff forms --------------------------------------------------------------------------

CONTACT_MODES = (("visit", _("In person at the counter")), ("phone", _("By telephone")))


class CounterSchema(ComplaintSchema):
    """What an agent fills in for a resident who came in or called."""

    contact_mode = colander.SchemaNode(
        colander.String(),
        title=_("The resident"),
        validator=colander.OneOf([m for m, _t in CONTACT_MODES]),
        widget=deform.widget.RadioChoiceWidget(values=CONTACT_MODES),
        default="visit",
        oid="contact_mode",
        insert_before="kind",
    )

    def __init__(self, *args: object, **kw: object) -> None:
        super().__init__(*args, **kw)
        for name, title in (
            ("reporter_name", _("Name of the resident (optional)")),
            ("reporter_email", _("E-mail of the resident (optional)")),
            ("reporter_phone", _("Phone of the resident (optional)")),
        ):
            node = self[name].clone()  # the resident's form keeps its own titles
            node.title = title
            self[name] = node


class CategorySchema(colander.Schema):
    """A category, its department and its targets (the legal ceiling is checked again)."""

    code = colander.SchemaNode(
        colander.String(),
        title=_("Code"),
        validator=colander.Regex(
            r"^[a-z0-9_-]{2,32}$", msg=_("2 to 32 lower-case letters, digits, - or _")
        ),
    )
    name_fr = colander.SchemaNode(
        colander.String(), title=_("Name in French"), validator=colander.Length(min=2, max=200)
    )
    name_ar = colander.SchemaNode(
        colander.String(), title=_("Name in Arabic"), validator=colander.Length(min=2, max=200)
    )
    department = colander.SchemaNode(
        colander.String(), title=_("Department"), validator=colander.Length(min=2, max=200)
    )
    hours_to_acknowledge = colander.SchemaNode(
        StrictInteger(), title=_("Hours to acknowledge"), validator=colander.Range(1, 8_760)
    )
    days_to_resolve = colander.SchemaNode(
        StrictInteger(), title=_("Days to resolve"), validator=colander.Range(min=1)
    )


class PublicationSchema(colander.Schema):
    """What anyone sees of the commune's complaints (the reporter is never shown)."""

    grid_decimals = colander.SchemaNode(
        colander.Integer(),
        title=_("Precision of public positions"),
        validator=colander.OneOf(list(GRIDS)),
        widget=deform.widget.RadioChoiceWidget(values=[(str(k), t) for k, t in GRIDS.items()]),
        oid="grid_decimals",
    )
    publish_address = colander.SchemaNode(
        colander.Boolean(),
        title=_("Publish the street address"),
        missing=False,
    )
    publish_description = colander.SchemaNode(
        colander.Boolean(),
        title=_("Publish the description"),
        description=_("What the resident wrote may name people or places."),
        missing=False,
    )
