"""The verification form: the seal's text, pasted or filled in by the camera reader."""

from __future__ import annotations

import colander
import deform

from documents.seal import MAX_TEXT
from municipality.i18n import _


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
