"""Handling a filed file: its moves along the workflow, the bodies' opinions, the fee
coming in, the sealed permit and occupancy certificate, inspections with their photos,
and the tacit-approval watch the daily job runs.

Each function takes the session, the commune and the actor, and leaves its audit event
in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pyramid.registry import Registry
from sqlalchemy import select
from sqlalchemy.orm import Session

from documents import issuance
from gis import interfaces as gis
from municipality import audit
from municipality.db import utcnow
from municipality.errors import Conflict, NotFound, ValidationFailed
from municipality.files import file_store
from municipality.i18n import _, localizer_for
from municipality.images import CleanImage
from municipality.lookup import by_public_id
from municipality.models import AuditEvent, Commune
from permits.documents import CODE as PERMIT_CODE
from permits.documents import OCCUPANCY_CODE
from permits.models import Inspection, Opinion, PermitFile
from permits.permissions import Perm
from permits.profiles import profile
from permits.schemas import DECISIONS, KINDS, USE_TITLES
from permits.services import inspections, rules
from permits.services.files import site_of, snapshot
from permits.workflow import FILE_WORKFLOW, OPINION_WORKFLOW

# The job acts under this name, with only the permission the tacit move needs.
SYSTEM_ACTOR = "system:permits"
INSPECTION_OUTCOMES = ("compliant", "remarks", "infraction")


def act(
    session: Session,
    file: PermitFile,
    action: str,
    *,
    actor: str,
    permissions: frozenset[str],
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Move ``file`` along ``action`` of the workflow (see :mod:`permits.workflow`)."""
    return FILE_WORKFLOW.run(
        session,
        file,
        action,
        actor=actor,
        permissions=permissions,
        data={**(data or {}), "actor": actor},
    )


def site_map(session: Session, commune: Commune, file: PermitFile) -> str | None:
    """The site and the parcels around it, as the permit keeps them to draw its map;
    ``None`` for a file without a site (nothing to draw)."""
    try:
        site = site_of(session, commune, file)
    except (ValidationFailed, NotFound):
        return None
    return gis.site_map_data(session, commune, site).to_json()


def permit_data(session: Session, commune: Commune, file: PermitFile) -> dict[str, Any]:
    """What the permit prints: French in the Latin columns, Arabic beside where it exists,
    and the site map drawn below."""
    french, arabic = localizer_for("fr").translate, localizer_for("ar").translate
    return {
        "file_code": file.code,
        "kind": french(KINDS[file.kind]),
        "kind_ar": arabic(KINDS[file.kind]),
        "full_name": file.owner_name,
        "applicant": file.applicant_name,
        "address": file.address or "-",
        "parcels": ", ".join(file.parcels or []) or "-",
        "use": french(USE_TITLES.get(file.use, file.use)),
        "floor_area": f"{file.floor_area_m2:g}",
        "floors": str(file.floors),
        "decision": french(DECISIONS[file.decision or "approved"]),
        "conditions": file.reasons or None,
        "commune": commune.name("fr"),
        "commune_ar": commune.name("ar"),
        "site_map": site_map(session, commune, file),
    }


def occupancy_data(commune: Commune, file: PermitFile) -> dict[str, Any]:
    """What the occupancy certificate prints: the permit's number, the building and the
    day its works were completed, in French with Arabic beside where it exists."""
    french, arabic = localizer_for("fr").translate, localizer_for("ar").translate
    use = USE_TITLES.get(file.use, file.use)
    return {
        "file_code": file.code,
        "permit_number": file.number or "-",
        "kind": french(KINDS[file.kind]),
        "kind_ar": arabic(KINDS[file.kind]),
        "full_name": file.owner_name,
        "address": file.address or "-",
        "parcels": ", ".join(file.parcels or []) or "-",
        "use": french(use),
        "use_ar": arabic(use),
        "floor_area": f"{file.floor_area_m2:g}",
        "works_completed": file.works_completed_on.isoformat() if file.works_completed_on else "-",
        "commune": commune.name("fr"),
        "commune_ar": commune.name("ar"),
    }


def _issue_and_move(
    session: Session,
    registry: Registry,
    file: PermitFile,
    action: str,
    type_code: str,
    *,
    actor: str,
    permissions: frozenset[str],
    lang: str,
) -> str:
    """Seal the document of ``type_code`` for ``file`` and move it along ``action``.

    The workflow is asked first, so nothing is sealed for a file that may not move.
    """
    FILE_WORKFLOW.check(file, action, permissions)
    commune = session.get(Commune, file.commune_id)
    assert commune is not None
    printed = (
        permit_data(session, commune, file)
        if type_code == PERMIT_CODE
        else occupancy_data(commune, file)
    )
    data = {k: v for k, v in printed.items() if v is not None}
    document = issuance.issue_document(
        session,
        registry,
        actor=actor,
        commune=commune,
        type_code=type_code,
        data=data,
        lang=lang,
        permissions=permissions,
    )
    act(session, file, action, actor=actor, permissions=permissions, data={"document": document})
    return str(document.number)


