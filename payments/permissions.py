"""The payments module's permissions: paying, following payments, moving money, the counter."""

from __future__ import annotations

from enum import StrEnum


class Perm(StrEnum):
    VIEW = "payments:payment:view"
    PAY = "payments:payment:pay"
    CONFIRM = "payments:payment:confirm"
    REVERSE = "payments:payment:reverse"
    FEES = "payments:fee:manage"
    COUNTER = "payments:counter:operate"
    RECONCILE = "payments:reconciliation:view"
