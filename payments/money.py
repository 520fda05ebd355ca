"""Amounts in a commune's currency: Decimal, rounded to the currency's smallest coin.

The dirham has centimes, the CFA franc has none; the ouguiya is kept to two places like
ISO 4217 says. An amount that does not fit its currency is refused, never rounded away.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from municipality.errors import ValidationFailed
from municipality.i18n import _

MINOR_UNITS = {"MAD": 2, "XOF": 0, "MRU": 2}
LARGEST = Decimal("999999999999")


def quantum(currency: str) -> Decimal:
    """The smallest amount of ``currency``: 0.01 for MAD, 1 for XOF."""
    return Decimal(1).scaleb(-MINOR_UNITS[currency])


def exact(value: object, currency: str, field: str = "amount") -> Decimal:
    """``value`` as an amount of ``currency``; anything finer than its coin is refused."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationFailed("bad amount", {field: _("Enter an amount.")}) from exc
    if not amount.is_finite() or amount < 0 or amount > LARGEST:
        raise ValidationFailed("bad amount", {field: _("Enter an amount.")})
    if amount != amount.quantize(quantum(currency)):
        raise ValidationFailed("bad amount", {field: _("This currency has no coin that small.")})
    return amount.quantize(quantum(currency))


def rounded(amount: Decimal, currency: str) -> Decimal:
    """A computed amount (a formula's result) to the currency's coin, half up."""
    return amount.quantize(quantum(currency), rounding=ROUND_HALF_UP)


def same(a: Decimal, b: Decimal) -> bool:
    """Two amounts are equal to the last coin (``10`` and ``10.00`` are the same)."""
    return Decimal(a).compare(Decimal(b)) == 0


def text(amount: Decimal | None, currency: str) -> str:
    """An amount as a reader sees it: its currency's places, then the code (``20.50 MAD``)."""
    if amount is None:
        return ""
    return f"{Decimal(amount).quantize(quantum(currency))} {currency}"
