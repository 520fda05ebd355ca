"""Copy requests: who asks for which copy of which act, whether they may have it, the fee,
and the copy issued once the fee is paid.

A request comes from the counter (an agent), online (a resident with an account), from
abroad through the diaspora form or a consulate. The act is looked up by its number and
year, or by names and date of birth; the requester declares how they relate to the
person on the act, and the profile's entitlement rule decides (a full copy only to the
person, close family, a guardian or someone authorised by a power of attorney). The fee
is the copy's document type's fee item, paid through the payments module, which knows
the request only as a payable object (:mod:`civil_status.payables`).

Where the national registry keeps the acts (the profile's ``front_office_only``), the
commune forwards the request to it instead (:mod:`civil_status.services.forwarding`
hears its answer); the registry's fee is not collected here.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from pyramid.registry import Registry
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from civil_status.copies import BY_COPY_TYPE
from civil_status.models import Act, CopyRequest, Register
from civil_status.permissions import REQUESTER, SETTLE_REQUEST, Perm
from civil_status.profiles import Profile, profile
from civil_status.request_workflow import (
    AWAITING_PAYMENT,
    FORWARDED,
    ISSUED,
    PAID,
    READY,
    REQUEST_WORKFLOW,
    SUBMITTED,
)
from civil_status.services.acts import Search, find
from civil_status.services.extracts import extract_data
from documents import issuance
from documents.interfaces import DocumentType
from documents.services import NoSigner
from municipality import audit, outbox
from municipality.errors import Conflict, NotFound, ValidationFailed
from municipality.files import file_store
from municipality.files.references import FileReference
from municipality.i18n import _, localizer_for
from municipality.lookup import by_public_id
from municipality.messaging import DESTINATION
from municipality.models import Commune

SYSTEM_ACTOR = "system:civil_status"
SYSTEM = frozenset({SETTLE_REQUEST, Perm.ISSUE_EXTRACT, Perm.HANDLE_REQUEST})
COLLECTOR = frozenset({REQUESTER})

CHANNELS = ("counter", "online", "diaspora", "consulate")
ABROAD = frozenset({"diaspora", "consulate"})
# Who the requester is to the person on the act, and the profile's class of each.
RELATIONS = {
    "self": "self",
    "parent": "close_family",
    "child": "close_family",
    "spouse": "close_family",
    "guardian": "guardian",
    "authorised": "authorised",
    "other": "other",
}
# Relations whose proof an agent must see before the request goes on.
CHECKED_BY_AGENT = frozenset({"guardian", "authorised"})
ID_DOCUMENTS = ("national_id", "passport", "consular_card", "residence_permit")
DELIVERIES = ("download", "post")
REFUSALS = ("entitlement", "act_not_found", "identity", "unpaid", "registry")
FORWARD = "forward"
ATTORNEY_MAX_BYTES = 2 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

FILES = FileReference("civil_copy_requests", ("attorney_sha256",))

STATUS_TEXT = {
    SUBMITTED: _("Your request ${code} was received. Keep this code to follow it."),
    AWAITING_PAYMENT: _("Your request ${code} is accepted: the fee is now to be paid."),
    PAID: _("The fee of your request ${code} is paid."),
    ISSUED: _("The copy requested under ${code} is issued."),
    "delivered": _("The copy requested under ${code} was delivered."),
    "posted": _("The copy requested under ${code} was posted: tracking ${tracking}."),
    "refused": _("Your request ${code} was refused: ${reason}."),
    FORWARDED: _(
        "Your request ${code} was forwarded to the national registry, which keeps the act."
    ),
    READY: _(
        "The copy requested under ${code} is ready: it awaits you at the civil-status "
        "counter, or is posted to you if you asked for it."
    ),
}

REFUSAL_TEXT = {
    "entitlement": _("you may not obtain this copy of this act"),
    "act_not_found": _("the act was not found in the commune's registers"),
    "identity": _("the identity of the requester could not be checked"),
    "unpaid": _("the fee was not paid"),
    "registry": _("the national registry answered “${note}”"),
}


def new_code() -> str:
    """A tracking code: ``CS-`` and twelve unambiguous characters (about 59 bits)."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"CS-{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def normalise_code(text: str) -> str:
    """What a person types, as stored: capitals, dashes where they belong."""
    bare = "".join(c for c in text.upper() if c.isalnum())
    bare = bare.removeprefix("CS")
    return f"CS-{bare[:4]}-{bare[4:8]}-{bare[8:12]}"


def document_type(copy_type: str) -> DocumentType:
    """The document a copy type is issued as."""
    return BY_COPY_TYPE[copy_type]


def copy_types(country: Profile) -> list[str]:
    """The copy types the profile lists and this module can issue, in the profile's order."""
    return [c for c in country.copy_types if c in BY_COPY_TYPE]


def entitled(country: Profile, copy_type: str, relation: str) -> bool:
    """Whether someone of ``relation`` to the act's subject may obtain ``copy_type``."""
    return country.may_obtain(copy_type, RELATIONS.get(relation, "other"))


@dataclass(frozen=True)
class Lookup:
    """How the requester named the act: number and year, or names and date of birth."""

    act_number: int | None = None
    act_year: int | None = None
    subject_name: str | None = None
    birth_date: date | None = None


def find_act(session: Session, lookup: Lookup) -> Act | None:
    """The one signed birth act the lookup names in the session's commune, if exactly one.

    By number and year when both are given (several bureaus may share a number: then the
    names must tell); by names in any script and the date of birth otherwise.
    """
    found: list[Act] = []
    if lookup.act_number and lookup.act_year:
        stmt = (
            select(Act)
            .join(Register, Act.register_id == Register.id)
            .where(
                Act.kind == "birth",
                Act.state == "signed",
                Act.number == lookup.act_number,
                Register.year == lookup.act_year,
            )
        )
        found = list(session.execute(stmt).scalars())
    if len(found) != 1 and lookup.subject_name and lookup.birth_date:
        named = find(
            session,
            Search(
                name=lookup.subject_name,
                kind="birth",
                date_from=lookup.birth_date,
                date_to=lookup.birth_date,
            ),
        )
        named = [a for a in named if a.state == "signed"]
        found = [a for a in found if a in named] if found else named
    return found[0] if len(found) == 1 else None


def forwards(commune: Commune) -> bool:
    """Whether the commune is a front office: the national registry keeps its acts."""
    return profile(commune.country_profile).front_office_only


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split()) or None
    return value


