"""Country profiles: each country's planning law as data (one JSON file per country).

A profile lists the kinds of file the commune instructs (building, subdivision, repair,
demolition, occupancy certificate...), and for each: its circuits ("small" and "large"
projects follow different deadlines), the documents of its checklist, the bodies
consulted, the fee formula and the document issued. It also holds the country's weekend
and public holidays (fixed, Hijri and Easter-based) that the working-days clock skips,
and whether silence past the deadline counts as approval. The rules in
:mod:`permits.services` read these files and hold no country branch.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from municipality import profiles as country_profiles
from municipality.errors import ValidationFailed
from municipality.i18n import _

SMALL, LARGE = "small", "large"


@dataclass(frozen=True)
class Deadline:
    """A legal deadline: ``days`` working or calendar days, or ``months`` calendar months."""

    unit: str
    days: int = 0
    months: int = 0


@dataclass(frozen=True)
class Circuit:
    deadline: Deadline
    # How long each consulted body has to give its opinion (working days).
    opinion_days: int


@dataclass(frozen=True)
class Fee:
    """How the fee is worked out: ``per_m2_by_use`` (Morocco's construction tax per covered
    m², at the rate of the project's use), ``per_m2_site`` or ``flat``."""

    formula: str
    rates: dict[str, Decimal]
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class FileKind:
    circuits: dict[str, Circuit]
    checklist: tuple[str, ...]
    bodies: dict[str, tuple[str, ...]]
    fee: Fee
    issues: str
    # Whether the file carries building figures checked against the zoning plan.
    figures: bool


@dataclass(frozen=True)
class SmallProject:
    floors_max: int
    floor_area_max_m2: float
    units_max: int


@dataclass(frozen=True)
class Holidays:
    fixed: tuple[tuple[int, int], ...]
    hijri: tuple[tuple[int, int], ...]
    easter_offsets: tuple[int, ...]


@dataclass(frozen=True)
class Profile:
    country: str
    law: str
    week_end: frozenset[int]
    holidays: Holidays
    small_project: SmallProject | None
    tacit_approval: bool
    tacit_warning_days: int
    authorities: tuple[str, ...]
    kinds: dict[str, FileKind]
    applies_above_population: int | None

    def kind(self, name: str) -> FileKind:
        """The kind of file ``name`` as this country knows it; refused otherwise."""
        if name not in self.kinds:
            raise ValidationFailed(
                _("This kind of permit is not instructed here: ${kind}.", mapping={"kind": name}),
                {"kind": "unknown"},
            )
        return self.kinds[name]

    def circuit_name(self, kind: str, *, floors: int, floor_area_m2: float, units: int) -> str:
        """``small`` or ``large``: a kind with one circuit always takes it; otherwise a
        project within every small-project threshold takes the small one."""
        circuits = self.kind(kind).circuits
        if len(circuits) == 1:
            return next(iter(circuits))
        limits = self.small_project
        small = limits is not None and (
            floors <= limits.floors_max
            and floor_area_m2 <= limits.floor_area_max_m2
            and units <= limits.units_max
        )
        return SMALL if small else LARGE


def _pair(text: str) -> tuple[int, int]:
    month, day = text.split("-")
    return int(month), int(day)


def _fee(data: dict[str, Any]) -> Fee:
    return Fee(
        formula=data["formula"],
        rates={use: Decimal(rate) for use, rate in data.get("rates", {}).items()},
        rate=Decimal(data.get("rate", "0")),
        amount=Decimal(data.get("amount", "0")),
    )


def _kind(data: dict[str, Any]) -> FileKind:
    return FileKind(
        circuits={
            name: Circuit(Deadline(**c["deadline"]), c["opinion_days"])
            for name, c in data["circuits"].items()
        },
        checklist=tuple(data["checklist"]),
        bodies={name: tuple(bodies) for name, bodies in data["bodies"].items()},
        fee=_fee(data["fee"]),
        issues=data["issues"],
        figures=data["figures"],
    )


def _parse(data: dict[str, Any]) -> Profile:
    holidays = data["holidays"]
    small = data.get("small_project")
    return Profile(
        country=data["country"],
        law=data["law"],
        week_end=frozenset(data["week_end"]),
        holidays=Holidays(
            fixed=tuple(_pair(d) for d in holidays["fixed"]),
            hijri=tuple(_pair(d) for d in holidays["hijri"]),
            easter_offsets=tuple(holidays["easter_offsets"]),
        ),
        small_project=SmallProject(**small) if small else None,
        tacit_approval=data["tacit_approval"],
        tacit_warning_days=data["tacit_warning_days"],
        authorities=tuple(data["authorities"]),
        kinds={name: _kind(kind) for name, kind in data["kinds"].items()},
        applies_above_population=data.get("applies_above_population"),
    )


@cache
def profile(country: str) -> Profile:
    """The profile of ``country`` (``MA``, ``ML``); a country without one has no permits."""
    missing = _(
        "Permits have no profile for this country: ${country}.",
        mapping={"country": country},
    )
    return _parse(country_profiles.read(__package__, country, missing))


def countries() -> list[str]:
    """The countries that have a profile."""
    return country_profiles.countries(__package__)
