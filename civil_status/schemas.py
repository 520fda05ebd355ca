"""Colander schemas of the civil status forms. The act form is built from the country
profile: its fields, which are required, and the script each name is written in."""

from __future__ import annotations

from typing import Any

import colander
import deform

from civil_status.profiles import ActKind, Profile
from municipality.forms import StrictInteger
from municipality.i18n import _

TITLES = {
    "given_name_ar": _("Given name (Arabic script)"),
    "family_name_ar": _("Family name (Arabic script)"),
    "given_name_lat": _("Given name (Latin letters)"),
    "family_name_lat": _("Family name (Latin letters)"),
    "name_tfng": _("Name in Tifinagh"),
    "sex": _("Sex"),
    "event_date": _("Date of the event"),
    "event_time": _("Hour"),
    "place": _("Place"),
    "father_name": _("Father"),
    "mother_name": _("Mother"),
    "declarant_name": _("Declarant"),
    "birth_date": _("Date of birth"),
    "spouse_name": _("Spouse"),
    "spouse_birth_date": _("Spouse's date of birth"),
    "witnesses": _("Witnesses"),
    "matrimonial_regime": _("Matrimonial regime"),
}
KINDS = {"birth": _("Birth"), "death": _("Death"), "marriage": _("Marriage")}
MENTION_KINDS = {
    "marriage": _("Marriage"),
    "divorce": _("Divorce"),
    "death": _("Death"),
    "correction": _("Correction"),
    "cancellation": _("Cancellation"),
}
BASES = {
    "prosecutor_decision": _("Decision of the public prosecutor"),
    "judgment": _("Court judgment"),
    "marriage_contract": _("Marriage contract"),
    "marriage_act": _("Marriage act"),
    "divorce_deed": _("Divorce deed"),
    "death_act": _("Death act"),
}
REASONS = {
    "entry": _("Entering the act"),
    "counter_request": _("A request at the counter"),
    "verification": _("Checking before signature"),
    "mention": _("A marginal mention"),
    "court_request": _("A request from a court"),
}
# Every reason a read is logged with: the staff's, and the person's own look online
# (never offered to staff).
READ_REASONS = {**REASONS, "resident_request": _("The person's own look online")}
DECISIONS = {
    "pending": _("Waiting for a decision"),
    "distinct": _("A different person"),
    "same": _("The same person"),
}
SEXES = (("F", _("Female")), ("M", _("Male")))
# The script a field is written in, so the browser lays it out and reads it right.
SCRIPT = {
    "given_name_ar": {"dir": "rtl", "lang": "ar"},
    "family_name_ar": {"dir": "rtl", "lang": "ar"},
    "given_name_lat": {"dir": "ltr", "lang": "fr"},
    "family_name_lat": {"dir": "ltr", "lang": "fr"},
    "name_tfng": {"dir": "ltr", "lang": "zgh"},
}


def _node(field: str, required: bool) -> colander.SchemaNode:
    missing = colander.required if required else None
    title = TITLES.get(field, field)
    if field in ("event_date", "birth_date", "spouse_birth_date"):
        return colander.SchemaNode(colander.Date(), name=field, title=title, missing=missing)
    if field == "event_time":
        return colander.SchemaNode(
            colander.Time(),
            name=field,
            title=title,
            missing=missing,
            widget=deform.widget.TextInputWidget(attributes={"type": "time"}),
        )
    if field == "sex":
        return colander.SchemaNode(
            colander.String(),
            name=field,
            title=title,
            missing=missing,
            validator=colander.OneOf([v for v, _t in SEXES]),
            widget=deform.widget.SelectWidget(values=[("", "—"), *SEXES]),
        )
    return colander.SchemaNode(
        colander.String(),
        name=field,
        title=title,
        missing=missing,
        validator=colander.Length(max=120 if field in SCRIPT else 240),
        widget=deform.widget.TextInputWidget(attributes=SCRIPT.get(field, {})),
    )


def act_schema(kind: ActKind) -> colander.Schema:
    """The entry form of ``kind``, as its country's profile lists the fields."""
    schema = colander.Schema()
    for field in kind.fields:
        schema.add(_node(field, field in kind.required))
    schema.add(
        colander.SchemaNode(
            colander.Boolean(), name="abroad", title=_("Declared abroad"), missing=False
        )
    )
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="judgment_reference",
            title=_("Court judgment (late declaration)"),
            missing=None,
            validator=colander.Length(max=200),
        )
    )
    return schema


