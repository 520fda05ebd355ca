"""A permit file's life as a table, from draft to occupancy certificate.

The applicant files a draft (the checklist complete); the planner returns it as
incomplete with the list of what is missing, or accepts it, which starts the legal
clock; the consulted bodies give their opinions by their own dates; the commission
approves, approves with conditions or refuses with reasons, and the sitting's minutes
keep the decision with the tally of its members' votes; in a country where silence
grants, a file still undecided after its deadline is approved tacitly. The president
issues the permit once its fee is paid; works are opened, inspected and completed, and
the occupancy certificate is granted (a sealed document, like the permit) or refused.
Every move is audited and tells the applicant; filing and decisions feed the national
platform (:mod:`permits.feeds`).
"""

from __future__ import annotations

from typing import Any

import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from gis import interfaces as gis
from municipality.db import utcnow
from municipality.errors import ValidationFailed
from municipality.i18n import _
from municipality.models import Commune
from municipality.workflow import Transition, Workflow
from permits import clock
from permits.models import Meeting, Opinion, PermitFile, PermitSite
from permits.permissions import Perm
from permits.profiles import profile
from permits.services import commission, notifications, rules
from permits.services.files import site_of, snapshot, store_check

VERDICTS = ("favourable", "conditions", "unfavourable")
DECISIONS = {
    "approve": "approved",
    "approve_with_conditions": "approved_with_conditions",
    "refuse": "refused",
    "tacit_approve": "tacit",
}
CLOCK_STATES = tuple(sorted(rules.RUNNING))


def _commune(file: PermitFile) -> Commune:
    session = object_session(file)
    assert session is not None
    commune = session.get(Commune, file.commune_id)
    assert commune is not None
    return commune


def _today(file: PermitFile) -> Any:
    return utcnow().date()


# --- Requirements ---------------------------------------------------------------------


def _ready_to_file(file: PermitFile, _data: dict[str, Any]) -> str | None:
    """The checklist complete and a site given."""
    if not file.parcels and not file.site:
        return _("Pick parcels or draw the site.")
    missing = rules.missing_documents(profile(_commune(file).country_profile), file)
    if missing:
        return _("Documents missing: ${items}.", mapping={"items": ", ".join(missing)})
    return None


def _lists_missing(_file: PermitFile, data: dict[str, Any]) -> str | None:
    if not [m for m in data.get("missing") or [] if str(m).strip()]:
        return _("Say what is missing.")
    return None


def _opinions_in(file: PermitFile, _data: dict[str, Any]) -> str | None:
    """Every body answered, or its date passed (silence is not a veto)."""
    today = _today(file)
    waiting = [o.body for o in file.opinions if o.state == "requested" and o.due_on >= today]
    if waiting:
        return _("Opinions awaited: ${bodies}.", mapping={"bodies": ", ".join(waiting)})
    return None


def _gives_reasons(_file: PermitFile, data: dict[str, Any]) -> str | None:
    if not str(data.get("reasons") or "").strip():
        return _("Give the reasons (or conditions) of this decision.")
    return None


def _deadline_passed(file: PermitFile, _data: dict[str, Any]) -> str | None:
    if not rules.tacit_reached(profile(_commune(file).country_profile), file, _today(file)):
        return _("The legal deadline has not passed, or silence does not grant here.")
    return None


def _fee_paid(file: PermitFile, _data: dict[str, Any]) -> str | None:
    if file.fee > 0 and file.fee_paid_at is None:
        return _("The fee has not been paid.")
    return None


# --- Effects ------------------------------------------------------------------------------


def _filed(session: Session, file: PermitFile, _t: Transition, _data: dict[str, Any]) -> None:
    file.submitted_at = utcnow()
    file.missing = []
    store_check(session, _commune(file), file, file.submitted_at.date())


def _returned(_s: Session, file: PermitFile, _t: Transition, data: dict[str, Any]) -> None:
    file.missing = [str(m).strip() for m in data["missing"] if str(m).strip()]


