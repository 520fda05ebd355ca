"""Demo registers and acts, entered and signed through the services at their own dates:
signed births and deaths, a late birth on judgment, a draft waiting for the officer, a
possible duplicate waiting for the agent, a discarded draft, and marginal mentions
approved, rejected and still requested, with a correction whose previous reading shows.
"""

from __future__ import annotations

import io
import random
from datetime import datetime, time, timedelta
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy.orm import Session

from civil_status.models import Act, Register
from civil_status.permissions import Perm
from civil_status.profiles import profile
from civil_status.request_demo import load_forwarded_requests, load_requests
from civil_status.services import acts, duplicates, extracts, mentions, registers, scans
from municipality.db import clock_at
from municipality.demo import DemoYear
from municipality.files import file_store
from municipality.models import Commune

OFFICER = frozenset(Perm)
# Given names (Arabic, Latin) by sex, and family names, as the bureaus write them.
NAMES = {
    "MA": {
        "F": [("ياسمين", "Yasmine"), ("سلمى", "Salma"), ("هبة", "Hiba"), ("غيثة", "Ghita")],
        "M": [("آدم", "Adam"), ("يوسف", "Youssef"), ("حمزة", "Hamza"), ("إلياس", "Ilyas")],
        "family": [
            ("العمراني", "El Amrani"),
            ("بناني", "Bennani"),
            ("التازي", "Tazi"),
            ("العلوي", "Alaoui"),
            ("الإدريسي", "El Idrissi"),
            ("الفاسي", "El Fassi"),
        ],
    },
    "ML": {
        "F": [
            ("عائشة", "Aïssata"),
            ("فاطماتا", "Fatoumata"),
            ("مريم", "Mariam"),
            ("كاديا", "Kadia"),
        ],
        "M": [("موسى", "Moussa"), ("سيدو", "Seydou"), ("إبراهيم", "Ibrahim"), ("عمر", "Oumar")],
        "family": [
            ("تراوري", "Traoré"),
            ("كوليبالي", "Coulibaly"),
            ("ديارا", "Diarra"),
            ("كيتا", "Keïta"),
            ("توري", "Touré"),
            ("سيسوكو", "Sissoko"),
        ],
    },
}
CENTRES = {"MA": "Bureau d'état civil central", "ML": "Centre principal d'état civil"}
PLACES = {"MA": "Hôpital provincial", "ML": "Maternité du centre de santé de référence"}
BIRTHS = 14
DEATHS = 9
MARRIAGES = 5
# Where deaths happen, besides the hospital: the monthly statistics count them by place.
DEATH_PLACES = {"MA": "Domicile du défunt", "ML": "Domicile familial"}


def _person(names: dict[str, Any], rng: random.Random, sex: str) -> dict[str, Any]:
    given = rng.choice(names[sex])
    family = rng.choice(names["family"])
    mother = rng.choice(names["F"])[1] + " " + rng.choice(names["family"])[1]
    return {
        "given_name_ar": given[0],
        "family_name_ar": family[0],
        "given_name_lat": given[1],
        "family_name_lat": family[1],
        "sex": sex,
        "father_name": rng.choice(names["M"])[1] + " " + family[1],
        "mother_name": mother,
    }


class Bureau:
    """One commune's bureau during the demo year: its registers, opened as years begin."""

    def __init__(self, session: Session, commune: Commune, actor: str) -> None:
        self.session, self.commune, self.actor = session, commune, actor
        self.country = commune.country_profile
        self.opened: dict[tuple[str, int], Register] = {}

    def register(self, kind: str, year: int) -> Register:
        if (kind, year) not in self.opened:
            # The birth register continues the bureau's last paper register.
            paper = 1840 if kind == "birth" else 0
            self.opened[(kind, year)] = registers.open_register(
                self.session,
                actor=self.actor,
                commune=self.commune,
                centre=CENTRES[self.country],
                kind=kind,
                year=year,
                paper_last_number=paper,
            )
        return self.opened[(kind, year)]

    def enter(self, when: datetime, kind: str, data: dict[str, Any], *, sign: bool) -> Act:
        with clock_at(when):
            act = acts.enter(
                self.session,
                actor=self.actor,
                commune=self.commune,
                register=self.register(kind, when.year),
                data=data,
            )
            acts.read(self.session, actor=self.actor, act=act, reason="entry")
        if sign:
            with clock_at(when + timedelta(hours=3)):
                for other in duplicates.undecided(self.session, act):
                    duplicates.decide(
                        self.session,
                        actor=self.actor,
                        act=act,
                        candidate=other,
                        decision="distinct",
                    )
                acts.act(
                    self.session, actor=self.actor, act=act, action="sign", permissions=OFFICER
                )
        return act

    def mention(self, when: datetime, act: Act, decision: str | None, **data: Any) -> None:
        with clock_at(when):
            mention = mentions.request(
                self.session, actor=self.actor, commune=self.commune, act=act, data=data
            )
        if decision:
            with clock_at(when + timedelta(days=1)):
                mentions.decide(
                    self.session,
                    actor=self.actor,
                    mention=mention,
                    action=decision,
                    permissions=OFFICER,
                )


