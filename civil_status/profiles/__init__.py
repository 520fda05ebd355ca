"""Country profiles: each country's civil-status law as data (one JSON file per country).

A profile says which kinds of act the commune's bureau draws up, their fields and which
are required, the marginal mentions and the legal bases each needs, the declaration
deadlines, the copy types and who may obtain each, and the calendars and scripts shown.
The rules in :mod:`civil_status.services` read these files and hold no country branch,
so a country is added by adding a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from municipality import profiles as country_profiles
from municipality.errors import NotFound
from municipality.i18n import _


@dataclass(frozen=True)
class ActKind:
    fields: tuple[str, ...]
    required: tuple[str, ...]


@dataclass(frozen=True)
class MentionKind:
    # How the national platform classes it: correction, annotation or cancellation.
    amendment: str
    basis: tuple[str, ...]


@dataclass(frozen=True)
class Deadlines:
    days: int
    abroad_days: int
    late_requires: str


@dataclass(frozen=True)
class DuplicateRule:
    name_score: int
    birth_days: int
    same_mother: bool


@dataclass(frozen=True)
class Profile:
    country: str
    law: str
    front_office_only: bool
    calendars: tuple[str, ...]
    scripts: tuple[str, ...]
    deadlines: Deadlines
    duplicates: DuplicateRule
    act_kinds: dict[str, ActKind]
    mention_kinds: dict[str, MentionKind]
    copy_types: dict[str, tuple[str, ...]]

    def act_kind(self, kind: str) -> ActKind:
        """The kind of act ``kind`` as this country knows it; refused otherwise."""
        if kind not in self.act_kinds:
            raise NotFound(
                _("This kind of act is not drawn up here: ${kind}.", mapping={"kind": kind})
            )
        return self.act_kinds[kind]

    def may_obtain(self, copy_type: str, relation: str) -> bool:
        """Whether someone of ``relation`` to the act's subject may obtain ``copy_type``."""
        entitled = self.copy_types.get(copy_type, ())
        return "anyone" in entitled or relation in entitled

    def timeliness(
        self, event: date, declared: date, *, abroad: bool, judgment: str | None
    ) -> str | None:
        """``on_time`` within the deadline, ``by_judgment`` late with one, ``None`` late
        without the judgment the law asks for."""
        limit = self.deadlines.abroad_days if abroad else self.deadlines.days
        if (declared - event).days <= limit:
            return "on_time"
        return "by_judgment" if judgment else None


def _parse(data: dict[str, Any]) -> Profile:
    return Profile(
        country=data["country"],
        law=data["law"],
        front_office_only=data["front_office_only"],
        calendars=tuple(data["calendars"]),
        scripts=tuple(data["scripts"]),
        deadlines=Deadlines(**data["deadlines"]),
        duplicates=DuplicateRule(**data["duplicates"]),
        act_kinds={
            k: ActKind(tuple(v["fields"]), tuple(v["required"]))
            for k, v in data["act_kinds"].items()
        },
        mention_kinds={
            k: MentionKind(v["amendment"], tuple(v["basis"]))
            for k, v in data["mention_kinds"].items()
        },
        copy_types={k: tuple(v) for k, v in data["copy_types"].items()},
    )


@cache
def profile(country: str) -> Profile:
    """The profile of ``country`` (``MA``, ``ML``, ``MR``); a country without one has no
    civil-status module."""
    missing = _(
        "Civil status has no profile for this country: ${country}.",
        mapping={"country": country},
    )
    return _parse(country_profiles.read(__package__, country, missing))


def countries() -> list[str]:
    """The countries that have a profile."""
    return country_profiles.countries(__package__)
