"""Demo copy requests, one or more in every state, made through the services at their dates:
online and at the counter, from the diaspora and through a consulate, with the fees paid
at the counter (the demo's online payments are the payments module's own).

A front-office commune's requests go to the national registry instead: one forwarded,
one the registry made ready, one it refused, one waiting for the agent's check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from civil_status.models import Act, CopyRequest
from civil_status.services import forwarding, requests
from civil_status.services.extracts import PAID_AT_COUNTER
from municipality.db import clock_at, set_commune_scope
from municipality.demo import DemoYear
from municipality.models import Commune

AGENT = requests.SYSTEM
ABROAD = {
    "MA": ("14 rue des Lilas, 75011 Paris", "FR"),
    "ML": ("7 avenue Louise, 1050 Bruxelles", "BE"),
}


class Counter:
    """The bureau's requests during the demo: each made, then moved, at its own time."""

    def __init__(self, session: Session, commune: Commune, actor: str, year: DemoYear) -> None:
        self.session, self.commune, self.actor, self.year = session, commune, actor, year

    def ask(self, when: datetime, act: Act, channel: str, **data: Any) -> CopyRequest:
        """A request for ``act`` by its number, as its subject's family asks for it."""
        fields = {
            "copy_type": "extract",
            "requester_name": act.father_name or act.mother_name or "Demandeur",
            "id_document_type": "passport" if channel in requests.ABROAD else "national_id",
            "id_document_number": f"AB{act.number or 0:06d}",
            "relation": "parent",
            "email": f"{(act.given_name_lat or 'famille').lower()}@example.org",
            "language": self.commune.default_locale,
            "act_number": act.number,
            "act_year": act.register.year,
            **data,
        }
        with clock_at(when):
            return requests.submit(
                self.session,
                self.year.registry,
                actor=self.actor,
                commune=self.commune,
                channel=channel,
                data=fields,
            )

    def then(self, when: datetime, request: CopyRequest, action: str, **data: Any) -> None:
        with clock_at(when):
            requests.move(
                self.session,
                self.year.registry,
                request,
                action,
                actor=self.actor,
                permissions=AGENT,
                data=data,
            )

    def paid(self, when: datetime, request: CopyRequest) -> None:
        """Paid at the counter's till; the copy is sealed at once."""
        with clock_at(when):
            requests.settle(
                self.session, self.year.registry, code=request.code, receipt=PAID_AT_COUNTER
            )


# Front-office requests: who asks, for whose act, named by number or by names.
FORWARDED = (
    {"requester_name": "Mariem Mint Ahmed", "relation": "self", "act_number": 412},
    {"requester_name": "Sidi Ould Cheikh", "relation": "parent", "act_number": 977},
    {
        "requester_name": "Aminetou Mint Sidi",
        "relation": "self",
        "subject_name": "Aminetou Mint Sidi",
        "birth_date": date(1994, 3, 8),
    },
    {"requester_name": "Brahim Ould Salem", "relation": "guardian", "act_number": 1503},
)


def load_requests(
    session: Session, commune: Commune, actor: str, year: DemoYear, births: list[Act]
) -> None:
    """Requests in every state a copy request takes, over the demo year's last days.

    The session is scoped to the commune, as a request's would be, so the acts the
    requests name are looked up in this commune's registers only.
    """
    set_commune_scope(session, commune.id)
    try:
        _requests(session, commune, actor, year, births)
    finally:
        set_commune_scope(session, None)


def _requests(
    session: Session, commune: Commune, actor: str, year: DemoYear, births: list[Act]
) -> None:
    desk = Counter(session, commune, actor, year)
    day: Callable[[int], datetime] = lambda n: year.end - timedelta(days=n, hours=-10)  # noqa: E731
    address, country = ABROAD.get(commune.country_profile, ABROAD["MA"])
    delivered = desk.ask(day(9), births[4], "online", relation="self", copy_type="full_copy")
    desk.paid(day(9), delivered)
    with clock_at(day(8)):
        requests.collect(session, year.registry, delivered, actor=f"requester:{delivered.code}")
    handed = desk.ask(day(8), births[5], "counter")
    desk.paid(day(8), handed)
    desk.then(day(8), handed, "hand_over")
    posted = desk.ask(
        day(7), births[6], "consulate", delivery="post", postal_address=address, country=country
    )
    desk.paid(day(7), posted)
    desk.then(day(5), posted, "post", tracking_reference="RR204518837MA")
    issued = desk.ask(
        day(4), births[7], "diaspora", delivery="download", country=country, relation="self"
    )
    desk.paid(day(3), issued)
    paid = desk.ask(day(3), births[8], "counter")
    desk.then(day(3), paid, "settle", receipt=PAID_AT_COUNTER)
    desk.ask(day(2), births[9], "online")  # awaiting payment
    desk.ask(day(2), births[10], "diaspora", copy_type="full_copy", relation="guardian")
    desk.ask(day(1), births[11], "online", act_number=9999, act_year=births[11].register.year)
    desk.ask(day(1), births[12], "online", copy_type="full_copy", relation="other")
    lost = desk.ask(day(6), births[13], "counter", act_number=8888)
    desk.then(day(5), lost, "refuse", reason="act_not_found", note="Aucun acte sous ce numéro.")


def load_forwarded_requests(session: Session, commune: Commune, actor: str, year: DemoYear) -> None:
    """A front office's requests: forwarded, made ready and refused by the registry, and one
    whose guardianship papers the agent is still to check."""
    set_commune_scope(session, commune.id)
    try:
        _forwarded(session, commune, actor, year)
    finally:
        set_commune_scope(session, None)


def _forwarded(session: Session, commune: Commune, actor: str, year: DemoYear) -> None:
    day: Callable[[int], datetime] = lambda n: year.end - timedelta(days=n, hours=-10)  # noqa: E731
    made = []
    for n, who in enumerate(FORWARDED):
        fields = {
            "copy_type": "extract",
            "id_document_type": "national_id",
            "id_document_number": f"NNI{4820017 + n:010d}",
            "email": f"demandeur{n}@example.org",
            "language": commune.default_locale,
            "act_year": 2000 + 3 * n if "act_number" in who else None,
            **who,
        }
        with clock_at(day(6 - n)):
            made.append(
                requests.submit(
                    session,
                    year.registry,
                    actor=actor,
                    commune=commune,
                    channel="online" if n % 2 == 0 else "counter",
                    data=fields,
                )
            )
    with clock_at(day(2)):
        forwarding.apply_answer(
            session,
            commune,
            actor=forwarding.REGISTRY_ACTOR,
            local_id=str(made[1].public_id),
            status="ready",
            notes="",
        )
        forwarding.apply_answer(
            session,
            commune,
            actor=forwarding.REGISTRY_ACTOR,
            local_id=str(made[2].public_id),
            status="refused",
            notes="Aucune naissance à ce nom et à cette date au registre national.",
        )