def _accepted(_s: Session, file: PermitFile, _t: Transition, _data: dict[str, Any]) -> None:
    today = _today(file)
    file.accepted_on = today
    file.due_on = rules.due_on(profile(_commune(file).country_profile), file, today)


def _opinions_requested(
    _s: Session, file: PermitFile, _t: Transition, _data: dict[str, Any]
) -> None:
    country = profile(_commune(file).country_profile)
    due = rules.opinion_due_on(country, file, _today(file))
    for body in rules.bodies_of(country, file):
        file.opinions.append(Opinion(commune_id=file.commune_id, body=body, due_on=due))


def _on_agenda(session: Session, file: PermitFile, _t: Transition, _data: dict[str, Any]) -> None:
    """The agenda builds itself: the file goes to the next planned sitting, or a new one
    on the next working day."""
    today = _today(file)
    meeting = session.execute(
        select(Meeting)
        .where(Meeting.state == "planned", Meeting.held_on >= today)
        .order_by(Meeting.held_on)
        .limit(1)
    ).scalar_one_or_none()
    if meeting is None:
        held_on = clock.add_working_days(profile(_commune(file).country_profile), today, 1)
        meeting = Meeting(commune_id=file.commune_id, held_on=held_on)
        session.add(meeting)
    file.meeting = meeting


def _decided(_s: Session, file: PermitFile, t: Transition, data: dict[str, Any]) -> None:
    file.decision = DECISIONS[t.action]
    file.reasons = str(data.get("reasons") or "").strip()
    file.decided_at = utcnow()


def _occupancy_refused(_s: Session, file: PermitFile, _t: Transition, data: dict[str, Any]) -> None:
    """The certificate's refusal keeps its reasons; the permit's decision stands."""
    file.reasons = str(data.get("reasons") or "").strip()


def _issued(session: Session, file: PermitFile, _t: Transition, data: dict[str, Any]) -> None:
    """The permit's number and document, issued by :func:`permits.services.handling.
    issue_permit` just before this move, and its site kept for the public register's map."""
    document = data["document"]
    file.number = document.number
    file.document_id = str(document.public_id)
    file.issued_at = utcnow()
    commune = _commune(file)
    site = site_of(session, commune, file)
    session.add(
        PermitSite(
            commune_id=file.commune_id,
            file=file,
            geom=shapely.set_srid(site, gis.srid_of(commune.projected_crs)),
            geom_4326=gis.to_wgs84(site, commune.projected_crs),
        )
    )


def _minuted(session: Session, file: PermitFile, _t: Transition, data: dict[str, Any]) -> None:
    """The sitting's minutes keep the decision with the tally of the members' votes."""
    commission.minute_decision(session, file, actor=str(data.get("actor") or ""))


def _occupancy_granted(_s: Session, file: PermitFile, _t: Transition, data: dict[str, Any]) -> None:
    """The certificate issued by :func:`permits.services.handling.grant_occupancy` just
    before this move; asked for without it, the move is refused rather than left half-done."""
    document = data.get("document")
    if document is None:
        raise ValidationFailed(_("The occupancy certificate is issued from the file's page."))
    file.occupancy_number = document.number
    file.occupancy_document_id = str(document.public_id)


def _works_opened(_s: Session, file: PermitFile, _t: Transition, _data: dict[str, Any]) -> None:
    file.works_opened_on = _today(file)


def _works_completed(_s: Session, file: PermitFile, _t: Transition, _data: dict[str, Any]) -> None:
    file.works_completed_on = _today(file)


def _notify(session: Session, file: PermitFile, _t: Transition, _data: dict[str, Any]) -> None:
    """Tell the applicant where the file stands, in their language (see
    :mod:`permits.services.notifications`)."""
    notifications.notify(session, _commune(file), file)


def _t(
    state: str,
    action: str,
    next_state: str,
    perm: str,
    *,
    requires: Any = None,
    effects: tuple[Any, ...] = (),
) -> Transition:
    """A transition that always tells the applicant."""
    return Transition(
        state, action, next_state, perm, requires=requires, effects=(*effects, _notify)
    )


