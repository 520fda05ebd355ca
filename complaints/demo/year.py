"""A year of complaints, written as stories before anything is stored.

Each :class:`Story` is one complaint: when and how it was filed, where, by whom, and
the dated steps it then went through, drawn from the demo's random generator. The volume
follows the seasons of the commune's country (potholes after the rains, bins overflowing
in the heat) and grows through the year as residents take to filing online. Steps that
would fall after the end of the year do not happen yet, so the newest complaints are
still open, and a few forgotten ones wait past their due dates.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from complaints.demo import texts
from municipality.maps import Place

METRES_PER_DEGREE = 111_320
# Mean complaints a day in each category, before seasons and growth (about 300 a year).
DAILY = {"voirie": 0.25, "eclairage": 0.17, "dechets": 0.22, "eau": 0.13, "jardins": 0.06}
# (month of the peak, amplitude) by country and category.
SEASONS = {
    "MA": {
        "voirie": (1, 0.5),
        "eclairage": (12, 0.3),
        "dechets": (7, 0.4),
        "eau": (8, 0.3),
        "jardins": (5, 0.5),
    },
    "ML": {
        "voirie": (8, 0.6),
        "eclairage": (8, 0.2),
        "dechets": (4, 0.3),
        "eau": (8, 0.6),
        "jardins": (9, 0.4),
    },
}
WORKING_DAYS = range(5)  # Monday to Friday: the counter is open.


@dataclass
class Story:
    """One complaint of the year: its filing, then its steps ``(when, action, data)``."""

    index: int
    filed: datetime
    category: str
    channel: str
    language: str
    description: str
    address: str | None
    position: tuple[float, float] | None
    reporter: dict[str, str | None]
    contact_mode: str | None = None
    kind: str = "complaint"
    photos: int = 0
    primary: int | None = None
    steps: list[tuple[datetime, str, dict[str, Any]]] = field(default_factory=list)

    @property
    def reachable(self) -> bool:
        return bool(self.reporter.get("reporter_email") or self.reporter.get("reporter_phone"))

    def open_until(self) -> datetime | None:
        """When it stopped being open (resolved or rejected), if it did."""
        return next(
            (when for when, action, _d in self.steps if action in ("resolve", "reject")), None
        )


@dataclass(frozen=True)
class Commune:
    """What the stories need to know of the commune."""

    country: str
    languages: tuple[str, ...]
    zone: ZoneInfo
    targets: dict[str, tuple[int, int]]  # category -> (hours to acknowledge, days to resolve)
    places: tuple[Place, ...]


def stories(rng: random.Random, town: Commune, start: datetime, end: datetime) -> list[Story]:
    """The year's complaints, oldest first, with their steps up to ``end``."""
    told: list[Story] = []
    for day in range((end - start).days + 1):
        midnight = start + timedelta(days=day)
        growth = 0.8 + 0.4 * day / 365
        for category, rate in DAILY.items():
            if rng.random() < rate * _season(town.country, category, midnight) * growth:
                story = _story(rng, town, len(told), category, midnight, growth=growth)
                if start <= story.filed < end:
                    told.append(story)
    told.sort(key=lambda s: s.filed)
    for index, story in enumerate(told):
        story.index = index
        _merge_or_follow(rng, town, story, told[:index])
        story.steps = [step for step in story.steps if step[0] < end]
    return told


def _season(country: str, category: str, moment: datetime) -> float:
    peak, amplitude = SEASONS.get(country, SEASONS["MA"])[category]
    return 1 + amplitude * math.cos(2 * math.pi * (moment.month - peak) / 12)


def _story(
    rng: random.Random, town: Commune, index: int, category: str, day: datetime, *, growth: float
) -> Story:
    web_share = 0.25 + 0.15 * growth
    channel = rng.choices(("web", "api", "counter"), (web_share, 0.2, 0.8 - web_share))[0]
    local_day = day.astimezone(town.zone)
    if channel == "counter" and local_day.weekday() not in WORKING_DAYS:
        channel = "web"
    opening = (8.5, 16.0) if channel == "counter" else (7.0, 23.0)
    local = local_day.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(
        hours=rng.uniform(*opening)
    )
    language = rng.choice(town.languages) if rng.random() < 0.95 else "ar"
    contact_mode = rng.choices(("visit", "phone"), (0.6, 0.4))[0] if channel == "counter" else None
    located = channel != "counter" or rng.random() < (0.8 if contact_mode == "visit" else 0.5)
    place = rng.choice(town.places) if town.places else None
    position = _near(rng, place) if place is not None and located else None
    address = _address(rng, place, language) if position is None or rng.random() < 0.7 else None
    return Story(
        index=index,
        filed=local,
        category=category,
        channel=channel,
        language=language,
        description=rng.choice(texts.DESCRIPTIONS[category][language]),
        address=address,
        position=position,
        reporter=_reporter(rng, town.country, channel, contact_mode),
        contact_mode=contact_mode,
        kind=rng.choices(("complaint", "observation", "suggestion"), (0.9, 0.06, 0.04))[0],
        photos=rng.choices((0, 1, 2), (0.75, 0.2, 0.05))[0] if channel != "counter" else 0,
    )


def _near(rng: random.Random, place: Place) -> tuple[float, float]:
    """A point a few tens of metres from ``place`` (latitude, longitude)."""
    reach = rng.uniform(10, 80 if place.kind == "street" else 35)
    angle = rng.uniform(0, 2 * math.pi)
    north = reach * math.sin(angle) / METRES_PER_DEGREE
    east = reach * math.cos(angle) / (METRES_PER_DEGREE * math.cos(math.radians(place.latitude)))
    return round(place.latitude + north, 6), round(place.longitude + east, 6)


