"""The budget module's permissions, split so no one person holds the whole spending chain.

The authorising officer's side (prepare, adopt, transfer, commit, order) and the
accountant's side (pay, reject a payment order) are separate permissions, granted to
separate roles.
"""

from __future__ import annotations

from enum import StrEnum


class Perm(StrEnum):
    VIEW = "budget:budget:view"
    PREPARE = "budget:budget:prepare"
    ADOPT = "budget:budget:adopt"
    TRANSFER = "budget:transfer:manage"
    SUPPLIERS = "budget:supplier:manage"
    COMMIT = "budget:commitment:commit"
    ORDER = "budget:commitment:order"
    PAY = "budget:commitment:pay"
    ASSESS = "budget:revenue:assess"
    COLLECT = "budget:revenue:collect"


OFFICER = (
    Perm.VIEW,
    Perm.PREPARE,
    Perm.ADOPT,
    Perm.TRANSFER,
    Perm.SUPPLIERS,
    Perm.COMMIT,
    Perm.ORDER,
    Perm.ASSESS,
)
ACCOUNTANT = (Perm.VIEW, Perm.PAY, Perm.COLLECT)