FILE_WORKFLOW = Workflow(
    "permit file",
    initial="draft",
    transitions=[
        _t("draft", "submit", "submitted", Perm.APPLY, requires=_ready_to_file, effects=(_filed,)),
        _t(
            "incomplete",
            "submit",
            "submitted",
            Perm.APPLY,
            requires=_ready_to_file,
            effects=(_filed,),
        ),
        _t(
            "submitted",
            "return",
            "incomplete",
            Perm.INSTRUCT,
            requires=_lists_missing,
            effects=(_returned,),
        ),
        _t("submitted", "accept", "accepted", Perm.INSTRUCT, effects=(_accepted,)),
        _t(
            "accepted",
            "request_opinions",
            "under_review",
            Perm.INSTRUCT,
            effects=(_opinions_requested,),
        ),
        _t(
            "under_review",
            "to_commission",
            "commission",
            Perm.INSTRUCT,
            requires=_opinions_in,
            effects=(_on_agenda,),
        ),
        _t("commission", "approve", "approved", Perm.DECIDE, effects=(_decided, _minuted)),
        _t(
            "commission",
            "approve_with_conditions",
            "approved",
            Perm.DECIDE,
            requires=_gives_reasons,
            effects=(_decided, _minuted),
        ),
        _t(
            "commission",
            "refuse",
            "refused",
            Perm.DECIDE,
            requires=_gives_reasons,
            effects=(_decided, _minuted),
        ),
        *(
            _t(
                state,
                "tacit_approve",
                "approved",
                Perm.INSTRUCT,
                requires=_deadline_passed,
                effects=(_decided,),
            )
            for state in CLOCK_STATES
        ),
        _t("approved", "issue", "issued", Perm.ISSUE, requires=_fee_paid, effects=(_issued,)),
        _t("issued", "open_works", "works_opened", Perm.APPLY, effects=(_works_opened,)),
        _t(
            "works_opened",
            "complete_works",
            "works_completed",
            Perm.APPLY,
            effects=(_works_completed,),
        ),
        _t(
            "works_completed",
            "grant_occupancy",
            "occupancy_granted",
            Perm.ISSUE,
            effects=(_occupancy_granted,),
        ),
        _t(
            "works_completed",
            "refuse_occupancy",
            "occupancy_refused",
            Perm.ISSUE,
            requires=_gives_reasons,
            effects=(_occupancy_refused,),
        ),
    ],
    audit_prefix="permits:file:",
    object_type="permit_file",
    values=snapshot,
)


def opinion_snapshot(opinion: Opinion) -> dict[str, Any]:
    return {
        "state": opinion.state,
        "verdict": opinion.verdict,
        "remarks": opinion.remarks,
        "given_by": opinion.given_by,
    }


def _valid_verdict(_opinion: Opinion, data: dict[str, Any]) -> str | None:
    if data.get("verdict") not in VERDICTS:
        return _("Choose favourable, favourable with conditions or unfavourable.")
    if data["verdict"] != "favourable" and not str(data.get("remarks") or "").strip():
        return _("Say which conditions or why the opinion is unfavourable.")
    return None


def _opinion_given(_s: Session, opinion: Opinion, _t: Transition, data: dict[str, Any]) -> None:
    opinion.verdict = data["verdict"]
    opinion.remarks = str(data.get("remarks") or "").strip()
    opinion.given_by = data["actor"]
    opinion.given_at = utcnow()


OPINION_WORKFLOW = Workflow(
    "opinion",
    initial="requested",
    transitions=[
        Transition(
            "requested",
            "give",
            "given",
            Perm.GIVE_OPINION,
            requires=_valid_verdict,
            effects=(_opinion_given,),
        ),
    ],
    audit_prefix="permits:opinion:",
    object_type="permit_opinion",
    values=opinion_snapshot,
)
