"""Drafting and filing: the applicant's file before the commune takes it in hand.

A draft holds the site (parcels of the cadastre, or a drawn polygon), the project's
figures and the checklist's PDFs. The GIS check runs against the plan in force on the
day it is asked: as a warning on the draft's page, and again on submission, when its
findings are stored on the file with the plan's reference.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

import shapely
from pyramid.i18n import TranslationString
from pyramid.registry import Registry
from sqlalchemy import select
from sqlalchemy.orm import Session

from gis import interfaces as gis
from municipality import audit
from municipality.errors import Conflict, NotFound, ValidationFailed
from municipality.files import file_store
from municipality.files.references import FileReference
from municipality.i18n import _
from municipality.lookup import by_public_id
from municipality.models import Commune
from municipality.uploads import accept_pdf
from permits.models import FileDocument, PermitFile
from permits.profiles import profile
from permits.services import rules

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_PDF_BYTES = 10 * 1_048_576
ROLES = ("owner", "architect")
# The domain of the application's catalogue, where the GIS check's messages are.
DOMAIN = "baladiya"
FIGURES = ("use", "footprint_m2", "floor_area_m2", "height_m", "floors", "units", "parking")
EDITABLE = frozenset({"draft", "incomplete"})


def snapshot(file: PermitFile) -> dict[str, Any]:
    """What the audit trail compares before and after a change of a file."""
    return {
        "state": file.state,
        "kind": file.kind,
        "circuit": file.circuit,
        "applicant_name": file.applicant_name,
        "applicant_role": file.applicant_role,
        "owner_name": file.owner_name,
        "address": file.address,
        "parcels": list(file.parcels or []),
        "site": file.site,
        **{name: getattr(file, name) for name in FIGURES},
        "check_outcome": file.check_outcome,
        "missing": list(file.missing or []),
        "due_on": file.due_on,
        "decision": file.decision,
        "reasons": file.reasons,
        "fee": file.fee,
        "fee_paid_at": file.fee_paid_at,
        "number": file.number,
        "document_id": file.document_id,
    }


def new_code() -> str:
    """A follow-up code: eight letters and digits that cannot be confused when read out."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def get(session: Session, public_id: str) -> PermitFile:
    return by_public_id(session, PermitFile, public_id, _("This permit file does not exist."))


def by_code(session: Session, code: str) -> PermitFile | None:
    """The file a code names in the session's commune (codes are case-insensitive)."""
    wanted = code.strip().upper()
    if not wanted:
        return None
    return session.execute(select(PermitFile).where(PermitFile.code == wanted)).scalar_one_or_none()


def _apply(commune: Commune, file: PermitFile, data: dict[str, Any]) -> None:
    """Copy the form's fields on the file, then derive its circuit and fee."""
    country = profile(commune.country_profile)
    country.kind(data["kind"])
    if data["applicant_role"] not in ROLES:
        raise ValidationFailed(_("Say whether you are the owner or the architect."), {})
    for name in ("kind", "applicant_name", "applicant_role", "owner_name", "address"):
        setattr(file, name, data[name])
    if file.applicant_role == "owner":
        file.owner_name = file.applicant_name
    elif not file.owner_name.strip():
        raise ValidationFailed(
            _("An architect files for an owner: give the owner's name."), {"owner_name": "required"}
        )
    file.parcels = [p.strip() for p in data.get("parcels") or [] if p.strip()]
    file.site = (data.get("site") or "").strip() or None
    for name in FIGURES:
        setattr(file, name, data[name])
    file.circuit = rules.circuit_of(country, file)
    file.fee = rules.fee_of(country, file)


def create_draft(
    session: Session,
    commune: Commune,
    *,
    actor: str,
    data: dict[str, Any],
    applicant_email: str | None = None,
    language: str | None = None,
) -> PermitFile:
    """A new draft with its follow-up code, audited.

    A person drafts for themself (``actor`` is their e-mail); a client application names
    the applicant's ``applicant_email``, where their notifications go. ``language`` is the
    one the applicant filed in.
    """
    file = PermitFile(
        commune_id=commune.id,
        code=new_code(),
        state="draft",
        filed_by=actor,
        applicant_email=applicant_email or actor,
        language=language,
    )
    _apply(commune, file, data)
    audit.write(
        session,
        file,
        actor=actor,
        action="permits:file:drafted",
        object_type="permit_file",
        changes=audit.diff({}, snapshot(file)),
    )
    return file


