"""Colander schemas of the revenue forms; amounts are checked against the commune's
currency as the expense forms' are (:mod:`budget.schemas`)."""

from __future__ import annotations

import colander

from budget.schemas import _choices, amount_node, text_node
from municipality.i18n import _


def _optional_text(title: str, name: str, maximum: int) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.String(),
        name=name,
        title=title,
        missing="",
        validator=colander.Length(max=maximum),
    )


class ForecastSchema(colander.Schema):
    amount = amount_node(_("Forecast"))


class AssessmentSchema(colander.Schema):
    line = colander.SchemaNode(colander.String(), title=_("Revenue line"), **_choices("lines"))
    debtor = text_node(_("Debtor"), maximum=200, name="debtor")
    debtor_id = _optional_text(_("Debtor's identifier (CIN, ICE, NIF)"), "debtor_id", 40)
    purpose = text_node(_("What is owed"), maximum=300, name="purpose")
    amount = amount_node()
    due_on = colander.SchemaNode(colander.Date(), title=_("Due on"))


class CollectionSchema(colander.Schema):
    """Money received at the counter on an assessment: the payer defaults to the debtor."""

    amount = amount_node(_("Amount received"))
    payer = _optional_text(_("Paid by"), "payer", 200)


class CounterSchema(colander.Schema):
    """Money received at the counter with no assessment behind it."""

    amount = amount_node(_("Amount received"))
    payer = text_node(_("Paid by"), maximum=200, name="payer")


class CancelSchema(colander.Schema):
    reason = text_node(_("Reason"), maximum=300, name="reason", rows=3)


class QuittanceSchema(colander.Schema):
    """What a collection's receipt attests, written when the money is counted: never a form.

    The ``_ar`` values are the same words in Arabic, for the sheet's Arabic column.
    """

    payer = colander.SchemaNode(colander.String(), title=_("Paid by"))
    amount = colander.SchemaNode(colander.String(), title=_("Amount"))
    paid_for = colander.SchemaNode(colander.String(), title=_("For"))
    paid_for_ar = colander.SchemaNode(colander.String(), title=_("For"), missing=None)
    reference = colander.SchemaNode(colander.String(), title=_("Reference"))
    paid_on = colander.SchemaNode(colander.Date(), title=_("Paid on"))
