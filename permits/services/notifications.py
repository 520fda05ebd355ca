"""Telling the applicant: an e-mail through the outbox at each move of their file, written
in their language.

The language is the one their account names, else the one they filed in, else the
commune's first; each state has its own sentence (no sentence is pieced together), and
the codes in it (kind, decision) are translated too.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from municipality import accounts, outbox
from municipality.i18n import _, localizer_for
from municipality.messaging import DESTINATION
from municipality.models import Commune
from municipality.templating import DATE_FORMAT
from permits.models import PermitFile
from permits.schemas import KINDS

LANGUAGES = ("fr", "ar", "en")

STATUS_TEXT = {
    "submitted": _(
        "Your file ${code} (${kind}) was filed. The commune checks that it is complete."
    ),
    "incomplete": _(
        "Your file ${code} (${kind}) is incomplete. What is missing: ${missing}. "
        "Complete it and submit it again."
    ),
    "accepted": _(
        "Your file ${code} (${kind}) was accepted for review. The commune must decide by ${due}."
    ),
    "under_review": _(
        "Your file ${code} (${kind}) was sent to the consulted bodies for their opinion."
    ),
    "commission": _("Your file ${code} (${kind}) is on the agenda of the permits commission."),
    "approved": _("Your file ${code} (${kind}) was approved."),
    "approved_with_conditions": _(
        "Your file ${code} (${kind}) was approved with conditions: ${reasons}"
    ),
    "tacit": _(
        "No decision was taken on your file ${code} (${kind}) within the legal deadline: "
        "it is approved tacitly."
    ),
    "refused": _("Your file ${code} (${kind}) was refused, for these reasons: ${reasons}"),
    "issued": _("Your permit ${number} (file ${code}) is issued. Works may start."),
    "works_opened": _("The opening of works under file ${code} is recorded."),
    "works_completed": _("The completion of works under file ${code} is recorded."),
    "occupancy_granted": _("The occupancy certificate of file ${code} is issued."),
    "occupancy_refused": _(
        "The occupancy certificate of file ${code} was refused, for these reasons: ${reasons}"
    ),
}


def language_of(session: Session, commune: Commune, file: PermitFile) -> str:
    """The applicant's language: their account's choice, else the file's, else the commune's."""
    account = accounts.find_user(session, file.applicant_email)
    for candidate in (account.locale if account else None, file.language):
        if candidate in LANGUAGES:
            return candidate
    return commune.default_locale


def _text_key(file: PermitFile) -> str:
    """Which sentence tells the file's state: an approval says how it was approved."""
    if file.state == "approved" and file.decision in ("approved_with_conditions", "tacit"):
        return str(file.decision)
    return file.state


def message(file: PermitFile, language: str) -> dict[str, str]:
    """The subject and body of the e-mail telling the file's state, in ``language``."""
    translate = localizer_for(language).translate
    mapping: dict[str, Any] = {
        "code": file.code,
        "kind": translate(KINDS.get(file.kind, file.kind)),
        "missing": "; ".join(file.missing or []),
        "due": file.due_on.strftime(DATE_FORMAT) if file.due_on else "",
        "reasons": file.reasons,
        "number": file.number or "",
    }
    text = STATUS_TEXT[_text_key(file)]
    return {
        "subject": translate(_("Permit file ${code}", mapping={"code": file.code})),
        "body": translate(_(str(text), mapping=mapping)),
    }


def notify(session: Session, commune: Commune, file: PermitFile) -> None:
    """Queue the e-mail telling the applicant their file's new state, if there is one."""
    if _text_key(file) not in STATUS_TEXT:
        return
    outbox.enqueue(
        session,
        destination=DESTINATION,
        payload={
            "channel": "email",
            "to": file.applicant_email,
            **message(file, language_of(session, commune, file)),
        },
        # A file may pass through a state twice (filed again after being returned).
        idempotency_key=f"permits:{file.public_id}:{file.state}:{uuid.uuid4()}",
        commune_id=commune.id,
    )
