"""Issuing documents and keeping their register: numbers, seal, PDF, audit, revocation.

The seal itself (signers, the revoked list) is :mod:`documents.services`; this module
is what happens around it when a commune issues a paper.

:func:`issue_document` is the one way a document comes into being, from any module: it
checks the data against the type's schema, takes the next number of the commune's
counter, seals the claims, renders the PDF, stores it in the core's file store and
records the row with its audit event in the caller's transaction. The national
documents platform hears of it through this module's feed (:mod:`documents.feeds`), as
sync turns the audit event into an outbox message. Nothing is written when any step
fails.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import colander
from pyramid.registry import Registry
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from documents.interfaces import DocumentType
from documents.models import DocumentCounter, IssuedDocument
from documents.rendering import Sheet, render_pdf
from documents.seal import Claims, document_hash
from documents.services import document_type as find_document_type
from documents.services import seal_document
from documents.workflow import ISSUED, ISSUED_DOCUMENT_WORKFLOW, snapshot
from municipality import audit
from municipality.db import utcnow
from municipality.errors import Forbidden, NotFound, ValidationFailed
from municipality.files import file_store
from municipality.i18n import _
from municipality.lookup import by_public_id
from municipality.models import Commune
from municipality.providers import Kind, providers
from municipality.settings import public_url

ISSUED_ACTION = "documents:document:issued"
REVOKED_ACTION = "documents:document:revoked"
LANGUAGES = frozenset({"ar", "fr", "en"})
PDF = "application/pdf"
SECRET_SETTING = "baladiya.core.secret"  # noqa: S105 - a setting's name


def app_secret(registry: Registry) -> str:
    """The application secret, under which the commune's signer keys are stored."""
    return str(registry.settings.get(SECRET_SETTING) or "")


def verify_url(registry: Registry) -> str:
    """Where anyone checks a document: printed on it and sent to the national platform."""
    return public_url(registry.settings) + "/verify"


def document_types(registry: Registry) -> dict[str, DocumentType]:
    """Every document type the application's modules offer, by code."""
    return {
        offered.provider.code: offered.provider
        for offered in providers(registry, Kind.DOCUMENT_TYPE)
    }


def document_type(registry: Registry, code: str) -> DocumentType:
    """The type called ``code``; :class:`NotFound` when no module offers it."""
    found = find_document_type(registry, code)
    if found is None:
        raise NotFound(_("This kind of document is not issued here."))
    return found


def schema_of(doc_type: DocumentType) -> colander.Schema:
    """A fresh schema of the type's data; a type without one is not issued here."""
    if doc_type.schema is None:
        raise NotFound(_("This kind of document is not issued here."))
    return doc_type.schema()


def validated(doc_type: DocumentType, data: Mapping[str, Any]) -> dict[str, Any]:
    """The data as the type's schema reads it; :class:`ValidationFailed` names each field."""
    if not isinstance(data, Mapping):
        raise ValidationFailed(_("The document's data is not valid."), {"data": "an object"})
    try:
        return dict(schema_of(doc_type).deserialize(dict(data)))
    except colander.Invalid as invalid:
        raise ValidationFailed(_("The document's data is not valid."), invalid.asdict()) from None


