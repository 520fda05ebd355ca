"""The civil status module's side of the national civil-status platform.

Out: a signed act becomes ``civil_status_act.registered``, an approved marginal
mention ``civil_status_act.amended``, a month's vital statistics reported by the
officer ``civil_status_statistics.reported``, and a front-office commune's copy request
forwarded to the national registry ``civil_status_request.forwarded``.

In: the platform sets no status on an act; on a forwarded request it answers ``ready``
or ``refused`` (:func:`civil_status.services.forwarding.apply_answer`).
``sync`` drives this through :class:`municipality.feeds.NationalFeed` and never imports
civil status.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from civil_status.models import Act, Mention
from civil_status.profiles import profile
from civil_status.services import acts, forwarding, mentions, requests, statistics
from municipality.feeds import FeedMessage, Outcome
from municipality.models import AuditEvent, Commune

SIGNED = "civil_status:act:signed"
APPROVED = "civil_status:mention:approved"


def act_number(act: Act) -> str:
    """The legal number as the platform reads it: number within its register-year."""
    return f"{act.number}/{act.register.year}"


def registered_payload(act: Act) -> dict[str, Any]:
    subject = {
        "family_name": act.family_name_lat or act.family_name_ar,
        "given_name": act.given_name_lat or act.given_name_ar,
        "sex": act.sex,
    }
    if act.kind == "birth":
        subject["birth_date"] = act.event_date.isoformat()
    elif act.details.get("birth_date"):
        subject["birth_date"] = str(act.details["birth_date"])
    return {
        "local_id": str(act.public_id),
        "act_number": act_number(act),
        "register_year": act.register.year,
        "act_kind": act.kind,
        "event_date": act.event_date.isoformat(),
        "hijri_date": act.hijri_date,
        "registered_at": act.signed_at,
        "subject": {k: v for k, v in subject.items() if v is not None},
    }


def amended_payload(mention: Mention, country: str, event: AuditEvent) -> dict[str, Any]:
    act = mention.act
    kind = profile(country).mention_kinds[mention.kind]
    return {
        "local_id": str(act.public_id),
        "act_number": act_number(act),
        "amendment_kind": kind.amendment,
        "legal_reference": mention.legal_reference,
        "amended_at": event.occurred_at,
    }


class CivilStatusFeed:
    """The :class:`municipality.feeds.NationalFeed` of the national civil-status platform."""

    audit_prefix = "civil_status:"

    def message_for(self, session: Session, event: AuditEvent) -> FeedMessage | None:
        """``registered`` when an act is signed, ``amended`` when a mention is approved."""
        if event.action == SIGNED:
            act = acts.get(session, event.object_id)
            return FeedMessage(
                "civil_status_act", str(act.public_id), "registered", registered_payload(act)
            )
        if event.action == statistics.REPORT_ACTION:
            commune = session.get(Commune, event.commune_id)
            assert commune is not None
            month = event.object_id
            payload = statistics.report_payload(session, commune, month)
            return FeedMessage(statistics.REPORT_OBJECT, month, "reported", payload)
        if event.action == APPROVED:
            mention = mentions.get(session, event.object_id)
            commune = session.get(Commune, event.commune_id)
            assert commune is not None
            return FeedMessage(
                "civil_status_act",
                str(mention.act.public_id),
                "amended",
                amended_payload(mention, commune.country_profile, event),
            )
        if event.action == forwarding.FORWARDED_ACTION:
            request = requests.get(session, event.object_id)
            return FeedMessage(
                forwarding.OBJECT_TYPE,
                str(request.public_id),
                "forwarded",
                forwarding.forwarded_payload(request, event.occurred_at),
            )
        return None

    def apply_status(
        self,
        session: Session,
        commune: Commune,
        *,
        actor: str,
        local_id: str,
        status: str,
        notes: str,
    ) -> Outcome:
        """The registry's answer to a forwarded request; it sets no status on an act."""
        return forwarding.apply_answer(
            session, commune, actor=actor, local_id=local_id, status=status, notes=notes
        )


FEED = CivilStatusFeed()
