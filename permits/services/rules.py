"""The rules a country profile sets for a file: its circuit, its fee, what its checklist
still misses, its legal due date and the working days left before it.

Pure functions of the profile and the file's figures: no query, no write, so the same
rules answer the applicant's preview, the planner's page and the tacit-approval job.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from permits import clock
from permits.models import PermitFile
from permits.profiles import Profile

CENT = Decimal("0.01")

# Where the clock runs: from acceptance until a decision is taken.
RUNNING = frozenset({"accepted", "under_review", "commission"})


def circuit_of(profile: Profile, file: PermitFile) -> str:
    """The circuit the file's figures put it in (``small`` or ``large``)."""
    return profile.circuit_name(
        file.kind, floors=file.floors, floor_area_m2=file.floor_area_m2, units=file.units
    )


def fee_of(profile: Profile, file: PermitFile) -> Decimal:
    """What the file costs, by its kind's formula.

    ``per_m2_by_use``: the covered floor area times the rate of the project's use (a use
    without a rate costs nothing); ``per_m2_site``: the site's area times the rate;
    ``flat``: the amount. Rounded to the cent; XOF communes charge whole francs anyway
    as their rates are whole.
    """
    fee = profile.kind(file.kind).fee
    if fee.formula == "per_m2_by_use":
        amount = Decimal(str(file.floor_area_m2)) * fee.rates.get(file.use, Decimal(0))
    elif fee.formula == "per_m2_site":
        amount = Decimal(str(file.site_area_m2 or 0)) * fee.rate
    else:
        amount = fee.amount
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def missing_documents(profile: Profile, file: PermitFile) -> list[str]:
    """The checklist items with no document uploaded, in the checklist's order."""
    present = {doc.item for doc in file.documents}
    return [item for item in profile.kind(file.kind).checklist if item not in present]


def bodies_of(profile: Profile, file: PermitFile) -> tuple[str, ...]:
    """The bodies consulted on this file (its kind and circuit)."""
    return profile.kind(file.kind).bodies.get(file.circuit, ())


def due_on(profile: Profile, file: PermitFile, accepted: date) -> date:
    """The last day the commune may decide, counted from acceptance."""
    circuit = profile.kind(file.kind).circuits[file.circuit]
    return clock.due_date(profile, accepted, circuit.deadline)


def opinion_due_on(profile: Profile, file: PermitFile, requested: date) -> date:
    """The last day a consulted body may give its opinion."""
    days = profile.kind(file.kind).circuits[file.circuit].opinion_days
    return clock.add_working_days(profile, requested, days)


def remaining_days(profile: Profile, file: PermitFile, today: date) -> int | None:
    """Working days left before the deadline (negative once past); ``None`` when the
    clock does not run (not yet accepted, or decided)."""
    if file.state not in RUNNING or file.due_on is None:
        return None
    return clock.working_days_between(profile, today, file.due_on)


def tacit_pending(profile: Profile, file: PermitFile, today: date) -> bool:
    """Whether silence is about to count as approval: the clock runs, the country
    grants on silence, and no more than the profile's warning days are left."""
    left = remaining_days(profile, file, today)
    return profile.tacit_approval and left is not None and left <= profile.tacit_warning_days


def tacit_reached(profile: Profile, file: PermitFile, today: date) -> bool:
    """Whether the deadline has passed with no decision, in a country where silence grants."""
    return (
        profile.tacit_approval
        and file.state in RUNNING
        and file.due_on is not None
        and today > file.due_on
    )