def issue_permit(
    session: Session,
    registry: Registry,
    file: PermitFile,
    *,
    actor: str,
    permissions: frozenset[str],
    lang: str,
) -> str:
    """Issue the signed permit (its fee paid), move the file to ``issued``; its number."""
    return _issue_and_move(
        session,
        registry,
        file,
        "issue",
        PERMIT_CODE,
        actor=actor,
        permissions=permissions,
        lang=lang,
    )


def grant_occupancy(
    session: Session,
    registry: Registry,
    file: PermitFile,
    *,
    actor: str,
    permissions: frozenset[str],
    lang: str,
) -> str:
    """Issue the signed occupancy certificate of completed works, move the file to
    ``occupancy_granted``; the certificate's number."""
    return _issue_and_move(
        session,
        registry,
        file,
        "grant_occupancy",
        OCCUPANCY_CODE,
        actor=actor,
        permissions=permissions,
        lang=lang,
    )


def get_opinion(session: Session, public_id: str) -> Opinion:
    return by_public_id(session, Opinion, public_id, _("This opinion does not exist."))


def give_opinion(
    session: Session,
    opinion: Opinion,
    *,
    actor: str,
    permissions: frozenset[str],
    verdict: str,
    remarks: str,
) -> AuditEvent:
    """A consulted body's opinion; only while the file is under review."""
    if opinion.file.state != "under_review":
        raise Conflict(_("This file no longer waits for opinions."))
    return OPINION_WORKFLOW.run(
        session,
        opinion,
        "give",
        actor=actor,
        permissions=permissions,
        data={"verdict": verdict, "remarks": remarks, "actor": actor},
    )


def fee_settled(session: Session, file: PermitFile, *, receipt: str) -> None:
    """The fee is paid (payments heard it from the provider or the till)."""
    if file.fee_paid_at is not None:
        return
    with audit.tracked(
        session,
        file,
        actor="system:payments",
        action="permits:file:fee_paid",
        object_type="permit_file",
        values=snapshot,
    ):
        file.fee_paid_at = utcnow()


def schedule_inspection(session: Session, file: PermitFile, *, actor: str, on: date) -> Inspection:
    """Plan a visit of works in progress."""
    if file.state != "works_opened":
        raise Conflict(_("Inspections are scheduled while works are open."))
    inspection = Inspection(commune_id=file.commune_id, file=file, scheduled_on=on)
    audit.write(
        session,
        inspection,
        actor=actor,
        action="permits:inspection:scheduled",
        object_type="permit_inspection",
        changes={"scheduled_on": [None, on]},
    )
    return inspection


def get_inspection(session: Session, public_id: str) -> Inspection:
    return by_public_id(session, Inspection, public_id, _("This inspection does not exist."))


def record_inspection(
    session: Session,
    inspection: Inspection,
    *,
    actor: str,
    outcome: str,
    findings: str,
    photos: Sequence[CleanImage] = (),
    registry: Registry | None = None,
) -> Inspection:
    """What the inspector saw on site, with the photos taken (already through the core's
    image check); ``registry`` gives the file store the photos go to."""
    if outcome not in INSPECTION_OUTCOMES:
        raise ValidationFailed(_("Choose the inspection's outcome."), {"outcome": outcome})
    if inspection.outcome is not None:
        raise Conflict(_("This inspection was already recorded."))
    with audit.tracked(
        session,
        inspection,
        actor=actor,
        action="permits:inspection:recorded",
        object_type="permit_inspection",
        values=lambda i: {
            "outcome": i.outcome,
            "findings": i.findings,
            "photos": [p.sha256 for p in i.photos],
        },
    ):
        inspection.outcome = outcome
        inspection.findings = findings.strip()
        inspection.inspector = actor
        if photos:
            assert registry is not None, "photos need the registry's file store"
            inspections.attach_photos(session, file_store(registry), inspection, photos)
    return inspection


@dataclass(frozen=True)
class TacitWatch:
    """What the daily watch did: files warned of coming tacit approval, files approved."""

    warned: list[str]
    approved: list[str]


def running_files(session: Session) -> list[PermitFile]:
    return list(
        session.execute(
            select(PermitFile).where(PermitFile.state.in_(sorted(rules.RUNNING)))
        ).scalars()
    )


def watch_tacit(session: Session, commune: Commune, today: date) -> TacitWatch:
    """Flag the files whose silence will soon count as approval (once each, audited),
    and approve those whose deadline has passed, as the law says."""
    country = profile(commune.country_profile)
    warned, approved = [], []
    for file in running_files(session):
        if rules.tacit_reached(country, file, today):
            act(
                session,
                file,
                "tacit_approve",
                actor=SYSTEM_ACTOR,
                permissions=frozenset({Perm.INSTRUCT}),
            )
            approved.append(file.code)
        elif rules.tacit_pending(country, file, today) and file.tacit_warned_on is None:
            with audit.tracked(
                session,
                file,
                actor=SYSTEM_ACTOR,
                action="permits:file:tacit_warned",
                object_type="permit_file",
                values=lambda f: {"tacit_warned_on": f.tacit_warned_on},
            ):
                file.tacit_warned_on = today
            warned.append(file.code)
    return TacitWatch(warned, approved)
