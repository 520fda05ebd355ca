"""Amounts in the commune's currency: Decimal, never float, with the currency's decimals.

The dirham and the ouguiya count hundredths; the CFA franc has none. An amount with more
decimals than its currency has is refused rather than rounded, so nobody's figure is
silently changed.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from municipality.charts import Reading
from municipality.errors import ValidationFailed
from municipality.i18n import _

DECIMALS = {"MAD": 2, "MRU": 2, "XOF": 0}
# Twelve digits before the point: far above any commune's budget, inside Numeric(18, 2).
LIMIT = Decimal(10) ** 12


def amount(value: Any, currency: str, field: str = "amount") -> Decimal:
    """``value`` as a positive amount of ``currency``, or :class:`ValidationFailed`."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise _invalid(field, _("Write the amount as a number.")) from exc
    if not number.is_finite() or number <= 0 or number >= LIMIT:
        raise _invalid(field, _("The amount must be above zero and below a trillion."))
    places = DECIMALS[currency]
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise _invalid(
            field,
            _(
                "The ${currency} has ${places} decimals: this amount has more.",
                mapping={"currency": currency, "places": places},
            ),
        )
    return number.quantize(Decimal(1).scaleb(-places))


def _invalid(field: str, message: Any) -> ValidationFailed:
    return ValidationFailed(message, {field: message})


def rate(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to one decimal, or ``None`` when nothing was opened."""
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"))


def written(value: Decimal | None, currency: str, reader: Reading) -> str:
    """An amount as a page shows it: the currency's decimals, thin-space thousands, the
    reader's digits; a dash where there is none."""
    if value is None:
        return "—"
    return reader.text(f"{value:,.{DECIMALS[currency]}f}".replace(",", "\u202f"))
