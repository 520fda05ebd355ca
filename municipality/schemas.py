"""Colander schemas of the core's forms and JSON bodies."""

from __future__ import annotations

from typing import Any

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


@colander.deferred
def _permission_widget(node: colander.SchemaNode, kw: dict[str, Any]) -> deform.widget.Widget:
    return deform.widget.CheckboxChoiceWidget(values=[(p, p) for p in kw["grantable"]])


class _OnlyGrantable(colander.ContainsOnly):
    """Refuses a permission the commune cannot hand a key, naming it."""

    def __call__(self, node: colander.SchemaNode, value: Any) -> None:
        refused = sorted(set(value) - set(self.choices))
        if refused:
            raise colander.Invalid(
                node,
                _(
                    "Choose only among the permissions listed: ${refused} cannot be given.",
                    mapping={"refused": ", ".join(refused)},
                ),
            )


@colander.deferred
def _permission_validator(node: colander.SchemaNode, kw: dict[str, Any]) -> Any:
    """At least one permission, each one the commune may grant (``grantable``)."""
    return colander.All(
        colander.Length(min=1, min_err=_("Choose at least one permission")),
        _OnlyGrantable(kw["grantable"]),
    )


class ApiKeySchema(colander.Schema):
    """An API key's form; bind it with ``grantable``, the permissions a key may carry."""

    name = colander.SchemaNode(
        colander.String(), title=_("Client application"), validator=colander.Length(min=2, max=200)
    )
    permissions = colander.SchemaNode(
        colander.Set(),
        title=_("Permissions"),
        widget=_permission_widget,
        validator=_permission_validator,
    )
