"""Birth extracts: a signed act as it reads now, issued as a sealed document at the counter.

The stamp duty is paid at the counter before the agent issues, so issuing records it as
paid there and asks no payment. The documents module numbers, seals, renders and audits
the document; the act's own history records that an extract of it left the bureau.
"""

from __future__ import annotations

from typing import Any

from pyramid.registry import Registry
from sqlalchemy.orm import Session

from civil_status.documents import CODE
from civil_status.models import Act
from civil_status.schemas import MENTION_KINDS
from civil_status.services.acts import approved, reading
from documents import issuance
from documents import services as documents
from documents.services import IssuedDocument
from municipality import audit
from municipality.errors import Conflict
from municipality.i18n import _, localizer_for
from municipality.models import Commune

ISSUED_ACTION = "civil_status:act:extract_issued"
PAID_AT_COUNTER = "counter"


def _name(value: Any, *parts: Any) -> str | None:
    return " ".join(str(p) for p in (value, *parts) if p) or None


def _mentions(act: Act, locale: str) -> str:
    """The act's approved mentions, one short line each, in ``locale``'s words."""
    translate = localizer_for(locale).translate
    lines = [
        f"{translate(MENTION_KINDS.get(m.kind, m.kind))} ({m.decided_at:%d/%m/%Y})"
        if m.decided_at
        else translate(MENTION_KINDS.get(m.kind, m.kind))
        for m in approved(act)
    ]
    return "; ".join(lines) or translate(_("None"))


def extract_data(act: Act, commune: Commune) -> dict[str, Any]:
    """The extract's data: the act's fields after its approved corrections."""
    now = {r.field: r.value for r in reading(act)}
    return {
        "act": str(act.public_id),
        "full_name": _name(now.get("given_name_lat"), now.get("family_name_lat"))
        or _name(now.get("given_name_ar"), now.get("family_name_ar")),
        "full_name_ar": _name(now.get("given_name_ar"), now.get("family_name_ar")),
        "sex": now.get("sex"),
        "date_of_birth": act.event_date.isoformat(),
        "hijri_date": act.hijri_date,
        "place_of_birth": now.get("place"),
        "father_name": now.get("father_name"),
        "mother_name": now.get("mother_name"),
        "act_number": f"{act.number}/{act.register.year}",
        "centre": act.register.centre,
        "commune": commune.name("fr"),
        "commune_ar": commune.name("ar"),
        "mentions": _mentions(act, "fr"),
        "mentions_ar": _mentions(act, "ar"),
    }


def issue(
    session: Session,
    registry: Registry,
    *,
    actor: str,
    commune: Commune,
    act: Act,
    lang: str,
    permissions: frozenset[str],
) -> IssuedDocument:
    """Issue an extract of the signed birth ``act``; a draft has no extract."""
    if act.state != "signed" or act.kind != "birth":
        raise Conflict(_("Only a signed birth act has an extract."))
    data = {k: v for k, v in extract_data(act, commune).items() if v is not None}
    document = issuance.issue_document(
        session,
        registry,
        actor=actor,
        commune=commune,
        type_code=CODE,
        data=data,
        lang=lang,
        permissions=permissions,
    )
    audit.record(
        session,
        commune_id=act.commune_id,
        actor=actor,
        action=ISSUED_ACTION,
        object_type="civil_status_act",
        object_id=str(act.public_id),
        changes={"document": document.number, "fee": PAID_AT_COUNTER},
    )
    return document


def extracts_of(session: Session, act: Act) -> list[IssuedDocument]:
    """The extracts issued from ``act``, newest first."""
    return documents.issued_with(session, CODE, "act", str(act.public_id))