def update_draft(
    session: Session, commune: Commune, file: PermitFile, *, actor: str, data: dict[str, Any]
) -> PermitFile:
    """Change a draft (or a file returned as incomplete); refused once it is filed."""
    if file.state not in EDITABLE:
        raise Conflict(_("This file was filed: it can no longer be changed."))
    with audit.tracked(
        session,
        file,
        actor=actor,
        action="permits:file:edited",
        object_type="permit_file",
        values=snapshot,
    ):
        _apply(commune, file, data)
    return file


def attach(
    session: Session,
    registry: Registry,
    file: PermitFile,
    *,
    actor: str,
    item: str,
    filename: str,
    content: bytes,
) -> FileDocument:
    """Store one checklist PDF (replacing the one of the same item), audited."""
    if file.state not in EDITABLE:
        raise Conflict(_("This file was filed: it can no longer be changed."))
    commune = session.get(Commune, file.commune_id)
    assert commune is not None
    if item not in profile(commune.country_profile).kind(file.kind).checklist:
        raise ValidationFailed(_("This document is not on the checklist."), {"item": item})
    accept_pdf(content, max_bytes=MAX_PDF_BYTES, field="upload")
    stored = file_store(registry).put(session, content, "application/pdf")
    for old in [d for d in file.documents if d.item == item]:
        file.documents.remove(old)
    document = FileDocument(
        commune_id=file.commune_id,
        file=file,
        item=item,
        filename=(filename or "document.pdf")[-200:],
        stored_key=stored.sha256,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    audit.write(
        session,
        document,
        actor=actor,
        action="permits:document:attached",
        object_type="permit_document",
        changes={"item": [None, item], "file": [None, str(file.public_id)]},
    )
    return document


@dataclass(frozen=True)
class Check:
    """The GIS check of a file on one day: its outcome and findings, or why none ran."""

    outcome: str | None
    plan: str | None
    site_area_m2: float | None
    findings: list[gis.Finding]
    problem: Any = None


def site_of(session: Session, commune: Commune, file: PermitFile) -> Any:
    """The file's site in the commune's projected CRS: its parcels and the drawn polygon
    together (the map lets the applicant give both)."""
    parts = []
    if file.parcels:
        parts.append(gis.site_from_parcels(session, list(file.parcels)))
    if file.site:
        parts.append(gis.site_from_text(commune, file.site))
    if not parts:
        raise ValidationFailed(_("Pick parcels or draw the site."), {"parcels": "required"})
    return shapely.union_all(parts)


def run_check(session: Session, commune: Commune, file: PermitFile, on_date: date) -> Check:
    """The findings of the plan in force on ``on_date`` for the file's site and figures;
    a file without figures (a demolition) or a commune without a plan gets no finding,
    with the reason."""
    if not profile(commune.country_profile).kind(file.kind).figures:
        return Check(None, None, None, [], _("This kind of file is not checked against the plan."))
    project = gis.Project(
        use=file.use,
        footprint_m2=float(file.footprint_m2),
        floor_area_m2=float(file.floor_area_m2),
        height_m=float(file.height_m),
        floors=int(file.floors),
    )
    site = site_of(session, commune, file)
    try:
        result = gis.check(session, commune=commune, site=site, project=project, on_date=on_date)
    except NotFound:
        # The one thing the engine refuses with NotFound once the site is known: no plan.
        return Check(None, None, None, [], _("No zoning plan is in force on this date."))
    return Check(result.outcome, result.plan.reference, result.site_area_m2, result.findings)


def finding_record(finding: gis.Finding) -> dict[str, Any]:
    """A finding as the file keeps it: its figures, and its message as a message id with
    its values, so each reader gets it in their language."""
    message = finding.message
    return {
        **finding.to_json(),
        "msgid": str(message),
        "mapping": {k: str(v) for k, v in (message.mapping or {}).items()},
    }


def finding_text(translate: Any, finding: dict[str, Any]) -> str:
    """A stored finding's message in the reader's language, its values too (a use's
    name); figures and codes have no translation and stay as they are."""
    mapping = {
        key: translate(TranslationString(str(value), domain=DOMAIN))
        for key, value in (finding.get("mapping") or {}).items()
    }
    return str(translate(TranslationString(finding["msgid"], domain=DOMAIN, mapping=mapping)))


def store_check(session: Session, commune: Commune, file: PermitFile, on_date: date) -> Check:
    """Run the check and keep its findings on the file (on submission)."""
    result = run_check(session, commune, file, on_date)
    file.findings = [finding_record(f) for f in result.findings]
    file.check_outcome = result.outcome
    file.plan_reference = result.plan
    file.checked_on = on_date
    if result.site_area_m2 is not None:
        file.site_area_m2 = result.site_area_m2
        file.fee = rules.fee_of(profile(commune.country_profile), file)
    return result


FILES = FileReference("permit_documents", ("stored_key",))
