"""Colander schema of a commune's connection to a national platform.

Secrets are write-only: the field is a password input that is never filled back, and
leaving it empty keeps the stored secret.
"""

from __future__ import annotations

import colander
import deform

from municipality.i18n import _

URL = colander.Regex(
    r"^https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~\-/]*)?$",
    msg=_("An address such as https://platform.example/complaints"),
)
IDENTIFIER = colander.Regex(r"^[A-Za-z0-9._:/\-]{1,120}$", msg=_("Letters, digits and . _ : / -"))


class ConnectionSchema(colander.Schema):
    """Where the platform is and how the commune signs its messages."""

    base_url = colander.SchemaNode(
        colander.String(),
        title=_("Platform address"),
        validator=colander.All(colander.Length(max=500), URL),
    )
    client_id = colander.SchemaNode(
        colander.String(),
        title=_("Client identifier"),
        description=_("The commune's member identifier at the platform."),
        validator=IDENTIFIER,
    )
    key_id = colander.SchemaNode(
        colander.String(), title=_("Signing key identifier"), validator=IDENTIFIER
    )
    secret = colander.SchemaNode(
        colander.String(),
        title=_("Signing key secret"),
        description=_("Leave empty to keep the stored secret. It is never shown again."),
        validator=colander.Length(min=16, max=200),
        widget=deform.widget.PasswordWidget(redisplay=False),
        missing="",
    )
    rotate = colander.SchemaNode(
        colander.Boolean(),
        title=_("Keep the current key as the previous key"),
        description=_(
            "For a rotation: the platform may still sign with the previous key for a while."
        ),
        missing=False,
    )
    forget_previous = colander.SchemaNode(
        colander.Boolean(), title=_("Forget the previous key"), missing=False
    )
