"""Colander schema of the notice form; the JSON body is described in the OpenAPI fragment."""

from __future__ import annotations

import colander
import deform

from municipality.i18n import _

LANGUAGES = (("fr", "Français"), ("ar", "العربية"), ("en", "English"))


class NoticeSchema(colander.Schema):
    title = colander.SchemaNode(
        colander.String(), title=_("Title"), validator=colander.Length(min=3, max=200)
    )
    body = colander.SchemaNode(
        colander.String(),
        title=_("Text"),
        validator=colander.Length(min=3, max=10_000),
        widget=deform.widget.TextAreaWidget(rows=6),
    )
    language = colander.SchemaNode(
        colander.String(),
        title=_("Language"),
        validator=colander.OneOf([c for c, _n in LANGUAGES]),
        widget=deform.widget.SelectWidget(values=LANGUAGES),
    )
    expires_on = colander.SchemaNode(colander.Date(), title=_("Take down on"), missing=None)
