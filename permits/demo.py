"""Demo permit files on the commune's demo parcels, moved through the services at their
own dates: a file in every state of the workflow, from a draft to an occupancy
certificate, with opinions, commission members' votes (on a file before the commission
and on a decided one, whose sitting's minutes keep the tally), paid fees, sealed
permits, an inspection with a photo taken on site, a sealed occupancy certificate, a
refusal, a file returned as incomplete, a tacit approval and a file whose deadline is
near (flagged by the tacit-approval watch).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from io import BytesIO
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy.orm import Session

from gis import interfaces as gis
from municipality.db import clock_at
from municipality.demo import DemoYear, staff_email
from municipality.errors import NotFound
from municipality.images import CleanImage, accept_image
from municipality.models import Commune
from permits import clock
from permits.models import PermitFile
from permits.permissions import Perm
from permits.profiles import profile
from permits.services import commission, files, handling

STAFF = frozenset(Perm)
REVIEW = ("accept", "request_opinions", "give_opinions", "to_commission")
ISSUED = (*REVIEW, "approve", "pay_fee", "issue")
# How the commission's members vote on a file before its sitting: (role, choice, reasons).
VOTES = (
    ("commission_member", "approve_with_conditions", "Prévoir un accès pompiers de 4 m"),
    ("commune_admin", "approve", ""),
)
# Applicants and owners, by country: (applicant, their role, owner, e-mail).
APPLICANTS = {
    "MA": (
        ("Amina Benali", "owner", "Amina Benali", "amina.benali@example.org"),
        ("Nadia Alaoui", "architect", "Karim Bennani", "n.alaoui@archi-sale.example"),
        ("Youssef Tazi", "architect", "Société Al Omrane Salé", "y.tazi@atelier-tazi.example"),
        ("Khadija Ouazzani", "owner", "Khadija Ouazzani", "k.ouazzani@example.org"),
    ),
    "ML": (
        ("Moussa Traoré", "owner", "Moussa Traoré", "moussa.traore@example.org"),
        ("Aïssata Coulibaly", "architect", "Seydou Keïta", "a.coulibaly@cabinet-ba.example"),
        ("Oumar Diarra", "owner", "Oumar Diarra", "o.diarra@example.org"),
    ),
}
DRAWN_INSET_M = 3.0
STREETS = {
    "MA": ("Rue Ibn Khaldoun, Hay Salam", "Avenue Mohammed V, Bettana", "Rue Al Massira"),
    "ML": ("Rue 314, Badialan", "Avenue de l'Indépendance", "Rue 287, Bamako-Coura"),
}


@dataclass(frozen=True)
class Scenario:
    """One demo file: its figures, the steps it went through, and when it was drafted
    (days before the end of the demo year)."""

    kind: str
    steps: tuple[str, ...]
    working_days_ago: int
    figures: dict[str, Any] = field(default_factory=dict)
    reasons: str = ""
    # The applicant drew the outline of the part of the parcel they build on, on the
    # form's map, instead of giving its reference.
    drawn: bool = False


HOUSE = {
    "use": "housing",
    "footprint_m2": 120.0,
    "floor_area_m2": 240.0,
    "height_m": 7.5,
    "floors": 2,
    "units": 1,
    "parking": 1,
}
BLOCK = {
    "use": "housing",
    "footprint_m2": 300.0,
    "floor_area_m2": 1200.0,
    "height_m": 13.0,
    "floors": 4,
    "units": 8,
    "parking": 8,
}
SHOP = {
    "use": "retail",
    "footprint_m2": 180.0,
    "floor_area_m2": 180.0,
    "height_m": 4.5,
    "floors": 1,
    "units": 2,
    "parking": 2,
}

SCENARIOS = {
    "MA": (
        Scenario("building", (), 3, HOUSE),
        Scenario("building", ("submit",), 4, BLOCK),
        Scenario(
            "repair",
            ("submit", "return"),
            14,
            {**HOUSE, "floor_area_m2": 60.0},
            "Titre foncier illisible",
        ),
        Scenario("building", ("submit", "accept"), 12, HOUSE),
        Scenario("housing_group", ("submit", "accept", "request_opinions"), 9, BLOCK),
        Scenario("building", ("submit", *REVIEW, "vote"), 11, SHOP),
        Scenario("building", (*("submit", *REVIEW), "vote", "approve"), 28, HOUSE),
        Scenario(
            "building",
            (*("submit", *REVIEW), "refuse"),
            50,
            {**BLOCK, "height_m": 30.0, "floors": 9},
            "Hauteur supérieure à celle du plan d'aménagement",
        ),
        Scenario("demolition", ("submit", *ISSUED), 64, {**HOUSE, "floor_area_m2": 90.0}),
        Scenario("building", ("submit", *ISSUED), 105, SHOP, drawn=True),
        Scenario("building", ("submit", *ISSUED, "open_works", "inspect"), 155, HOUSE),
        Scenario("building", ("submit", *ISSUED, "open_works", "complete_works"), 210, HOUSE),
        Scenario(
            "building",
            ("submit", *ISSUED, "open_works", "complete_works", "grant_occupancy"),
            235,
            BLOCK,
        ),
        Scenario("building", ("submit", "accept", "tacit"), 42, HOUSE),
    ),
    "ML": (
        Scenario("building", (), 3, HOUSE),
        Scenario("building", ("submit",), 6, HOUSE),
        Scenario("building", ("submit", "return"), 21, HOUSE, "Plan de situation manquant"),
        Scenario("building", ("submit", "accept", "request_opinions"), 14, BLOCK),
        Scenario("building", ("submit", *REVIEW, "vote"), 32, SHOP),
        Scenario(
            "building",
            (*("submit", *REVIEW), "refuse"),
            85,
            BLOCK,
            "Avis défavorable des services de l'urbanisme",
        ),
        Scenario("building", ("submit", *ISSUED), 112, HOUSE),
        Scenario("building", ("submit", *ISSUED, "open_works", "inspect"), 175, SHOP),
        Scenario(
            "building",
            ("submit", *ISSUED, "open_works", "complete_works", "grant_occupancy"),
            230,
            HOUSE,
        ),
    ),
}


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 30), tzinfo=UTC)


def _parcels(session: Session, count: int) -> list[str]:
    """The demo cadastre's references the commune has, in order (``T100000``...)."""
    found: list[str] = []
    index = 0
    while len(found) < count and index < count * 4:
        reference = f"T{100000 + 7 * index + 3}"
        try:
            gis.parcels_by_reference(session, [reference])
        except NotFound:
            index += 1
            continue
        found.append(reference)
        index += 1
    return found