def _check(country: Profile, channel: str, data: dict[str, Any], attorney: bytes | None) -> None:
    """Refuse, naming the field, what no request may be: nothing is written before."""
    if channel not in CHANNELS:
        raise ValidationFailed(_("Choose how the request came."), {"channel": channel})
    if data["copy_type"] not in copy_types(country):
        raise ValidationFailed(
            _("This copy is not issued here."), {"copy_type": _("Choose a copy.")}
        )
    if data["relation"] not in RELATIONS:
        raise ValidationFailed(_("Say who you are to the person on the act."))
    if not (data.get("act_number") and data.get("act_year")) and not (
        data.get("subject_name") and data.get("birth_date")
    ):
        which = _("Give the act's number and year, or the names and the date of birth.")
        raise ValidationFailed(which, {"act_number": which})
    if data.get("delivery", "download") == "post" and not data.get("postal_address"):
        raise ValidationFailed(
            _("Give the postal address the copy is sent to."),
            {"postal_address": _("Required")},
        )
    if data["relation"] == "authorised":
        check_attorney(attorney)


def check_attorney(content: bytes | None) -> bytes:
    """A power of attorney is a PDF of at most 2 MB; anything else is refused."""
    if not content:
        raise ValidationFailed(
            _("Attach the power of attorney (PDF)."), {"attorney": _("Required")}
        )
    if len(content) > ATTORNEY_MAX_BYTES:
        raise ValidationFailed(
            _("The power of attorney is larger than 2 MB."), {"attorney": _("Too large")}
        )
    if not content.startswith(PDF_MAGIC):
        raise ValidationFailed(
            _("The power of attorney must be a PDF file."), {"attorney": _("Not a PDF")}
        )
    return content


