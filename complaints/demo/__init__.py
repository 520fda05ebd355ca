"""Demo data: a year of the commune's complaints, replayed through the services.

About 300 complaints (:mod:`complaints.demo.year`) are filed on the commune's streets and
places, found through the core's gazetteer (:func:`municipality.maps.search_places`, so
this module needs no GIS), by every channel: the website, the counter (visits and calls)
and the commune's mobile application through Open311. Then every step of each happens
through the same services staff and residents use, in the order the steps happened and
each at its own date (:func:`municipality.db.clock_at`): the audit chain, the due dates,
the reporters' messages and the national platform's feed are what that year wrote.
Photos are drawn (:mod:`complaints.demo.pictures`) and stored through the photo service.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from complaints.demo import pictures, texts
from complaints.demo.year import Commune as Town
from complaints.demo.year import Story, stories
from complaints.models import Category, Complaint
from complaints.permissions import Perm
from complaints.services.categories import create_category, legal_ceiling
from complaints.services.duplicates import merge
from complaints.services.filing import file_complaint
from complaints.services.handling import act, add_event
from complaints.services.photos import attach
from complaints.services.residents import rate, reopen
from municipality import accounts, maps
from municipality.areas import provider_of
from municipality.db import clock_at
from municipality.demo import DemoYear, staff_email
from municipality.files import STORE_KEY, FileStore
from municipality.images import accept_image
from municipality.models import Commune

# The most places the complaints are spread over.
MAX_PLACES = 100
EVERYTHING = frozenset(Perm)
WORKFLOW_ACTIONS = ("acknowledge", "assign", "start", "resolve", "close", "reject")
NOTES = ("reply", "note")


def load_demo(session: Session, commune: Commune, actor: str, year: DemoYear) -> None:
    """The categories, and the year's complaints with everything that happened to them."""
    with clock_at(year.start):
        made = _categories(session, commune, actor)
        app_client = _mobile_application(session, commune, actor)
    town = Town(
        country=commune.country_profile,
        languages=tuple(commune.languages.split()) or ("fr",),
        zone=ZoneInfo(commune.timezone),
        targets={code: (c.hours_to_acknowledge, c.days_to_resolve) for code, c in made.items()},
        places=tuple(maps.search_places(year.registry, session, commune, "", MAX_PLACES)),
    )
    told = stories(year.random(commune, "complaints"), town, year.start, year.end)
    Replay(session, commune, year, made, app_client).run(told)


def _categories(session: Session, commune: Commune, actor: str) -> dict[str, Category]:
    ceiling = legal_ceiling(commune)
    return {
        code: create_category(
            session,
            actor=actor,
            commune=commune,
            data={
                "code": code,
                "name_fr": name_fr,
                "name_ar": name_ar,
                "department": department,
                "hours_to_acknowledge": hours,
                "days_to_resolve": min(days, ceiling) if ceiling else days,
            },
        )
        for code, name_fr, name_ar, department, hours, days in texts.CATEGORIES
    }


def _mobile_application(session: Session, commune: Commune, actor: str) -> str:
    """The commune's mobile application files through Open311 with a key of its own; its
    filings are audited under that key, as the Open311 endpoint does."""
    token, _secret = accounts.create_api_token(
        session,
        actor=actor,
        commune=commune,
        name="Application mobile de la commune",
        permissions=[Perm.FILE],
    )
    return f"api_token:{token.public_id}"


class Replay:
    """Run the stories' filings and steps in the order they happened, each at its date."""

    def __init__(
        self,
        session: Session,
        commune: Commune,
        year: DemoYear,
        categories: dict[str, Category],
        app_client: str,
    ) -> None:
        self.session = session
        self.commune = commune
        self.categories = categories
        self.app_client = app_client
        self.area = provider_of(year.registry)
        self.store: FileStore | None = year.registry.get(STORE_KEY)
        self.pictures = year.random(commune, "complaint photos")
        agent = accounts.find_user(session, staff_email("agent", commune.slug))
        self.agent = agent.email if agent else "system:demo"
        self.agent_id = agent.id if agent else None
        admin = accounts.find_user(session, staff_email("commune_admin", commune.slug))
        self.admin = admin.email if admin else self.agent
        self.complaints: dict[int, Complaint] = {}

    def run(self, told: list[Story]) -> None:
        agenda: list[tuple[datetime, int, int, Callable[[], Any]]] = []
        for story in told:
            agenda.append((story.filed, story.index, 0, self._filing(story)))
            for number, (when, action, data) in enumerate(story.steps, start=1):
                agenda.append((when, story.index, number, self._step(story, action, data)))
        agenda.sort(key=lambda entry: entry[:3])
        for when, _index, _number, step in agenda:
            with clock_at(when):
                step()

    def _filing(self, story: Story) -> Callable[[], Any]:
        def file() -> None:
            latitude, longitude = story.position or (None, None)
            actor = {"web": "public", "api": self.app_client}.get(story.channel, self.agent)
            complaint = file_complaint(
                self.session,
                actor=actor,
                commune=self.commune,
                data={
                    "category": self.categories[story.category],
                    "kind": story.kind,
                    "description": story.description,
                    "address": story.address,
                    "latitude": latitude,
                    "longitude": longitude,
                    "contact_mode": story.contact_mode,
                    **story.reporter,
                },
                channel=story.channel,
                area=self.area,
            )
            self.complaints[story.index] = complaint
            if story.photos and self.store is not None:
                images = [
                    accept_image(pictures.picture(story.category, self.pictures))
                    for _photo in range(story.photos)
                ]
                attach(
                    self.session, actor=actor, complaint=complaint, images=images, store=self.store
                )

        return file

    def _step(self, story: Story, action: str, data: dict[str, Any]) -> Callable[[], Any]:
        def step() -> None:
            complaint = self.complaints[story.index]
            if action in WORKFLOW_ACTIONS:
                staff = self.admin if action in ("reject", "close") else self.agent
                assignee = self.agent_id if action == "assign" else None
                act(
                    self.session,
                    actor=staff,
                    complaint=complaint,
                    action=action,
                    permissions=EVERYTHING,
                    data=data,
                    assignee_id=assignee,
                )
            elif action in NOTES:
                add_event(
                    self.session,
                    actor=self.agent,
                    complaint=complaint,
                    kind=action,
                    body=data["body"],
                )
            elif action == "rate":
                rate(self.session, actor="reporter", complaint=complaint, **data)
            elif action == "contest":
                reopen(self.session, actor="reporter", complaint=complaint, reason=data["reason"])
            else:
                assert story.primary is not None
                primary = self.complaints[story.primary]
                merge(self.session, actor=self.agent, duplicate=complaint, primary=primary)

        return step