def _drawn_within(session: Session, commune: Commune, parcel: str) -> str | None:
    """An outline drawn inside the parcel, a few metres in from its edges, as the form's
    map keeps it (GeoJSON in longitude/latitude)."""
    (found,) = gis.parcels_by_reference(session, [parcel])
    inside = found.geom.buffer(-DRAWN_INSET_M, join_style="mitre")
    return gis.polygon_text(gis.Site((), gis.to_wgs84(inside, commune.projected_crs)))


def _draft(
    session: Session, commune: Commune, scenario: Scenario, n: int, parcel: str
) -> PermitFile:
    people = APPLICANTS[commune.country_profile]
    name, role, owner, email = people[n % len(people)]
    streets = STREETS[commune.country_profile]
    data = {
        "kind": scenario.kind,
        "applicant_name": name,
        "applicant_role": role,
        "owner_name": owner,
        "address": f"{10 + n} {streets[n % len(streets)]}",
        "parcels": [] if scenario.drawn else [parcel],
        "site": _drawn_within(session, commune, parcel) if scenario.drawn else None,
        **HOUSE,
        **scenario.figures,
    }
    return files.create_draft(session, commune, actor=email, data=data)


def _attach_checklist(session: Session, year: DemoYear, commune: Commune, file: PermitFile) -> None:
    for item in profile(commune.country_profile).kind(file.kind).checklist:
        content = (
            b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n"
            + f"% {file.code} {item}\n".encode()
            + b"%%EOF\n"
        )
        files.attach(
            session,
            year.registry,
            file,
            actor=file.applicant_email,
            item=item,
            filename=f"{item}.pdf",
            content=content,
        )


def site_photo() -> CleanImage:
    """A photo of works on site, drawn here (sky, a building of two floors, the ground)
    and passed through the core's image check like any upload."""
    image = Image.new("RGB", (640, 480), (150, 190, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 360, 640, 480), fill=(170, 140, 100))
    draw.rectangle((180, 150, 460, 360), fill=(225, 215, 195), outline=(90, 80, 70), width=4)
    for left in (210, 300, 390):
        draw.rectangle((left, 190, left + 40, 240), fill=(70, 90, 120))
        draw.rectangle((left, 280, left + 40, 330), fill=(70, 90, 120))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return accept_image(buffer.getvalue())


