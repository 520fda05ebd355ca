"""Telling the reporter: a message through the outbox for each change of their complaint.

A reporter who left an e-mail address or a phone number is told, in the commune's first
language; the reporters of duplicates merged into the complaint are told too.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from complaints.models import Complaint
from complaints.services.duplicates import merged_into
from municipality import outbox
from municipality.i18n import _, localizer_for
from municipality.messaging import DESTINATION
from municipality.models import Commune

STATUS_TEXT = {
    "received": _("Your complaint was received. Keep its tracking code: ${code}."),
    "acknowledged": _("Your complaint ${code} was acknowledged by the commune."),
    "assigned": _("Your complaint ${code} was passed to the department in charge."),
    "in_progress": _("Work on your complaint ${code} has started."),
    "resolved": _("Your complaint ${code} is resolved."),
    "closed": _("Your complaint ${code} is closed."),
    "rejected": _("Your complaint ${code} was rejected: ${reason}"),
    "reopened": _("Your complaint ${code} was reopened."),
    "replied": _("The commune answered your complaint ${code}: ${reason}"),
}


def notify(
    session: Session,
    commune: Commune,
    *,
    complaint: Complaint,
    outcome: str,
    key: str,
    text: str | None = None,
) -> None:
    """Queue a message to the reporter, in the commune's first language, if they can be reached.

    The reporters of complaints merged into this one are told too, each under their own
    tracking code, and an address reached once is not written to twice.
    """
    reporters = [complaint]
    if outcome != "received":  # a complaint just filed has nothing merged into it yet
        reporters += merged_into(session, complaint)
    localizer = localizer_for(commune.default_locale)
    message = STATUS_TEXT[outcome]
    reached: set[tuple[str, str]] = set()
    for reporter in reporters:
        recipients = [
            ("email", reporter.reporter_email),
            ("sms", reporter.reporter_phone),
        ]
        mapping = {
            "code": reporter.tracking_code,
            "reason": text or complaint.rejection_reason or "",
        }
        body = localizer.translate(_(str(message), mapping=mapping))
        subject = localizer.translate(
            _("Complaint ${code}", mapping={"code": reporter.tracking_code})
        )
        suffix = "" if reporter is complaint else f":{reporter.public_id}"
        for channel, to in recipients:
            if not to or (channel, to) in reached:
                continue
            reached.add((channel, to))
            outbox.enqueue(
                session,
                destination=DESTINATION,
                payload={"channel": channel, "to": to, "subject": subject, "body": body},
                idempotency_key=f"complaints:{key}:{channel}{suffix}",
                commune_id=commune.id,
            )