def submit(
    session: Session,
    registry: Registry,
    *,
    actor: str,
    commune: Commune,
    channel: str,
    data: dict[str, Any],
    attorney: bytes | None = None,
    account_email: str | None = None,
) -> CopyRequest:
    """Record a request, look its act up, and take the first decision; all audited.

    A requester the profile does not entitle is refused at once; a request whose act is
    found and whose requester needs no papers checked goes straight to payment (in a
    front-office commune, straight to the national registry); the others wait for an
    agent (act to find, guardianship or power of attorney to check).
    """
    country = profile(commune.country_profile)
    data = {k: _clean(v) for k, v in data.items()}
    _check(country, channel, data, attorney)
    lookup = Lookup(
        data.get("act_number"),
        data.get("act_year"),
        data.get("subject_name"),
        data.get("birth_date"),
    )
    act = find_act(session, lookup)
    request = CopyRequest(
        commune_id=commune.id,
        code=new_code(),
        copy_type=data["copy_type"],
        channel=channel,
        state=REQUEST_WORKFLOW.initial,
        requester_name=data["requester_name"],
        id_document_type=data["id_document_type"],
        id_document_number=data["id_document_number"],
        relation=data["relation"],
        email=data.get("email") or account_email,
        phone=data.get("phone"),
        account_email=account_email,
        language=data.get("language") or commune.default_locale,
        act_number=lookup.act_number,
        act_year=lookup.act_year,
        subject_name=lookup.subject_name,
        birth_date=lookup.birth_date,
        act=act,
        delivery=data.get("delivery") or "download",
        postal_address=data.get("postal_address"),
        country=data.get("country"),
        entered_by=actor,
    )
    if attorney is not None and data["relation"] == "authorised":
        request.attorney_sha256 = (
            file_store(registry).put(session, attorney, "application/pdf").sha256
        )
    audit.write(
        session,
        request,
        actor=actor,
        action="civil_status:request:submitted",
        object_type="civil_status_request",
        changes={
            "copy_type": [None, request.copy_type],
            "channel": [None, channel],
            "relation": [None, request.relation],
            "act": [None, str(act.public_id) if act is not None else None],
        },
    )
    notify(session, commune, request)
    if not entitled(country, request.copy_type, request.relation):
        move(
            session,
            registry,
            request,
            "refuse",
            actor=SYSTEM_ACTOR,
            permissions=SYSTEM,
            data={"reason": "entitlement"},
        )
    elif forwards(commune) and request.relation not in CHECKED_BY_AGENT:
        move(session, registry, request, FORWARD, actor=SYSTEM_ACTOR, permissions=SYSTEM)
    elif act is not None and request.relation not in CHECKED_BY_AGENT:
        move(session, registry, request, "accept", actor=SYSTEM_ACTOR, permissions=SYSTEM)
    return request


def move(
    session: Session,
    registry: Registry,
    request: CopyRequest,
    action: str,
    *,
    actor: str,
    permissions: frozenset[str],
    data: dict[str, Any] | None = None,
) -> CopyRequest:
    """Move the request along ``action``; issuing seals its copy; the requester is told."""
    data = dict(data or {})
    if action == "refuse" and data.get("reason") not in REFUSALS:
        raise ValidationFailed(_("Say why the request is refused."), {"reason": _("Required")})
    if action == FORWARD:
        _check_front_office(session, request)
    if action == "issue":
        REQUEST_WORKFLOW.check(request, action, permissions, data)
        _issue_document(session, registry, request, actor=actor)
    REQUEST_WORKFLOW.run(session, request, action, actor=actor, permissions=permissions, data=data)
    commune = session.get(Commune, request.commune_id)
    assert commune is not None
    notify(session, commune, request)
    return request


