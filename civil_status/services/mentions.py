"""Marginal mentions: what happened to the act's subject since (marriage, divorce, death)
and corrections, each with its legal basis, requested by the agent and approved by
the officer. The act itself never changes: an approved correction overlays its reading,
and the previous one stays visible (:func:`civil_status.services.acts.reading`).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from civil_status.models import Act, Mention
from civil_status.services.acts import reading
from civil_status.services.registers import bureau_profile
from civil_status.workflow import MENTION_WORKFLOW, mention_snapshot
from municipality import audit
from municipality.errors import InvalidTransition, ValidationFailed
from municipality.i18n import _
from municipality.lookup import by_public_id
from municipality.models import AuditEvent, Commune

LONGEST_TEXT = 2000


def _corrections(act: Act, fields: tuple[str, ...], asked: dict[str, Any]) -> dict[str, Any]:
    """``{field: [as it reads now, as corrected]}`` for each field the correction changes."""
    unknown = sorted(set(asked) - set(fields))
    if unknown:
        raise ValidationFailed(
            _("Unknown fields for this act: ${fields}.", mapping={"fields": ", ".join(unknown)})
        )
    now = {r.field: r.value for r in reading(act)}
    changed = {f: [now.get(f), v] for f, v in asked.items() if now.get(f) != v}
    if not changed:
        raise ValidationFailed(_("A correction must change at least one field."))
    return changed


def request(
    session: Session, *, actor: str, commune: Commune, act: Act, data: dict[str, Any]
) -> Mention:
    """Ask for a marginal mention on a signed act, with its legal basis; audited."""
    profile = bureau_profile(commune)
    if act.state != "signed":
        raise InvalidTransition(_("Only a signed act takes marginal mentions."))
    kind = profile.mention_kinds.get(data.get("kind", ""))
    if kind is None:
        raise ValidationFailed(_("Choose a kind of mention."), {"kind": _("Unknown.")})
    if data.get("basis") not in kind.basis:
        raise ValidationFailed(
            _("This mention needs one of its legal bases."), {"basis": _("Not accepted.")}
        )
    reference = str(data.get("legal_reference") or "").strip()
    text = str(data.get("text") or "").strip()
    if not reference or len(reference) > 200 or len(text) > LONGEST_TEXT:
        raise ValidationFailed(
            _("Give the reference of the decision or act it rests on."),
            {"legal_reference": _("Required.")},
        )
    asked = data.get("corrections") or {}
    if (kind.amendment == "correction") != bool(asked):
        raise ValidationFailed(_("Only a correction changes fields, and it must change one."))
    fields = profile.act_kind(act.kind).fields
    mention = Mention(
        commune_id=act.commune_id,
        act=act,
        kind=data["kind"],
        basis=data["basis"],
        legal_reference=reference,
        text=text,
        corrections=_corrections(act, fields, asked) if asked else {},
        state=MENTION_WORKFLOW.initial,
        requested_by=actor,
    )
    audit.write(
        session,
        mention,
        actor=actor,
        action="civil_status:mention:requested",
        object_type="civil_status_mention",
        changes=audit.diff({}, mention_snapshot(mention)),
    )
    return mention


def get(session: Session, public_id: str | uuid.UUID) -> Mention:
    return by_public_id(session, Mention, public_id, _("This mention does not exist here."))


def decide(
    session: Session, *, actor: str, mention: Mention, action: str, permissions: frozenset[str]
) -> AuditEvent:
    """Approve or reject a requested mention, as the workflow allows; audited."""
    return MENTION_WORKFLOW.run(
        session, mention, action, actor=actor, permissions=permissions, data={"actor": actor}
    )