def _birth(
    names: dict[str, Any], rng: random.Random, when: datetime, country: str
) -> dict[str, Any]:
    born = when.date() - timedelta(days=rng.randint(1, 20))
    data = _person(names, rng, rng.choice("FM"))
    return {
        **data,
        "event_date": born,
        "event_time": time(rng.randint(0, 23), rng.choice((0, 15, 30, 45))),
        "place": PLACES[country],
        "declarant_name": data["father_name"],
    }


def load_demo(session: Session, commune: Commune, actor: str, year: DemoYear) -> None:
    """A year of the commune's civil-status bureau, in every state an act and mention take."""
    country = commune.country_profile
    if profile(country).front_office_only:
        load_forwarded_requests(session, commune, actor, year)
        return
    if country not in NAMES:
        return
    rng = year.random(commune, "civil_status")
    names = NAMES[country]
    bureau = Bureau(session, commune, actor)
    span = (year.end - year.start).days
    days = sorted(rng.sample(range(1, span - 6), min(BIRTHS, span - 7)))
    births = [
        bureau.enter(
            year.start + timedelta(days=d, hours=9),
            "birth",
            _birth(names, rng, year.start + timedelta(days=d), country),
            sign=True,
        )
        for d in days
    ]
    _death(bureau, names, rng, year, country)
    _deaths_and_marriages(bureau, names, rng, year, country)
    _late_and_unsigned(bureau, names, rng, year)
    _mentions(bureau, births, year, country)
    _extracts(bureau, births[:2], year)
    load_requests(session, commune, actor, year, births)
    _scan(bureau, births[4], year)


def _late_and_unsigned(
    bureau: Bureau, names: dict[str, Any], rng: random.Random, year: DemoYear
) -> None:
    """A birth declared late on judgment, a draft, its possible duplicate, a discarded one."""
    when = year.end - timedelta(days=4)
    late = _birth(names, rng, when, bureau.country)
    late["event_date"] = when.date() - timedelta(days=75)
    late["judgment_reference"] = "Jugement n° 118/2026, tribunal de première instance"
    bureau.enter(when, "birth", late, sign=True)
    waiting = _birth(names, rng, year.end - timedelta(days=2), bureau.country)
    bureau.enter(year.end - timedelta(days=2), "birth", waiting, sign=False)
    twin = {**waiting, "given_name_lat": waiting["given_name_lat"] + "e"}
    bureau.enter(year.end - timedelta(days=1), "birth", twin, sign=False)
    discarded = bureau.enter(
        year.end - timedelta(days=3),
        "birth",
        _birth(names, rng, year.end - timedelta(days=3), bureau.country),
        sign=False,
    )
    with clock_at(year.end - timedelta(days=3, hours=-2)):
        acts.act(
            bureau.session, actor=bureau.actor, act=discarded, action="discard", permissions=OFFICER
        )


def _death(
    bureau: Bureau, names: dict[str, Any], rng: random.Random, year: DemoYear, country: str
) -> None:
    when = year.end - timedelta(days=5)
    person = _person(names, rng, "M")
    del person["father_name"], person["mother_name"]
    bureau.enter(
        when,
        "death",
        {
            **person,
            "event_date": when.date() - timedelta(days=2),
            "place": PLACES[country],
            "birth_date": when.date() - timedelta(days=71 * 365),
            "declarant_name": person["given_name_lat"] + " fils",
        },
        sign=True,
    )


