"""Demo payments: a priced catalogue and a year of payments in every state, per commune.

Everything goes through the services at its own date. What a provider would have
answered is given to the same service a callback reaches (:func:`intents.apply`), so
the demo needs no provider running; cash goes through a cashier's till.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from municipality.db import clock_at, set_commune_scope
from municipality.demo import DemoYear, staff_email
from municipality.models import Commune
from payments import money
from payments.adapters import FAILURE, PENDING, REFUSED, REVERSED, SUCCESS, Reversal, Verified
from payments.gateway import gateway
from payments.models import Payment
from payments.payables import FEE_ITEMS, fee_reference
from payments.permissions import Perm
from payments.services import counter, fees, intents, receipts, reversals

# The catalogue: fixed and per-unit amounts in dirhams; CFA francs are about 60 to one.
PRICES = {
    "payments.stamp-duty": ("20", None),
    "payments.legalisation": ("5", None),
    "payments.market-stall": ("10", "7.50"),
}
RATES = {"MAD": Decimal(1), "XOF": Decimal(60), "MRU": Decimal(4)}
# How the year's online payments end, by weight.
OUTCOMES = (
    ("confirmed", 14),
    ("failed", 2),
    ("to_reconcile", 1),
    ("pending", 1),
    ("created", 1),
)
ONLINE_PAYMENTS = 36


def _price(amount: str | None, currency: str) -> str | None:
    if amount is None:
        return None
    return str(money.rounded(Decimal(amount) * RATES[currency], currency))


def _catalogue(session: Session, commune: Commune, actor: str, year: DemoYear) -> None:
    for item in FEE_ITEMS:
        fixed, unit = PRICES[item.code]
        fees.set_fee(
            session,
            actor=actor,
            commune=commune,
            registry=year.registry,
            code=item.code,
            fixed_amount=_price(fixed, commune.currency),
            unit_amount=_price(unit, commune.currency),
        )


def _ask(
    session: Session, commune: Commune, rng: random.Random, year: DemoYear, provider: str
) -> Payment:
    item = rng.choice(FEE_ITEMS)
    quantity = rng.randint(1, 5) if item.unit else 1
    return intents.request_payment(
        session,
        actor="public",
        commune=commune,
        registry=year.registry,
        kind="payments.fee",
        reference=fee_reference(item.code, quantity, f"D{rng.getrandbits(40):010X}"),
        provider=provider,
        payer=f"+2126{rng.randint(10_000_000, 99_999_999)}" if provider == "gsma" else None,
    )


def _online(
    session: Session, commune: Commune, actor: str, year: DemoYear, rng: random.Random
) -> None:
    span = (year.end - year.start).total_seconds()
    weights = [w for _o, w in OUTCOMES]
    for number in range(ONLINE_PAYMENTS):
        when = year.start + timedelta(seconds=span * (number + rng.random()) / ONLINE_PAYMENTS)
        # Every state at least once, then as often as it happens.
        drawn = rng.choices([o for o, _w in OUTCOMES], weights)[0]
        outcome = OUTCOMES[number][0] if number < len(OUTCOMES) else drawn
        with clock_at(when):
            payment = _ask(session, commune, rng, year, rng.choice(("gsma", "card")))
            if outcome == "created":  # the payer left before the provider was asked
                continue
            intents.start(
                session,
                actor="public",
                commune=commune,
                gateway=gateway(year.registry),
                payment=payment,
            )
        with clock_at(when + timedelta(minutes=rng.randint(1, 20))):
            _settle(session, year, payment, outcome, f"TX{rng.getrandbits(56):014X}")


def _settle(
    session: Session, year: DemoYear, payment: Payment, outcome: str, transaction: str
) -> None:
    """What the provider answered, given where a callback would have given it."""
    if outcome == "confirmed":
        verified = Verified(SUCCESS, payment.amount, transaction)
    elif outcome == "failed":
        verified = Verified(FAILURE)
    elif outcome == "to_reconcile":
        intents.leave_to_reconcile(session, payment)
        return
    else:
        return
    intents.apply(session, registry=year.registry, payment_id=payment.id, verified=verified)
    if payment.state == "confirmed":  # what the outbox does moments after the credit
        commune = session.get(Commune, payment.commune_id)
        assert commune is not None
        receipts.issue_receipt(
            session, year.registry, actor=receipts.SYSTEM_ACTOR, commune=commune, payment=payment
        )


def _counter(session: Session, commune: Commune, year: DemoYear, rng: random.Random) -> None:
    """A few days at the counter, by the commune's demo cashier: a till per day, closed
    counted, one of them short; the treasurer reverses one payment."""
    cashier = staff_email("cashier", commune.slug)
    for day in range(3):
        opened = year.end - timedelta(days=3 - day, hours=-8)
        with clock_at(opened):
            till = counter.open_till(session, actor=cashier, commune=commune)
        taken = []
        for minute in range(0, 4 * 60, 40):
            with clock_at(opened + timedelta(minutes=minute + rng.randint(0, 30))):
                payment = _ask(session, commune, rng, year, intents.CASH)
                counter.take_cash(
                    session,
                    actor=cashier,
                    registry=year.registry,
                    till=till,
                    payment=payment,
                    received=payment.amount,
                )
                taken.append(payment)
        with clock_at(opened + timedelta(hours=5)):
            short = money.quantum(commune.currency) * 100 if day == 1 else Decimal(0)
            counter.close_till(
                session,
                actor=cashier,
                commune=commune,
                till=till,
                counted=Decimal(till.expected_total) - short,
            )
    with clock_at(year.end - timedelta(hours=2)):
        reversals.ask(
            session,
            registry=year.registry,
            actor=staff_email("treasurer", commune.slug),
            commune=commune,
            payment=taken[0],
            permissions=frozenset({Perm.REVERSE}),
        )


def _reversals(session: Session, commune: Commune, year: DemoYear) -> None:
    """Three online payments given back by the treasurer: the provider reversed the
    first, refused the second (it is credited again), and has not answered the third."""
    credited = session.execute(
        select(Payment)
        .where(Payment.state == "confirmed", Payment.provider != intents.CASH)
        .order_by(Payment.confirmed_at.desc())
        .limit(3)
    ).scalars()
    answers = (
        Reversal(REVERSED, "RV-DEMO-1"),
        Reversal(REFUSED, reason="insufficient merchant balance"),
        Reversal(PENDING, "RV-DEMO-3"),
    )
    for hours, (payment, answer) in enumerate(zip(list(credited), answers, strict=False)):
        with clock_at(year.end - timedelta(hours=6 - hours)):
            reversals.ask(
                session,
                registry=year.registry,
                actor=staff_email("treasurer", commune.slug),
                commune=commune,
                payment=payment,
                permissions=frozenset({Perm.REVERSE}),
            )
        with clock_at(year.end - timedelta(hours=5 - hours)):
            reversals.record(session, payment, answer, registry=year.registry)


def load_demo(session: Session, commune: Commune, actor: str, year: DemoYear) -> None:
    """The commune's catalogue, a year of online payments, and three days at the counter."""
    rng = year.random(commune, "payments")
    set_commune_scope(session, commune.id)
    try:
        with clock_at(year.start):
            _catalogue(session, commune, actor, year)
        _online(session, commune, actor, year, rng)
        _counter(session, commune, year, rng)
        _reversals(session, commune, year)
    finally:
        set_commune_scope(session, None)