def serialised(doc_type: DocumentType, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values as the schema writes them (text), left-out optional fields dropped:
    what is stored, signed and sent, the same whichever channel issued it."""
    present = {k: v for k, v in values.items() if v is not None}
    written = schema_of(doc_type).serialize({**dict.fromkeys(values, colander.null), **present})
    return {k: v for k, v in written.items() if v not in (colander.null, "")}


def next_number(session: Session, commune: Commune, type_code: str, year: int) -> str:
    """The next number of ``type_code`` in ``commune`` for ``year``: ``RES-2026-000123``.

    The counter row is locked until the transaction ends, so two issues never share a
    number, and one that rolls back gives its number back.
    """
    stmt = (
        select(DocumentCounter)
        .where(
            DocumentCounter.commune_id == commune.id,
            DocumentCounter.type_code == type_code,
            DocumentCounter.year == year,
        )
        .with_for_update()
    )
    counter = session.execute(stmt).scalar_one_or_none()
    if counter is None:
        counter = DocumentCounter(commune_id=commune.id, type_code=type_code, year=year, last=0)
        session.add(counter)
    counter.last += 1
    session.flush()
    return f"{type_code}-{year}-{counter.last:06d}"


def _claims(
    doc_type: DocumentType,
    *,
    commune: Commune,
    number: str,
    written: Mapping[str, Any],
    issued_on: date,
    expires_on: date | None,
) -> Claims:
    """The seal's claims: the type's chosen fields as the schema writes them (text)."""
    fields = {
        key: str(written[name]) for key, name in doc_type.seal_sources.items() if name in written
    }
    return Claims(
        type_code=doc_type.code,
        number=number,
        commune=commune.slug,
        issued=issued_on,
        expires=expires_on,
        fields=fields,
    )


def issue_document(
    session: Session,
    registry: Registry,
    *,
    actor: str,
    commune: Commune,
    type_code: str,
    data: Mapping[str, Any],
    lang: str,
    permissions: frozenset[str],
) -> IssuedDocument:
    """Issue one document of ``type_code`` for ``commune``; audited, sealed, stored.

    ``permissions`` are the actor's in the commune: they must hold the type's issuing
    permission. ``data`` is what the type's schema deserialises (form or JSON values).
    """
    doc_type = document_type(registry, type_code)
    if doc_type.permission not in permissions:
        raise Forbidden(_("You may not issue this kind of document."))
    if lang not in LANGUAGES:
        raise ValidationFailed(_("The document's data is not valid."), {"language": "ar, fr, en"})
    values = validated(doc_type, data)
    now = utcnow()
    issued_on = now.date()
    expires_on = (
        issued_on + timedelta(days=doc_type.validity_days) if doc_type.validity_days else None
    )
    written = serialised(doc_type, values)
    number = next_number(session, commune, doc_type.code, issued_on.year)
    claims = _claims(
        doc_type,
        commune=commune,
        number=number,
        written=written,
        issued_on=issued_on,
        expires_on=expires_on,
    )
    seal = seal_document(session, commune, claims, app_secret=app_secret(registry))
    sheet = Sheet(
        commune=commune,
        title=doc_type.title,
        number=number,
        fields=doc_type.printed,
        body=doc_type.body,
        template=doc_type.template,
        data=values,
        language=lang,
        issued_on=issued_on,
        expires_on=expires_on,
        seal=seal,
        verify_url=verify_url(registry),
        figure=doc_type.figure(written) if doc_type.figure else None,
        figure_title=doc_type.figure_title,
    )
    stored = file_store(registry).put(session, render_pdf(sheet), PDF)
    document = IssuedDocument(
        commune_id=commune.id,
        type_code=doc_type.code,
        number=number,
        language=lang,
        holder_name=str(values.get(doc_type.holder_field) or "")[:200],
        data=written,
        seal=seal,
        document_hash=document_hash(seal),
        pdf_sha256=stored.sha256,
        state=ISSUED,
        issued_at=now,
        expires_on=expires_on,
        issued_by=actor,
    )
    audit.write(
        session,
        document,
        actor=actor,
        action=ISSUED_ACTION,
        object_type="document",
        changes=audit.diff({}, snapshot(document)),
    )
    return document


def get(session: Session, public_id: str | uuid.UUID) -> IssuedDocument:
    """A document of the session's commune (the tenant scope hides every other)."""
    return by_public_id(session, IssuedDocument, public_id, _("This document does not exist here."))


def pdf_of(session: Session, registry: Registry, document: IssuedDocument) -> bytes:
    """The PDF as it was issued, checked against its key by the file store."""
    return file_store(registry).read(session, document.pdf_sha256)


def revoke(
    session: Session,
    *,
    actor: str,
    document: IssuedDocument,
    reason: str,
    permissions: frozenset[str],
) -> IssuedDocument:
    """Revoke ``document`` for ``reason``: every check refuses it from now on; audited."""
    ISSUED_DOCUMENT_WORKFLOW.run(
        session,
        document,
        "revoke",
        actor=actor,
        permissions=permissions,
        data={"reason": " ".join(reason.split()), "actor": actor},
    )
    return document


@dataclass(frozen=True)
class Filters:
    """What the register is narrowed to; every part is optional."""

    text: str = ""
    type_code: str | None = None
    state: str | None = None
    issued_from: date | None = None
    issued_to: date | None = None


def is_expired(document: IssuedDocument, today: date) -> bool:
    """Past its validity (a revoked document stays revoked, whatever its date)."""
    return document.expires_on is not None and document.expires_on < today


def register_query(
    filters: Filters, today: date, zone: tzinfo = UTC
) -> Select[tuple[IssuedDocument]]:
    """The commune's issued documents, newest first, narrowed by ``filters``.

    ``state`` is ``issued`` (valid), ``expired`` or ``revoked``, as the register shows them;
    the issue dates are days in the commune's time ``zone``.
    """
    stmt = select(IssuedDocument)
    if filters.text:
        pattern = f"%{filters.text}%"
        stmt = stmt.where(
            or_(IssuedDocument.number.ilike(pattern), IssuedDocument.holder_name.ilike(pattern))
        )
    if filters.type_code:
        stmt = stmt.where(IssuedDocument.type_code == filters.type_code)
    if filters.state == "revoked":
        stmt = stmt.where(IssuedDocument.state == "revoked")
    elif filters.state == "expired":
        stmt = stmt.where(IssuedDocument.state == ISSUED, IssuedDocument.expires_on < today)
    elif filters.state == ISSUED:
        stmt = stmt.where(
            IssuedDocument.state == ISSUED,
            or_(IssuedDocument.expires_on.is_(None), IssuedDocument.expires_on >= today),
        )
    if filters.issued_from:
        stmt = stmt.where(IssuedDocument.issued_at >= _start_of(filters.issued_from, zone))
    if filters.issued_to:
        next_day = filters.issued_to + timedelta(days=1)
        stmt = stmt.where(IssuedDocument.issued_at < _start_of(next_day, zone))
    return stmt.order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc())


def _start_of(day: date, zone: tzinfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)


def issued_count(session: Session) -> int:
    """How many documents the session's commune has issued."""
    return session.execute(select(func.count()).select_from(IssuedDocument)).scalar_one()