def _mentions(bureau: Bureau, births: list[Act], year: DemoYear, country: str) -> None:
    """An approved correction and marriage, a rejected correction, one still requested."""
    when = year.end - timedelta(days=3)
    marriage_basis = "marriage_contract" if country == "MA" else "marriage_act"
    bureau.mention(
        when,
        births[0],
        "approve",
        kind="correction",
        basis="prosecutor_decision",
        legal_reference="Décision du procureur n° 31/2026",
        text="Rectification d'une erreur matérielle dans le prénom.",
        corrections={"given_name_lat": f"{births[0].given_name_lat}a"},
    )
    bureau.mention(
        when,
        births[1],
        "approve",
        kind="marriage",
        basis=marriage_basis,
        legal_reference="Acte n° 212, page 41",
        text="Mariage contracté avec le conjoint désigné à l'acte.",
    )
    bureau.mention(
        when,
        births[2],
        "reject",
        kind="correction",
        basis="judgment",
        legal_reference="Jugement n° 77/2026",
        corrections={"place": "Domicile"},
    )
    bureau.mention(
        year.end - timedelta(days=2),
        births[3],
        None,
        kind="correction",
        basis="judgment",
        legal_reference="Jugement n° 90/2026",
        corrections={"family_name_lat": f"{births[3].family_name_lat}i"},
    )


def _extracts(bureau: Bureau, births: list[Act], year: DemoYear) -> None:
    """Extracts asked at the counter of the two acts with an approved mention, in the
    commune's first language."""
    when = year.end - timedelta(days=1)
    for act in births:
        with clock_at(when):
            extracts.issue(
                bureau.session,
                year.registry,
                actor=bureau.actor,
                commune=bureau.commune,
                act=act,
                lang=bureau.commune.default_locale,
                permissions=OFFICER,
            )


def _deaths_and_marriages(
    bureau: Bureau, names: dict[str, Any], rng: random.Random, year: DemoYear, country: str
) -> None:
    """Deaths of every age through the year (and marriages where the law draws them up as
    acts), so the monthly vital statistics have several months to show."""
    span = (year.end - year.start).days
    for day in sorted(rng.sample(range(3, span - 8), min(DEATHS, span - 11))):
        when = year.start + timedelta(days=day, hours=10)
        person = _person(names, rng, rng.choice("FM"))
        del person["father_name"], person["mother_name"]
        age_days = rng.choice((200, 3 * 365, 30 * 365, 52 * 365, 68 * 365, 81 * 365, 90 * 365))
        bureau.enter(
            when,
            "death",
            {
                **person,
                "event_date": when.date() - timedelta(days=rng.randint(0, 3)),
                "place": rng.choice((PLACES[country], DEATH_PLACES[country])),
                "birth_date": when.date() - timedelta(days=age_days),
                "declarant_name": rng.choice(names["M"])[1] + " " + person["family_name_lat"],
            },
            sign=True,
        )
    if "marriage" not in profile(country).act_kinds:
        return
    for day in sorted(rng.sample(range(5, span - 8), min(MARRIAGES, span - 13))):
        when = year.start + timedelta(days=day, hours=11)
        groom = _person(names, rng, "M")
        bride = _person(names, rng, "F")
        bureau.enter(
            when,
            "marriage",
            {
                "given_name_lat": groom["given_name_lat"],
                "family_name_lat": groom["family_name_lat"],
                "sex": "M",
                "spouse_name": f"{bride['given_name_lat']} {bride['family_name_lat']}",
                "event_date": when.date(),
                "place": "Mairie",
                "witnesses": f"{groom['father_name']}, {bride['father_name']}",
            },
            sign=True,
        )


def _paper_page(act: Act) -> bytes:
    """A grey page with ruled lines and the act's Latin name: a scanned register page."""
    page = Image.new("L", (620, 880), 236)
    pen = ImageDraw.Draw(page)
    for y in range(90, 860, 38):
        pen.line((40, y, 580, y), fill=170, width=1)
    pen.text((48, 40), f"{act.given_name_lat} {act.family_name_lat}", fill=40)
    out = io.BytesIO()
    page.save(out, "PNG")
    return out.getvalue()


def _scan(bureau: Bureau, act: Act, year: DemoYear) -> None:
    """The scan of the same birth on the last page of the paper register, kept with it."""
    paper = act.register.paper_last_number
    with clock_at(year.end - timedelta(days=2)):
        scans.attach(
            bureau.session,
            actor=bureau.actor,
            act=act,
            paper_number=paper - 3 if paper > 3 else paper,
            data=_paper_page(act),
            store=file_store(year.registry),
        )