def _after_deadline(file: PermitFile) -> date:
    """The day after an accepted file's legal deadline."""
    assert file.due_on is not None, file.code
    return file.due_on + timedelta(days=1)


def _step(
    session: Session,
    year: DemoYear,
    commune: Commune,
    file: PermitFile,
    step: str,
    *,
    scenario: Scenario,
    day: date,
) -> None:
    """One step of a scenario, by whom it is done in a commune."""
    planner = staff_email("urban_planner", commune.slug)
    if step == "give_opinions":
        for n, opinion in enumerate(file.opinions):
            verdict = "conditions" if n == 1 else "favourable"
            handling.give_opinion(
                session,
                opinion,
                actor=staff_email("consulted_body", commune.slug),
                permissions=STAFF,
                verdict=verdict,
                remarks="Prévoir un accès pompiers de 4 m" if verdict == "conditions" else "",
            )
    elif step == "pay_fee":
        handling.fee_settled(session, file, receipt=f"DEMO-{file.code}")
    elif step == "issue":
        handling.issue_permit(
            session,
            year.registry,
            file,
            actor=staff_email("commune_admin", commune.slug),
            permissions=STAFF,
            lang=commune.default_locale,
        )
    elif step == "grant_occupancy":
        handling.grant_occupancy(
            session,
            year.registry,
            file,
            actor=staff_email("commune_admin", commune.slug),
            permissions=STAFF,
            lang=commune.default_locale,
        )
    elif step == "vote":
        for role, choice, reasons in VOTES:
            commission.cast_vote(
                session,
                file,
                member=staff_email(role, commune.slug),
                permissions=STAFF,
                choice=choice,
                reasons=reasons,
            )
    elif step == "inspect":
        inspection = handling.schedule_inspection(session, file, actor=planner, on=day)
        handling.record_inspection(
            session,
            inspection,
            actor=planner,
            outcome="compliant",
            findings="Implantation conforme au plan de masse.",
            photos=[site_photo()],
            registry=year.registry,
        )
    elif step == "tacit":
        handling.watch_tacit(session, commune, _after_deadline(file))
    elif step in ("submit", "open_works", "complete_works"):
        handling.act(session, file, step, actor=file.applicant_email, permissions=STAFF)
    else:
        decides = step in ("approve", "refuse", "approve_with_conditions")
        actor = staff_email("commission_member", commune.slug) if decides else planner
        handling.act(
            session,
            file,
            step,
            actor=actor,
            permissions=STAFF,
            data={"reasons": scenario.reasons, "missing": [scenario.reasons]},
        )


def _offset(scenario: Scenario, span: int) -> int:
    """How many working days back the scenario starts: as written when the demo year
    holds them all, squeezed in proportion into a shorter demo."""
    longest = max(s.working_days_ago for scenarios in SCENARIOS.values() for s in scenarios)
    if longest <= span:
        return scenario.working_days_ago
    return max(1, scenario.working_days_ago * span // longest)


def load_demo(session: Session, commune: Commune, actor: str, year: DemoYear) -> list[PermitFile]:
    """The commune's demo files, each moved along its steps a few working days apart;
    then the tacit-approval watch runs on the last day of the year."""
    country = profile(commune.country_profile)
    scenarios = SCENARIOS[commune.country_profile]
    parcels = _parcels(session, len(scenarios))
    span = clock.working_days_between(country, year.start.date(), year.end.date()) - 1
    made = []
    for n, (scenario, parcel) in enumerate(zip(scenarios, parcels, strict=False)):
        day = clock.add_working_days(country, year.end.date(), -_offset(scenario, span))
        with clock_at(_at(day)):
            file = _draft(session, commune, scenario, n, parcel)
            _attach_checklist(session, year, commune, file)
        for step in scenario.steps:
            day = day if step == "tacit" else clock.add_working_days(country, day, 2)
            moment = _at(_after_deadline(file)) if step == "tacit" else _at(day)
            if moment > year.end and step == "tacit":
                break  # a short demo ends before the deadline: the file still waits
            with clock_at(min(moment, year.end)):
                _step(session, year, commune, file, step, scenario=scenario, day=day)
        made.append(file)
    with clock_at(year.end):
        handling.watch_tacit(session, commune, year.end.date())
    return made
