"""Colander schemas of the payment forms: paying, the counter, the reconciliation."""

from __future__ import annotations

import re
from typing import Any

import colander
import deform

from municipality.forms import StrictInteger
from municipality.i18n import _

PHONE = re.compile(r"^\+?[0-9]{8,15}$")
# Our reference of a payment, as a payer or a receipt quotes it.
PAYMENT_REFERENCE = re.compile(r"^PAY-[0-9A-F]{16}$")

# Whole units and up to two decimals: what a cashier types, nothing a float would take.
AMOUNT = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,2})?$")


def _amount_validator(node: colander.SchemaNode, value: str) -> None:
    if not AMOUNT.match(value.strip()):
        raise colander.Invalid(node, _("Enter an amount such as 20.50"))


def _phone_validator(node: colander.SchemaNode, value: str) -> None:
    if not PHONE.match(value.replace(" ", "")):
        raise colander.Invalid(node, _("Enter a phone number such as +212600000000"))


@colander.deferred
def _provider_widget(_node: colander.SchemaNode, kw: dict[str, Any]) -> deform.widget.Widget:
    return deform.widget.SelectWidget(values=kw["providers"])


@colander.deferred
def _provider_validator(_node: colander.SchemaNode, kw: dict[str, Any]) -> colander.OneOf:
    return colander.OneOf([value for value, _title in kw["providers"]])


class PaySchema(colander.Schema):
    """How the payer pays; the phone number is the mobile money account to debit."""

    provider = colander.SchemaNode(
        colander.String(),
        title=_("Pay with"),
        widget=_provider_widget,
        validator=_provider_validator,
    )
    phone = colander.SchemaNode(
        colander.String(),
        title=_("Mobile money phone number"),
        description=_("Only for mobile money: the phone that will be asked to approve."),
        validator=_phone_validator,
        missing=None,
    )

    def validator(self, node: colander.SchemaNode, value: dict[str, Any]) -> None:
        if value["provider"] == "gsma" and not value.get("phone"):
            error = colander.Invalid(node)
            error["phone"] = _("Mobile money needs the phone number to ask.")
            raise error


@colander.deferred
def _fee_widget(_node: colander.SchemaNode, kw: dict[str, Any]) -> deform.widget.Widget:
    return deform.widget.SelectWidget(values=kw["fees"])


@colander.deferred
def _fee_validator(_node: colander.SchemaNode, kw: dict[str, Any]) -> colander.OneOf:
    return colander.OneOf([value for value, _title in kw["fees"]])


class ChargeSchema(colander.Schema):
    """A fee paid in cash at the counter: which one, how many, the cash handed over."""

    fee = colander.SchemaNode(
        colander.String(), title=_("Fee"), widget=_fee_widget, validator=_fee_validator
    )
    quantity = colander.SchemaNode(
        StrictInteger(), title=_("Quantity"), validator=colander.Range(1, 100_000), default=1
    )
    received = colander.SchemaNode(
        colander.String(), title=_("Cash received"), validator=_amount_validator
    )


class TakeSchema(colander.Schema):
    """Cash for a payment the resident asked for online, found by its reference."""

    reference = colander.SchemaNode(
        colander.String(),
        title=_("Payment reference"),
        validator=colander.Regex(PAYMENT_REFERENCE, _("A reference looks like PAY-0123…")),
        preparer=lambda v: v.strip().upper() if isinstance(v, str) else v,
    )
    received = colander.SchemaNode(
        colander.String(), title=_("Cash received"), validator=_amount_validator
    )


class CloseSchema(colander.Schema):
    """The cash counted in the drawer at closing."""

    counted = colander.SchemaNode(
        colander.String(), title=_("Cash counted"), validator=_amount_validator
    )


class ReconcileSchema(colander.Schema):
    """The day whose statements to match now (the job does yesterday's every night)."""

    day = colander.SchemaNode(colander.Date(), title=_("Day"))


class FeeSchema(colander.Schema):
    """A catalogue line: which fee item, and its price in the commune's currency."""

    code = colander.SchemaNode(
        colander.String(), title=_("Fee"), widget=_fee_widget, validator=_fee_validator
    )
    fixed_amount = colander.SchemaNode(
        colander.String(), title=_("Fixed amount"), validator=_amount_validator
    )
    unit_amount = colander.SchemaNode(
        colander.String(),
        title=_("Amount per unit"),
        description=_("Leave empty for a flat fee."),
        validator=_amount_validator,
        missing=None,
    )
    active = colander.SchemaNode(colander.Boolean(), title=_("Offered"), default=True)


class ReceiptSchema(colander.Schema):
    """What a payment receipt attests, written once the payment is confirmed: never a form.

    The ``_ar`` values are the same words in Arabic, for the sheet's Arabic column.
    """

    payer = colander.SchemaNode(colander.String(), title=_("Paid by"), missing=None)
    amount = colander.SchemaNode(colander.String(), title=_("Amount"))
    paid_for = colander.SchemaNode(colander.String(), title=_("For"))
    paid_for_ar = colander.SchemaNode(colander.String(), title=_("For"), missing=None)
    reference = colander.SchemaNode(colander.String(), title=_("Reference"))
    provider = colander.SchemaNode(colander.String(), title=_("Paid with"))
    provider_ar = colander.SchemaNode(colander.String(), title=_("Paid with"), missing=None)
    paid_on = colander.SchemaNode(colander.Date(), title=_("Paid on"))
