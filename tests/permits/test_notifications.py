"""The applicant's e-mails are written in their language: the one their account names,
else the one they filed in, else the commune's first; each state has its sentence."""

from __future__ import annotations

from sqlalchemy import select

from municipality.db import set_commune_scope
from municipality.models import Commune, OutboxMessage
from permits.services import files
from tests import factories

APPLICANT = "salma@sale.test"


def _messages(session) -> list[dict]:
    return [
        m.payload
        for m in session.execute(
            select(OutboxMessage)
            .where(OutboxMessage.destination == "messaging")
            .order_by(OutboxMessage.id)
        ).scalars()
    ]


def _filed(session, site, *, language: str | None = None, steps=("submit", "accept")):
    set_commune_scope(session, site.commune_id)
    commune = session.get(Commune, site.commune_id)
    made = files.create_draft(
        session,
        commune,
        actor=APPLICANT,
        data=factories.permit_data(parcels=[site.parcel]),
        language=language,
    )
    factories.complete_checklist(session, made)
    factories.advance_permit(session, made, *steps)
    return made


def test_an_applicant_whose_account_speaks_arabic_gets_arabic(db, site):
    with db() as session:
        factories.user(session, email=APPLICANT, locale="ar")
        made = _filed(session, site, language="fr")
        filed, accepted = _messages(session)
    assert filed["to"] == APPLICANT
    assert filed["subject"] == f"ملف الرخصة {made.code}"
    assert filed["body"] == f"تم إيداع ملفكم {made.code} (رخصة البناء). تتحقق الجماعة من اكتماله."
    assert accepted["body"].startswith(f"تم قبول ملفكم {made.code} (رخصة البناء) للدراسة.")
    assert made.due_on.isoformat() in accepted["body"]


def test_without_an_account_the_language_filed_in_counts(db, site):
    with db() as session:
        made = _filed(session, site, language="ar")
        filed, _accepted = _messages(session)
    assert filed["body"].startswith(f"تم إيداع ملفكم {made.code}")


def test_without_either_the_communes_first_language_counts(db, site):
    with db() as session:
        made = _filed(session, site)
        filed, _accepted = _messages(session)
    assert filed["body"] == (
        f"Votre dossier {made.code} (Permis de construire) est déposé. "
        "La commune vérifie qu'il est complet."
    )


def test_a_refusal_and_a_returned_file_say_why(db, site):
    with db() as session:
        made = _filed(session, site, language="fr")
        factories.advance_permit(
            session, made, "request_opinions", "give_opinions", "to_commission"
        )
        factories.advance_permit(session, made, "refuse", reasons="Hauteur supérieure à 12 m")
        other = _filed(session, site, language="en", steps=("submit",))
        factories.advance_permit(session, other, "return", missing=["Signed site plan"])
        bodies = [m["body"] for m in _messages(session)]
    assert bodies[-1] == (
        f"Your file {other.code} (Building permit) is incomplete. What is missing: "
        "Signed site plan. Complete it and submit it again."
    )
    assert (
        f"Votre dossier {made.code} (Permis de construire) est refusé, pour les motifs "
        "suivants : Hauteur supérieure à 12 m"
    ) in bodies


def test_refusing_the_occupancy_certificate_keeps_the_permits_decision(db, site):
    with db() as session:
        made = _filed(session, site, language="fr")
        factories.advance_permit(
            session,
            made,
            "request_opinions",
            "give_opinions",
            "to_commission",
            "approve",
            "pay_fee",
            "issue",
            "open_works",
            "complete_works",
        )
        factories.advance_permit(session, made, "refuse_occupancy", reasons="Garage non conforme")
        assert (made.state, made.decision) == ("occupancy_refused", "approved")
        last = _messages(session)[-1]
    assert last["body"] == (
        f"Le permis d'habiter du dossier {made.code} est refusé, pour les motifs suivants : "
        "Garage non conforme"
    )