def _check_front_office(session: Session, request: CopyRequest) -> None:
    """Only a front-office commune forwards: elsewhere the bureau issues the copy itself."""
    commune = session.get(Commune, request.commune_id)
    assert commune is not None
    if not forwards(commune):
        raise Conflict(_("This commune keeps its acts: it issues the copy itself."))


def link_act(session: Session, *, actor: str, request: CopyRequest, act: Act) -> CopyRequest:
    """The agent found the act the requester meant; only while the request waits."""
    if request.state != SUBMITTED:
        raise Conflict(_("The act of this request can no longer change."))
    if act.kind != "birth" or act.state != "signed":
        raise Conflict(_("Only a signed birth act has copies."))
    with audit.tracked(
        session,
        request,
        actor=actor,
        action="civil_status:request:act_linked",
        object_type="civil_status_request",
        values=lambda r: {"act": str(r.act.public_id) if r.act is not None else None},
    ):
        request.act = act
        request.act_id = act.id
    return request


def _issue_document(
    session: Session, registry: Registry, request: CopyRequest, *, actor: str
) -> None:
    """Seal the copy from the act as it reads now (corrections included)."""
    commune = session.get(Commune, request.commune_id)
    assert commune is not None
    assert request.act is not None
    doc_type = document_type(request.copy_type)
    data = {k: v for k, v in extract_data(request.act, commune).items() if v is not None}
    document = issuance.issue_document(
        session,
        registry,
        actor=actor,
        commune=commune,
        type_code=doc_type.code,
        data=data,
        lang=request.language if request.language in issuance.LANGUAGES else "fr",
        permissions=frozenset({doc_type.permission}),
    )
    request.document_number = document.number
    request.document_id = str(document.public_id)


def settle(session: Session, registry: Registry, *, code: str, receipt: str) -> CopyRequest | None:
    """The fee is paid (the payments module verified it): mark paid, and issue at once.

    A commune without a document signer still takes the money: the request stays paid
    and the ``issue`` job seals its copy once a signer exists.
    """
    request = session.execute(
        select(CopyRequest).where(CopyRequest.code == code).with_for_update()
    ).scalar_one_or_none()
    if request is None or request.state != AWAITING_PAYMENT:
        return None
    move(
        session,
        registry,
        request,
        "settle",
        actor=SYSTEM_ACTOR,
        permissions=SYSTEM,
        data={"receipt": receipt},
    )
    issue_if_possible(session, registry, request)
    return request


def issue_if_possible(session: Session, registry: Registry, request: CopyRequest) -> bool:
    """Issue a paid request's copy; ``False`` (nothing written) when no signer can seal it."""
    try:
        with session.begin_nested():
            move(session, registry, request, "issue", actor=SYSTEM_ACTOR, permissions=SYSTEM)
            session.flush()
    except NoSigner:
        return False
    return True


def issue_waiting(session: Session, registry: Registry) -> int:
    """Issue the copies of paid requests that waited for a signer; how many were issued."""
    waiting = select(CopyRequest).where(CopyRequest.state == PAID).order_by(CopyRequest.id)
    return sum(
        issue_if_possible(session, registry, request)
        for request in list(session.execute(waiting).scalars())
    )


def payable(session: Session, code: str) -> CopyRequest | None:
    """The request awaiting payment under ``code`` in the session's commune, if any."""
    return session.execute(
        select(CopyRequest).where(CopyRequest.code == code, CopyRequest.state == AWAITING_PAYMENT)
    ).scalar_one_or_none()


