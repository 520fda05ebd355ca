"""Colander schemas of the budget's forms.

Amounts are read as text and checked against the commune's currency (:mod:`budget.money`)
when the form is bound to the request, so ``12.345`` is refused in dirhams and ``12.5`` in
CFA francs, with the reason, before any service runs.
"""

from __future__ import annotations

from typing import Any

import colander
import deform

from budget import money
from municipality.errors import ValidationFailed
from municipality.forms import StrictInteger
from municipality.i18n import _


@colander.deferred
def _amount_validator(_node: colander.SchemaNode, kw: dict[str, Any]) -> Any:
    currency = kw["request"].commune.currency

    def check(node: colander.SchemaNode, value: str) -> None:
        try:
            money.amount(value, currency)
        except ValidationFailed as exc:
            raise colander.Invalid(node, exc.detail) from exc

    return check


def _choices(key: str) -> Any:
    """A select whose options the view passes when it binds the schema (``key``)."""

    @colander.deferred
    def widget(_node: colander.SchemaNode, kw: dict[str, Any]) -> deform.widget.Widget:
        return deform.widget.SelectWidget(values=[("", "—"), *kw[key]])

    @colander.deferred
    def validator(_node: colander.SchemaNode, kw: dict[str, Any]) -> colander.OneOf:
        return colander.OneOf([value for value, _label in kw[key]])

    return {"widget": widget, "validator": validator}


def amount_node(title: str = _("Amount"), name: str = "amount") -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.String(), name=name, title=title, validator=_amount_validator
    )


def text_node(title: str, *, maximum: int, name: str, rows: int = 0) -> colander.SchemaNode:
    widget = deform.widget.TextAreaWidget(rows=rows) if rows else None
    return colander.SchemaNode(
        colander.String(),
        name=name,
        title=title,
        validator=colander.Length(min=1, max=maximum),
        widget=widget,
    )


class BudgetSchema(colander.Schema):
    year = colander.SchemaNode(
        StrictInteger(), title=_("Year"), validator=colander.Range(2000, 2200)
    )


class AllocationSchema(colander.Schema):
    code = colander.SchemaNode(colander.String(), title=_("Budget code"), **_choices("codes"))
    amount = amount_node(_("Credit"))


class DecisionSchema(colander.Schema):
    decision = text_node(_("Decision (reference)"), maximum=200, name="decision")
    decided_on = colander.SchemaNode(colander.Date(), title=_("Date of the decision"))


class ReasonSchema(colander.Schema):
    reason = text_node(_("Reason"), maximum=2000, name="reason", rows=3)


class LiquidationSchema(colander.Schema):
    invoice_ref = text_node(_("Invoice reference"), maximum=60, name="invoice_ref")
    service_done_on = colander.SchemaNode(colander.Date(), title=_("Service done on"))
    liquidated_amount = amount_node(_("Amount due"), "liquidated_amount")


class SupplierSchema(colander.Schema):
    name = text_node(_("Name"), maximum=200, name="name")
    tax_id = text_node(_("Tax identifier (ICE, NIF)"), maximum=40, name="tax_id")
    address = colander.SchemaNode(
        colander.String(), title=_("Address"), missing="", validator=colander.Length(max=300)
    )
    bank_account = colander.SchemaNode(
        colander.String(), title=_("Bank account"), missing="", validator=colander.Length(max=40)
    )


class TransferSchema(colander.Schema):
    source = colander.SchemaNode(colander.String(), title=_("From line"), **_choices("lines"))
    target = colander.SchemaNode(colander.String(), title=_("To line"), **_choices("lines"))
    amount = amount_node()
    reason = text_node(_("Reason"), maximum=2000, name="reason", rows=3)


class CommitmentSchema(colander.Schema):
    line = colander.SchemaNode(colander.String(), title=_("Budget line"), **_choices("lines"))
    supplier = colander.SchemaNode(colander.String(), title=_("Supplier"), **_choices("suppliers"))
    amount = amount_node()
    purpose = text_node(_("Purpose"), maximum=300, name="purpose")


# What each workflow action asks for; an action not listed asks for nothing.
ACTION_SCHEMAS: dict[str, type[colander.Schema]] = {
    "vote": DecisionSchema,
    "approve": DecisionSchema,
    "authorise": DecisionSchema,
    "refuse": ReasonSchema,
    "cancel": ReasonSchema,
    "reject": ReasonSchema,
    "liquidate": LiquidationSchema,
}