def _address(rng: random.Random, place: Place | None, language: str) -> str:
    if place is None:
        return texts.SOMEWHERE[language]
    if place.kind == "street":
        return texts.AT_STREET[language].format(
            number=rng.randint(1, 150), name=place.name(language)
        )
    return texts.NEAR_PLACE[language].format(name=place.name(language))


def _reporter(
    rng: random.Random, country: str, channel: str, contact_mode: str | None
) -> dict[str, str | None]:
    """Who filed: counter visitors give their name, many web reporters stay anonymous."""
    first = rng.choice(texts.FIRST_NAMES.get(country, texts.FIRST_NAMES["MA"]))
    last = rng.choice(texts.LAST_NAMES.get(country, texts.LAST_NAMES["MA"]))
    named = channel == "counter" or rng.random() < 0.5
    email_chance = {"web": 0.6, "api": 0.4, "counter": 0.2}[channel]
    phone_chance = 1.0 if contact_mode == "phone" else 0.7 if channel == "counter" else 0.3
    email = f"{first}.{last}.{rng.randint(1, 999)}@example.org".lower().replace(" ", "")
    digits = " ".join(f"{rng.randint(0, 99):02d}" for _pair in range(4))
    phone = f"{texts.PHONE_PREFIX.get(country, '+212 6')}{rng.randint(0, 9)} {digits}"
    return {
        "reporter_name": f"{first} {last}" if named else None,
        "reporter_email": email if rng.random() < email_chance else None,
        "reporter_phone": phone if rng.random() < phone_chance else None,
    }


def _merge_or_follow(rng: random.Random, town: Commune, story: Story, earlier: list[Story]) -> None:
    """One complaint in twenty reports what an open one already did, and is merged into
    it; the others go through the workflow."""
    if rng.random() < 0.05:
        merged = story.filed + timedelta(hours=rng.uniform(2, 36))
        primaries = [
            other
            for other in earlier
            if other.category == story.category
            and other.primary is None
            and other.position is not None
            and (other.open_until() or merged) >= merged
        ]
        if primaries:
            primary = rng.choice(primaries[-10:])
            assert primary.position is not None
            story.primary = primary.index
            story.position = _near(
                rng, Place("", "", "place", primary.position[1], primary.position[0])
            )
            story.steps = [(merged, "merge", {})]
            return
    hours, days = town.targets[story.category]
    story.steps = _workflow(rng, story, hours, days)


def _workflow(
    rng: random.Random, story: Story, hours: int, days: int
) -> list[tuple[datetime, str, dict[str, Any]]]:
    """Acknowledged, assigned, worked on, resolved and mostly closed; some rejected, some
    never looked at or forgotten past their due dates, some slow, some reopened by their
    reporter, many rated."""
    fate = rng.random()
    steps: list[tuple[datetime, str, dict[str, Any]]] = []
    acknowledged = story.filed + timedelta(hours=hours * rng.uniform(0.1, 1.4))
    if fate < 0.02:  # never looked at: overdue for its acknowledgement
        return steps
    if fate < 0.04:
        return [(acknowledged, "reject", {"reason": rng.choice(texts.REJECTIONS)})]
    steps.append((acknowledged, "acknowledge", {}))
    if fate < 0.08:
        later = acknowledged + timedelta(days=rng.uniform(1, 3))
        return [*steps, (later, "reject", {"reason": rng.choice(texts.REJECTIONS)})]
    if fate < 0.1:  # waiting for someone to take it on
        return steps
    assigned = acknowledged + timedelta(hours=rng.uniform(2, 48))
    steps.append((assigned, "assign", {}))
    if rng.random() < 0.3:
        reply = rng.choice(texts.REPLIES.get(story.language, texts.REPLIES["fr"]))
        steps.append((assigned + timedelta(minutes=30), "reply", {"body": reply}))
    if fate < 0.15:  # forgotten: still waiting, past its due dates
        return steps
    started = assigned + timedelta(days=rng.uniform(0.2, 3))
    steps.append((started, "start", {}))
    if rng.random() < 0.15:
        steps.append((started + timedelta(hours=2), "note", {"body": rng.choice(texts.NOTES)}))
    share = rng.uniform(1.1, 2.5) if fate < 0.35 else rng.uniform(0.15, 0.9)
    resolved = max(story.filed + timedelta(days=days * share), started + timedelta(hours=4))
    steps.append((resolved, "resolve", {}))
    if story.reachable and rng.random() < 0.08:
        contested = resolved + timedelta(days=rng.uniform(1, 10))
        reason = rng.choice(texts.CONTESTS.get(story.language, texts.CONTESTS["fr"]))
        restarted = contested + timedelta(days=rng.uniform(1, 3))
        resolved = restarted + timedelta(days=rng.uniform(2, 8))
        steps += [
            (contested, "contest", {"reason": reason}),
            (restarted, "start", {}),
            (resolved, "resolve", {}),
        ]
    if story.reachable and rng.random() < 0.6:
        rating = rng.choices((5, 4, 3, 2, 1), (4, 4, 2, 1, 1) if share < 1 else (1, 2, 3, 3, 2))[0]
        rated = resolved + timedelta(days=rng.uniform(0.3, 6))
        steps.append(
            (rated, "rate", {"rating": rating, "comment": rng.choice(texts.COMMENTS[rating])})
        )
    if rng.random() < 0.8:
        steps.append((resolved + timedelta(days=rng.uniform(7, 21)), "close", {}))
    steps.sort(key=lambda step: step[0])
    return steps