class RegisterSchema(colander.Schema):
    centre = colander.SchemaNode(
        colander.String(), title=_("Bureau or centre"), validator=colander.Length(min=2, max=120)
    )
    kind = colander.SchemaNode(colander.String(), title=_("Kind of act"))
    year = colander.SchemaNode(
        StrictInteger(), title=_("Year"), validator=colander.Range(min=1900, max=2200)
    )
    paper_last_number = colander.SchemaNode(
        StrictInteger(),
        title=_("Last number of the paper register"),
        description=_("Leave 0 for a new register; acts are numbered after this one."),
        missing=0,
        validator=colander.Range(min=0, max=10_000_000),
    )


def register_schema(profile: Profile) -> colander.Schema:
    """The register form, offering the kinds of act this country's bureau draws up."""
    schema = RegisterSchema().clone()
    values = [(k, KINDS.get(k, k)) for k in profile.act_kinds]
    schema["kind"].validator = colander.OneOf([k for k, _t in values])
    schema["kind"].widget = deform.widget.SelectWidget(values=values)
    return schema


def mention_schema(profile: Profile, kind: ActKind) -> colander.Schema:
    """A marginal mention; a correction names one field and what it should read."""
    kinds = [(k, MENTION_KINDS.get(k, k)) for k in profile.mention_kinds]
    bases = sorted({b for m in profile.mention_kinds.values() for b in m.basis})
    fields = [("", _("No field (not a correction)"))] + [(f, TITLES.get(f, f)) for f in kind.fields]
    schema = colander.Schema()
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="kind",
            title=_("Kind of mention"),
            validator=colander.OneOf([k for k, _t in kinds]),
            widget=deform.widget.SelectWidget(values=kinds),
        )
    )
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="basis",
            title=_("Legal basis"),
            validator=colander.OneOf(bases),
            widget=deform.widget.SelectWidget(values=[(b, BASES.get(b, b)) for b in bases]),
        )
    )
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="legal_reference",
            title=_("Reference of the decision or act"),
            validator=colander.Length(min=2, max=200),
        )
    )
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="text",
            title=_("Text of the mention"),
            missing="",
            validator=colander.Length(max=2000),
            widget=deform.widget.TextAreaWidget(rows=3),
        )
    )
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="field",
            title=_("Field corrected"),
            missing="",
            validator=colander.OneOf([f for f, _t in fields]),
            widget=deform.widget.SelectWidget(values=fields),
        )
    )
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="value",
            title=_("Corrected reading"),
            missing="",
            validator=colander.Length(max=240),
        )
    )
    return schema


def mention_data(data: dict[str, Any]) -> dict[str, Any]:
    """What the mention service takes from the form: one field corrected, or none."""
    field, value = data.pop("field", ""), data.pop("value", "")
    return {**data, "corrections": {field: value} if field else {}}


class ReasonSchema(colander.Schema):
    why = colander.SchemaNode(
        colander.String(),
        title=_("Why do you open this act?"),
        validator=colander.OneOf(list(REASONS)),
        widget=deform.widget.SelectWidget(values=list(REASONS.items())),
    )


def _extract_text(title: Any, longest: int, *, required: bool = True) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.String(),
        title=title,
        validator=colander.Length(min=1, max=longest),
        **({} if required else {"missing": None}),
    )


class BirthExtractSchema(colander.Schema):
    """What a birth extract prints, taken from the signed act as it reads now: the
    documents module checks it again whichever way it is issued."""

    act = _extract_text(_("Act"), 40)
    full_name = _extract_text(_("Full name"), 240)
    full_name_ar = _extract_text(_("Full name in Arabic script"), 240, required=False)
    sex = _extract_text(_("Sex"), 1)
    date_of_birth = colander.SchemaNode(colander.Date(), title=_("Date of birth"))
    hijri_date = _extract_text(_("Hijri"), 10, required=False)
    place_of_birth = _extract_text(_("Place of birth"), 200, required=False)
    father_name = _extract_text(_("Father"), 240, required=False)
    mother_name = _extract_text(_("Mother"), 240, required=False)
    act_number = _extract_text(_("Act number"), 20)
    centre = _extract_text(_("Civil-status bureau"), 120)
    commune = _extract_text(_("Commune"), 200)
    commune_ar = _extract_text(_("Commune"), 200, required=False)
    mentions = _extract_text(_("Marginal mentions"), 2000)
    mentions_ar = _extract_text(_("Marginal mentions"), 2000, required=False)