def notify(session: Session, commune: Commune, request: CopyRequest) -> None:
    """Tell the requester the request's new state, by e-mail and SMS where they gave one."""
    text = STATUS_TEXT.get(request.state)
    if text is None:
        return
    localizer = localizer_for(request.language)
    reason = REFUSAL_TEXT.get(request.refusal_reason or "", "")
    because = _(str(reason), mapping={"note": request.refusal_note or ""})
    mapping = {
        "code": request.code,
        "tracking": request.tracking_reference or "",
        "reason": localizer.translate(because) if reason else "",
    }
    body = localizer.translate(_(str(text), mapping=mapping))
    subject = localizer.translate(_("Civil-status request ${code}", mapping={"code": request.code}))
    for channel, to in (("email", request.email), ("sms", request.phone)):
        if to:
            outbox.enqueue(
                session,
                destination=DESTINATION,
                payload={"channel": channel, "to": to, "subject": subject, "body": body},
                idempotency_key=f"civil_status:request:{request.public_id}:{request.state}:{channel}",
                commune_id=commune.id,
            )


def by_code(session: Session, code: str) -> CopyRequest:
    """The request of the session's commune under ``code``; the same 404 for any other."""
    found = session.execute(
        select(CopyRequest).where(CopyRequest.code == normalise_code(code))
    ).scalar_one_or_none()
    if found is None:
        raise NotFound(_("No request has this code here."))
    return found


def get(session: Session, public_id: str | uuid.UUID) -> CopyRequest:
    return by_public_id(session, CopyRequest, public_id, _("This request does not exist here."))


def document_pdf(session: Session, registry: Registry, request: CopyRequest) -> bytes:
    """The issued copy's PDF, as sealed; 404 before it is issued."""
    if request.document_id is None:
        raise NotFound(_("The copy of this request is not issued yet."))
    return issuance.pdf_of(session, registry, issuance.get(session, request.document_id))


def copy_pdf(session: Session, registry: Registry, request: CopyRequest) -> bytes:
    """The issued copy to download, as often as wanted: reading it changes nothing."""
    if request.delivery != "download":
        raise NotFound(_("This copy is posted, not downloaded."))
    return document_pdf(session, registry, request)


def collect(session: Session, registry: Registry, request: CopyRequest, *, actor: str) -> None:
    """The requester takes the issued copy (the download button's POST): the request is
    delivered, once; taking it again changes nothing.

    Never done by reading the PDF: a link previewer, a mail scanner or a browser's
    prefetch fetches addresses by GET, and would deliver a copy nobody took.
    """
    if request.delivery != "download":
        raise NotFound(_("This copy is posted, not downloaded."))
    if request.document_id is None:
        raise NotFound(_("The copy of this request is not issued yet."))
    if request.state == ISSUED:
        move(session, registry, request, "collect", actor=actor, permissions=COLLECTOR)


@dataclass(frozen=True)
class Filters:
    """The staff queue's filters; every one optional."""

    text: str = ""
    state: str | None = None
    channel: str | None = None
    copy_type: str | None = None


def query(filters: Filters) -> Select[tuple[CopyRequest]]:
    """The commune's requests, oldest waiting first within a state, narrowed by ``filters``."""
    stmt = select(CopyRequest)
    if filters.state:
        stmt = stmt.where(CopyRequest.state == filters.state)
    if filters.channel:
        stmt = stmt.where(CopyRequest.channel == filters.channel)
    if filters.copy_type:
        stmt = stmt.where(CopyRequest.copy_type == filters.copy_type)
    if filters.text:
        pattern = f"%{filters.text.strip()}%"
        stmt = stmt.where(
            or_(
                CopyRequest.code.ilike(pattern),
                CopyRequest.requester_name.ilike(pattern),
                CopyRequest.subject_name.ilike(pattern),
                CopyRequest.id_document_number.ilike(pattern),
            )
        )
    return stmt.order_by(CopyRequest.created_at.desc(), CopyRequest.id.desc())


def mine(account_email: str) -> Select[tuple[CopyRequest]]:
    """A resident's own online requests, newest first."""
    return (
        select(CopyRequest)
        .where(CopyRequest.account_email == account_email)
        .order_by(CopyRequest.created_at.desc(), CopyRequest.id.desc())
    )
