"""Colander schemas of the core's forms and JSON bodies."""

from __future__ import annotations

import colander
import deform

from municipality.i18n import _

CODE_PATTERN = r"^\s*[0-9a-fA-F -]{6,20}\s*$"


class LoginSchema(colander.Schema):
    email = colander.SchemaNode(
        colander.String(),
        title=_("E-mail"),
        validator=colander.Email(),
        widget=deform.widget.TextInputWidget(
            attributes={"autocomplete": "username", "type": "email"}
        ),
    )
    password = colander.SchemaNode(
        colander.String(),
        title=_("Password"),
        widget=deform.widget.PasswordWidget(attributes={"autocomplete": "current-password"}),
    )


class CodeSchema(colander.Schema):
    code = colander.SchemaNode(
        colander.String(),
        title=_("Code from your authenticator app, or a recovery code"),
        validator=colander.Regex(CODE_PATTERN, msg=_("Enter the 6 digits or a recovery code")),
        widget=deform.widget.TextInputWidget(
            attributes={"autocomplete": "one-time-code", "inputmode": "text"}
        ),
    )


class ResetRequestSchema(colander.Schema):
    email = colander.SchemaNode(colander.String(), title=_("E-mail"), validator=colander.Email())


class NewPasswordSchema(colander.Schema):
    password = colander.SchemaNode(
        colander.String(),
        title=_("New password"),
        validator=colander.Length(min=10, min_err=_("At least 10 characters")),
        widget=deform.widget.CheckedPasswordWidget(),
    )


class ApiKeySchema(colander.Schema):
    name = colander.SchemaNode(
        colander.String(), title=_("Client application"), validator=colander.Length(min=2, max=200)
    )
    permissions = colander.SchemaNode(
        colander.Set(),
        title=_("Permissions"),
        widget=deform.widget.CheckboxChoiceWidget(values=()),
        validator=colander.Length(min=1, min_err=_("Choose at least one permission")),
    )
